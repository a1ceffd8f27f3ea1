// Package state is fakelambda's state machine: regions (account and region)
// holding functions, versions, aliases, provisioned and reserved
// concurrency, tags and the invocation load. It knows nothing of HTTP or
// JSON: operations in package fakelambda decode a request, call one method
// here and encode its answer. Methods take the request's time as now where
// time matters, return value copies (never internal pointers, maps or
// slices) and report failures as *Error with Lambda's messages. Every cascade
// (deleting a function, version or alias and what hangs off it) lives here.
//
// Nothing here locks: the caller (the Fake) serialises every call.
package state

import (
	"strings"
	"time"
)

// Store is everything Reset forgets: one Region per account and region,
// created on first use.
type Store struct {
	// NewID returns a fresh RevisionId. The Fake passes its deterministic
	// generator, so answers stay the same for the same seed.
	NewID func() string
	// Limit is the ConcurrentExecutions of each account in each region.
	Limit int
	// MinUnreserved is the minimum UnreservedConcurrentExecutions reserved
	// and provisioned concurrency must leave free.
	MinUnreserved int
	// Allocation is the allocation plan used where SetAllocation set none.
	Allocation Allocation
	// Transition is the plan of creations and updates where SetTransition
	// set none; NoTransitions, unless SetTransition set one, settles them
	// at once instead (lifecycle.go).
	Transition    Transition
	NoTransitions bool
	// ESMHold, when > 0, holds each event source mapping transition for this
	// long on the clock instead of completing it once a read observed it (esm.go).
	ESMHold time.Duration
	// KnownSources makes CreateEventSourceMapping refuse sources not
	// declared (DeclareEventSource) and SQS queues not made (sqs.go).
	KnownSources bool

	durable *durables // durable executions of every region (durable.go); nil until the first

	first   *Region               // the first region used: most fakes use one
	regions map[regionKey]*Region // the others
}

type regionKey struct{ account, region string }

// Region returns the state of account in region, creating it empty on first
// use.
func (s *Store) Region(account, region string) *Region {
	if r := s.first; r != nil && r.account == account && r.region == region {
		return r
	}
	k := regionKey{account, region}
	if r := s.regions[k]; r != nil {
		return r
	}
	r := &Region{
		store:     s,
		account:   account,
		region:    region,
		arnPrefix: "arn:" + Partition(region) + ":lambda:" + region + ":" + account + ":function:",
		functions: map[string]*function{},
	}
	if s.first == nil {
		s.first = r
		return r
	}
	if s.regions == nil {
		s.regions = map[regionKey]*Region{}
	}
	s.regions[k] = r
	return r
}

// Region is one account's Lambda in one region.
//
// Methods that act on a function take its name and the qualifier the
// request named it with (in the name or a Qualifier parameter); those that
// act on the function itself refuse a qualifier with Lambda's error.
type Region struct {
	store           *Store
	account, region string
	arnPrefix       string // "arn:aws:lambda:<region>:<account>:function:"

	functions   map[string]*function
	allocations map[allocKey]Allocation // SetAllocation overrides; nil until the first
	transitions map[string]Transition   // SetTransition overrides, by function; nil until the first

	// Resource-based policies (permissions.go): function -> scope ("", a version, an alias).
	policies map[string]map[string]*policy
	// Async invocation configs (eventinvoke.go): function -> scope ("$LATEST", a version, an alias).
	eics map[string]map[string]*EventInvokeConfig

	// Function URL configs (urls.go): function -> scope ("" or an alias).
	urls map[string]map[string]*urlConfig

	// Invocation load and metrics (invoke.go); nil until the first invocation.
	metrics map[qualKey]*metricEntry
	load    map[string]*fnLoad // by function name
	// accountOnDemand counts on-demand invocations in flight of functions
	// without reserved concurrency: they share the unreserved pool.
	accountOnDemand int

	// Layers and code-signing configs (layers.go, codesigning.go); nil until the first.
	layers     map[string]*layer
	cscs       map[string]*csc      // by ARN
	cscFns     map[string]cscUse    // function name -> its code-signing config
	esms       map[string]*esm      // event source mappings by UUID (esm.go); nil until the first
	sqs        map[string]*sqsQueue // SQS queues by ARN, as event sources (sqs.go); nil until the first
	declared   map[string]bool      // DeclareEventSource's ARNs (esm.go)
	deliveries []SQSDelivery        // batches delivered (sqs.go)
	streams    *streamState         // Kinesis and DynamoDB streams as event sources (esm_streams.go); nil until the first
	cap        *capState            // capacity providers (capacityproviders.go; added by the cap branch)
}

// Account is the region's account ID.
func (r *Region) Account() string { return r.account }

// Name is the region's name, e.g. "us-east-1".
func (r *Region) Name() string { return r.region }

// FunctionARN is the unqualified ARN of function name in this region.
func (r *Region) FunctionARN(name string) string { return r.arnPrefix + name }

// QualifiedARN is FunctionARN with ":qualifier" appended when qualifier is
// set.
func (r *Region) QualifiedARN(name, qualifier string) string {
	if qualifier == "" {
		return r.arnPrefix + name
	}
	return r.arnPrefix + name + ":" + qualifier
}

// Partition is the ARN partition of a region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}

// newID is a fresh RevisionId.
func (r *Region) newID() string { return r.store.NewID() }

package fakelambda

import (
	"sort"
	"strconv"
	"time"
)

// state is everything Reset forgets. It is guarded by Fake.mu.
type state struct {
	functions   map[string]*function
	allocations map[allocKey]Allocation // SetAllocation overrides
	inv         *invocations            // handlers, in-flight load, metrics, async queue (invoke.go)
}

func newState() *state {
	return &state{
		functions:   map[string]*function{},
		allocations: map[allocKey]Allocation{},
		inv:         newInvocations(),
	}
}

// allocKey names a function ("" qualifier: every qualifier) or one qualifier.
type allocKey struct{ function, qualifier string }

// function is a Lambda function: $LATEST, its published versions, aliases,
// provisioned-concurrency configs and reserved concurrency.
type function struct {
	name        string
	latest      *fnVersion
	versions    map[string]*fnVersion // by version number
	nextVersion int
	aliases     map[string]*alias
	pcs         map[string]*pcConfig // by the qualifier the config was put on
	reserved    *int
	tags        map[string]string
	publishedFP string   // $LATEST's fingerprint when the last version was published
	pcKeys      []string // sorted qualifiers of pcs for List; may hold deleted ones; nil after setPC adds one (provisioned.go)
}

// fnVersion is $LATEST or one published version.
type fnVersion struct {
	cfg  functionConfiguration
	code codeLocation
}

// alias is a named pointer to a version, with optional weighted routing.
type alias struct {
	Name            string
	FunctionVersion string
	Description     string
	Weights         map[string]float64
	RevisionId      string
}

// version returns $LATEST or the published version q, or nil.
func (fn *function) version(q string) *fnVersion {
	if q == "$LATEST" || q == "" {
		return fn.latest
	}
	return fn.versions[q]
}

// sortedVersions lists published version numbers in ascending order.
func (fn *function) sortedVersions() []string {
	vs := make([]string, 0, len(fn.versions))
	for v := range fn.versions {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return versionLess(vs[i], vs[j]) })
	return vs
}

func versionLess(a, b string) bool {
	ai, _ := strconv.Atoi(a)
	bi, _ := strconv.Atoi(b)
	return ai < bi
}

// totalPC is the provisioned concurrency requested on every qualifier of fn,
// leaving out the qualifier except (when non-empty).
func (fn *function) totalPC(except string) int {
	n := 0
	for q, pc := range fn.pcs {
		if q != except {
			n += pc.requested
		}
	}
	return n
}

// claimed is what fn takes from the account's concurrency: its reserved
// concurrency when set (provisioned concurrency is carved out of it), else its
// provisioned concurrency.
func (fn *function) claimed() int {
	if fn.reserved != nil {
		return *fn.reserved
	}
	return fn.totalPC("")
}

// unreserved is the account's UnreservedConcurrentExecutions, leaving out
// the claim of the function named except.
func (f *Fake) unreserved(except string) int {
	n := f.cfg.limit
	for name, fn := range f.state.functions {
		if name != except {
			n -= fn.claimed()
		}
	}
	return n
}

// Allocation says how a provisioned-concurrency allocation ends: READY, or
// FAILED with a reason, after a delay on the fake's clock. Build one with
// ReadyAfter or FailAfter.
type Allocation struct {
	delay      time.Duration
	failReason string
}

// ReadyAfter is an allocation that is IN_PROGRESS for d, then READY with
// Allocated and Available equal to Requested. ReadyAfter(0) is READY at the
// first read after the Put (the Put itself always answers IN_PROGRESS).
func ReadyAfter(d time.Duration) Allocation {
	return Allocation{delay: d}
}

// FailAfter is an allocation that is IN_PROGRESS for d, then FAILED with
// StatusReason reason (Lambda uses "FUNCTION_ERROR_INIT_FAILURE") and
// Allocated and Available 0.
func FailAfter(d time.Duration, reason string) Allocation {
	return Allocation{delay: d, failReason: reason}
}

// Delay is how long the allocation stays IN_PROGRESS.
func (a Allocation) Delay() time.Duration { return a.delay }

// FailReason is the StatusReason of a failing allocation, "" for one that
// ends READY.
func (a Allocation) FailReason() string { return a.failReason }

// pcConfig is a provisioned-concurrency config on a version or alias. Its
// status is derived from timestamps at each read.
type pcConfig struct {
	requested int
	putAt     time.Time // LastModified: changes only on Put
	startAt   time.Time // when the current allocation began (Put or alias move)
	alloc     Allocation
	carried   int // Allocated and Available while IN_PROGRESS (re-provisioning)
}

// pcStatus is a config's status at one instant.
type pcStatus struct {
	Status               string
	Allocated, Available int
	Reason               string
}

// statusAt derives the config's status at now.
func (pc *pcConfig) statusAt(now time.Time) pcStatus {
	if now.Before(pc.startAt.Add(pc.alloc.delay)) {
		return pcStatus{Status: "IN_PROGRESS", Allocated: pc.carried, Available: pc.carried}
	}
	if pc.alloc.failReason != "" {
		return pcStatus{Status: "FAILED", Reason: pc.alloc.failReason}
	}
	return pcStatus{Status: "READY", Allocated: pc.requested, Available: pc.requested}
}

// allocationFor is the allocation plan for a new allocation on fn:qualifier:
// the most specific SetAllocation, else the fake's default.
func (f *Fake) allocationFor(fn, qualifier string) Allocation {
	if a, ok := f.state.allocations[allocKey{fn, qualifier}]; ok {
		return a
	}
	if a, ok := f.state.allocations[allocKey{fn, ""}]; ok {
		return a
	}
	return f.cfg.allocation
}

// SetAllocation sets how provisioned-concurrency allocations on function
// (name or ARN) and qualifier end, overriding WithAllocation. An empty
// qualifier covers every qualifier of the function. The plan applies to
// allocations that start afterwards: a Put, or an alias moving to another
// version; a config already allocating keeps the plan it started with.
func (f *Fake) SetAllocation(function, qualifier string, a Allocation) {
	name, qualifier := splitTarget(function, qualifier)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state.allocations[allocKey{name, qualifier}] = a
}

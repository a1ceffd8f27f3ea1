package state

import (
	"sort"
	"strconv"
	"strings"
)

// Resource-based policies: one policy per function scope (the function
// itself, each published version, each alias), built statement by statement
// with AddPermission and RemovePermission, read whole with GetPolicy, and
// replaced, read and deleted whole with Put/Get/DeleteResourcePolicy. The
// policy has its own RevisionId, new on every change (not the function's or
// the alias's). Statements are Go values here; package fakelambda writes
// them as Lambda's JSON.
//
// Cascades: DeleteFunction drops every policy of the function, deleting a
// version or an alias drops that scope's (dropPolicies, called where those
// deletions happen). Reset forgets them with the Store.

// Principal kinds of a statement built by AddPermission.
const (
	PrincipalAny     = "*"       // "Principal":"*"
	PrincipalService = "Service" // "Principal":{"Service":...}
	PrincipalAWS     = "AWS"     // "Principal":{"AWS":...}
)

// Condition is one entry of a statement's Condition: Operator
// ("StringEquals", "ArnLike", "Bool") -> Key -> Value. Conditions of the
// same operator are grouped in the order they are listed.
type Condition struct{ Operator, Key, Value string }

// Statement is one statement of a policy. A statement AddPermission built
// has Principal, Action, Resource and Conditions; one of a document put
// whole (PutResourcePolicy) has Raw, its JSON text as given (compacted),
// and only its Sid besides.
type Statement struct {
	Sid            string
	PrincipalKind  string // PrincipalAny, PrincipalService or PrincipalAWS
	PrincipalValue string // the service or the AWS ARN; "" for PrincipalAny
	Action         string
	Resource       string
	Conditions     []Condition
	Raw            string
}

// Policy is a scope's resource-based policy, as a copy.
type Policy struct {
	Version    string // "2012-10-17"
	ID         string // "default" for a policy AddPermission started; "" leaves "Id" out
	Statements []Statement
	RevisionId string
}

// PolicyVersion and PolicyID are the Version and Id of a policy
// AddPermission starts.
const (
	PolicyVersion = "2012-10-17"
	PolicyID      = "default"
)

// PolicyLimit is the largest policy Lambda keeps: AddPermission past it
// answers 400 PolicyLengthExceededException "The final policy size (N) is
// bigger than the limit (20480)." (reported verbatim by AWS users, e.g.
// github.com/adobe/helix-deploy/issues/24, serverless/serverless#5357).
// The fake measures the policy's compact JSON text; how AWS counts N is not
// known exactly.
const PolicyLimit = 20480

type policy struct {
	version, id string
	statements  []Statement
	revision    string
}

func (p *policy) copy() Policy {
	out := Policy{Version: p.version, ID: p.id, RevisionId: p.revision, Statements: make([]Statement, len(p.statements))}
	for i, s := range p.statements {
		s.Conditions = append([]Condition(nil), s.Conditions...)
		out.Statements[i] = s
	}
	return out
}

// Permission is AddPermission's input, less the function and qualifier.
type Permission struct {
	Sid, Action, Principal                                                          string
	SourceArn, SourceAccount, PrincipalOrgID, EventSourceToken, FunctionUrlAuthType string
	InvokedViaFunctionUrl                                                           bool
	RevisionId                                                                      *string
}

// errPolicyPrecondition is the 412 of the policy operations (recorded for
// AddPermission; the model's documentation gives RemovePermission the same
// text).
func errPolicyPrecondition() *Error {
	return &Error{Code: "PreconditionFailedException", Status: 412,
		Message: "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"}
}

// errNoPolicy is GetPolicy's 404 for anything missing: function, version,
// alias or policy.
func errNoPolicy() *Error { return errNotFound("The resource you requested does not exist.") }

// policyScope finds the scope a policy operation names. It reports the
// function, the scope's own RevisionId (for a RevisionId given before the
// scope has a policy) and the scope's ARN; e is Lambda's AddPermission
// error when something is missing: "Function not found" for the function
// or a version (a qualifier with a '$' or only digits), "Cannot find alias
// arn: " for an alias. $LATEST is refused before (by the caller's message).
func (r *Region) policyScope(name, q string) (fn *function, revision string, e *Error) {
	fn = r.functions[name]
	if fn == nil {
		return nil, "", errFunctionNotFound(r.QualifiedARN(name, q))
	}
	switch {
	case q == "":
		return fn, fn.latest.cfg.RevisionId, nil
	case isVersionNumber(q):
		if v := fn.versions[q]; v != nil {
			return fn, v.cfg.RevisionId, nil
		}
	case strings.Contains(q, "$"):
	default:
		if a := fn.aliases[q]; a != nil {
			return fn, a.revision, nil
		}
		return nil, "", errNotFound("Cannot find alias arn: " + r.QualifiedARN(name, q))
	}
	return nil, "", errFunctionNotFound(r.QualifiedARN(name, q))
}

// policyOf is the policy of function name's scope q, or nil.
func (r *Region) policyOf(name, q string) *policy {
	return r.policies[name][q]
}

// setPolicy stores p as scope q's policy; nil or empty removes it.
func (r *Region) setPolicy(name, q string, p *policy) {
	if p == nil || len(p.statements) == 0 {
		if m := r.policies[name]; m != nil {
			delete(m, q)
			if len(m) == 0 {
				delete(r.policies, name)
			}
		}
		return
	}
	if r.policies == nil {
		r.policies = map[string]map[string]*policy{}
	}
	m := r.policies[name]
	if m == nil {
		m = map[string]*policy{}
		r.policies[name] = m
	}
	m[q] = p
}

// dropPolicies is the cascade of a deletion: every policy of function name
// (scope "" and all), or only scope q's.
func (r *Region) dropPolicies(name, q string, all bool) {
	if all {
		delete(r.policies, name)
		return
	}
	r.setPolicy(name, q, nil)
}

// ClassifyPrincipal says how AddPermission writes principal p: "*", a
// service ("*.amazonaws.com", recorded; "*.amazon.com", assumed for
// Alexa's "alexa-appkit.amazon.com"), an account ID (as its root ARN) or an
// IAM ARN; ok is false for anything else ("invalid.nonaws.com", recorded).
func (r *Region) ClassifyPrincipal(p string) (kind, value string, ok bool) {
	switch {
	case p == "*":
		return PrincipalAny, "", true
	case isAccountID(p):
		return PrincipalAWS, "arn:" + Partition(r.region) + ":iam::" + p + ":root", true
	case strings.HasPrefix(p, "arn:") && strings.Contains(p, ":iam::"):
		return PrincipalAWS, p, true
	case strings.HasSuffix(p, ".amazonaws.com") && len(p) > len(".amazonaws.com"),
		strings.HasSuffix(p, ".amazon.com") && len(p) > len(".amazon.com"):
		return PrincipalService, p, true
	}
	return "", "", false
}

func isAccountID(s string) bool { return len(s) == 12 && isVersionNumber(s) }

// AddPermission adds a statement to the policy of function name's scope q
// (unqualified, a version or an alias) and answers it. sized, when set,
// measures the policy with the statement added, as its JSON text: over
// PolicyLimit, nothing changes.
func (r *Region) AddPermission(name, q string, in Permission, sized func(Policy) int) (Statement, *Error) {
	if q == "$LATEST" {
		return Statement{}, errInvalidParam("We currently do not support adding policies for $LATEST.")
	}
	fn, scopeRevision, e := r.policyScope(name, q)
	if e != nil {
		return Statement{}, e
	}
	p := r.policyOf(fn.name, q)
	if in.RevisionId != nil && *in.RevisionId != "" {
		current := scopeRevision
		if p != nil {
			current = p.revision
		}
		if *in.RevisionId != current {
			return Statement{}, errPolicyPrecondition()
		}
	}
	if p != nil {
		for _, s := range p.statements {
			if s.Sid == in.Sid {
				return Statement{}, errConflict("The statement id (" + in.Sid + ") provided already exists. Please provide a new statement id, or remove the existing statement.")
			}
		}
	}
	kind, value, ok := r.ClassifyPrincipal(in.Principal)
	if !ok {
		return Statement{}, errInvalidParam("The provided principal was invalid. Please check the principal and try again.")
	}
	st := Statement{Sid: in.Sid, PrincipalKind: kind, PrincipalValue: value, Action: in.Action, Resource: r.QualifiedARN(fn.name, q)}
	// AWS's order: StringEquals (SourceAccount, FunctionUrlAuthType,
	// PrincipalOrgID, as recorded together; EventSourceToken, recorded
	// alone, is put after SourceAccount), then ArnLike, then Bool.
	add := func(op, key, v string) {
		if v != "" {
			st.Conditions = append(st.Conditions, Condition{op, key, v})
		}
	}
	add("StringEquals", "AWS:SourceAccount", in.SourceAccount)
	add("StringEquals", "lambda:EventSourceToken", in.EventSourceToken)
	add("StringEquals", "lambda:FunctionUrlAuthType", in.FunctionUrlAuthType)
	add("StringEquals", "aws:PrincipalOrgID", in.PrincipalOrgID)
	add("ArnLike", "AWS:SourceArn", in.SourceArn)
	if in.InvokedViaFunctionUrl {
		add("Bool", "lambda:InvokedViaFunctionUrl", "true")
	}

	next := &policy{version: PolicyVersion, id: PolicyID}
	if p != nil {
		next.version, next.id = p.version, p.id
		next.statements = append(next.statements, p.statements...)
	}
	next.statements = append(next.statements, st)
	if sized != nil {
		if n := sized(next.copy()); n > PolicyLimit {
			return Statement{}, errPolicyLength(n)
		}
	}
	next.revision = r.newID()
	r.setPolicy(fn.name, q, next)
	st.Conditions = append([]Condition(nil), st.Conditions...)
	return st, nil
}

// errPolicyLength is the 400 for a policy over PolicyLimit.
func errPolicyLength(n int) *Error {
	return &Error{Code: "PolicyLengthExceededException", Status: 400,
		Message: "The final policy size (" + itoa(n) + ") is bigger than the limit (" + itoa(PolicyLimit) + ")."}
}

func itoa(n int) string { return strconv.Itoa(n) }

// RemovePermission removes statement sid from the policy of function
// name's scope q; the last statement's removal removes the policy.
func (r *Region) RemovePermission(name, q, sid string, revisionID *string) *Error {
	if r.functions[name] == nil {
		return errNotFound("No policy found for: " + r.QualifiedARN(name, q))
	}
	if q == "$LATEST" {
		return errNotFound("No policy is associated with the given resource.")
	}
	fn, _, e := r.policyScope(name, q)
	if e != nil {
		return e
	}
	p := r.policyOf(fn.name, q)
	if p == nil {
		return errNotFound("No policy is associated with the given resource.")
	}
	at := -1
	for i, s := range p.statements {
		if s.Sid == sid {
			at = i
			break
		}
	}
	if at < 0 {
		return errNotFound("Statement " + sid + " is not found in resource policy.")
	}
	if revisionID != nil && *revisionID != "" && *revisionID != p.revision {
		return errPolicyPrecondition()
	}
	next := &policy{version: p.version, id: p.id, revision: r.newID()}
	next.statements = append(append(next.statements, p.statements[:at]...), p.statements[at+1:]...)
	r.setPolicy(fn.name, q, next)
	return nil
}

// GetPolicy is the policy of function name's scope q. Whatever is missing
// (function, version, alias, policy) is the same 404.
func (r *Region) GetPolicy(name, q string) (Policy, *Error) {
	if q == "$LATEST" {
		return Policy{}, errNoPolicy()
	}
	fn, _, e := r.policyScope(name, q)
	if e != nil {
		return Policy{}, errNoPolicy()
	}
	p := r.policyOf(fn.name, q)
	if p == nil {
		return Policy{}, errNoPolicy()
	}
	return p.copy(), nil
}

// PutPolicy replaces the policy of function name's scope q with a
// document put whole (PutResourcePolicy): its Version, Id and statements.
// revisionID, when set, must be the policy's RevisionId (the scope's own
// before it has a policy). The caller refuses a document without
// statements.
func (r *Region) PutPolicy(name, q string, doc Policy, revisionID *string) (Policy, *Error) {
	if q == "$LATEST" {
		return Policy{}, errInvalidParam("We currently do not support adding policies for $LATEST.")
	}
	fn, scopeRevision, e := r.policyScope(name, q)
	if e != nil {
		return Policy{}, e
	}
	p := r.policyOf(fn.name, q)
	if revisionID != nil && *revisionID != "" {
		current := scopeRevision
		if p != nil {
			current = p.revision
		}
		if *revisionID != current {
			return Policy{}, errPolicyPrecondition()
		}
	}
	next := &policy{version: doc.Version, id: doc.ID, revision: r.newID()}
	next.statements = append(next.statements, doc.Statements...)
	r.setPolicy(fn.name, q, next)
	return next.copy(), nil
}

// DeletePolicy deletes the policy of function name's scope q
// (DeleteResourcePolicy).
func (r *Region) DeletePolicy(name, q string, revisionID *string) *Error {
	if q == "$LATEST" {
		return errNoPolicy()
	}
	fn, _, e := r.policyScope(name, q)
	if e != nil {
		return e
	}
	p := r.policyOf(fn.name, q)
	if p == nil {
		return errNoPolicy()
	}
	if revisionID != nil && *revisionID != "" && *revisionID != p.revision {
		return errPolicyPrecondition()
	}
	r.setPolicy(fn.name, q, nil)
	return nil
}

// PolicyScopes lists, for invariant checks and tests, the scopes of
// function name that have a policy ("" for the function itself), sorted.
func (r *Region) PolicyScopes(name string) []string {
	var out []string
	for q := range r.policies[name] {
		out = append(out, q)
	}
	sort.Strings(out)
	return out
}

// checkPolicies reports a policy whose scope no longer exists (a missed
// cascade).
func (r *Region) checkPolicies() string {
	for name, m := range r.policies {
		fn := r.functions[name]
		if fn == nil {
			return "policy of deleted function " + name
		}
		for q, p := range m {
			if len(p.statements) == 0 {
				return "empty policy kept on " + name + ":" + q
			}
			switch {
			case q == "":
			case isVersionNumber(q):
				if fn.versions[q] == nil {
					return "policy of deleted version " + name + ":" + q
				}
			default:
				if fn.aliases[q] == nil {
					return "policy of deleted alias " + name + ":" + q
				}
			}
		}
	}
	return ""
}

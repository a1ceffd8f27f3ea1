package fakelambda

import (
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// The state machine lives in internal/state; this file connects the Fake to
// it: one Store per Fake (replaced by Reset), the region of a request, and
// the conversion of state errors to APIErrors.

// newStore returns an empty store with the fake's limits and ID generator.
// RevisionIds come from f.newRevision, under f.mu.
func (f *Fake) newStore() *state.Store {
	return &state.Store{
		NewID:         f.newRevision,
		Limit:         f.cfg.limit,
		MinUnreserved: f.cfg.minUnreserved(),
		Allocation:    f.cfg.allocation.a,
		Transition:    f.cfg.transition.t,
		NoTransitions: f.cfg.noTransitions,
		ESMHold:       f.cfg.esmDelay, // event source mappings (esm.go; added by the esm branch)
		KnownSources:  f.cfg.knownSourcesOnly,
	}
}

// regionOf is the state of the request's account and region. Callers hold
// f.mu.
func (f *Fake) regionOf(rq *request) *state.Region {
	return f.store.Region(rq.account, rq.region)
}

// apiError converts a state error to the error answered on the wire.
func apiError(e *state.Error) *APIError {
	if e == nil {
		return nil
	}
	out := &APIError{Code: e.Code, StatusCode: e.Status, Message: e.Message, Type: "User", Reason: e.Reason}
	if e.NoType {
		out.Type = ""
	}
	return out
}

// failState answers a state error.
func failState(e *state.Error) *response { return fail(apiError(e)) }

// scope is the account, region and function name a Go-side argument (a name
// or an ARN, maybe qualified) designates, with its qualifier: a bare name
// means the fake's default account and region.
func (f *Fake) scope(function, qualifier string) (account, region, name, qual string) {
	return scopeOf(function, qualifier, f.cfg.accountID, f.cfg.region)
}

// scopeOf is scope with the default account and region given.
func scopeOf(function, qualifier, defAccount, defRegion string) (account, region, name, qual string) {
	account, region = defAccount, defRegion
	name, qual = function, qualifier
	if ref, ok := parseFunctionName(function); ok {
		name = ref.Name
		if qual == "" {
			qual = ref.Qualifier
		}
		if ref.Region != "" {
			region = ref.Region
		}
		if ref.Account != "" {
			account = ref.Account
		}
	}
	return account, region, name, qual
}

// Allocation says how a provisioned-concurrency allocation ends: READY, or
// FAILED with a reason, after a delay on the fake's clock. Build one with
// ReadyAfter or FailAfter.
type Allocation struct {
	a state.Allocation
}

// ReadyAfter is an allocation that is IN_PROGRESS for d, then READY with
// Allocated and Available equal to Requested. ReadyAfter(0) is READY at the
// first read after the Put (the Put itself always answers IN_PROGRESS).
func ReadyAfter(d time.Duration) Allocation {
	return Allocation{state.Allocation{Delay: d}}
}

// FailAfter is an allocation that is IN_PROGRESS for d, then FAILED with
// StatusReason reason (Lambda uses "FUNCTION_ERROR_INIT_FAILURE") and
// Allocated and Available 0.
func FailAfter(d time.Duration, reason string) Allocation {
	return Allocation{state.Allocation{Delay: d, FailReason: reason}}
}

// SetAllocation sets how provisioned-concurrency allocations on function
// and qualifier end, overriding WithAllocation. function is a name (in the
// fake's default region and account) or an ARN (in its region and account).
// An empty qualifier covers every qualifier of the function; a version
// also covers the aliases that point at it (an alias's own plan wins), as an
// initialisation failure belongs to the version's code. The plan
// applies to allocations that start afterwards: a Put, or an alias moving to
// another version; a config already allocating keeps the plan it started
// with.
func (f *Fake) SetAllocation(function, qualifier string, a Allocation) {
	account, region, name, qualifier := f.scope(function, qualifier)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store.Region(account, region).SetAllocation(name, qualifier, a.a)
}

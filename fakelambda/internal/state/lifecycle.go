package state

import (
	"maps"
	"slices"
	"time"
)

// The function lifecycle, as Lambda's: CreateFunction leaves $LATEST (and
// the version it publishes) Pending, an update leaves $LATEST's
// LastUpdateStatus InProgress, and UpdateFunctionCode with Publish leaves
// the new version Pending. Each such transition is stored on the version
// with the instant it began and the plan it follows; nothing runs in the
// background. A transition is over when its plan says so at the request's
// now: after Delay on the clock, or, with no Delay, once a read
// (GetFunction, GetFunctionConfiguration) has shown it. It then ends as
// planned (Active and Successful, or Failed with a reason) with a new
// RevisionId, as Lambda's does, the first time anything looks at the
// version afterwards (settle).

// Transition says how a creation or an update ends.
type Transition struct {
	// Delay is how long on the clock the transition lasts. Zero: it lasts
	// until a read has shown it.
	Delay time.Duration
	// FailCode and FailReason, when FailCode is set, make it end Failed
	// (State Failed with StateReasonCode and StateReason for a creation,
	// LastUpdateStatus Failed with LastUpdateStatusReasonCode and
	// LastUpdateStatusReason for an update).
	FailCode, FailReason string
}

// Lambda's words for a transition in progress.
const (
	reasonCreating     = "The function is being created."
	reasonCodeCreating = "Creating"
)

// transition is a creation or an update in progress on one version.
type transition struct {
	update   bool // an update of $LATEST (LastUpdateStatus); else a creation (State)
	start    time.Time
	plan     Transition
	observed bool   // a read has shown it
	rev      string // the RevisionId once it is over
	// with, for a version published along with a creation or an update, is
	// $LATEST's transition: the version's is over when that one is (or when
	// a read of the version has shown its own). Recorded: a version
	// published with CreateFunction is Active once the function is, at its
	// first read (TestLambdaVersions::test_publish_version_on_create); one
	// published with UpdateFunctionCode shows Pending at its first read, and
	// $LATEST InProgress at its own (test_publish_with_update).
	with *transition
	// wait, when set, holds the transition until it reports done: a
	// version published while its capacity provider is Pending waits for
	// the provider, and fails when the provider does (failed, with the
	// provider's code and reason). See awaitProvider.
	wait func(now time.Time) (done, failed bool, code, reason string)
}

// over reports whether the transition is over at now.
func (t *transition) over(now time.Time) bool {
	if t.wait != nil {
		if done, _, _, _ := t.wait(now); !done {
			return false
		}
	}
	if t.plan.Delay > 0 {
		return !now.Before(t.start.Add(t.plan.Delay))
	}
	return t.observed || t.with != nil && t.with.over(now)
}

// SetTransition sets the plan of the transitions of function that begin
// afterwards. It overrides Store.Transition and Store.NoTransitions.
func (r *Region) SetTransition(function string, t Transition) {
	if r.transitions == nil {
		r.transitions = map[string]Transition{}
	}
	r.transitions[function] = t
}

// transitionFor is the plan of a transition beginning on function, and
// false when it has none (it is settled at once).
func (r *Region) transitionFor(function string) (Transition, bool) {
	if t, ok := r.transitions[function]; ok {
		return t, true
	}
	if r.store.NoTransitions {
		return Transition{}, false
	}
	return r.store.Transition, true
}

// begin starts a transition on ver (its configuration already updated),
// storing the transitional status, and reports whether one started. When
// function has no transitions, ver is left settled (Active, Successful).
func (r *Region) begin(function string, ver *fnVersion, update bool, now time.Time) bool {
	c := &ver.cfg
	plan, on := r.transitionFor(function)
	if !on {
		ver.tr = nil
		if !update {
			c.State, c.StateReason, c.StateReasonCode = activeState(c), "", "" // ActiveNonInvocable: capacityprovider_functions.go (added by the cap branch)
		}
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "Successful", "", ""
		return false
	}
	ver.tr = &transition{update: update, start: now, plan: plan, rev: r.newID()}
	if update {
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "InProgress", reasonCreating, reasonCodeCreating
	} else {
		c.State, c.StateReason, c.StateReasonCode = "Pending", reasonCreating, reasonCodeCreating
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	}
	return true
}

// settle ends ver's transition if it is over at now.
func settle(ver *fnVersion, now time.Time) {
	t := ver.tr
	if t == nil || !t.over(now) {
		return
	}
	ver.tr = nil
	c := &ver.cfg
	c.RevisionId = t.rev
	plan := t.plan
	fail := plan.FailCode != ""
	if t.wait != nil {
		if _, failed, code, reason := t.wait(now); failed {
			fail, plan.FailCode, plan.FailReason = true, code, reason // the capacity provider's failure
		}
	}
	switch {
	case !t.update && fail:
		// Inferred: a failed creation also reports its last update Failed
		// with the same reason, so FunctionUpdated* waiters end too.
		c.State, c.StateReason, c.StateReasonCode = "Failed", plan.FailReason, plan.FailCode
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "Failed", plan.FailReason, plan.FailCode
	case fail:
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "Failed", plan.FailReason, plan.FailCode
	default:
		// A successful update of a function whose creation failed leaves it
		// Active (inferred).
		c.State, c.StateReason, c.StateReasonCode = activeState(c), "", "" // ActiveNonInvocable: capacityprovider_functions.go (added by the cap branch)
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "Successful", "", ""
	}
}

// settleAll settles $LATEST and every published version of fn at now.
func (fn *function) settleAll(now time.Time) {
	settle(fn.latest, now)
	for _, v := range fn.versions {
		settle(v, now)
	}
}

// observe settles ver at now and, if it is still in transition, records
// that a read has shown it.
func observe(ver *fnVersion, now time.Time) {
	settle(ver, now)
	if ver.tr != nil {
		ver.tr.observed = true
	}
}

// Lambda's 409s for a function in transition.
const msgCannotNow = "The operation cannot be performed at this time. "

func errInState(state string) *Error {
	return errConflict(msgCannotNow + "The function is currently in the following state: " + state)
}

// idle settles fn's $LATEST at now and answers Lambda's 409 when it is still
// Pending or being updated: what UpdateFunctionCode,
// UpdateFunctionConfiguration and PublishVersion answer then.
func (r *Region) idle(fn *function, now time.Time) *Error {
	settle(fn.latest, now)
	t := fn.latest.tr
	switch {
	case t == nil:
		return nil
	case t.update:
		return errConflict(msgCannotNow + "An update is in progress for resource: " + r.FunctionARN(fn.name))
	}
	return errInState("Pending")
}

// Invocable answers Lambda's 409 when the version an invocation of t would
// run (t's version, and for an alias with weights every version it routes
// to) is Pending or Failed at now. An update in progress does not stop
// invocations.
func (r *Region) Invocable(t Target, now time.Time) *Error {
	fn := r.functions[t.Function]
	if fn == nil {
		return nil
	}
	check := func(v string) *Error {
		ver := fn.version(v)
		if ver == nil {
			return nil
		}
		settle(ver, now)
		switch ver.cfg.State {
		case "Pending", "Failed", StateActiveNonInvocable: // ActiveNonInvocable: $LATEST of a capacity provider's function (added by the cap branch)
			return errInState(ver.cfg.State)
		}
		return nil
	}
	if e := check(t.Version); e != nil {
		return e
	}
	if t.Alias {
		for _, v := range slices.Sorted(maps.Keys(fn.aliases[t.Qualifier].weights)) {
			if e := check(v); e != nil {
				return e
			}
		}
	}
	return nil
}

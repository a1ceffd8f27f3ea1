package fakelambda

import (
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// The function lifecycle, as Lambda's. CreateFunction answers State Pending
// (StateReasonCode Creating), UpdateFunctionCode and
// UpdateFunctionConfiguration answer LastUpdateStatus InProgress, and
// UpdateFunctionCode with Publish answers a new version that is Pending
// (CreateFunction with Publish answers $LATEST's configuration, Pending,
// with Version "1", and version 1 is Pending too). The first GetFunction or
// GetFunctionConfiguration of the function (or version) afterwards still
// shows that state; while $LATEST is Pending or its update is in progress,
// UpdateFunctionCode, UpdateFunctionConfiguration and PublishVersion are
// answered 409 ResourceConflictException, as is Invoke of a Pending (or
// Failed) version, with Lambda's messages, and change nothing. How long a
// transition lasts and how it ends is its Transition:
//
//   - by default, CompleteAfter(0): it is over once a read has shown it, so
//     the SDK's waiters (FunctionActiveV2, FunctionUpdatedV2,
//     PublishedVersionActive, FunctionActive, FunctionUpdated) finish after
//     one poll, with no clock to move, while code that does not wait gets
//     the 409s it would get from Lambda;
//   - CompleteAfter(d): it lasts d on the fake's clock, however often it is
//     read, then ends Active (Successful);
//   - FailTransitionAfter(d, code, reason): the same, but it ends Failed.
//
// When a transition ends, the version gets a new RevisionId, as on Lambda.
// Nothing runs in the background: every status is derived, at each request,
// from when the transition began, its plan, and whether it has been read.

// Transition says how a function's creation or update ends: after how long
// on the fake's clock, and whether Active (Successful) or Failed. Build one
// with CompleteAfter or FailTransitionAfter.
type Transition struct {
	t state.Transition
}

// CompleteAfter is a transition that lasts d on the fake's clock, then ends:
// the function Active, the update Successful. CompleteAfter(0), the default,
// lasts until a GetFunction or GetFunctionConfiguration has shown it.
func CompleteAfter(d time.Duration) Transition {
	return Transition{state.Transition{Delay: d}}
}

// FailTransitionAfter is a transition that lasts d on the fake's clock (with
// d 0: until a read has shown it), then ends Failed: a creation with State
// Failed, StateReasonCode reasonCode and StateReason reason (and
// LastUpdateStatus Failed with the same reason); an update with
// LastUpdateStatus Failed, LastUpdateStatusReasonCode reasonCode and
// LastUpdateStatusReason reason. Use Lambda's codes, e.g. "InvalidImage",
// "InsufficientRolePermissions", "SubnetOutOfIPAddresses",
// "FunctionError.InitTimeout" (the StateReasonCode and
// LastUpdateStatusReasonCode enums of Lambda's API).
func FailTransitionAfter(d time.Duration, reasonCode, reason string) Transition {
	return Transition{state.Transition{Delay: d, FailCode: reasonCode, FailReason: reason}}
}

// WithTransition sets how every function's creations and updates end,
// unless SetTransition says otherwise for a function. Default
// CompleteAfter(0). It undoes WithoutTransitions.
func WithTransition(t Transition) Option {
	return func(cfg *config) { cfg.transition, cfg.noTransitions = t, false }
}

// WithoutTransitions turns transitional states off, for tests that do not
// care about the lifecycle: a function is Active, and its last update
// Successful, for every request after the one that created or updated it,
// and nothing is refused with a 409 because of the lifecycle. The answers to
// CreateFunction and the updates still say Pending and InProgress, as
// Lambda's do; RevisionIds change only on writes. SetTransition still applies
// to the functions it names.
func WithoutTransitions() Option {
	return func(cfg *config) { cfg.noTransitions = true }
}

// SetTransition sets how the creations and updates of function that begin
// afterwards end, overriding WithTransition and WithoutTransitions. function
// is a name (in the fake's default region and account) or an ARN (in its
// region and account); the function need not exist yet. A transition
// already in progress keeps the plan it began with. Reset forgets it.
func (f *Fake) SetTransition(function string, t Transition) {
	account, region, name, _ := f.scope(function, "")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store.Region(account, region).SetTransition(name, t.t)
}

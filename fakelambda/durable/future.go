package durable

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Future is the outcome of an operation started with an Async variant or
// Go. The fake runs the operation at once, on the caller's goroutine, until
// it completes or must wait; Result then returns its outcome, or the
// suspension while it waits (return it unchanged).
type Future[O any] struct {
	ec      *execContext
	val     O
	err     error
	pending bool
}

// Result returns the operation's result or error, or the suspension while
// it waits.
func (f *Future[O]) Result() (O, error) {
	if f.pending {
		var zero O
		return zero, f.ec.suspend()
	}
	return f.val, f.err
}

// Done says whether the operation has completed (in this invocation).
func (f *Future[O]) Done() bool { return !f.pending }

// async runs op, which may suspend, without leaving ec or the invocation
// suspended: the suspension is kept in the Future, for Result and the
// combinators. A handler that returns without awaiting a pending future
// ends the execution, as with the official SDK, rather than leaving it
// waiting for an operation nobody awaits.
func async[O any](ec *execContext, op func() (O, error)) *Future[O] {
	if ec.suspended || ec.inv.ended {
		return &Future[O]{ec: ec, pending: true}
	}
	was := ec.inv.suspended
	v, err := op()
	if isSuspend(err) {
		ec.suspended, ec.inv.suspended = false, was
		return &Future[O]{ec: ec, pending: true}
	}
	return &Future[O]{ec: ec, val: v, err: err}
}

// StepAsync is Step returning a Future.
func StepAsync[O any](ctx Context, name string, fn func(StepContext) (O, error), opts ...StepOption) *Future[O] {
	ec, ok := ctx.(*execContext)
	if !ok {
		return &Future[O]{err: notSDKContext("StepAsync", name)}
	}
	return async(ec, func() (O, error) { return Step(ctx, name, fn, opts...) })
}

// WaitAsync is Wait returning a Future.
func WaitAsync(ctx Context, name string, d time.Duration) *Future[struct{}] {
	ec, ok := ctx.(*execContext)
	if !ok {
		return &Future[struct{}]{err: notSDKContext("WaitAsync", name)}
	}
	return async(ec, func() (struct{}, error) { return struct{}{}, Wait(ctx, name, d) })
}

// InvokeAsync is Invoke returning a Future.
func InvokeAsync[O, I any](ctx Context, name, functionID string, input I) *Future[O] {
	ec, ok := ctx.(*execContext)
	if !ok {
		return &Future[O]{err: notSDKContext("InvokeAsync", name)}
	}
	return async(ec, func() (O, error) { return Invoke[O](ctx, name, functionID, input) })
}

// RunInChildContextAsync is RunInChildContext returning a Future.
func RunInChildContextAsync[O any](ctx Context, name string, fn func(Context) (O, error), opts ...ChildOption) *Future[O] {
	ec, ok := ctx.(*execContext)
	if !ok {
		return &Future[O]{err: notSDKContext("RunInChildContextAsync", name)}
	}
	return async(ec, func() (O, error) { return RunInChildContext(ctx, name, fn, opts...) })
}

// Go runs fn as a child context and returns its Future: the official SDK's
// replay-safe "go statement". The fake runs fn at once until it completes
// or must wait, then the next Go runs.
func Go[O any](ctx Context, name string, fn func(Context) (O, error), opts ...ChildOption) *Future[O] {
	return RunInChildContextAsync(ctx, name, fn, opts...)
}

// Settled is one outcome of AllSettled.
type Settled[O any] struct {
	_     [0]func()
	Value O
	Err   error
}

// CombinatorError is All or Any failing: Errors are the futures' errors.
type CombinatorError struct {
	Name   string
	Errors []error
}

// Error describes the failure.
func (e *CombinatorError) Error() string {
	return fmt.Sprintf("durable: %q: %d future(s) failed: %v", e.Name, len(e.Errors), errors.Join(e.Errors...))
}

// Unwrap returns the futures' errors.
func (e *CombinatorError) Unwrap() []error { return e.Errors }

// await returns the futures' outcomes, or the suspension when one still
// waits. AllSettled records no operation of its own in the fake: its
// outcome is the same on every replay (All's, Any's and Race's are
// recorded).
func await[O any](ctx Context, name string, fs []*Future[O]) ([]Settled[O], error) {
	ec, ok := ctx.(*execContext)
	if !ok {
		return nil, notSDKContext(name, name)
	}
	out := make([]Settled[O], len(fs))
	for i, f := range fs {
		if f.pending {
			return nil, ec.suspend()
		}
		out[i] = Settled[O]{Value: f.val, Err: f.err}
	}
	return out, nil
}

// All returns every future's result in order once all succeeded, or a
// *CombinatorError with the first failure (in order among those settled)
// without waiting for the futures still pending. The outcome is recorded
// (a CONTEXT operation of SubType All; a failure's ErrorData is the failed
// future's index), so every replay returns the same one.
func All[O any](ctx Context, name string, fs []*Future[O]) ([]O, error) {
	ec, ok := ctx.(*execContext)
	if !ok {
		return nil, notSDKContext(name, name)
	}
	const sub = "All"
	_, id, op, err := ec.claim("CONTEXT", sub, name)
	if err != nil {
		return nil, err
	}
	values := func() ([]O, error) {
		out := make([]O, len(fs))
		for i, f := range fs {
			if f.pending || f.err != nil {
				return nil, fmt.Errorf("durable: all %q: future %d has not succeeded in this replay", name, i)
			}
			out[i] = f.val
		}
		return out, nil
	}
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			return values()
		case state.OpFailed:
			i := -1
			if op.Error != nil {
				if n, err := strconv.Atoi(op.Error.Data); err == nil {
					i = n
				}
			}
			if i < 0 || i >= len(fs) || fs[i].pending || fs[i].err == nil {
				return nil, fmt.Errorf("durable: all %q: the recorded failure %d is not a failed future of this replay", name, i)
			}
			return nil, &CombinatorError{Name: name, Errors: []error{fs[i].err}}
		}
	}
	pending := false
	for i, f := range fs {
		switch {
		case f.pending:
			pending = true
		case f.err != nil:
			cerr := &CombinatorError{Name: name, Errors: []error{f.err}}
			typ, msg, _ := errorObject(cerr)
			u := ec.update(id, "CONTEXT", sub, name, "FAIL")
			u.Error = &state.DurableError{Type: typ, Message: msg, Data: strconv.Itoa(i)}
			if err := recordCombinator(ec, id, sub, name, op, u); err != nil {
				return nil, err
			}
			return nil, cerr
		}
	}
	if pending {
		return nil, ec.suspend()
	}
	if err := recordCombinator(ec, id, sub, name, op, ec.update(id, "CONTEXT", sub, name, "SUCCEED")); err != nil {
		return nil, err
	}
	return values()
}

// AllSettled waits for every future and returns every outcome in order.
func AllSettled[O any](ctx Context, name string, fs []*Future[O]) ([]Settled[O], error) {
	return await(ctx, name, fs)
}

// Any returns the result of the first future that succeeded (in order
// among those settled), or the suspension while none has and some still
// wait; a *CombinatorError when all failed. The outcome is recorded (a
// CONTEXT operation of SubType Any: its result the winner's index, or its
// error), so every replay returns the same one, even when a future earlier
// in order has succeeded since.
func Any[O any](ctx Context, name string, fs []*Future[O]) (O, error) {
	var zero O
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext(name, name)
	}
	const sub = "Any"
	_, id, op, err := ec.claim("CONTEXT", sub, name)
	if err != nil {
		return zero, err
	}
	failed := func() (O, error) {
		var errs []error
		for i, f := range fs {
			if f.pending || f.err == nil {
				return zero, fmt.Errorf("durable: any %q: future %d has not failed in this replay", name, i)
			}
			errs = append(errs, f.err)
		}
		return zero, &CombinatorError{Name: name, Errors: errs}
	}
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			i, err := recordedWinner(op, "any", name, fs)
			if err != nil {
				return zero, err
			}
			if fs[i].err != nil {
				return zero, fmt.Errorf("durable: any %q: the recorded winner %d failed in this replay", name, i)
			}
			return fs[i].val, nil
		case state.OpFailed:
			return failed()
		}
	}
	pending := false
	for i, f := range fs {
		switch {
		case f.pending:
			pending = true
		case f.err == nil:
			if err := recordCombinator(ec, id, sub, name, op, winner(ec, id, sub, name, i)); err != nil {
				return zero, err
			}
			return f.val, nil
		}
	}
	if pending {
		return zero, ec.suspend()
	}
	_, cerr := failed()
	typ, msg, data := errorObject(cerr)
	u := ec.update(id, "CONTEXT", sub, name, "FAIL")
	u.Error = &state.DurableError{Type: typ, Message: msg, Data: data}
	if err := recordCombinator(ec, id, sub, name, op, u); err != nil {
		return zero, err
	}
	return zero, cerr
}

// winner is the update recording index i as the outcome of combinator id.
func winner(ec *execContext, id, sub, name string, i int) state.OperationUpdate {
	u := ec.update(id, "CONTEXT", sub, name, "SUCCEED")
	u.Payload = str(strconv.Itoa(i))
	return u
}

// recordCombinator checkpoints the outcome u of combinator id (started
// first if op, its record, is nil).
func recordCombinator(ec *execContext, id, sub, name string, op *state.DurableOp, u state.OperationUpdate) error {
	if op == nil {
		return ec.checkpoint(ec.update(id, "CONTEXT", sub, name, "START"), u)
	}
	return ec.checkpoint(u)
}

// recordedWinner is the index of the future a combinator recorded as its
// winner; it must be settled in this replay.
func recordedWinner[O any](op *state.DurableOp, what, name string, fs []*Future[O]) (int, error) {
	i, err := decode[int](op.Result, what, name)
	if err != nil {
		return 0, err
	}
	if i < 0 || i >= len(fs) || fs[i].pending {
		return 0, fmt.Errorf("durable: %s %q: the recorded winner %d is not a settled future of this replay", what, name, i)
	}
	return i, nil
}

// Race returns the outcome of the first future (in order) that has
// settled, or the suspension when none has: the fake settles futures one
// after another, so the first settled in order wins. The winner is
// recorded (a CONTEXT operation of SubType Race whose result is its index),
// so every replay returns the same one, even when a future earlier in
// order has settled since.
func Race[O any](ctx Context, name string, fs []*Future[O]) (O, error) {
	var zero O
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext(name, name)
	}
	if len(fs) == 0 {
		return zero, fmt.Errorf("durable: Race %q: no futures to race", name)
	}
	const sub = "Race"
	_, id, op, err := ec.claim("CONTEXT", sub, name)
	if err != nil {
		return zero, err
	}
	if op != nil && op.Status == state.OpSucceeded {
		i, err := recordedWinner(op, "race", name, fs)
		if err != nil {
			return zero, err
		}
		return fs[i].val, fs[i].err
	}
	for i, f := range fs {
		if f.pending {
			continue
		}
		if err := recordCombinator(ec, id, sub, name, op, winner(ec, id, sub, name, i)); err != nil {
			return zero, err
		}
		return f.val, f.err
	}
	return zero, ec.suspend()
}

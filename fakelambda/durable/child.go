package durable

import (
	"encoding/json"
	"fmt"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// succeedContext checkpoints CONTEXT id SUCCEEDED with out and returns out
// as decoded from the log (the first run and replays return the same).
func succeedContext[O any](ec *execContext, id, subType, name string, out O) (O, error) {
	var zero O
	b, err := json.Marshal(out)
	if err != nil {
		return zero, fmt.Errorf("durable: %s %q: encode result: %w", subType, name, err)
	}
	u := ec.update(id, "CONTEXT", subType, name, "SUCCEED")
	u.Payload = str(string(b))
	if err := ec.checkpoint(u); err != nil {
		return zero, err
	}
	return decode[O](u.Payload, subType, name)
}

// failContext checkpoints CONTEXT id FAILED with err's ErrorObject and
// returns the *ChildContextError the code sees.
func failContext(ec *execContext, id, subType, name string, err error) error {
	typ, msg, data := errorObject(err)
	u := ec.update(id, "CONTEXT", subType, name, "FAIL")
	u.Error = &state.DurableError{Type: typ, Message: msg, Data: data}
	if cerr := ec.checkpoint(u); cerr != nil {
		return cerr
	}
	return &ChildContextError{Name: name, ErrorType: typ, Message: msg, ErrorData: data, Err: &stand{typ, msg}}
}

// ChildOption configures a child context.
type ChildOption func(*childOptions)

type childOptions struct{ subType string }

// WithChildSubType records the child context with another SubType than
// RunInChildContext.
func WithChildSubType(s string) ChildOption { return func(o *childOptions) { o.subType = s } }

// RunInChildContext runs fn in a child context (a CONTEXT operation whose
// operations carry it as ParentId). On replay a completed child returns its
// recorded result without running fn; a failure is a *ChildContextError.
func RunInChildContext[O any](ctx Context, name string, fn func(Context) (O, error), opts ...ChildOption) (O, error) {
	var zero O
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext("RunInChildContext", name)
	}
	o := childOptions{subType: "RunInChildContext"}
	for _, opt := range opts {
		opt(&o)
	}
	out, err, suspended := runChild(ec, name, o.subType, fn)
	if suspended {
		return zero, ec.suspend()
	}
	return out, err
}

// runChild runs fn as the child context name of SubType subType of ec. It
// returns fn's result, the error the code sees, and whether it suspended
// (the error is then the suspension; ec itself is not marked, so a batch
// can run its next item).
func runChild[O any](ec *execContext, name, subType string, fn func(Context) (O, error)) (O, error, bool) {
	var zero O
	pos, id, op, err := ec.claim("CONTEXT", subType, name)
	if err != nil {
		return zero, err, isSuspend(err)
	}
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			if !op.ReplayChildren {
				out, err := decode[O](op.Result, subType, name)
				return out, err, false
			}
		case state.OpFailed:
			typ, msg, data, trace := opError(op)
			return zero, &ChildContextError{Name: name, ErrorType: typ, Message: msg, ErrorData: data, StackTrace: trace, Err: &stand{typ, msg}}, false
		}
	}
	if op == nil {
		if err := ec.checkpoint(ec.update(id, "CONTEXT", subType, name, "START")); err != nil {
			return zero, err, true
		}
	}
	child := ec.child(pos, id)
	out, ferr := callChild(child, fn)
	if isSuspend(ferr) || child.suspended || ec.inv.ended {
		return zero, errSuspend, true
	}
	if ferr != nil {
		return zero, failContext(ec, id, subType, name, ferr), false
	}
	out, err = succeedContext(ec, id, subType, name, out)
	return out, err, isSuspend(err)
}

// callChild runs fn; a panic is its error.
func callChild[O any](c *execContext, fn func(Context) (O, error)) (out O, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("durable: child context panicked: %v", p)
		}
	}()
	return fn(c)
}

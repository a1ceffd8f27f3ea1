package durable

import (
	"errors"
	"fmt"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// CallbackOption configures a callback.
type CallbackOption func(*callbackOptions)

type callbackOptions struct {
	timeout, heartbeat time.Duration
	submitterRetry     RetryStrategy
}

// WithCallbackTimeout times the callback out d after it started (whole
// seconds, rounded up): it fails with a *CallbackError of ErrorType
// "Callback.Timeout" that unwraps to ErrCallbackTimedOut.
func WithCallbackTimeout(d time.Duration) CallbackOption {
	return func(o *callbackOptions) { o.timeout = d }
}

// WithCallbackHeartbeatTimeout times the callback out when neither a
// heartbeat (SendDurableExecutionCallbackHeartbeat) nor an answer came for
// d: a *CallbackError of ErrorType "Callback.Heartbeat".
func WithCallbackHeartbeatTimeout(d time.Duration) CallbackOption {
	return func(o *callbackOptions) { o.heartbeat = d }
}

// WithSubmitterRetry sets the retry strategy of WaitForCallback's submitter
// step (the default is ExponentialBackoff()).
func WithSubmitterRetry(s RetryStrategy) CallbackOption {
	return func(o *callbackOptions) { o.submitterRetry = s }
}

// Callback is a callback an external system answers with
// SendDurableExecutionCallbackSuccess (its body is the result, JSON) or
// SendDurableExecutionCallbackFailure.
type Callback[O any] struct {
	ec       *execContext
	id, name string
	cbID     string
}

// ID is the callback ID to hand to whoever answers.
func (c *Callback[O]) ID() string { return c.cbID }

// Result returns the callback's answer: the decoded success result, a
// *CallbackError for a failure or a timeout, or the suspension while it is
// unanswered (return it unchanged).
func (c *Callback[O]) Result() (O, error) {
	var zero O
	op := c.ec.op(c.id)
	if op == nil {
		return zero, c.ec.suspend()
	}
	switch op.Status {
	case state.OpSucceeded:
		return decode[O](op.Result, "callback", c.name)
	case state.OpFailed, state.OpTimedOut:
		return zero, callbackError(c.name, op)
	}
	return zero, c.ec.suspend()
}

func callbackError(name string, op *state.DurableOp) error {
	typ, msg, data, trace := opError(op)
	e := &CallbackError{Name: name, CallbackID: op.CallbackID, ErrorType: typ, Message: msg, ErrorData: data, StackTrace: trace,
		Err: &stand{typ, msg}}
	if op.Status == state.OpTimedOut || typ == "Callback.Timeout" || typ == "Callback.Heartbeat" {
		e.Err = ErrCallbackTimedOut
	}
	return e
}

// CreateCallback creates a callback (a CALLBACK operation): its ID is known
// at once; its Result suspends the execution until it is answered or times
// out.
func CreateCallback[O any](ctx Context, name string, opts ...CallbackOption) (*Callback[O], error) {
	ec, ok := ctx.(*execContext)
	if !ok {
		return nil, notSDKContext("CreateCallback", name)
	}
	var o callbackOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.timeout < 0 || o.heartbeat < 0 {
		return nil, fmt.Errorf("durable: CreateCallback %q: timeouts must not be negative", name)
	}
	_, id, op, err := ec.claim("CALLBACK", "Callback", name)
	if err != nil {
		return nil, err
	}
	if op == nil {
		u := ec.update(id, "CALLBACK", "Callback", name, "START")
		if o.timeout > 0 {
			u.CallbackTimeout = seconds(o.timeout)
		}
		if o.heartbeat > 0 {
			u.CallbackHeartbeat = seconds(o.heartbeat)
		}
		if err := ec.checkpoint(u); err != nil {
			return nil, err
		}
	}
	cb := &Callback[O]{ec: ec, id: id, name: name}
	if cur := ec.op(id); cur != nil {
		cb.cbID = cur.CallbackID
	}
	return cb, nil
}

// WaitForCallback creates a callback, runs submitter once as a step to hand
// its ID to whoever answers (the step retries as WithSubmitterRetry says),
// and returns the answer: the decoded success result, a *CallbackError for
// a failure or a timeout, a *StepError when the submitter failed, or the
// suspension while unanswered. It records a CONTEXT operation of SubType
// WaitForCallback holding the CALLBACK and the submitter's STEP, as the
// official SDKs do.
func WaitForCallback[O any](ctx Context, name string, submitter func(ctx StepContext, callbackID string) error, opts ...CallbackOption) (O, error) {
	var zero O
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext("WaitForCallback", name)
	}
	var o callbackOptions
	for _, opt := range opts {
		opt(&o)
	}
	pos, id, op, err := ec.claim("CONTEXT", "WaitForCallback", name)
	if err != nil {
		return zero, err
	}
	if op != nil && op.Status == state.OpSucceeded {
		return decode[O](op.Result, "callback", name)
	}
	if op == nil {
		if err := ec.checkpoint(ec.update(id, "CONTEXT", "WaitForCallback", name, "START")); err != nil {
			return zero, err
		}
	}
	child := ec.child(pos, id)
	out, err := func() (O, error) {
		cb, err := CreateCallback[O](child, "", opts...)
		if err != nil {
			return zero, err
		}
		var stepOpts []StepOption
		if o.submitterRetry != nil {
			stepOpts = append(stepOpts, WithRetry(o.submitterRetry))
		}
		if submitter != nil {
			if _, err := Step(child, "", func(sc StepContext) (struct{}, error) {
				return struct{}{}, submitter(sc, cb.ID())
			}, stepOpts...); err != nil {
				return zero, err
			}
		}
		out, err := cb.Result()
		var cbe *CallbackError
		if errors.As(err, &cbe) {
			cbe.Name = name
		}
		return out, err
	}()
	if isSuspend(err) {
		return zero, ec.suspend()
	}
	if op != nil && op.Status == state.OpFailed {
		return zero, err // replayed: the children gave the recorded error
	}
	if err != nil {
		typ, msg, data := errorObject(err)
		u := ec.update(id, "CONTEXT", "WaitForCallback", name, "FAIL")
		u.Error = &state.DurableError{Type: typ, Message: msg, Data: data}
		if cerr := ec.checkpoint(u); cerr != nil {
			return zero, cerr
		}
		return zero, err
	}
	return succeedContext(ec, id, "WaitForCallback", name, out)
}

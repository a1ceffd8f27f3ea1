package durable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/fakeaws/lambda/fakelambda/internal/durablerun"
	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Handler is a durable function's code: it gets the execution's input
// (decoded from JSON into I) and returns its result (encoded as JSON) or
// an error, which fails the execution.
type Handler[I, O any] func(ctx Context, event I) (O, error)

// Function is a Handler ready for fakelambda's Fake.SetDurableHandler.
type Function struct {
	run func(ctx context.Context, env durablerun.Envelope, svc durablerun.Service) state.InvocationOutput
}

// Wrap makes a Function of h for Fake.SetDurableHandler.
func Wrap[I, O any](h Handler[I, O]) *Function {
	return &Function{run: func(ctx context.Context, env durablerun.Envelope, svc durablerun.Service) state.InvocationOutput {
		return run(ctx, h, env, svc)
	}}
}

// Invoke calls another function from a durable function and returns its
// result: a CHAINED_INVOKE operation. functionID names the function,
// qualified (a version, an alias or $LATEST); input is encoded as JSON. The
// execution suspends until the invoked function returns: a durable
// function's execution ends, a plain function's invocation answers. A
// failure, a time-out or a stop is an *InvokeError.
func Invoke[O, I any](ctx Context, name, functionID string, input I) (O, error) {
	var zero O
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext("Invoke", name)
	}
	_, id, op, err := ec.claim("CHAINED_INVOKE", "ChainedInvoke", name)
	if err != nil {
		return zero, err
	}
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			return decode[O](op.Result, "invoke", name)
		case state.OpFailed, state.OpTimedOut, state.OpStopped:
			typ, msg, data, trace := opError(op)
			e := &InvokeError{Name: name, FunctionID: functionID, Status: op.Status, ErrorType: typ, Message: msg,
				ErrorData: data, StackTrace: trace, Err: &stand{typ, msg}}
			switch op.Status {
			case state.OpTimedOut:
				e.Err = ErrInvokeTimedOut
			case state.OpStopped:
				e.Err = ErrExecutionStopped
			}
			return zero, e
		}
		return zero, ec.suspend()
	}
	b, err := json.Marshal(input)
	if err != nil {
		return zero, fmt.Errorf("durable: invoke %q: encode input: %w", name, err)
	}
	u := ec.update(id, "CHAINED_INVOKE", "ChainedInvoke", name, "START")
	u.Payload, u.ChainedFunction = str(string(b)), functionID
	if err := ec.checkpoint(u); err != nil {
		return zero, err
	}
	return zero, ec.suspend()
}

func init() {
	durablerun.Run = func(fn any, ctx context.Context, env durablerun.Envelope, svc durablerun.Service) state.InvocationOutput {
		return fn.(*Function).run(ctx, env, svc)
	}
}

// run is one invocation of h.
func run[I, O any](ctx context.Context, h Handler[I, O], env durablerun.Envelope, svc durablerun.Service) (out state.InvocationOutput) {
	// A panic outside the handler (decoding the input or encoding the
	// result, in the user's UnmarshalJSON or MarshalJSON) fails the
	// execution too, instead of escaping the invocation (which would never
	// end).
	defer func() {
		if p := recover(); p != nil {
			out = failed(fmt.Errorf("durable: panicked decoding the input or encoding the result: %v", p))
		}
	}()
	inv := &invocation{ctx: ctx, env: env, svc: svc, token: env.Token, ops: make(map[string]*state.DurableOp, len(env.Ops)),
		lc: &lambdacontext.LambdaContext{AwsRequestID: env.RequestID, InvokedFunctionArn: env.InvokedFunctionARN}}
	var input string
	for i := range env.Ops {
		op := &env.Ops[i] // env.Ops is this invocation's copy and is only read: no copy per operation
		if op.Type == "EXECUTION" {
			inv.start = op.Start
			if op.Input != nil {
				input = *op.Input
			}
			continue
		}
		inv.ops[op.ID] = op
	}
	inv.replaying = len(inv.ops) > 0
	root := &execContext{Context: lambdacontext.NewContext(ctx, inv.lc), inv: inv}
	var event I
	if input != "" {
		if err := json.Unmarshal([]byte(input), &event); err != nil {
			return failed(fmt.Errorf("durable: decode the execution's input: %w", err))
		}
	}
	result, err := callHandler(root, h, event)
	switch {
	case inv.nondet != nil:
		return failed(inv.nondet)
	case inv.fatal != nil:
		// A checkpoint the service refused as invalid (a 4xx other than 429
		// and a stale token) fails the execution, as the official SDKs do
		// (durable-engine.md §1.3); anything else fails the invocation,
		// which the service retries.
		var se *state.Error
		if errors.As(inv.fatal, &se) && se.Status >= 400 && se.Status < 500 && se.Status != 429 &&
			!strings.HasPrefix(se.Message, "Invalid Checkpoint Token") {
			return state.InvocationOutput{Status: "FAILED", Error: &state.DurableError{Type: se.Code, Message: se.Message}}
		}
		return state.InvocationOutput{Error: &state.DurableError{Type: "CheckpointError", Message: inv.fatal.Error()}}
	case inv.suspended || inv.ended:
		return state.InvocationOutput{Status: "PENDING"}
	case err != nil:
		return failed(err)
	}
	b, err := json.Marshal(result)
	if err != nil {
		return failed(fmt.Errorf("durable: encode the handler's result: %w", err))
	}
	res := string(b)
	return state.InvocationOutput{Status: "SUCCEEDED", Result: &res}
}

func failed(err error) state.InvocationOutput {
	typ, msg, data := errorObject(err)
	return state.InvocationOutput{Status: "FAILED", Error: &state.DurableError{Type: typ, Message: msg, Data: data}}
}

// callHandler runs h; a panic fails the execution, as the official SDK does.
func callHandler[I, O any](c *execContext, h Handler[I, O], event I) (out O, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("durable: handler panicked: %v", p)
		}
	}()
	return h(c, event)
}

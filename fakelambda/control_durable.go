package fakelambda

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/durable"
)

// The control API's durable functions: a test in another language scripts
// a durable function's code as a list of package durable's operations, run
// in order.
//
//	PUT    /_fakelambda/durable-function {"Function":"approve:1","Operations":[...],"Result":<json>}
//	DELETE /_fakelambda/durable-function {"Function":"approve:1"} (or ?Function=approve:1)
//	POST   /_fakelambda/durable/run      runs what is due, as RunDurable -> {"Ran":n}
//
// Each operation is one object naming one of:
//
//	{"Step":"validate","Result":<json>}
//	{"Step":"charge","Error":{"ErrorType":"Declined","ErrorMessage":"no"},"Retry":{"MaxAttempts":3,"Delay":"5s"}}
//	{"Wait":"cool-off","Duration":"72h"}
//	{"WaitForCallback":"human","Timeout":"168h","HeartbeatTimeout":"1h"}
//	{"Invoke":"charge","Function":"payments:1","Input":<json>}
//
// A Step answers its Result (null when absent) or, with an Error, fails
// every attempt with it; Retry retries it (MaxAttempts in all, Delay
// before the first retry, times BackoffRate, default 1, before each next
// one, at most MaxDelay); without Retry it is not retried. A Wait answers
// null; a WaitForCallback the callback's result; an Invoke the invoked
// function's result. An operation that fails (a step after its retries, a
// callback answered with a failure or timed out, an invoke that failed)
// fails the execution with its ErrorType and ErrorMessage. The execution's
// result is Result when given, else the last operation's. Function is the
// function's name or ARN, qualified or not, as SetDurableHandler takes it:
// the function need not exist yet, and invoking it makes it durable.

// controlScript is the body of PUT /_fakelambda/durable-function.
type controlScript struct {
	Function   string
	Operations []controlDurableOp
	Result     json.RawMessage
}

// controlDurableOp is one operation of a script: every key any kind takes
// (decodeControl refuses the others), checked per kind by compile.
type controlDurableOp struct {
	Step, Wait, WaitForCallback, Invoke *string
	Result                              json.RawMessage
	Error                               *struct{ ErrorType, ErrorMessage, ErrorData string }
	Retry                               *struct {
		MaxAttempts     int
		Delay, MaxDelay string
		BackoffRate     float64
	}
	Duration, Timeout, HeartbeatTimeout string
	Function                            string
	Input                               json.RawMessage
}

// scriptOp is a compiled operation: run performs it in ctx.
type scriptOp func(ctx durable.Context) (json.RawMessage, error)

// controlDurableFunction registers (PUT) or removes (DELETE) a scripted
// durable function.
func (f *Fake) controlDurableFunction(r *http.Request) (any, *controlError) {
	if r.Method == http.MethodDelete {
		fn := r.URL.Query().Get("Function")
		if fn == "" {
			var in struct{ Function string }
			if e := decodeControl(r, &in); e != nil {
				return nil, badRequest(`give the function as {"Function":"name:qualifier"} or ?Function=: %s`, e.msg)
			}
			fn = in.Function
		}
		if fn == "" {
			return nil, badRequest(`Function is required, e.g. {"Function":"approve:1"}`)
		}
		f.SetDurableHandler(fn, nil)
		return struct{}{}, nil
	}
	var in controlScript
	if e := decodeControl(r, &in); e != nil {
		return nil, e
	}
	if in.Function == "" {
		return nil, badRequest(`Function is required: the durable function's name or ARN, e.g. "approve:1"`)
	}
	if _, ok := parseFunctionName(in.Function); !ok {
		return nil, badRequest(`Function: %q is not a function name or ARN, e.g. "approve:1"`, in.Function)
	}
	ops := make([]scriptOp, len(in.Operations))
	for i, op := range in.Operations {
		run, err := op.compile()
		if err != nil {
			return nil, badRequest("Operations[%d]: %s", i, err)
		}
		ops[i] = run
	}
	result := in.Result
	f.SetDurableHandler(in.Function, durable.Wrap(func(ctx durable.Context, _ json.RawMessage) (json.RawMessage, error) {
		last := json.RawMessage("null")
		for _, op := range ops {
			out, err := op(ctx)
			if err != nil {
				var oe *durable.OperationError
				if errors.As(err, &oe) { // fails the execution with the operation's error
					return nil, &durable.OperationError{Name: oe.Name, ErrorType: oe.ErrorType, Message: oe.Message, ErrorData: oe.ErrorData}
				}
				return nil, err // a suspension, returned unchanged
			}
			last = out
		}
		if result != nil {
			return result, nil
		}
		return last, nil
	}))
	return struct {
		Function   string
		Operations int
	}{in.Function, len(ops)}, nil
}

// controlRunDurable runs what is due (RunDurable).
func (f *Fake) controlRunDurable(r *http.Request) (any, *controlError) {
	return map[string]int{"Ran": f.RunDurable(r.Context())}, nil
}

// compile checks an operation's keys and makes the code that runs it.
func (o controlDurableOp) compile() (scriptOp, error) {
	kinds := map[string]*string{"Step": o.Step, "Wait": o.Wait, "WaitForCallback": o.WaitForCallback, "Invoke": o.Invoke}
	var kind string
	for _, k := range []string{"Step", "Wait", "WaitForCallback", "Invoke"} {
		if kinds[k] != nil {
			if kind != "" {
				return nil, fmt.Errorf("names both %s and %s; an operation is one of Step, Wait, WaitForCallback or Invoke", kind, k)
			}
			kind = k
		}
	}
	if kind == "" {
		return nil, errors.New(`names no operation; give one of "Step", "Wait", "WaitForCallback" or "Invoke" with the operation's name`)
	}
	name := *kinds[kind]
	if name == "" {
		return nil, fmt.Errorf("%s: the operation's name must not be empty", kind)
	}
	// every key given must belong to the kind
	given := map[string]bool{"Result": o.Result != nil, "Error": o.Error != nil, "Retry": o.Retry != nil,
		"Duration": o.Duration != "", "Timeout": o.Timeout != "", "HeartbeatTimeout": o.HeartbeatTimeout != "",
		"Function": o.Function != "", "Input": o.Input != nil}
	takes := map[string][]string{"Step": {"Result", "Error", "Retry"}, "Wait": {"Duration"},
		"WaitForCallback": {"Timeout", "HeartbeatTimeout"}, "Invoke": {"Function", "Input"}}[kind]
	for _, k := range []string{"Result", "Error", "Retry", "Duration", "Timeout", "HeartbeatTimeout", "Function", "Input"} {
		if given[k] && !contains(takes, k) {
			return nil, fmt.Errorf("%s %q: %s is not a key of a %s (it takes %s)", kind, name, k, kind, strings.Join(takes, ", "))
		}
	}
	duration := func(key, s string) (time.Duration, error) {
		if s == "" {
			return 0, nil
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("%s %q: %s: %q is not a duration; use Go's form, e.g. \"90s\" or \"72h\"", kind, name, key, s)
		}
		if d < time.Second {
			return 0, fmt.Errorf("%s %q: %s: %q is less than one second", kind, name, key, s)
		}
		return d, nil
	}
	switch kind {
	case "Step":
		return o.compileStep(name, duration)
	case "Wait":
		if o.Duration == "" {
			return nil, fmt.Errorf(`Wait %q: Duration is required, e.g. "72h"`, name)
		}
		d, err := duration("Duration", o.Duration)
		if err != nil {
			return nil, err
		}
		return func(ctx durable.Context) (json.RawMessage, error) {
			return json.RawMessage("null"), durable.Wait(ctx, name, d)
		}, nil
	case "WaitForCallback":
		timeout, err := duration("Timeout", o.Timeout)
		if err != nil {
			return nil, err
		}
		heartbeat, err := duration("HeartbeatTimeout", o.HeartbeatTimeout)
		if err != nil {
			return nil, err
		}
		var opts []durable.CallbackOption
		if timeout > 0 {
			opts = append(opts, durable.WithCallbackTimeout(timeout))
		}
		if heartbeat > 0 {
			opts = append(opts, durable.WithCallbackHeartbeatTimeout(heartbeat))
		}
		return func(ctx durable.Context) (json.RawMessage, error) {
			return durable.WaitForCallback[json.RawMessage](ctx, name, nil, opts...)
		}, nil
	}
	// Invoke
	if o.Function == "" {
		return nil, fmt.Errorf(`Invoke %q: Function is required: the function to invoke, qualified, e.g. "payments:1"`, name)
	}
	if _, ok := parseFunctionName(o.Function); !ok {
		return nil, fmt.Errorf(`Invoke %q: Function: %q is not a function name or ARN, e.g. "payments:1"`, name, o.Function)
	}
	input := o.Input
	if input == nil {
		input = json.RawMessage("{}")
	}
	fn := o.Function
	return func(ctx durable.Context) (json.RawMessage, error) {
		return durable.Invoke[json.RawMessage](ctx, name, fn, input)
	}, nil
}

// compileStep compiles a Step.
func (o controlDurableOp) compileStep(name string, duration func(key, s string) (time.Duration, error)) (scriptOp, error) {
	if o.Error != nil && o.Result != nil {
		return nil, fmt.Errorf("Step %q: give a Result or an Error, not both", name)
	}
	if o.Error != nil && o.Error.ErrorType == "" {
		return nil, fmt.Errorf(`Step %q: Error.ErrorType is required, e.g. "Declined"`, name)
	}
	retry := durable.NoRetry()
	if rt := o.Retry; rt != nil {
		if rt.MaxAttempts < 1 {
			return nil, fmt.Errorf("Step %q: Retry.MaxAttempts must be at least 1 (the attempts in all), got %d", name, rt.MaxAttempts)
		}
		if rt.BackoffRate < 0 {
			return nil, fmt.Errorf("Step %q: Retry.BackoffRate must not be negative, got %v", name, rt.BackoffRate)
		}
		delay, err := duration("Retry.Delay", rt.Delay)
		if err != nil {
			return nil, err
		}
		maxDelay, err := duration("Retry.MaxDelay", rt.MaxDelay)
		if err != nil {
			return nil, err
		}
		if delay == 0 {
			delay = time.Second
		}
		rate := rt.BackoffRate
		if rate == 0 {
			rate = 1
		}
		if maxDelay == 0 {
			maxDelay = max(delay, 5*time.Minute)
			if rate == 1 {
				maxDelay = delay
			}
		}
		s, err := durable.NewRetryStrategy(durable.RetryConfig{MaxAttempts: rt.MaxAttempts, InitialDelay: delay, MaxDelay: maxDelay, BackoffRate: rate})
		if err != nil {
			return nil, fmt.Errorf("Step %q: Retry: %v", name, err)
		}
		retry = s
	}
	result := o.Result
	if result == nil {
		result = json.RawMessage("null")
	}
	stepErr := o.Error
	return func(ctx durable.Context) (json.RawMessage, error) {
		return durable.Step(ctx, name, func(durable.StepContext) (json.RawMessage, error) {
			if stepErr != nil {
				return nil, &durable.OperationError{Name: name, ErrorType: stepErr.ErrorType, Message: stepErr.ErrorMessage, ErrorData: stepErr.ErrorData}
			}
			return bytes.Clone(result), nil
		}, durable.WithRetry(retry))
	}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

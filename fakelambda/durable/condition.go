package durable

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// WaitDecision says whether WaitForCondition polls again, and after how
// long (whole seconds, rounded up, at least one).
type WaitDecision struct {
	_        [0]func()
	Continue bool
	Delay    time.Duration
}

// ConditionConfig configures WaitForCondition: the state the first check
// gets, and the strategy deciding after each check whether to poll again.
type ConditionConfig[S any] struct {
	_            [0]func()
	InitialState S
	// WaitStrategy gets the state the check returned and the attempt (from
	// 1). Required; NewWaitStrategy builds the usual backoff.
	WaitStrategy func(state S, attempt int) WaitDecision
}

// WaitConfig is a backoff for WaitForCondition: poll again while
// ShouldContinue(state), after InitialDelay * BackoffRate^(attempt-1) (at
// most MaxDelay), at most MaxAttempts checks. Zero fields take the official
// SDK's defaults: 60 attempts, 5 s, 5 min, rate 1.5.
type WaitConfig[S any] struct {
	_              [0]func()
	MaxAttempts    int
	InitialDelay   time.Duration
	MaxDelay       time.Duration
	BackoffRate    float64
	ShouldContinue func(state S) bool
}

// ErrWaitExhausted is what a *WaitForConditionError unwraps to when the
// strategy ran out of attempts.
var ErrWaitExhausted = fmt.Errorf("durable: wait for condition exhausted its attempts")

// NewWaitStrategy makes a WaitStrategy of c. Past MaxAttempts it still
// answers Continue: WaitForCondition then fails with ErrWaitExhausted.
func NewWaitStrategy[S any](c WaitConfig[S]) func(S, int) WaitDecision {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 60
	}
	if c.InitialDelay <= 0 {
		c.InitialDelay = 5 * time.Second
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = 5 * time.Minute
	}
	if c.BackoffRate <= 0 || math.IsNaN(c.BackoffRate) || math.IsInf(c.BackoffRate, 0) {
		c.BackoffRate = 1.5
	}
	return func(s S, attempt int) WaitDecision {
		if c.ShouldContinue != nil && !c.ShouldContinue(s) {
			return WaitDecision{}
		}
		if attempt >= c.MaxAttempts {
			return WaitDecision{Continue: true, Delay: -1} // exhausted
		}
		d := float64(c.InitialDelay) * math.Pow(c.BackoffRate, float64(attempt-1))
		if d > float64(c.MaxDelay) {
			d = float64(c.MaxDelay)
		}
		return WaitDecision{Continue: true, Delay: time.Duration(d)}
	}
}

// WaitForConditionError is a WaitForCondition whose check failed, or that
// ran out of attempts (Err is then ErrWaitExhausted).
type WaitForConditionError struct {
	Name                          string
	Attempts                      int
	ErrorType, Message, ErrorData string
	StackTrace                    []string
	Err                           error
}

// Error describes the failure.
func (e *WaitForConditionError) Error() string {
	return fmt.Sprintf("durable: wait for condition %q failed after %d attempts: %s: %s", e.Name, e.Attempts, e.ErrorType, e.Message)
}

// Unwrap returns Err.
func (e *WaitForConditionError) Unwrap() error { return e.Err }

// As matches *OperationError.
func (e *WaitForConditionError) As(target any) bool {
	return asOperation(target, e.Name, e.ErrorType, e.Message, e.ErrorData, e.StackTrace, e.Err)
}

// WaitForCondition polls check until the strategy says stop, and returns
// the last state. It is one STEP of SubType WaitForCondition: each check
// that must be followed by another is a RETRY whose payload is the state
// (StepFailed events with RetryDetails in the history), the execution
// suspending until the next poll is due on the fake's clock; the check
// that ends it SUCCEEDs with the state. A check that fails, or a strategy
// out of attempts, fails it with a *WaitForConditionError.
func WaitForCondition[S any](ctx Context, name string, check func(StepContext, S) (S, error), cfg ConditionConfig[S]) (S, error) {
	var zero S
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext("WaitForCondition", name)
	}
	if cfg.WaitStrategy == nil {
		return zero, fmt.Errorf("durable: WaitForCondition %q: ConditionConfig.WaitStrategy is required (see NewWaitStrategy)", name)
	}
	const sub = "WaitForCondition"
	_, id, op, err := ec.claim("STEP", sub, name)
	if err != nil {
		return zero, err
	}
	st := cfg.InitialState
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			return decode[S](op.Result, "wait for condition", name)
		case state.OpFailed:
			return zero, conditionError(name, op)
		case state.OpPending:
			return zero, ec.suspend()
		}
		if op.Result != nil {
			if st, err = decode[S](op.Result, "wait for condition", name); err != nil {
				return zero, err
			}
		}
	}
	if op == nil || op.Status == state.OpReady {
		if err := ec.checkpoint(ec.update(id, "STEP", sub, name, "START")); err != nil {
			return zero, err
		}
	}
	attempt := 1
	if cur := ec.op(id); cur != nil {
		attempt = max(cur.Attempt, 1)
	}
	next, cerr := runStep(ec, attempt, func(sc StepContext) (S, error) { return check(sc, st) })
	fail := func(typ, msg, data string) (S, error) {
		u := ec.update(id, "STEP", sub, name, "FAIL")
		u.Error = &state.DurableError{Type: typ, Message: msg, Data: data}
		if err := ec.checkpoint(u); err != nil {
			return zero, err
		}
		return zero, conditionError(name, ec.op(id))
	}
	if cerr != nil {
		return fail(errorObject(cerr))
	}
	b, err := json.Marshal(next)
	if err != nil {
		return fail(errorObject(fmt.Errorf("durable: wait for condition %q: encode state: %w", name, err)))
	}
	dec := cfg.WaitStrategy(next, attempt)
	switch {
	case !dec.Continue:
		u := ec.update(id, "STEP", sub, name, "SUCCEED")
		u.Payload = str(string(b))
		if err := ec.checkpoint(u); err != nil {
			return zero, err
		}
		return decode[S](u.Payload, "wait for condition", name)
	case dec.Delay < 0:
		return fail("WaitForConditionError", fmt.Sprintf("the condition was still not met after %d attempts", attempt), "")
	}
	u := ec.update(id, "STEP", sub, name, "RETRY")
	u.Payload = str(string(b))
	u.NextAttemptDelay = seconds(dec.Delay)
	if err := ec.checkpoint(u); err != nil {
		return zero, err
	}
	return zero, ec.suspend()
}

func conditionError(name string, op *state.DurableOp) error {
	typ, msg, data, trace := opError(op)
	attempts := 1
	if op != nil {
		attempts = max(op.Attempt, 1)
	}
	e := &WaitForConditionError{Name: name, Attempts: attempts, ErrorType: typ, Message: msg, ErrorData: data, StackTrace: trace, Err: &stand{typ, msg}}
	if typ == "WaitForConditionError" {
		e.Err = ErrWaitExhausted
	}
	return e
}

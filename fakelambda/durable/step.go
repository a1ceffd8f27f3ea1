package durable

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// StepOption configures a step.
type StepOption func(*stepOptions)

type stepOptions struct {
	retry   RetryStrategy
	subType string
}

// WithRetry sets the step's retry strategy (the default is
// ExponentialBackoff()).
func WithRetry(s RetryStrategy) StepOption { return func(o *stepOptions) { o.retry = s } }

// RetryAttempt is a failed attempt a RetryStrategy decides about.
type RetryAttempt struct {
	_       [0]func()
	Err     error
	Attempt int // the attempt that failed, from 1
}

// RetryDecision says whether to retry and after how long (whole seconds,
// rounded up; zero means one second).
type RetryDecision struct {
	_     [0]func()
	Retry bool
	Delay time.Duration
}

// RetryStrategy decides whether a failed attempt is retried.
type RetryStrategy func(RetryAttempt) RetryDecision

// JitterStrategy is how retry delays vary. The fake applies none, whatever
// the strategy, so histories are the same every run.
type JitterStrategy string

// Jitter strategies.
const (
	JitterFull JitterStrategy = "FULL"
	JitterHalf JitterStrategy = "HALF"
	JitterNone JitterStrategy = "NONE"
)

// RetryConfig is an exponential backoff: attempt n is retried after
// min(InitialDelay * BackoffRate^(n-1), MaxDelay) while n < MaxAttempts.
// Zero fields take the official SDK's defaults: 3 attempts, 5 s, 5 min,
// rate 2.
type RetryConfig struct {
	_            [0]func()
	MaxAttempts  int
	InitialDelay time.Duration
	MaxDelay     time.Duration
	BackoffRate  float64
	Jitter       JitterStrategy
	// RetryableErrors, when set, retries only errors one of them matches.
	RetryableErrors []func(error) bool
}

// NewRetryStrategy makes a RetryStrategy of c.
func NewRetryStrategy(c RetryConfig) (RetryStrategy, error) {
	if c.MaxAttempts < 0 || c.InitialDelay < 0 || c.MaxDelay < 0 || c.BackoffRate < 0 || math.IsNaN(c.BackoffRate) || math.IsInf(c.BackoffRate, 0) {
		return nil, fmt.Errorf("durable: invalid RetryConfig %+v", c)
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 3
	}
	if c.InitialDelay == 0 {
		c.InitialDelay = 5 * time.Second
	}
	if c.MaxDelay == 0 {
		c.MaxDelay = 5 * time.Minute
	}
	if c.BackoffRate == 0 {
		c.BackoffRate = 2
	}
	return func(a RetryAttempt) RetryDecision {
		if a.Attempt >= c.MaxAttempts {
			return RetryDecision{}
		}
		if len(c.RetryableErrors) > 0 {
			ok := false
			for _, m := range c.RetryableErrors {
				ok = ok || m(a.Err)
			}
			if !ok {
				return RetryDecision{}
			}
		}
		d := float64(c.InitialDelay) * math.Pow(c.BackoffRate, float64(a.Attempt-1))
		if d >= float64(c.MaxDelay) { // capped before converting: a large d overflows time.Duration
			return RetryDecision{Retry: true, Delay: c.MaxDelay}
		}
		return RetryDecision{Retry: true, Delay: time.Duration(d)}
	}, nil
}

// MustNewRetryStrategy is NewRetryStrategy, panicking on an invalid config.
func MustNewRetryStrategy(c RetryConfig) RetryStrategy {
	s, err := NewRetryStrategy(c)
	if err != nil {
		panic(err)
	}
	return s
}

// ExponentialBackoff is the default strategy of a step: 6 attempts, 5 s
// doubling up to 60 s (5, 10, 20, 40, 60 s).
func ExponentialBackoff() RetryStrategy {
	return MustNewRetryStrategy(RetryConfig{MaxAttempts: 6, InitialDelay: 5 * time.Second, MaxDelay: time.Minute, BackoffRate: 2})
}

// NoRetry fails a step at its first failure.
func NoRetry() RetryStrategy { return func(RetryAttempt) RetryDecision { return RetryDecision{} } }

// Step runs fn as a checkpointed step named name and returns its result
// (encoded as JSON in the log). On replay a completed step returns its
// recorded result without running fn. A failed attempt is retried as the
// retry strategy says: the execution suspends until the retry is due on the
// fake's clock (StepFailed with RetryDetails in the history), then fn runs
// again with the next Attempt. When the strategy gives up the step fails:
// Step returns a *StepError (now and on every replay). A panic in fn is a
// failed attempt.
func Step[O any](ctx Context, name string, fn func(StepContext) (O, error), opts ...StepOption) (O, error) {
	var zero O
	ec, ok := ctx.(*execContext)
	if !ok {
		return zero, notSDKContext("Step", name)
	}
	o := stepOptions{subType: "Step"}
	for _, opt := range opts {
		opt(&o)
	}
	_, id, op, err := ec.claim("STEP", o.subType, name)
	if err != nil {
		return zero, err
	}
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			return decode[O](op.Result, "step", name)
		case state.OpFailed:
			return zero, stepError(name, op)
		case state.OpPending:
			return zero, ec.suspend()
		}
	}
	if op == nil || op.Status == state.OpReady {
		if err := ec.checkpoint(ec.update(id, "STEP", o.subType, name, "START")); err != nil {
			return zero, err
		}
	}
	attempt := 1
	if cur := ec.op(id); cur != nil {
		attempt = max(cur.Attempt, 1)
	}
	out, ferr := runStep(ec, attempt, fn)
	if ferr == nil {
		b, err := json.Marshal(out)
		if err != nil {
			ferr = fmt.Errorf("durable: step %q: encode result: %w", name, err)
		} else {
			u := ec.update(id, "STEP", o.subType, name, "SUCCEED")
			u.Payload = str(string(b))
			if err := ec.checkpoint(u); err != nil {
				return zero, err
			}
			return decode[O](u.Payload, "step", name)
		}
	}
	typ, msg, data := errorObject(ferr)
	if o.retry == nil {
		o.retry = ExponentialBackoff() // built only when an attempt failed, not for every replayed step
	}
	dec := o.retry(RetryAttempt{Err: ferr, Attempt: attempt})
	if dec.Retry && dec.Delay >= 0 {
		u := ec.update(id, "STEP", o.subType, name, "RETRY")
		u.Error = &state.DurableError{Type: typ, Message: msg, Data: data}
		u.NextAttemptDelay = seconds(dec.Delay)
		if err := ec.checkpoint(u); err != nil {
			return zero, err
		}
		return zero, ec.suspend()
	}
	u := ec.update(id, "STEP", o.subType, name, "FAIL")
	u.Error = &state.DurableError{Type: typ, Message: msg, Data: data}
	if err := ec.checkpoint(u); err != nil {
		return zero, err
	}
	return zero, stepError(name, ec.op(id))
}

// runStep runs one attempt of fn; a panic is its error.
func runStep[O any](ec *execContext, attempt int, fn func(StepContext) (O, error)) (out O, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("durable: step panicked: %v", p)
		}
	}()
	return fn(&stepContext{Context: ec.Context, ec: ec, attempt: attempt})
}

func stepError(name string, op *state.DurableOp) error {
	typ, msg, data, trace := opError(op)
	attempts := 1
	if op != nil {
		attempts = max(op.Attempt, 1)
	}
	return &StepError{Name: name, Attempts: attempts, ErrorType: typ, Message: msg, ErrorData: data, StackTrace: trace, Err: &stand{typ, msg}}
}

// decode reads a recorded JSON result into an O (the zero O for none).
func decode[O any](p *string, what, name string) (O, error) {
	var out O
	if p == nil || *p == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(*p), &out); err != nil {
		return out, fmt.Errorf("durable: %s %q: decode result: %w", what, name, err)
	}
	return out, nil
}

// Wait suspends the execution for d (rounded up to whole seconds, at least
// one) on the fake's clock. It returns nil on the replay after the wait's
// scheduled end; before, it returns the suspension, which the handler must
// return unchanged.
func Wait(ctx Context, name string, d time.Duration) error {
	ec, ok := ctx.(*execContext)
	if !ok {
		return notSDKContext("Wait", name)
	}
	if d <= 0 {
		return fmt.Errorf("durable: Wait %q: the duration must be positive (got %v)", name, d)
	}
	_, id, op, err := ec.claim("WAIT", "Wait", name)
	if err != nil {
		return err
	}
	if op != nil {
		switch op.Status {
		case state.OpSucceeded:
			return nil
		case state.OpCancelled:
			return &OperationError{Name: name, ErrorType: "WaitCancelled", Message: "the wait was cancelled"}
		}
		return ec.suspend()
	}
	u := ec.update(id, "WAIT", "Wait", name, "START")
	secs := seconds(d)
	u.WaitSeconds = &secs
	if err := ec.checkpoint(u); err != nil {
		return err
	}
	return ec.suspend()
}

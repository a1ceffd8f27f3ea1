package fakelambda_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
)

// Tests of package durable's primitives driven as a user drives them: a
// real lambda.Client starts executions (Event invokes of "fn:$LATEST"),
// the test moves the mock clock and reads GetDurableExecution,
// GetDurableExecutionHistory and GetDurableExecutionState.

// sdkStart creates function fn with durable code h and starts an execution
// of fn:$LATEST with payload (an Event invoke); it returns its ARN.
func sdkStart(t *testing.T, e *env, fn string, h *durable.Function, payload string) string {
	t.Helper()
	e.createFunction(t, fn)
	e.fake.SetDurableHandler(fn, h)
	return sdkInvoke(t, e, fn+":$LATEST", payload)
}

// sdkInvoke starts an execution of the qualified function fn.
func sdkInvoke(t *testing.T, e *env, fn, payload string) string {
	t.Helper()
	out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(fn),
		InvocationType: types.InvocationTypeEvent, Payload: []byte(payload)})
	require.NoError(t, err)
	require.Equal(t, int32(202), out.StatusCode)
	arn := aws.ToString(out.DurableExecutionArn)
	require.NotEmpty(t, arn)
	return arn
}

func sdkGet(t *testing.T, e *env, arn string) *lambda.GetDurableExecutionOutput {
	t.Helper()
	g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
	require.NoError(t, err)
	return g
}

// sdkHistory is the execution's whole history (every page).
func sdkHistory(t *testing.T, e *env, arn string) []types.Event {
	t.Helper()
	var evs []types.Event
	var marker *string
	for {
		out, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{
			DurableExecutionArn: &arn, MaxItems: 1000, Marker: marker, IncludeExecutionData: aws.Bool(true)})
		require.NoError(t, err)
		evs = append(evs, out.Events...)
		if aws.ToString(out.NextMarker) == "" {
			return evs
		}
		marker = out.NextMarker
	}
}

// ev is an event's shape: type, name, subtype, parent id, and its time as
// seconds after the test's start.
type ev struct {
	Type, Name, SubType, Parent string
	At                          int64
}

func (v ev) String() string {
	return fmt.Sprintf("%s %q %s parent=%s @%d", v.Type, v.Name, v.SubType, v.Parent, v.At)
}

// sdkShape is the history's shape, times relative to start. The events of
// the execution itself (Execution*, InvocationCompleted) carry the
// execution's name; the shape leaves it out.
func sdkShape(evs []types.Event, start time.Time) []ev {
	out := make([]ev, len(evs))
	for i, x := range evs {
		name, typ := aws.ToString(x.Name), string(x.EventType)
		if strings.HasPrefix(typ, "Execution") || typ == "InvocationCompleted" {
			name = ""
		}
		out[i] = ev{typ, name, aws.ToString(x.SubType), aws.ToString(x.ParentId),
			int64(aws.ToTime(x.EventTimestamp).Sub(start) / time.Second)}
	}
	return out
}

// sdkTypes is the history's event types.
func sdkTypes(evs []types.Event) []string {
	out := make([]string, len(evs))
	for i, x := range evs {
		out[i] = string(x.EventType)
	}
	return out
}

func requireShape(t *testing.T, want []ev, evs []types.Event, start time.Time) {
	t.Helper()
	got := sdkShape(evs, start)
	if !assertEqualEvs(want, got) {
		var b strings.Builder
		for _, g := range got {
			fmt.Fprintf(&b, "\t%v\n", g)
		}
		t.Fatalf("history:\n%swant:\n%v", b.String(), want)
	}
}

func assertEqualEvs(a, b []ev) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// MyErr is a user's error type: it is recorded as ErrorType "MyErr".
type MyErr struct{ N int }

func (e *MyErr) Error() string { return fmt.Sprintf("attempt %d failed", e.N) }

type none struct{}

// sdkAdvance moves the clock by d and reads the execution: the request
// runs what fell due.
func sdkAdvance(t *testing.T, e *env, arn string, d time.Duration) *lambda.GetDurableExecutionOutput {
	t.Helper()
	e.clk.Add(d)
	return sdkGet(t, e, arn)
}

func TestDurableSDKStepRetries(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var attempts []int
		h := func(ctx durable.Context, _ none) (string, error) {
			return durable.Step(ctx, "flaky", func(sc durable.StepContext) (string, error) {
				attempts = append(attempts, sc.Attempt())
				if len(attempts) < 3 {
					return "", &MyErr{len(attempts)}
				}
				return "ok", nil
			}, durable.WithRetry(durable.MustNewRetryStrategy(durable.RetryConfig{MaxAttempts: 3, InitialDelay: 5 * time.Second})))
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "retry", durable.Wrap(h), `{}`)
		id := aws.ToString(sdkHistory(t, e, arn)[1].Id)
		e.clk.Add(4 * time.Second)
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, arn).Status)
		require.Equal(t, []int{1}, attempts, "the retry does not run before its time")
		first := []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"StepStarted", "flaky", "Step", "", 0},
			{"StepFailed", "flaky", "Step", "", 0},
			{"InvocationCompleted", "", "", "", 0},
		}
		requireShape(t, first, sdkHistory(t, e, arn), start)

		sdkAdvance(t, e, arn, time.Second) // +5 s: attempt 2, which fails and retries after 10 s
		require.Equal(t, []int{1, 2}, attempts)
		sdkAdvance(t, e, arn, 10*time.Second)
		require.Equal(t, []int{1, 2, 3}, attempts)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"ok"`, aws.ToString(g.Result))
		evs := sdkHistory(t, e, arn)
		requireShape(t, append(first,
			ev{"StepStarted", "flaky", "Step", "", 5},
			ev{"StepFailed", "flaky", "Step", "", 5},
			ev{"InvocationCompleted", "", "", "", 5},
			ev{"StepStarted", "flaky", "Step", "", 15},
			ev{"StepSucceeded", "flaky", "Step", "", 15},
			ev{"InvocationCompleted", "", "", "", 15},
			ev{"ExecutionSucceeded", "", "", "", 15},
		), evs, start)
		for _, i := range []int{1, 4, 7, 8} {
			require.Equal(t, id, aws.ToString(evs[i].Id), "one operation, retried")
		}
		f1, f2 := evs[2].StepFailedDetails, evs[5].StepFailedDetails
		require.Equal(t, int32(1), f1.RetryDetails.CurrentAttempt)
		require.Equal(t, int32(5), aws.ToInt32(f1.RetryDetails.NextAttemptDelaySeconds))
		require.Equal(t, "MyErr", aws.ToString(f1.Error.Payload.ErrorType))
		require.Equal(t, "attempt 1 failed", aws.ToString(f1.Error.Payload.ErrorMessage))
		require.Equal(t, int32(2), f2.RetryDetails.CurrentAttempt)
		require.Equal(t, int32(10), aws.ToInt32(f2.RetryDetails.NextAttemptDelaySeconds))
		ok := evs[8].StepSucceededDetails
		require.Equal(t, int32(3), ok.RetryDetails.CurrentAttempt)
		require.Equal(t, `"ok"`, aws.ToString(ok.Result.Payload))
		require.Equal(t, []int{1, 2, 3}, attempts, "the body ran exactly 3 times")
	})
}

func TestDurableSDKStepDefaultRetryExhausts(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := 0
		var seen error
		h := func(ctx durable.Context, _ none) (string, error) {
			out, err := durable.Step(ctx, "doomed", func(sc durable.StepContext) (string, error) {
				runs++
				return "", &MyErr{sc.Attempt()}
			})
			seen = err
			return out, err
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "exhaust", durable.Wrap(h), `{}`)
		// ExponentialBackoff: 6 attempts, retried after 5, 10, 20, 40, 60 s.
		for i, d := range []time.Duration{5, 10, 20, 40, 60} {
			sdkAdvance(t, e, arn, d*time.Second-time.Second)
			require.Equal(t, i+1, runs, "attempt %d waits its delay", i+2)
			sdkAdvance(t, e, arn, time.Second)
		}
		g := sdkGet(t, e, arn)
		require.Equal(t, 6, runs)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "StepError", aws.ToString(g.Error.ErrorType))
		var se *durable.StepError
		require.ErrorAs(t, seen, &se)
		require.Equal(t, 6, se.Attempts)
		require.Equal(t, "MyErr", se.ErrorType)
		require.Equal(t, "attempt 6 failed", se.Message)
		require.Equal(t, "doomed", se.Name)

		evs := sdkHistory(t, e, arn)
		var delays []int32
		at := int64(0)
		for _, x := range evs {
			if x.StepFailedDetails != nil && x.StepFailedDetails.RetryDetails != nil {
				delays = append(delays, aws.ToInt32(x.StepFailedDetails.RetryDetails.NextAttemptDelaySeconds))
			}
		}
		require.Equal(t, []int32{5, 10, 20, 40, 60, 0}, delays)
		last := sdkShape(evs, start)
		at = 5 + 10 + 20 + 40 + 60
		require.Equal(t, []ev{{"StepStarted", "doomed", "Step", "", at}, {"StepFailed", "doomed", "Step", "", at},
			{"InvocationCompleted", "", "", "", at}, {"ExecutionFailed", "", "", "", at}}, last[len(last)-4:])
		fd := evs[len(evs)-3].StepFailedDetails
		require.Equal(t, int32(6), fd.RetryDetails.CurrentAttempt)
		require.Equal(t, "MyErr", aws.ToString(fd.Error.Payload.ErrorType))
	})
}

func TestDurableSDKStepNoRetryAndPanic(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := 0
		h := func(ctx durable.Context, _ none) (int, error) {
			return durable.Step(ctx, "once", func(durable.StepContext) (int, error) {
				runs++
				return 0, errors.New("no luck")
			}, durable.WithRetry(durable.NoRetry()))
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "noretry", durable.Wrap(h), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status, "NoRetry fails at once")
		require.Equal(t, "StepError", aws.ToString(g.Error.ErrorType))
		require.Equal(t, 1, runs)
		evs := sdkHistory(t, e, arn)
		requireShape(t, []ev{{"ExecutionStarted", "", "", "", 0}, {"StepStarted", "once", "Step", "", 0},
			{"StepFailed", "once", "Step", "", 0}, {"InvocationCompleted", "", "", "", 0}, {"ExecutionFailed", "", "", "", 0}}, evs, start)
		require.Equal(t, "Error", aws.ToString(evs[2].StepFailedDetails.Error.Payload.ErrorType), "errors.New is recorded as Error")
		require.Equal(t, "no luck", aws.ToString(evs[2].StepFailedDetails.Error.Payload.ErrorMessage))

		// A panicking body is a failed attempt, retried.
		panics := 0
		p := func(ctx durable.Context, _ none) (string, error) {
			return durable.Step(ctx, "panicky", func(sc durable.StepContext) (string, error) {
				if sc.Attempt() == 1 {
					panics++
					panic("kaboom")
				}
				return "recovered", nil
			}, durable.WithRetry(durable.MustNewRetryStrategy(durable.RetryConfig{MaxAttempts: 2, InitialDelay: time.Second})))
		}
		arn = sdkStart(t, e, "panicky", durable.Wrap(p), `{}`)
		evs = sdkHistory(t, e, arn)
		require.Equal(t, "StepFailed", string(evs[2].EventType))
		require.Contains(t, aws.ToString(evs[2].StepFailedDetails.Error.Payload.ErrorMessage), "kaboom")
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, arn).Status)
		g = sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"recovered"`, aws.ToString(g.Result))
		require.Equal(t, 1, panics)
	})
}

// opID is the wire id of a positional id: the first 16 hex digits of its MD5.
func opID(pos string) string {
	sum := md5.Sum([]byte(pos))
	return hex.EncodeToString(sum[:])[:16]
}

func TestDurableSDKReplayIDs(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := map[string]int{}
		var replaying []bool
		h := func(ctx durable.Context, in string) (string, error) {
			replaying = append(replaying, ctx.IsReplaying())
			a, err := durable.Step(ctx, "a", func(durable.StepContext) (string, error) { runs["a"]++; return in + "-a", nil })
			if err != nil {
				return "", err
			}
			c, err := durable.RunInChildContext(ctx, "c", func(ctx durable.Context) (string, error) {
				runs["c"]++
				x, err := durable.Step(ctx, "x", func(durable.StepContext) (string, error) { runs["x"]++; return "x", nil })
				if err != nil {
					return "", err
				}
				if err := durable.Wait(ctx, "w", time.Minute); err != nil {
					return "", err
				}
				return x + "-c", nil
			})
			if err != nil {
				return "", err
			}
			replaying = append(replaying, ctx.IsReplaying())
			b, err := durable.Step(ctx, "b", func(durable.StepContext) (string, error) { runs["b"]++; return "b", nil })
			replaying = append(replaying, ctx.IsReplaying())
			return a + "," + c + "," + b, err
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "ids", durable.Wrap(h), `"in"`)
		require.Equal(t, []bool{false}, replaying)
		g := sdkAdvance(t, e, arn, time.Minute)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"in-a,x-c,b"`, aws.ToString(g.Result))
		require.Equal(t, map[string]int{"a": 1, "c": 2, "x": 1, "b": 1}, runs,
			"a child context not completed runs its body again on replay; its completed step does not")
		require.Equal(t, []bool{false, true, true, false}, replaying, "replaying until the first new operation")
		evs := sdkHistory(t, e, arn)
		c := opID("2")
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"StepStarted", "a", "Step", "", 0},
			{"StepSucceeded", "a", "Step", "", 0},
			{"ContextStarted", "c", "RunInChildContext", "", 0},
			{"StepStarted", "x", "Step", c, 0},
			{"StepSucceeded", "x", "Step", c, 0},
			{"WaitStarted", "w", "Wait", c, 0},
			{"InvocationCompleted", "", "", "", 0},
			{"WaitSucceeded", "w", "Wait", c, 60},
			{"ContextSucceeded", "c", "RunInChildContext", "", 60},
			{"StepStarted", "b", "Step", "", 60},
			{"StepSucceeded", "b", "Step", "", 60},
			{"InvocationCompleted", "", "", "", 60},
			{"ExecutionSucceeded", "", "", "", 60},
		}, evs, start)
		for i, pos := range map[int]string{1: "1", 3: "2", 4: "2-1", 6: "2-2", 8: "2-2", 9: "2", 10: "3"} {
			require.Equal(t, opID(pos), aws.ToString(evs[i].Id), "event %d is operation %q", i, pos)
		}
		require.Equal(t, int32(60), aws.ToInt32(evs[6].WaitStartedDetails.Duration))
		require.Equal(t, start.Add(time.Minute), aws.ToTime(evs[6].WaitStartedDetails.ScheduledEndTimestamp))
		require.Equal(t, `"x-c"`, aws.ToString(evs[9].ContextSucceededDetails.Result.Payload))
	})
}

func TestDurableSDKNonDeterministicReplay(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		inv := 0
		var seen error
		h := func(ctx durable.Context, _ none) (string, error) {
			inv++
			first, second := "a", "b"
			if inv > 1 { // the code changed its order between invocations
				first, second = second, first
			}
			if _, err := durable.Step(ctx, first, func(durable.StepContext) (int, error) { return 1, nil }); err != nil {
				seen = err
				return "", err
			}
			if err := durable.Wait(ctx, "w", time.Second); err != nil {
				return "", err
			}
			return durable.Step(ctx, second, func(durable.StepContext) (string, error) { return "done", nil })
		}
		arn := sdkStart(t, e, "nondet", durable.Wrap(h), `{}`)
		g := sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, 2, inv)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "NonDeterministicReplayError", aws.ToString(g.Error.ErrorType))
		var nd *durable.NonDeterministicReplayError
		require.ErrorAs(t, seen, &nd)
		require.Equal(t, "1", nd.StepID)
		require.Equal(t, "a", nd.ExpectedName)
		require.Equal(t, "b", nd.ActualName)
		require.Equal(t, "STEP", nd.ExpectedType)
		types_ := sdkTypes(sdkHistory(t, e, arn))
		require.Equal(t, []string{"ExecutionStarted", "StepStarted", "StepSucceeded", "WaitStarted", "InvocationCompleted",
			"WaitSucceeded", "InvocationCompleted", "ExecutionFailed"}, types_)

		// Another type at the same position is caught too.
		inv2 := 0
		h2 := func(ctx durable.Context, _ none) (string, error) {
			inv2++
			if inv2 == 1 {
				return "", durable.Wait(ctx, "x", time.Second)
			}
			_, err := durable.Step(ctx, "x", func(durable.StepContext) (int, error) { return 1, nil })
			return "", err
		}
		arn = sdkStart(t, e, "nondet2", durable.Wrap(h2), `{}`)
		g = sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "NonDeterministicReplayError", aws.ToString(g.Error.ErrorType))
		require.Contains(t, aws.ToString(g.Error.ErrorMessage), "WAIT")
	})
}

func TestDurableSDKSwallowedSuspension(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		inv := 0
		h := func(ctx durable.Context, _ none) (string, error) {
			inv++
			_ = durable.Wait(ctx, "ignored", time.Hour) // the suspension is swallowed
			// Operations after a suspension refuse: they return the suspension too.
			_, err := durable.Step(ctx, "after", func(durable.StepContext) (int, error) { return 1, nil })
			if inv == 1 {
				require.Error(t, err)
			}
			return "done", nil
		}
		arn := sdkStart(t, e, "swallow", durable.Wrap(h), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusRunning, g.Status, "the invocation still suspends")
		require.Equal(t, []string{"ExecutionStarted", "WaitStarted", "InvocationCompleted"}, sdkTypes(sdkHistory(t, e, arn)))
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, time.Hour-time.Second).Status)
		g = sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"done"`, aws.ToString(g.Result))
		require.Equal(t, 2, inv)
	})
}

func TestDurableSDKChildContext(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		bodies := 0
		h := func(ctx durable.Context, _ none) (int, error) {
			n, err := durable.RunInChildContext(ctx, "sum", func(ctx durable.Context) (int, error) {
				bodies++
				a, err := durable.Step(ctx, "one", func(durable.StepContext) (int, error) { return 1, nil })
				if err != nil {
					return 0, err
				}
				b, err := durable.Step(ctx, "two", func(durable.StepContext) (int, error) { return 2, nil })
				return a + b, err
			})
			if err != nil {
				return 0, err
			}
			if err := durable.Wait(ctx, "nap", 10*time.Second); err != nil {
				return 0, err
			}
			_, err = durable.RunInChildContext(ctx, "bad", func(ctx durable.Context) (int, error) {
				return durable.Step(ctx, "fails", func(durable.StepContext) (int, error) { return 0, &MyErr{9} },
					durable.WithRetry(durable.NoRetry()))
			})
			var ce *durable.ChildContextError
			if !errors.As(err, &ce) {
				return 0, fmt.Errorf("want a ChildContextError, got %v", err)
			}
			if ce.ErrorType != "StepError" || ce.Name != "bad" {
				return 0, fmt.Errorf("unexpected %+v", ce)
			}
			return n, nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "child", durable.Wrap(h), `{}`)
		g := sdkAdvance(t, e, arn, 10*time.Second)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.Equal(t, `3`, aws.ToString(g.Result))
		require.Equal(t, 1, bodies, "replay does not run a completed child's body again")
		sum, bad := opID("1"), opID("3")
		evs := sdkHistory(t, e, arn)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ContextStarted", "sum", "RunInChildContext", "", 0},
			{"StepStarted", "one", "Step", sum, 0},
			{"StepSucceeded", "one", "Step", sum, 0},
			{"StepStarted", "two", "Step", sum, 0},
			{"StepSucceeded", "two", "Step", sum, 0},
			{"ContextSucceeded", "sum", "RunInChildContext", "", 0},
			{"WaitStarted", "nap", "Wait", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"WaitSucceeded", "nap", "Wait", "", 10},
			{"ContextStarted", "bad", "RunInChildContext", "", 10},
			{"StepStarted", "fails", "Step", bad, 10},
			{"StepFailed", "fails", "Step", bad, 10},
			{"ContextFailed", "bad", "RunInChildContext", "", 10},
			{"InvocationCompleted", "", "", "", 10},
			{"ExecutionSucceeded", "", "", "", 10},
		}, evs, start)
		require.Equal(t, opID("1-2"), aws.ToString(evs[4].Id))
		require.Equal(t, "StepError", aws.ToString(evs[13].ContextFailedDetails.Error.Payload.ErrorType))
	})
}

// chainOutcome is what a parent saw of its chained invoke.
type chainOutcome struct {
	out string
	err error
}

// sdkChainParent is a durable function that invokes target with input and
// records what it got; it returns the result or the error.
func sdkChainParent(target string, input any, got *chainOutcome) durable.Handler[none, string] {
	return func(ctx durable.Context, _ none) (string, error) {
		out, err := durable.Invoke[string](ctx, "call", target, input)
		got.out, got.err = out, err
		return out, err
	}
}

func TestDurableSDKChainedInvokePlain(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "plain")
		var payloads []string
		e.fake.SetHandler("plain", func(_ context.Context, p []byte) ([]byte, error) {
			payloads = append(payloads, string(p))
			return []byte(`"shouted ` + strings.ToUpper(gjsonField(p)) + `"`), nil
		})
		var got chainOutcome
		start := e.clk.Now()
		arn := sdkStart(t, e, "caller", durable.Wrap(sdkChainParent("plain:$LATEST", map[string]string{"word": "hi"}, &got)), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "a plain function answers at once: the same request runs it all")
		require.Equal(t, `"shouted HI"`, aws.ToString(g.Result))
		require.NoError(t, got.err)
		require.Equal(t, []string{`{"word":"hi"}`}, payloads)
		evs := sdkHistory(t, e, arn)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ChainedInvokeStarted", "call", "ChainedInvoke", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"ChainedInvokeSucceeded", "call", "ChainedInvoke", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"ExecutionSucceeded", "", "", "", 0},
		}, evs, start)
		sd := evs[1].ChainedInvokeStartedDetails
		require.Equal(t, "plain:$LATEST", aws.ToString(sd.FunctionName))
		require.Equal(t, `{"word":"hi"}`, aws.ToString(sd.Input.Payload))
		require.Equal(t, "$LATEST", aws.ToString(sd.ExecutedVersion))
		require.Empty(t, aws.ToString(sd.DurableExecutionArn))
		require.Equal(t, `"shouted HI"`, aws.ToString(evs[3].ChainedInvokeSucceededDetails.Result.Payload))
		require.Equal(t, opID("1"), aws.ToString(evs[3].Id))

		// A failing plain function: an InvokeError with its errorType.
		e.createFunction(t, "broken")
		e.fake.SetHandler("broken", func(context.Context, []byte) ([]byte, error) {
			return nil, &fakelambda.FunctionError{Type: "Oops", Message: "it broke"}
		})
		got = chainOutcome{}
		arn = sdkStart(t, e, "caller2", durable.Wrap(sdkChainParent("broken:$LATEST", 1, &got)), `{}`)
		g = sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "InvokeError", aws.ToString(g.Error.ErrorType))
		var ie *durable.InvokeError
		require.ErrorAs(t, got.err, &ie)
		require.Equal(t, "FAILED", ie.Status)
		require.Equal(t, "Oops", ie.ErrorType)
		require.Equal(t, "it broke", ie.Message)
		require.Equal(t, "broken:$LATEST", ie.FunctionID)
		evs = sdkHistory(t, e, arn)
		require.Equal(t, "ChainedInvokeFailed", string(evs[3].EventType))
		require.Equal(t, "Oops", aws.ToString(evs[3].ChainedInvokeFailedDetails.Error.Payload.ErrorType))

		// An unknown target: an InvokeError with ResourceNotFoundException.
		got = chainOutcome{}
		arn = sdkStart(t, e, "caller3", durable.Wrap(sdkChainParent("nowhere:$LATEST", 1, &got)), `{}`)
		require.Equal(t, types.ExecutionStatusFailed, sdkGet(t, e, arn).Status)
		require.ErrorAs(t, got.err, &ie)
		require.Equal(t, "ResourceNotFoundException", ie.ErrorType)
		require.Equal(t, "FAILED", ie.Status)
	})
}

// gjsonField is the value of the one string field of a JSON object.
func gjsonField(p []byte) string {
	var m map[string]string
	_ = json.Unmarshal(p, &m)
	for _, v := range m {
		return v
	}
	return ""
}

func TestDurableSDKChainedInvokeDurable(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "worker")
		childRuns := 0
		e.fake.SetDurableHandler("worker", durable.Wrap(func(ctx durable.Context, in map[string]int) (string, error) {
			childRuns++
			if err := durable.Wait(ctx, "slow", time.Hour); err != nil {
				return "", err
			}
			if in["fail"] == 1 {
				return "", &MyErr{in["fail"]}
			}
			return fmt.Sprintf("worked %d", in["n"]), nil
		}))
		var got chainOutcome
		start := e.clk.Now()
		arn := sdkStart(t, e, "boss", durable.Wrap(sdkChainParent("worker:$LATEST", map[string]int{"n": 7}, &got)), `{}`)

		list, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("worker")})
		require.NoError(t, err)
		require.Len(t, list.DurableExecutions, 1)
		child := aws.ToString(list.DurableExecutions[0].DurableExecutionArn)
		require.Contains(t, child, ":function:worker:$LATEST/durable-execution/")
		evs := sdkHistory(t, e, arn)
		require.Equal(t, "ChainedInvokeStarted", string(evs[1].EventType))
		require.Equal(t, child, aws.ToString(evs[1].ChainedInvokeStartedDetails.DurableExecutionArn))
		require.Equal(t, "$LATEST", aws.ToString(evs[1].ChainedInvokeStartedDetails.ExecutedVersion))
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, child).Status)
		require.Equal(t, `{"n":7}`, aws.ToString(sdkGet(t, e, child).InputPayload))

		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, time.Hour-time.Second).Status, "the parent waits for its child")
		g := sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"worked 7"`, aws.ToString(g.Result))
		require.Equal(t, types.ExecutionStatusSucceeded, sdkGet(t, e, child).Status)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ChainedInvokeStarted", "call", "ChainedInvoke", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"ChainedInvokeSucceeded", "call", "ChainedInvoke", "", 3600},
			{"InvocationCompleted", "", "", "", 3600},
			{"ExecutionSucceeded", "", "", "", 3600},
		}, sdkHistory(t, e, arn), start)
		require.Equal(t, 2, childRuns)

		// The child fails: an InvokeError of Status FAILED.
		got = chainOutcome{}
		arn = sdkStart(t, e, "boss2", durable.Wrap(sdkChainParent("worker:$LATEST", map[string]int{"fail": 1}, &got)), `{}`)
		g = sdkAdvance(t, e, arn, time.Hour)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		var ie *durable.InvokeError
		require.ErrorAs(t, got.err, &ie)
		require.Equal(t, "FAILED", ie.Status)
		require.Equal(t, "MyErr", ie.ErrorType)
		require.Equal(t, "attempt 1 failed", ie.Message)

		// The child is stopped: an InvokeError wrapping ErrExecutionStopped.
		got = chainOutcome{}
		arn = sdkStart(t, e, "boss3", durable.Wrap(sdkChainParent("worker:$LATEST", map[string]int{"n": 1}, &got)), `{}`)
		list, err = e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{
			FunctionName: aws.String("worker"), Statuses: []types.ExecutionStatus{types.ExecutionStatusRunning}})
		require.NoError(t, err)
		require.Len(t, list.DurableExecutions, 1)
		_, err = e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: list.DurableExecutions[0].DurableExecutionArn})
		require.NoError(t, err)
		g = sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.ErrorAs(t, got.err, &ie)
		require.Equal(t, "STOPPED", ie.Status)
		require.ErrorIs(t, got.err, durable.ErrExecutionStopped)
		types_ := sdkTypes(sdkHistory(t, e, arn))
		require.Equal(t, "ChainedInvokeStopped", types_[3])
	})
}

func TestDurableSDKParallel(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := map[string]int{}
		var res durable.BatchResult[string]
		var berr error
		branch := func(name string, wait time.Duration) durable.Branch[string] {
			return durable.Branch[string]{Name: name, Func: func(ctx durable.Context) (string, error) {
				runs[name]++
				if wait > 0 {
					if err := durable.Wait(ctx, "w", wait); err != nil {
						return "", err
					}
				}
				return durable.Step(ctx, "s", func(durable.StepContext) (string, error) { return name + "!", nil })
			}}
		}
		h := func(ctx durable.Context, _ none) ([]string, error) {
			res, berr = durable.Parallel(ctx, "p", []durable.Branch[string]{branch("b1", 0), branch("b2", 30*time.Second), branch("b3", 0)})
			if berr != nil {
				return nil, berr
			}
			return res.Results(), nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "par", durable.Wrap(h), `{}`)
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, arn).Status)
		require.Equal(t, map[string]int{"b1": 1, "b2": 1, "b3": 1}, runs, "a waiting branch lets the others run")
		g := sdkAdvance(t, e, arn, 30*time.Second)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `["b1!","b2!","b3!"]`, aws.ToString(g.Result), "results in order")
		require.NoError(t, berr)
		require.Equal(t, 3, res.SuccessCount())
		require.Equal(t, 0, res.FailureCount())
		require.Equal(t, 3, res.TotalCount())
		require.Equal(t, durable.CompletionAllCompleted, res.Reason)
		r2, ok := res.Result("b2")
		require.True(t, ok)
		require.Equal(t, "b2!", r2)
		require.Equal(t, map[string]int{"b1": 1, "b2": 2, "b3": 1}, runs, "completed branches do not run again")
		p, b1, b2, b3 := opID("1"), opID("1-1"), opID("1-2"), opID("1-3")
		evs := sdkHistory(t, e, arn)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ContextStarted", "p", "Parallel", "", 0},
			{"ContextStarted", "b1", "ParallelBranch", p, 0},
			{"StepStarted", "s", "Step", b1, 0},
			{"StepSucceeded", "s", "Step", b1, 0},
			{"ContextSucceeded", "b1", "ParallelBranch", p, 0},
			{"ContextStarted", "b2", "ParallelBranch", p, 0},
			{"WaitStarted", "w", "Wait", b2, 0},
			{"ContextStarted", "b3", "ParallelBranch", p, 0},
			{"StepStarted", "s", "Step", b3, 0},
			{"StepSucceeded", "s", "Step", b3, 0},
			{"ContextSucceeded", "b3", "ParallelBranch", p, 0},
			{"InvocationCompleted", "", "", "", 0},
			{"WaitSucceeded", "w", "Wait", b2, 30},
			{"StepStarted", "s", "Step", b2, 30},
			{"StepSucceeded", "s", "Step", b2, 30},
			{"ContextSucceeded", "b2", "ParallelBranch", p, 30},
			{"ContextSucceeded", "p", "Parallel", "", 30},
			{"InvocationCompleted", "", "", "", 30},
			{"ExecutionSucceeded", "", "", "", 30},
		}, evs, start)
		require.Equal(t, opID("1-2-2"), aws.ToString(evs[14].Id))
		// The batch's CONTEXT records the fake's own summary (the official
		// SDK's shape is not documented).
		require.JSONEq(t, `{"completionReason":"ALL_COMPLETED","items":[{"index":0,"name":"b1","status":"SUCCEEDED"},
			{"index":1,"name":"b2","status":"SUCCEEDED"},{"index":2,"name":"b3","status":"SUCCEEDED"}]}`,
			aws.ToString(evs[17].ContextSucceededDetails.Result.Payload))
	})
}

// mapOutcome is what one Map of TestDurableSDKMapCompletion saw.
type mapOutcome struct {
	res durable.BatchResult[int]
	err error
}

func TestDurableSDKMapCompletion(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		ints := func(n int) *int { return &n }
		got := map[string]mapOutcome{}
		ran := map[string][]int{}
		// Items fail when they are odd.
		square := func(label string) func(ctx durable.Context, item, index int) (int, error) {
			return func(ctx durable.Context, item, index int) (int, error) {
				ran[label] = append(ran[label], index)
				if item%2 == 1 {
					return 0, &MyErr{item}
				}
				return item * item, nil
			}
		}
		h := func(ctx durable.Context, _ none) (string, error) {
			for _, c := range []struct {
				label string
				items []int
				opts  []durable.BatchOption
			}{
				{"failfast", []int{2, 3, 4, 6}, nil},
				{"tolerate1", []int{2, 3, 4, 6}, []durable.BatchOption{durable.WithCompletion(durable.CompletionConfig{ToleratedFailureCount: ints(1)})}},
				{"tolerate1of2", []int{1, 3, 4, 6}, []durable.BatchOption{durable.WithCompletion(durable.CompletionConfig{ToleratedFailureCount: ints(1)})}},
				{"min2", []int{2, 4, 6, 8}, []durable.BatchOption{durable.WithCompletion(durable.CompletionConfig{MinSuccessful: ints(2)}),
					durable.WithItemNamer(func(i int) string { return fmt.Sprintf("item-%d", i) })}},
			} {
				res, err := durable.Map(ctx, c.label, c.items, square(c.label), c.opts...)
				got[c.label] = mapOutcome{res, err}
			}
			return "ok", nil
		}
		arn := sdkStart(t, e, "mapper", durable.Wrap(h), `{}`)
		require.Equal(t, types.ExecutionStatusSucceeded, sdkGet(t, e, arn).Status)

		ff := got["failfast"]
		var be *durable.BatchError
		require.ErrorAs(t, ff.err, &be)
		require.Equal(t, durable.CompletionFailureToleranceExceeded, be.Reason)
		require.Equal(t, "failfast", be.Name)
		require.Len(t, be.Errors, 1)
		require.Equal(t, durable.CompletionFailureToleranceExceeded, ff.res.Reason)
		require.Equal(t, []durable.BatchItemStatus{durable.BatchItemSucceeded, durable.BatchItemFailed, durable.BatchItemNotStarted,
			durable.BatchItemNotStarted}, statuses(ff.res))
		require.Equal(t, []int{0, 1}, ran["failfast"], "fail-fast: the items after the failure do not start")
		require.Equal(t, []int{4}, ff.res.Results())
		var ce *durable.ChildContextError
		require.ErrorAs(t, ff.res.Items[1].Err, &ce)
		require.Equal(t, "MyErr", ce.ErrorType)

		t1 := got["tolerate1"]
		require.NoError(t, t1.err)
		require.Equal(t, durable.CompletionAllCompleted, t1.res.Reason)
		require.Equal(t, []int{4, 16, 36}, t1.res.Results())
		require.Equal(t, 1, t1.res.FailureCount())
		require.Error(t, t1.res.ThrowIfError())

		t2 := got["tolerate1of2"]
		require.ErrorAs(t, t2.err, &be)
		require.Equal(t, durable.CompletionFailureToleranceExceeded, t2.res.Reason)
		require.Equal(t, []int{0, 1}, ran["tolerate1of2"])

		m2 := got["min2"]
		require.NoError(t, m2.err)
		require.Equal(t, durable.CompletionMinSuccessfulReached, m2.res.Reason)
		require.Equal(t, []int{4, 16}, m2.res.Results())
		require.Equal(t, []int{0, 1}, ran["min2"])
		require.Equal(t, "item-1", m2.res.Items[1].Name)

		// The history: each Map a CONTEXT of SubType Map holding
		// MapIteration contexts; item names from the namer.
		var maps, iters []string
		for _, x := range sdkHistory(t, e, arn) {
			switch {
			case x.EventType == types.EventTypeContextSucceeded && aws.ToString(x.SubType) == "Map":
				maps = append(maps, aws.ToString(x.Name))
			case x.EventType == types.EventTypeContextStarted && aws.ToString(x.SubType) == "MapIteration":
				iters = append(iters, aws.ToString(x.ParentId)+"/"+aws.ToString(x.Name))
			}
		}
		require.Equal(t, []string{"failfast", "tolerate1", "tolerate1of2", "min2"}, maps)
		require.Equal(t, []string{opID("1") + "/", opID("1") + "/", opID("2") + "/", opID("2") + "/", opID("2") + "/", opID("2") + "/",
			opID("3") + "/", opID("3") + "/", opID("4") + "/item-0", opID("4") + "/item-1"}, iters)
	})
}

func statuses[O any](r durable.BatchResult[O]) []durable.BatchItemStatus {
	var out []durable.BatchItemStatus
	for _, it := range r.Items {
		out = append(out, it.Status)
	}
	return out
}

// A batch that completed while a branch was still waiting (fail-fast here)
// keeps its result on replay: the waiting branch does not go on.
func TestDurableSDKBatchCompletedWithWaitingBranch(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen []durable.BatchResult[string]
		slowRuns := 0
		h := func(ctx durable.Context, _ none) (string, error) {
			res, err := durable.Parallel(ctx, "p", []durable.Branch[string]{
				{Name: "slow", Func: func(ctx durable.Context) (string, error) {
					if err := durable.Wait(ctx, "w", 10*time.Second); err != nil {
						return "", err
					}
					return durable.Step(ctx, "late", func(durable.StepContext) (string, error) { slowRuns++; return "late", nil })
				}},
				{Name: "bad", Func: func(ctx durable.Context) (string, error) { return "", errors.New("bad branch") }},
			})
			seen = append(seen, res)
			var be *durable.BatchError
			if !errors.As(err, &be) {
				return "", fmt.Errorf("want a BatchError, got %v", err)
			}
			if err := durable.Wait(ctx, "after", time.Minute); err != nil {
				return "", err
			}
			return string(res.Items[0].Status), nil
		}
		arn := sdkStart(t, e, "halfdone", durable.Wrap(h), `{}`)
		g := sdkAdvance(t, e, arn, time.Minute)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.Equal(t, `"STARTED"`, aws.ToString(g.Result), "the batch's result is the same on every replay")
		require.Zero(t, slowRuns, "a branch of a completed batch does not go on")
		for _, r := range seen {
			require.Equal(t, []durable.BatchItemStatus{durable.BatchItemStarted, durable.BatchItemFailed}, statuses(r))
			require.Equal(t, durable.CompletionFailureToleranceExceeded, r.Reason)
		}
		for _, x := range sdkHistory(t, e, arn) {
			require.NotEqual(t, "late", aws.ToString(x.Name))
		}
	})
}

func TestDurableSDKCreateCallback(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var ids []string
		h := func(ctx durable.Context, _ none) (string, error) {
			cb, err := durable.CreateCallback[map[string]string](ctx, "approval", durable.WithCallbackTimeout(time.Hour))
			if err != nil {
				return "", err
			}
			ids = append(ids, cb.ID())
			v, err := cb.Result()
			if err != nil {
				return "", err
			}
			return v["by"], nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "cb", durable.Wrap(h), `{}`)
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, 10*time.Minute).Status)
		evs := sdkHistory(t, e, arn)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"CallbackStarted", "approval", "Callback", "", 0},
			{"InvocationCompleted", "", "", "", 0},
		}, evs, start)
		id := aws.ToString(evs[1].CallbackStartedDetails.CallbackId)
		require.Equal(t, []string{id}, ids, "the callback's ID is known at once")
		require.Equal(t, int32(3600), aws.ToInt32(evs[1].CallbackStartedDetails.Timeout))

		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
			CallbackId: &id, Result: []byte(`{"by":"alice"}`)})
		require.NoError(t, err)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"alice"`, aws.ToString(g.Result))
		require.Equal(t, []string{id, id}, ids, "the same ID on replay")
		evs = sdkHistory(t, e, arn)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"CallbackStarted", "approval", "Callback", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"CallbackSucceeded", "approval", "Callback", "", 600},
			{"InvocationCompleted", "", "", "", 600},
			{"ExecutionSucceeded", "", "", "", 600},
		}, evs, start)
		require.Equal(t, `{"by":"alice"}`, aws.ToString(evs[3].CallbackSucceededDetails.Result.Payload))

		// A callback answered with a failure: a *CallbackError with the
		// ErrorType sent; one that times out: ErrCallbackTimedOut.
		var seen []error
		hf := func(ctx durable.Context, _ none) (string, error) {
			cb, err := durable.CreateCallback[string](ctx, "approval", durable.WithCallbackTimeout(time.Hour))
			if err != nil {
				return "", err
			}
			v, err := cb.Result()
			seen = append(seen, err)
			return v, err
		}
		arn = sdkStart(t, e, "cbfail", durable.Wrap(hf), `{}`)
		id = aws.ToString(sdkHistory(t, e, arn)[1].CallbackStartedDetails.CallbackId)
		_, err = e.client.SendDurableExecutionCallbackFailure(e.ctx, &lambda.SendDurableExecutionCallbackFailureInput{
			CallbackId: &id, Error: &types.ErrorObject{ErrorType: aws.String("Rejected"), ErrorMessage: aws.String("no way")}})
		require.NoError(t, err)
		g = sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "Rejected", aws.ToString(g.Error.ErrorType), "a CallbackError is recorded with the ErrorType sent")
		var ce *durable.CallbackError
		require.ErrorAs(t, seen[len(seen)-1], &ce)
		require.Equal(t, "Rejected", ce.ErrorType)
		require.Equal(t, "no way", ce.Message)
		require.Equal(t, id, ce.CallbackID)

		seen = nil
		arn = sdkStart(t, e, "cbtimeout", durable.Wrap(hf), `{}`)
		g = sdkAdvance(t, e, arn, time.Hour)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.ErrorAs(t, seen[len(seen)-1], &ce)
		require.ErrorIs(t, seen[len(seen)-1], durable.ErrCallbackTimedOut)
		require.Equal(t, "Callback.Timeout", ce.ErrorType)
		require.Equal(t, "CallbackTimedOut", string(sdkHistory(t, e, arn)[3].EventType))
	})
}

func TestDurableSDKWaitForCallbackAnsweredInSubmitter(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		invocations := 0
		h := func(ctx durable.Context, _ none) (string, error) {
			invocations++
			return durable.WaitForCallback[string](ctx, "quick", func(sc durable.StepContext, callbackID string) error {
				// The external system answers before the submitter returns.
				_, err := e.client.SendDurableExecutionCallbackSuccess(sc, &lambda.SendDurableExecutionCallbackSuccessInput{
					CallbackId: &callbackID, Result: []byte(`"fast"`)})
				return err
			})
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "wfc", durable.Wrap(h), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.Equal(t, `"fast"`, aws.ToString(g.Result))
		require.Equal(t, 1, invocations, "no extra invocation")
		ctxID := opID("1")
		evs := sdkHistory(t, e, arn)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ContextStarted", "quick", "WaitForCallback", "", 0},
			{"CallbackStarted", "", "Callback", ctxID, 0},
			{"StepStarted", "", "Step", ctxID, 0},
			{"CallbackSucceeded", "", "Callback", ctxID, 0},
			{"StepSucceeded", "", "Step", ctxID, 0},
			{"ContextSucceeded", "quick", "WaitForCallback", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"ExecutionSucceeded", "", "", "", 0},
		}, evs, start)
		require.Equal(t, opID("1-1"), aws.ToString(evs[2].Id))
		require.Equal(t, opID("1-2"), aws.ToString(evs[3].Id))
	})
}

func TestDurableSDKWaitForCallbackSubmitterFails(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		submits := 0
		h := func(ctx durable.Context, _ none) (string, error) {
			out, err := durable.WaitForCallback[string](ctx, "notify", func(durable.StepContext, string) error {
				submits++
				return &MyErr{submits}
			}, durable.WithSubmitterRetry(durable.MustNewRetryStrategy(durable.RetryConfig{MaxAttempts: 2, InitialDelay: 3 * time.Second})))
			seen = err
			return out, err
		}
		arn := sdkStart(t, e, "wfcfail", durable.Wrap(h), `{}`)
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, arn).Status)
		g := sdkAdvance(t, e, arn, 3*time.Second)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, 2, submits)
		var se *durable.StepError
		require.ErrorAs(t, seen, &se)
		require.Equal(t, 2, se.Attempts)
		require.Equal(t, "MyErr", se.ErrorType)
		require.Equal(t, "StepError", aws.ToString(g.Error.ErrorType))
		typs := sdkTypes(sdkHistory(t, e, arn))
		require.Equal(t, []string{"ExecutionStarted", "ContextStarted", "CallbackStarted", "StepStarted", "StepFailed", "InvocationCompleted",
			"StepStarted", "StepFailed", "ContextFailed", "InvocationCompleted", "ExecutionFailed"}, typs)
	})
}

// sdkMixedWorkflow uses every primitive; it is run in fresh fakes by
// TestDurableSDKDeterminism.
func sdkMixedWorkflow(ctx durable.Context, in map[string]int) (map[string]any, error) {
	out := map[string]any{}
	n, err := durable.Step(ctx, "flaky", func(sc durable.StepContext) (int, error) {
		if sc.Attempt() < 2 {
			return 0, errors.New("not yet")
		}
		return in["n"] * 2, nil
	})
	if err != nil {
		return nil, err
	}
	out["flaky"] = n
	if err := durable.Wait(ctx, "nap", 90*time.Minute); err != nil {
		return nil, err
	}
	par, err := durable.Parallel(ctx, "fan", []durable.Branch[int]{
		{Name: "left", Func: func(ctx durable.Context) (int, error) {
			return durable.Step(ctx, "l", func(durable.StepContext) (int, error) { return 1, nil })
		}},
		{Name: "right", Func: func(ctx durable.Context) (int, error) {
			if err := durable.Wait(ctx, "r", time.Minute); err != nil {
				return 0, err
			}
			return 2, nil
		}},
	})
	if err != nil {
		return nil, err
	}
	out["fan"] = par.Results()
	sq, err := durable.Map(ctx, "squares", []int{1, 2, 3}, func(ctx durable.Context, x, _ int) (int, error) {
		return durable.Step(ctx, "sq", func(durable.StepContext) (int, error) { return x * x, nil })
	})
	if err != nil {
		return nil, err
	}
	out["squares"] = sq.Results()
	shout, err := durable.Invoke[string](ctx, "shout", "echo:$LATEST", "hey")
	if err != nil {
		return nil, err
	}
	out["shout"] = shout
	ok, err := durable.WaitForCallback[bool](ctx, "human", func(durable.StepContext, string) error { return nil },
		durable.WithCallbackTimeout(24*time.Hour))
	if err != nil {
		return nil, err
	}
	out["human"] = ok
	return out, nil
}

func TestDurableSDKDeterminism(t *testing.T) {
	run := func(overHTTP bool) ([]types.Event, *lambda.GetDurableExecutionOutput) {
		e := newEnv(t, overHTTP)
		e.createFunction(t, "echo")
		e.fake.SetHandler("echo", func(_ context.Context, p []byte) ([]byte, error) { return p, nil })
		arn := sdkStart(t, e, "mixed", durable.Wrap(sdkMixedWorkflow), `{"n":21}`)
		sdkAdvance(t, e, arn, 5*time.Second)
		sdkAdvance(t, e, arn, 2*time.Hour)
		evs := sdkHistory(t, e, arn)
		var cb string
		for _, x := range evs {
			if x.CallbackStartedDetails != nil {
				cb = aws.ToString(x.CallbackStartedDetails.CallbackId)
			}
		}
		require.NotEmpty(t, cb)
		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
			CallbackId: &cb, Result: []byte("true")})
		require.NoError(t, err)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.JSONEq(t, `{"flaky":42,"fan":[1,2],"squares":[1,4,9],"shout":"hey","human":true}`, aws.ToString(g.Result))
		g.ResultMetadata = smithymiddleware.Metadata{}
		return sdkHistory(t, e, arn), g
	}
	h1, g1 := run(false)
	h2, g2 := run(false)
	h3, g3 := run(true)
	require.Greater(t, len(h1), 40)
	require.Equal(t, h1, h2, "the same workflow gives the same history, ids and times included")
	require.Equal(t, h1, h3, "on either transport")
	require.Equal(t, g1, g2)
	require.Equal(t, g1, g3)
	b, err := json.Marshal(h1)
	require.NoError(t, err)
	require.NotContains(t, strings.ToLower(string(b)), "token", "checkpoint tokens are not in the history")
}

func TestDurableSDKLongWorkflow(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := 0
		h := func(ctx durable.Context, _ none) (int, error) {
			sum := 0
			for day := range 100 {
				for i := range 10 {
					v, err := durable.Step(ctx, fmt.Sprintf("d%d-s%d", day, i), func(durable.StepContext) (int, error) {
						runs++
						return day*10 + i, nil
					})
					if err != nil {
						return 0, err
					}
					sum += v
				}
				if err := durable.Wait(ctx, fmt.Sprintf("night-%d", day), 24*time.Hour); err != nil {
					return 0, err
				}
			}
			return sum, nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "long", durable.Wrap(h), `{}`)
		require.Equal(t, 10, runs)
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, 100*24*time.Hour-time.Second).Status)
		require.Equal(t, 1000, runs)
		g := sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.Equal(t, "499500", aws.ToString(g.Result))
		require.Equal(t, 1000, runs, "every step ran once")
		require.Equal(t, start.Add(100*24*time.Hour), aws.ToTime(g.EndTimestamp))
		evs := sdkHistory(t, e, arn)
		count := map[string]int{}
		for i, x := range evs {
			count[string(x.EventType)]++
			if x.EventType == types.EventTypeWaitSucceeded {
				var day int
				_, err := fmt.Sscanf(aws.ToString(x.Name), "night-%d", &day)
				require.NoError(t, err)
				require.Equal(t, start.Add(time.Duration(day+1)*24*time.Hour), aws.ToTime(x.EventTimestamp), "event %d", i)
			}
		}
		require.Equal(t, map[string]int{"ExecutionStarted": 1, "StepStarted": 1000, "StepSucceeded": 1000, "WaitStarted": 100,
			"WaitSucceeded": 100, "InvocationCompleted": 101, "ExecutionSucceeded": 1}, count)
	})
}

func TestDurableSDKHandlerErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		arn := sdkStart(t, e, "myerr", durable.Wrap(func(durable.Context, none) (int, error) { return 0, &MyErr{4} }), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "MyErr", aws.ToString(g.Error.ErrorType), "the Go type name of the handler's error")
		require.Equal(t, "attempt 4 failed", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, []string{"ExecutionStarted", "InvocationCompleted", "ExecutionFailed"}, sdkTypes(sdkHistory(t, e, arn)),
			"an error outside steps fails the execution at once")

		arn = sdkStart(t, e, "plainerr", durable.Wrap(func(durable.Context, none) (int, error) { return 0, errors.New("nope") }), `{}`)
		require.Equal(t, "Error", aws.ToString(sdkGet(t, e, arn).Error.ErrorType))

		arn = sdkStart(t, e, "panics", durable.Wrap(func(durable.Context, none) (int, error) { panic("oh no") }), `{}`)
		g = sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status, "a panicking handler fails the execution")
		require.Contains(t, aws.ToString(g.Error.ErrorMessage), "oh no")

		// A durable target must be invoked qualified.
		e.createFunction(t, "target")
		e.fake.SetDurableHandler("target", durable.Wrap(func(durable.Context, none) (int, error) { return 1, nil }))
		var got chainOutcome
		arn = sdkStart(t, e, "unq", durable.Wrap(sdkChainParent("target", 1, &got)), `{}`)
		require.Equal(t, types.ExecutionStatusFailed, sdkGet(t, e, arn).Status)
		var ie *durable.InvokeError
		require.ErrorAs(t, got.err, &ie)
		require.Equal(t, "InvalidParameterValueException", ie.ErrorType)
		require.Equal(t, "You cannot invoke a durable function using an unqualified ARN.", ie.Message)
	})
}

func TestDurableSDKUnqualifiedInvoke(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "dur")
		e.fake.SetDurableHandler("dur", durable.Wrap(func(durable.Context, none) (int, error) { return 1, nil }))
		for _, fn := range []string{"dur", "arn:aws:lambda:us-east-1:123456789012:function:dur"} {
			_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(fn), InvocationType: types.InvocationTypeEvent})
			requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
				"You cannot invoke a durable function using an unqualified ARN.")
		}
		for _, q := range []string{"dur:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:dur:$LATEST"} {
			out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(q)})
			require.NoError(t, err, q)
			require.Equal(t, "1", string(out.Payload))
		}
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("dur"), Qualifier: aws.String("$LATEST")})
		require.NoError(t, err)
		require.Equal(t, "1", string(out.Payload))
	})
}

// A checkpoint the service refuses as invalid (here a step result over the
// 1 MB limit) fails the execution at once, as the official SDKs do for a
// 4xx other than 429 and a stale token; the step body does not run again.
func TestDurableSDKCheckpointRefused(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := 0
		h := func(ctx durable.Context, _ none) (string, error) {
			return durable.Step(ctx, "big", func(durable.StepContext) (string, error) {
				runs++
				return strings.Repeat("x", 1<<20), nil
			})
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "big", durable.Wrap(h), `{}`)
		g := sdkAdvance(t, e, arn, time.Hour)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "InvalidParameterValueException", aws.ToString(g.Error.ErrorType))
		require.Equal(t, "STEP output payload size must be less than or equal to 1048576 bytes.", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, 1, runs)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"StepStarted", "big", "Step", "", 0},
			{"InvocationCompleted", "", "", "", 0},
			{"ExecutionFailed", "", "", "", 0},
		}, sdkHistory(t, e, arn), start)
	})
}

func TestDurableSDKRetryStrategies(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		// A custom strategy: its delay is rounded up to whole seconds; a
		// zero delay is one second.
		var delays []time.Duration
		custom := func(a durable.RetryAttempt) durable.RetryDecision {
			if a.Attempt >= 3 {
				return durable.RetryDecision{}
			}
			d := []time.Duration{1500 * time.Millisecond, 0}[a.Attempt-1]
			delays = append(delays, d)
			return durable.RetryDecision{Retry: true, Delay: d}
		}
		h := func(ctx durable.Context, _ none) (int, error) {
			return durable.Step(ctx, "s", func(sc durable.StepContext) (int, error) { return 0, &MyErr{sc.Attempt()} },
				durable.WithRetry(custom))
		}
		arn := sdkStart(t, e, "custom", durable.Wrap(h), `{}`)
		sdkAdvance(t, e, arn, 2*time.Second)
		g := sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		var got []int32
		var at []int64
		start := epoch
		for _, x := range sdkHistory(t, e, arn) {
			if x.EventType == types.EventTypeStepFailed {
				got = append(got, aws.ToInt32(x.StepFailedDetails.RetryDetails.NextAttemptDelaySeconds))
				at = append(at, int64(aws.ToTime(x.EventTimestamp).Sub(start)/time.Second))
			}
		}
		require.Equal(t, []int32{2, 1, 0}, got)
		require.Equal(t, []int64{0, 2, 3}, at)

		// RetryableErrors: an error no matcher matches fails at once.
		runs := 0
		only := durable.MustNewRetryStrategy(durable.RetryConfig{MaxAttempts: 5, RetryableErrors: []func(error) bool{
			func(err error) bool { var m *MyErr; return errors.As(err, &m) }}})
		h2 := func(ctx durable.Context, _ none) (int, error) {
			return durable.Step(ctx, "s", func(sc durable.StepContext) (int, error) {
				runs++
				if sc.Attempt() == 1 {
					return 0, &MyErr{1}
				}
				return 0, errors.New("fatal")
			}, durable.WithRetry(only))
		}
		arn = sdkStart(t, e, "retryable", durable.Wrap(h2), `{}`)
		g = sdkAdvance(t, e, arn, 5*time.Second)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, 2, runs)
	})
}

func TestDurableSDKWaitRounding(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var zeroErr error
		h := func(ctx durable.Context, _ none) (string, error) {
			if err := durable.Wait(ctx, "short", 1500*time.Millisecond); err != nil {
				return "", err
			}
			zeroErr = durable.Wait(ctx, "zero", 0)
			return "ok", nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "round", durable.Wrap(h), `{}`)
		evs := sdkHistory(t, e, arn)
		require.Equal(t, int32(2), aws.ToInt32(evs[1].WaitStartedDetails.Duration), "rounded up to whole seconds")
		require.Equal(t, start.Add(2*time.Second), aws.ToTime(evs[1].WaitStartedDetails.ScheduledEndTimestamp))
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, time.Second).Status)
		require.Equal(t, types.ExecutionStatusSucceeded, sdkAdvance(t, e, arn, time.Second).Status)
		require.Error(t, zeroErr, "a Wait must be positive")
		require.Equal(t, int32(2), aws.ToInt32(sdkHistory(t, e, arn)[3].WaitSucceededDetails.Duration))
	})
}

func TestDurableSDKCallbackHeartbeat(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		h := func(ctx durable.Context, _ none) (string, error) {
			v, err := durable.WaitForCallback[string](ctx, "hb", func(durable.StepContext, string) error { return nil },
				durable.WithCallbackHeartbeatTimeout(time.Minute), durable.WithCallbackTimeout(time.Hour))
			seen = err
			return v, err
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "hb", durable.Wrap(h), `{}`)
		evs := sdkHistory(t, e, arn)
		cb := aws.ToString(evs[2].CallbackStartedDetails.CallbackId)
		require.Equal(t, int32(60), aws.ToInt32(evs[2].CallbackStartedDetails.HeartbeatTimeout))
		for range 3 { // heartbeats keep it alive past one minute
			e.clk.Add(50 * time.Second)
			_, err := e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &cb})
			require.NoError(t, err)
		}
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, arn).Status)
		g := sdkAdvance(t, e, arn, time.Minute)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		var ce *durable.CallbackError
		require.ErrorAs(t, seen, &ce)
		require.True(t, ce.Heartbeat())
		require.Equal(t, "Callback.Heartbeat", ce.ErrorType)
		require.Equal(t, "hb", ce.Name)
		require.ErrorIs(t, seen, durable.ErrCallbackTimedOut)
		evs = sdkHistory(t, e, arn)
		var timedOut types.Event
		for _, x := range evs {
			if x.EventType == types.EventTypeCallbackTimedOut {
				timedOut = x
			}
		}
		require.Equal(t, start.Add(150*time.Second+time.Minute), aws.ToTime(timedOut.EventTimestamp), "a minute after the last heartbeat")
	})
}

func TestDurableSDKChainedInvokeAlias(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "svc")
		e.fake.SetDurableHandler("svc", durable.Wrap(func(ctx durable.Context, _ none) (string, error) {
			return ctx.LambdaContext().InvokedFunctionArn, nil
		}))
		v := e.publish(t, "svc")
		e.alias(t, "svc", "live", v)
		var got chainOutcome
		arn := sdkStart(t, e, "front", durable.Wrap(sdkChainParent("svc:live", none{}, &got)), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.True(t, strings.HasSuffix(got.out, ":function:svc:live"), got.out)
		sd := sdkHistory(t, e, arn)[1].ChainedInvokeStartedDetails
		require.Equal(t, "svc:live", aws.ToString(sd.FunctionName))
		require.Equal(t, v, aws.ToString(sd.ExecutedVersion), "the alias's version")
		child := sdkGet(t, e, aws.ToString(sd.DurableExecutionArn))
		require.Equal(t, v, aws.ToString(child.Version))
		// The fake's choice: the execution's ARN names the version the
		// alias resolved to; its FunctionArn keeps the alias.
		require.Contains(t, aws.ToString(child.DurableExecutionArn), ":function:svc:"+v+"/durable-execution/")
		require.True(t, strings.HasSuffix(aws.ToString(child.FunctionArn), ":function:svc:live"), aws.ToString(child.FunctionArn))
	})
}

// A chain of executions settles in one request: the test answers the
// grandchild's callback; the child and then the parent complete before
// SendDurableExecutionCallbackSuccess answers.
func TestDurableSDKChainSettlesInOneRequest(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "leaf")
		e.fake.SetDurableHandler("leaf", durable.Wrap(func(ctx durable.Context, _ none) (string, error) {
			return durable.WaitForCallback[string](ctx, "ask", func(durable.StepContext, string) error { return nil })
		}))
		e.createFunction(t, "mid")
		var midGot chainOutcome
		e.fake.SetDurableHandler("mid", durable.Wrap(sdkChainParent("leaf:$LATEST", none{}, &midGot)))
		var got chainOutcome
		arn := sdkStart(t, e, "root", durable.Wrap(sdkChainParent("mid:$LATEST", none{}, &got)), `{}`)
		list, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("leaf")})
		require.NoError(t, err)
		require.Len(t, list.DurableExecutions, 1)
		leaf := aws.ToString(list.DurableExecutions[0].DurableExecutionArn)
		var cb string
		for _, x := range sdkHistory(t, e, leaf) {
			if x.CallbackStartedDetails != nil {
				cb = aws.ToString(x.CallbackStartedDetails.CallbackId)
			}
		}
		e.clk.Add(time.Minute)
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
			CallbackId: &cb, Result: []byte(`"answer"`)})
		require.NoError(t, err)
		require.Equal(t, "answer", got.out)
		require.Equal(t, "answer", midGot.out)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"answer"`, aws.ToString(g.Result))
		require.Equal(t, epoch.Add(time.Minute), aws.ToTime(g.EndTimestamp))
	})
}

// A chained durable target that times out: an InvokeError of Status
// TIMED_OUT unwrapping to ErrInvokeTimedOut, at the child's timeout.
func TestDurableSDKChainedInvokeTimedOut(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "sleepy", &types.DurableConfig{ExecutionTimeout: aws.Int32(60)})
		e.fake.SetDurableHandler("sleepy", durable.Wrap(func(ctx durable.Context, _ none) (string, error) {
			return "", durable.Wait(ctx, "long", time.Hour)
		}))
		var got chainOutcome
		arn := sdkStart(t, e, "impatient", durable.Wrap(sdkChainParent("sleepy:$LATEST", none{}, &got)), `{}`)
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, 59*time.Second).Status)
		g := sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		var ie *durable.InvokeError
		require.ErrorAs(t, got.err, &ie)
		require.Equal(t, "TIMED_OUT", ie.Status)
		require.ErrorIs(t, got.err, durable.ErrInvokeTimedOut)
		evs := sdkHistory(t, e, arn)
		require.Equal(t, "ChainedInvokeTimedOut", string(evs[3].EventType))
		require.Equal(t, epoch.Add(time.Minute), aws.ToTime(evs[3].EventTimestamp))
	})
}

// Nested batches and contexts: positional ids go as deep as the nesting.
func TestDurableSDKNestedIDs(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		h := func(ctx durable.Context, _ none) (int, error) {
			if _, err := durable.Step(ctx, "first", func(durable.StepContext) (int, error) { return 0, nil }); err != nil {
				return 0, err
			}
			res, err := durable.Map(ctx, "outer", []int{1, 2}, func(ctx durable.Context, x, _ int) (int, error) {
				return durable.RunInChildContext(ctx, "inner", func(ctx durable.Context) (int, error) {
					return durable.Step(ctx, "leaf", func(durable.StepContext) (int, error) { return x, nil })
				})
			})
			if err != nil {
				return 0, err
			}
			return res.Results()[0] + res.Results()[1], nil
		}
		arn := sdkStart(t, e, "nested", durable.Wrap(h), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, "3", aws.ToString(g.Result))
		var leaves [][2]string
		for _, x := range sdkHistory(t, e, arn) {
			if x.EventType == types.EventTypeStepSucceeded && aws.ToString(x.Name) == "leaf" {
				leaves = append(leaves, [2]string{aws.ToString(x.Id), aws.ToString(x.ParentId)})
			}
		}
		require.Equal(t, [][2]string{{opID("2-1-1-1"), opID("2-1-1")}, {opID("2-2-1-1"), opID("2-2-1")}}, leaves)
	})
}

// The clock moves while an invocation runs (here a step moves it and reads
// the fake, whose request fires the due wait): the history stays in time
// order and the execution goes on at the time the wait fired.
func TestDurableSDKClockMovesDuringInvocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		inv := 0
		h := func(ctx durable.Context, _ none) ([]int, error) {
			inv++
			res, err := durable.Parallel(ctx, "p", []durable.Branch[int]{
				{Name: "w", Func: func(ctx durable.Context) (int, error) { return 1, durable.Wait(ctx, "w", time.Second) }},
				{Name: "s", Func: func(ctx durable.Context) (int, error) {
					arn := ctx.ExecutionArn()
					return durable.Step(ctx, "s", func(sc durable.StepContext) (int, error) {
						e.clk.Add(5 * time.Second)
						_, err := e.client.GetDurableExecution(sc, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
						return 2, err
					})
				}},
			})
			if err != nil {
				return nil, err
			}
			return res.Results(), nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "moving", durable.Wrap(h), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%+v", g.Error)
		require.Equal(t, `[1,2]`, aws.ToString(g.Result))
		require.Equal(t, 2, inv)
		evs := sdkHistory(t, e, arn)
		for i := 1; i < len(evs); i++ {
			require.False(t, aws.ToTime(evs[i].EventTimestamp).Before(aws.ToTime(evs[i-1].EventTimestamp)),
				"event %d (%s) is before event %d (%s)", i, evs[i].EventType, i-1, evs[i-1].EventType)
		}
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ContextStarted", "p", "Parallel", "", 0},
			{"ContextStarted", "w", "ParallelBranch", opID("1"), 0},
			{"WaitStarted", "w", "Wait", opID("1-1"), 0},
			{"ContextStarted", "s", "ParallelBranch", opID("1"), 0},
			{"StepStarted", "s", "Step", opID("1-2"), 0},
			{"WaitSucceeded", "w", "Wait", opID("1-1"), 1},
			{"StepSucceeded", "s", "Step", opID("1-2"), 1},
			{"ContextSucceeded", "s", "ParallelBranch", opID("1"), 1},
			{"InvocationCompleted", "", "", "", 1},
			{"ContextSucceeded", "w", "ParallelBranch", opID("1"), 1},
			{"ContextSucceeded", "p", "Parallel", "", 1},
			{"InvocationCompleted", "", "", "", 1},
			{"ExecutionSucceeded", "", "", "", 1},
		}, evs, start)
		require.Equal(t, start, aws.ToTime(evs[9].InvocationCompletedDetails.StartTimestamp))
		require.Equal(t, start.Add(time.Second), aws.ToTime(evs[9].InvocationCompletedDetails.EndTimestamp))
	})
}

// A non-deterministic replay inside a child context fails the execution
// with NonDeterministicReplayError, whatever the handler does with the
// error (here it swallows it).
func TestDurableSDKNonDeterministicInChild(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		inv := 0
		var seen error
		h := func(ctx durable.Context, _ none) (string, error) {
			inv++
			name := "a"
			if inv > 1 {
				name = "b"
			}
			_, seen = durable.RunInChildContext(ctx, "c", func(ctx durable.Context) (int, error) {
				if _, err := durable.Step(ctx, name, func(durable.StepContext) (int, error) { return 1, nil }); err != nil {
					return 0, err
				}
				return 0, durable.Wait(ctx, "w", time.Second)
			})
			return "swallowed", nil
		}
		start := e.clk.Now()
		arn := sdkStart(t, e, "ndchild", durable.Wrap(h), `{}`)
		g := sdkAdvance(t, e, arn, time.Second)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "NonDeterministicReplayError", aws.ToString(g.Error.ErrorType))
		var nd *durable.NonDeterministicReplayError
		require.ErrorAs(t, seen, &nd)
		require.Equal(t, "1-1", nd.StepID)
		requireShape(t, []ev{
			{"ExecutionStarted", "", "", "", 0},
			{"ContextStarted", "c", "RunInChildContext", "", 0},
			{"StepStarted", "a", "Step", opID("1"), 0},
			{"StepSucceeded", "a", "Step", opID("1"), 0},
			{"WaitStarted", "w", "Wait", opID("1"), 0},
			{"InvocationCompleted", "", "", "", 0},
			{"WaitSucceeded", "w", "Wait", opID("1"), 1},
			{"InvocationCompleted", "", "", "", 1},
			{"ExecutionFailed", "", "", "", 1},
		}, sdkHistory(t, e, arn), start)
	})
}

// MinSuccessful reached while an item still waits: the Map completes then,
// and keeps that result when the waiting item's wait ends later.
func TestDurableSDKMapMinSuccessfulWithWaitingItem(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		one := 1
		var seen []durable.BatchResult[int]
		h := func(ctx durable.Context, _ none) ([]int, error) {
			res, err := durable.Map(ctx, "m", []int{10, 5}, func(ctx durable.Context, secs, _ int) (int, error) {
				if err := durable.Wait(ctx, "w", time.Duration(secs)*time.Second); err != nil {
					return 0, err
				}
				return secs, nil
			}, durable.WithCompletion(durable.CompletionConfig{MinSuccessful: &one}))
			if err != nil {
				return nil, err
			}
			seen = append(seen, res)
			if err := durable.Wait(ctx, "after", time.Minute); err != nil {
				return nil, err
			}
			return res.Results(), nil
		}
		arn := sdkStart(t, e, "minmap", durable.Wrap(h), `{}`)
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, 5*time.Second).Status)
		require.Len(t, seen, 1, "complete once the 5 s item succeeded")
		require.Equal(t, types.ExecutionStatusRunning, sdkAdvance(t, e, arn, 5*time.Second).Status)
		g := sdkAdvance(t, e, arn, time.Minute)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `[5]`, aws.ToString(g.Result))
		for _, r := range seen {
			require.Equal(t, durable.CompletionMinSuccessfulReached, r.Reason)
			require.Equal(t, []durable.BatchItemStatus{durable.BatchItemStarted, durable.BatchItemSucceeded}, statuses(r))
		}
		require.GreaterOrEqual(t, len(seen), 2)
	})
}

// An execution stopped while its invocation runs (here by its own step):
// the invocation's next checkpoint is refused and nothing runs after it.
// ExecutionStopped comes before that invocation's InvocationCompleted (the
// fake's choice: AWS's order is not recorded).
func TestDurableSDKStoppedDuringInvocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		after := 0
		h := func(ctx durable.Context, _ none) (string, error) {
			arn := ctx.ExecutionArn()
			if _, err := durable.Step(ctx, "stop-me", func(sc durable.StepContext) (int, error) {
				_, err := e.client.StopDurableExecution(sc, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arn})
				return 1, err
			}); err != nil {
				return "", err
			}
			after++
			return "not reached", nil
		}
		arn := sdkStart(t, e, "stopper", durable.Wrap(h), `{}`)
		g := sdkAdvance(t, e, arn, time.Hour)
		require.Equal(t, types.ExecutionStatusStopped, g.Status)
		require.Zero(t, after)
		typs := sdkTypes(sdkHistory(t, e, arn))
		require.Equal(t, []string{"ExecutionStarted", "StepStarted", "ExecutionStopped", "InvocationCompleted"}, typs)
	})
}

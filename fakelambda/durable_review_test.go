package fakelambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda/durable"
)

// Adversarial review of the durable execution engine: each test here
// failed before the fix committed with it.

// A chained invoke's durable child that ends after its parent ended (here
// the parent was stopped) must not write into the closed parent: its
// history ends with its terminal event and the CHAINED_INVOKE stays as the
// parent left it.
func TestDurableReviewChildEndsAfterParentStopped(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "worker")
		e.fake.SetDurableHandler("worker", durable.Wrap(func(ctx durable.Context, in map[string]int) (string, error) {
			if err := durable.Wait(ctx, "slow", time.Hour); err != nil {
				return "", err
			}
			return "worked", nil
		}))
		var got chainOutcome
		arn := sdkStart(t, e, "boss", durable.Wrap(sdkChainParent("worker:$LATEST", map[string]int{"n": 1}, &got)), `{}`)
		_, err := e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arn})
		require.NoError(t, err)
		before := sdkTypes(sdkHistory(t, e, arn))
		require.Equal(t, "ExecutionStopped", before[len(before)-1])

		e.clk.Add(time.Hour)
		list, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("worker")})
		require.NoError(t, err)
		require.Len(t, list.DurableExecutions, 1)
		require.Equal(t, types.ExecutionStatusSucceeded, list.DurableExecutions[0].Status)

		after := sdkTypes(sdkHistory(t, e, arn))
		require.Equal(t, before, after, "nothing is written after the parent's ExecutionStopped")
		require.Equal(t, types.ExecutionStatusStopped, sdkGet(t, e, arn).Status)
	})
}

// An update whose Id is the EXECUTION operation's own Id must be refused:
// otherwise the execution has two operations of one Id.
func TestDurableReviewUpdateWithExecutionID(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "ext", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		var cpErr error
		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			var env envelopeIn
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			execID := env.InitialExecutionState.Operations[0].Id
			_, cpErr = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{
				DurableExecutionArn: aws.String(env.DurableExecutionArn), CheckpointToken: aws.String(env.CheckpointToken),
				Updates: []types.OperationUpdate{{Id: aws.String(execID), Type: types.OperationTypeStep, Action: types.OperationActionStart, Name: aws.String("x")}}})
			return []byte(`{"Status":"SUCCEEDED","Result":"1"}`), nil
		})
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("ext:$LATEST")})
		require.NoError(t, err)
		var ipe *types.InvalidParameterValueException
		require.ErrorAs(t, cpErr, &ipe)
	})
}

// panicky's JSON encoding panics.
type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("no encoding for you") }

// A durable handler whose result panics while it is encoded fails its
// execution, as a panic in the handler does; before, the panic escaped the
// invocation, which stayed running forever (no InvocationCompleted, the
// execution RUNNING and never invoked again).
func TestDurableReviewResultEncodingPanics(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "p")
		e.fake.SetDurableHandler("p", durable.Wrap(func(ctx durable.Context, in map[string]int) (panicky, error) {
			return panicky{}, nil
		}))
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("p:$LATEST")})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		arn := aws.ToString(out.DurableExecutionArn)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Contains(t, aws.ToString(g.Error.ErrorMessage), "no encoding for you")
	})
}

// An execution stopped while an invocation runs late (at the simulated time
// of a deadline that fired after the clock moved past it) keeps its
// history in time order: the InvocationCompleted that follows
// ExecutionStopped is not dated before it.
func TestDurableReviewStopDuringLateInvocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "stopme")
		e.fake.SetDurableHandler("stopme", durable.Wrap(func(ctx durable.Context, in map[string]int) (string, error) {
			if err := durable.Wait(ctx, "w", time.Second); err != nil {
				return "", err
			}
			_, err := durable.Step(ctx, "stop", func(sc durable.StepContext) (string, error) {
				arn := ctx.ExecutionArn()
				_, err := e.client.StopDurableExecution(sc, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arn})
				return "", err
			})
			return "", err
		}))
		arn := sdkInvoke(t, e, "stopme:$LATEST", `{}`)
		e.clk.Add(10 * time.Second)
		require.Equal(t, types.ExecutionStatusStopped, sdkGet(t, e, arn).Status)
		evs := sdkHistory(t, e, arn)
		for i := 1; i < len(evs); i++ {
			require.False(t, evs[i].EventTimestamp.Before(*evs[i-1].EventTimestamp), "event %d %s at %v is before event %d %s at %v",
				i+1, evs[i].EventType, *evs[i].EventTimestamp, i, evs[i-1].EventType, *evs[i-1].EventTimestamp)
		}
	})
}

// The same for an execution that times out while an invocation runs (a
// request made from the code sees the clock past the execution timeout).
func TestDurableReviewTimeoutDuringInvocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "slow", &types.DurableConfig{ExecutionTimeout: aws.Int32(5), RetentionPeriodInDays: aws.Int32(1)})
		e.fake.SetDurableHandler("slow", durable.Wrap(func(ctx durable.Context, in map[string]int) (string, error) {
			if err := durable.Wait(ctx, "w", time.Second); err != nil {
				return "", err
			}
			_, err := durable.Step(ctx, "look", func(sc durable.StepContext) (string, error) {
				e.clk.Add(10 * time.Second)
				_, err := e.client.ListFunctions(sc, &lambda.ListFunctionsInput{})
				return "", err
			})
			return "", err
		}))
		arn := sdkInvoke(t, e, "slow:$LATEST", `{}`)
		e.clk.Add(time.Second)
		require.Equal(t, types.ExecutionStatusTimedOut, sdkGet(t, e, arn).Status)
		evs := sdkHistory(t, e, arn)
		for i := 1; i < len(evs); i++ {
			require.False(t, evs[i].EventTimestamp.Before(*evs[i-1].EventTimestamp), "event %d %s at %v is before event %d %s at %v",
				i+1, evs[i].EventType, *evs[i].EventTimestamp, i, evs[i-1].EventType, *evs[i-1].EventTimestamp)
		}
	})
}

// A callback answer re-runs its execution before it answers, also when
// other goroutines answer other callbacks meanwhile: another request's pump
// used to take the invocation the answer made due, and the caller's next
// GetDurableExecution saw RUNNING (the invocation still running on the
// other goroutine). Racy by nature: without the fix it fails about every
// other run.
func TestDurableReviewConcurrentCallbackAnswers(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		const n = 8
		for i := range n {
			name := fmt.Sprintf("cb%d", i)
			e.createFunction(t, name)
			e.fake.SetDurableHandler(name, durable.Wrap(func(ctx durable.Context, in int) (string, error) {
				return durable.WaitForCallback[string](ctx, "approval", nil)
			}))
		}
		var wg sync.WaitGroup
		errs := make(chan error, n*50)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 50 {
					out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(fmt.Sprintf("cb%d:$LATEST", i)),
						InvocationType: types.InvocationTypeEvent, Payload: []byte(fmt.Sprint(j))})
					if err != nil {
						errs <- err
						return
					}
					arn := aws.ToString(out.DurableExecutionArn)
					id := e.fake.OpenCallbacks(arn)[0].CallbackID
					if _, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte(`"ok"`)}); err != nil {
						errs <- err
						return
					}
					g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
					if err != nil {
						errs <- err
						return
					}
					if g.Status != types.ExecutionStatusSucceeded {
						errs <- fmt.Errorf("cb%d #%d: %s right after its callback was answered", i, j, g.Status)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// A retry delay beyond what the service takes (NextAttemptDelaySeconds is
// 1..31622400) is refused in process as over the wire, and the execution
// fails; before, a huge one overflowed into a past NextAttemptTimestamp and
// the step was retried at once, over and over, within one request.
func TestDurableReviewHugeRetryDelay(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		attempts := 0
		arn := sdkStart(t, e, "forever", durable.Wrap(func(ctx durable.Context, in map[string]int) (string, error) {
			return durable.Step(ctx, "s", func(durable.StepContext) (string, error) {
				attempts++
				return "", errors.New("again")
			}, durable.WithRetry(func(durable.RetryAttempt) durable.RetryDecision {
				return durable.RetryDecision{Retry: true, Delay: time.Duration(math.MaxInt64)}
			}))
		}), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "ValidationException", aws.ToString(g.Error.ErrorType))
		require.Equal(t, 1, attempts)
	})
}

// The same for a callback timeout: a huge one timed the callback out at
// once (its deadline overflowed into the past).
func TestDurableReviewHugeCallbackTimeout(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		arn := sdkStart(t, e, "cbhuge", durable.Wrap(callbackWorkflow(&seen, durable.WithCallbackTimeout(time.Duration(math.MaxInt64)))), `"x"`)
		g := sdkGet(t, e, arn)
		require.NoError(t, seen)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "ValidationException", aws.ToString(g.Error.ErrorType))
	})
}

// A RETRY without StepOptions (the model makes them optional) is retried
// after one second, the least NextAttemptDelaySeconds the service takes:
// with no delay the fake re-invoked the function at the same simulated
// instant, 100000 times within the Invoke (seconds of CPU), and again on
// every later request.
func TestDurableReviewRetryWithoutDelay(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "ext", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		calls := 0
		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			calls++
			if calls > 50 {
				return []byte(`{"Status":"SUCCEEDED"}`), nil
			}
			var env struct {
				DurableExecutionArn, CheckpointToken string
				InitialExecutionState                struct{ Operations []struct{ Id, Status string } }
			}
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			start := true
			for _, op := range env.InitialExecutionState.Operations {
				if op.Id == "s" {
					start = op.Status == "READY"
				}
			}
			var ups []types.OperationUpdate
			if start {
				ups = append(ups, types.OperationUpdate{Id: aws.String("s"), Type: types.OperationTypeStep, Action: types.OperationActionStart})
			}
			ups = append(ups, types.OperationUpdate{Id: aws.String("s"), Type: types.OperationTypeStep, Action: types.OperationActionRetry,
				Error: &types.ErrorObject{ErrorType: aws.String("Again")}})
			_, err := e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{
				DurableExecutionArn: aws.String(env.DurableExecutionArn), CheckpointToken: aws.String(env.CheckpointToken), Updates: ups})
			if err != nil {
				return nil, err
			}
			return []byte(`{"Status":"PENDING"}`), nil
		})
		arn := sdkInvoke(t, e, "ext:$LATEST", `{}`)
		require.Equal(t, 1, calls)
		ev := findEvent(t, e.history(t, arn), types.EventTypeStepFailed)
		require.Equal(t, int32(1), aws.ToInt32(ev.StepFailedDetails.RetryDetails.NextAttemptDelaySeconds))
		e.clk.Add(time.Second)
		require.Equal(t, types.ExecutionStatusRunning, sdkGet(t, e, arn).Status)
		require.Equal(t, 2, calls)
	})
}

// GetDurableExecution with IncludeExecutionData=false leaves out the error
// too: the model documents the flag as covering "input payload, result, and
// error information".
func TestDurableReviewExcludeDataLeavesOutError(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		arn := sdkStart(t, e, "boom", durable.Wrap(func(ctx durable.Context, in map[string]int) (string, error) {
			return "", errors.New("boom")
		}), `{}`)
		g := sdkGet(t, e, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.NotNil(t, g.Error)
		g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn, IncludeExecutionData: aws.Bool(false)})
		require.NoError(t, err)
		require.False(t, aws.ToBool(g.ExecutionDataIncluded))
		require.Nil(t, g.InputPayload)
		require.Nil(t, g.Error)
	})
}

// GetDurableExecutionState answers 100 operations a page by default (the
// model: "The default is 100 and the maximum allowed is 1000"), not 1000.
func TestDurableReviewStatePageDefault(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "many", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		var page, page2 *lambda.GetDurableExecutionStateOutput
		var stateErr error
		e.fake.SetHandler("many", func(ctx context.Context, payload []byte) ([]byte, error) {
			var env envelopeIn
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			arn, tok := aws.String(env.DurableExecutionArn), aws.String(env.CheckpointToken)
			for i := 0; i < 15; i++ {
				var ups []types.OperationUpdate
				for j := 0; j < 10; j++ {
					id := aws.String(fmt.Sprintf("s%d-%d", i, j))
					ups = append(ups, types.OperationUpdate{Id: id, Type: types.OperationTypeStep, Action: types.OperationActionStart},
						types.OperationUpdate{Id: id, Type: types.OperationTypeStep, Action: types.OperationActionSucceed, Payload: aws.String("1")})
				}
				out, err := e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: arn, CheckpointToken: tok, Updates: ups})
				if err != nil {
					return nil, err
				}
				tok = out.CheckpointToken
			}
			page, stateErr = e.client.GetDurableExecutionState(ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: arn, CheckpointToken: tok})
			if stateErr == nil && page.NextMarker != nil {
				page2, stateErr = e.client.GetDurableExecutionState(ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: arn, CheckpointToken: tok, Marker: page.NextMarker})
			}
			return []byte(`{"Status":"SUCCEEDED"}`), nil
		})
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("many:$LATEST")})
		require.NoError(t, err)
		require.NoError(t, stateErr)
		require.Equal(t, 100, len(page.Operations))
		require.NotNil(t, page.NextMarker)
		require.Equal(t, 51, len(page2.Operations)) // 150 steps and the EXECUTION
		require.Nil(t, page2.NextMarker)
	})
}

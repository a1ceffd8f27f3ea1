package fakelambda_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
)

// bubbleEnv is a fake with no clock inside a synctest bubble: it reads the
// bubble's time.Now, which time.Sleep moves at no real cost.
func bubbleEnv(t *testing.T, opts ...fakelambda.Option) *env {
	fake := fakelambda.New(append([]fakelambda.Option{fakelambda.WithoutTransitions()}, opts...)...)
	return &env{fake: fake, client: newClient(fake), ctx: context.Background()}
}

// The primitives on the bubble's clock: a retried step, a chained invoke of
// a durable function that waits, a parallel whose branches wait, a callback
// timing out for want of a heartbeat after heartbeats kept it alive.
func TestDurablePrimitivesSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := bubbleEnv(t)
		start := time.Now()
		attempts := 0
		e.durableFn(t, "child", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			if err := durable.Wait(ctx, "settle", time.Hour); err != nil {
				return "", err
			}
			return "child:" + in, nil
		}))
		e.durableFn(t, "flow", durable.Wrap(func(ctx durable.Context, _ struct{}) (string, error) {
			v, err := durable.Step(ctx, "flaky", func(sc durable.StepContext) (string, error) {
				attempts++
				if sc.Attempt() < 3 {
					return "", errors.New("not yet")
				}
				return "ok", nil
			}, durable.WithRetry(durable.MustNewRetryStrategy(durable.RetryConfig{MaxAttempts: 3, InitialDelay: 10 * time.Second})))
			if err != nil {
				return "", err
			}
			c, err := durable.Invoke[string](ctx, "call", "child:$LATEST", v)
			if err != nil {
				return "", err
			}
			res, err := durable.Parallel(ctx, "both", []durable.Branch[string]{
				{Name: "a", Func: func(bc durable.Context) (string, error) { return "a", durable.Wait(bc, "w", 2*time.Hour) }},
				{Name: "b", Func: func(bc durable.Context) (string, error) { return "b", durable.Wait(bc, "w", 3*time.Hour) }},
			})
			if err != nil {
				return "", err
			}
			_, err = durable.WaitForCallback[string](ctx, "human", nil, durable.WithCallbackHeartbeatTimeout(10*time.Minute))
			var ce *durable.CallbackError
			if !errors.As(err, &ce) || !ce.Heartbeat() {
				return "", err
			}
			return c + " " + res.Results()[0] + res.Results()[1] + " heartbeat lapsed", nil
		}))
		arn := e.startDurable(t, "flow:$LATEST", "", `{}`)

		time.Sleep(30 * time.Second) // the retries: 10 s, then 20 s
		require.Equal(t, 1, attempts, "nothing runs until a request sees the time")
		e.getExec(t, arn)
		require.Equal(t, 3, attempts)
		time.Sleep(time.Hour) // the child's wait
		time.Sleep(3 * time.Hour)
		// The callback: heartbeats keep it open, then it lapses.
		for range 3 {
			time.Sleep(9 * time.Minute)
			id := e.callbackID(t, arn)
			_, err := e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &id})
			require.NoError(t, err)
		}
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		time.Sleep(10 * time.Minute)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"child:ok ab heartbeat lapsed"`, aws.ToString(g.Result))
		end := start.Add(30*time.Second + 4*time.Hour + 37*time.Minute)
		require.True(t, end.Equal(aws.ToTime(g.EndTimestamp)), "ended %v after the start, want %v", aws.ToTime(g.EndTimestamp).Sub(start), end.Sub(start))
	})
}

// Stop, execution timeout and idempotent starts on the bubble's clock.
func TestDurableLifecycleSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := bubbleEnv(t)
		e.createFunction(t, "slow")
		_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("slow"),
			DurableConfig: &types.DurableConfig{ExecutionTimeout: aws.Int32(3600), RetentionPeriodInDays: aws.Int32(1)}})
		require.NoError(t, err)
		e.fake.SetDurableHandler("slow", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			return in, durable.Wait(ctx, "long", 2*time.Hour)
		}))
		start := time.Now()
		a := e.startDurable(t, "slow:$LATEST", "a", `"x"`)
		require.Equal(t, a, e.startDurable(t, "slow:$LATEST", "a", `"x"`), "the same name and payload: the same execution")
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("slow:$LATEST"), InvocationType: types.InvocationTypeEvent,
			DurableExecutionName: aws.String("a"), Payload: []byte(`"y"`)})
		var started *types.DurableExecutionAlreadyStartedException
		require.ErrorAs(t, err, &started)
		b := e.startDurable(t, "slow:$LATEST", "b", `"x"`)

		time.Sleep(10 * time.Minute)
		stop, err := e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &b})
		require.NoError(t, err)
		require.True(t, start.Add(10*time.Minute).Equal(aws.ToTime(stop.StopTimestamp)))

		time.Sleep(time.Hour)
		ga, gb := e.getExec(t, a), e.getExec(t, b)
		require.Equal(t, types.ExecutionStatusTimedOut, ga.Status)
		require.True(t, start.Add(time.Hour).Equal(aws.ToTime(ga.EndTimestamp)), "timed out at exactly start+ExecutionTimeout")
		require.Equal(t, types.ExecutionStatusStopped, gb.Status)

		time.Sleep(24 * time.Hour) // past the retention: gone, the name is free
		_, err = e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &a})
		var nf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &nf)
		require.NotEqual(t, a, e.startDurable(t, "slow:$LATEST", "a", `"y"`))
	})
}

package fakelambda_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda/durable"
)

// WaitForCondition polls on the fake's clock: each poll that must be
// followed by another is a STEP RETRY carrying the state, the next poll
// runs when its delay is over, and the one that ends it succeeds with the
// state.
func TestDurableWaitForCondition(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "poll")
		var seen []int
		e.fake.SetDurableHandler("poll", durable.Wrap(func(ctx durable.Context, _ struct{}) (int, error) {
			return durable.WaitForCondition(ctx, "shipped", func(sc durable.StepContext, polls int) (int, error) {
				seen = append(seen, polls)
				require.Equal(t, polls+1, sc.Attempt())
				return polls + 1, nil
			}, durable.ConditionConfig[int]{WaitStrategy: durable.NewWaitStrategy(durable.WaitConfig[int]{
				InitialDelay: 10 * time.Second, BackoffRate: 2, ShouldContinue: func(polls int) bool { return polls < 3 }})})
		}))
		arn := e.startDurable(t, "poll:$LATEST", "p1", `{}`)
		start := e.clk.Now()
		e.clk.Add(9 * time.Second)
		require.Equal(t, types.ExecutionStatusRunning, e.durableExecution(t, arn).Status)
		require.Equal(t, []int{0}, seen, "the second poll waits for its delay")
		e.clk.Add(time.Second) // 10 s: the second poll; the third is due 20 s later
		e.durableExecution(t, arn)
		require.Equal(t, []int{0, 1}, seen)
		e.clk.Add(20 * time.Second)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, "3", aws.ToString(g.Result))
		require.Equal(t, []int{0, 1, 2}, seen, "each poll ran once, with the state the previous one returned")

		hist, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn})
		require.NoError(t, err)
		var got []string
		for _, ev := range hist.Events {
			s := string(ev.EventType)
			if aws.ToString(ev.SubType) != "" {
				s += "/" + aws.ToString(ev.SubType)
			}
			if d := ev.StepFailedDetails; d != nil {
				require.Equal(t, int32(len(got)/3+1), d.RetryDetails.CurrentAttempt)
			}
			got = append(got, s+"@"+aws.ToTime(ev.EventTimestamp).Sub(start).String())
		}
		require.Equal(t, []string{"ExecutionStarted@0s",
			"StepStarted/WaitForCondition@0s", "StepFailed/WaitForCondition@0s", "InvocationCompleted@0s",
			"StepStarted/WaitForCondition@10s", "StepFailed/WaitForCondition@10s", "InvocationCompleted@10s",
			"StepStarted/WaitForCondition@30s", "StepSucceeded/WaitForCondition@30s", "InvocationCompleted@30s",
			"ExecutionSucceeded@30s"}, got)
		require.Equal(t, int32(20), aws.ToInt32(hist.Events[5].StepFailedDetails.RetryDetails.NextAttemptDelaySeconds))
	})
}

// Out of attempts, WaitForCondition fails with a *WaitForConditionError
// unwrapping to ErrWaitExhausted; a failing check fails it at once.
func TestDurableWaitForConditionFails(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "poll")
		var got error
		e.fake.SetDurableHandler("poll", durable.Wrap(func(ctx durable.Context, mode string) (string, error) {
			_, err := durable.WaitForCondition(ctx, "never", func(_ durable.StepContext, s string) (string, error) {
				if mode == "broken" {
					return "", errors.New("carrier down")
				}
				return s, nil
			}, durable.ConditionConfig[string]{WaitStrategy: durable.NewWaitStrategy(durable.WaitConfig[string]{MaxAttempts: 2, InitialDelay: time.Second})})
			got = err
			return "", err
		}))
		arn := e.startDurable(t, "poll:$LATEST", "p1", `"slow"`)
		e.clk.Add(time.Second)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "WaitForConditionError", aws.ToString(g.Error.ErrorType))
		var we *durable.WaitForConditionError
		require.ErrorAs(t, got, &we)
		require.ErrorIs(t, got, durable.ErrWaitExhausted)
		require.Equal(t, 2, we.Attempts)

		arn = e.startDurable(t, "poll:$LATEST", "p2", `"broken"`)
		g = e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.ErrorAs(t, got, &we)
		require.Equal(t, "Error", we.ErrorType)
		require.Equal(t, "carrier down", we.Message)
	})
}

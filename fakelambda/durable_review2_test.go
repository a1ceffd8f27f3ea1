package fakelambda_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda/durable"
)

// Race's winner is the same on every replay: a future earlier in order that
// settles after the race was decided does not take the win from the one
// that settled first (the handler would otherwise go another way on the
// next replay: a non-deterministic replay).
func TestDurableReview2RaceWinnerStableOnReplay(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "race")
		e.fake.SetDurableHandler("race", durable.Wrap(func(ctx durable.Context, _ struct{}) (string, error) {
			slow := durable.StepAsync(ctx, "slow", func(sc durable.StepContext) (string, error) {
				if sc.Attempt() == 1 {
					return "", errors.New("not yet")
				}
				return "slow", nil
			}, durable.WithRetry(func(durable.RetryAttempt) durable.RetryDecision {
				return durable.RetryDecision{Retry: true, Delay: 20 * time.Second}
			}))
			timer := durable.Go(ctx, "timer", func(c durable.Context) (string, error) {
				return "timer", durable.Wait(c, "ten", 10*time.Second)
			})
			winner, err := durable.Race(ctx, "race", []*durable.Future[string]{slow, timer})
			if err != nil {
				return "", err
			}
			if err := durable.Wait(ctx, "after-"+winner, 100*time.Second); err != nil {
				return "", err
			}
			return winner, nil
		}))
		arn := e.startDurable(t, "race:$LATEST", "r1", `{}`)
		e.clk.Add(10 * time.Second) // the timer wins: slow is still waiting for its retry
		require.Equal(t, types.ExecutionStatusRunning, e.durableExecution(t, arn).Status)
		e.clk.Add(10 * time.Second) // slow's retry succeeds: the race was already decided
		e.clk.Add(100 * time.Second)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%v", g.Error)
		require.Equal(t, `"timer"`, aws.ToString(g.Result))
	})
}

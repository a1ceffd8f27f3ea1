package fakelambda_test

import (
	"errors"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
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

// Futures of every kind (steps retried, waits, children waiting or
// polling, failures) settle at random times; the combinators' outcomes
// steer the operations that follow. Every replay must meet the same
// operations: the execution succeeds (a non-deterministic replay fails it).
func TestDurableReview2FuturesReplayDeterministic(t *testing.T) {
	for seed := range 40 {
		transports(t, func(t *testing.T, e *env) {
			e.createFunction(t, "x")
			e.fake.SetDurableHandler("x", durable.Wrap(func(ctx durable.Context, seed int) (string, error) {
				rng := rand.New(rand.NewSource(int64(seed)))
				k := 2 + rng.Intn(4)
				var fs []*durable.Future[string]
				for i := 0; i < k; i++ {
					name := fmt.Sprint("f", i)
					d := time.Duration(1+rng.Intn(30)) * time.Second
					fails := rng.Intn(3)
					switch rng.Intn(5) {
					case 0:
						fs = append(fs, durable.StepAsync(ctx, name, func(sc durable.StepContext) (string, error) {
							if sc.Attempt() <= fails {
								return "", errors.New("x")
							}
							return name, nil
						}, durable.WithRetry(func(a durable.RetryAttempt) durable.RetryDecision {
							return durable.RetryDecision{Retry: a.Attempt < 5, Delay: d}
						})))
					case 1:
						durable.WaitAsync(ctx, name, d) // never awaited
						fs = append(fs, durable.Go(ctx, name+"g", func(c durable.Context) (string, error) {
							return name, durable.Wait(c, "w", d)
						}))
					case 2:
						fs = append(fs, durable.Go(ctx, name, func(c durable.Context) (string, error) {
							if err := durable.Wait(c, "w", d); err != nil {
								return "", err
							}
							return durable.Step(c, "s", func(durable.StepContext) (string, error) { return name, nil })
						}))
					case 3:
						fs = append(fs, durable.Go(ctx, name, func(c durable.Context) (string, error) {
							n, err := durable.WaitForCondition(c, "cond", func(_ durable.StepContext, s int) (int, error) { return s + 1, nil },
								durable.ConditionConfig[int]{WaitStrategy: durable.NewWaitStrategy(durable.WaitConfig[int]{InitialDelay: d,
									ShouldContinue: func(s int) bool { return s < fails+1 }})})
							return fmt.Sprint(name, n), err
						}))
					case 4:
						fs = append(fs, durable.StepAsync(ctx, name, func(sc durable.StepContext) (string, error) {
							return "", errors.New("boom")
						}, durable.WithRetry(durable.NoRetry())))
					}
				}
				r, err := durable.Race(ctx, "race", fs)
				_ = err // a failed winner is an outcome too; a suspension stops the Wait below
				if err := durable.Wait(ctx, "after-race-"+r, time.Second); err != nil {
					return "", err
				}
				a, _ := durable.Any(ctx, "any", fs)
				if err := durable.Wait(ctx, "after-any-"+a, time.Second); err != nil {
					return "", err
				}
				all, aerr := durable.All(ctx, "all-of", fs) // fails fast, or suspends
				if err := durable.Wait(ctx, fmt.Sprint("after-all-", len(all), aerr != nil), time.Second); err != nil {
					return "", err
				}
				s, err := durable.AllSettled(ctx, "all", fs)
				if err != nil {
					return "", err
				}
				return fmt.Sprint(r, a, len(s)), nil
			}))
			arn := e.startDurable(t, "x:$LATEST", "", fmt.Sprint(seed))
			for i := 0; i < 400; i++ {
				g := e.durableExecution(t, arn)
				if g.Status != types.ExecutionStatusRunning {
					require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "seed %d: %v %v", seed, g.Error, e.historyTypes(t, arn))
					return
				}
				e.clk.Add(time.Second)
			}
			t.Fatalf("seed %d still running", seed)
		})
	}
}

// Any returns the first future that succeeded without waiting for an
// earlier one still pending (here a callback nobody answers, which would
// hold the execution until it timed out), and every replay returns the
// same one even after the earlier future succeeds.
func TestDurableReview2AnyDoesNotWaitForEarlierFutures(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "anyf")
		e.fake.SetDurableHandler("anyf", durable.Wrap(func(ctx durable.Context, _ struct{}) (string, error) {
			human := durable.Go(ctx, "human", func(c durable.Context) (string, error) {
				return durable.WaitForCallback[string](c, "approve", nil)
			})
			auto := durable.Go(ctx, "auto", func(c durable.Context) (string, error) {
				return "auto", durable.Wait(c, "pause", 10*time.Second)
			})
			v, err := durable.Any(ctx, "first", []*durable.Future[string]{human, auto})
			if err != nil {
				return "", err
			}
			if err := durable.Wait(ctx, "after-"+v, 100*time.Second); err != nil {
				return "", err
			}
			return v, nil
		}))
		arn := e.startDurable(t, "anyf:$LATEST", "a1", `{}`)
		e.clk.Add(10 * time.Second) // auto succeeds: Any has its answer
		cbs := e.fake.OpenCallbacks(arn)
		require.Len(t, cbs, 1)
		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
			CallbackId: aws.String(cbs[0].CallbackID), Result: []byte(`"human"`)})
		require.NoError(t, err)
		e.clk.Add(100 * time.Second)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%v", g.Error)
		require.Equal(t, `"auto"`, aws.ToString(g.Result))
	})
}

// All fails with the first failure without waiting for the futures still
// pending (here a callback nobody answers, which would hold the execution
// until it timed out), and every replay fails the same way.
func TestDurableReview2AllFailsFast(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "allf")
		e.fake.SetDurableHandler("allf", durable.Wrap(func(ctx durable.Context, _ struct{}) (string, error) {
			human := durable.Go(ctx, "human", func(c durable.Context) (string, error) {
				return durable.WaitForCallback[string](c, "approve", nil)
			})
			check := durable.Go(ctx, "check", func(c durable.Context) (string, error) {
				if err := durable.Wait(c, "pause", 10*time.Second); err != nil {
					return "", err
				}
				return "", errors.New("check failed")
			})
			_, err := durable.All(ctx, "both", []*durable.Future[string]{human, check})
			var ce *durable.CombinatorError
			if !errors.As(err, &ce) {
				return "", err
			}
			if err := durable.Wait(ctx, "after", 100*time.Second); err != nil {
				return "", err
			}
			return fmt.Sprint(len(ce.Errors), " failed"), nil
		}))
		arn := e.startDurable(t, "allf:$LATEST", "a1", `{}`)
		e.clk.Add(10 * time.Second) // check fails: All has its answer
		require.Len(t, e.fake.OpenCallbacks(arn), 1)
		e.clk.Add(100 * time.Second)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%v %v", g.Error, e.historyTypes(t, arn))
		require.Equal(t, `"1 failed"`, aws.ToString(g.Result))
	})
}

// A handler that returns without awaiting a future still pending (a child
// waiting for a callback nobody answers) ends the execution with its
// result, as with the official SDK: the pending future does not keep the
// execution waiting until it times out.
func TestDurableReview2UnawaitedFutureDoesNotHoldTheExecution(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "fire")
		e.fake.SetDurableHandler("fire", durable.Wrap(func(ctx durable.Context, _ struct{}) (string, error) {
			durable.Go(ctx, "audit", func(c durable.Context) (string, error) {
				return durable.WaitForCallback[string](c, "ack", nil)
			})
			return durable.Step(ctx, "work", func(durable.StepContext) (string, error) { return "done", nil })
		}))
		arn := e.startDurable(t, "fire:$LATEST", "f1", `{}`)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status, "%v %v", g.Error, e.historyTypes(t, arn))
		require.Equal(t, `"done"`, aws.ToString(g.Result))
		require.Empty(t, e.fake.OpenCallbacks(arn))
	})
}

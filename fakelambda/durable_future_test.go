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

// durable.Go starts child contexts that wait side by side: both waits
// start in the first invocation, All returns once both are over, and the
// combinators see failures.
func TestDurableGoAndAll(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "fan")
		runs := map[string]int{}
		e.fake.SetDurableHandler("fan", durable.Wrap(func(ctx durable.Context, _ struct{}) ([]string, error) {
			child := func(name string, d time.Duration) *durable.Future[string] {
				return durable.Go(ctx, name, func(c durable.Context) (string, error) {
					if err := durable.Wait(c, "pause", d); err != nil {
						return "", err
					}
					return durable.Step(c, "work", func(durable.StepContext) (string, error) { runs[name]++; return name + " done", nil })
				})
			}
			email, sms := child("email", time.Hour), child("sms", 2*time.Hour)
			quick := durable.StepAsync(ctx, "quick", func(durable.StepContext) (string, error) { runs["quick"]++; return "quick", nil })
			broken := durable.StepAsync(ctx, "broken", func(durable.StepContext) (string, error) { return "", errors.New("no") },
				durable.WithRetry(durable.NoRetry()))
			if _, err := durable.All(ctx, "with-broken", []*durable.Future[string]{quick, broken}); err == nil {
				return nil, errors.New("All should fail with the broken step")
			}
			if v, err := durable.Any(ctx, "any", []*durable.Future[string]{broken, quick}); err != nil || v != "quick" {
				return nil, errors.New("Any should skip the failure")
			}
			return durable.All(ctx, "notify", []*durable.Future[string]{email, sms})
		}))
		arn := e.startDurable(t, "fan:$LATEST", "f1", `{}`)
		h := e.historyTypes(t, arn)
		require.Equal(t, []string{"ExecutionStarted", "ContextStarted:email", "WaitStarted:pause", "ContextStarted:sms", "WaitStarted:pause",
			"StepStarted:quick", "StepSucceeded:quick", "StepStarted:broken", "StepFailed:broken",
			"ContextStarted:with-broken", "ContextFailed:with-broken", "ContextStarted:any", "ContextSucceeded:any", "InvocationCompleted"}, h,
			"both children start their waits in the first invocation")
		e.clk.Add(time.Hour)
		require.Equal(t, types.ExecutionStatusRunning, e.durableExecution(t, arn).Status)
		require.Equal(t, 1, runs["email"])
		e.clk.Add(time.Hour)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.JSONEq(t, `["email done","sms done"]`, aws.ToString(g.Result))
		require.Equal(t, map[string]int{"email": 1, "sms": 1, "quick": 1}, runs)
	})
}

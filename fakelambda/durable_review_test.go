package fakelambda_test

import (
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

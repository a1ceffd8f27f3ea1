package fakelambda_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// With no clock at all, the fake reads time.Now at each request, so inside a
// synctest bubble time.Sleep moves it, instantly.
func TestPCSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		// Pending until a read has seen it: the waiter's one retry costs no
		// wall time in the bubble.
		require.NoError(t, lambda.NewFunctionActiveV2Waiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionInput{FunctionName: aws.String("f")}, time.Minute))
		out, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		v := aws.ToString(out.Version)
		e.putPC(t, "f", v, 10)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "f", v).Status)
		time.Sleep(fakelambda.DefaultAllocationDelay)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", v).Status)
	})
}

// With no clock, a Fault's Delay waits on real time: inside a synctest bubble
// the call is answered exactly when the bubble's time has moved the delay, and
// a context deadline shorter than the delay ends it with the context's error.
func TestFaultDelayRealTimeSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		start := time.Now()
		h := fake.AddFault(fakelambda.Fault{Operation: "GetFunction", Delay: time.Minute, Count: 1})
		done := make(chan error, 1)
		go func() {
			_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
			done <- err
		}()
		synctest.Wait()
		require.Equal(t, 1, fake.Waiting())
		time.Sleep(time.Minute - time.Nanosecond)
		synctest.Wait()
		require.Equal(t, 1, fake.Waiting(), "still held a nanosecond before the delay ends")
		time.Sleep(time.Nanosecond)
		require.NoError(t, <-done)
		require.Equal(t, 1, h.Fired())
		calls := fake.Calls()
		last := calls[len(calls)-1]
		require.Equal(t, 200, last.StatusCode)
		require.True(t, start.Add(time.Minute).Equal(last.At), "answered once the delay was over: %v", last.At)

		fake.AddFault(fakelambda.Fault{Operation: "GetFunction", Delay: time.Hour})
		ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
		defer cancel()
		_, err := e.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, 0, fake.Waiting())
		calls = fake.Calls()
		last = calls[len(calls)-1]
		require.Equal(t, "RequestCanceled", last.ErrorCode)
		require.Equal(t, 0, last.StatusCode)
		require.True(t, last.Faulted)
	})
}

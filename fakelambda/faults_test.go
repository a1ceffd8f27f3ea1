package fakelambda_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// ops lists the operations of calls, in order.
func ops(calls []fakelambda.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Operation
	}
	return out
}

// setupBlue creates my-function, version 1 and alias BLUE.
func setupBlue(t *testing.T, e *env) {
	t.Helper()
	e.createFunction(t, "my-function")
	e.publish(t, "my-function")
	e.alias(t, "my-function", "BLUE", "1")
}

func TestFaultThrottleAbsorbedByRetries(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		h := e.fake.AddFault(fakelambda.Fault{Operation: "PutProvisionedConcurrencyConfig",
			Err: fakelambda.Throttled("CallerRateLimitExceeded"), Count: 2})
		before := len(e.fake.Calls())
		out := e.putPC(t, "my-function", "BLUE", 100)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, out.Status)
		require.Equal(t, 2, h.Fired())

		calls := e.fake.Calls()[before:]
		require.Len(t, calls, 3, "two throttled attempts, then the successful one")
		for i, c := range calls {
			require.Equal(t, "PutProvisionedConcurrencyConfig", c.Operation)
			require.Equal(t, "my-function", c.Function)
			require.Equal(t, "BLUE", c.Qualifier)
			require.Equal(t, epoch, c.At)
			if i < 2 {
				require.True(t, c.Faulted)
				require.Equal(t, 429, c.StatusCode)
				require.Equal(t, "TooManyRequestsException", c.ErrorCode)
			} else {
				require.False(t, c.Faulted)
				require.Equal(t, 202, c.StatusCode)
				require.Empty(t, c.ErrorCode)
			}
		}
	})
}

func TestFaultThrottleSurfaces(t *testing.T) {
	reasons := []types.ThrottleReason{
		types.ThrottleReasonConcurrentInvocationLimitExceeded,
		types.ThrottleReasonFunctionInvocationRateLimitExceeded,
		types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded,
		types.ThrottleReasonReservedFunctionInvocationRateLimitExceeded,
		types.ThrottleReasonCallerRateLimitExceeded,
		types.ThrottleReasonConcurrentSnapshotCreateLimitExceeded,
	}
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		for _, reason := range reasons {
			throttle := fakelambda.Throttled(string(reason))
			throttle.RetryAfter = 2
			h := e.fake.AddFault(fakelambda.Fault{Operation: "GetProvisionedConcurrencyConfig", Err: throttle})
			before := len(e.fake.Calls())
			_, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
			tmr := requireAPIError[*types.TooManyRequestsException](t, err, 429, "TooManyRequestsException", "Rate exceeded")
			require.Equal(t, reason, tmr.Reason)
			require.Equal(t, "User", aws.ToString(tmr.Type))
			require.Equal(t, "2", aws.ToString(tmr.RetryAfterSeconds))
			require.Equal(t, 3, h.Fired(), "the SDK made its 3 attempts")
			require.Len(t, e.fake.Calls()[before:], 3)
			h.Remove()
			h.Remove() // idempotent
		}
		// Removed faults no longer fire.
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, func() types.ProvisionedConcurrencyStatusEnum {
			_, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
			var nf *types.ProvisionedConcurrencyConfigNotFoundException
			require.True(t, errors.As(err, &nf))
			return types.ProvisionedConcurrencyStatusEnumInProgress
		}())
	})
}

func TestFaultOneAttempt(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		e.fake.AddFault(fakelambda.Fault{Operation: "PutProvisionedConcurrencyConfig", Err: fakelambda.Throttled("CallerRateLimitExceeded"), Count: 1})
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"), ProvisionedConcurrentExecutions: aws.Int32(1)},
			func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
		requireAPIError[*types.TooManyRequestsException](t, err, 429, "TooManyRequestsException", "Rate exceeded")
		// The faulted call changed nothing.
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
		var nf *types.ProvisionedConcurrencyConfigNotFoundException
		require.ErrorAs(t, err, &nf)
	})
}

func TestFaultServiceErrorAndOtherCodes(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		h := e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Err: fakelambda.ServiceError("boom")})
		_, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
		se := requireAPIError[*types.ServiceException](t, err, 500, "ServiceException", "boom")
		require.Equal(t, "Service", aws.ToString(se.Type))
		require.Equal(t, 3, h.Fired(), "5xx is retried")
		h.Remove()

		// A code the fake knows gets its status; the SDK maps it to its type.
		e.fake.AddFault(fakelambda.Fault{Operation: "UpdateAlias", Count: 1,
			Err: &fakelambda.APIError{Code: "ResourceConflictException", Message: "busy", Type: "User"}})
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", "busy")

		// A code the SDK does not model is a generic API error.
		e.fake.AddFault(fakelambda.Fault{Operation: "GetFunction", Count: 1,
			Err: &fakelambda.APIError{Code: "AccessDeniedException", StatusCode: 403, Message: "denied"}})
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my-function")})
		requireAPIError[smithy.APIError](t, err, 403, "AccessDeniedException", "denied")

		// A plain Go error is answered as a ServiceException.
		e.fake.AddFault(fakelambda.Fault{Operation: "GetFunction", Count: 3, Err: errors.New("disk on fire")})
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my-function")})
		requireAPIError[*types.ServiceException](t, err, 500, "ServiceException", "disk on fire")
	})
}

func TestFaultMatching(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		e.createFunction(t, "other")
		// By ARN with a qualifier: matches every name form of the same target, nothing else.
		h := e.fake.AddFault(fakelambda.Fault{Function: arnPrefix + "my-function:BLUE", Err: fakelambda.ServiceError("x"), Count: 100})
		get := func(fn, q string) error {
			_, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String(fn), Qualifier: aws.String(q)}, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
			return err
		}
		var se *types.ServiceException
		require.ErrorAs(t, get("my-function", "BLUE"), &se)
		require.ErrorAs(t, get("123456789012:function:my-function:BLUE", "BLUE"), &se)
		require.ErrorAs(t, get(arnPrefix+"my-function", "BLUE"), &se)
		var nf *types.ProvisionedConcurrencyConfigNotFoundException
		require.ErrorAs(t, get("my-function", "1"), &nf, "other qualifier")
		_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("other")})
		require.NoError(t, err, "other function")
		require.Equal(t, 3, h.Fired())
		h.Remove()

		// Skip lets calls through first; Count bounds the firing; first added wins.
		first := e.fake.AddFault(fakelambda.Fault{Operation: "GetFunction", Skip: 2, Count: 1, Err: fakelambda.ServiceError("first")})
		second := e.fake.AddFault(fakelambda.Fault{Operation: "GetFunction", Err: fakelambda.ServiceError("second")})
		results := []string{}
		for i := 0; i < 4; i++ {
			_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("other")},
				func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
			var se *types.ServiceException
			if errors.As(err, &se) {
				results = append(results, aws.ToString(se.Message))
			} else {
				require.NoError(t, err)
				results = append(results, "ok")
			}
		}
		require.Equal(t, []string{"second", "second", "first", "second"}, results)
		require.Equal(t, 1, first.Fired())
		require.Equal(t, 3, second.Fired())
	})
}

func TestFaultConnectionReset(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		h := e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Count: 2, Err: fakelambda.ErrConnectionReset})
		before := len(e.fake.Calls())
		out, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
		require.NoError(t, err, "the retryer absorbs two dropped connections")
		require.Equal(t, "1", aws.ToString(out.FunctionVersion))
		require.Equal(t, 2, h.Fired())
		calls := e.fake.Calls()[before:]
		require.Len(t, calls, 3)
		require.Equal(t, "ConnectionReset", calls[0].ErrorCode)
		require.Equal(t, 0, calls[0].StatusCode)
		require.True(t, calls[0].Faulted)
		require.Equal(t, 200, calls[2].StatusCode)

		e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Err: fakelambda.ErrConnectionReset})
		_, err = e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
		require.Error(t, err)
		var api smithy.APIError
		require.False(t, errors.As(err, &api), "no answer, so no API error: %v", err)
		// 3 SDK attempts; over HTTP, net/http itself may retry an idempotent
		// request once when a reused connection drops.
		require.GreaterOrEqual(t, len(e.fake.Calls()[before:]), 6)
	})
}

// waitHeld spins until the fake holds n calls on a Delay.
func waitHeld(t *testing.T, f *fakelambda.Fake, n int) {
	t.Helper()
	for f.Waiting() != n {
		runtime.Gosched()
	}
}

func TestFaultDelayOnMockClock(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		h := e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Delay: 30 * time.Second, Count: 1})
		done := make(chan error, 1)
		go func() {
			_, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
			done <- err
		}()
		waitHeld(t, e.fake, 1)
		select {
		case err := <-done:
			t.Fatalf("answered before the clock moved: %v", err)
		default:
		}
		e.clk.Add(30 * time.Second)
		require.NoError(t, <-done)
		require.Equal(t, 1, h.Fired())
		calls := e.fake.Calls()
		last := calls[len(calls)-1]
		require.Equal(t, 200, last.StatusCode)
		require.Equal(t, epoch.Add(30*time.Second), last.At, "answered at the later time")
	})
}

func TestFaultDelayEndedByContext(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Delay: time.Hour, Err: fakelambda.ServiceError("never seen")})
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error, 1)
		go func() {
			_, err := e.client.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
			done <- err
		}()
		waitHeld(t, e.fake, 1)
		cancel()
		err := <-done
		require.ErrorIs(t, err, context.Canceled)
		waitHeld(t, e.fake, 0)
		calls := e.fake.Calls()
		require.Equal(t, "RequestCanceled", calls[len(calls)-1].ErrorCode)
	})
}

// A context deadline shorter than a Delay ends the call with the context's
// error on both transports, and the call log records it as cancelled.
func TestFaultDelayEndedByDeadline(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		h := e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Delay: time.Hour})
		before := len(e.fake.Calls())
		ctx, cancel := context.WithTimeout(e.ctx, 20*time.Millisecond)
		defer cancel()
		_, err := e.client.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var api smithy.APIError
		require.False(t, errors.As(err, &api), "no answer, so no API error: %v", err)
		waitHeld(t, e.fake, 0)
		calls := e.fake.Calls()[before:]
		require.Len(t, calls, 1, "a deadline is not retried")
		require.Equal(t, "GetAlias", calls[0].Operation)
		require.Equal(t, "RequestCanceled", calls[0].ErrorCode)
		require.Equal(t, 0, calls[0].StatusCode)
		require.True(t, calls[0].Faulted)
		require.Equal(t, epoch, calls[0].At, "the mock clock never moved")
		require.Equal(t, 1, h.Fired())
	})
}

func TestFaultedCallChangesNothing(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.fake.AddFault(fakelambda.Fault{Operation: "CreateFunction", Function: "f", Count: 3, Err: fakelambda.ServiceError("nope")})
		_, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String("f"), Role: aws.String("arn:aws:iam::123456789012:role/r"),
			Runtime: types.RuntimeProvidedal2023, Handler: aws.String("bootstrap"), Code: &types.FunctionCode{ZipFile: []byte("z")}})
		requireAPIError[*types.ServiceException](t, err, 500, "ServiceException", "nope")
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		var rnf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &rnf)
		e.createFunction(t, "f") // the fault is used up
	})
}

func TestRateLimit(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		get := func() error {
			_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")},
				func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
			return err
		}
		require.NoError(t, get())
		require.NoError(t, get())
		tmr := requireAPIError[*types.TooManyRequestsException](t, get(), 429, "TooManyRequestsException", "Rate exceeded")
		require.Equal(t, types.ThrottleReasonCallerRateLimitExceeded, tmr.Reason)
		e.clk.Add(500 * time.Millisecond)
		require.NoError(t, get(), "half a second refills one token")
		requireAPIError[*types.TooManyRequestsException](t, get(), 429, "TooManyRequestsException", "Rate exceeded")
		// Other operations have their own limit, or none.
		_, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
	}, fakelambda.WithRateLimit("GetFunction", 2, 2))
}

func TestCloseAndReset(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		setupBlue(t, e)
		e.fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Err: fakelambda.ServiceError("x")})
		require.NotEmpty(t, e.fake.Calls())

		e.fake.Reset()
		require.Empty(t, e.fake.Calls())
		_, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Function not found: "+arnPrefix+"my-function")
		settings, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int64(0), settings.AccountUsage.FunctionCount)

		e.fake.Close()
		e.fake.Close()
		_, err = e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{}, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
		requireAPIError[*types.ServiceException](t, err, 500, "ServiceException", "fakelambda: the fake is closed")
	})
}

func TestCallsSince(t *testing.T) {
	fake := fakelambda.New()
	client := newClient(fake)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, err := client.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
	}
	_, err := client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
	require.Error(t, err)
	require.Equal(t, []string{"GetAccountSettings", "GetFunction"}, ops(fake.CallsSince(2)))
	require.Equal(t, "ResourceNotFoundException", fake.CallsSince(3)[0].ErrorCode)
	require.Empty(t, fake.CallsSince(4))
	require.Empty(t, fake.CallsSince(100))
	require.Len(t, fake.CallsSince(-1), 4)
	fake.Reset()
	require.Empty(t, fake.CallsSince(0))
}

func TestCallLogLimit(t *testing.T) {
	fake := fakelambda.New(fakelambda.WithCallLogLimit(4))
	client := newClient(fake)
	ctx := context.Background()
	for i := 0; i < 10; i++ {
		_, err := client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fmtInt(int64(i)))})
		require.Error(t, err)
	}
	calls := fake.Calls()
	require.LessOrEqual(t, len(calls), 4)
	require.Equal(t, "9", calls[len(calls)-1].Function, "the newest calls are kept")
	// CallsSince counts every call, dropped ones included.
	since := fake.CallsSince(8)
	require.Len(t, since, 2)
	require.Equal(t, "8", since[0].Function)
	require.Equal(t, "9", since[1].Function)
	require.Len(t, fake.CallsSince(10), 0)
	require.Equal(t, calls, fake.CallsSince(0), "what is left, when n is older than the log")
	fake.Reset()
	_, _ = client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("x")})
	require.Len(t, fake.CallsSince(0), 1, "Reset starts the count again")
}

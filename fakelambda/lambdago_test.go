package fakelambda_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	golambda "github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Real aws-lambda-go handlers as the function's code, invoked with the real
// SDK: typed events, lambdacontext, errors, panics, deadlines and timeouts.

type order struct {
	ID    string  `json:"id"`
	Total float64 `json:"total"`
}

type receipt struct {
	OrderID   string `json:"orderId"`
	RequestID string `json:"requestId"`
	ARN       string `json:"arn"`
	Custom    string `json:"custom,omitempty"`
	Env       string `json:"env,omitempty"`
	App       string `json:"app,omitempty"`
	Tenant    string `json:"tenant,omitempty"`
}

// setTimeout sets the function's Timeout, in seconds.
func (e *env) setTimeout(t *testing.T, fn string, seconds int32) {
	t.Helper()
	_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String(fn), Timeout: aws.Int32(seconds)})
	require.NoError(t, err)
}

func TestLambdaGoTypedHandlerAndContext(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "orders")
		e.setTimeout(t, "orders", 7)
		v := e.publish(t, "orders")
		e.alias(t, "orders", "live", v)

		var deadline time.Time
		var hasDeadline bool
		var env map[string]string
		var trace any
		handle := func(ctx context.Context, o order) (receipt, error) {
			lc, ok := lambdacontext.FromContext(ctx)
			if !ok {
				return receipt{}, errors.New("no lambdacontext")
			}
			deadline, hasDeadline = ctx.Deadline()
			env = fakelambda.Env(ctx)
			trace = ctx.Value("x-amzn-trace-id")
			return receipt{OrderID: o.ID, RequestID: lc.AwsRequestID, ARN: lc.InvokedFunctionArn,
				Custom: lc.ClientContext.Custom["k"], Env: lc.ClientContext.Env["e"],
				App: lc.ClientContext.Client.AppTitle, Tenant: lc.TenantID}, nil
		}
		e.fake.SetHandler("orders", golambda.NewHandler(handle).Invoke)

		arn := "arn:aws:lambda:us-east-1:123456789012:function:orders"
		for _, c := range []struct{ qualifier, arn, version string }{
			{"", arn, "$LATEST"}, {"$LATEST", arn + ":$LATEST", "$LATEST"}, {v, arn + ":" + v, v}, {"live", arn + ":live", v},
		} {
			in := &lambda.InvokeInput{FunctionName: aws.String("orders"), Payload: []byte(`{"id":"o-1","total":9.5}`)}
			if c.qualifier != "" {
				in.Qualifier = aws.String(c.qualifier)
			}
			out, err := e.invoke(e.ctx, in)
			require.NoError(t, err)
			require.Equal(t, int32(200), out.StatusCode)
			require.Nil(t, out.FunctionError, string(out.Payload))
			require.Equal(t, c.version, aws.ToString(out.ExecutedVersion))
			id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
			var got receipt
			require.NoError(t, json.Unmarshal(out.Payload, &got))
			require.Equal(t, receipt{OrderID: "o-1", RequestID: id, ARN: c.arn}, got, c.qualifier)
			require.True(t, hasDeadline)
			require.Equal(t, e.clk.Now().Add(7*time.Second).UTC(), deadline.UTC(), "start + Timeout on the fake's clock")
			require.Equal(t, "orders", env["AWS_LAMBDA_FUNCTION_NAME"])
			require.Equal(t, c.version, env["AWS_LAMBDA_FUNCTION_VERSION"])
			require.Equal(t, "128", env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
			require.Equal(t, "/aws/lambda/orders", env["AWS_LAMBDA_LOG_GROUP_NAME"])
			require.Equal(t, "us-east-1", env["AWS_REGION"])
			require.Equal(t, "on-demand", env["AWS_LAMBDA_INITIALIZATION_TYPE"])
			require.Contains(t, env["AWS_LAMBDA_LOG_STREAM_NAME"], "/["+c.version+"]")
			require.Equal(t, env["_X_AMZN_TRACE_ID"], trace)
			require.True(t, strings.HasPrefix(trace.(string), "Root=1-"), trace)
		}

		// The client context, as the Go runtime decodes it, and the tenant.
		cc := base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v","n":1},"env":{"e":"x"},"Client":{"app_title":"shop"}}`))
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("orders"), ClientContext: aws.String(cc),
			TenantId: aws.String("tenant-1"), Payload: []byte(`{"id":"o-2"}`)})
		require.NoError(t, err)
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		var got receipt
		require.NoError(t, json.Unmarshal(out.Payload, &got), string(out.Payload))
		require.Equal(t, receipt{OrderID: "o-2", RequestID: id, ARN: arn, Custom: "v", Env: "x", App: "shop", Tenant: "tenant-1"}, got)

		// A payload the typed handler cannot decode: the runtime's error.
		out, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("orders"), Payload: []byte(`{"id":5}`)})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.JSONEq(t, `{"errorMessage":"json: cannot unmarshal number into Go struct field order.id of type string","errorType":"UnmarshalTypeError"}`, string(out.Payload))
	})
}

type orderError struct{ Code int }

func (e *orderError) Error() string { return fmt.Sprintf("order failed with %d", e.Code) }

func TestLambdaGoErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.reserve(t, "f", 1) // a leaked slot would throttle the next call
		cases := []struct {
			name string
			fn   any
			body string
		}{
			{"errors.New", func() error { return errors.New("boom") }, `{"errorMessage":"boom","errorType":"errorString"}`},
			{"typed error", func(context.Context, order) (*receipt, error) { return nil, &orderError{Code: 7} },
				`{"errorMessage":"order failed with 7","errorType":"orderError"}`},
			{"wrapped", func(context.Context) error { return fmt.Errorf("saving: %w", &orderError{Code: 8}) },
				`{"errorMessage":"saving: order failed with 8","errorType":"wrapError"}`},
			{"runtime error document", func() error {
				return messages.InvokeResponse_Error{Type: "Custom.Kind", Message: "as is"}
			}, `{"errorMessage":"as is","errorType":"Custom.Kind"}`},
		}
		for _, c := range cases {
			e.fake.SetHandler("f", golambda.NewHandler(c.fn).Invoke)
			out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
			require.NoError(t, err, c.name)
			require.Equal(t, int32(200), out.StatusCode, c.name)
			require.Equal(t, "Unhandled", aws.ToString(out.FunctionError), c.name)
			require.Equal(t, c.body, string(out.Payload), c.name)
		}
		require.Equal(t, fakelambda.Metrics{Invocations: 4, Errors: 4, MaxConcurrentExecutions: 1}, e.fake.Metrics("f", ""))
	})
}

// explode panics two frames below the handler.
func explode(depth int) {
	if depth == 0 {
		panic(&orderError{Code: 500})
	}
	explode(depth - 1)
}

func TestLambdaGoPanic(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.reserve(t, "f", 1)
		e.fake.SetHandler("f", golambda.NewHandler(func(ctx context.Context, o order) (string, error) {
			explode(1)
			return "unreachable", nil
		}).Invoke)
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, int32(200), out.StatusCode)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		var doc struct {
			ErrorMessage string                                      `json:"errorMessage"`
			ErrorType    string                                      `json:"errorType"`
			StackTrace   []*messages.InvokeResponse_Error_StackFrame `json:"stackTrace"`
		}
		require.NoError(t, json.Unmarshal(out.Payload, &doc))
		require.Equal(t, "order failed with 500", doc.ErrorMessage)
		require.Equal(t, "orderError", doc.ErrorType)
		require.True(t, strings.HasPrefix(string(out.Payload), `{"errorMessage":"order failed with 500","errorType":"orderError","stackTrace":[{"path":`), string(out.Payload))
		require.NotEmpty(t, doc.StackTrace)
		require.LessOrEqual(t, len(doc.StackTrace), 32)
		require.Equal(t, "gopanic", doc.StackTrace[0].Label)
		require.Equal(t, "runtime/panic.go", doc.StackTrace[0].Path)
		// Then the panicking code, labels without their package, as the runtime formats them.
		require.Equal(t, "explode", doc.StackTrace[1].Label)
		require.Equal(t, "explode", doc.StackTrace[2].Label)
		require.True(t, strings.HasSuffix(doc.StackTrace[1].Path, "lambdago_test.go"), doc.StackTrace[1].Path)
		require.Positive(t, doc.StackTrace[1].Line)
		// The slot is back: the next call runs.
		e.fake.SetHandler("f", nil)
		require.Equal(t, "null", string(e.call(t, "f", "").Payload))
		require.Equal(t, 1, e.fake.Metrics("f", "").Errors)
	})
}

// timedOutBody is the recorded timeout document for request id and a Timeout.
func timedOutBody(id string, seconds int) string {
	return fmt.Sprintf(`{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: %s Error: Task timed out after %d.00 seconds"}`, id, seconds)
}

// requireTimedOut checks the SDK's view of a timed-out invocation.
func requireTimedOut(t *testing.T, out *lambda.InvokeOutput, err error, seconds int) {
	t.Helper()
	require.NoError(t, err)
	require.Equal(t, int32(200), out.StatusCode)
	require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
	id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	require.Equal(t, timedOutBody(id, seconds), string(out.Payload))
}

// On a mock clock: advancing the clock past the deadline cancels the
// handler's context; a handler that ignores its context and returns late
// still gets the timeout answer.
func TestLambdaGoTimeoutMockClock(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.setTimeout(t, "f", 2)
		started := make(chan struct{})
		var ctxErr error
		e.fake.SetHandler("f", golambda.NewHandler(func(ctx context.Context) (string, error) {
			close(started)
			<-ctx.Done()
			ctxErr = ctx.Err()
			return "too late", nil
		}).Invoke)
		type result struct {
			out *lambda.InvokeOutput
			err error
		}
		done := make(chan result, 1)
		go func() {
			out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), LogType: "Tail"})
			done <- result{out, err}
		}()
		<-started
		e.clk.Add(2*time.Second - time.Millisecond)
		select {
		case <-done:
			t.Fatal("answered before the deadline")
		default:
		}
		e.clk.Add(time.Millisecond)
		r := <-done
		requireTimedOut(t, r.out, r.err, 2)
		require.ErrorIs(t, ctxErr, context.DeadlineExceeded)
		log, err := base64.StdEncoding.DecodeString(aws.ToString(r.out.LogResult))
		require.NoError(t, err)
		require.Contains(t, string(log), "Sandbox.Timedout: RequestId: ")

		// Ignoring the context: the handler moves the clock itself and answers.
		e.fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			e.clk.Add(3 * time.Second)
			return []byte(`"done"`), nil
		})
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireTimedOut(t, out, err, 2)

		// Within the Timeout: the answer as returned.
		e.fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			e.clk.Add(time.Second)
			return []byte(`"done"`), nil
		})
		out, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, out.FunctionError)
		require.Equal(t, `"done"`, string(out.Payload))
		require.Equal(t, fakelambda.Metrics{Invocations: 3, Errors: 2, MaxConcurrentExecutions: 1}, e.fake.Metrics("f", ""))
	})
}

// In a synctest bubble, with no clock: an ordinary deadline on the bubble's
// time.
func TestLambdaGoTimeoutSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		e.setTimeout(t, "f", 3)
		start := time.Now()
		fake.SetHandler("f", golambda.NewHandler(func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}).Invoke)
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireTimedOut(t, out, err, 3)
		require.Equal(t, 3*time.Second, time.Since(start))

		fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			time.Sleep(5 * time.Second) // ignores its context
			return []byte(`"late"`), nil
		})
		out, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireTimedOut(t, out, err, 3)
		require.Equal(t, 2, fake.Metrics("f", "").Errors)
	})
}

// On real time, with the shortest Timeout Lambda allows.
func TestLambdaGoTimeoutRealTime(t *testing.T) {
	t.Parallel()
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
	e.createFunction(t, "f")
	e.setTimeout(t, "f", 1)
	var deadline time.Time
	fake.SetHandler("f", golambda.NewHandler(func(ctx context.Context) error {
		deadline, _ = ctx.Deadline()
		<-ctx.Done()
		return ctx.Err()
	}).Invoke)
	start := time.Now()
	out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
	requireTimedOut(t, out, err, 1)
	require.WithinDuration(t, start.Add(time.Second), deadline, 200*time.Millisecond)
	require.Less(t, time.Since(start), 3*time.Second)
}

// Async events run by RunQueued get the runtime's context too, and the same
// deadline.
func TestLambdaGoAsync(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.setTimeout(t, "f", 1)
		var arns []string
		e.fake.SetHandler("f", golambda.NewHandler(func(ctx context.Context, o order) error {
			lc, _ := lambdacontext.FromContext(ctx)
			arns = append(arns, lc.InvokedFunctionArn)
			if o.ID == "slow" {
				e.clk.Add(time.Second)
			}
			return nil
		}).Invoke)
		for _, id := range []string{"a", "slow"} {
			out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: "Event",
				Payload: []byte(`{"id":"` + id + `"}`)})
			require.NoError(t, err)
			require.Equal(t, int32(202), out.StatusCode)
		}
		require.Equal(t, 2, e.fake.RunQueued(e.ctx))
		require.Equal(t, []string{"arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f"}, arns)
		m := e.fake.Metrics("f", "")
		require.Equal(t, 2, m.Invocations)
		require.Equal(t, 1, m.Errors, "the slow one timed out and is queued for a retry")
		require.Equal(t, 1, e.fake.Queued())
	})
}

// The handler's deadline is on the fake's clock even when the caller's
// context has a real-time deadline (in-process, the caller's context is the
// request's), and with a clock that has only Now (and After) it is reported
// and enforced on return.
func TestLambdaGoDeadlineOnTheFakesClock(t *testing.T) {
	t.Run("mock clock ahead of real time", func(t *testing.T) {
		e := newEnv(t, false)
		e.clk.Set(time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC))
		e.createFunction(t, "f")
		var deadline time.Time
		e.fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			deadline, _ = ctx.Deadline()
			return nil, nil
		})
		ctx, cancel := context.WithTimeout(e.ctx, time.Minute)
		defer cancel()
		_, err := e.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, time.Date(2040, 1, 1, 0, 0, 3, 0, time.UTC), deadline.UTC())
	})
	t.Run("clock with Now only", func(t *testing.T) {
		clk := fakelambda.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		fake := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		var deadline time.Time
		fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			deadline, _ = ctx.Deadline()
			clk.Advance(3 * time.Second)
			return []byte(`"late"`), nil
		})
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireTimedOut(t, out, err, 3)
		require.Equal(t, time.Date(2030, 1, 1, 0, 0, 3, 0, time.UTC), deadline.UTC())
	})
}

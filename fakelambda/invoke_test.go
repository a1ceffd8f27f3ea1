package fakelambda_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// invoke calls Invoke once, without SDK retries, so throttles count once.
func (e *env) invoke(ctx context.Context, in *lambda.InvokeInput) (*lambda.InvokeOutput, error) {
	return e.client.Invoke(ctx, in, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
}

// call invokes fn:qualifier synchronously and requires success.
func (e *env) call(t *testing.T, fn, qualifier string) *lambda.InvokeOutput {
	t.Helper()
	in := &lambda.InvokeInput{FunctionName: aws.String(fn)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := e.invoke(e.ctx, in)
	require.NoError(t, err)
	require.Equal(t, int32(200), out.StatusCode)
	return out
}

// initType is a Handler answering how it was served, as a JSON string.
func initType(ctx context.Context, _ []byte) ([]byte, error) {
	return json.Marshal(fakelambda.InitializationType(ctx))
}

// gate is a Handler that blocks until released, so invocations overlap.
type gate struct {
	started chan struct{}
	release chan struct{}
}

func newGate(n int) *gate {
	return &gate{started: make(chan struct{}, n), release: make(chan struct{})}
}

func (g *gate) handler(ctx context.Context, _ []byte) ([]byte, error) {
	g.started <- struct{}{}
	<-g.release
	return json.Marshal(fakelambda.InitializationType(ctx))
}

// waitStarted waits until n handlers are running.
func (g *gate) waitStarted(n int) {
	for range n {
		<-g.started
	}
}

// background runs n invokes of fn:q concurrently and returns a function that
// waits for them and returns their outputs and errors.
func (e *env) background(n int, fn, q string) func() ([]*lambda.InvokeOutput, []error) {
	outs := make([]*lambda.InvokeOutput, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			in := &lambda.InvokeInput{FunctionName: aws.String(fn)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			outs[i], errs[i] = e.invoke(e.ctx, in)
		})
	}
	return func() ([]*lambda.InvokeOutput, []error) {
		wg.Wait()
		return outs, errs
	}
}

// readyPC puts provisioned concurrency n on fn:q and lets it become READY.
func (e *env) readyPC(t *testing.T, fn, q string, n int32) {
	t.Helper()
	e.putPC(t, fn, q, n)
	e.clk.Add(2 * time.Minute)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, fn, q).Status)
}

func (e *env) reserve(t *testing.T, fn string, n int32) {
	t.Helper()
	_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String(fn), ReservedConcurrentExecutions: aws.Int32(n)})
	require.NoError(t, err)
}

func requireThrottled(t *testing.T, err error, reason types.ThrottleReason) {
	t.Helper()
	tm := requireAPIError[*types.TooManyRequestsException](t, err, 429, "TooManyRequestsException", "Rate Exceeded.")
	require.Equal(t, reason, tm.Reason)
	require.Equal(t, "User", aws.ToString(tm.Type))
}

func TestInvokeRequestResponse(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		var got []byte
		e.fake.SetHandler("f", func(ctx context.Context, p []byte) ([]byte, error) {
			got = p
			return []byte(`{"ok":true}`), nil
		})
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: []byte(`{"a":1}`)})
		require.NoError(t, err)
		require.Equal(t, int32(200), out.StatusCode)
		require.Equal(t, `{"ok":true}`, string(out.Payload))
		require.Equal(t, `{"a":1}`, string(got))
		require.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion))
		require.Nil(t, out.FunctionError)
		require.Nil(t, out.LogResult)

		require.Equal(t, "$LATEST", aws.ToString(e.call(t, "f", "$LATEST").ExecutedVersion))
		require.Equal(t, "1", aws.ToString(e.call(t, "f", "1").ExecutedVersion))
		require.Equal(t, "1", aws.ToString(e.call(t, "f", "live").ExecutedVersion))
		require.Equal(t, "1", aws.ToString(e.call(t, "f:live", "").ExecutedVersion))
		require.Equal(t, "1", aws.ToString(e.call(t, arnPrefix+"f:live", "").ExecutedVersion))
		require.Equal(t, "1", aws.ToString(e.call(t, arnPrefix+"f", "1").ExecutedVersion))

		// An empty payload reaches the handler as {}.
		e.call(t, "f", "")
		require.Equal(t, `{}`, string(got))

		m := e.fake.Metrics("f", "")
		require.Equal(t, fakelambda.Metrics{Invocations: 8, MaxConcurrentExecutions: 1}, m)
		require.Equal(t, 3, e.fake.Metrics("f", "$LATEST").Invocations)
		require.Equal(t, 5, e.fake.Metrics("f", "1").Invocations)
		require.Equal(t, 3, e.fake.Metrics("f", "live").Invocations)
		require.Equal(t, 3, e.fake.Metrics(arnPrefix+"f:live", "").Invocations)
		require.Equal(t, fakelambda.Metrics{}, e.fake.Metrics("other", ""))
	})
}

func TestInvokeWithoutHandlerAnswersNull(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		out := e.call(t, "f", "")
		require.Equal(t, "null", string(out.Payload))
		// A handler returning nil answers null too.
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return nil, nil })
		require.Equal(t, "null", string(e.call(t, "f", "").Payload))
		// A nil handler removes it.
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return []byte(`1`), nil })
		require.Equal(t, "1", string(e.call(t, "f", "").Payload))
		e.fake.SetHandler("f", nil)
		require.Equal(t, "null", string(e.call(t, "f", "").Payload))
	})
}

func TestInvokeHandlerSpecificity(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.alias(t, "f", "live", v1)
		e.alias(t, "f", "next", v2)
		answer := func(s string) fakelambda.Handler {
			return func(context.Context, []byte) ([]byte, error) { return json.Marshal(s) }
		}
		e.fake.SetHandler("f", answer("function"))
		e.fake.SetHandler("f:1", answer("v1"))
		e.fake.SetHandler(arnPrefix+"f:live", answer("live"))
		e.fake.SetHandler("f:$LATEST", answer("latest"))
		require.Equal(t, `"latest"`, string(e.call(t, "f", "").Payload))
		require.Equal(t, `"v1"`, string(e.call(t, "f", "1").Payload))
		require.Equal(t, `"live"`, string(e.call(t, "f", "live").Payload))
		require.Equal(t, `"function"`, string(e.call(t, "f", "2").Payload))
		require.Equal(t, `"function"`, string(e.call(t, "f", "next").Payload))
		e.fake.SetHandler("f:2", answer("v2"))
		require.Equal(t, `"v2"`, string(e.call(t, "f", "next").Payload), "an alias falls back to its version's handler")
	})
}

func TestInvokeFunctionErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.reserve(t, "f", 1) // a leaked slot would throttle the next call
		cases := []struct {
			name string
			h    fakelambda.Handler
			body string
		}{
			{"error", func(context.Context, []byte) ([]byte, error) { return nil, errors.New("boom") },
				`{"errorMessage":"boom","errorType":"errorString"}`},
			{"typed", func(context.Context, []byte) ([]byte, error) {
				return nil, fmt.Errorf("wrapped: %w", &fakelambda.FunctionError{Type: "Sandbox.Timedout", Message: "Task timed out after 3.00 seconds"})
			}, `{"errorMessage":"Task timed out after 3.00 seconds","errorType":"Sandbox.Timedout"}`},
			{"panic", func(context.Context, []byte) ([]byte, error) { panic("kaboom") },
				`{"errorMessage":"kaboom","errorType":"string"}`},
			{"panic error", func(context.Context, []byte) ([]byte, error) { panic(fmt.Errorf("bad %d", 7)) },
				`{"errorMessage":"bad 7","errorType":"errorString"}`},
		}
		for _, c := range cases {
			e.fake.SetHandler("f", c.h)
			out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
			require.NoError(t, err, c.name)
			require.Equal(t, int32(200), out.StatusCode, c.name)
			require.Equal(t, "Unhandled", aws.ToString(out.FunctionError), c.name)
			require.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion), c.name)
			payload := string(out.Payload)
			if strings.HasPrefix(c.name, "panic") { // a panic's stackTrace: see TestLambdaGoPanic
				i := strings.Index(payload, `,"stackTrace":[{`)
				require.Positive(t, i, c.name)
				payload = payload[:i] + "}"
			}
			require.Equal(t, c.body, payload, c.name)
		}
		// No slot leaked: with reserved concurrency 1 the next call still runs.
		e.fake.SetHandler("f", nil)
		require.Equal(t, "null", string(e.call(t, "f", "").Payload))
		m := e.fake.Metrics("f", "")
		require.Equal(t, fakelambda.Metrics{Invocations: 5, Errors: 4, MaxConcurrentExecutions: 1}, m)
	})
}

func TestInvokeResponseTooLarge(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) {
			return []byte(`"` + strings.Repeat("x", 6*1024*1024) + `"`), nil
		})
		out := e.call(t, "f", "")
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.Equal(t, `{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}`, string(out.Payload))
	})
}

func TestInvokeLogTailAndClientContext(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		var cc []byte
		var reqID string
		e.fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			cc, reqID = fakelambda.ClientContext(ctx), fakelambda.RequestID(ctx)
			return []byte(`{}`), nil
		})
		clientCtx := `{"custom":{"user":"u1"}}`
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{
			FunctionName:  aws.String("f"),
			LogType:       types.LogTypeTail,
			ClientContext: aws.String(base64.StdEncoding.EncodeToString([]byte(clientCtx))),
		})
		require.NoError(t, err)
		require.Equal(t, clientCtx, string(cc))
		id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		require.True(t, ok)
		require.Equal(t, id, reqID)
		log, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
		require.NoError(t, err)
		require.Equal(t, "START RequestId: "+id+" Version: $LATEST\n"+
			"END RequestId: "+id+"\n"+
			"REPORT RequestId: "+id+"\tDuration: 0.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 32 MB\t\n", string(log))

		// A function error is logged too.
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return nil, errors.New("boom") })
		out, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), LogType: types.LogTypeTail})
		require.NoError(t, err)
		log, err = base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
		require.NoError(t, err)
		require.Contains(t, string(log), "\nerrorString: boom\nEND RequestId: ")

		// Without a client context the handler sees nil.
		e.fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			cc = fakelambda.ClientContext(ctx)
			return nil, nil
		})
		e.call(t, "f", "")
		require.Nil(t, cc)

		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), ClientContext: aws.String("not base64!")})
		requireAPIError[*types.InvalidRequestContentException](t, err, 400, "InvalidRequestContentException",
			"Client context must be a valid Base64-encoded JSON object.")
		require.Equal(t, "", fakelambda.InitializationType(context.Background()))
		require.Nil(t, fakelambda.ClientContext(context.Background()))
	})
}

func TestInvokeEventAndDryRun(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		var runs []string
		e.fake.SetHandler("f", func(ctx context.Context, p []byte) ([]byte, error) {
			require.Nil(t, fakelambda.ClientContext(ctx))
			runs = append(runs, string(p)+" "+fakelambda.InitializationType(ctx))
			return []byte(`"ignored"`), nil
		})
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent,
			Payload: []byte(`{"n":1}`), LogType: types.LogTypeTail,
			ClientContext: aws.String(base64.StdEncoding.EncodeToString([]byte(`{"a":1}`)))})
		require.NoError(t, err)
		require.Equal(t, int32(202), out.StatusCode)
		require.Nil(t, out.ExecutedVersion)
		require.Nil(t, out.FunctionError)
		require.Nil(t, out.LogResult)
		require.Empty(t, out.Payload)
		out, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("live"),
			InvocationType: types.InvocationTypeEvent, Payload: []byte(`{"n":2}`)})
		require.NoError(t, err)
		require.Equal(t, int32(202), out.StatusCode)

		require.Empty(t, runs, "events wait for RunQueued")
		require.Equal(t, 2, e.fake.Queued())
		require.Equal(t, fakelambda.Metrics{}, e.fake.Metrics("f", ""))
		require.Equal(t, 2, e.fake.RunQueued(e.ctx))
		require.Equal(t, []string{`{"n":1} on-demand`, `{"n":2} on-demand`}, runs)
		require.Equal(t, 0, e.fake.Queued())
		require.Equal(t, 0, e.fake.RunQueued(e.ctx))
		require.Equal(t, 1, e.fake.Metrics("f", "live").Invocations)
		require.Equal(t, 2, e.fake.Metrics("f", "").Invocations)

		out, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeDryRun,
			Payload: []byte(`{}`)})
		require.NoError(t, err)
		require.Equal(t, int32(204), out.StatusCode)
		require.Nil(t, out.ExecutedVersion)
		require.Empty(t, out.Payload)
		require.Len(t, runs, 2, "DryRun runs nothing")
		require.Equal(t, 0, e.fake.Queued())

		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("nope"), InvocationType: types.InvocationTypeDryRun})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Function not found: "+arnPrefix+"nope:$LATEST")
	})
}

func TestInvokeEventRetriesAndFailures(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		runs := 0
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { runs++; return nil, errors.New("boom") })
		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent,
			Payload: []byte(`{"n":1}`)})
		require.NoError(t, err)
		for i := range 3 {
			require.Equal(t, 1, e.fake.Queued(), "attempt %d", i+1)
			require.Empty(t, e.fake.FailedEvents())
			require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		}
		require.Equal(t, 3, runs)
		require.Equal(t, 0, e.fake.Queued())
		failed := e.fake.FailedEvents()
		require.Len(t, failed, 1)
		require.Equal(t, arnPrefix+"f:$LATEST", failed[0].FunctionArn)
		require.Equal(t, "RetriesExhausted", failed[0].Condition)
		require.Equal(t, 3, failed[0].ApproximateInvokeCount)
		require.Equal(t, `{"n":1}`, string(failed[0].Payload))
		require.Equal(t, `{"errorMessage":"boom","errorType":"errorString"}`, string(failed[0].ResponsePayload))
		require.Equal(t, fakelambda.Metrics{Invocations: 3, Errors: 3, MaxConcurrentExecutions: 1}, e.fake.Metrics("f", ""))

		// A cancelled context leaves the events queued.
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent})
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(e.ctx)
		cancel()
		require.Equal(t, 0, e.fake.RunQueued(ctx))
		require.Equal(t, 1, e.fake.Queued())

		// Reset forgets the queue, the failures, the handlers and the metrics.
		e.fake.Reset()
		require.Equal(t, 0, e.fake.Queued())
		require.Empty(t, e.fake.FailedEvents())
		require.Equal(t, fakelambda.Metrics{}, e.fake.Metrics("f", ""))
		e.createFunction(t, "f")
		require.Equal(t, "null", string(e.call(t, "f", "").Payload))
	})
}

func TestInvokeEventThrottledStaysQueued(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.reserve(t, "f", 1)
		g := newGate(1)
		e.fake.SetHandler("f", g.handler)
		wait := e.background(1, "f", "")
		g.waitStarted(1)
		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent})
		require.NoError(t, err)
		require.Equal(t, 0, e.fake.RunQueued(e.ctx), "no concurrency left: throttled, retried later")
		require.Equal(t, 1, e.fake.Queued())
		require.Equal(t, 1, e.fake.Metrics("f", "").Throttles)
		close(g.release)
		_, errs := wait()
		require.NoError(t, errs[0])
		e.fake.SetHandler("f", nil)
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		require.Equal(t, 0, e.fake.Queued())
		require.Empty(t, e.fake.FailedEvents())
	})
}

func TestInvokeBadRequests(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		runs := 0
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { runs++; return nil, nil })

		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: []byte("hello")})
		requireAPIError[*types.InvalidRequestContentException](t, err, 400, "InvalidRequestContentException",
			"Could not parse request body into json: Could not parse payload into json: invalid character 'h' looking for beginning of value")
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: []byte(`{"a":`),
			InvocationType: types.InvocationTypeEvent})
		requireAPIError[*types.InvalidRequestContentException](t, err, 400, "InvalidRequestContentException",
			"Could not parse request body into json: Could not parse payload into json: unexpected end of JSON input")

		// 1 MB for Event, 6 MB for RequestResponse.
		big := []byte(`"` + strings.Repeat("a", 1<<20) + `"`)
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: big, InvocationType: types.InvocationTypeEvent})
		requireAPIError[*types.RequestTooLargeException](t, err, 413, "RequestTooLargeException",
			"Request must be smaller than 1048576 bytes for the InvokeFunction operation")
		require.Equal(t, 0, e.fake.Queued())
		e.call(t, "f", "")
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: big})
		require.NoError(t, err)
		huge := []byte(`"` + strings.Repeat("a", 6<<20) + `"`)
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: huge})
		requireAPIError[*types.RequestTooLargeException](t, err, 413, "RequestTooLargeException",
			"Request must be smaller than 6291456 bytes for the InvokeFunction operation")

		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: "Later"})
		requireAPIError[*smithy.GenericAPIError](t, err, 400, "ValidationException",
			"1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f:1"), Qualifier: aws.String("2")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The derived qualifier from the function name does not match the specified qualifier.")

		// Missing targets: an unqualified name is reported with :$LATEST.
		for _, c := range []struct{ fn, q, arn string }{
			{"nope", "", "nope:$LATEST"},
			{"nope", "live", "nope:live"},
			{"f", "9", "f:9"},
			{"f", "live", "f:live"},
			{arnPrefix + "nope", "", "nope:$LATEST"},
		} {
			in := &lambda.InvokeInput{FunctionName: aws.String(c.fn)}
			if c.q != "" {
				in.Qualifier = aws.String(c.q)
			}
			_, err = e.invoke(e.ctx, in)
			requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Function not found: "+arnPrefix+c.arn)
		}
		require.Equal(t, 2, runs, "no bad request reached the handler")
		require.Equal(t, 2, e.fake.Metrics("f", "").Invocations)
	})
}

// Scenario 13: reserved = Σ PC blocks on-demand; reserved 0 throttles sync
// calls and drops async ones.
func TestInvokeScenario13ReservedEqualsPC(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.reserve(t, "f", 1)
		e.readyPC(t, "f", v, 1)
		e.fake.SetHandler("f", initType)

		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)

		out := e.call(t, "f", "1")
		require.Equal(t, "1", aws.ToString(out.ExecutedVersion))
		require.Equal(t, `"provisioned-concurrency"`, string(out.Payload))

		// While v1 runs, a second call of v1 has no on-demand left either.
		g := newGate(1)
		e.fake.SetHandler("f", g.handler)
		wait := e.background(1, "f", "1")
		g.waitStarted(1)
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
		close(g.release)
		outs, errs := wait()
		require.NoError(t, errs[0])
		require.Equal(t, `"provisioned-concurrency"`, string(outs[0].Payload))

		require.Equal(t, fakelambda.Metrics{Invocations: 2, Throttles: 3, ProvisionedConcurrencyInvocations: 2, MaxConcurrentExecutions: 1},
			e.fake.Metrics("f", ""))
		require.Equal(t, fakelambda.Metrics{Throttles: 2}, e.fake.Metrics("f", "$LATEST"))

		// Every retry attempt is throttled and counted.
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
		require.Equal(t, 5, e.fake.Metrics("f", "$LATEST").Throttles)
	})
}

func TestInvokeScenario13ZeroReserved(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.reserve(t, "f", 0)
		ran := false
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { ran = true; return nil, nil })
		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)

		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent,
			Payload: []byte(`{"k":"v"}`)})
		require.NoError(t, err)
		require.Equal(t, int32(202), out.StatusCode)
		require.Nil(t, out.ExecutedVersion)
		require.Empty(t, out.Payload)
		require.Equal(t, 0, e.fake.Queued())
		failed := e.fake.FailedEvents()
		require.Len(t, failed, 1)
		require.Equal(t, arnPrefix+"f:$LATEST", failed[0].FunctionArn)
		require.Equal(t, "ZeroReservedConcurrency", failed[0].Condition)
		require.Equal(t, 0, failed[0].ApproximateInvokeCount)
		require.Equal(t, `{"k":"v"}`, string(failed[0].Payload))
		require.Nil(t, failed[0].ResponsePayload)
		id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		require.Equal(t, id, failed[0].RequestID)
		require.Equal(t, 0, e.fake.RunQueued(e.ctx))
		require.False(t, ran)
		require.Equal(t, fakelambda.Metrics{Throttles: 2}, e.fake.Metrics("f", ""))

		// An event queued before reserved concurrency drops to 0 is dropped when run.
		e.reserve(t, "f", 5)
		_, err = e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent})
		require.NoError(t, err)
		e.reserve(t, "f", 0)
		require.Equal(t, 0, e.fake.RunQueued(e.ctx))
		require.Len(t, e.fake.FailedEvents(), 2)
		require.False(t, ran)
	})
}

// The raw 429 body, byte for byte.
func TestInvokeThrottleRawBody(t *testing.T) {
	e := newEnv(t, false)
	e.createFunction(t, "f")
	e.reserve(t, "f", 0)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/2015-03-31/functions/f/invocations", strings.NewReader(`{}`))
	e.fake.ServeHTTP(rec, req)
	require.Equal(t, 429, rec.Code)
	require.Equal(t, "TooManyRequestsException", rec.Header().Get("X-Amzn-Errortype"))
	require.Equal(t, `{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`, rec.Body.String())

	rec = httptest.NewRecorder()
	req = httptest.NewRequest("POST", "/2015-03-31/functions/f/invocations", strings.NewReader(`{}`))
	req.Header.Set("X-Amz-Invocation-Type", "Event")
	e.fake.ServeHTTP(rec, req)
	require.Equal(t, 202, rec.Code)
	require.Empty(t, rec.Body.String())
	require.Empty(t, rec.Header().Values("X-Amz-Executed-Version"))
}

// Scenario 14: spillover to on-demand, not throttling.
func TestInvokeScenario14Spillover(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.readyPC(t, "f", v, 1)
		g := newGate(2)
		e.fake.SetHandler("f", g.handler)
		wait := e.background(1, "f", "1")
		g.waitStarted(1)
		wait2 := e.background(1, "f", "1")
		g.waitStarted(1)
		close(g.release)
		outs, errs := wait()
		outs2, errs2 := wait2()
		require.NoError(t, errs[0])
		require.NoError(t, errs2[0])
		require.Equal(t, `"provisioned-concurrency"`, string(outs[0].Payload))
		require.Equal(t, `"on-demand"`, string(outs2[0].Payload))
		require.Equal(t, "1", aws.ToString(outs2[0].ExecutedVersion))
		require.Equal(t, fakelambda.Metrics{Invocations: 2, ProvisionedConcurrencyInvocations: 1,
			ProvisionedConcurrencySpilloverInvocations: 1, MaxConcurrentExecutions: 2}, e.fake.Metrics("f", "1"))

		e.fake.SetHandler("f", initType)
		require.Equal(t, `"provisioned-concurrency"`, string(e.call(t, "f", "1").Payload))
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", "").Payload))
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", "$LATEST").Payload))
	})
}

func TestInvokeAliasPCServesAliasAndVersion(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		e.readyPC(t, "f", "live", 1)
		e.fake.SetHandler("f", initType)
		require.Equal(t, `"provisioned-concurrency"`, string(e.call(t, "f", "live").Payload))
		require.Equal(t, `"provisioned-concurrency"`, string(e.call(t, "f", "1").Payload))
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", "").Payload))
		require.Equal(t, 1, e.fake.Metrics("f", "live").ProvisionedConcurrencyInvocations)
		require.Equal(t, 2, e.fake.Metrics("f", "1").ProvisionedConcurrencyInvocations)

		// A second version is not served by the alias's config.
		v2 := e.publish(t, "f")
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", v2).Payload))
	})
}

func TestInvokeInProgressAndFailedServeOnDemand(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.fake.SetAllocation("f", v2, fakelambda.FailAfter(time.Minute, "FUNCTION_ERROR_INIT_FAILURE"))
		e.putPC(t, "f", v1, 2)
		e.putPC(t, "f", v2, 2)
		e.fake.SetHandler("f", initType)
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", v1).Payload), "IN_PROGRESS")
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", v2).Payload), "IN_PROGRESS")
		e.clk.Add(2 * time.Minute)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumFailed, e.getPC(t, "f", v2).Status)
		require.Equal(t, `"provisioned-concurrency"`, string(e.call(t, "f", v1).Payload), "READY")
		require.Equal(t, `"on-demand"`, string(e.call(t, "f", v2).Payload), "FAILED")
		// On-demand beside a config that is not READY is no spillover.
		require.Equal(t, fakelambda.Metrics{Invocations: 2, MaxConcurrentExecutions: 1}, e.fake.Metrics("f", v2))
	})
}

// 50 concurrent calls on an alias with PC 10: 10 provisioned, 40 spillover,
// 0 throttles.
func TestInvokeBurstOnProvisionedAlias(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		e.readyPC(t, "f", "live", 10)
		g := newGate(50)
		e.fake.SetHandler("f", g.handler)
		wait := e.background(50, "f", "live")
		g.waitStarted(50)
		require.Equal(t, 50, e.fake.Metrics("f", "live").MaxConcurrentExecutions)
		close(g.release)
		outs, errs := wait()
		served := map[string]int{}
		for i := range outs {
			require.NoError(t, errs[i])
			require.Equal(t, "1", aws.ToString(outs[i].ExecutedVersion))
			served[string(outs[i].Payload)]++
		}
		require.Equal(t, map[string]int{`"provisioned-concurrency"`: 10, `"on-demand"`: 40}, served)
		want := fakelambda.Metrics{Invocations: 50, ProvisionedConcurrencyInvocations: 10,
			ProvisionedConcurrencySpilloverInvocations: 40, MaxConcurrentExecutions: 50}
		require.Equal(t, want, e.fake.Metrics("f", "live"))
		require.Equal(t, want, e.fake.Metrics("f", "1"))
		require.Equal(t, want, e.fake.Metrics("f", ""))

		// Every slot came back: the next 10 overlapping calls are all provisioned.
		g = newGate(10)
		e.fake.SetHandler("f", g.handler)
		wait = e.background(10, "f", "live")
		g.waitStarted(10)
		close(g.release)
		outs, _ = wait()
		for _, o := range outs {
			require.Equal(t, `"provisioned-concurrency"`, string(o.Payload))
		}
	})
}

func TestInvokeReservedCapsConcurrency(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.createFunction(t, "g")
		e.reserve(t, "f", 2)
		gf := newGate(2)
		e.fake.SetHandler("f", gf.handler)
		wait := e.background(2, "f", "")
		gf.waitStarted(2)
		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
		// Another function is not affected.
		e.call(t, "g", "")
		close(gf.release)
		_, errs := wait()
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		require.Equal(t, fakelambda.Metrics{Invocations: 2, Throttles: 1, MaxConcurrentExecutions: 2}, e.fake.Metrics("f", ""))
	})
}

func TestInvokeAccountLimit(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.createFunction(t, "g")
		e.createFunction(t, "r")
		e.reserve(t, "r", 1) // r's own pool: 1; the unreserved pool: 2
		g := newGate(3)
		e.fake.SetHandler("f", g.handler)
		e.fake.SetHandler("g", g.handler)
		e.fake.SetHandler("r", g.handler)
		waitF := e.background(1, "f", "")
		waitG := e.background(1, "g", "")
		waitR := e.background(1, "r", "")
		g.waitStarted(3)
		for _, fn := range []string{"f", "g"} {
			_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(fn)})
			requireThrottled(t, err, types.ThrottleReasonConcurrentInvocationLimitExceeded)
		}
		_, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("r")})
		requireThrottled(t, err, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded)
		close(g.release)
		for _, w := range []func() ([]*lambda.InvokeOutput, []error){waitF, waitG, waitR} {
			_, errs := w()
			require.NoError(t, errs[0])
		}
		require.Equal(t, 1, e.fake.Metrics("f", "").Throttles)
		require.Equal(t, 1, e.fake.Metrics("g", "").Throttles)
	}, fakelambda.WithConcurrencyLimit(3), fakelambda.WithMinUnreserved(1))
}

func TestInvokeCancelReleasesSlot(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.reserve(t, "f", 1)
		started := make(chan struct{})
		e.fake.SetHandler("f", func(ctx context.Context, _ []byte) ([]byte, error) {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		})
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error)
		go func() {
			_, err := e.invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
			done <- err
		}()
		<-started
		cancel()
		require.ErrorIs(t, <-done, context.Canceled)
		// Over HTTP the client returns before the fake has finished: wait
		// for the call log to show the cancelled call.
		for !hasCall(e.fake.Calls(), "RequestCanceled") {
			runtime.Gosched()
		}
		e.fake.SetHandler("f", nil)
		require.Equal(t, "null", string(e.call(t, "f", "").Payload), "the slot was released")
		require.Equal(t, 0, e.fake.Metrics("f", "").Throttles)
	})
}

func hasCall(calls []fakelambda.Call, code string) bool {
	for _, c := range calls {
		if c.Operation == "Invoke" && c.ErrorCode == code {
			return true
		}
	}
	return false
}

func TestInvokeWeightedRoutingIsSeeded(t *testing.T) {
	routes := func(t *testing.T, e *env) string {
		e.createFunction(t, "f")
		e.publish(t, "f")
		e.publish(t, "f")
		_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("f"), Name: aws.String("live"),
			FunctionVersion: aws.String("1"), RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.3}}})
		require.NoError(t, err)
		var b strings.Builder
		for range 40 {
			b.WriteString(aws.ToString(e.call(t, "f", "live").ExecutedVersion))
		}
		return b.String()
	}
	var seqs []string
	transports(t, func(t *testing.T, e *env) { seqs = append(seqs, routes(t, e)) }, fakelambda.WithSeed(7))
	require.Equal(t, seqs[0], seqs[1], "same seed, same routing")
	n2 := strings.Count(seqs[0], "2")
	require.True(t, n2 > 0 && n2 < 40, "both versions are served: %s", seqs[0])
	var other []string
	transports(t, func(t *testing.T, e *env) { other = append(other, routes(t, e)) }, fakelambda.WithSeed(8))
	require.NotEqual(t, seqs[0], other[0], "another seed routes differently")
}

// A handler can call the fake again: no lock is held while it runs.
func TestInvokeHandlerCallsBack(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "outer")
		e.createFunction(t, "inner")
		e.fake.SetHandler("inner", func(_ context.Context, p []byte) ([]byte, error) { return p, nil })
		e.fake.SetHandler("outer", func(ctx context.Context, p []byte) ([]byte, error) {
			out, err := e.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("inner"), Payload: p})
			if err != nil {
				return nil, err
			}
			_, err = e.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("inner"),
				InvocationType: types.InvocationTypeEvent, Payload: p})
			return out.Payload, err
		})
		out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("outer"), Payload: []byte(`[1,2]`)})
		require.NoError(t, err)
		require.Nil(t, out.FunctionError)
		require.Equal(t, `[1,2]`, string(out.Payload))
		require.Equal(t, 1, e.fake.Queued())
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		require.Equal(t, 2, e.fake.Metrics("inner", "").Invocations)
		require.Equal(t, 1, e.fake.Metrics("outer", "").Invocations)
	})
}

package fakelambda_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// streamed is what the SDK's event-stream reader delivered.
type streamed struct {
	chunks   []string
	complete *types.InvokeWithResponseStreamCompleteEvent
	err      error // the stream's Err()
}

// readStream reads every event of out's stream with the SDK and closes it.
func readStream(t *testing.T, out *lambda.InvokeWithResponseStreamOutput) streamed {
	t.Helper()
	st := out.GetStream()
	defer st.Close()
	var s streamed
	for ev := range st.Events() {
		switch v := ev.(type) {
		case *types.InvokeWithResponseStreamResponseEventMemberPayloadChunk:
			s.chunks = append(s.chunks, string(v.Value.Payload))
		case *types.InvokeWithResponseStreamResponseEventMemberInvokeComplete:
			require.Nil(t, s.complete, "two InvokeComplete events")
			c := v.Value
			s.complete = &c
		default:
			t.Fatalf("unexpected event %T", ev)
		}
	}
	s.err = st.Err()
	return s
}

func (e *env) stream(ctx context.Context, fn string, opts ...func(*lambda.InvokeWithResponseStreamInput)) (*lambda.InvokeWithResponseStreamOutput, error) {
	in := &lambda.InvokeWithResponseStreamInput{FunctionName: aws.String(fn), Payload: []byte(`{"n":1}`)}
	for _, o := range opts {
		o(in)
	}
	return e.client.InvokeWithResponseStream(ctx, in)
}

func TestStreamChunksInOrder(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.fake.SetStreamHandler("f", func(ctx context.Context, payload []byte, w io.Writer) error {
			require.JSONEq(t, `{"n":1}`, string(payload))
			for _, c := range []string{"one ", "", "two ", "three"} { // an empty Write sends nothing
				if _, err := io.WriteString(w, c); err != nil {
					return err
				}
			}
			return nil
		})
		out, err := e.stream(e.ctx, "f")
		require.NoError(t, err)
		require.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion))
		require.Equal(t, "application/vnd.amazon.eventstream", aws.ToString(out.ResponseStreamContentType))
		require.Equal(t, int32(200), out.StatusCode)
		s := readStream(t, out)
		require.NoError(t, s.err)
		require.Equal(t, []string{"one ", "two ", "three"}, s.chunks)
		require.NotNil(t, s.complete)
		require.Nil(t, s.complete.ErrorCode)
		require.Nil(t, s.complete.ErrorDetails)
		require.Nil(t, s.complete.LogResult)
		require.Equal(t, 1, e.fake.Metrics("f", "").Invocations)
		require.Equal(t, 0, e.fake.Metrics("f", "").Errors)
	})
}

func TestStreamErrorAfterChunks(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			_, _ = io.WriteString(w, "partial")
			return errors.New("boom")
		})
		out, err := e.stream(e.ctx, "f")
		require.NoError(t, err)
		s := readStream(t, out)
		require.NoError(t, s.err)
		require.Equal(t, []string{"partial"}, s.chunks)
		require.NotNil(t, s.complete)
		require.Equal(t, "Unhandled", aws.ToString(s.complete.ErrorCode))
		require.JSONEq(t, `{"errorMessage":"boom","errorType":"errorString"}`, aws.ToString(s.complete.ErrorDetails))
		require.Equal(t, 1, e.fake.Metrics("f", "").Errors)

		// A panic after writing is a function error too.
		e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			_, _ = io.WriteString(w, "a")
			panic("bad")
		})
		out, err = e.stream(e.ctx, "f")
		require.NoError(t, err)
		s = readStream(t, out)
		require.Equal(t, []string{"a"}, s.chunks)
		// As the Go runtime answers a panic: its stackTrace too.
		var doc struct {
			ErrorMessage, ErrorType string
			StackTrace              []struct{ Path, Label string }
		}
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(s.complete.ErrorDetails)), &doc))
		require.Equal(t, "bad", doc.ErrorMessage)
		require.Equal(t, "string", doc.ErrorType)
		require.NotEmpty(t, doc.StackTrace)
	})
}

func TestStreamPlainHandlerAndTail(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		// No handler: one chunk, null.
		out, err := e.stream(e.ctx, "f")
		require.NoError(t, err)
		require.Equal(t, []string{"null"}, readStream(t, out).chunks)

		// A plain Handler's answer is one chunk; its error has no chunk.
		e.fake.SetHandler("f", func(ctx context.Context, p []byte) ([]byte, error) {
			if strings.Contains(string(p), "fail") {
				return nil, &fakelambda.FunctionError{Type: "Custom", Message: "nope"}
			}
			return []byte(`{"ok":true}`), nil
		})
		out, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.LogType = types.LogTypeTail })
		require.NoError(t, err)
		s := readStream(t, out)
		require.Equal(t, []string{`{"ok":true}`}, s.chunks)
		log, err := base64.StdEncoding.DecodeString(aws.ToString(s.complete.LogResult))
		require.NoError(t, err)
		require.Contains(t, string(log), "START RequestId: ")
		require.Contains(t, string(log), "REPORT RequestId: ")

		out, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.Payload = []byte(`"fail"`) })
		require.NoError(t, err)
		s = readStream(t, out)
		require.Empty(t, s.chunks)
		require.Equal(t, "Unhandled", aws.ToString(s.complete.ErrorCode))
		require.JSONEq(t, `{"errorMessage":"nope","errorType":"Custom"}`, aws.ToString(s.complete.ErrorDetails))

		// Invoke of a function with only a stream handler joins the chunks.
		e.fake.SetHandler("f", nil)
		e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			_, _ = io.WriteString(w, `{"a":`)
			_, _ = io.WriteString(w, `1}`)
			return nil
		})
		inv, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, `{"a":1}`, string(inv.Payload))

		// DryRun: 204, no stream.
		out, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) {
			in.InvocationType = types.ResponseStreamingInvocationTypeDryRun
		})
		require.NoError(t, err)
		require.Equal(t, int32(204), out.StatusCode)
		require.NoError(t, out.GetStream().Close())
	})
}

func TestStreamThrottled(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(0)})
		require.NoError(t, err)
		ran := false
		e.fake.SetStreamHandler("f", func(context.Context, []byte, io.Writer) error { ran = true; return nil })
		_, err = e.stream(e.ctx, "f")
		te := requireAPIError[*types.TooManyRequestsException](t, err, 429, "TooManyRequestsException", "Rate Exceeded.")
		require.Equal(t, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded, te.Reason)
		require.False(t, ran)
		require.Equal(t, 3, e.fake.Metrics("f", "").Throttles) // the SDK retried twice
	})
}

func TestStreamNotFoundAndFaults(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		_, err := e.stream(e.ctx, "nope")
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Function not found: "+arnPrefix+"nope:$LATEST")

		e.createFunction(t, "f")
		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpInvokeWithResponseStream, Count: 1,
			Err: fakelambda.Throttled("ReservedFunctionConcurrentInvocationLimitExceeded")})
		out, err := e.stream(e.ctx, "f") // retried after the fault
		require.NoError(t, err)
		require.Equal(t, []string{"null"}, readStream(t, out).chunks)
		require.Equal(t, 1, h.Fired())
		calls := e.fake.Calls()
		require.Equal(t, fakelambda.OpInvokeWithResponseStream, calls[len(calls)-1].Operation)
		require.Equal(t, 200, calls[len(calls)-1].StatusCode)
		require.True(t, calls[len(calls)-2].Faulted)
	})
}

func TestStreamPending(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		_, err := e.stream(e.ctx, "f")
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
	})
}

func TestStreamProvisioned(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		e.putPC(t, "f", "live", 1)
		e.clk.Add(2 * time.Minute)
		e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			_, err := io.WriteString(w, fakelambda.InitializationType(ctx))
			return err
		})
		out, err := e.stream(e.ctx, "f:live")
		require.NoError(t, err)
		require.Equal(t, v, aws.ToString(out.ExecutedVersion))
		require.Equal(t, []string{"provisioned-concurrency"}, readStream(t, out).chunks)
		require.Equal(t, 1, e.fake.Metrics("f", "live").ProvisionedConcurrencyInvocations)
	})
}

// TestStreamClientCancel: the caller cancels mid-stream, after the first
// chunk; the handler's context ends, the caller gets no InvokeComplete and
// the concurrency slot is released.
func TestStreamClientCancel(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(1)})
		require.NoError(t, err)
		wrote, ended := make(chan struct{}), make(chan error, 1)
		e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			_, _ = io.WriteString(w, "first")
			close(wrote)
			select {
			case <-ctx.Done():
				ended <- ctx.Err()
			case <-time.After(10 * time.Second):
				ended <- errors.New("the handler's context did not end")
			}
			_, err := io.WriteString(w, "after")
			return err
		})
		ctx, cancel := context.WithCancel(e.ctx)
		defer cancel()
		go func() { <-wrote; cancel() }()
		out, err := e.stream(ctx, "f")
		if err == nil { // over HTTP the answer may have started before the cancel
			s := readStream(t, out)
			require.Nil(t, s.complete)
			require.NotContains(t, s.chunks, "after")
		} else {
			require.ErrorIs(t, err, context.Canceled)
		}
		require.ErrorIs(t, <-ended, context.Canceled)

		// The slot is free again: a new invocation is not throttled.
		e.fake.SetStreamHandler("f", nil)
		require.Eventually(t, func() bool {
			out, err := e.stream(e.ctx, "f")
			if err != nil {
				return false
			}
			return fmt.Sprint(readStream(t, out).chunks) == "[null]"
		}, 5*time.Second, 10*time.Millisecond)
	})
}

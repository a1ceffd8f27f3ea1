package fakelambda_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestStreamIncrementalOverHTTP: over HTTP each chunk reaches the SDK's
// reader as soon as the handler writes it: the handler writes its first
// chunk only after the SDK call has returned, and its second only after the
// caller has read the first.
func TestStreamIncrementalOverHTTP(t *testing.T) {
	e := newEnv(t, true)
	e.createFunction(t, "f")
	answered, seen := make(chan struct{}), make(chan struct{})
	e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
		select { // the status and headers reach the caller before any chunk
		case <-answered:
		case <-time.After(10 * time.Second):
			return errors.New("the headers were not delivered")
		}
		_, _ = io.WriteString(w, "first")
		select {
		case <-seen:
		case <-time.After(10 * time.Second):
			return errors.New("the first chunk was not delivered")
		}
		_, err := io.WriteString(w, "second")
		return err
	})
	out, err := e.stream(e.ctx, "f")
	require.NoError(t, err)
	require.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion))
	close(answered)
	st := out.GetStream()
	defer st.Close()
	ev := <-st.Events()
	chunk, ok := ev.(*types.InvokeWithResponseStreamResponseEventMemberPayloadChunk)
	require.True(t, ok, "%T", ev)
	require.Equal(t, "first", string(chunk.Value.Payload))
	close(seen)
	ev = <-st.Events()
	chunk, ok = ev.(*types.InvokeWithResponseStreamResponseEventMemberPayloadChunk)
	require.True(t, ok, "%T", ev)
	require.Equal(t, "second", string(chunk.Value.Payload))
	ev = <-st.Events()
	complete, ok := ev.(*types.InvokeWithResponseStreamResponseEventMemberInvokeComplete)
	require.True(t, ok, "%T", ev)
	require.Nil(t, complete.Value.ErrorCode)
}

// TestStreamBadInput: refused before the stream starts, as JSON errors,
// with nothing run and no slot held.
func TestStreamBadInput(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		ran := 0
		e.fake.SetStreamHandler("f", func(context.Context, []byte, io.Writer) error { ran++; return nil })

		_, err := e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.Payload = []byte("not json") })
		requireAPIError[*types.InvalidRequestContentException](t, err, 400, "InvalidRequestContentException",
			"Could not parse request body into json: Could not parse payload into json: invalid character 'o' in literal null (expecting 'u')")

		_, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) {
			in.Payload = []byte(`"` + strings.Repeat("x", 6*1024*1024) + `"`)
		})
		var tooLarge *types.RequestTooLargeException
		require.ErrorAs(t, err, &tooLarge)

		_, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.InvocationType = "Event" })
		var ve interface{ ErrorCode() string }
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "ValidationException", ve.ErrorCode())

		_, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.Qualifier = aws.String("9") })
		var nf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &nf)

		require.Equal(t, 0, ran)
		require.Equal(t, 0, e.fake.Metrics("f", "").Invocations)
	})
}

// TestStreamWriteAfterReturn: a handler that keeps its writer and writes
// after returning gets an error; the stream already ended.
func TestStreamWriteAfterReturn(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		var kept io.Writer
		e.fake.SetStreamHandler("f", func(_ context.Context, _ []byte, w io.Writer) error {
			kept = w
			_, _ = io.WriteString(w, "x")
			return errors.New("failed")
		})
		out, err := e.stream(e.ctx, "f")
		require.NoError(t, err)
		s := readStream(t, out)
		require.Equal(t, []string{"x"}, s.chunks)
		require.Equal(t, "Unhandled", aws.ToString(s.complete.ErrorCode))
		n, err := io.WriteString(kept, "late")
		require.Error(t, err)
		require.Zero(t, n)
	})
}

// TestStreamWireHeaders: the raw answer, without the SDK.
func TestStreamWireHeaders(t *testing.T) {
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	fake.SetStreamHandler("f", func(_ context.Context, _ []byte, w io.Writer) error {
		_, err := io.WriteString(w, "hi")
		return err
	})
	w := httptest.NewRecorder()
	fake.ServeHTTP(w, httptest.NewRequest("POST", "/2015-03-31/functions", strings.NewReader(
		`{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"x","Code":{"ZipFile":"eg=="}}`)))
	require.Equal(t, 201, w.Code, w.Body.String())
	w = httptest.NewRecorder()
	fake.ServeHTTP(w, httptest.NewRequest("POST", "/2021-11-15/functions/f/response-streaming-invocations", bytes.NewReader(nil)))
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "application/vnd.amazon.eventstream", w.Header().Get("Content-Type"))
	require.Equal(t, "$LATEST", w.Header().Get("X-Amz-Executed-Version"))
	require.NotEmpty(t, w.Header().Get("X-Amzn-Requestid"))
	require.Empty(t, w.Header().Get("Content-Length"))
	// The reference's two test vectors: PayloadChunk "hi", InvokeComplete {}.
	require.Equal(t, 108+102, w.Body.Len())
	require.Contains(t, w.Body.String(), "PayloadChunk")
	require.True(t, strings.HasSuffix(w.Body.String(), "{}p\x06\xd4g"))
}

// TestStreamSynctest: in process, inside a synctest bubble, a streamed
// answer is read with the SDK and the bubble ends clean (the SDK's reader
// goroutines end when the stream is read to its end and closed).
func TestStreamSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			time.Sleep(time.Second) // bubble time
			_, err := io.WriteString(w, "a")
			return err
		})
		start := time.Now()
		out, err := e.stream(e.ctx, "f")
		require.NoError(t, err)
		require.Equal(t, []string{"a"}, readStream(t, out).chunks)
		require.Equal(t, time.Second, time.Since(start))
	})
}

// TestStreamInvocationDetails: the handler's context carries the client
// context and the request ID the caller gets.
func TestStreamInvocationDetails(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.fake.SetStreamHandler("f", func(ctx context.Context, _ []byte, w io.Writer) error {
			_, err := io.WriteString(w, fakelambda.RequestID(ctx)+" "+string(fakelambda.ClientContext(ctx))+" "+fakelambda.InitializationType(ctx))
			return err
		})
		out, err := e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) {
			in.ClientContext = aws.String(base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v"}}`)))
		})
		require.NoError(t, err)
		reqID, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
		require.True(t, ok)
		require.Equal(t, []string{reqID + ` {"custom":{"k":"v"}} on-demand`}, readStream(t, out).chunks)

		_, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.ClientContext = aws.String("%%%") })
		requireAPIError[*types.InvalidRequestContentException](t, err, 400, "InvalidRequestContentException",
			"Client context must be a valid Base64-encoded JSON object.")
	})
}

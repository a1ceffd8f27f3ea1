package fakelambda

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// InvokeWithResponseStream:
// POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations.
//
// It is Invoke with another answer: the same resolution, lifecycle 409,
// admission to a concurrency slot (provisioned concurrency, throttling),
// metrics and faults, but a 200 answer whose body is an AWS event stream
// (application/vnd.amazon.eventstream, eventstream.go): one PayloadChunk
// event per Write of the handler, flushed as it is written, then an
// InvokeComplete event with ErrorCode, ErrorDetails and LogResult. The
// handler runs on the request's goroutine, writing into the response: the
// fake starts no goroutine. Errors found before the handler runs (not
// found, throttled, Pending, a fault) are ordinary JSON errors, as for
// Invoke.

// StreamHandler stands in for the code of a response-streaming function in
// InvokeWithResponseStream. It gets the invocation's payload (JSON; an
// empty payload arrives as {}) and writes the answer to w: each Write with
// data is sent at once as one PayloadChunk event. Returning nil ends the
// stream with a successful InvokeComplete. Returning an error, or
// panicking, even after writing, ends it with an InvokeComplete whose
// ErrorCode is "Unhandled" and whose ErrorDetails is the function error
// document {"errorMessage":...,"errorType":...} (see Handler and
// FunctionError for how an error is named); the chunks already written
// stay written.
//
// ctx is the invocation's context, as for a Handler (InitializationType,
// ClientContext, RequestID work in it); it ends when the caller goes away,
// for instance when it cancels its context or closes the stream mid-way.
// A Write then fails, and the caller gets no InvokeComplete. w is safe for
// concurrent use, but only until the handler returns: later writes fail.
//
// Over HTTP (NewServer) each chunk reaches the caller as it is written. In
// process (middleware.Config) the fake starts no goroutine, so the SDK gets
// the whole stream when the handler returns: the events and their order are
// the same, but a handler must not wait for the caller to read a chunk
// (that would never happen), and the caller can only cancel while the
// handler runs, not between events it has read.
type StreamHandler func(ctx context.Context, payload []byte, w io.Writer) error

// SetStreamHandler makes h run when function is invoked with
// InvokeWithResponseStream. function is a name or an ARN, maybe qualified,
// as for SetHandler, and the most specific handler is chosen the same way.
// At the same name a StreamHandler is preferred to a Handler for
// InvokeWithResponseStream, and a Handler is preferred for Invoke; a
// function with only a Handler streams its answer as one chunk, and one
// with only a StreamHandler answers Invoke with the chunks joined into one
// payload (Invoke's limits and error answers apply). A nil h removes
// the stream handler. Handlers may be set before the function exists; Reset
// forgets them.
func (f *Fake) SetStreamHandler(function string, h StreamHandler) {
	account, region, name, q := f.scope(function, "")
	f.mu.Lock()
	defer f.mu.Unlock()
	k := handlerKey{account, region, name, q}
	if h == nil {
		delete(f.inv.streams, k)
		return
	}
	if f.inv.streams == nil {
		f.inv.streams = map[handlerKey]StreamHandler{}
	}
	f.inv.streams[k] = h
}

// streamHandlerFor finds the most specific handler of a streamed
// invocation: a plain Handler streams its answer as one chunk, and no
// handler at all streams "null". Callers hold f.mu.
func (iv *invocations) streamHandlerFor(account, region, name, invoked, version string) StreamHandler {
	for _, q := range [...]string{invoked, version, ""} {
		k := handlerKey{account, region, name, q}
		if h := iv.streams[k]; h != nil {
			return h
		}
		if h := iv.handlers[k]; h != nil {
			return oneChunk(h)
		}
	}
	return oneChunk(nil)
}

// oneChunk streams a Handler's answer as one chunk (null for a nil h).
func oneChunk(h Handler) StreamHandler {
	return func(ctx context.Context, payload []byte, w io.Writer) error {
		res := []byte("null")
		if h != nil {
			var err error
			if res, err = h(ctx, payload); err != nil {
				return err
			}
			if res == nil {
				res = []byte("null")
			}
		}
		_, err := w.Write(res)
		return err
	}
}

// buffered runs a StreamHandler as a Handler, for Invoke: the chunks
// joined.
func (h StreamHandler) buffered() Handler {
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		var buf bytes.Buffer
		err := h(ctx, payload, &buf)
		return buf.Bytes(), err
	}
}

// streamPayloadLimit is the most a streamed answer may carry: 200 MB, as
// Lambda documents for RESPONSE_STREAM.
const streamPayloadLimit = 200 << 20

// errStreamClosed is what a StreamHandler's Write returns once the
// handler has returned.
var errStreamClosed = errors.New("fakelambda: write to a response stream after its handler returned")

// errStreamTooLarge is what Write returns past streamPayloadLimit.
var errStreamTooLarge = fmt.Errorf("fakelambda: response stream exceeds %d bytes", streamPayloadLimit)

func (f *Fake) invokeWithResponseStream(rq *request) *response {
	invType := rq.r.Header.Get("X-Amz-Invocation-Type")
	logType := rq.r.Header.Get("X-Amz-Log-Type")
	var v validation
	switch invType {
	case "", "RequestResponse", "DryRun":
	default:
		v.enum("invocationType", invType, "RequestResponse", "DryRun")
	}
	switch logType {
	case "", "None", "Tail":
	default:
		v.enum("logType", logType, "None", "Tail")
	}

	f.mu.Lock()
	r := f.regionOf(rq)
	name, q, e := f.target(rq, v)
	var t state.Target
	if e == nil {
		var se *state.Error
		t, se = r.Resolve(name, q, state.Lookup{Invoke: true}) // unqualified: $LATEST, or $LATEST.PUBLISHED (capacity providers)
		if se == nil {
			se = r.Invocable(t, rq.now) // Pending or Failed: 409, as Invoke
		}
		e = apiError(se)
	}
	if e == nil {
		e = checkJSON(rq.body)
	}
	var clientCtx []byte
	if e == nil {
		clientCtx, e = decodeClientContext(rq.r.Header.Get("X-Amz-Client-Context"))
	}
	if e != nil {
		f.mu.Unlock()
		return fail(e)
	}
	if invType == "DryRun" {
		f.mu.Unlock()
		return &response{status: http.StatusNoContent}
	}
	payload := rq.body
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	version := r.InvokeVersion(t, f.draw)
	s, se := r.Admit(t.Function, t.Qualifier, version, rq.now)
	if se != nil {
		f.mu.Unlock()
		return failState(se) // throttled: 429 before any byte of the stream
	}
	h := f.inv.streamHandlerFor(rq.account, rq.region, t.Function, t.Qualifier, version)
	memory := s.Memory()
	f.mu.Unlock()

	inv := &streamInvocation{f: f, rq: rq, r: r, s: s, h: h, payload: payload, version: version, memory: memory,
		tail: logType == "Tail", info: streamInfo(r, t, clientCtx, rq.reqID)}
	return &response{status: http.StatusOK, header: map[string]string{
		"Content-Type":           eventStreamContentType,
		"X-Amz-Executed-Version": version,
	}, stream: inv.run}
}

// streamInvocation is an admitted streamed invocation, run once its
// answer's headers are written.
type streamInvocation struct {
	f       *Fake
	rq      *request
	r       *state.Region
	s       *state.Slot
	h       StreamHandler
	info    *invocationInfo
	payload []byte
	version string
	memory  int
	tail    bool
}

// run runs the handler writing into w, ends the stream with InvokeComplete
// and releases the slot, whatever happens. If the caller has gone, it
// answers nothing more (the connection is dropped).
func (si *streamInvocation) run(w http.ResponseWriter) {
	f := si.f
	failed := true
	defer func() {
		f.mu.Lock()
		si.r.Release(si.s, failed)
		f.mu.Unlock()
	}()
	if si.s.Provisioned() {
		si.info.initType = initProvisioned
	} else {
		si.info.initType = initOnDemand
	}
	ctx := si.rq.r.Context()
	cw := &chunkWriter{w: w, rc: http.NewResponseController(w)}
	_ = cw.rc.Flush() // over HTTP the caller gets the status and headers before the first chunk
	out := runHandler(ctx, func(ctx context.Context, payload []byte) ([]byte, error) {
		return nil, si.h(ctx, payload, cw)
	}, si.info, si.payload)
	tooLarge := cw.close()
	if tooLarge {
		out = handlerOutcome{errType: "Function.ResponseSizeTooLarge",
			errMsg: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", streamPayloadLimit)}
	}
	failed = out.errType != ""
	if ctx.Err() != nil {
		panic(http.ErrAbortHandler) // the caller has gone: answer nothing more
	}
	var code, details, logResult string
	if failed {
		code, details = "Unhandled", string(out.errorBody())
	}
	if si.tail {
		f.mu.Lock()
		end := f.now()
		f.mu.Unlock()
		logResult = tailLog(si.rq.reqID, si.version, si.memory, end.Sub(si.rq.now), out)
	}
	_, _ = w.Write(appendInvokeComplete(nil, code, details, logResult))
	_ = cw.rc.Flush()
}

// chunkWriter is a StreamHandler's io.Writer: each Write with data is one
// PayloadChunk event, flushed at once.
type chunkWriter struct {
	mu       sync.Mutex
	w        io.Writer
	rc       *http.ResponseController
	n        int64 // payload bytes written
	closed   bool
	tooLarge bool
	buf      []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closed:
		return 0, errStreamClosed
	case c.tooLarge:
		return 0, errStreamTooLarge
	case len(p) == 0:
		return 0, nil
	case c.n+int64(len(p)) > streamPayloadLimit:
		c.tooLarge = true
		return 0, errStreamTooLarge
	}
	c.buf = appendPayloadChunk(c.buf[:0], p)
	if _, err := c.w.Write(c.buf); err != nil {
		return 0, err
	}
	c.n += int64(len(p))
	_ = c.rc.Flush() // a writer that cannot flush (a recorder) keeps the bytes in order anyway
	return len(p), nil
}

// close refuses later writes and reports whether the stream went over
// streamPayloadLimit.
func (c *chunkWriter) close() (tooLarge bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return c.tooLarge
}

// streamInfo is the runtime's view of a streamed invocation: as Invoke's,
// with the ARN as invoked and the client context.
func streamInfo(r *state.Region, t state.Target, clientCtx []byte, reqID string) *invocationInfo {
	info := queuedInfo(r, t.Function, t.Qualifier, reqID)
	info.clientContext = clientCtx
	return info
}

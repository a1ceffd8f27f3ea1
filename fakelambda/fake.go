// Package fakelambda is an in-memory fake of the AWS Lambda API for Go tests.
//
// A Fake is an http.Handler that answers Lambda's REST-JSON protocol the way
// Lambda does: same status codes, error codes, messages and JSON. Point a real
// aws-sdk-go-v2 lambda.Client at it in-process with the middleware package,
// or over HTTP with NewServer:
//
//	clk := clock.NewMock()
//	fake := fakelambda.New(fakelambda.WithClock(clk))
//	client := lambda.NewFromConfig(middleware.Config(fake))
//	// create a function, publish a version, create alias BLUE, put provisioned concurrency...
//	clk.Add(2 * time.Minute) // IN_PROGRESS -> READY
//
// Behind both transports sits one state machine (internal/state), kept per
// account and region (a request belongs to its SigV4 credential scope's):
// functions, versions, aliases, provisioned and reserved concurrency, account
// limits, tags, permissions, function URLs, async invocation configurations,
// layers, code-signing configurations, event source mappings and capacity
// providers. Every operation of the SDK's Lambda client is a row of one
// operation table (Op constants; SupportedOperations lists those served), and
// every served request is checked against the constraints of Lambda's API
// model before it runs. Seed state from Go with SeedFunction and friends, and
// read it back with Function, Alias and ProvisionedConcurrency. Its time
// comes from a Clock read once per request; the fake starts no goroutines and
// no timers, so it is deterministic, leak-free and works inside
// testing/synctest bubbles. Faults (AddFault) make any call throttle, fail,
// drop its connection or answer slowly. Invoke runs Go handlers (SetHandler)
// with Lambda's scheduling: provisioned concurrency first, spillover to
// on-demand, throttling at reserved and account limits, and CloudWatch-like
// Metrics. The control API under /_fakelambda/ (see cmd/fakelambda) moves the
// clock and adds faults over HTTP.
//
// Functions go through Lambda's lifecycle: Pending after CreateFunction,
// LastUpdateStatus InProgress after an update, with 409
// ResourceConflictException for changes (and, while Pending, invocations)
// meanwhile. By default a transition ends once a GetFunction or
// GetFunctionConfiguration has shown it, so the SDK's waiters finish after
// one poll; see Transition to hold one on the clock or make it fail, and
// WithoutTransitions to turn the lifecycle off.
package fakelambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Fake is an in-memory AWS Lambda. It implements http.Handler. All methods
// are safe for concurrent use. Create one with New.
type Fake struct {
	cfg     config
	closed  atomic.Bool
	waiting atomic.Int64 // calls held by a Fault.Delay

	mu      sync.Mutex // guards everything below
	lastNow time.Time
	seq     uint64       // request IDs, RevisionIds
	store   *state.Store // everything Reset forgets, by account and region
	inv     *invocations // handlers and the async queue (invoke.go)
	faults  faultList
	calls   callLog
	buckets map[string]*bucket
	ctl     controlState // the control API's fault Ids
}

// New returns a Fake with the given options. It never starts a goroutine.
func New(opts ...Option) *Fake {
	f := &Fake{cfg: defaultConfig()}
	for _, o := range opts {
		o(&f.cfg)
	}
	f.store, f.inv = f.newStore(), newInvocations()
	return f
}

// Region is the region the fake answers for ("us-east-1" by default).
func (f *Fake) Region() string { return f.cfg.region }

// AccountID is the account in the fake's ARNs ("123456789012" by default).
func (f *Fake) AccountID() string { return f.cfg.accountID }

// Close makes every later call fail with 500 ServiceException, in-process and
// over HTTP. It is idempotent. It does not close a Server's listener: the
// Server's own Close (run at test cleanup) does that.
func (f *Fake) Close() {
	f.closed.Store(true)
}

// Reset forgets every function, version, alias, concurrency setting, fault,
// allocation override, handler, metric and recorded call. The options given
// to New stay in force, and the clock never goes back.
func (f *Fake) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range f.faults.all() {
		h.removed.Store(true)
	}
	f.store, f.inv = f.newStore(), newInvocations()
	f.faults = faultList{}
	f.calls = callLog{}
	f.buckets = nil
	f.ctl = controlState{seq: f.ctl.seq}
}

// request is one call being served.
type request struct {
	r       *http.Request
	row     *opRow            // nil when the request matches no operation
	op      string            // row.name
	labels  [maxLabels]string // path labels, decoded, in row.labels order
	fnParam string            // the {FunctionName} (or tags' {Resource}) path label
	name    string            // the alias {Name} path label
	body    []byte
	now     time.Time
	reqID   string
	seq     uint64 // the request id's sequence number: reqID is uuid(seq)
	// bodyJSON says whether body is JSON, once known: 1 yes, -1 no, 0 not
	// checked yet.
	bodyJSON int8

	// account and region the request belongs to: its SigV4 credential
	// scope's (see scopeOf), else the fake's.
	account, region string

	// resolved function and qualifier, for the call log and faults
	function, qualifier string

	q url.Values // the parsed query, on first use
}

// query returns a query parameter and whether it was present.
func (rq *request) query(key string) (string, bool) {
	vs, ok := rq.values()[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// values returns the parsed query.
func (rq *request) values() url.Values {
	if rq.q == nil {
		rq.q = rq.r.URL.Query()
	}
	return rq.q
}

// response is what an operation answers.
type response struct {
	status int
	body   any    // encoded as JSON when non-nil
	raw    []byte // sent as is when body is nil
	header map[string]string
	err    *APIError
	// stream, when set, writes the body after the status and header
	// (InvokeWithResponseStream: stream.go); no Content-Length is sent.
	stream func(w http.ResponseWriter)
}

func answer(status int, body any) *response { return &response{status: status, body: body} }

func fail(err *APIError) *response { return &response{err: err} }

// ServeHTTP answers one Lambda API call, or a control call under
// /_fakelambda/. Every Lambda API call that names an operation is in the
// call log, whatever it is answered (a closed fake's 500, a refused
// signature's 403, an operation the fake does not serve yet).
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if id, region, ok := urlHost(r.Host); ok { // a function URL's host: urlinvoke.go
		f.serveURL(w, r, id, region)
		return
	}
	if isControlPath(r.URL.Path) {
		if !f.controlAllowed(r) {
			writeControl(w, http.StatusForbidden, map[string]string{"Message": "control API: only loopback callers may use it when credentials are set"})
			return
		}
		f.serveControl(w, r)
		return
	}
	rq := &request{r: r}
	rq.account, rq.region = f.scopeOf(r)
	f.mu.Lock()
	f.seq++
	rq.seq = f.seq
	rq.reqID = f.uuid(f.seq)
	f.mu.Unlock()

	row, labels, routed := route(r.Method, r.URL)
	if routed {
		rq.row, rq.op, rq.labels = row, row.name, labels
		rq.fnParam, rq.name = rq.label("FunctionName"), rq.label("Name")
		if rq.fnParam == "" {
			rq.fnParam = rq.label("Resource")
		}
		if rq.fnParam == "" {
			rq.fnParam = rq.label("ResourceArn") // Get/Put/DeleteResourcePolicy (permissions.go)
		}
	}
	if f.closed.Load() {
		f.answerEarly(w, rq, fail(ServiceError("fakelambda: the fake is closed")))
		return
	}
	if e := f.verifySignature(r, rq.region); e != nil {
		f.answerEarly(w, rq, fail(e))
		return
	}
	if !routed {
		writeResponse(w, rq, fail(unknownOperation(r)))
		return
	}
	body, readErr := readBody(r, row.limit)
	rq.body = body
	rq.function, rq.qualifier = f.callTarget(rq)

	// Faults first: a faulted call changes no state.
	if f.serveFault(w, rq) {
		return
	}
	switch {
	case errors.Is(readErr, errBodyTooLarge):
		f.finish(w, rq, fail(errTooLarge(row.tooLarge, row.limit, row.wireName)), false)
		return
	case readErr != nil:
		f.finish(w, rq, fail(errBadContent("Could not read the request body: "+readErr.Error())), false)
		return
	case row.serve == nil:
		f.finish(w, rq, fail(unknownOperation(r)), false)
		return
	}
	// The model's constraints, before the operation: a violation changes nothing.
	if e := rq.checkModel(); e != nil {
		f.finish(w, rq, fail(e), false)
		return
	}

	if row.unlocked {
		f.mu.Lock()
		rq.now = f.now()
		f.pumpDueLocked(rq) // durable.go: deadlines due first
		if e := f.rateLimited(rq); e != nil {
			f.mu.Unlock()
			f.finish(w, rq, fail(e), false)
			return
		}
		f.mu.Unlock()
		f.finish(w, rq, row.serve(f, rq), false)
		return
	}
	f.mu.Lock()
	rq.now = f.now()
	f.pumpDueLocked(rq) // durable.go: deadlines due first
	resp := fail(f.rateLimited(rq))
	if resp.err == nil {
		resp = f.runLocked(rq)
	}
	f.recordLocked(rq, resp, false)
	f.mu.Unlock()
	writeResponse(w, rq, resp)
}

// unknownOperation is Lambda's answer to a request it cannot route.
func unknownOperation(r *http.Request) *APIError {
	return &APIError{Code: "UnknownOperationException", StatusCode: 400, Type: "User",
		Message: fmt.Sprintf("Unknown operation: %s %s", r.Method, r.URL.EscapedPath())}
}

// answerEarly answers a call refused before routing matters (closed fake,
// refused signature): in the call log when it names an operation.
func (f *Fake) answerEarly(w http.ResponseWriter, rq *request, resp *response) {
	if rq.row == nil {
		writeResponse(w, rq, resp)
		return
	}
	rq.function, rq.qualifier = f.callTarget(rq)
	f.finish(w, rq, resp, false)
}

// runLocked runs a locked operation. Should it panic (a bug in the fake), the
// call is answered 500 ServiceException saying so, and the fake stays usable
// instead of deadlocking every later call on a held lock.
func (f *Fake) runLocked(rq *request) (resp *response) {
	defer func() {
		if p := recover(); p != nil {
			resp = fail(ServiceError(fmt.Sprintf("fakelambda: internal error in %s: %v (please report it)", rq.op, p)))
		}
	}()
	return rq.row.serve(f, rq)
}

// finish records the call and writes its answer.
func (f *Fake) finish(w http.ResponseWriter, rq *request, resp *response, faulted bool) {
	f.mu.Lock()
	if rq.now.IsZero() {
		rq.now = f.now()
	}
	f.recordLocked(rq, resp, faulted)
	f.mu.Unlock()
	writeResponse(w, rq, resp)
}

// errBodyTooLarge is readBody's error for a body over the limit.
var errBodyTooLarge = errors.New("body too large")

// readBody reads at most limit bytes of the body; more is errBodyTooLarge,
// and a body that fails to read is an error too (never taken as empty).
func readBody(r *http.Request, limit int) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
		return nil, errBodyTooLarge
	}
	if len(b) == 0 {
		return nil, nil
	}
	return b, nil
}

// writeResponse writes resp with Lambda's headers.
func writeResponse(w http.ResponseWriter, rq *request, resp *response) {
	// Header keys are written in canonical form directly: no re-canonicalising.
	h := w.Header()
	h["X-Amzn-Requestid"] = []string{rq.reqID}
	if resp.err == nil && resp.stream != nil { // a streamed answer (stream.go)
		for k, v := range resp.header {
			h.Set(k, v)
		}
		w.WriteHeader(resp.status)
		resp.stream(w)
		return
	}
	status := resp.status
	var body any
	var b []byte
	if e := resp.err; e != nil {
		status, body = e.status(), e.body()
		h["X-Amzn-Errortype"] = []string{e.Code}
		if e.RetryAfter > 0 {
			h["Retry-After"] = []string{strconv.Itoa(e.RetryAfter)}
		}
	} else {
		for k, v := range resp.header {
			h.Set(k, v)
		}
		switch {
		case status == http.StatusNoContent:
		case resp.body != nil:
			body = resp.body
		default:
			b = resp.raw
		}
	}
	if body != nil {
		buf := marshal(body)
		defer bufs.Put(buf)
		b = buf.Bytes()
		h["Content-Type"] = []string{"application/json"}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// bufs recycles the buffers answers are encoded into.
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// marshal encodes v as Lambda does: without Go's HTML escaping of <, > and &.
// The buffer comes from bufs; put it back when done.
func marshal(v any) *bytes.Buffer {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return buf
}

// decode parses the JSON body into v. An empty body is {}.
func decode(rq *request, v any) *APIError {
	if len(rq.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(rq.body, v); err != nil {
		return errBadContent("Could not parse request body into json: " + err.Error())
	}
	return nil
}

// uuid returns a deterministic UUID-shaped identifier for n.
func (f *Fake) uuid(n uint64) string {
	a := splitmix(f.cfg.seed ^ n)
	b := splitmix(a ^ 0x9e3779b97f4a7c15)
	// "%08x-%04x-4%03x-%04x-%012x" of a>>32, a>>16, a&0xfff, (b>>48)&0x3fff|0x8000, b&0xffffffffffff,
	// without fmt (this runs on every call).
	var buf [36]byte
	hexTo(buf[0:8], a>>32)
	buf[8] = '-'
	hexTo(buf[9:13], a>>16)
	buf[13] = '-'
	buf[14] = '4'
	hexTo(buf[15:18], a&0xfff)
	buf[18] = '-'
	hexTo(buf[19:23], (b>>48)&0x3fff|0x8000)
	buf[23] = '-'
	hexTo(buf[24:36], b&0xffffffffffff)
	return string(buf[:])
}

// newRevision returns a fresh RevisionId. Callers hold f.mu.
func (f *Fake) newRevision() string {
	f.seq++
	return f.uuid(f.seq)
}

// hexTo writes the low 4*len(dst) bits of x into dst as lower-case hex.
func hexTo(dst []byte, x uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = "0123456789abcdef"[x&0xf]
		x >>= 4
	}
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// waitFor waits d on the fake's clock when it can wait (After), on real time
// otherwise; ctx ends the wait early, and then onCancel runs before the call
// stops counting as Waiting.
func (f *Fake) waitFor(ctx context.Context, d time.Duration, onCancel func()) error {
	if d <= 0 {
		if err := ctx.Err(); err != nil {
			onCancel()
			return err
		}
		return nil
	}
	var ch <-chan time.Time
	if ac, ok := f.cfg.clock.(afterClock); ok {
		ch = ac.After(d)
	} else {
		t := time.NewTimer(d)
		defer t.Stop()
		ch = t.C
	}
	f.waiting.Add(1)
	defer f.waiting.Add(-1)
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		onCancel()
		return ctx.Err()
	}
}

package fakelambda

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Invoke: POST /2015-03-31/functions/{FunctionName}/invocations.
//
// Invoke is an unlocked operation: it takes f.mu to resolve the target and
// claim a concurrency slot, releases it while the Handler runs, and takes it
// again to give the slot back. Concurrent invocations therefore really
// overlap, and the in-flight counts below are what limits them.

// invocations is the data plane's share of the Fake outside the state
// machine: handlers, the weighted-routing draws and the async queue. It is
// guarded by Fake.mu; Reset replaces it.
type invocations struct {
	handlers map[handlerKey]Handler
	routed   uint64 // weighted-alias draws so far
	queue    []*queuedEvent
	failed   []FailedEvent
	// delivered holds the records sent to SQS, SNS, EventBridge and S3
	// destinations, by destination ARN (destinations.go).
	delivered map[string][][]byte
	// streams are the SetStreamHandler handlers (stream.go).
	streams map[handlerKey]StreamHandler
	// durable holds durable functions and executions (durable.go).
	durable *durableState
}

// handlerKey names a function ("" qualifier) or one of its qualifiers, in
// one account and region.
type handlerKey struct{ account, region, function, qualifier string }

func newInvocations() *invocations { return &invocations{} }

// draw is the next weighted-routing draw in [0, 1), seeded by WithSeed.
// Callers hold f.mu.
func (f *Fake) draw() float64 {
	f.inv.routed++
	return float64(splitmix(f.cfg.seed^0x6a09e667f3bcc908^f.inv.routed)>>11) / (1 << 53)
}

// execute runs h in the slot without holding f.mu, then releases the slot,
// whatever happens.
func (f *Fake) execute(ctx context.Context, r *state.Region, s *state.Slot, h Handler, info *invocationInfo, payload []byte) (out handlerOutcome) {
	failed := true
	defer func() {
		f.mu.Lock()
		r.Release(s, failed)
		f.mu.Unlock()
	}()
	if s.Provisioned() {
		info.initType = initProvisioned
	} else {
		info.initType = initOnDemand
	}
	// The deadline: start + the version's Timeout on the fake's clock
	// (Handler's doc). A handler that returns past it gets the timeout's
	// answer whatever it returned.
	f.mu.Lock()
	info.start = f.now()
	f.mu.Unlock()
	info.version, info.memory, info.vars = s.Version(), s.Memory(), s.Vars()
	info.timeout = time.Duration(s.Timeout()) * time.Second
	deadline := info.start.Add(info.timeout)
	hctx, cancel := f.withDeadline(ctx, deadline)
	defer cancel()
	out = runHandler(hctx, h, info, payload)
	f.mu.Lock()
	end := f.now()
	f.mu.Unlock()
	if info.timeout > 0 && ctx.Err() == nil && (!end.Before(deadline) || errors.Is(hctx.Err(), context.DeadlineExceeded)) {
		out = timedOut(info.requestID, info.timeout)
	}
	if out.errType == "" && len(out.payload) > syncPayloadLimit {
		out = handlerOutcome{errType: "Function.ResponseSizeTooLarge",
			errMsg: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", syncPayloadLimit+100)}
	}
	failed = out.errType != ""
	return out
}

// checkJSON answers Lambda's error for a payload that is not JSON.
func checkJSON(payload []byte) *APIError {
	if len(payload) == 0 {
		return nil
	}
	var raw json.RawMessage
	if err := json.Unmarshal(payload, &raw); err != nil {
		return errBadContent("Could not parse request body into json: Could not parse payload into json: " + err.Error())
	}
	return nil
}

// decodeClientContext decodes the X-Amz-Client-Context header: base64 of a
// JSON object.
func decodeClientContext(h string) ([]byte, *APIError) {
	if h == "" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(h)
	if err != nil || !json.Valid(b) || !bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		return nil, errBadContent("Client context must be a valid Base64-encoded JSON object.")
	}
	return b, nil
}

func (f *Fake) invoke(rq *request) *response {
	invType := rq.r.Header.Get("X-Amz-Invocation-Type")
	logType := rq.r.Header.Get("X-Amz-Log-Type")
	var v validation
	switch invType {
	case "", "RequestResponse", "Event", "DryRun":
	default:
		v.enum("invocationType", invType, "Event", "RequestResponse", "DryRun")
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
	asInvoked := q // "" when unqualified: the runtime's InvokedFunctionArn has no qualifier then
	if e == nil {
		var se *state.Error
		t, se = r.Resolve(name, q, state.Lookup{Invoke: true}) // unqualified: $LATEST, or $LATEST.PUBLISHED (capacity providers)
		if se == nil {
			se = r.Invocable(t, rq.now) // Pending or Failed: 409
		}
		e = apiError(se)
	}
	if e == nil && invType == "Event" && len(rq.body) > eventPayload {
		e = errTooLarge("RequestTooLargeException", eventPayload, rq.row.wireName)
	}
	if e == nil {
		e = checkJSON(rq.body)
	}
	var clientCtx []byte
	if e == nil && invType != "Event" {
		clientCtx, e = decodeClientContext(rq.r.Header.Get("X-Amz-Client-Context"))
	}
	if e != nil {
		f.mu.Unlock()
		return fail(e)
	}
	payload := rq.body
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	switch invType {
	case "DryRun":
		f.mu.Unlock()
		return &response{status: http.StatusNoContent}
	}
	version := r.InvokeVersion(t, f.draw)
	if cfg, ok := f.isDurable(r, rq.account, rq.region, t.Function, t.Qualifier, version); ok {
		return f.invokeDurable(rq, r, t, asInvoked, version, invType, payload, cfg) // durable.go; releases f.mu
	}
	switch invType {
	case "Event":
		f.enqueue(rq, r, t, version, payload)
		f.mu.Unlock()
		return &response{status: http.StatusAccepted}
	}
	s, se := r.Admit(t.Function, t.Qualifier, version, rq.now)
	if se != nil {
		f.mu.Unlock()
		return failState(se)
	}
	h := f.inv.handlerFor(rq.account, rq.region, t.Function, t.Qualifier, version)
	memory := s.Memory()
	f.mu.Unlock()

	ctx := rq.r.Context()
	info := &invocationInfo{clientContext: clientCtx, requestID: rq.reqID, function: t.Function, region: rq.region,
		invokedARN: r.FunctionARN(t.Function), tenantID: rq.r.Header.Get("X-Amz-Tenant-Id"), traceID: traceID(rq)}
	if asInvoked != "" {
		info.invokedARN = r.QualifiedARN(t.Function, asInvoked)
	}
	out := f.execute(ctx, r, s, h, info, payload)
	if ctx.Err() != nil {
		f.record(rq, 0, "RequestCanceled", false)
		panic(http.ErrAbortHandler) // the caller has gone: answer nothing
	}

	resp := &response{status: http.StatusOK, raw: out.payload, header: map[string]string{
		"Content-Type":           "application/json",
		"X-Amz-Executed-Version": version,
	}}
	if out.errType != "" {
		resp.raw = out.errorBody()
		resp.header["X-Amz-Function-Error"] = "Unhandled"
	}
	if logType == "Tail" {
		f.mu.Lock()
		end := f.now()
		f.mu.Unlock()
		resp.header["X-Amz-Log-Result"] = tailLog(rq.reqID, version, memory, end.Sub(rq.now), out)
	}
	return resp
}

// traceID is the invocation's X-Ray trace header: the caller's
// X-Amzn-Trace-Id, or one of X-Ray's form made from the request ID.
func traceID(rq *request) string {
	if h := rq.r.Header.Get("X-Amzn-Trace-Id"); h != "" {
		return h
	}
	return makeTraceID(rq.reqID, rq.now)
}

// makeTraceID is an X-Ray trace header made from a request ID, at t.
func makeTraceID(reqID string, t time.Time) string {
	hex := strings.ReplaceAll(reqID, "-", "")
	for len(hex) < 40 {
		hex += "0"
	}
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=0", max(t.Unix(), 0), hex[:24], hex[24:40])
}

// tailLog is the base64 Tail log of one invocation: the runtime's START,
// END and REPORT lines (and the error, for a function error), at most the
// last 4 KB, as Lambda gives it.
func tailLog(reqID, version string, memory int, d time.Duration, out handlerOutcome) string {
	ms := float64(d) / float64(time.Millisecond)
	billed := max(1, int(math.Ceil(ms)))
	var b strings.Builder
	fmt.Fprintf(&b, "START RequestId: %s Version: %s\n", reqID, version)
	if out.errType != "" {
		fmt.Fprintf(&b, "%s: %s\n", out.errType, out.errMsg)
	}
	fmt.Fprintf(&b, "END RequestId: %s\n", reqID)
	fmt.Fprintf(&b, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t\n",
		reqID, ms, billed, memory, min(memory, 32))
	s := b.String()
	if len(s) > 4096 {
		s = s[len(s)-4096:]
	}
	return base64.StdEncoding.EncodeToString([]byte(s))
}

// Async (Event) invocations. Invoke answers 202 at once and queues the
// event; nothing runs until the test calls RunQueued, so async invocations
// are deterministic and the fake never starts a goroutine. The async
// invocation config of the scope the event was invoked with
// (eventinvoke.go) governs it: MaximumRetryAttempts, MaximumEventAgeInSeconds
// and the OnSuccess and OnFailure destinations (destinations.go).

// maxEventAttempts is how often an async event runs before it goes to the
// failure list when no config sets MaximumRetryAttempts: once plus Lambda's
// default two retries.
const maxEventAttempts = 3

// queuedEvent is an async invocation waiting to run.
type queuedEvent struct {
	account   string
	region    string
	function  string
	invoked   string
	version   string
	payload   []byte
	requestID string
	attempts  int
	queuedAt  time.Time       // when Invoke accepted it: its age counts from here
	last      *handlerOutcome // the last failed run's, nil before the first run
}

// FailedEvent is an async invocation Lambda gave up on: what it would send
// to the function's OnFailure destination.
type FailedEvent struct {
	// FunctionArn is the function's ARN qualified as invoked
	// ("...:function:f:$LATEST" for an unqualified call).
	FunctionArn string
	// Condition is why the event failed: "ZeroReservedConcurrency" (the
	// function's reserved concurrency was 0; the event never ran),
	// "RetriesExhausted" (it failed on every attempt) or "EventAgeExceeded"
	// (it was older than the config's MaximumEventAgeInSeconds, six hours
	// by default, when its turn came).
	Condition string
	// ApproximateInvokeCount is how many times the handler ran: 0 for
	// ZeroReservedConcurrency, 1 + MaximumRetryAttempts (3 by default)
	// for RetriesExhausted.
	ApproximateInvokeCount int
	RequestID              string // the x-amzn-RequestId of the Invoke call
	Payload                []byte // the event
	// ResponsePayload is the last function error,
	// {"errorMessage":...,"errorType":...}; nil when the event never ran.
	ResponsePayload []byte
}

// enqueue accepts an async event: queued, or dropped to the failure list
// when the function's reserved concurrency is 0. Callers hold f.mu.
func (f *Fake) enqueue(rq *request, r *state.Region, t state.Target, version string, payload []byte) {
	ev := &queuedEvent{account: rq.account, region: rq.region, function: t.Function,
		invoked: t.Qualifier, version: version, payload: append([]byte(nil), payload...), requestID: rq.reqID, queuedAt: rq.now}
	if r.ReservedZero(t.Function) {
		f.dropZeroReserved(r, ev, rq.now)
		return
	}
	f.inv.queue = append(f.inv.queue, ev)
}

// dropZeroReserved gives up on ev, whose function has zero reserved
// concurrency: a throttle, a FailedEvent and the OnFailure destination.
// Callers hold f.mu.
func (f *Fake) dropZeroReserved(r *state.Region, ev *queuedEvent, now time.Time) {
	r.CountThrottle(ev.function, ev.invoked, ev.version)
	f.giveUp(r, ev, "ZeroReservedConcurrency", now)
}

// giveUp records ev in FailedEvents with condition and sends it to the
// OnFailure destination. Callers hold f.mu.
func (f *Fake) giveUp(r *state.Region, ev *queuedEvent, condition string, now time.Time) {
	fe := FailedEvent{FunctionArn: r.QualifiedARN(ev.function, ev.invoked), Condition: condition,
		ApproximateInvokeCount: ev.attempts, RequestID: ev.requestID, Payload: ev.payload}
	if ev.last != nil {
		fe.ResponsePayload = ev.last.errorBody()
	}
	f.inv.failed = append(f.inv.failed, fe)
	cfg, _ := r.EventInvokeConfigFor(ev.function, ev.invoked)
	f.settle(r, ev, cfg, condition, ev.last, now)
}

// Queued is the number of async (Event) invocations waiting for RunQueued.
func (f *Fake) Queued() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.inv.queue)
}

// RunQueued runs the async (Event) invocations queued before the call, one
// after another on the calling goroutine, with ctx as the handlers' context,
// and returns how many handler runs it made. Scheduling is as for
// synchronous calls (InitializationType, metrics); ClientContext is nil, as
// Lambda passes no client context to async invocations.
//
// As in Lambda, an event that finds no free concurrency is throttled and
// stays queued for a later RunQueued, and an event whose handler fails is
// queued again for a retry. The async invocation config of the qualifier
// the event was invoked with (PutFunctionEventInvokeConfig; $LATEST for an
// unqualified call) governs it, as read when its turn comes:
//   - after 1 + MaximumRetryAttempts failed runs (3 when unset) it goes to
//     FailedEvents with condition "RetriesExhausted";
//   - when it is older than MaximumEventAgeInSeconds (six hours when unset)
//     on the fake's clock at its turn, it is not run again but goes to
//     FailedEvents with condition "EventAgeExceeded": advance the clock
//     between RunQueued calls to expire a retried event;
//   - OnSuccess receives a "Success" record after a successful run,
//     OnFailure a record of every event given up on (see
//     DestinationRecords). A Lambda destination's record is queued as an
//     event of that function, run by a later RunQueued.
//
// Events of a function (or version) that was deleted meanwhile are
// dropped. Events queued while RunQueued runs (by a handler or a Lambda
// destination, say) wait for the next call. If ctx ends, the events not yet
// run stay queued. Last, it runs RunDurable: durable waits that are over
// complete and their executions resume.
func (f *Fake) RunQueued(ctx context.Context) int {
	f.mu.Lock()
	st, iv := f.store, f.inv
	batch := iv.queue
	iv.queue = nil
	f.mu.Unlock()
	ran := 0
	for i, ev := range batch {
		f.mu.Lock()
		if f.store != st { // Reset: forget the rest
			f.mu.Unlock()
			return ran
		}
		if ctx.Err() != nil {
			iv.queue = append(append([]*queuedEvent(nil), batch[i:]...), iv.queue...)
			f.mu.Unlock()
			return ran
		}
		now := f.now()
		r := st.Region(ev.account, ev.region)
		if !r.HasVersion(ev.function, ev.version) {
			f.mu.Unlock()
			continue
		}
		cfg, _ := r.EventInvokeConfigFor(ev.function, ev.invoked)
		if now.Sub(ev.queuedAt) > eventAge(cfg) {
			f.giveUp(r, ev, "EventAgeExceeded", now)
			f.mu.Unlock()
			continue
		}
		if r.ReservedZero(ev.function) {
			f.dropZeroReserved(r, ev, now)
			f.mu.Unlock()
			continue
		}
		s, e := r.Admit(ev.function, ev.invoked, ev.version, now)
		if e != nil {
			iv.queue = append(iv.queue, ev)
			f.mu.Unlock()
			continue
		}
		h := iv.handlerFor(ev.account, ev.region, ev.function, ev.invoked, ev.version)
		f.mu.Unlock()

		out := f.execute(ctx, r, s, h, queuedInfo(r, ev.function, ev.invoked, ev.requestID), ev.payload)
		ran++
		ev.attempts++
		f.mu.Lock()
		if f.store != st {
			f.mu.Unlock()
			return ran
		}
		now = f.now()
		cfg, _ = r.EventInvokeConfigFor(ev.function, ev.invoked)
		switch {
		case out.errType == "":
			f.settle(r, ev, cfg, "Success", &out, now)
		case ev.attempts < eventAttempts(cfg):
			ev.last = &out
			iv.queue = append(iv.queue, ev)
		default:
			ev.last = &out
			f.giveUp(r, ev, "RetriesExhausted", now)
		}
		f.mu.Unlock()
	}
	return ran + f.RunDurable(ctx) // durable.go: waits that are over
}

// FailedEvents returns the async invocations Lambda gave up on, oldest
// first: what an OnFailure destination would receive.
func (f *Fake) FailedEvents() []FailedEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FailedEvent, len(f.inv.failed))
	for i, ev := range f.inv.failed {
		ev.Payload = append([]byte(nil), ev.Payload...)
		ev.ResponsePayload = append([]byte(nil), ev.ResponsePayload...)
		out[i] = ev
	}
	return out
}

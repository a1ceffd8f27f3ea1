package fakelambda

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Invoke: POST /2015-03-31/functions/{FunctionName}/invocations.
//
// Invoke is an unlocked operation: it takes f.mu to resolve the target and
// claim a concurrency slot, releases it while the Handler runs, and takes it
// again to give the slot back. Concurrent invocations therefore really
// overlap, and the in-flight counts below are what limits them.

// qualKey names a function ("" qualifier) or one of its qualifiers.
type qualKey struct{ function, qualifier string }

// invocations is the data plane's share of the state: handlers, in-flight
// load, metrics and the async queue. It is guarded by Fake.mu.
type invocations struct {
	handlers map[qualKey]Handler
	metrics  map[qualKey]*metricEntry
	load     map[string]*fnLoad // by function name
	// accountOnDemand counts on-demand invocations in flight of functions
	// without reserved concurrency: they share the unreserved pool.
	accountOnDemand int
	routed          uint64 // weighted-alias draws so far
	queue           []*queuedEvent
	failed          []FailedEvent
}

func newInvocations() *invocations {
	return &invocations{
		handlers: map[qualKey]Handler{},
		metrics:  map[qualKey]*metricEntry{},
		load:     map[string]*fnLoad{},
	}
}

// fnLoad is one function's invocations in flight.
type fnLoad struct {
	onDemand    int
	provisioned map[string]int // by executed version
}

// slot is one admitted invocation's claim on concurrency.
type slot struct {
	iv          *invocations
	load        *fnLoad
	version     string
	provisioned bool
	accountPool bool
	entries     []*metricEntry
}

// Throttle reasons Invoke answers with.
const (
	reasonReserved = "ReservedFunctionConcurrentInvocationLimitExceeded"
	reasonAccount  = "ConcurrentInvocationLimitExceeded"
)

// errInvokeThrottled is Lambda's 429 for a concurrency throttle: note the
// capital E and the period, unlike a rate throttle.
func errInvokeThrottled(reason string) *APIError {
	return &APIError{Code: "TooManyRequestsException", StatusCode: 429, Message: "Rate Exceeded.", Type: "User", Reason: reason}
}

// readyPC is the provisioned concurrency READY for version at now: configs
// on the version itself and on aliases pointing to it.
func readyPC(fn *function, version string, now time.Time) int {
	n := 0
	for q, pc := range fn.pcs {
		target := q
		if a := fn.aliases[q]; a != nil {
			target = a.FunctionVersion
		}
		if target != version {
			continue
		}
		if st := pc.statusAt(now); st.Status == "READY" {
			n += st.Available
		}
	}
	return n
}

// admit claims a concurrency slot for an invocation of fn (invoked with
// qualifier invoked, running version), per Lambda's scheduling: READY
// provisioned concurrency of the version first; beyond it on-demand, capped
// by the function's reserved concurrency less its provisioned concurrency,
// or, without reserved concurrency, by the account's unreserved pool. It
// counts the invocation or the throttle in the metrics. Callers hold f.mu.
func (f *Fake) admit(fn *function, invoked, version string, now time.Time) (*slot, *APIError) {
	iv := f.state.inv
	entries := iv.metricsFor(fn.name, invoked, version)
	ld := iv.load[fn.name]
	if ld == nil {
		ld = &fnLoad{provisioned: map[string]int{}}
		iv.load[fn.name] = ld
	}
	s := &slot{iv: iv, load: ld, version: version, entries: entries}
	pc := 0
	if version != "$LATEST" {
		pc = readyPC(fn, version, now)
	}
	switch {
	case ld.provisioned[version] < pc:
		s.provisioned = true
		ld.provisioned[version]++
	case fn.reserved != nil:
		if ld.onDemand >= *fn.reserved-fn.totalPC("") {
			return nil, f.throttle(entries, reasonReserved)
		}
		ld.onDemand++
	default:
		if iv.accountOnDemand >= f.unreserved("") {
			return nil, f.throttle(entries, reasonAccount)
		}
		ld.onDemand++
		iv.accountOnDemand++
		s.accountPool = true
	}
	for _, e := range entries {
		e.m.Invocations++
		switch {
		case s.provisioned:
			e.m.ProvisionedConcurrencyInvocations++
		case pc > 0:
			e.m.ProvisionedConcurrencySpilloverInvocations++
		}
		e.inFlight++
		e.m.MaxConcurrentExecutions = max(e.m.MaxConcurrentExecutions, e.inFlight)
	}
	return s, nil
}

func (f *Fake) throttle(entries []*metricEntry, reason string) *APIError {
	for _, e := range entries {
		e.m.Throttles++
	}
	return errInvokeThrottled(reason)
}

// release gives the slot back and counts a function error. Callers hold f.mu.
func (s *slot) release(failed bool) {
	if s.provisioned {
		s.load.provisioned[s.version]--
	} else {
		s.load.onDemand--
	}
	if s.accountPool {
		s.iv.accountOnDemand--
	}
	for _, e := range s.entries {
		e.inFlight--
		if failed {
			e.m.Errors++
		}
	}
}

// execute runs h in the slot without holding f.mu, then releases the slot,
// whatever happens.
func (f *Fake) execute(ctx context.Context, s *slot, h Handler, info *invocationInfo, payload []byte) (out handlerOutcome) {
	failed := true
	defer func() {
		f.mu.Lock()
		s.release(failed)
		f.mu.Unlock()
	}()
	if s.provisioned {
		info.initType = initProvisioned
	} else {
		info.initType = initOnDemand
	}
	out = runHandler(ctx, h, info, payload)
	if out.errType == "" && len(out.payload) > syncPayloadLimit {
		out = handlerOutcome{errType: "Function.ResponseSizeTooLarge",
			errMsg: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", syncPayloadLimit+100)}
	}
	failed = out.errType != ""
	return out
}

// invokeTarget is a resolved Invoke target.
type invokeTarget struct {
	fn      *function
	invoked string // the qualifier as invoked; "$LATEST" when none
	alias   *alias
}

// resolveInvoke validates the request and resolves the function and
// qualifier. Callers hold f.mu.
func (f *Fake) resolveInvoke(rq *request, v validation) (invokeTarget, *APIError) {
	qp := qualifierParam(rq, &v)
	ref, e := f.resolveName(rq, v, shapeNamespacedName)
	if e != nil {
		return invokeTarget{}, e
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return invokeTarget{}, e
	}
	if q == "" {
		q = "$LATEST"
	}
	fn := f.state.functions[ref.Name]
	if fn == nil {
		return invokeTarget{}, errFunctionNotFound(f.qualifiedARN(ref.Name, q))
	}
	t := invokeTarget{fn: fn, invoked: q}
	switch {
	case q == "$LATEST":
	case isVersionNumber(q):
		if fn.versions[q] == nil {
			return invokeTarget{}, errFunctionNotFound(f.qualifiedARN(fn.name, q))
		}
	default:
		if t.alias = fn.aliases[q]; t.alias == nil {
			return invokeTarget{}, errFunctionNotFound(f.qualifiedARN(fn.name, q))
		}
	}
	return t, nil
}

// version picks the version an invocation runs: the qualifier's, or for an
// alias its version, or with weighted routing a deterministic draw seeded by
// WithSeed. Callers hold f.mu.
func (f *Fake) version(t invokeTarget) string {
	if t.alias == nil {
		return t.invoked
	}
	if len(t.alias.Weights) == 0 {
		return t.alias.FunctionVersion
	}
	iv := f.state.inv
	iv.routed++
	r := float64(splitmix(f.cfg.seed^0x6a09e667f3bcc908^iv.routed)>>11) / (1 << 53)
	vs := make([]string, 0, len(t.alias.Weights))
	for v := range t.alias.Weights {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	acc := 0.0
	for _, v := range vs {
		acc += t.alias.Weights[v]
		if r < acc {
			return v
		}
	}
	return t.alias.FunctionVersion
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
	t, e := f.resolveInvoke(rq, v)
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
	fn := t.fn
	switch invType {
	case "DryRun":
		f.mu.Unlock()
		return &response{status: http.StatusNoContent}
	case "Event":
		f.enqueue(t, f.version(t), payload, rq)
		f.mu.Unlock()
		return &response{status: http.StatusAccepted}
	}
	version := f.version(t)
	s, e := f.admit(fn, t.invoked, version, rq.now)
	if e != nil {
		f.mu.Unlock()
		return fail(e)
	}
	h := f.state.inv.handlerFor(fn.name, t.invoked, version)
	memory := 128
	if ver := fn.version(version); ver != nil {
		memory = ver.cfg.MemorySize
	}
	f.mu.Unlock()

	ctx := rq.r.Context()
	out := f.execute(ctx, s, h, &invocationInfo{clientContext: clientCtx, requestID: rq.reqID}, payload)
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
// are deterministic and the fake never starts a goroutine.

// maxEventAttempts is how often an async event runs before it goes to the
// failure list: once plus Lambda's default two retries.
const maxEventAttempts = 3

// queuedEvent is an async invocation waiting to run.
type queuedEvent struct {
	function  string
	invoked   string
	version   string
	payload   []byte
	requestID string
	attempts  int
}

// FailedEvent is an async invocation Lambda gave up on: what it would send
// to the function's OnFailure destination.
type FailedEvent struct {
	// FunctionArn is the function's ARN qualified as invoked
	// ("...:function:f:$LATEST" for an unqualified call).
	FunctionArn string
	// Condition is why the event failed: "ZeroReservedConcurrency" (the
	// function's reserved concurrency was 0; the event never ran) or
	// "RetriesExhausted" (it failed on every attempt).
	Condition string
	// ApproximateInvokeCount is how many times the handler ran: 0 for
	// ZeroReservedConcurrency, 3 for RetriesExhausted.
	ApproximateInvokeCount int
	RequestID              string // the x-amzn-RequestId of the Invoke call
	Payload                []byte // the event
	// ResponsePayload is the last function error,
	// {"errorMessage":...,"errorType":...}; nil for ZeroReservedConcurrency.
	ResponsePayload []byte
}

// enqueue accepts an async event: queued, or dropped to the failure list
// when the function's reserved concurrency is 0. Callers hold f.mu.
func (f *Fake) enqueue(t invokeTarget, version string, payload []byte, rq *request) {
	iv := f.state.inv
	if t.fn.reserved != nil && *t.fn.reserved == 0 {
		f.throttle(iv.metricsFor(t.fn.name, t.invoked, version), reasonReserved)
		iv.failed = append(iv.failed, FailedEvent{
			FunctionArn: f.qualifiedARN(t.fn.name, t.invoked), Condition: "ZeroReservedConcurrency",
			RequestID: rq.reqID, Payload: append([]byte(nil), payload...)})
		return
	}
	iv.queue = append(iv.queue, &queuedEvent{function: t.fn.name, invoked: t.invoked, version: version,
		payload: append([]byte(nil), payload...), requestID: rq.reqID})
}

// Queued is the number of async (Event) invocations waiting for RunQueued.
func (f *Fake) Queued() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.state.inv.queue)
}

// RunQueued runs the async (Event) invocations queued before the call, one
// after another on the calling goroutine, with ctx as the handlers' context,
// and returns how many handler runs it made. Scheduling is as for
// synchronous calls (InitializationType, metrics); ClientContext is nil, as
// Lambda passes no client context to async invocations.
//
// As in Lambda, an event that finds no free concurrency is throttled and
// stays queued for a later RunQueued, and an event whose handler fails is
// queued again for a retry; after three failed runs it goes to FailedEvents
// with condition "RetriesExhausted". Events of a function (or version) that
// was deleted meanwhile are dropped. Events queued while RunQueued runs (by
// a handler, say) wait for the next call. If ctx ends, the events not yet run
// stay queued.
func (f *Fake) RunQueued(ctx context.Context) int {
	f.mu.Lock()
	st := f.state
	batch := st.inv.queue
	st.inv.queue = nil
	f.mu.Unlock()
	ran := 0
	for i, ev := range batch {
		f.mu.Lock()
		if f.state != st { // Reset: forget the rest
			f.mu.Unlock()
			return ran
		}
		if ctx.Err() != nil {
			st.inv.queue = append(append([]*queuedEvent(nil), batch[i:]...), st.inv.queue...)
			f.mu.Unlock()
			return ran
		}
		now := f.now()
		fn := st.functions[ev.function]
		if fn == nil || fn.version(ev.version) == nil {
			f.mu.Unlock()
			continue
		}
		if fn.reserved != nil && *fn.reserved == 0 {
			f.throttle(st.inv.metricsFor(fn.name, ev.invoked, ev.version), reasonReserved)
			st.inv.failed = append(st.inv.failed, FailedEvent{FunctionArn: f.qualifiedARN(fn.name, ev.invoked),
				Condition: "ZeroReservedConcurrency", ApproximateInvokeCount: ev.attempts, RequestID: ev.requestID, Payload: ev.payload})
			f.mu.Unlock()
			continue
		}
		s, e := f.admit(fn, ev.invoked, ev.version, now)
		if e != nil {
			st.inv.queue = append(st.inv.queue, ev)
			f.mu.Unlock()
			continue
		}
		h := st.inv.handlerFor(fn.name, ev.invoked, ev.version)
		f.mu.Unlock()

		out := f.execute(ctx, s, h, &invocationInfo{requestID: ev.requestID}, ev.payload)
		ran++
		ev.attempts++
		if out.errType == "" {
			continue
		}
		f.mu.Lock()
		if ev.attempts < maxEventAttempts {
			st.inv.queue = append(st.inv.queue, ev)
		} else {
			st.inv.failed = append(st.inv.failed, FailedEvent{FunctionArn: f.qualifiedARN(fn.name, ev.invoked),
				Condition: "RetriesExhausted", ApproximateInvokeCount: ev.attempts, RequestID: ev.requestID,
				Payload: ev.payload, ResponsePayload: out.errorBody()})
		}
		f.mu.Unlock()
	}
	return ran
}

// FailedEvents returns the async invocations Lambda gave up on, oldest
// first: what an OnFailure destination would receive.
func (f *Fake) FailedEvents() []FailedEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FailedEvent, len(f.state.inv.failed))
	for i, ev := range f.state.inv.failed {
		ev.Payload = append([]byte(nil), ev.Payload...)
		ev.ResponsePayload = append([]byte(nil), ev.ResponsePayload...)
		out[i] = ev
	}
	return out
}

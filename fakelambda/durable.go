package fakelambda

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Durable executions (Lambda durable functions): Invoke of a function with a
// durable handler starts an execution; GetDurableExecution,
// ListDurableExecutionsByFunction, StopDurableExecution and
// SendDurableExecutionCallbackSuccess/Failure/Heartbeat read and drive it.
//
// The engine replays: every invocation of a DurableHandler starts from the
// top; an operation already completed in the execution's log returns its
// recorded result without running again; a new Wait or WaitForCallback
// records its start and suspends the invocation (it returns ErrSuspended,
// which the handler returns). Nothing runs in the background: a wait whose
// end has passed on the fake's clock completes, at its own scheduled time,
// when the test calls RunDurable (or RunQueued); a callback answered through
// SendDurableExecutionCallbackSuccess/Failure re-runs the handler inline,
// before that call answers.

// Execution statuses, as ExecutionStatus.
const (
	durRunning   = "RUNNING"
	durSucceeded = "SUCCEEDED"
	durFailed    = "FAILED"
	durStopped   = "STOPPED"
)

// ErrSuspended is what a DurableContext operation returns when the
// execution must wait (a Wait not yet over, a callback not yet answered).
// Return it from the DurableHandler unchanged: the invocation ends and the
// execution stays RUNNING. An execution suspends even if the handler
// swallows it, as with the official SDK.
var ErrSuspended = errors.New("fakelambda: durable execution suspended")

// DurableError is the error of a failed durable operation (a Step whose
// function failed, a callback answered with SendDurableExecutionCallbackFailure),
// returned on every replay.
type DurableError struct {
	Type    string // ErrorType
	Message string // ErrorMessage
}

// Error returns "Type: Message".
func (e *DurableError) Error() string { return e.Type + ": " + e.Message }

// DurableHandler is a durable function's code in a test. input is the
// execution's input payload; the returned bytes are its Result (JSON). A
// returned error other than ErrSuspended fails the execution with
// ErrorType "Error" (a *DurableError keeps its type).
type DurableHandler func(dctx *DurableContext, input []byte) ([]byte, error)

// DurableContext is given to a DurableHandler for one invocation. Operations
// are identified by their position in the handler's run, as the SDKs do, so
// a handler must call them in the same order on every replay.
type DurableContext struct {
	f         *Fake
	ex        *durableExec
	now       time.Time
	next      int
	suspended bool
}

// Now is the simulated time of this invocation: the scheduled end of the
// wait that resumed it, or the time of the request that ran it.
func (c *DurableContext) Now() time.Time { return c.now }

// CheckpointToken is a checkpoint token of the execution, as the service
// gives the SDK in the invocation envelope: GetDurableExecutionState takes it.
func (c *DurableContext) CheckpointToken() string {
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	return c.ex.token()
}

// checkpointToken is an execution's first checkpoint token; each
// CheckpointDurableExecution consumes the current one and answers the next.
func checkpointToken(id string) string {
	return base64.StdEncoding.EncodeToString([]byte(id + ":token"))
}

// token is ex's current checkpoint token. Callers hold f.mu.
func (ex *durableExec) token() string {
	if ex.checkpoints == 0 {
		return checkpointToken(ex.id)
	}
	return base64.StdEncoding.EncodeToString([]byte(ex.id + ":token" + strconv.Itoa(ex.checkpoints)))
}

// tokenOf says whether tok is one of ex's checkpoint tokens, current or past.
func (ex *durableExec) tokenOf(tok string) bool {
	b, err := base64.StdEncoding.DecodeString(tok)
	return err == nil && strings.HasPrefix(string(b), ex.id+":token")
}

// ExecutionARN is the durable execution's ARN.
func (c *DurableContext) ExecutionARN() string { return c.ex.arn }

// op returns the operation at the next position, creating it with typ and
// name when new (created is then true).
func (c *DurableContext) op(typ, name string) (op *durableOp, created bool, err error) {
	c.next++
	id := strconv.Itoa(c.next)
	if op := c.ex.byID[id]; op != nil {
		if op.typ != typ || op.name != name {
			return nil, false, &DurableError{Type: "NonDeterministicExecution",
				Message: fmt.Sprintf("operation %s replayed as %s %q, recorded as %s %q", id, typ, name, op.typ, op.name)}
		}
		return op, false, nil
	}
	op = &durableOp{id: id, name: name, typ: typ, status: "STARTED", start: c.now}
	if typ == "STEP" {
		c.ex.event("StepStarted", op, c.now, map[string]any{})
	}
	c.ex.ops = append(c.ex.ops, op)
	c.ex.byID[id] = op
	return op, true, nil
}

func (c *DurableContext) outcome(op *durableOp) ([]byte, error) {
	switch op.status {
	case "SUCCEEDED":
		return bytes.Clone(op.result), nil
	case "STARTED":
		c.suspended = true
		return nil, ErrSuspended
	}
	return nil, &DurableError{Type: op.errType, Message: op.errMsg}
}

// Step runs fn once and records its result; on replay it returns the
// recorded result (or error) without running fn again. An error from fn
// fails the step (no retries yet).
func (c *DurableContext) Step(name string, fn func() ([]byte, error)) ([]byte, error) {
	c.f.mu.Lock()
	if c.suspended {
		c.f.mu.Unlock()
		return nil, ErrSuspended
	}
	op, created, err := c.op("STEP", name)
	if err != nil || !created {
		defer c.f.mu.Unlock()
		if err != nil {
			return nil, err
		}
		return c.outcome(op)
	}
	c.f.mu.Unlock()
	out, ferr := fn()
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	op.end = c.now
	retry := map[string]any{"CurrentAttempt": 1}
	if ferr != nil {
		op.status, op.errType, op.errMsg = "FAILED", errorType(ferr), ferr.Error()
		var de *DurableError
		if errors.As(ferr, &de) {
			op.errMsg = de.Message
		}
		c.ex.event("StepFailed", op, c.now, map[string]any{"Error": eventError(op.errType, op.errMsg), "RetryDetails": retry})
	} else {
		op.status, op.result = "SUCCEEDED", bytes.Clone(out)
		c.ex.event("StepSucceeded", op, c.now, map[string]any{"Result": durablePayload(out), "RetryDetails": retry})
	}
	return c.outcome(op)
}

// Wait suspends the execution for d (whole seconds, at least one) on the
// fake's clock. It returns nil once the wait is over (on the replay that
// follows it), ErrSuspended before.
func (c *DurableContext) Wait(name string, d time.Duration) error {
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	if c.suspended {
		return ErrSuspended
	}
	op, created, err := c.op("WAIT", name)
	if err != nil {
		return err
	}
	if created {
		secs := max(int64((d+time.Second-1)/time.Second), 1)
		op.waitEnd = c.now.Add(time.Duration(secs) * time.Second)
		c.ex.event("WaitStarted", op, c.now, map[string]any{"Duration": secs, "ScheduledEndTimestamp": epoch(op.waitEnd)})
	}
	_, err = c.outcome(op)
	return err
}

// WaitForCallback creates a callback and waits for its answer: submit (may
// be nil) receives the callback ID once, when the callback is created, to
// hand it to whoever answers with SendDurableExecutionCallbackSuccess or
// SendDurableExecutionCallbackFailure (a test can also read it with
// OpenCallbacks). It returns the success Result, a *DurableError for a
// failure, or ErrSuspended while unanswered.
//
// Options set the callback's Timeout and HeartbeatTimeout: past either
// deadline on the fake's clock, RunDurable times the callback out (at the
// deadline) and WaitForCallback returns a *DurableError of type
// "Callback.Timeout" or "Callback.HeartbeatTimeout";
// SendDurableExecutionCallbackHeartbeat moves the heartbeat deadline.
func (c *DurableContext) WaitForCallback(name string, submit func(callbackID string) error, opts ...CallbackOption) ([]byte, error) {
	c.f.mu.Lock()
	if c.suspended {
		c.f.mu.Unlock()
		return nil, ErrSuspended
	}
	op, created, err := c.op("CALLBACK", name)
	if err != nil {
		c.f.mu.Unlock()
		return nil, err
	}
	if created {
		op.callbackID = base64.StdEncoding.EncodeToString([]byte(c.ex.id + ":" + op.id))
		c.f.inv.callbacks()[op.callbackID] = c.ex
		var o callbackOptions
		for _, opt := range opts {
			opt(&o)
		}
		started := map[string]any{"CallbackId": op.callbackID}
		if o.timeout > 0 {
			op.timeoutAt = c.now.Add(o.timeout)
			started["Timeout"] = int64(o.timeout / time.Second)
		}
		if o.heartbeat > 0 {
			op.heartbeat, op.heartbeatAt = o.heartbeat, c.now.Add(o.heartbeat)
			started["HeartbeatTimeout"] = int64(o.heartbeat / time.Second)
		}
		c.ex.event("CallbackStarted", op, c.now, started)
	}
	id := op.callbackID
	c.f.mu.Unlock()
	if created && submit != nil {
		if err := submit(id); err != nil {
			c.f.mu.Lock()
			op.status, op.errType, op.errMsg, op.end = "FAILED", errorType(err), err.Error(), c.now
			c.ex.event("CallbackFailed", op, c.now, map[string]any{"Error": eventError(op.errType, op.errMsg)})
			delete(c.f.inv.durable.callbacks, id)
			c.f.mu.Unlock()
		}
	}
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	return c.outcome(op)
}

func errorMessage(err error) string {
	var de *DurableError
	if errors.As(err, &de) {
		return de.Message
	}
	return err.Error()
}

func errorType(err error) string {
	var de *DurableError
	if errors.As(err, &de) && de.Type != "" {
		return de.Type
	}
	return "Error"
}

// durables is the fake's durable functions and executions, in f.inv
// (guarded by f.mu; Reset forgets them).
type durables struct {
	handlers  map[handlerKey]DurableHandler
	execs     []*durableExec          // in start order
	byARN     map[string]*durableExec // execution ARN
	byName    map[string]*durableExec // account|region|function|name
	callbacks map[string]*durableExec // open callback ID
	seq       int
}

func (iv *invocations) dur() *durables {
	if iv.durable == nil {
		iv.durable = &durables{handlers: map[handlerKey]DurableHandler{}, byARN: map[string]*durableExec{},
			byName: map[string]*durableExec{}, callbacks: map[string]*durableExec{}}
	}
	return iv.durable
}

func (iv *invocations) callbacks() map[string]*durableExec { return iv.dur().callbacks }

type durableExec struct {
	account, region, function string
	arn, name, id, fnARN      string
	version                   string
	input                     []byte
	status                    string
	result                    []byte
	errType, errMsg           string
	start, end                time.Time
	ops                       []*durableOp
	byID                      map[string]*durableOp
	handler                   DurableHandler
	running, dirty            bool
	seq                       int
	events                    []durableEvent // the history, in order
	invocations               int
	checkpoints               int // CheckpointDurableExecution calls applied
}

// durableEvent is one event of an execution's history
// (GetDurableExecutionHistory).
type durableEvent struct {
	typ, subType, id, name string
	at                     time.Time
	details                map[string]any // the <EventType>Details member
}

// event appends an event to ex's history. Callers hold f.mu.
func (ex *durableExec) event(typ string, op *durableOp, at time.Time, details map[string]any) {
	ev := durableEvent{typ: typ, at: at, details: details}
	if op != nil {
		ev.id, ev.name = op.id, op.name
		ev.subType = map[string]string{"STEP": "Step", "WAIT": "Wait", "CALLBACK": "Callback"}[op.typ]
	} else {
		ev.id, ev.name = ex.id, ex.name
	}
	ex.events = append(ex.events, ev)
}

func durablePayload(b []byte) map[string]any {
	return map[string]any{"Payload": string(b), "Truncated": false}
}

func eventError(typ, msg string) map[string]any {
	return map[string]any{"Payload": durableErrorObject{ErrorType: typ, ErrorMessage: msg}, "Truncated": false}
}

type durableOp struct {
	id, name, typ, status string
	start, end, waitEnd   time.Time
	result                []byte
	errType, errMsg       string
	callbackID            string
	// a callback's deadlines (zero: none) and heartbeat timeout
	timeoutAt, heartbeatAt time.Time
	heartbeat              time.Duration
}

// CallbackOption configures WaitForCallback.
type CallbackOption func(*callbackOptions)

type callbackOptions struct{ timeout, heartbeat time.Duration }

// CallbackTimeout times the callback out d after it started (whole seconds).
func CallbackTimeout(d time.Duration) CallbackOption {
	return func(o *callbackOptions) { o.timeout = d.Truncate(time.Second) }
}

// CallbackHeartbeatTimeout times the callback out when no heartbeat (or
// answer) came for d (whole seconds).
func CallbackHeartbeatTimeout(d time.Duration) CallbackOption {
	return func(o *callbackOptions) { o.heartbeat = d.Truncate(time.Second) }
}

// deadline is op's next deadline and what it is ("" when none): a wait's
// end or a callback's timeout.
func (op *durableOp) deadline() (time.Time, string) {
	if op.status != "STARTED" {
		return time.Time{}, ""
	}
	switch op.typ {
	case "WAIT":
		return op.waitEnd, "wait"
	case "CALLBACK":
		at, kind := op.timeoutAt, "Callback.Timeout"
		if !op.heartbeatAt.IsZero() && (at.IsZero() || op.heartbeatAt.Before(at)) {
			at, kind = op.heartbeatAt, "Callback.HeartbeatTimeout"
		}
		if !at.IsZero() {
			return at, kind
		}
	}
	return time.Time{}, ""
}

// SetDurableHandler makes function (a name or ARN, maybe qualified) a
// durable function whose code is h: Invoke starts a durable execution
// running h instead of calling a Handler. A nil h removes it.
func (f *Fake) SetDurableHandler(function string, h DurableHandler) {
	account, region, name, q := f.scope(function, "")
	f.mu.Lock()
	defer f.mu.Unlock()
	k := handlerKey{account, region, name, q}
	if h == nil {
		delete(f.inv.dur().handlers, k)
		return
	}
	f.inv.dur().handlers[k] = h
}

func (iv *invocations) durableFor(account, region, name, invoked, version string) DurableHandler {
	if iv.durable == nil {
		return nil
	}
	for _, q := range [...]string{invoked, version, ""} {
		if h := iv.durable.handlers[handlerKey{account, region, name, q}]; h != nil {
			return h
		}
	}
	return nil
}

// OpenCallback is a callback a durable execution waits for.
type OpenCallback struct {
	CallbackID, Name, OperationID string
}

// OpenCallbacks lists the open callbacks of the execution arn, in creation order.
func (f *Fake) OpenCallbacks(arn string) []OpenCallback {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []OpenCallback
	if f.inv.durable == nil {
		return nil
	}
	ex := f.inv.durable.byARN[arn]
	if ex == nil {
		return nil
	}
	for _, op := range ex.ops {
		if op.typ == "CALLBACK" && op.status == "STARTED" {
			out = append(out, OpenCallback{op.callbackID, op.name, op.id})
		}
	}
	return out
}

const durSuspendedType = "fakelambda.DurableSyncSuspended"

// invokeDurable starts (or finds, by name) a durable execution and runs its
// first invocation inline. Callers hold f.mu; it releases it.
func (f *Fake) invokeDurable(rq *request, r *state.Region, t state.Target, version, invType string, payload []byte, h DurableHandler) *response {
	d := f.inv.dur()
	name := rq.r.Header.Get("X-Amz-Durable-Execution-Name")
	if name != "" {
		var v validation
		v.text("durableExecutionName", name, 1, 64, `[a-zA-Z0-9-_]+`, validDurableName)
		if e := v.err(); e != nil {
			f.mu.Unlock()
			return fail(e)
		}
	}
	id := durableID(rq.account, rq.region, t.Function, d.seq+1)
	if name == "" {
		name = id
	}
	key := rq.account + "|" + rq.region + "|" + t.Function + "|" + name
	ex := d.byName[key]
	if ex != nil {
		if !bytes.Equal(ex.input, payload) {
			f.mu.Unlock()
			return fail(&APIError{Code: "DurableExecutionAlreadyStartedException", StatusCode: 409, Type: "User",
				Message: "The durable execution with the specified name has already been started. Each durable execution name must be unique within the function."})
		}
	} else {
		d.seq++
		fnARN := r.QualifiedARN(t.Function, version)
		ex = &durableExec{account: rq.account, region: rq.region, function: t.Function, name: name, id: id,
			fnARN: fnARN, arn: fnARN + "/durable-execution/" + name + "/" + id, version: version,
			input: bytes.Clone(payload), status: durRunning, start: rq.now, byID: map[string]*durableOp{}, handler: h, seq: d.seq}
		ex.event("ExecutionStarted", nil, rq.now, map[string]any{"Input": durablePayload(payload), "ExecutionTimeout": durableExecutionTimeout})
		d.execs = append(d.execs, ex)
		d.byARN[ex.arn] = ex
		d.byName[key] = ex
		f.mu.Unlock()
		f.runExecution(rq.r.Context(), ex, rq.now)
		f.mu.Lock()
	}
	resp := &response{status: http.StatusOK, header: map[string]string{
		"Content-Type": "application/json", "X-Amz-Executed-Version": ex.version, "X-Amz-Durable-Execution-Arn": ex.arn}}
	switch {
	case invType == "Event":
		resp.status = http.StatusAccepted
		delete(resp.header, "Content-Type")
	case ex.status == durSucceeded:
		resp.raw = bytes.Clone(ex.result)
	case ex.status == durRunning:
		resp.raw = []byte(`{"errorType":"` + durSuspendedType + `","errorMessage":"The durable execution suspended; the fake answers a synchronous Invoke at the first suspension."}`)
		resp.header["X-Amz-Function-Error"] = "Unhandled"
	default:
		resp.raw = handlerOutcome{errType: ex.errType, errMsg: ex.errMsg}.errorBody()
		resp.header["X-Amz-Function-Error"] = "Unhandled"
	}
	f.mu.Unlock()
	return resp
}

func validDurableName(s string) bool {
	for _, c := range s {
		if !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// durableID is a deterministic execution id.
func durableID(account, region, function string, seq int) string {
	sum := sha256.Sum256([]byte(account + "|" + region + "|" + function + "|" + strconv.Itoa(seq)))
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// runExecution invokes ex's handler at simulated time sim until it
// completes or suspends with nothing new to replay. Called without f.mu.
func (f *Fake) runExecution(ctx context.Context, ex *durableExec, sim time.Time) {
	for range 1000 {
		f.mu.Lock()
		if ex.status != durRunning || ex.running {
			if ex.running {
				ex.dirty = true
			}
			f.mu.Unlock()
			return
		}
		ex.running, ex.dirty = true, false
		h, input := ex.handler, bytes.Clone(ex.input)
		f.mu.Unlock()
		dc := &DurableContext{f: f, ex: ex, now: sim}
		out, err := callDurable(h, dc, input)
		f.mu.Lock()
		ex.running = false
		again := false
		if ex.status == durRunning {
			ex.invocations++
			done := map[string]any{"StartTimestamp": epoch(sim), "EndTimestamp": epoch(sim),
				"RequestId": durableID(ex.id, "", "", ex.invocations)}
			if !dc.suspended && !errors.Is(err, ErrSuspended) && err != nil {
				done["Error"] = eventError(errorType(err), errorMessage(err))
			}
			ex.event("InvocationCompleted", nil, sim, done)
			switch {
			case dc.suspended || errors.Is(err, ErrSuspended):
				again = ex.dirty
			case err != nil:
				ex.status, ex.errType, ex.errMsg, ex.end = durFailed, errorType(err), err.Error(), sim
				var de *DurableError
				if errors.As(err, &de) {
					ex.errMsg = de.Message
				}
				ex.event("ExecutionFailed", nil, sim, map[string]any{"Error": eventError(ex.errType, ex.errMsg)})
			default:
				ex.status, ex.result, ex.end = durSucceeded, bytes.Clone(out), sim
				ex.event("ExecutionSucceeded", nil, sim, map[string]any{"Result": durablePayload(out)})
			}
			if ex.status != durRunning {
				f.closeCallbacks(ex)
			}
		}
		f.mu.Unlock()
		if !again || ctx.Err() != nil {
			return
		}
	}
}

func callDurable(h DurableHandler, dc *DurableContext, input []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, &DurableError{Type: "Runtime.Panic", Message: fmt.Sprint(p)}
		}
	}()
	return h(dc, input)
}

// closeCallbacks forgets ex's open callbacks (CANCELLED when still open
// as the execution ends). Callers hold f.mu.
func (f *Fake) closeCallbacks(ex *durableExec) {
	for _, op := range ex.ops {
		if op.callbackID != "" {
			delete(f.inv.durable.callbacks, op.callbackID)
			if op.status == "STARTED" { // the execution ended: nobody waits any more
				op.status, op.end = "CANCELLED", ex.end
			}
		}
	}
}

// RunDurable completes every durable wait whose end has passed on the
// fake's clock, in order of scheduled end, each at its own scheduled time,
// and re-runs the executions they belong to on the calling goroutine (a
// wait scheduled by a re-run that is already due completes too). It
// returns how many handler runs it made. RunQueued calls it.
func (f *Fake) RunDurable(ctx context.Context) int {
	ran := 0
	for ctx.Err() == nil {
		f.mu.Lock()
		now := f.now()
		var best *durableExec
		var bestOp *durableOp
		var bestAt time.Time
		var bestKind string
		if f.inv.durable != nil {
			for _, ex := range f.inv.durable.execs {
				if ex.status != durRunning || ex.running {
					continue
				}
				for _, op := range ex.ops {
					if at, kind := op.deadline(); kind != "" && !at.After(now) && (bestOp == nil || at.Before(bestAt)) {
						best, bestOp, bestAt, bestKind = ex, op, at, kind
					}
				}
			}
		}
		if bestOp == nil {
			f.mu.Unlock()
			return ran
		}
		if bestKind == "wait" {
			bestOp.status, bestOp.end = "SUCCEEDED", bestAt
			best.event("WaitSucceeded", bestOp, bestAt, map[string]any{"Duration": int64(bestOp.waitEnd.Sub(bestOp.start) / time.Second)})
		} else {
			msg := "Callback timed out"
			if bestKind == "Callback.HeartbeatTimeout" {
				msg = "Callback heartbeat timed out"
			}
			bestOp.status, bestOp.end, bestOp.errType, bestOp.errMsg = "TIMED_OUT", bestAt, bestKind, msg
			delete(f.inv.durable.callbacks, bestOp.callbackID)
			best.event("CallbackTimedOut", bestOp, bestAt, map[string]any{"Error": eventError(bestKind, msg)})
			best.dirty = true
		}
		sim := bestAt
		f.mu.Unlock()
		f.runExecution(ctx, best, sim)
		ran++
	}
	return ran
}

// durableExecOf finds the execution of the {DurableExecutionArn} label in
// rq's account and region. Callers hold f.mu.
func (f *Fake) durableExecOf(rq *request) (*durableExec, *APIError) {
	arn := rq.label("DurableExecutionArn")
	if f.inv.durable != nil {
		if ex := f.inv.durable.byARN[arn]; ex != nil && ex.account == rq.account && ex.region == rq.region {
			return ex, nil
		}
	}
	return nil, errNotFound("Durable execution not found: " + arn)
}

type durableErrorObject struct {
	ErrorMessage string   `json:",omitempty"`
	ErrorType    string   `json:",omitempty"`
	ErrorData    string   `json:",omitempty"`
	StackTrace   []string `json:",omitempty"`
}

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

type durableExecutionOut struct {
	DurableExecutionArn   string
	DurableExecutionName  string
	FunctionArn           string
	InputPayload          *string             `json:",omitempty"`
	Result                *string             `json:",omitempty"`
	Error                 *durableErrorObject `json:",omitempty"`
	StartTimestamp        float64
	Status                string
	EndTimestamp          *float64 `json:",omitempty"`
	Version               string
	ExecutionDataIncluded bool
}

func (f *Fake) getDurableExecution(rq *request) *response {
	ex, e := f.durableExecOf(rq)
	if e != nil {
		return fail(e)
	}
	include := true
	if v, ok := rq.query("IncludeExecutionData"); ok && strings.EqualFold(v, "false") {
		include = false
	}
	out := durableExecutionOut{DurableExecutionArn: ex.arn, DurableExecutionName: ex.name, FunctionArn: ex.fnARN,
		StartTimestamp: epoch(ex.start), Status: ex.status, Version: ex.version, ExecutionDataIncluded: include}
	if !ex.end.IsZero() {
		end := epoch(ex.end)
		out.EndTimestamp = &end
	}
	if ex.errType != "" {
		out.Error = &durableErrorObject{ErrorMessage: ex.errMsg, ErrorType: ex.errType}
	}
	if include {
		in := string(ex.input)
		out.InputPayload = &in
		if ex.status == durSucceeded {
			res := string(ex.result)
			out.Result = &res
		}
	}
	return answer(200, out)
}

type durableListItem struct {
	DurableExecutionArn  string
	DurableExecutionName string
	FunctionArn          string
	Status               string
	StartTimestamp       float64
	EndTimestamp         *float64 `json:",omitempty"`
}

func (f *Fake) listDurableExecutionsByFunction(rq *request) *response {
	var v validation
	name, q, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	if qp, ok := rq.query("Qualifier"); ok {
		if q != "" && q != qp {
			return fail(errInvalidParam("The derived qualifier from the function name does not match the specified qualifier."))
		}
		q = qp
	}
	r := f.regionOf(rq)
	if _, se := r.Resolve(name, q, state.Lookup{}); se != nil {
		return failState(se)
	}
	vals := rq.values()
	statuses := vals["Statuses"]
	exName := vals.Get("DurableExecutionName")
	var after, before time.Time
	if s := vals.Get("StartedAfter"); s != "" {
		after, _ = parseEpoch(s)
	}
	if s := vals.Get("StartedBefore"); s != "" {
		before, _ = parseEpoch(s)
	}
	var items []*durableExec
	if f.inv.durable != nil {
		for _, ex := range f.inv.durable.execs {
			if ex.account != rq.account || ex.region != rq.region || ex.function != name {
				continue
			}
			if q != "" && ex.version != q && r.QualifiedARN(name, q) != ex.fnARN {
				if t, se := r.Resolve(name, q, state.Lookup{}); se != nil || t.Version != ex.version {
					continue
				}
			}
			if len(statuses) > 0 && !containsStr(statuses, ex.status) || exName != "" && ex.name != exName ||
				!after.IsZero() && !ex.start.After(after) || !before.IsZero() && !ex.start.Before(before) {
				continue
			}
			items = append(items, ex)
		}
	}
	sort.SliceStable(items, func(i, j int) bool { // newest first
		if !items[i].start.Equal(items[j].start) {
			return items[i].start.After(items[j].start)
		}
		return items[i].seq > items[j].seq
	})
	if strings.EqualFold(vals.Get("ReverseOrder"), "true") {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
	}
	start, end, next, e := durablePage(vals, len(items))
	if e != nil {
		return fail(e)
	}
	out := struct {
		DurableExecutions []durableListItem
		NextMarker        *string `json:",omitempty"`
	}{DurableExecutions: []durableListItem{}}
	for _, ex := range items[start:end] {
		it := durableListItem{ex.arn, ex.name, ex.fnARN, ex.status, epoch(ex.start), nil}
		if !ex.end.IsZero() {
			e := epoch(ex.end)
			it.EndTimestamp = &e
		}
		out.DurableExecutions = append(out.DurableExecutions, it)
	}
	out.NextMarker = next
	return answer(200, out)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseEpoch reads a query timestamp: epoch seconds or RFC 3339.
func parseEpoch(s string) (time.Time, bool) {
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return time.UnixMilli(int64(x * 1000)).UTC(), true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

func (f *Fake) stopDurableExecution(rq *request) *response {
	var in durableErrorObject
	if len(rq.body) > 0 {
		if e := decode(rq, &in); e != nil {
			return fail(e)
		}
	}
	ex, e := f.durableExecOf(rq)
	if e != nil {
		return fail(e)
	}
	if ex.status != durRunning {
		return fail(errInvalidParam("The durable execution is not running: " + ex.status))
	}
	ex.status, ex.end = durStopped, rq.now
	ex.errType, ex.errMsg = in.ErrorType, in.ErrorMessage
	stopped := map[string]any{}
	if in.ErrorType != "" || in.ErrorMessage != "" {
		stopped["Error"] = eventError(in.ErrorType, in.ErrorMessage)
	}
	ex.event("ExecutionStopped", nil, rq.now, stopped)
	for _, op := range ex.ops {
		if op.status == "STARTED" {
			op.status, op.end = "STOPPED", rq.now
		}
	}
	f.closeCallbacks(ex)
	return answer(200, struct{ StopTimestamp float64 }{epoch(rq.now)})
}

func errCallbackTimeout() *APIError {
	return &APIError{Code: "CallbackTimeoutException", StatusCode: 400, Type: "User",
		Message: "The callback ID token has either expired or the callback associated with the token has already been closed."}
}

// openCallback finds the open callback of the {CallbackId} label. Callers hold f.mu.
func (f *Fake) openCallback(rq *request) (*durableExec, *durableOp, *APIError) {
	id := rq.label("CallbackId")
	if f.inv.durable != nil {
		if ex := f.inv.durable.callbacks[id]; ex != nil && ex.account == rq.account && ex.region == rq.region && ex.status == durRunning {
			for _, op := range ex.ops {
				if op.callbackID == id && op.status == "STARTED" {
					if at, kind := op.deadline(); kind != "" && !at.After(rq.now) {
						break // past its deadline: timed out (RunDurable records it)
					}
					return ex, op, nil
				}
			}
		}
	}
	return nil, nil, errCallbackTimeout()
}

// sendCallback answers a callback and re-runs its execution inline. An
// unlocked operation.
func (f *Fake) sendCallback(rq *request, succeed bool) *response {
	var in durableErrorObject
	if !succeed && len(rq.body) > 0 {
		if e := decode(rq, &in); e != nil {
			return fail(e)
		}
	}
	f.mu.Lock()
	ex, op, e := f.openCallback(rq)
	if e != nil {
		f.mu.Unlock()
		return fail(e)
	}
	op.end = rq.now
	if succeed {
		op.status, op.result = "SUCCEEDED", bytes.Clone(rq.body)
		ex.event("CallbackSucceeded", op, rq.now, map[string]any{"Result": durablePayload(rq.body)})
	} else {
		op.status, op.errType, op.errMsg = "FAILED", in.ErrorType, in.ErrorMessage
		ex.event("CallbackFailed", op, rq.now, map[string]any{"Error": eventError(in.ErrorType, in.ErrorMessage)})
	}
	delete(f.inv.durable.callbacks, op.callbackID)
	ex.dirty = true
	f.mu.Unlock()
	f.runExecution(rq.r.Context(), ex, rq.now)
	return answer(200, struct{}{}) // an empty output: {}
}

func (f *Fake) sendDurableExecutionCallbackSuccess(rq *request) *response {
	return f.sendCallback(rq, true)
}
func (f *Fake) sendDurableExecutionCallbackFailure(rq *request) *response {
	return f.sendCallback(rq, false)
}

func (f *Fake) sendDurableExecutionCallbackHeartbeat(rq *request) *response {
	_, op, e := f.openCallback(rq)
	if e != nil {
		return fail(e)
	}
	if op.heartbeat > 0 {
		op.heartbeatAt = rq.now.Add(op.heartbeat)
	}
	return answer(200, struct{}{}) // an empty output: {}
}

// durableExecutionTimeout is ExecutionStartedDetails.ExecutionTimeout, in
// seconds: the fake does not keep DurableConfig yet, nor time executions out.
const durableExecutionTimeout = 86400

// GetDurableExecutionHistory: the execution's events, oldest first
// (ReverseOrder: newest first), paged by MaxItems (default and most 1000).
// IncludeExecutionData=false leaves out the payloads.
func (f *Fake) getDurableExecutionHistory(rq *request) *response {
	ex, e := f.durableExecOf(rq)
	if e != nil {
		return fail(e)
	}
	vals := rq.values()
	include := !strings.EqualFold(vals.Get("IncludeExecutionData"), "false")
	evs := ex.events
	order := make([]int, len(evs))
	for i := range order {
		order[i] = i
	}
	if strings.EqualFold(vals.Get("ReverseOrder"), "true") {
		for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
			order[i], order[j] = order[j], order[i]
		}
	}
	start, end, next, e := durablePage(vals, len(order))
	if e != nil {
		return fail(e)
	}
	out := struct {
		Events     []map[string]any
		NextMarker *string `json:",omitempty"`
	}{Events: []map[string]any{}}
	for _, i := range order[start:end] {
		ev := evs[i]
		m := map[string]any{"EventType": ev.typ, "EventId": i + 1, "Id": ev.id, "Name": ev.name, "EventTimestamp": epoch(ev.at)}
		if ev.subType != "" {
			m["SubType"] = ev.subType
		}
		details := map[string]any{}
		for k, v := range ev.details {
			if !include && (k == "Input" || k == "Result") {
				continue
			}
			details[k] = v
		}
		m[ev.typ+"Details"] = details
		out.Events = append(out.Events, m)
	}
	out.NextMarker = next
	return answer(200, out)
}

// GetDurableExecutionState: the execution's operations, the EXECUTION
// operation first, then the others in the order they started. The
// CheckpointToken must be one of the execution's (any: the fake does not
// rotate tokens until CheckpointDurableExecution is served).
func (f *Fake) getDurableExecutionState(rq *request) *response {
	tok, _ := rq.query("CheckpointToken")
	arn := rq.label("DurableExecutionArn")
	var ex *durableExec
	if f.inv.durable != nil {
		ex = f.inv.durable.byARN[arn]
	}
	if ex == nil || ex.account != rq.account || ex.region != rq.region || !ex.tokenOf(tok) {
		return fail(errInvalidParam("Invalid checkpoint token."))
	}
	ops := ex.operations()
	vals := rq.values()
	start, end, next, e := durablePage(vals, len(ops))
	if e != nil {
		return fail(e)
	}
	out := struct {
		Operations []map[string]any
		NextMarker *string `json:",omitempty"`
	}{Operations: ops[start:end]}
	out.NextMarker = next
	return answer(200, out)
}

// operations is ex's operations as the state and checkpoint answers give
// them. Callers hold f.mu.
func (ex *durableExec) operations() []map[string]any {
	execStatus := map[string]string{durRunning: "STARTED", durSucceeded: "SUCCEEDED", durFailed: "FAILED", durStopped: "STOPPED"}[ex.status]
	first := map[string]any{"Id": ex.id, "Name": ex.name, "Type": "EXECUTION", "StartTimestamp": epoch(ex.start), "Status": execStatus,
		"ExecutionDetails": map[string]any{"InputPayload": string(ex.input)}}
	if !ex.end.IsZero() {
		first["EndTimestamp"] = epoch(ex.end)
	}
	ops := []map[string]any{first}
	for _, op := range ex.ops {
		m := map[string]any{"Id": op.id, "Name": op.name, "Type": op.typ, "StartTimestamp": epoch(op.start), "Status": op.status}
		m["SubType"] = map[string]string{"STEP": "Step", "WAIT": "Wait", "CALLBACK": "Callback"}[op.typ]
		if !op.end.IsZero() {
			m["EndTimestamp"] = epoch(op.end)
		}
		det := map[string]any{}
		if op.status == "SUCCEEDED" && op.typ != "WAIT" {
			det["Result"] = string(op.result)
		}
		if op.errType != "" || op.errMsg != "" {
			det["Error"] = durableErrorObject{ErrorType: op.errType, ErrorMessage: op.errMsg}
		}
		switch op.typ {
		case "STEP":
			det["Attempt"] = 1
			m["StepDetails"] = det
		case "WAIT":
			m["WaitDetails"] = map[string]any{"ScheduledEndTimestamp": epoch(op.waitEnd)}
		case "CALLBACK":
			det["CallbackId"] = op.callbackID
			m["CallbackDetails"] = det
		}
		ops = append(ops, m)
	}
	return ops
}

// operationUpdate is one of CheckpointDurableExecution's Updates.
type operationUpdate struct {
	Id, ParentId, Name, Type, SubType, Action, Payload string
	Error                                              *durableErrorObject
	WaitOptions                                        *struct{ WaitSeconds int64 }
}

// CheckpointDurableExecution: what an SDK inside the function sends. The
// token must be the execution's current one (a stale or foreign token is
// InvalidParameterValueException); the updates are applied atomically
// (any invalid one refuses them all); the answer carries the next token and
// the execution's operations. The fake applies START, SUCCEED and FAIL of
// STEP operations, START of WAIT operations (RunDurable completes them) and
// SUCCEED and FAIL of the EXECUTION (the execution's outcome).
func (f *Fake) checkpointDurableExecution(rq *request) *response {
	var in struct {
		CheckpointToken string
		Updates         []operationUpdate
		ClientToken     string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	arn := rq.label("DurableExecutionArn")
	var ex *durableExec
	if f.inv.durable != nil {
		ex = f.inv.durable.byARN[arn]
	}
	if ex == nil || ex.account != rq.account || ex.region != rq.region || in.CheckpointToken != ex.token() {
		return fail(errInvalidParam("Invalid checkpoint token."))
	}
	if ex.status != durRunning {
		return fail(errInvalidParam("The durable execution is not running: " + ex.status))
	}
	seen := map[string]bool{}
	for _, u := range in.Updates {
		op := ex.byID[u.Id]
		ok := false
		switch u.Type + " " + u.Action {
		case "STEP START", "WAIT START":
			ok = op == nil && !seen[u.Id] && (u.Type != "WAIT" || u.WaitOptions != nil && u.WaitOptions.WaitSeconds >= 1)
		case "STEP SUCCEED", "STEP FAIL":
			ok = op == nil || op.typ == "STEP" && op.status == "STARTED"
		case "EXECUTION SUCCEED", "EXECUTION FAIL":
			ok = true
		}
		if !ok {
			return fail(errInvalidParam(fmt.Sprintf("Invalid operation update: %s %s of operation %s.", u.Action, u.Type, u.Id)))
		}
		seen[u.Id] = true
	}
	for _, u := range in.Updates {
		op := ex.byID[u.Id]
		if op == nil && u.Type != "EXECUTION" {
			op = &durableOp{id: u.Id, name: u.Name, typ: u.Type, status: "STARTED", start: rq.now}
			ex.ops = append(ex.ops, op)
			ex.byID[u.Id] = op
			if u.Type == "STEP" {
				ex.event("StepStarted", op, rq.now, map[string]any{})
			}
		}
		var errType, errMsg string
		if u.Error != nil {
			errType, errMsg = u.Error.ErrorType, u.Error.ErrorMessage
		}
		switch u.Type + " " + u.Action {
		case "WAIT START":
			op.waitEnd = rq.now.Add(time.Duration(u.WaitOptions.WaitSeconds) * time.Second)
			ex.event("WaitStarted", op, rq.now, map[string]any{"Duration": u.WaitOptions.WaitSeconds, "ScheduledEndTimestamp": epoch(op.waitEnd)})
		case "STEP SUCCEED":
			op.status, op.result, op.end = "SUCCEEDED", []byte(u.Payload), rq.now
			ex.event("StepSucceeded", op, rq.now, map[string]any{"Result": durablePayload(op.result), "RetryDetails": map[string]any{"CurrentAttempt": 1}})
		case "STEP FAIL":
			op.status, op.errType, op.errMsg, op.end = "FAILED", errType, errMsg, rq.now
			ex.event("StepFailed", op, rq.now, map[string]any{"Error": eventError(errType, errMsg), "RetryDetails": map[string]any{"CurrentAttempt": 1}})
		case "EXECUTION SUCCEED":
			ex.status, ex.result, ex.end = durSucceeded, []byte(u.Payload), rq.now
			ex.event("ExecutionSucceeded", nil, rq.now, map[string]any{"Result": durablePayload(ex.result)})
		case "EXECUTION FAIL":
			ex.status, ex.errType, ex.errMsg, ex.end = durFailed, errType, errMsg, rq.now
			ex.event("ExecutionFailed", nil, rq.now, map[string]any{"Error": eventError(errType, errMsg)})
		}
		if ex.status != durRunning {
			f.closeCallbacks(ex)
			break
		}
	}
	ex.checkpoints++
	return answer(200, struct {
		CheckpointToken   string
		NewExecutionState struct{ Operations []map[string]any }
	}{ex.token(), struct{ Operations []map[string]any }{ex.operations()}})
}

// durablePage reads the durable operations' paging: Marker is the offset of
// the first item (an opaque string to callers), MaxItems 1..1000 (1000 when
// absent or out of range). next is the marker of the following page, nil on
// the last.
func durablePage(vals url.Values, n int) (start, end int, next *string, e *APIError) {
	if m := vals.Get("Marker"); m != "" {
		i, err := strconv.Atoi(m)
		if err != nil || i < 0 || i > n {
			return 0, 0, nil, errInvalidParam("Invalid marker: " + m)
		}
		start = i
	}
	maxItems := 1000
	if s := vals.Get("MaxItems"); s != "" {
		if i, err := strconv.Atoi(s); err == nil && i > 0 && i < maxItems {
			maxItems = i
		}
	}
	end = min(start+maxItems, n)
	if end < n {
		mk := strconv.Itoa(end)
		next = &mk
	}
	return start, end, next, nil
}

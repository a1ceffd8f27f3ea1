package fakelambda

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/durable"
	"github.com/fakeaws/lambda/fakelambda/internal/durablerun"
	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Durable executions (Lambda durable functions).
//
// A function is durable when it has a DurableConfig (CreateFunction,
// FunctionSpec) or a durable handler (SetDurableHandler). Invoking it
// (qualified: a version, an alias or $LATEST, as AWS demands) starts a
// durable execution, answered with its ARN in X-Amz-Durable-Execution-Arn;
// the name in X-Amz-Durable-Execution-Name makes the start idempotent (the
// same name and payload answer the same execution; another payload is
// DurableExecutionAlreadyStartedException).
//
// The function's code is a durable.Function (package durable: Step, Wait,
// WaitForCallback, Invoke, RunInChildContext, Parallel, Map, ...), or a
// plain Handler that gets the invocation envelope JSON the service sends
// ({"DurableExecutionArn","CheckpointToken","InitialExecutionState":{...}})
// and answers {"Status":"SUCCEEDED"|"FAILED"|"PENDING",...}, checkpointing
// through CheckpointDurableExecution as an SDK in another language would.
// A durable function with neither succeeds at once with the result null.
//
// Time: nothing runs in the background. Every deadline (a wait's end, a
// step retry, a callback's timeout or heartbeat, the execution's timeout,
// the end of its retention) fires when a request to the fake (any
// operation) or RunDurable sees the fake's clock past it: due deadlines
// fire in order, each at its own time, and the executions they wake are
// invoked on the requesting goroutine before the request is served, at the
// simulated time of the deadline (the history shows the scheduled times).
// So after clk.Add(72*time.Hour), the next GetDurableExecution already sees
// the execution past its 72-hour wait. A callback answered through
// SendDurableExecutionCallbackSuccess or Failure re-runs the execution
// before that call answers.

// maxDurablePump bounds the invocations one request runs (a workflow that
// loops on short waits across a long clock move); the rest run at the next
// request.
const maxDurablePump = 100000

// durableState is the Fake's durable handlers (Reset forgets them).
type durableState struct {
	handlers map[handlerKey]*durable.Function
}

// SetDurableHandler makes function (a name or ARN, maybe qualified: see
// SetHandler) a durable function whose code is fn (durable.Wrap of a
// durable.Handler). A nil fn removes it.
func (f *Fake) SetDurableHandler(function string, fn *durable.Function) {
	account, region, name, q := f.scope(function, "")
	f.mu.Lock()
	defer f.mu.Unlock()
	k := handlerKey{account, region, name, q}
	if fn == nil {
		if f.inv.durable != nil {
			delete(f.inv.durable.handlers, k)
		}
		return
	}
	if f.inv.durable == nil {
		f.inv.durable = &durableState{handlers: map[handlerKey]*durable.Function{}}
	}
	f.inv.durable.handlers[k] = fn
}

// durableFor is the durable handler of a function as invoked. Callers hold f.mu.
func (iv *invocations) durableFor(account, region, name, invoked, version string) *durable.Function {
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

// isDurable says whether an invocation of function (as invoked, running
// version) starts a durable execution, and with which DurableConfig.
// Callers hold f.mu.
func (f *Fake) isDurable(r *state.Region, account, region, function, invoked, version string) (*state.DurableConfig, bool) {
	cfg, _ := r.DurableConfigOf(function, version)
	if cfg != nil {
		return cfg, true
	}
	return nil, f.inv.durableFor(account, region, function, invoked, version) != nil
}

// DurableSync is how a synchronous Invoke of a durable function answers
// (WithDurableSync).
type DurableSync int

const (
	// DurableSyncAdvance (the default) answers as AWS does, the result of
	// the whole execution, within the fake's rules: while the execution
	// waits for a deadline (a wait, a step retry) that falls within the 15
	// minutes a synchronous invocation may last, the fake moves its clock
	// to it, if it can (a ManualClock, or a clock with an Add or Advance
	// method, such as benbjohnson's and clockwork's mocks), and goes on
	// (with no clock, or one with only Now, the fake cannot move time and
	// never sleeps on the wall clock for it: the answer is then as
	// DurableSyncSuspended's). An
	// execution still running then (waiting for a callback, or longer) is
	// answered as DurableSyncSuspended answers; it goes on running. The
	// Invoke runs the execution's first invocation itself; a later one
	// (after a wait) may be run by a request on another goroutine that
	// fires the same deadline, in which case this Invoke can answer before
	// it ends (as suspended): keep concurrent synchronous Invokes of
	// waiting durable functions on one fake in mind.
	DurableSyncAdvance DurableSync = iota
	// DurableSyncSuspended never moves the clock: an execution still
	// running once its first invocations suspend is answered 200 with
	// X-Amz-Function-Error: Unhandled and
	// {"errorType":"fakelambda.DurableSyncSuspended","errorMessage":...}
	// (a deviation: AWS would keep the caller waiting), with its ARN in
	// X-Amz-Durable-Execution-Arn to poll.
	DurableSyncSuspended
)

// syncInvokeBudget is how long a synchronous invocation may last.
const syncInvokeBudget = 15 * time.Minute

// WithDurableSync sets how a synchronous Invoke of a durable function
// answers (DurableSyncAdvance by default).
func WithDurableSync(s DurableSync) Option {
	return func(c *config) { c.durableSync = s }
}

const durSuspendedType = "fakelambda.DurableSyncSuspended"

func errUnqualifiedDurable() *APIError {
	return errInvalidParam("You cannot invoke a durable function using an unqualified ARN.")
}

// invokeDurable starts (or finds, by name) a durable execution and runs
// what is due; asInvoked is the qualifier as the caller gave it ("":
// unqualified, refused). Callers hold f.mu; it releases it.
func (f *Fake) invokeDurable(rq *request, r *state.Region, t state.Target, asInvoked, version, invType string, payload []byte, cfg *state.DurableConfig) *response {
	if asInvoked == "" {
		f.mu.Unlock()
		return fail(errUnqualifiedDurable())
	}
	name := rq.r.Header.Get("X-Amz-Durable-Execution-Name") // its pattern and length: the model (wire.go)
	start := state.DurableStart{Function: t.Function, Version: version, FunctionARN: r.QualifiedARN(t.Function, t.Qualifier),
		Name: name, Input: string(payload)}
	if cfg != nil {
		start.Timeout = time.Duration(cfg.ExecutionTimeout) * time.Second
		start.RetentionDays = cfg.RetentionPeriodInDays
	}
	ex, _, se := r.StartDurable(start, rq.now)
	if se != nil {
		f.mu.Unlock()
		return failState(se)
	}
	// The first invocation, taken before unlocking: no other request's
	// pump can run it (this Invoke would then answer before it ran).
	ctx := rq.r.Context()
	st := f.store
	if w, ok := st.TakeInvocation(ex.ARN, rq.now); ok {
		f.runInvocation(ctx, st, st.Region(w.Account, w.Region), w) // releases f.mu
	} else {
		f.mu.Unlock()
	}
	f.pumpDurable(ctx)
	if invType != "Event" && f.cfg.durableSync == DurableSyncAdvance {
		f.advanceForSync(ctx, ex.ARN, rq.now.Add(syncInvokeBudget))
	}
	f.mu.Lock()
	if cur, se := r.DurableExecution(ex.ARN); se == nil {
		ex = cur
	}
	f.mu.Unlock()
	resp := &response{status: http.StatusOK, header: map[string]string{
		"Content-Type": "application/json", "X-Amz-Executed-Version": ex.Version, "X-Amz-Durable-Execution-Arn": ex.ARN}}
	switch {
	case invType == "Event":
		resp.status = http.StatusAccepted // as a plain Event invoke: no body, no executed version
		delete(resp.header, "Content-Type")
		delete(resp.header, "X-Amz-Executed-Version")
	case ex.Status == state.DurSucceeded:
		resp.raw = []byte("null")
		if ex.Result != nil {
			resp.raw = []byte(*ex.Result)
		}
	case ex.Status == state.DurRunning:
		resp.raw = []byte(`{"errorType":"` + durSuspendedType + `","errorMessage":"The durable execution is still running; poll GetDurableExecution with the ARN in X-Amz-Durable-Execution-Arn."}`)
		resp.header["X-Amz-Function-Error"] = "Unhandled"
	default:
		out := handlerOutcome{errType: ex.Status, errMsg: "The durable execution ended " + ex.Status}
		if ex.Error != nil {
			out.errType, out.errMsg = ex.Error.Type, ex.Error.Message
		}
		resp.raw = out.errorBody()
		resp.header["X-Amz-Function-Error"] = "Unhandled"
	}
	return resp
}

// advanceForSync moves the clock deadline by deadline while the execution
// arn runs and will go on by itself (a wait, a retry: state.NextWake) before
// until; an execution waiting only for a callback leaves the clock alone
// (DurableSyncAdvance).
func (f *Fake) advanceForSync(ctx context.Context, arn string, until time.Time) {
	for ctx.Err() == nil {
		f.mu.Lock()
		st := f.store
		ex, se := f.regionOfARN(arn).DurableExecution(arn)
		wake, ok := st.NextWake(arn)
		next, _ := st.NextDue() // at or before wake: deadlines fire in order
		now := f.now()
		f.mu.Unlock()
		if se != nil || ex.Status != state.DurRunning || !ok || wake.After(until) || !f.moveClockTo(now, next) {
			return
		}
		f.pumpDurable(ctx)
	}
}

// moveClockTo moves the fake's clock from now to t if it can.
func (f *Fake) moveClockTo(now, t time.Time) bool {
	d := t.Sub(now)
	if d <= 0 {
		return true
	}
	switch c := f.cfg.clock.(type) {
	case *ManualClock:
		c.Advance(d)
	case interface{ Add(time.Duration) }:
		c.Add(d)
	case interface{ Advance(time.Duration) }:
		c.Advance(d)
	default:
		return false
	}
	return true
}

// RunDurable runs every durable deadline due on the fake's clock, in order,
// and the invocations and chained invokes they make due, on the calling
// goroutine; it returns how many invocations and chained invokes ran. Every
// request to the fake does the same before it is served, so a test rarely
// needs it; RunQueued calls it.
func (f *Fake) RunDurable(ctx context.Context) int { return f.pumpDurable(ctx) }

// pumpDueLocked runs what is due before rq is served. Callers hold f.mu;
// it may release and take it again (rq.now is then read again).
func (f *Fake) pumpDueLocked(rq *request) {
	if at, ok := f.store.NextDue(); ok && !at.After(rq.now) {
		f.mu.Unlock()
		f.pumpDurable(rq.r.Context())
		f.mu.Lock()
		rq.now = f.now()
	}
}

// pumpDurable runs what is due (state.Store.NextDurable) until nothing is.
func (f *Fake) pumpDurable(ctx context.Context) int {
	ran := 0
	for ran < maxDurablePump && ctx.Err() == nil {
		f.mu.Lock()
		st := f.store
		w, ok := st.NextDurable(f.now())
		if !ok {
			f.mu.Unlock()
			return ran
		}
		ran++
		r := st.Region(w.Account, w.Region)
		if w.Chain {
			f.runChain(ctx, st, r, w) // releases f.mu
			continue
		}
		f.runInvocation(ctx, st, r, w) // releases f.mu
	}
	return ran
}

// invokedQualifier is the qualifier the execution was invoked with.
func invokedQualifier(r *state.Region, w state.DurableWork) string {
	q, _ := strings.CutPrefix(w.FunctionARN, r.FunctionARN(w.Function)+":")
	return q
}

// runInvocation runs the invocation w of an execution's code. Callers
// hold f.mu; it releases it.
func (f *Fake) runInvocation(ctx context.Context, st *state.Store, r *state.Region, w state.DurableWork) {
	invoked := invokedQualifier(r, w)
	fn := f.inv.durableFor(w.Account, w.Region, w.Function, invoked, w.Version)
	h := f.inv.handlerFor(w.Account, w.Region, w.Function, invoked, w.Version)
	_, se := r.Resolve(w.Function, w.Version, state.Lookup{}) // deleted since the execution started
	var s *state.Slot
	if se == nil {
		s, se = r.Admit(w.Function, invoked, w.Version, w.At)
	}
	if se != nil { // gone or throttled: the invocation fails and is retried
		st.EndInvocation(w, state.InvocationOutput{Error: &state.DurableError{Type: se.Code, Message: se.Message}})
		f.mu.Unlock()
		return
	}
	f.mu.Unlock()
	var out state.InvocationOutput
	switch {
	case fn != nil:
		svc := &durableService{f: f, st: st, r: r}
		hctx := context.WithValue(ctx, invocationKey{}, &invocationInfo{requestID: w.RequestID, function: w.Function,
			region: w.Region, invokedARN: w.FunctionARN, version: w.Version, start: w.At})
		out = durablerun.Run(fn, hctx, durablerun.Envelope{DurableWork: w, InvokedFunctionARN: w.FunctionARN}, svc)
		f.mu.Lock()
		r.Release(s, out.Status == "" || out.Status == "FAILED")
		f.mu.Unlock()
	case h != nil:
		out = f.runEnvelope(ctx, r, s, h, w) // releases the slot
	default:
		null := "null"
		out = state.InvocationOutput{Status: "SUCCEEDED", Result: &null}
		f.mu.Lock()
		r.Release(s, false)
		f.mu.Unlock()
	}
	f.mu.Lock()
	if f.store == st {
		st.EndInvocation(w, out)
	}
	f.mu.Unlock()
}

// durableService is the in-process CheckpointDurableExecution of a
// durable.Function's invocation: in Calls as CheckpointDurableExecution
// (without Input: nothing is encoded), and faults added for that operation
// apply to it (the invocation then fails and is invoked again, as on AWS).
type durableService struct {
	f  *Fake
	st *state.Store
	r  *state.Region
}

func (s *durableService) Checkpoint(_ context.Context, arn, token string, updates []state.OperationUpdate) (state.CheckpointAnswer, error) {
	f := s.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.store != s.st {
		return state.CheckpointAnswer{}, ServiceError("fakelambda: the fake was reset")
	}
	f.seq++
	fn, _, _ := strings.Cut(strings.TrimPrefix(arn, s.r.FunctionARN("")), ":")
	rq := &request{row: byName[OpCheckpointDurableExecution], op: OpCheckpointDurableExecution, function: fn,
		account: s.r.Account(), region: s.r.Name(), now: f.now(), seq: f.seq}
	if e := f.checkpointFault(rq); e != nil {
		f.recordLocked(rq, fail(e), true)
		return state.CheckpointAnswer{}, e
	}
	ans, se := s.r.Checkpoint(arn, token, "", updates, rq.now)
	if se != nil {
		f.recordLocked(rq, failState(se), false)
		return ans, se // a *state.Error: package durable tells a refusal from a failure by its status
	}
	f.appendCall(rq, 200, "", false)
	return ans, nil
}

// envelope is the invocation payload the service sends a durable
// function's code (durable-engine.md §1.2): timestamps in epoch
// milliseconds.
type envelope struct {
	DurableExecutionArn   string
	CheckpointToken       string
	UpdatedOperationIds   []string
	InitialExecutionState struct {
		Operations []map[string]any
		NextMarker string
	}
}

// envelopeOutput is what the code answers.
type envelopeOutput struct {
	Status string
	Result *string
	Error  *durableErrorObject
}

// runEnvelope invokes a plain Handler of a durable function with the
// envelope and reads its answer. A malformed answer fails the invocation.
func (f *Fake) runEnvelope(ctx context.Context, r *state.Region, s *state.Slot, h Handler, w state.DurableWork) state.InvocationOutput {
	var env envelope
	env.DurableExecutionArn, env.CheckpointToken, env.UpdatedOperationIds = w.ARN, w.Token, w.Updated
	for _, op := range w.Ops {
		env.InitialExecutionState.Operations = append(env.InitialExecutionState.Operations, operationJSON(op, true))
	}
	payload, _ := json.Marshal(env)
	info := queuedInfo(r, w.Function, invokedQualifier(r, w), w.RequestID)
	out := f.execute(ctx, r, s, h, info, payload)
	if out.errType != "" {
		return state.InvocationOutput{Error: &state.DurableError{Type: out.errType, Message: out.errMsg}}
	}
	var o envelopeOutput
	if err := json.Unmarshal(out.payload, &o); err != nil || (o.Status != "SUCCEEDED" && o.Status != "FAILED" && o.Status != "PENDING") {
		return state.InvocationOutput{Error: &state.DurableError{Type: "Runtime.InvalidResponse",
			Message: `a durable function must answer {"Status":"SUCCEEDED"|"FAILED"|"PENDING",...}; got ` + string(out.payload)}}
	}
	res := state.InvocationOutput{Status: o.Status, Result: o.Result}
	if o.Error != nil {
		res.Error = o.Error.state()
	} else if o.Status == "FAILED" {
		res.Error = &state.DurableError{}
	}
	return res
}

// parentID is the first 8 characters of the execution id that ends arn: a
// chained durable execution's name carries it.
func parentID(arn string) string {
	id := arn[strings.LastIndexByte(arn, '/')+1:]
	return id[:min(8, len(id))]
}

// runChain starts the chained invoke w: a durable target starts an
// execution that settles the CHAINED_INVOKE when it ends; a plain function
// runs now and settles it with its answer. Callers hold f.mu; it releases it.
func (f *Fake) runChain(ctx context.Context, st *state.Store, r *state.Region, w state.DurableWork) {
	fail := func(code, msg string) {
		st.SettleChained(w, state.DurFailed, nil, &state.DurableError{Type: code, Message: msg}, w.At)
		f.mu.Unlock()
	}
	account, region, name, q := scopeOf(w.Target, "", w.Account, w.Region)
	if account != w.Account || region != w.Region {
		fail("InvalidParameterValueException", "A chained invoke must target a function of the same account and region: "+w.Target)
		return
	}
	t, se := r.Resolve(name, q, state.Lookup{Invoke: true})
	if se == nil {
		se = r.Invocable(t, w.At)
	}
	if se != nil {
		fail(se.Code, se.Message)
		return
	}
	version := r.InvokeVersion(t, f.draw)
	payload := "{}"
	if w.Input != nil && *w.Input != "" {
		payload = *w.Input
	}
	if cfg, durableTarget := f.isDurable(r, account, region, t.Function, t.Qualifier, version); durableTarget {
		if q == "" { // as the code named it (Resolve made it $LATEST)
			fail("InvalidParameterValueException", errUnqualifiedDurable().Message)
			return
		}
		start := state.DurableStart{Function: t.Function, Version: version, FunctionARN: r.QualifiedARN(t.Function, t.Qualifier),
			Name: "chained-" + w.OpID + "-" + parentID(w.ARN), Input: payload, ParentARN: w.ARN, ParentOp: w.OpID}
		if cfg != nil {
			start.Timeout = time.Duration(cfg.ExecutionTimeout) * time.Second
			start.RetentionDays = cfg.RetentionPeriodInDays
		}
		child, _, se := r.StartDurable(start, w.At)
		if se != nil {
			fail(se.Code, se.Message)
			return
		}
		st.ChainStarted(w, version, child.ARN)
		f.mu.Unlock()
		return
	}
	st.ChainStarted(w, version, "")
	s, se := r.Admit(t.Function, t.Qualifier, version, w.At)
	if se != nil {
		fail(se.Code, se.Message)
		return
	}
	h := f.inv.handlerFor(account, region, t.Function, t.Qualifier, version)
	f.seq++ // the invocation's request ID, as the event source mappings make theirs
	info := queuedInfo(r, t.Function, t.Qualifier, f.uuid(f.seq))
	f.mu.Unlock()
	out := f.execute(ctx, r, s, h, info, []byte(payload))
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.store != st {
		return
	}
	if out.errType != "" {
		st.SettleChained(w, state.DurFailed, nil, &state.DurableError{Type: out.errType, Message: out.errMsg}, w.At)
		return
	}
	res := string(out.payload)
	st.SettleChained(w, state.DurSucceeded, &res, nil, w.At)
}

package state

import (
	"container/heap"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Durable executions (Lambda durable functions), the service side: the
// executions, their operations and history, checkpoint tokens, callbacks and
// every deadline (a wait's end, a step retry, a callback's timeout and
// heartbeat, the execution's timeout, the end of its retention). Nothing
// here runs code: the Fake pumps (NextDurable) the deadlines that are due in
// order, each at its own time, and runs the invocations and chained invokes
// the pump hands it, reporting back with EndInvocation and SettleChained.
//
// Facts: reference/api-groups/durable-executions.md and durable-engine.md.

// Execution statuses (ExecutionStatus).
const (
	DurRunning   = "RUNNING"
	DurSucceeded = "SUCCEEDED"
	DurFailed    = "FAILED"
	DurTimedOut  = "TIMED_OUT"
	DurStopped   = "STOPPED"
)

// Operation statuses (OperationStatus).
const (
	OpStarted   = "STARTED"
	OpPending   = "PENDING"
	OpReady     = "READY"
	OpSucceeded = "SUCCEEDED"
	OpFailed    = "FAILED"
	OpCancelled = "CANCELLED"
	OpTimedOut  = "TIMED_OUT"
	OpStopped   = "STOPPED"
)

// DurableError is Lambda's ErrorObject.
type DurableError struct {
	Type, Message, Data string
	StackTrace          []string
}

func (e *DurableError) clone() *DurableError {
	if e == nil {
		return nil
	}
	c := *e
	c.StackTrace = append([]string(nil), e.StackTrace...)
	return &c
}

// DurableOp is an operation of a durable execution, as GetDurableExecutionState
// and CheckpointDurableExecution answer it.
type DurableOp struct {
	ID, ParentID, Name, Type, SubType, Status string
	Start, End                                time.Time
	Input                                     *string // EXECUTION: ExecutionDetails.InputPayload
	Result                                    *string // STEP, CONTEXT, CALLBACK, CHAINED_INVOKE, EXECUTION
	Error                                     *DurableError
	Attempt                                   int       // STEP: attempts started
	NextAttempt                               time.Time // STEP PENDING: when it is READY
	ScheduledEnd                              time.Time // WAIT
	CallbackID                                string    // CALLBACK
	ReplayChildren                            bool      // CONTEXT
}

// DurableEvent is one event of an execution's history. Which members are
// set depends on Type (see the Fake's encoding).
type DurableEvent struct {
	Type, SubType, ID, ParentID, Name string
	At                                time.Time
	Input, Result                     *string
	Error                             *DurableError
	ExecutionTimeout                  int64     // ExecutionStarted
	Duration                          int64     // WaitStarted, WaitSucceeded
	ScheduledEnd                      time.Time // WaitStarted
	Attempt                           int       // StepSucceeded, StepFailed: RetryDetails.CurrentAttempt
	NextAttemptDelay                  int64     // StepFailed of a retried attempt
	CallbackID                        string    // CallbackStarted
	Timeout, HeartbeatTimeout         int64     // CallbackStarted
	FunctionName, TenantID            string    // ChainedInvokeStarted
	ExecutedVersion, ChildARN         string    // ChainedInvokeStarted, once started
	InvocationStart, InvocationEnd    time.Time // InvocationCompleted
	RequestID                         string    // InvocationCompleted
}

// DurableExecution is an execution as GetDurableExecution answers it.
type DurableExecution struct {
	ARN, Name, ID                  string
	Function, FunctionARN, Version string
	Status                         string
	Input                          string
	Result                         *string
	Error                          *DurableError
	Start, End                     time.Time
	ExecutionTimeout               int64 // seconds
	RetentionDays                  int
	Invocations                    int
}

// DurableStart starts an execution (StartDurable).
type DurableStart struct {
	Function    string // the function's name
	Version     string // the version it runs: "$LATEST", "$LATEST.PUBLISHED" or a number
	FunctionARN string // as invoked (keeps an alias qualifier)
	Name        string // DurableExecutionName; "" generates one
	Input       string
	// Timeout and RetentionDays come from the function's DurableConfig.
	Timeout       time.Duration
	RetentionDays int
	// ParentARN and ParentOp link a chained invoke's execution to the
	// CHAINED_INVOKE operation that started it (settled when it ends).
	ParentARN, ParentOp string
}

// Defaults of an execution whose function has no DurableConfig (made
// durable by a durable handler only): the longest an execution may run (a
// year: ExecutionTimeout's maximum) and the documented default retention.
const (
	DefaultDurableTimeout   = 31622400 * time.Second
	DefaultDurableRetention = 14 // days (SAM/CDK DurableConfig docs)
)

type dexec struct {
	DurableExecution
	account, region string
	seq             int // start order
	ops             []*dop
	byID            map[string]*dop
	events          []DurableEvent

	tokenSeq    int  // the current token's number
	tokenLive   bool // a token is valid (an invocation is running)
	invoking    bool // an invocation is running
	invokingAt  time.Time
	dirty       bool          // something changed that the function has not seen
	updated     []string      // ops changed since the last successful invocation
	pushed      []string      // ops changed out of band, for the next checkpoint answer
	failures    int           // invocations failed in a row
	invokeGen   int           // the current invoke entry
	invokeAt    time.Time     // when it is due
	terminal    *DurableEvent // an EXECUTION SUCCEED/FAIL checkpointed: written after InvocationCompleted
	lastClient  string        // ClientToken of the last checkpoint
	lastClientT int           // the token it used
	lastAnswer  CheckpointAnswer
	parentARN   string
	parentOp    string
	gone        bool // retention over: forgotten
}

type dop struct {
	DurableOp
	timeoutAt, heartbeatAt time.Time     // CALLBACK deadlines (zero: none)
	heartbeat              time.Duration // CALLBACK heartbeat timeout
	hbGen                  int
	eventIdx               int    // CHAINED_INVOKE: its ChainedInvokeStarted event
	function, tenant       string // CHAINED_INVOKE target
	input                  *string
}

// entry kinds of the deadline heap.
const (
	dueWait = iota
	dueRetry
	dueCallbackTimeout
	dueHeartbeat
	dueExecTimeout
	dueRetention
	dueInvoke
	dueChain
)

type dueEntry struct {
	at   time.Time
	seq  uint64
	kind int
	ex   *dexec
	op   *dop
	gen  int
}

type dueHeap []dueEntry

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(dueEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// durables is every durable execution of a Store.
type durables struct {
	byARN     map[string]*dexec
	byName    map[string]*dexec // account|region|function|name
	callbacks map[string]*dexec // open callback ID
	all       []*dexec          // start order
	due       dueHeap
	seq       uint64
	starts    int
	compacted int // len(due) after the last compact
}

func (s *Store) dur() *durables {
	if s.durable == nil {
		s.durable = &durables{byARN: map[string]*dexec{}, byName: map[string]*dexec{}, callbacks: map[string]*dexec{}}
	}
	return s.durable
}

func (d *durables) push(at time.Time, kind int, ex *dexec, op *dop, gen int) {
	d.seq++
	heap.Push(&d.due, dueEntry{at: at, seq: d.seq, kind: kind, ex: ex, op: op, gen: gen})
	if len(d.due) >= max(2*d.compacted, 1024) {
		d.compact()
	}
}

// compact drops the deadlines that no longer mean anything (an execution
// timeout of an ended execution, a wait already over, a superseded
// heartbeat...), so ended executions do not stay in memory until their
// year-long timeout would have fired. Amortised: it runs when the heap has
// doubled since the last time.
func (d *durables) compact() {
	live := d.due[:0]
	for _, e := range d.due {
		if !e.dead() {
			live = append(live, e)
		}
	}
	clear(d.due[len(live):])
	d.due = live
	heap.Init(&d.due)
	d.compacted = len(d.due)
}

// dead says whether a deadline can no longer fire anything (NextDurable
// would skip it).
func (e dueEntry) dead() bool {
	ex, op := e.ex, e.op
	if ex.gone {
		return true
	}
	if e.kind == dueRetention {
		return false
	}
	if ex.Status != DurRunning {
		return true
	}
	switch e.kind {
	case dueWait, dueChain, dueCallbackTimeout:
		return op.Status != OpStarted
	case dueHeartbeat:
		return op.Status != OpStarted || e.gen != op.hbGen
	case dueRetry:
		return op.Status != OpPending || op.Attempt != e.gen
	case dueInvoke:
		return e.gen != ex.invokeGen
	}
	return false
}

// NextDue is when the earliest durable deadline falls (ok false: none).
func (s *Store) NextDue() (time.Time, bool) {
	if s.durable == nil || len(s.durable.due) == 0 {
		return time.Time{}, false
	}
	return s.durable.due[0].at, true
}

// durableID is a deterministic id: a UUID-shaped hash of parts.
func durableID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func errDurableNotFound(arn string) *Error {
	return errNotFound("Durable execution not found: " + arn) // assumed wording (no recording)
}

func errAlreadyStarted() *Error {
	return &Error{Code: "DurableExecutionAlreadyStartedException", Status: 409,
		Message: "The durable execution with the specified name has already been started. Each durable execution name must be unique within the function."}
}

func errCallbackTimeout() *Error {
	return &Error{Code: "CallbackTimeoutException", Status: 400,
		Message: "The callback ID token has either expired or the callback associated with the token has already been closed."}
}

func errInvalidToken() *Error {
	return errInvalidParam("Invalid Checkpoint Token: the token is not the execution's current one.")
}

// StartDurable starts an execution of a durable function, or finds the one
// of the same name: with the same input it is answered again (created
// false), with another input DurableExecutionAlreadyStartedException. The
// first invocation is due at now (the Fake pumps it).
func (r *Region) StartDurable(in DurableStart, now time.Time) (DurableExecution, bool, *Error) {
	d := r.store.dur()
	d.starts++
	id := durableID(r.account, r.region, in.Function, strconv.Itoa(d.starts), now.Format(time.RFC3339Nano))
	name := in.Name
	if name == "" {
		name = id
	}
	key := r.account + "|" + r.region + "|" + in.Function + "|" + name
	if ex := d.byName[key]; ex != nil {
		if ex.Input != in.Input {
			return DurableExecution{}, false, errAlreadyStarted()
		}
		return ex.view(), false, nil
	}
	if in.Timeout <= 0 {
		in.Timeout = DefaultDurableTimeout
	}
	if in.RetentionDays <= 0 {
		in.RetentionDays = DefaultDurableRetention
	}
	arn := r.QualifiedARN(in.Function, in.Version) + "/durable-execution/" + name + "/" + id
	ex := &dexec{DurableExecution: DurableExecution{ARN: arn, Name: name, ID: id, Function: in.Function,
		FunctionARN: in.FunctionARN, Version: in.Version, Status: DurRunning, Input: in.Input, Start: now,
		ExecutionTimeout: int64(in.Timeout / time.Second), RetentionDays: in.RetentionDays},
		account: r.account, region: r.region, seq: d.starts, byID: map[string]*dop{},
		parentARN: in.ParentARN, parentOp: in.ParentOp}
	input := in.Input
	ex.event(DurableEvent{Type: "ExecutionStarted", Input: &input, ExecutionTimeout: ex.ExecutionTimeout}, nil, now)
	d.byARN[arn] = ex
	d.byName[key] = ex
	d.all = append(d.all, ex)
	d.push(now.Add(in.Timeout), dueExecTimeout, ex, nil, 0)
	ex.updated = append(ex.updated, id)
	d.markDirty(ex, now)
	return ex.view(), true, nil
}

func (ex *dexec) view() DurableExecution {
	v := ex.DurableExecution
	v.Result = clonePtr(ex.Result)
	v.Error = ex.Error.clone()
	return v
}

// event appends an event about op (nil: the execution) at at.
func (ex *dexec) event(ev DurableEvent, op *dop, at time.Time) int {
	ev.At = at
	if op != nil {
		ev.ID, ev.ParentID, ev.Name, ev.SubType = op.ID, op.ParentID, op.Name, op.SubType
	} else {
		ev.ID, ev.Name = ex.ID, ex.Name
	}
	ex.events = append(ex.events, ev)
	return len(ex.events) - 1
}

// markDirty notes that ex has something new for its code: an invocation
// is due at at (unless one runs: it is then due when that one ends).
func (d *durables) markDirty(ex *dexec, at time.Time) {
	if ex.Status != DurRunning {
		return
	}
	if ex.invoking {
		ex.dirty = true
		if at.After(ex.invokingAt) {
			// A deadline fired while the invocation ran (the clock moved
			// meanwhile): what the invocation does next happens after it.
			ex.invokingAt = at
		}
		return
	}
	if ex.dirty {
		return // an invoke entry is already due
	}
	ex.dirty = true
	ex.invokeGen++
	ex.invokeAt = at
	d.push(at, dueInvoke, ex, nil, ex.invokeGen)
}

// changed records that op changed out of band (a callback answered, a
// timer fired, a chained invoke settled).
func (ex *dexec) changed(op *dop) {
	ex.updated = appendOnce(ex.updated, op.ID)
	if ex.invoking {
		ex.pushed = appendOnce(ex.pushed, op.ID)
	}
}

func appendOnce(list []string, id string) []string {
	for _, x := range list {
		if x == id {
			return list
		}
	}
	return append(list, id)
}

// execution finds an execution of r by ARN.
func (r *Region) execution(arn string) *dexec {
	if r.store.durable == nil {
		return nil
	}
	ex := r.store.durable.byARN[arn]
	if ex == nil || ex.gone || ex.account != r.account || ex.region != r.region {
		return nil
	}
	return ex
}

// DurableExecution is GetDurableExecution.
func (r *Region) DurableExecution(arn string) (DurableExecution, *Error) {
	ex := r.execution(arn)
	if ex == nil {
		return DurableExecution{}, errDurableNotFound(arn)
	}
	return ex.view(), nil
}

// DurableFilter selects executions of a function (ListDurableExecutionsByFunction).
type DurableFilter struct {
	Versions                    map[string]bool // nil: every version
	Name                        string
	Statuses                    []string
	StartedAfter, StartedBefore time.Time
}

// DurableExecutions lists function's executions matching f, newest first.
func (r *Region) DurableExecutions(function string, f DurableFilter) []DurableExecution {
	if r.store.durable == nil {
		return nil
	}
	var out []DurableExecution
	all := r.store.durable.all
	for i := len(all) - 1; i >= 0; i-- {
		ex := all[i]
		if ex.gone || ex.account != r.account || ex.region != r.region || ex.Function != function {
			continue
		}
		if f.Versions != nil && !f.Versions[ex.Version] || f.Name != "" && ex.Name != f.Name ||
			len(f.Statuses) > 0 && !containsString(f.Statuses, ex.Status) ||
			!f.StartedAfter.IsZero() && ex.Start.Before(f.StartedAfter) ||
			!f.StartedBefore.IsZero() && ex.Start.After(f.StartedBefore) {
			continue
		}
		out = append(out, ex.view())
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DurableHistory is GetDurableExecutionHistory's events, oldest first.
func (r *Region) DurableHistory(arn string) ([]DurableEvent, *Error) {
	ex := r.execution(arn)
	if ex == nil {
		return nil, errDurableNotFound(arn)
	}
	out := make([]DurableEvent, len(ex.events))
	for i, ev := range ex.events {
		out[i] = ev.clone()
	}
	return out, nil
}

func (ev DurableEvent) clone() DurableEvent {
	ev.Input, ev.Result, ev.Error = clonePtr(ev.Input), clonePtr(ev.Result), ev.Error.clone()
	return ev
}

// token is the checkpoint token number n of ex.
func (ex *dexec) token(n int) string {
	return base64.StdEncoding.EncodeToString([]byte(ex.ID + ":" + strconv.Itoa(n)))
}

// tokenNumber reads a token of ex: its number, or -1.
func (ex *dexec) tokenNumber(tok string) int {
	b, err := base64.StdEncoding.DecodeString(tok)
	if err != nil {
		return -1
	}
	rest, ok := strings.CutPrefix(string(b), ex.ID+":")
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 || n > ex.tokenSeq {
		return -1
	}
	return n
}

// DurableState is GetDurableExecutionState: the operations, the EXECUTION
// first. Any token the execution handed out reads it.
func (r *Region) DurableState(arn, token string) ([]DurableOp, *Error) {
	ex := r.execution(arn)
	if ex == nil || ex.tokenNumber(token) < 0 {
		return nil, errInvalidToken()
	}
	return ex.operations(), nil
}

// operations is every operation of ex, the EXECUTION first.
func (ex *dexec) operations() []DurableOp {
	out := make([]DurableOp, 0, len(ex.ops)+1)
	out = append(out, ex.executionOp())
	for _, op := range ex.ops {
		out = append(out, op.view())
	}
	return out
}

// view is op as answered. Its payload and error pointers are shared: the
// state never writes through them (an update replaces the pointer), so
// sharing them is as safe as copying and saves an allocation per payload
// on every invocation's envelope.
func (op *dop) view() DurableOp { return op.DurableOp }

// executionOp is the EXECUTION operation of ex.
func (ex *dexec) executionOp() DurableOp {
	status := map[string]string{DurRunning: OpStarted, DurSucceeded: OpSucceeded, DurFailed: OpFailed,
		DurTimedOut: OpTimedOut, DurStopped: OpStopped}[ex.Status]
	input := ex.Input
	return DurableOp{ID: ex.ID, Name: ex.Name, Type: "EXECUTION", Status: status, Start: ex.Start, End: ex.End,
		Input: &input, Result: clonePtr(ex.Result), Error: ex.Error.clone()}
}

package state

import (
	"container/heap"
	"strconv"
	"time"
)

// DurableWork is what the pump hands the Fake to run: an invocation of an
// execution's code, or a chained invoke to start.
type DurableWork struct {
	Chain           bool // a chained invoke (else an invocation)
	Account, Region string
	Function        string // the execution's function
	Version         string // the version the execution runs
	FunctionARN     string // as the execution was invoked
	ARN             string // the execution
	At              time.Time

	// An invocation: the envelope the service gives the function.
	Token     string
	Ops       []DurableOp // every operation, the EXECUTION first
	Updated   []string    // operations changed since the last successful invocation
	RequestID string

	// A chained invoke: the CHAINED_INVOKE operation, its target (as the
	// code named it), tenant and input.
	OpID, Target, TenantID string
	Input                  *string
}

// NextDurable fires every durable deadline due at now, in order, each at
// its own time (a wait succeeds, a retried step is READY, a callback times
// out, an execution times out, a closed execution's retention ends), and
// returns the first invocation or chained invoke due (ok false: nothing is
// due). The Fake runs it and reports with EndInvocation or SettleChained
// before asking for the next.
func (s *Store) NextDurable(now time.Time) (DurableWork, bool) {
	d := s.durable
	if d == nil {
		return DurableWork{}, false
	}
	for len(d.due) > 0 && !d.due[0].at.After(now) {
		e := heap.Pop(&d.due).(dueEntry)
		ex, op, at := e.ex, e.op, e.at
		if ex.gone {
			continue
		}
		switch e.kind {
		case dueWait:
			if ex.Status == DurRunning && op.Status == OpStarted {
				op.Status, op.End = OpSucceeded, at
				ex.event(DurableEvent{Type: "WaitSucceeded", Duration: int64(op.ScheduledEnd.Sub(op.Start) / time.Second)}, op, at)
				ex.changed(op)
				d.markDirty(ex, at)
			}
		case dueRetry:
			if ex.Status == DurRunning && op.Status == OpPending && op.Attempt == e.gen {
				op.Status = OpReady
				ex.changed(op)
				d.markDirty(ex, at)
			}
		case dueCallbackTimeout, dueHeartbeat:
			if ex.Status != DurRunning || op.Status != OpStarted || e.kind == dueHeartbeat && e.gen != op.hbGen {
				continue
			}
			typ, msg := "Callback.Timeout", "Callback timed out"
			if e.kind == dueHeartbeat {
				typ, msg = "Callback.Heartbeat", "Callback heartbeat timed out"
			}
			op.Status, op.End, op.Error = OpTimedOut, at, &DurableError{Type: typ, Message: msg}
			delete(d.callbacks, op.CallbackID)
			ex.event(DurableEvent{Type: "CallbackTimedOut", Error: op.Error.clone()}, op, at)
			ex.changed(op)
			d.markDirty(ex, at)
		case dueExecTimeout:
			if ex.Status == DurRunning {
				ex.Error = &DurableError{Type: "Execution.Timeout", // assumed ErrorType; the message is the peers'
					Message: "Execution timed out after " + strconv.FormatInt(ex.ExecutionTimeout, 10) + " seconds."}
				ex.close(d, DurTimedOut, at, &DurableEvent{Type: "ExecutionTimedOut", Error: ex.Error.clone()})
			}
		case dueRetention:
			ex.gone = true
			delete(d.byARN, ex.ARN)
			if key := ex.account + "|" + ex.region + "|" + ex.Function + "|" + ex.Name; d.byName[key] == ex {
				delete(d.byName, key)
			}
			d.forget(ex)
		case dueInvoke:
			if ex.Status != DurRunning || e.gen != ex.invokeGen || ex.invoking {
				continue
			}
			return ex.begin(at), true
		case dueChain:
			if ex.Status != DurRunning || op.Status != OpStarted {
				continue
			}
			return DurableWork{Chain: true, Account: ex.account, Region: ex.region, Function: ex.Function,
				Version: ex.Version, FunctionARN: ex.FunctionARN, ARN: ex.ARN, At: at,
				OpID: op.ID, Target: op.function, TenantID: op.tenant, Input: clonePtr(op.input)}, true
		}
	}
	return DurableWork{}, false
}

// forget drops ex from the start-order list.
func (d *durables) forget(ex *dexec) {
	for i, x := range d.all {
		if x == ex {
			d.all = append(d.all[:i], d.all[i+1:]...)
			return
		}
	}
}

// TakeInvocation begins the invocation of the execution arn due at or
// before now, if one is due and none runs: the Invoke that started the
// execution runs its first invocation itself, so a request on another
// goroutine cannot take it from it.
func (s *Store) TakeInvocation(arn string, now time.Time) (DurableWork, bool) {
	if s.durable == nil {
		return DurableWork{}, false
	}
	ex := s.durable.byARN[arn]
	if ex == nil || ex.gone || ex.Status != DurRunning || ex.invoking || !ex.dirty || ex.invokeAt.After(now) {
		return DurableWork{}, false
	}
	ex.invokeGen++ // the heap's entry for it is stale now
	return ex.begin(ex.invokeAt), true
}

// begin starts an invocation of ex at at.
func (ex *dexec) begin(at time.Time) DurableWork {
	ex.invoking, ex.invokingAt, ex.dirty = true, at, false
	ex.tokenSeq++
	ex.tokenLive = true
	ex.Invocations++
	return DurableWork{Account: ex.account, Region: ex.region, Function: ex.Function, Version: ex.Version,
		FunctionARN: ex.FunctionARN, ARN: ex.ARN, At: at, Token: ex.token(ex.tokenSeq), Ops: ex.operations(),
		Updated:   append([]string(nil), ex.updated...),
		RequestID: durableID(ex.ID, "invocation", strconv.Itoa(ex.Invocations))}
}

// InvocationOutput is what an invocation of a durable function returned.
type InvocationOutput struct {
	Status string // SUCCEEDED, FAILED or PENDING; "" when the invocation itself failed
	Result *string
	Error  *DurableError // FAILED: the execution's error; "": the invocation's
}

// maxInvocationFailures is how many invocations in a row may fail (a panic,
// a malformed answer, PENDING with nothing pending) before the execution
// fails: durable-engine.md §1.3 (the SDK test service's 4 empty PENDINGs),
// applied to every invocation failure (assumed; AWS retries until the
// execution times out).
const maxInvocationFailures = 4

// EndInvocation records the end of the invocation w of an execution: its
// InvocationCompleted event and what the output means. A failed invocation
// is retried after 1, 2, 4 seconds; the fourth failure in a row fails the
// execution.
func (s *Store) EndInvocation(w DurableWork, out InvocationOutput) {
	d := s.dur()
	ex := d.byARN[w.ARN]
	if ex == nil || !ex.invoking {
		return
	}
	at := ex.invokingAt
	ex.invoking, ex.tokenLive = false, false
	ex.pushed = ex.pushed[:0]
	if out.Status == "PENDING" && ex.Status == DurRunning && !ex.pending() {
		out = InvocationOutput{Error: &DurableError{Type: "InvalidParameterValueException", Message: "Cannot return PENDING status with no pending operations."}}
	}
	done := DurableEvent{Type: "InvocationCompleted", InvocationStart: w.At, InvocationEnd: at, RequestID: w.RequestID}
	if out.Status == "" {
		done.Error = out.Error.clone()
	}
	ex.event(done, nil, at)
	if ex.Status != DurRunning { // ended during the invocation (checkpointed, stopped)
		if ex.terminal != nil {
			ex.event(*ex.terminal, nil, at)
			ex.terminal = nil
		}
		return
	}
	switch out.Status {
	case "SUCCEEDED":
		ex.failures, ex.updated = 0, ex.updated[:0]
		ex.Result = clonePtr(out.Result)
		ex.close(d, DurSucceeded, at, &DurableEvent{Type: "ExecutionSucceeded", Result: clonePtr(out.Result)})
		return
	case "FAILED":
		ex.failures, ex.updated = 0, ex.updated[:0]
		ex.Error = out.Error.clone()
		ex.close(d, DurFailed, at, &DurableEvent{Type: "ExecutionFailed", Error: out.Error.clone()})
		return
	case "PENDING":
		ex.failures, ex.updated = 0, ex.updated[:0]
	default:
		ex.failures++
		if ex.failures >= maxInvocationFailures {
			ex.Error = out.Error.clone()
			ex.close(d, DurFailed, at, &DurableEvent{Type: "ExecutionFailed", Error: out.Error.clone()})
			return
		}
		ex.dirty = false
		d.markDirty(ex, at.Add(time.Duration(1<<(ex.failures-1))*time.Second))
		return
	}
	if ex.dirty {
		ex.dirty = false
		d.markDirty(ex, at)
	}
}

// pending says whether ex waits for something: a wait, a callback, a
// chained invoke, a step retry, or a change its code has not seen.
func (ex *dexec) pending() bool {
	if ex.dirty {
		return true
	}
	for _, op := range ex.ops {
		switch {
		case op.Status == OpPending || op.Status == OpReady:
			return true
		case op.Status == OpStarted && (op.Type == "WAIT" || op.Type == "CALLBACK" || op.Type == "CHAINED_INVOKE"):
			return true
		}
	}
	return false
}

// ChainStarted records what a chained invoke runs (its
// ChainedInvokeStarted event's ExecutedVersion and DurableExecutionArn).
func (s *Store) ChainStarted(w DurableWork, executedVersion, childARN string) {
	ex := s.dur().byARN[w.ARN]
	if ex == nil {
		return
	}
	if op := ex.byID[w.OpID]; op != nil && op.eventIdx < len(ex.events) {
		ev := &ex.events[op.eventIdx]
		ev.ExecutedVersion, ev.ChildARN = executedVersion, childARN
	}
}

// SettleChained ends the chained invoke w with the outcome of the function
// it invoked (status SUCCEEDED, FAILED, TIMED_OUT or STOPPED) at at.
func (s *Store) SettleChained(w DurableWork, status string, result *string, e *DurableError, at time.Time) {
	d := s.dur()
	ex := d.byARN[w.ARN]
	if ex == nil || ex.Status != DurRunning {
		return
	}
	if op := ex.byID[w.OpID]; op != nil && op.Status == OpStarted {
		ex.settleChain(d, op, status, result, e, at)
	}
}

// InvokingAt is the time of the invocation of arn running now (ok false:
// none runs).
func (s *Store) InvokingAt(arn string) (time.Time, bool) {
	if s.durable == nil {
		return time.Time{}, false
	}
	ex := s.durable.byARN[arn]
	if ex == nil || !ex.invoking {
		return time.Time{}, false
	}
	return ex.invokingAt, true
}

// NextWake is when the execution arn next goes on by itself: the earliest
// due end of a wait, step retry, invocation (a retried failure) or chained
// invoke start of it or of the executions it invoked (ok false: none; it
// waits only for callbacks, for its execution timeout, or is being
// invoked). A synchronous invoke moves the clock only this far
// (DurableSyncAdvance).
func (s *Store) NextWake(arn string) (time.Time, bool) {
	if s.durable == nil {
		return time.Time{}, false
	}
	root := s.durable.byARN[arn]
	if root == nil {
		return time.Time{}, false
	}
	var best time.Time
	found := false
	for _, e := range s.durable.due {
		ex, op := e.ex, e.op
		if ex.gone || ex.Status != DurRunning || found && !e.at.Before(best) || !s.durable.within(ex, root) {
			continue
		}
		live := false
		switch e.kind {
		case dueWait:
			live = op.Status == OpStarted
		case dueRetry:
			live = op.Status == OpPending && op.Attempt == e.gen
		case dueInvoke:
			live = e.gen == ex.invokeGen && !ex.invoking
		case dueChain:
			live = op.Status == OpStarted
		}
		if live {
			best, found = e.at, true
		}
	}
	return best, found
}

// within says whether ex is root or an execution root invoked (at any depth).
func (d *durables) within(ex, root *dexec) bool {
	for depth := 0; ex != nil && depth < 64; depth++ {
		if ex == root {
			return true
		}
		if ex.parentARN == "" {
			return false
		}
		ex = d.byARN[ex.parentARN]
	}
	return false
}

package state

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"time"
)

// OperationUpdate is one of CheckpointDurableExecution's Updates.
type OperationUpdate struct {
	ID, ParentID, Name, Type, SubType, Action string
	Payload                                   *string
	Error                                     *DurableError
	ReplayChildren                            bool
	NextAttemptDelay                          int64  // StepOptions.NextAttemptDelaySeconds (RETRY)
	WaitSeconds                               *int64 // WaitOptions.WaitSeconds (WAIT START)
	CallbackTimeout, CallbackHeartbeat        int64  // CallbackOptions (CALLBACK START)
	ChainedFunction, TenantID                 string // ChainedInvokeOptions (CHAINED_INVOKE START)
}

// CheckpointAnswer is what CheckpointDurableExecution answers: the next
// token ("" once the execution has ended: the invocation must stop) and the
// operations this checkpoint changed plus those changed out of band since
// the last answer.
type CheckpointAnswer struct {
	Token string
	Ops   []DurableOp
}

// Payload limits (durable-engine.md §1.3; the service raised payloads to
// 1 MB in 2026, so the step and error limits here are 1 MB).
const (
	durablePayloadMax = 1 << 20
	durableResultMax  = 6291456
)

// Checkpoint is CheckpointDurableExecution at now (the running
// invocation's time when one runs). token must be the current one (a used
// one is refused, unless it comes with the ClientToken of the call that
// used it: that call's answer is given again); the updates apply
// atomically: one invalid update refuses them all.
func (r *Region) Checkpoint(arn, token, clientToken string, updates []OperationUpdate, now time.Time) (CheckpointAnswer, *Error) {
	ex := r.execution(arn)
	if ex == nil {
		return CheckpointAnswer{}, errInvalidToken()
	}
	n := ex.tokenNumber(token)
	if clientToken != "" && n > 0 && n == ex.lastClientT && clientToken == ex.lastClient {
		return ex.lastAnswer, nil // a retried call
	}
	if n < 0 || n != ex.tokenSeq || !ex.tokenLive {
		return CheckpointAnswer{}, errInvalidToken()
	}
	if ex.Status != DurRunning {
		return CheckpointAnswer{}, errInvalidParam("The durable execution has ended: " + ex.Status + ".")
	}
	if ex.invoking {
		now = ex.invokingAt
	}
	if e := ex.validate(updates); e != nil {
		return CheckpointAnswer{}, e
	}
	d := r.store.dur()
	touched := make([]string, 0, len(updates))
	for _, u := range updates {
		if id := ex.apply(d, u, now); id != "" {
			touched = appendOnce(touched, id)
		}
	}
	ex.tokenSeq++
	ans := CheckpointAnswer{}
	if ex.Status == DurRunning {
		ans.Token = ex.token(ex.tokenSeq)
	} else {
		ex.tokenLive = false
	}
	for _, id := range ex.pushed {
		touched = appendOnce(touched, id)
	}
	ex.pushed = ex.pushed[:0]
	for _, id := range touched {
		if id == ex.ID {
			ans.Ops = append(ans.Ops, ex.executionOp())
		} else if op := ex.byID[id]; op != nil {
			ans.Ops = append(ans.Ops, op.view())
		}
	}
	ex.lastClient, ex.lastClientT, ex.lastAnswer = clientToken, n, ans
	return ans, nil
}

// pendingOp is an update's view of an operation while a checkpoint is
// validated: its state after the updates before it.
type pendingOp struct {
	typ, subType, name, parent, status string
}

var validActions = map[string]map[string]bool{
	"STEP":           {"START": true, "SUCCEED": true, "FAIL": true, "RETRY": true},
	"WAIT":           {"START": true, "CANCEL": true},
	"CALLBACK":       {"START": true},
	"CONTEXT":        {"START": true, "SUCCEED": true, "FAIL": true},
	"CHAINED_INVOKE": {"START": true, "CANCEL": true},
	"EXECUTION":      {"SUCCEED": true, "FAIL": true},
}

func invalidUpdate(i int, u OperationUpdate, why string) *Error {
	return errInvalidParam(fmt.Sprintf("Invalid operation update %d (%s %s of operation %s): %s", i+1, u.Action, u.Type, u.ID, why))
}

// validate checks updates against ex as they would apply in order
// (durable-engine.md §1.3: the actions each type admits, from which
// statuses; no change of type, subtype, name or parent; limits).
func (ex *dexec) validate(updates []OperationUpdate) *Error {
	seen := map[string]*pendingOp{}
	for i, u := range updates {
		if u.ID == "" || len(u.ID) > 64 {
			return invalidUpdate(i, u, "an operation Id has 1 to 64 characters.")
		}
		acts, ok := validActions[u.Type]
		if !ok || !acts[u.Action] {
			return invalidUpdate(i, u, "the action is not valid for the operation type.")
		}
		if u.Type == "EXECUTION" {
			if i != len(updates)-1 {
				return invalidUpdate(i, u, "an EXECUTION update must be the last of the checkpoint.")
			}
			if u.Payload != nil && len(*u.Payload) > durableResultMax {
				return &Error{Code: "ValidationException", Status: 400, NoType: true,
					Message: "The execution result must be less than or equal to " + strconv.Itoa(durableResultMax) + " bytes."}
			}
		}
		if u.Action == "FAIL" && u.Payload != nil {
			return invalidUpdate(i, u, "a FAIL update carries an Error, not a Payload.")
		}
		if u.Action == "SUCCEED" && u.Error != nil {
			return invalidUpdate(i, u, "a SUCCEED update carries a Payload, not an Error.")
		}
		if u.Type == "STEP" && u.Payload != nil && len(*u.Payload) > durablePayloadMax {
			return errInvalidParam("STEP output payload size must be less than or equal to " + strconv.Itoa(durablePayloadMax) + " bytes.")
		}
		if u.Error != nil && len(u.Error.Type)+len(u.Error.Message)+len(u.Error.Data) > durablePayloadMax {
			return errInvalidParam("Error object size must be less than or equal to " + strconv.Itoa(durablePayloadMax) + " bytes.")
		}
		if u.Type == "CHAINED_INVOKE" && u.Payload != nil && len(*u.Payload) > durablePayloadMax {
			return errInvalidParam("CHAINED_INVOKE input payload size must be less than or equal to " + strconv.Itoa(durablePayloadMax) + " bytes.")
		}
		if u.Type == "WAIT" && u.Action == "START" {
			if u.WaitSeconds == nil {
				return invalidUpdate(i, u, "WaitOptions are required to start a WAIT.")
			}
			if *u.WaitSeconds < 1 || *u.WaitSeconds > 31622400 {
				op := "greater than or equal to 1"
				if *u.WaitSeconds > 31622400 {
					op = "less than or equal to 31622400"
				}
				return &Error{Code: "ValidationException", Status: 400, NoType: true, Message: fmt.Sprintf(
					"1 validation error detected: Value '%d' at 'updates.%d.member.waitOptions.waitSeconds' failed to satisfy constraint: Member must have value %s", *u.WaitSeconds, i+1, op)}
			}
		}
		// The wire's limits, for the in-process SDK, whose updates skip the
		// model's checks: beyond them a delay overflows time.Duration.
		for _, lim := range []struct {
			on    bool
			v     int64
			max   int64
			field string
		}{
			{u.Type == "STEP" && u.Action == "RETRY", u.NextAttemptDelay, 31622400, "stepOptions.nextAttemptDelaySeconds"},
			{u.Type == "CALLBACK" && u.Action == "START", u.CallbackTimeout, math.MaxInt32, "callbackOptions.timeoutSeconds"},
			{u.Type == "CALLBACK" && u.Action == "START", u.CallbackHeartbeat, math.MaxInt32, "callbackOptions.heartbeatTimeoutSeconds"},
		} {
			if lim.on && lim.v > lim.max {
				return &Error{Code: "ValidationException", Status: 400, NoType: true, Message: fmt.Sprintf(
					"1 validation error detected: Value '%d' at 'updates.%d.member.%s' failed to satisfy constraint: Member must have value less than or equal to %d", lim.v, i+1, lim.field, lim.max)}
			}
		}
		if u.Type == "CHAINED_INVOKE" && u.Action == "START" && u.ChainedFunction == "" {
			return invalidUpdate(i, u, "ChainedInvokeOptions.FunctionName is required to start a CHAINED_INVOKE.")
		}
		if u.Type == "EXECUTION" {
			continue
		}
		if u.ID == ex.ID {
			return invalidUpdate(i, u, "the Id is the EXECUTION operation's.")
		}
		cur := seen[u.ID]
		if cur == nil {
			if op := ex.byID[u.ID]; op != nil {
				cur = &pendingOp{op.Type, op.SubType, op.Name, op.ParentID, op.Status}
			}
		}
		if cur != nil && (cur.typ != u.Type || u.SubType != "" && cur.subType != u.SubType ||
			u.Name != "" && cur.name != u.Name || u.ParentID != "" && cur.parent != u.ParentID) {
			return invalidUpdate(i, u, "the Type, SubType, Name and ParentId of an operation cannot change.")
		}
		if u.ParentID != "" && seen[u.ParentID] == nil && ex.byID[u.ParentID] == nil {
			return invalidUpdate(i, u, "the ParentId names no operation of the execution.")
		}
		status := ""
		if cur != nil {
			status = cur.status
		}
		var next string
		switch u.Action {
		case "START":
			ok := status == "" || u.Type == "STEP" && (status == OpReady || status == OpStarted)
			if !ok {
				return invalidUpdate(i, u, "the operation has already started ("+status+").")
			}
			next = OpStarted
		case "SUCCEED", "FAIL", "RETRY":
			if status != OpStarted && !(u.Type == "STEP" && status == OpReady) {
				return invalidUpdate(i, u, "the operation is not started (status "+orNone(status)+").")
			}
			next = map[string]string{"SUCCEED": OpSucceeded, "FAIL": OpFailed, "RETRY": OpPending}[u.Action]
		case "CANCEL":
			if status != OpStarted {
				return invalidUpdate(i, u, "only a started operation can be cancelled (status "+orNone(status)+").")
			}
			next = OpCancelled
		}
		if cur == nil {
			cur = &pendingOp{u.Type, u.SubType, u.Name, u.ParentID, ""}
		}
		cur.status = next
		seen[u.ID] = cur
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// apply applies one validated update at now; it returns the operation id
// changed ("" for none).
func (ex *dexec) apply(d *durables, u OperationUpdate, now time.Time) string {
	if u.Type == "EXECUTION" {
		ev := DurableEvent{Type: "ExecutionSucceeded", Result: clonePtr(u.Payload)}
		if u.Action == "FAIL" {
			ev = DurableEvent{Type: "ExecutionFailed", Error: u.Error.clone()}
		}
		ex.Result, ex.Error = clonePtr(u.Payload), u.Error.clone()
		ex.terminal = &ev
		if u.Action == "SUCCEED" {
			ex.close(d, DurSucceeded, now, nil)
		} else {
			ex.close(d, DurFailed, now, nil)
		}
		return ex.ID
	}
	op := ex.byID[u.ID]
	if op == nil {
		op = &dop{DurableOp: DurableOp{ID: u.ID, ParentID: u.ParentID, Name: u.Name, Type: u.Type, SubType: u.SubType, Start: now}}
		ex.ops = append(ex.ops, op)
		ex.byID[u.ID] = op
	}
	switch u.Type + " " + u.Action {
	case "STEP START":
		op.Status, op.Attempt, op.NextAttempt, op.Error = OpStarted, op.Attempt+1, time.Time{}, nil
		ex.event(DurableEvent{Type: "StepStarted"}, op, now)
	case "STEP SUCCEED":
		op.Status, op.Result, op.End = OpSucceeded, clonePtr(u.Payload), now
		ex.event(DurableEvent{Type: "StepSucceeded", Result: clonePtr(u.Payload), Attempt: max(op.Attempt, 1)}, op, now)
	case "STEP FAIL":
		op.Status, op.Error, op.End = OpFailed, u.Error.clone(), now
		ex.event(DurableEvent{Type: "StepFailed", Error: u.Error.clone(), Attempt: max(op.Attempt, 1)}, op, now)
	case "STEP RETRY":
		// At least a second, the least NextAttemptDelaySeconds admits: a
		// RETRY without StepOptions would otherwise be READY at once, and a
		// step retried that way re-invokes at one instant forever.
		delay := max(u.NextAttemptDelay, 1)
		op.Status, op.Error = OpPending, u.Error.clone()
		if u.Payload != nil {
			op.Result = clonePtr(u.Payload) // WaitForCondition keeps its state here
		}
		op.NextAttempt = now.Add(time.Duration(delay) * time.Second)
		ex.event(DurableEvent{Type: "StepFailed", Error: u.Error.clone(), Attempt: max(op.Attempt, 1), NextAttemptDelay: delay}, op, now)
		d.push(op.NextAttempt, dueRetry, ex, op, op.Attempt)
	case "WAIT START":
		op.Status, op.ScheduledEnd = OpStarted, now.Add(time.Duration(*u.WaitSeconds)*time.Second)
		ex.event(DurableEvent{Type: "WaitStarted", Duration: *u.WaitSeconds, ScheduledEnd: op.ScheduledEnd}, op, now)
		d.push(op.ScheduledEnd, dueWait, ex, op, 0)
	case "WAIT CANCEL":
		op.Status, op.End = OpCancelled, now
		ex.event(DurableEvent{Type: "WaitCancelled"}, op, now)
	case "CALLBACK START":
		op.Status = OpStarted
		op.CallbackID = base64.StdEncoding.EncodeToString([]byte(ex.ARN + "#" + op.ID))
		d.callbacks[op.CallbackID] = ex
		if u.CallbackTimeout > 0 {
			op.timeoutAt = now.Add(time.Duration(u.CallbackTimeout) * time.Second)
			d.push(op.timeoutAt, dueCallbackTimeout, ex, op, 0)
		}
		if u.CallbackHeartbeat > 0 {
			op.heartbeat = time.Duration(u.CallbackHeartbeat) * time.Second
			op.heartbeatAt = now.Add(op.heartbeat)
			op.hbGen++
			d.push(op.heartbeatAt, dueHeartbeat, ex, op, op.hbGen)
		}
		ex.event(DurableEvent{Type: "CallbackStarted", CallbackID: op.CallbackID, Timeout: u.CallbackTimeout, HeartbeatTimeout: u.CallbackHeartbeat}, op, now)
	case "CONTEXT START":
		op.Status, op.ReplayChildren = OpStarted, u.ReplayChildren
		ex.event(DurableEvent{Type: "ContextStarted"}, op, now)
	case "CONTEXT SUCCEED":
		op.Status, op.Result, op.End = OpSucceeded, clonePtr(u.Payload), now
		op.ReplayChildren = op.ReplayChildren || u.ReplayChildren
		ex.event(DurableEvent{Type: "ContextSucceeded", Result: clonePtr(u.Payload)}, op, now)
	case "CONTEXT FAIL":
		op.Status, op.Error, op.End = OpFailed, u.Error.clone(), now
		ex.event(DurableEvent{Type: "ContextFailed", Error: u.Error.clone()}, op, now)
	case "CHAINED_INVOKE START":
		op.Status, op.function, op.tenant, op.input = OpStarted, u.ChainedFunction, u.TenantID, clonePtr(u.Payload)
		op.eventIdx = ex.event(DurableEvent{Type: "ChainedInvokeStarted", FunctionName: u.ChainedFunction, TenantID: u.TenantID,
			Input: clonePtr(u.Payload)}, op, now)
		d.push(now, dueChain, ex, op, 0)
	case "CHAINED_INVOKE CANCEL":
		op.Status, op.End = OpStopped, now
		ex.event(DurableEvent{Type: "ChainedInvokeStopped"}, op, now)
	}
	return op.ID
}

// close ends ex with status at at. ev, when given, is its terminal event
// (written now; otherwise EndInvocation writes ex.terminal after the
// invocation's InvocationCompleted).
func (ex *dexec) close(d *durables, status string, at time.Time, ev *DurableEvent) {
	ex.Status, ex.End = status, at
	ex.dirty = false
	if ex.invoking && at.After(ex.invokingAt) {
		ex.invokingAt = at // the invocation running ends after the execution did, not before
	}
	if ev != nil {
		ex.event(*ev, nil, at)
	}
	for _, op := range ex.ops {
		if op.CallbackID != "" {
			delete(d.callbacks, op.CallbackID)
		}
	}
	d.push(at.Add(time.Duration(ex.RetentionDays)*24*time.Hour), dueRetention, ex, nil, 0)
	if ex.parentARN != "" {
		if parent := d.byARN[ex.parentARN]; parent != nil && !parent.gone && parent.Status == DurRunning {
			if op := parent.byID[ex.parentOp]; op != nil && op.Status == OpStarted {
				parent.settleChain(d, op, status, ex.Result, ex.Error, at)
			}
		}
	}
}

// settleChain ends a CHAINED_INVOKE operation with the outcome of what it
// invoked (an execution's status, or SUCCEEDED/FAILED for a function).
func (ex *dexec) settleChain(d *durables, op *dop, status string, result *string, e *DurableError, at time.Time) {
	op.End = at
	switch status {
	case DurSucceeded:
		op.Status, op.Result = OpSucceeded, clonePtr(result)
		ex.event(DurableEvent{Type: "ChainedInvokeSucceeded", Result: clonePtr(result)}, op, at)
	case DurTimedOut:
		op.Status, op.Error = OpTimedOut, e.clone()
		ex.event(DurableEvent{Type: "ChainedInvokeTimedOut", Error: e.clone()}, op, at)
	case DurStopped:
		op.Status, op.Error = OpStopped, e.clone()
		ex.event(DurableEvent{Type: "ChainedInvokeStopped", Error: e.clone()}, op, at)
	default:
		op.Status, op.Error = OpFailed, e.clone()
		ex.event(DurableEvent{Type: "ChainedInvokeFailed", Error: e.clone()}, op, at)
	}
	ex.changed(op)
	d.markDirty(ex, at)
}

// callback finds the open callback id in r.
func (r *Region) callback(id string) (*dexec, *dop) {
	if r.store.durable == nil {
		return nil, nil
	}
	ex := r.store.durable.callbacks[id]
	if ex == nil || ex.gone || ex.account != r.account || ex.region != r.region || ex.Status != DurRunning {
		return nil, nil
	}
	for _, op := range ex.ops {
		if op.CallbackID == id && op.Status == OpStarted {
			return ex, op
		}
	}
	return nil, nil
}

// CallbackExecution is the ARN of the execution whose open callback id is
// ("" when none).
func (r *Region) CallbackExecution(id string) string {
	if ex, _ := r.callback(id); ex != nil {
		return ex.ARN
	}
	return ""
}

// CallbackSucceed is SendDurableExecutionCallbackSuccess: the callback
// succeeds with result (the raw body); the execution's code runs again.
func (r *Region) CallbackSucceed(id string, result string, now time.Time) *Error {
	return r.answerCallback(id, &result, nil, now)
}

// CallbackFail is SendDurableExecutionCallbackFailure.
func (r *Region) CallbackFail(id string, e DurableError, now time.Time) *Error {
	return r.answerCallback(id, nil, &e, now)
}

func (r *Region) answerCallback(id string, result *string, e *DurableError, now time.Time) *Error {
	ex, op := r.callback(id)
	if op == nil {
		return errCallbackTimeout()
	}
	if ex.invoking && now.Before(ex.invokingAt) {
		now = ex.invokingAt
	}
	d := r.store.dur()
	op.End = now
	if e == nil {
		op.Status, op.Result = OpSucceeded, result
		ex.event(DurableEvent{Type: "CallbackSucceeded", Result: clonePtr(result)}, op, now)
	} else {
		op.Status, op.Error = OpFailed, e.clone()
		ex.event(DurableEvent{Type: "CallbackFailed", Error: e.clone()}, op, now)
	}
	delete(d.callbacks, id)
	ex.changed(op)
	d.markDirty(ex, now)
	return nil
}

// CallbackHeartbeat is SendDurableExecutionCallbackHeartbeat: the
// heartbeat deadline moves to now plus the callback's HeartbeatTimeout.
func (r *Region) CallbackHeartbeat(id string, now time.Time) *Error {
	ex, op := r.callback(id)
	if op == nil {
		return errCallbackTimeout()
	}
	if op.heartbeat > 0 {
		op.heartbeatAt = now.Add(op.heartbeat)
		op.hbGen++
		r.store.dur().push(op.heartbeatAt, dueHeartbeat, ex, op, op.hbGen)
	}
	return nil
}

// StopDurable is StopDurableExecution: the execution is STOPPED at now with
// e as its error; its open callbacks close; an invocation running is not
// interrupted, but its next checkpoint is refused. Stopping a stopped
// execution answers its stop time again (assumed: peers do so; AWS is not
// documented); stopping one that ended otherwise is refused.
func (r *Region) StopDurable(arn string, e *DurableError, now time.Time) (time.Time, *Error) {
	ex := r.execution(arn)
	if ex == nil {
		return time.Time{}, errDurableNotFound(arn)
	}
	switch ex.Status {
	case DurStopped:
		return ex.End, nil
	case DurRunning:
	default:
		return time.Time{}, errInvalidParam("Cannot stop a durable execution in status " + ex.Status + ".") // assumed wording
	}
	ex.Error = e.clone()
	ex.close(r.store.dur(), DurStopped, now, &DurableEvent{Type: "ExecutionStopped", Error: e.clone()})
	return now, nil
}

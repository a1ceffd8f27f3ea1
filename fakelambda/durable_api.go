package fakelambda

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// The durable execution operations (routes in table.go): adapters from
// the wire to internal/state's durable executions. Timestamps are epoch
// seconds on the wire (epoch milliseconds in the invocation envelope).

// durableErrorObject is Lambda's ErrorObject.
type durableErrorObject struct {
	ErrorMessage string   `json:",omitempty"`
	ErrorType    string   `json:",omitempty"`
	ErrorData    string   `json:",omitempty"`
	StackTrace   []string `json:",omitempty"`
}

func (e *durableErrorObject) state() *state.DurableError {
	if e == nil {
		return nil
	}
	return &state.DurableError{Type: e.ErrorType, Message: e.ErrorMessage, Data: e.ErrorData, StackTrace: e.StackTrace}
}

func errorObjectOf(e *state.DurableError) *durableErrorObject {
	if e == nil {
		return nil
	}
	return &durableErrorObject{ErrorMessage: e.Message, ErrorType: e.Type, ErrorData: e.Data, StackTrace: e.StackTrace}
}

// epoch is t as the API's timestamps are on the wire: epoch seconds, to
// the millisecond.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// stamp is a timestamp on the wire: epoch seconds, or epoch milliseconds in
// the envelope.
func stamp(t time.Time, millis bool) any {
	if millis {
		return t.UnixMilli()
	}
	return epoch(t)
}

// operationJSON is an Operation as the state, checkpoint and envelope
// answers give it.
func operationJSON(op state.DurableOp, millis bool) map[string]any {
	m := map[string]any{"Id": op.ID, "Type": op.Type, "Status": op.Status, "StartTimestamp": stamp(op.Start, millis)}
	if op.ParentID != "" {
		m["ParentId"] = op.ParentID
	}
	if op.Name != "" {
		m["Name"] = op.Name
	}
	if op.SubType != "" {
		m["SubType"] = op.SubType
	}
	if !op.End.IsZero() {
		m["EndTimestamp"] = stamp(op.End, millis)
	}
	det := map[string]any{}
	if op.Result != nil {
		det["Result"] = *op.Result
	}
	if op.Error != nil {
		det["Error"] = errorObjectOf(op.Error)
	}
	switch op.Type {
	case "EXECUTION":
		m["ExecutionDetails"] = map[string]any{"InputPayload": deref(op.Input)}
	case "STEP":
		det["Attempt"] = op.Attempt
		if !op.NextAttempt.IsZero() {
			det["NextAttemptTimestamp"] = stamp(op.NextAttempt, millis)
		}
		m["StepDetails"] = det
	case "WAIT":
		m["WaitDetails"] = map[string]any{"ScheduledEndTimestamp": stamp(op.ScheduledEnd, millis)}
	case "CALLBACK":
		det["CallbackId"] = op.CallbackID
		m["CallbackDetails"] = det
	case "CONTEXT":
		if op.ReplayChildren {
			det["ReplayChildren"] = true
		}
		m["ContextDetails"] = det
	case "CHAINED_INVOKE":
		m["ChainedInvokeDetails"] = det
	}
	return m
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// eventJSON is a history Event (id is its EventId); include false leaves
// out the payloads (IncludeExecutionData=false).
func eventJSON(ev state.DurableEvent, id int, include bool) map[string]any {
	m := map[string]any{"EventType": ev.Type, "EventId": id, "Id": ev.ID, "EventTimestamp": epoch(ev.At)}
	if ev.Name != "" {
		m["Name"] = ev.Name
	}
	if ev.SubType != "" {
		m["SubType"] = ev.SubType
	}
	if ev.ParentID != "" {
		m["ParentId"] = ev.ParentID
	}
	payload := func(p *string) map[string]any {
		out := map[string]any{"Truncated": false}
		if include && p != nil {
			out["Payload"] = *p
		}
		return out
	}
	det := map[string]any{}
	if ev.Error != nil {
		det["Error"] = map[string]any{"Payload": errorObjectOf(ev.Error), "Truncated": false}
	}
	switch ev.Type {
	case "ExecutionStarted":
		det["Input"] = payload(ev.Input)
		det["ExecutionTimeout"] = ev.ExecutionTimeout
	case "ExecutionSucceeded", "StepSucceeded", "ContextSucceeded", "CallbackSucceeded", "ChainedInvokeSucceeded":
		det["Result"] = payload(ev.Result)
	case "WaitStarted":
		det["Duration"] = ev.Duration
		det["ScheduledEndTimestamp"] = epoch(ev.ScheduledEnd)
	case "WaitSucceeded":
		det["Duration"] = ev.Duration
	case "CallbackStarted":
		det["CallbackId"] = ev.CallbackID
		if ev.Timeout > 0 {
			det["Timeout"] = ev.Timeout
		}
		if ev.HeartbeatTimeout > 0 {
			det["HeartbeatTimeout"] = ev.HeartbeatTimeout
		}
	case "ChainedInvokeStarted":
		det["FunctionName"] = ev.FunctionName
		if ev.TenantID != "" {
			det["TenantId"] = ev.TenantID
		}
		det["Input"] = payload(ev.Input)
		if ev.ExecutedVersion != "" {
			det["ExecutedVersion"] = ev.ExecutedVersion
		}
		if ev.ChildARN != "" {
			det["DurableExecutionArn"] = ev.ChildARN
		}
	case "InvocationCompleted":
		det["StartTimestamp"] = epoch(ev.InvocationStart)
		det["EndTimestamp"] = epoch(ev.InvocationEnd)
		det["RequestId"] = ev.RequestID
	}
	switch ev.Type {
	case "StepSucceeded", "StepFailed":
		retry := map[string]any{"CurrentAttempt": ev.Attempt}
		if ev.NextAttemptDelay > 0 {
			retry["NextAttemptDelaySeconds"] = ev.NextAttemptDelay
		}
		det["RetryDetails"] = retry
	}
	m[ev.Type+"Details"] = det
	return m
}

// durableExecutionOf reads the {DurableExecutionArn} label's execution.
// Callers hold f.mu.
func (f *Fake) durableExecutionOf(rq *request) (state.DurableExecution, *APIError) {
	ex, se := f.regionOf(rq).DurableExecution(rq.label("DurableExecutionArn"))
	return ex, apiError(se)
}

// includeData reads IncludeExecutionData (default true).
func includeData(vals url.Values) bool {
	return !strings.EqualFold(vals.Get("IncludeExecutionData"), "false")
}

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
	DurableConfig         *state.DurableConfig `json:",omitempty"`
}

func (f *Fake) getDurableExecution(rq *request) *response {
	ex, e := f.durableExecutionOf(rq)
	if e != nil {
		return fail(e)
	}
	include := includeData(rq.values())
	out := durableExecutionOut{DurableExecutionArn: ex.ARN, DurableExecutionName: ex.Name, FunctionArn: ex.FunctionARN,
		StartTimestamp: epoch(ex.Start), Status: ex.Status, Version: ex.Version, ExecutionDataIncluded: include,
		DurableConfig: &state.DurableConfig{ExecutionTimeout: int(ex.ExecutionTimeout), RetentionPeriodInDays: ex.RetentionDays}}
	if !ex.End.IsZero() {
		end := epoch(ex.End)
		out.EndTimestamp = &end
	}
	if include {
		in := ex.Input
		out.InputPayload = &in
		out.Result = ex.Result
		out.Error = errorObjectOf(ex.Error) // the flag covers "input payload, result, and error information" (model doc)
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
	vals := rq.values()
	if qp := vals.Get("Qualifier"); qp != "" {
		if q != "" && q != qp {
			return fail(errInvalidParam("The derived qualifier from the function name does not match the specified qualifier."))
		}
		q = qp
	}
	r := f.regionOf(rq)
	t, se := r.Resolve(name, q, state.Lookup{})
	if se != nil {
		return failState(se)
	}
	filter := state.DurableFilter{Name: vals.Get("DurableExecutionName"), Statuses: vals["Statuses"]}
	if q != "" {
		filter.Versions = map[string]bool{t.Version: true}
	}
	for _, p := range []struct {
		key string
		to  *time.Time
	}{{"StartedAfter", &filter.StartedAfter}, {"StartedBefore", &filter.StartedBefore}} {
		if s := vals.Get(p.key); s != "" {
			at, ok := parseEpoch(s)
			if !ok {
				return fail(errInvalidParam(p.key + " is not a timestamp: " + s))
			}
			*p.to = at
		}
	}
	items := r.DurableExecutions(t.Function, filter) // newest first
	if strings.EqualFold(vals.Get("ReverseOrder"), "true") {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
	}
	start, end, next, e := durablePage(vals, len(items), 100)
	if e != nil {
		return fail(e)
	}
	out := struct {
		DurableExecutions []durableListItem
		NextMarker        *string `json:",omitempty"`
	}{DurableExecutions: []durableListItem{}, NextMarker: next}
	for _, ex := range items[start:end] {
		it := durableListItem{ex.ARN, ex.Name, ex.FunctionARN, ex.Status, epoch(ex.Start), nil}
		if !ex.End.IsZero() {
			e := epoch(ex.End)
			it.EndTimestamp = &e
		}
		out.DurableExecutions = append(out.DurableExecutions, it)
	}
	return answer(200, out)
}

// parseEpoch reads a query timestamp: epoch seconds or RFC 3339.
func parseEpoch(s string) (time.Time, bool) {
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return time.UnixMilli(int64(x * 1000)).UTC(), true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// GetDurableExecutionHistory: the events, oldest first (ReverseOrder:
// newest first), MaxItems per page (default 100, at most 1000).
func (f *Fake) getDurableExecutionHistory(rq *request) *response {
	evs, se := f.regionOf(rq).DurableHistory(rq.label("DurableExecutionArn"))
	if se != nil {
		return failState(se)
	}
	vals := rq.values()
	include := includeData(vals)
	order := make([]int, len(evs))
	for i := range order {
		order[i] = i
	}
	if strings.EqualFold(vals.Get("ReverseOrder"), "true") {
		for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
			order[i], order[j] = order[j], order[i]
		}
	}
	start, end, next, e := durablePage(vals, len(order), 100)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Events     []map[string]any
		NextMarker *string `json:",omitempty"`
	}{Events: []map[string]any{}, NextMarker: next}
	for _, i := range order[start:end] {
		out.Events = append(out.Events, eventJSON(evs[i], i+1, include))
	}
	return answer(200, out)
}

// GetDurableExecutionState: the operations, the EXECUTION first, for a
// checkpoint token of the execution.
func (f *Fake) getDurableExecutionState(rq *request) *response {
	tok, _ := rq.query("CheckpointToken")
	ops, se := f.regionOf(rq).DurableState(rq.label("DurableExecutionArn"), tok)
	if se != nil {
		return failState(se)
	}
	vals := rq.values()
	start, end, next, e := durablePage(vals, len(ops), 100) // "The default is 100" (model doc)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Operations []map[string]any
		NextMarker *string `json:",omitempty"`
	}{Operations: []map[string]any{}, NextMarker: next}
	for _, op := range ops[start:end] {
		out.Operations = append(out.Operations, operationJSON(op, false))
	}
	return answer(200, out)
}

// operationUpdateIn is one of CheckpointDurableExecution's Updates.
type operationUpdateIn struct {
	Id, ParentId, Name, Type, SubType, Action string
	Payload                                   *string
	Error                                     *durableErrorObject
	ContextOptions                            *struct{ ReplayChildren bool }
	StepOptions                               *struct{ NextAttemptDelaySeconds int64 }
	WaitOptions                               *struct{ WaitSeconds *int64 }
	CallbackOptions                           *struct{ TimeoutSeconds, HeartbeatTimeoutSeconds int64 }
	ChainedInvokeOptions                      *struct{ FunctionName, TenantId string }
}

func (u operationUpdateIn) state() state.OperationUpdate {
	out := state.OperationUpdate{ID: u.Id, ParentID: u.ParentId, Name: u.Name, Type: u.Type, SubType: u.SubType,
		Action: u.Action, Payload: u.Payload, Error: u.Error.state()}
	if o := u.ContextOptions; o != nil {
		out.ReplayChildren = o.ReplayChildren
	}
	if o := u.StepOptions; o != nil {
		out.NextAttemptDelay = o.NextAttemptDelaySeconds
	}
	if o := u.WaitOptions; o != nil {
		out.WaitSeconds = o.WaitSeconds
	}
	if o := u.CallbackOptions; o != nil {
		out.CallbackTimeout, out.CallbackHeartbeat = o.TimeoutSeconds, o.HeartbeatTimeoutSeconds
	}
	if o := u.ChainedInvokeOptions; o != nil {
		out.ChainedFunction, out.TenantID = o.FunctionName, o.TenantId
	}
	return out
}

// CheckpointDurableExecution: what an SDK inside the function sends
// (state.Region.Checkpoint says what it checks).
func (f *Fake) checkpointDurableExecution(rq *request) *response {
	var in struct {
		CheckpointToken string
		Updates         []operationUpdateIn
		ClientToken     string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	updates := make([]state.OperationUpdate, len(in.Updates))
	for i, u := range in.Updates {
		updates[i] = u.state()
	}
	ans, se := f.regionOf(rq).Checkpoint(rq.label("DurableExecutionArn"), in.CheckpointToken, in.ClientToken, updates, rq.now)
	if se != nil {
		return failState(se)
	}
	out := struct {
		CheckpointToken   *string `json:",omitempty"`
		NewExecutionState struct{ Operations []map[string]any }
	}{}
	if ans.Token != "" {
		out.CheckpointToken = &ans.Token
	}
	out.NewExecutionState.Operations = []map[string]any{}
	for _, op := range ans.Ops {
		out.NewExecutionState.Operations = append(out.NewExecutionState.Operations, operationJSON(op, false))
	}
	return answer(200, out)
}

// checkpointFault is the error of a fault added for
// CheckpointDurableExecution that fires for rq, an in-process checkpoint
// (a fault's Delay is not applied there). Callers hold f.mu.
func (f *Fake) checkpointFault(rq *request) *APIError {
	if f.faults.count == 0 {
		return nil
	}
	h := f.faults.match(rq)
	if h == nil || h.flt.Err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(h.flt.Err, &ae) {
		return ae
	}
	return ServiceError(h.flt.Err.Error())
}

func (f *Fake) stopDurableExecution(rq *request) *response {
	var in durableErrorObject
	if len(rq.body) > 0 {
		if e := decode(rq, &in); e != nil {
			return fail(e)
		}
	}
	var e *state.DurableError
	if in.ErrorType != "" || in.ErrorMessage != "" || in.ErrorData != "" || len(in.StackTrace) > 0 {
		e = in.state()
	}
	at, se := f.regionOf(rq).StopDurable(rq.label("DurableExecutionArn"), e, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ StopTimestamp float64 }{epoch(at)})
}

// callbackResultMax is the largest SendDurableExecutionCallbackSuccess
// Result (the model's BinaryOperationPayload).
const callbackResultMax = 262144

// sendCallback answers a callback; the execution's code runs again before
// the call answers. An unlocked operation.
func (f *Fake) sendCallback(rq *request, succeed bool) *response {
	if succeed && len(rq.body) > callbackResultMax {
		// The model's BinaryOperationPayload max, which the generic validation
		// leaves to the operation (a payload member); sensitive: no value.
		var v validation
		v.add("Value at 'result' failed to satisfy constraint: Member must have length less than or equal to %d", callbackResultMax)
		return fail(v.err())
	}
	var in durableErrorObject
	if !succeed && len(rq.body) > 0 {
		if e := decode(rq, &in); e != nil {
			return fail(e)
		}
	}
	f.mu.Lock()
	r := f.regionOf(rq)
	id := rq.label("CallbackId")
	arn := r.CallbackExecution(id)
	var se *state.Error
	if succeed {
		se = r.CallbackSucceed(id, string(rq.body), rq.now)
	} else {
		se = r.CallbackFail(id, *in.state(), rq.now)
	}
	if se != nil {
		f.mu.Unlock()
		return failState(se)
	}
	// The invocation it makes due, taken before unlocking (as Invoke
	// does): another request's pump cannot take it, so this call answers
	// after it ran.
	ctx := rq.r.Context()
	st := f.store
	if w, ok := st.TakeInvocation(arn, rq.now); ok {
		f.runInvocation(ctx, st, st.Region(w.Account, w.Region), w) // releases f.mu
	} else {
		f.mu.Unlock()
	}
	f.pumpDurable(ctx)
	return answer(200, struct{}{})
}

func (f *Fake) sendDurableExecutionCallbackSuccess(rq *request) *response {
	return f.sendCallback(rq, true)
}

func (f *Fake) sendDurableExecutionCallbackFailure(rq *request) *response {
	return f.sendCallback(rq, false)
}

func (f *Fake) sendDurableExecutionCallbackHeartbeat(rq *request) *response {
	if se := f.regionOf(rq).CallbackHeartbeat(rq.label("CallbackId"), rq.now); se != nil {
		return failState(se)
	}
	return answer(200, struct{}{})
}

// durablePage reads the durable operations' paging: Marker is the offset of
// the first item (an opaque string to callers), MaxItems 1..1000 (def when
// absent). next is the marker of the following page, nil on the last.
func durablePage(vals url.Values, n, def int) (start, end int, next *string, e *APIError) {
	if m := vals.Get("Marker"); m != "" {
		i, err := strconv.Atoi(m)
		if err != nil || i < 0 || i > n {
			return 0, 0, nil, errInvalidParam("Invalid marker: " + m)
		}
		start = i
	}
	maxItems := def
	if s := vals.Get("MaxItems"); s != "" {
		if i, err := strconv.Atoi(s); err == nil && i > 0 && i <= 1000 {
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

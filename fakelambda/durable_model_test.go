package fakelambda

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"

	"github.com/fakeaws/lambda/fakelambda/durable"
)

// TestModel's share of the durable execution operations (randomOp,
// model.apply and TestModel's observe step call in here). The durable
// function is d (modelDurable, set by TestModel), which the durable kinds
// sometimes create (as a "create" of d); its handler waits for one
// callback "cb" and returns its result. Executions are named n0 and n1,
// started on d:$LATEST with payload {"p":0} or {"p":1}, asynchronously or
// synchronously (the fake's clock never moves, so a synchronous start
// answers suspended while the execution waits).
//
// Execution ids include the start time, so the model never computes them:
// observeDurable learns each execution's ARN from its start's
// X-Amz-Durable-Execution-Arn header and its callback ID from a history or
// state answer. Until then the operations use ids no execution has (and
// the model predicts the errors those get); once known, the start's
// answer must repeat the ARN and List must list it.

var durKinds = []struct {
	kind string
	w    int
}{
	{"startDE", 3}, {"listDE", 1}, {"getDE", 1}, {"historyDE", 2}, {"tokenDE", 2}, {"stopDE", 1},
	{"cbSucceed", 1}, {"cbFail", 1}, {"cbHeartbeat", 1},
}

// modelDurable is d's code.
var modelDurable = durable.Wrap(func(c durable.Context, _ json.RawMessage) (json.RawMessage, error) {
	return durable.WaitForCallback[json.RawMessage](c, "cb", nil)
})

func isDurKind(kind string) bool {
	return slices.ContainsFunc(durKinds, func(k struct {
		kind string
		w    int
	}) bool {
		return k.kind == kind
	})
}

// mDurable is the model's durable executions of d.
type mDurable struct {
	execs map[string]*mExec // by name
	order []string          // names, in start order
}

type mExec struct {
	arn, cbID       string // as learned from answers ("" until then)
	payload, status string
	errType         string   // the execution's Error.ErrorType
	events          []string // the history's event types
}

const (
	modelDurPrefix  = "arn:aws:lambda:us-east-1:123456789012:function:d:$LATEST/durable-execution/"
	unknownExecID   = "00000000-0000-0000-0000-000000000000"
	durStartedTypes = "ExecutionStarted ContextStarted CallbackStarted InvocationCompleted"
)

// execID is the id in an execution's ARN.
func execID(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

// randomDurableOp fills in op for the durable kinds; false for other kinds.
// Its target names an execution no one started: bindDurable puts in the
// ARN or callback ID the model has learned.
func randomDurableOp(rng *rand.Rand, op *mOp) bool {
	if !isDurKind(op.kind) {
		return false
	}
	op.fn = "d"
	op.q = "n" + []string{"0", "1"}[rng.Intn(2)]
	op.n = rng.Intn(2)
	switch op.kind {
	case "startDE":
		// op.mem: 0 d:$LATEST in the path, 1 ?Qualifier=$LATEST, 2 unqualified (refused)
		op.mem = []int{0, 0, 1, 1, 2}[rng.Intn(5)]
		op.method, op.target = "POST", []string{"/2015-03-31/functions/d%3A%24LATEST/invocations",
			"/2015-03-31/functions/d/invocations?Qualifier=%24LATEST", "/2015-03-31/functions/d/invocations"}[op.mem]
		op.invocationType = []string{"Event", "Event", "RequestResponse"}[rng.Intn(3)]
		op.header = http.Header{"X-Amz-Invocation-Type": {op.invocationType}, "X-Amz-Durable-Execution-Name": {op.q}}
		op.body = []byte(fmt.Sprintf(`{"p":%d}`, op.n))
		if op.invocationType == "RequestResponse" {
			op.key = "@X-Amz-Function-Error,errorType"
		}
	case "listDE":
		op.method, op.target, op.key = "GET", "/2025-12-01/functions/d/durable-executions",
			"DurableExecutions.*.DurableExecutionName,DurableExecutions.*.Status,DurableExecutions.*.DurableExecutionArn"
		switch op.n = rng.Intn(4); op.n {
		case 1:
			op.target += "?Statuses=RUNNING"
		case 2:
			op.target += "?DurableExecutionName=" + op.q
		case 3:
			op.target = "/2025-12-01/functions/d%3A%24LATEST/durable-executions?ReverseOrder=true"
		}
	case "getDE":
		op.method, op.key = "GET", "Status,Result,Error.ErrorType,DurableExecutionName"
	case "historyDE":
		op.method, op.key = "GET", "Events.*.EventType"
	case "tokenDE": // the operations that take a checkpoint token
		op.mem = rng.Intn(3) / 2 // 0: GetDurableExecutionState, 1: CheckpointDurableExecution
		op.method, op.key = "GET", "Operations.*.Type,Operations.*.Status"
		if op.mem == 1 {
			op.method, op.key = "POST", "message"
		}
	case "stopDE":
		op.method, op.key = "POST", "message"
		if op.n == 1 {
			op.body = []byte(`{"ErrorType":"S","ErrorMessage":"stopped"}`)
		}
	case "cbSucceed":
		op.method, op.body = "POST", []byte(`"yes"`)
	case "cbFail":
		op.method, op.body = "POST", []byte(`{"ErrorType":"E","ErrorMessage":"m"}`)
	case "cbHeartbeat":
		op.method = "POST"
	}
	*op = durableTarget(*op, modelDurPrefix+op.q+"/"+unknownExecID, base64.StdEncoding.EncodeToString([]byte("unknown#cb")))
	return true
}

// bindDurable puts the ARN or callback ID the model has learned of op's
// execution in its target, and, for a start of a known execution, its ARN
// in the answer's fields.
func (m *model) bindDurable(op mOp) mOp {
	if !isDurKind(op.kind) || op.kind == "listDE" {
		return op
	}
	e := m.durable().execs[op.q]
	if e == nil || e.arn == "" {
		return op
	}
	if op.kind == "startDE" {
		op.key = strings.TrimPrefix(op.key+",@X-Amz-Durable-Execution-Arn", ",")
		return op
	}
	cb := e.cbID
	if cb == "" {
		cb = base64.StdEncoding.EncodeToString([]byte(e.arn + "#unknown"))
	}
	return durableTarget(op, e.arn, cb)
}

// durableTarget puts in op's target the execution arn or the callback cb.
func durableTarget(op mOp, arn, cb string) mOp {
	ep := "/2025-12-01/durable-executions/" + url.PathEscape(arn)
	switch op.kind {
	case "getDE":
		op.target = ep
	case "stopDE":
		op.target = ep + "/stop"
	case "historyDE":
		op.target = ep + "/history"
	case "tokenDE":
		// op.n 0: the execution's first token (any token it gave reads
		// its state; none is live for a checkpoint: no invocation runs
		// between requests); 1: a number it never gave
		tok := base64.StdEncoding.EncodeToString([]byte(execID(arn) + ":" + []string{"1", "99"}[op.n]))
		op.target = ep + "/state?CheckpointToken=" + url.QueryEscape(tok)
		if op.mem == 1 {
			op.target = ep + "/checkpoint"
			op.body = []byte(`{"CheckpointToken":"` + tok + `","Updates":[{"Id":"s1","Type":"STEP","Action":"START"}]}`)
		}
	case "cbSucceed", "cbFail", "cbHeartbeat":
		op.target = "/2025-12-01/durable-execution-callbacks/" + url.PathEscape(cb) + "/" +
			map[string]string{"cbSucceed": "succeed", "cbFail": "fail", "cbHeartbeat": "heartbeat"}[op.kind]
	}
	return op
}

func (m *model) durable() *mDurable {
	if m.dur == nil {
		m.dur = &mDurable{execs: map[string]*mExec{}}
	}
	return m.dur
}

// observeDurable learns from a durable kind's answer what the model cannot
// predict: a new execution's ARN (its name must be in it) and its
// callback's ID.
func (m *model) observeDurable(op mOp, w *httptest.ResponseRecorder) {
	e := m.durable().execs[op.q]
	if !isDurKind(op.kind) || e == nil || w.Code >= 300 {
		return
	}
	switch op.kind {
	case "startDE":
		if e.arn == "" {
			arn := w.Header().Get("X-Amz-Durable-Execution-Arn")
			if !strings.HasPrefix(arn, modelDurPrefix+op.q+"/") || len(execID(arn)) != len(unknownExecID) {
				arn = "not an ARN of " + op.q + ": " + arn // every later answer then differs from the model's
			}
			e.arn = arn
		}
	case "historyDE", "tokenDE":
		var out struct {
			Events     []struct{ CallbackStartedDetails struct{ CallbackId string } }
			Operations []struct{ CallbackDetails struct{ CallbackId string } }
		}
		_ = json.Unmarshal(w.Body.Bytes(), &out)
		for _, ev := range out.Events {
			if id := ev.CallbackStartedDetails.CallbackId; id != "" {
				e.cbID = id
			}
		}
		for _, o := range out.Operations {
			if id := o.CallbackDetails.CallbackId; id != "" {
				e.cbID = id
			}
		}
	}
}

// applyDurable is model.apply for the durable kinds; ok is false for the others.
func (m *model) applyDurable(op mOp) (answer string, ok bool) {
	if !isDurKind(op.kind) {
		return "", false
	}
	d := m.durable()
	e := d.execs[op.q]
	if e != nil && e.arn == "" {
		e = nil // started, but its ARN was not learned: the ops name another
	}
	switch op.kind {
	case "startDE":
		return m.startDurable(op), true
	case "listDE":
		if m.fns["d"] == nil {
			return notFound, true
		}
		var names, statuses, arns []any
		for _, name := range d.order {
			x := d.execs[name]
			if op.n == 1 && x.status != "RUNNING" || op.n == 2 && name != op.q {
				continue
			}
			names, statuses, arns = append(names, name), append(statuses, x.status), append(arns, x.arn)
		}
		if op.n != 3 { // newest first, unless ReverseOrder
			slices.Reverse(names)
			slices.Reverse(statuses)
			slices.Reverse(arns)
		}
		return ans(200, "DurableExecutions.*.DurableExecutionName", fmt.Sprint(orEmpty(names)), "DurableExecutions.*.Status", fmt.Sprint(orEmpty(statuses)),
			"DurableExecutions.*.DurableExecutionArn", fmt.Sprint(orEmpty(arns))), true
	case "getDE":
		if e == nil {
			return notFound, true
		}
		var result, errType any
		if e.status == "SUCCEEDED" {
			result = `"yes"`
		}
		if e.errType != "" {
			errType = e.errType
		}
		return ans(200, "Status", e.status, "Result", result, "Error.ErrorType", errType, "DurableExecutionName", op.q), true
	case "historyDE":
		if e == nil {
			return notFound, true
		}
		return ans(200, "Events.*.EventType", e.events), true
	case "tokenDE":
		if op.mem == 1 {
			return invalid + " message=Invalid Checkpoint Token: the token is not the execution's current one.", true
		}
		if e == nil || op.n == 1 {
			return invalid, true
		}
		st := map[string]string{"RUNNING": "STARTED STARTED STARTED", "SUCCEEDED": "SUCCEEDED SUCCEEDED SUCCEEDED",
			"FAILED": "FAILED FAILED FAILED", "STOPPED": "STOPPED STARTED STARTED"}[e.status]
		return "200 Operations.*.Type=[EXECUTION CONTEXT CALLBACK] Operations.*.Status=[" + st + "]", true
	case "stopDE":
		switch {
		case e == nil:
			return notFound + " message=Durable execution not found: " + modelDurPrefix + op.q + "/" + unknownExecID, true
		case e.status == "STOPPED":
			return "200", true
		case e.status != "RUNNING":
			return invalid + " message=Cannot stop a durable execution in status " + e.status + ".", true
		}
		e.status = "STOPPED"
		if op.n == 1 {
			e.errType = "S"
		}
		e.events = append(e.events, "ExecutionStopped")
		return "200", true
	}
	// the callbacks: only an open callback whose ID was learned answers
	if e == nil || e.cbID == "" || e.status != "RUNNING" {
		return "400 CallbackTimeoutException", true
	}
	switch op.kind {
	case "cbSucceed":
		e.status = "SUCCEEDED"
		e.events = append(e.events, "CallbackSucceeded", "ContextSucceeded", "InvocationCompleted", "ExecutionSucceeded")
	case "cbFail":
		e.status, e.errType = "FAILED", "E"
		e.events = append(e.events, "CallbackFailed", "ContextFailed", "InvocationCompleted", "ExecutionFailed")
	}
	return "200", true
}

// startDurable is the model of Invoke starting (or finding) an execution of d.
func (m *model) startDurable(op mOp) string {
	d := m.durable()
	if m.fns["d"] == nil {
		return notFound
	}
	if op.mem == 2 {
		return invalid
	}
	payload := fmt.Sprintf(`{"p":%d}`, op.n)
	e := d.execs[op.q]
	if e == nil {
		e = &mExec{payload: payload, status: "RUNNING", events: strings.Fields(durStartedTypes)}
		d.execs[op.q] = e
		d.order = append(d.order, op.q)
	} else if e.payload != payload {
		return "409 DurableExecutionAlreadyStartedException"
	}
	var fields []any
	if op.invocationType == "RequestResponse" {
		// the answer is the execution's outcome: suspended while it runs
		fnErr, errType := any("Unhandled"), any(e.errType)
		switch e.status {
		case "RUNNING":
			errType = durSuspendedType
		case "SUCCEEDED":
			fnErr, errType = "", nil
		case "STOPPED":
			if e.errType == "" {
				errType = "STOPPED"
			}
		}
		fields = append(fields, "@X-Amz-Function-Error", fnErr, "errorType", errType)
	}
	if e.arn != "" {
		fields = append(fields, "@X-Amz-Durable-Execution-Arn", e.arn)
	}
	if op.invocationType == "Event" {
		return ans(202, fields...)
	}
	return ans(200, fields...)
}

func orEmpty(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

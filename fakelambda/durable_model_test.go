package fakelambda

import (
	"encoding/base64"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"slices"
)

// TestModel's share of the durable execution operations (randomOp and
// model.apply call in here). The durable function is d (modelDurable, set
// by TestModel), which the durable kinds sometimes create (as a "create"
// of d); its handler waits for one callback and returns its result.
// Executions are named n0 and n1, started with payload {"p":0} or {"p":1}.

var durKinds = []struct {
	kind string
	w    int
}{
	{"startDE", 1}, {"checkpointDE", 1}, {"listDE", 1}, {"getDE", 1}, {"historyDE", 1}, {"stateDE", 1}, {"stopDE", 1}, {"cbSucceed", 1}, {"cbFail", 1}, {"cbHeartbeat", 1},
}

// modelDurable is d's code.
func modelDurable(c *DurableContext, _ []byte) ([]byte, error) { return c.WaitForCallback("cb", nil) }

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
	seq   int
	execs map[string]*mExec // by name
	order []string          // names, in start order
}

type mExec struct {
	id, payload, status string
	events              []string // the history's event types
	checkpoints         int      // checkpoints applied: each added a succeeded STEP
}

func modelExecARN(name, id string) string {
	return "arn:aws:lambda:us-east-1:123456789012:function:d:$LATEST/durable-execution/" + name + "/" + id
}

// randomDurableOp fills in op for the durable kinds; false for other kinds.
func randomDurableOp(rng *rand.Rand, op *mOp) bool {
	if !isDurKind(op.kind) {
		return false
	}
	op.fn = "d"
	op.q = "n" + []string{"0", "1"}[rng.Intn(2)]
	op.n = rng.Intn(2)
	switch op.kind {
	case "startDE":
		op.method, op.target, op.key = "POST", "/2015-03-31/functions/d/invocations", "@X-Amz-Durable-Execution-Arn"
		op.header = http.Header{"X-Amz-Invocation-Type": {"Event"}, "X-Amz-Durable-Execution-Name": {op.q}}
		op.body = []byte(fmt.Sprintf(`{"p":%d}`, op.n))
	case "listDE":
		op.method, op.target, op.key = "GET", "/2025-12-01/functions/d/durable-executions", "DurableExecutions.*.DurableExecutionName,DurableExecutions.*.Status"
		if op.n == 1 {
			op.target += "?Statuses=RUNNING"
		}
	case "getDE":
		op.method, op.key = "GET", "Status,Result"
	case "historyDE":
		op.method, op.key = "GET", "Events.*.EventType"
	case "stateDE":
		op.method, op.key = "GET", "Operations.*.Type,Operations.*.Status"
	case "checkpointDE":
		op.method, op.key = "POST", "NewExecutionState.Operations.*.Type"
	case "stopDE":
		op.method = "POST"
	case "cbSucceed":
		op.method, op.body = "POST", []byte(`"yes"`)
	case "cbFail":
		op.method, op.body = "POST", []byte(`{"ErrorType":"E","ErrorMessage":"m"}`)
	case "cbHeartbeat":
		op.method = "POST"
	}
	*op = durableTarget(*op, "unknown") // bindDurable puts in the id the model knows
	return true
}

// bindDurable puts the ARN or callback ID of op's execution in its target:
// the model knows the ids the deterministic engine gives out.
func (m *model) bindDurable(op mOp) mOp {
	if !isDurKind(op.kind) || op.kind == "startDE" || op.kind == "listDE" {
		return op
	}
	id, n := "unknown", 0
	if e := m.durable().execs[op.q]; e != nil {
		id, n = e.id, e.checkpoints
	}
	if op.kind == "checkpointDE" { // op.n 0: the current token; 1: a stale or foreign one
		tok := (&durableExec{id: id, checkpoints: n}).token()
		if op.n == 1 {
			tok = (&durableExec{id: id, checkpoints: n + 1}).token()
		}
		op.body = []byte(fmt.Sprintf(`{"CheckpointToken":%q,"Updates":[{"Id":"c%d","Name":"step","Type":"STEP","Action":"SUCCEED","Payload":"1"}]}`, tok, n))
	}
	return durableTarget(op, id)
}

// durableTarget puts in op's target the ARN or callback ID of the execution
// op.q of d whose id is id.
func durableTarget(op mOp, id string) mOp {
	switch op.kind {
	case "startDE", "listDE":
	case "getDE":
		op.target = "/2025-12-01/durable-executions/" + url.PathEscape(modelExecARN(op.q, id))
	case "stopDE":
		op.target = "/2025-12-01/durable-executions/" + url.PathEscape(modelExecARN(op.q, id)) + "/stop"
	case "historyDE":
		op.target = "/2025-12-01/durable-executions/" + url.PathEscape(modelExecARN(op.q, id)) + "/history"
	case "checkpointDE":
		op.target = "/2025-12-01/durable-executions/" + url.PathEscape(modelExecARN(op.q, id)) + "/checkpoint"
	case "stateDE":
		op.target = "/2025-12-01/durable-executions/" + url.PathEscape(modelExecARN(op.q, id)) + "/state?CheckpointToken=" + url.QueryEscape(checkpointToken(id))
	default:
		cb := url.PathEscape(base64.StdEncoding.EncodeToString([]byte(id + ":1")))
		op.target = "/2025-12-01/durable-execution-callbacks/" + cb + "/" + map[string]string{"cbSucceed": "succeed", "cbFail": "fail", "cbHeartbeat": "heartbeat"}[op.kind]
	}
	return op
}

func (m *model) durable() *mDurable {
	if m.dur == nil {
		m.dur = &mDurable{execs: map[string]*mExec{}}
	}
	return m.dur
}

// applyDurable is model.apply for the durable kinds; ok is false for the others.
func (m *model) applyDurable(op mOp) (answer string, ok bool) {
	if !isDurKind(op.kind) {
		return "", false
	}
	d := m.durable()
	e := d.execs[op.q]
	switch op.kind {
	case "startDE":
		if m.fns["d"] == nil {
			return notFound, true
		}
		payload := fmt.Sprintf(`{"p":%d}`, op.n)
		if e == nil {
			d.seq++
			e = &mExec{id: durableID("123456789012", "us-east-1", "d", d.seq), payload: payload, status: "RUNNING",
				events: []string{"ExecutionStarted", "CallbackStarted", "InvocationCompleted"}}
			d.execs[op.q] = e
			d.order = append(d.order, op.q)
		} else if e.payload != payload {
			return "409 DurableExecutionAlreadyStartedException", true
		}
		return fmt.Sprintf("202 %s=%s", op.key, modelExecARN(op.q, e.id)), true
	case "listDE":
		if m.fns["d"] == nil {
			return notFound, true
		}
		names, statuses := []any{}, []any{}
		for i := len(d.order) - 1; i >= 0; i-- { // newest first
			x := d.execs[d.order[i]]
			if op.n == 1 && x.status != "RUNNING" {
				continue
			}
			names, statuses = append(names, d.order[i]), append(statuses, x.status)
		}
		return fmt.Sprintf("200 DurableExecutions.*.DurableExecutionName=%v DurableExecutions.*.Status=%v", names, statuses), true
	case "getDE":
		if e == nil {
			return notFound, true
		}
		var result any
		if e.status == "SUCCEEDED" {
			result = `"yes"`
		}
		return fmt.Sprintf("200 Status=%s Result=%v", e.status, result), true
	case "stateDE":
		if e == nil {
			return invalid, true
		}
		op := map[string]string{"RUNNING": "STARTED"}[e.status]
		if op == "" {
			op = e.status
		}
		cb := map[string]string{"RUNNING": "STARTED", "STOPPED": "STOPPED"}[e.status]
		if cb == "" {
			cb = e.status
		}
		types, statuses := "EXECUTION CALLBACK", op+" "+cb
		for range e.checkpoints {
			types, statuses = types+" STEP", statuses+" SUCCEEDED"
		}
		return fmt.Sprintf("200 Operations.*.Type=[%s] Operations.*.Status=[%s]", types, statuses), true
	case "checkpointDE":
		if e == nil || op.n == 1 || e.status != "RUNNING" {
			return invalid, true
		}
		e.checkpoints++
		e.events = append(e.events, "StepStarted", "StepSucceeded")
		types := "EXECUTION CALLBACK"
		for range e.checkpoints {
			types += " STEP"
		}
		return "200 NewExecutionState.Operations.*.Type=[" + types + "]", true
	case "historyDE":
		if e == nil {
			return notFound, true
		}
		return fmt.Sprintf("200 Events.*.EventType=%v", e.events), true
	case "stopDE":
		if e == nil {
			return notFound, true
		}
		if e.status != "RUNNING" {
			return invalid, true
		}
		e.status = "STOPPED"
		e.events = append(e.events, "ExecutionStopped")
		return "200", true
	}
	if e == nil || e.status != "RUNNING" {
		return "400 CallbackTimeoutException", true
	}
	switch op.kind {
	case "cbSucceed":
		e.status = "SUCCEEDED"
		e.events = append(e.events, "CallbackSucceeded", "InvocationCompleted", "ExecutionSucceeded")
	case "cbFail":
		e.status = "FAILED"
		e.events = append(e.events, "CallbackFailed", "InvocationCompleted", "ExecutionFailed")
	}
	return "200", true
}

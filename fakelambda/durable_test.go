package fakelambda_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
)

// approval is a workflow: a step, a 72-hour wait, a human's callback, a
// last step. steps counts the runs of each step body.
func approval(steps map[string]int) fakelambda.DurableHandler {
	return func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
		if _, err := c.Step("validate", func() ([]byte, error) { steps["validate"]++; return []byte(`"ok"`), nil }); err != nil {
			return nil, err
		}
		if err := c.Wait("cool-off", 72*time.Hour); err != nil {
			return nil, err
		}
		res, err := c.WaitForCallback("human", nil)
		if err != nil {
			return nil, err
		}
		return c.Step("finish", func() ([]byte, error) {
			steps["finish"]++
			return []byte(`{"approved":` + string(res) + `}`), nil
		})
	}
}

func (e *env) durableStatus(t *testing.T, arn string) *lambda.GetDurableExecutionOutput {
	t.Helper()
	out, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDurableApprovalWorkflow(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "approve")
		v := e.publish(t, "approve")
		steps := map[string]int{}
		e.fake.SetDurableHandler("approve", approval(steps))
		start := e.clk.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("approve:" + v),
			InvocationType: types.InvocationTypeEvent, DurableExecutionName: aws.String("order-1"), Payload: []byte(`{"id":1}`)})
		if err != nil {
			t.Fatal(err)
		}
		arn := aws.ToString(out.DurableExecutionArn)
		if out.StatusCode != 202 || !strings.HasPrefix(arn, "arn:aws:lambda:us-east-1:123456789012:function:approve:"+v+"/durable-execution/order-1/") {
			t.Fatalf("status %d arn %q", out.StatusCode, arn)
		}
		g := e.durableStatus(t, arn)
		if g.Status != types.ExecutionStatusRunning || aws.ToString(g.InputPayload) != `{"id":1}` || aws.ToString(g.DurableExecutionName) != "order-1" ||
			!g.StartTimestamp.Equal(start) || aws.ToString(g.Version) != v {
			t.Fatalf("get: %+v", g)
		}
		// Three days pass in microseconds; the wait is not over a second early.
		e.clk.Add(72*time.Hour - time.Second)
		if n := e.fake.RunDurable(e.ctx); n != 0 {
			t.Fatalf("RunDurable ran %d before the wait ended", n)
		}
		if len(e.fake.OpenCallbacks(arn)) != 0 {
			t.Fatal("callback open before the wait ended")
		}
		e.clk.Add(time.Hour)
		if n := e.fake.RunQueued(e.ctx); n != 1 {
			t.Fatalf("RunQueued ran %d, want 1 durable resume", n)
		}
		cbs := e.fake.OpenCallbacks(arn)
		if len(cbs) != 1 || cbs[0].Name != "human" {
			t.Fatalf("open callbacks %+v", cbs)
		}
		if _, err := e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &cbs[0].CallbackID}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
			CallbackId: &cbs[0].CallbackID, Result: []byte("true")}); err != nil {
			t.Fatal(err)
		}
		g = e.durableStatus(t, arn)
		if g.Status != types.ExecutionStatusSucceeded || aws.ToString(g.Result) != `{"approved":true}` || g.EndTimestamp == nil {
			t.Fatalf("after callback: %+v", g)
		}
		if steps["validate"] != 1 || steps["finish"] != 1 {
			t.Fatalf("step bodies ran %v, want each once", steps)
		}
		// The history: each event at its own time, the wait's end at start+72h.
		hist, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn, IncludeExecutionData: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		var seq []string
		for i, ev := range hist.Events {
			seq = append(seq, string(ev.EventType)+"@"+ev.EventTimestamp.Sub(start).String())
			if aws.ToInt32(ev.EventId) != int32(i+1) {
				t.Fatalf("event %d has id %d", i, aws.ToInt32(ev.EventId))
			}
		}
		want := "ExecutionStarted@0s StepStarted@0s StepSucceeded@0s WaitStarted@0s InvocationCompleted@0s " +
			"WaitSucceeded@72h0m0s CallbackStarted@72h0m0s InvocationCompleted@72h0m0s " +
			"CallbackSucceeded@72h59m59s StepStarted@72h59m59s StepSucceeded@72h59m59s InvocationCompleted@72h59m59s ExecutionSucceeded@72h59m59s"
		if got := strings.Join(seq, " "); got != want {
			t.Fatalf("history:\n%s\nwant\n%s", got, want)
		}
		ws := hist.Events[3].WaitStartedDetails
		if aws.ToInt32(ws.Duration) != 72*3600 || !ws.ScheduledEndTimestamp.Equal(start.Add(72*time.Hour)) || aws.ToString(hist.Events[3].Name) != "cool-off" {
			t.Fatalf("WaitStarted: %+v", ws)
		}
		if cs := hist.Events[6].CallbackStartedDetails; aws.ToString(cs.CallbackId) != cbs[0].CallbackID {
			t.Fatalf("CallbackStarted: %+v", cs)
		}
		if r := hist.Events[12].ExecutionSucceededDetails; r == nil || aws.ToString(r.Result.Payload) != `{"approved":true}` {
			t.Fatalf("ExecutionSucceeded: %+v", r)
		}
		page, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn, MaxItems: 2, ReverseOrder: aws.Bool(true)})
		if err != nil || len(page.Events) != 2 || page.Events[0].EventType != types.EventTypeExecutionSucceeded || page.NextMarker == nil {
			t.Fatalf("reverse page: %v %+v", err, page)
		}
		// The callback is closed now.
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &cbs[0].CallbackID, Result: []byte("true")})
		var cte *types.CallbackTimeoutException
		if !errors.As(err, &cte) {
			t.Fatalf("second answer: %v", err)
		}
	})
}

func TestDurableSyncInvokeAndIdempotency(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "calc")
		runs := 0
		e.fake.SetDurableHandler("calc", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			return c.Step("double", func() ([]byte, error) { runs++; return []byte(`42`), nil })
		})
		inv := func(name, payload string) (*lambda.InvokeOutput, error) {
			return e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("calc:$LATEST"),
				DurableExecutionName: aws.String(name), Payload: []byte(payload)})
		}
		out, err := inv("x", `{"n":21}`)
		if err != nil || string(out.Payload) != "42" || out.FunctionError != nil || out.DurableExecutionArn == nil {
			t.Fatalf("invoke: %v %+v", err, out)
		}
		again, err := inv("x", `{"n":21}`)
		if err != nil || aws.ToString(again.DurableExecutionArn) != aws.ToString(out.DurableExecutionArn) || runs != 1 {
			t.Fatalf("same name and payload: %v %+v runs %d", err, again, runs)
		}
		_, err = inv("x", `{"n":22}`)
		var dup *types.DurableExecutionAlreadyStartedException
		if !errors.As(err, &dup) || !strings.Contains(err.Error(), "must be unique within the function") {
			t.Fatalf("other payload: %v", err)
		}
		// A suspended execution answers the sync call at once.
		e.fake.SetDurableHandler("calc", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			return nil, c.Wait("w", time.Hour)
		})
		out, err = inv("y", `{}`)
		if err != nil || aws.ToString(out.FunctionError) != "Unhandled" || !strings.Contains(string(out.Payload), "DurableSyncSuspended") {
			t.Fatalf("suspended: %v %+v", err, out)
		}
	})
}

func TestDurableListStopFailure(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "wf")
		e.fake.SetDurableHandler("wf", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			if string(in) == `"fail"` {
				return nil, errors.New("boom")
			}
			_, err := c.WaitForCallback("cb", nil)
			return nil, err
		})
		var arns []string
		for i, p := range []string{`"a"`, `"fail"`, `"b"`} {
			out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf"), InvocationType: types.InvocationTypeEvent,
				DurableExecutionName: aws.String("e" + string(rune('0'+i))), Payload: []byte(p)})
			if err != nil {
				t.Fatal(err)
			}
			arns = append(arns, aws.ToString(out.DurableExecutionArn))
			e.clk.Add(time.Second)
		}
		if g := e.durableStatus(t, arns[1]); g.Status != types.ExecutionStatusFailed || g.Error == nil || aws.ToString(g.Error.ErrorMessage) != "boom" {
			t.Fatalf("failed execution: %+v", g)
		}
		stop, err := e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arns[0],
			Error: &types.ErrorObject{ErrorType: aws.String("Cancelled"), ErrorMessage: aws.String("by test")}})
		if err != nil || !stop.StopTimestamp.Equal(e.clk.Now()) {
			t.Fatalf("stop: %v %+v", err, stop)
		}
		if g := e.durableStatus(t, arns[0]); g.Status != types.ExecutionStatusStopped {
			t.Fatalf("stopped: %+v", g)
		}
		if _, err := e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arns[0]}); err == nil {
			t.Fatal("stopping twice succeeded")
		}
		// A failure answer fails the waiting execution's callback.
		cb := e.fake.OpenCallbacks(arns[2])[0]
		if _, err := e.client.SendDurableExecutionCallbackFailure(e.ctx, &lambda.SendDurableExecutionCallbackFailureInput{CallbackId: &cb.CallbackID,
			Error: &types.ErrorObject{ErrorType: aws.String("Rejected"), ErrorMessage: aws.String("no")}}); err != nil {
			t.Fatal(err)
		}
		if g := e.durableStatus(t, arns[2]); g.Status != types.ExecutionStatusFailed || aws.ToString(g.Error.ErrorType) != "Rejected" {
			t.Fatalf("callback failure: %+v", g.Error)
		}

		list := func(in *lambda.ListDurableExecutionsByFunctionInput) ([]string, *string) {
			t.Helper()
			out, err := e.client.ListDurableExecutionsByFunction(e.ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, x := range out.DurableExecutions {
				names = append(names, aws.ToString(x.DurableExecutionName)+":"+string(x.Status))
			}
			return names, out.NextMarker
		}
		all, _ := list(&lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf")})
		if strings.Join(all, " ") != "e2:FAILED e1:FAILED e0:STOPPED" {
			t.Fatalf("list: %v", all)
		}
		page, next := list(&lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), MaxItems: 2})
		if len(page) != 2 || next == nil {
			t.Fatalf("page 1: %v %v", page, next)
		}
		page, next = list(&lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), MaxItems: 2, Marker: next})
		if strings.Join(page, " ") != "e0:STOPPED" || next != nil {
			t.Fatalf("page 2: %v %v", page, next)
		}
		stopped, _ := list(&lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), Statuses: []types.ExecutionStatus{types.ExecutionStatusStopped}})
		if strings.Join(stopped, " ") != "e0:STOPPED" {
			t.Fatalf("status filter: %v", stopped)
		}
		var nf *types.ResourceNotFoundException
		if _, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("nope")}); !errors.As(err, &nf) {
			t.Fatalf("unknown function: %v", err)
		}
		missing := strings.Replace(arns[0], "/e0/", "/zz/", 1)
		if _, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &missing}); !errors.As(err, &nf) {
			t.Fatalf("unknown execution: %v", err)
		}
	})
}

// A workflow of 100 one-day waits finishes on a mock clock at once.
func TestDurableManyWaits(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "long")
		e.fake.SetDurableHandler("long", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			for i := range 100 {
				if err := c.Wait("day", 24*time.Hour); err != nil {
					return nil, err
				}
				if _, err := c.Step("s", func() ([]byte, error) { return []byte(`1`), nil }); err != nil && i < 0 {
					return nil, err
				}
			}
			return []byte(`"done"`), nil
		})
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("long"), InvocationType: types.InvocationTypeEvent})
		if err != nil {
			t.Fatal(err)
		}
		e.clk.Add(100 * 24 * time.Hour)
		if n := e.fake.RunDurable(e.ctx); n != 100 {
			t.Fatalf("ran %d", n)
		}
		g := e.durableStatus(t, aws.ToString(out.DurableExecutionArn))
		if g.Status != types.ExecutionStatusSucceeded || !g.EndTimestamp.Equal(g.StartTimestamp.Add(100*24*time.Hour)) {
			t.Fatalf("%+v", g)
		}
	})
}

func TestDurableExecutionState(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "st")
		var token string
		e.fake.SetDurableHandler("st", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			token = c.CheckpointToken()
			if _, err := c.Step("one", func() ([]byte, error) { return []byte(`1`), nil }); err != nil {
				return nil, err
			}
			return nil, c.Wait("nap", 90*time.Second)
		})
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("st"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`{"a":1}`)})
		if err != nil {
			t.Fatal(err)
		}
		st, err := e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: out.DurableExecutionArn, CheckpointToken: &token})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, op := range st.Operations {
			got = append(got, string(op.Type)+":"+aws.ToString(op.Name)+":"+string(op.Status))
		}
		if strings.Join(got, " ") != "EXECUTION:"+aws.ToString(st.Operations[0].Name)+":STARTED STEP:one:SUCCEEDED WAIT:nap:STARTED" {
			t.Fatalf("state: %v", got)
		}
		if aws.ToString(st.Operations[1].StepDetails.Result) != "1" || !st.Operations[2].WaitDetails.ScheduledEndTimestamp.Equal(e.clk.Now().Add(90*time.Second)) ||
			aws.ToString(st.Operations[0].ExecutionDetails.InputPayload) != `{"a":1}` {
			t.Fatalf("details: %+v", st.Operations)
		}
		_, err = e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: out.DurableExecutionArn, CheckpointToken: aws.String("AAAA")})
		var ipv *types.InvalidParameterValueException
		if !errors.As(err, &ipv) {
			t.Fatalf("stale token: %v", err)
		}
	})
}

// A panicking handler fails its execution, the fake keeps serving, and
// Reset forgets executions and durable handlers.
func TestDurablePanicAndReset(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "p")
		e.fake.SetDurableHandler("p", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) { panic("oops") })
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("p")})
		if err != nil || aws.ToString(out.FunctionError) != "Unhandled" || !strings.Contains(string(out.Payload), "Runtime.Panic") {
			t.Fatalf("%v %+v %s", err, out, out.Payload)
		}
		g := e.durableStatus(t, aws.ToString(out.DurableExecutionArn))
		if g.Status != types.ExecutionStatusFailed || aws.ToString(g.Error.ErrorMessage) != "oops" {
			t.Fatalf("%+v", g.Error)
		}
		e.fake.Reset()
		var nf *types.ResourceNotFoundException
		if _, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: out.DurableExecutionArn}); !errors.As(err, &nf) {
			t.Fatalf("after Reset: %v", err)
		}
	})
}

// CheckpointDurableExecution, as an SDK inside the function calls it: the
// token chain, atomic updates, the execution's outcome.
func TestDurableCheckpoint(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "cp")
		var token string
		e.fake.SetDurableHandler("cp", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			token = c.CheckpointToken()
			_, err := c.WaitForCallback("never", nil)
			return nil, err
		})
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("cp"), InvocationType: types.InvocationTypeEvent})
		if err != nil {
			t.Fatal(err)
		}
		arn := out.DurableExecutionArn
		cp, err := e.client.CheckpointDurableExecution(e.ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: arn, CheckpointToken: &token,
			Updates: []types.OperationUpdate{
				{Id: aws.String("s1"), Name: aws.String("charge"), Type: types.OperationTypeStep, Action: types.OperationActionStart},
				{Id: aws.String("s1"), Type: types.OperationTypeStep, Action: types.OperationActionSucceed, Payload: aws.String(`"paid"`)},
			}})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(cp.CheckpointToken) == token || len(cp.NewExecutionState.Operations) != 3 ||
			aws.ToString(cp.NewExecutionState.Operations[2].StepDetails.Result) != `"paid"` {
			t.Fatalf("checkpoint: %+v", cp)
		}
		// The consumed token is stale; a bad update refuses the whole batch.
		var ipv *types.InvalidParameterValueException
		_, err = e.client.CheckpointDurableExecution(e.ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: arn, CheckpointToken: &token})
		if !errors.As(err, &ipv) {
			t.Fatalf("stale token: %v", err)
		}
		_, err = e.client.CheckpointDurableExecution(e.ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: arn, CheckpointToken: cp.CheckpointToken,
			Updates: []types.OperationUpdate{
				{Id: aws.String("s2"), Type: types.OperationTypeStep, Action: types.OperationActionStart},
				{Id: aws.String("s1"), Type: types.OperationTypeStep, Action: types.OperationActionStart},
			}})
		if !errors.As(err, &ipv) {
			t.Fatalf("bad batch: %v", err)
		}
		_, err = e.client.CheckpointDurableExecution(e.ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: arn, CheckpointToken: cp.CheckpointToken,
			Updates: []types.OperationUpdate{{Id: aws.String("x"), Type: types.OperationTypeExecution, Action: types.OperationActionSucceed, Payload: aws.String(`"done"`)}}})
		if err != nil {
			t.Fatal(err)
		}
		if g := e.durableStatus(t, aws.ToString(arn)); g.Status != types.ExecutionStatusSucceeded || aws.ToString(g.Result) != `"done"` {
			t.Fatalf("%+v", g)
		}
		if len(e.fake.OpenCallbacks(aws.ToString(arn))) != 0 {
			t.Fatal("callbacks left open")
		}
	})
}

// BenchmarkDurableWorkflow: 1,000 steps and 100 one-day waits, to the end,
// on a manual clock (start, move 101 days, RunDurable): every wait resumes
// a replay of the log so far.
func BenchmarkDurableWorkflow(b *testing.B) {
	for range b.N {
		clk := fakelambda.NewManualClock(epoch)
		fake := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
		w := httptest.NewRecorder()
		fake.ServeHTTP(w, httptest.NewRequest("POST", "/2015-03-31/functions", strings.NewReader(`{"FunctionName":"wf","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"emlw"}}`)))
		fake.SetDurableHandler("wf", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			for i := range 1000 {
				if _, err := c.Step("s", func() ([]byte, error) { return []byte(`1`), nil }); err != nil {
					return nil, err
				}
				if i%10 == 9 {
					if err := c.Wait("day", 24*time.Hour); err != nil {
						return nil, err
					}
				}
			}
			return []byte(`"done"`), nil
		})
		r := httptest.NewRequest("POST", "/2015-03-31/functions/wf/invocations", strings.NewReader(`{}`))
		r.Header.Set("X-Amz-Invocation-Type", "Event")
		w = httptest.NewRecorder()
		fake.ServeHTTP(w, r)
		clk.Advance(101 * 24 * time.Hour)
		if n := fake.RunDurable(context.Background()); n != 100 {
			b.Fatalf("RunDurable ran %d, want 100", n)
		}
	}
}

// Callbacks time out on the fake's clock, at their deadline; a heartbeat
// moves the heartbeat deadline.
func TestDurableCallbackTimeouts(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "to")
		e.fake.SetDurableHandler("to", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
			opt := fakelambda.CallbackTimeout(time.Hour)
			if string(in) == `"hb"` {
				opt = fakelambda.CallbackHeartbeatTimeout(10 * time.Minute)
			}
			return c.WaitForCallback("cb", nil, opt)
		})
		start := e.clk.Now()
		run := func(name, payload string) string {
			out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("to"), InvocationType: types.InvocationTypeEvent,
				DurableExecutionName: aws.String(name), Payload: []byte(payload)})
			if err != nil {
				t.Fatal(err)
			}
			return aws.ToString(out.DurableExecutionArn)
		}
		plain, hb := run("plain", `"t"`), run("hb", `"hb"`)
		hbID := e.fake.OpenCallbacks(hb)[0].CallbackID
		e.clk.Add(5 * time.Minute)
		if _, err := e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &hbID}); err != nil {
			t.Fatal(err)
		}
		e.clk.Add(7 * time.Minute) // 12 min: the heartbeat at 5 min holds until 15 min
		e.fake.RunDurable(e.ctx)
		if g := e.durableStatus(t, hb); g.Status != types.ExecutionStatusRunning {
			t.Fatalf("heartbeat did not hold: %+v", g.Error)
		}
		e.clk.Add(2 * time.Hour)
		if n := e.fake.RunDurable(e.ctx); n != 2 {
			t.Fatalf("RunDurable ran %d", n)
		}
		for arn, want := range map[string]string{plain: "Callback.Timeout", hb: "Callback.HeartbeatTimeout"} {
			g := e.durableStatus(t, arn)
			if g.Status != types.ExecutionStatusFailed || aws.ToString(g.Error.ErrorType) != want {
				t.Fatalf("%s: %+v", want, g.Error)
			}
		}
		hist, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &hb})
		if err != nil {
			t.Fatal(err)
		}
		var at time.Duration
		for _, ev := range hist.Events {
			if ev.EventType == types.EventTypeCallbackTimedOut {
				at = ev.EventTimestamp.Sub(start)
			}
		}
		if at != 15*time.Minute {
			t.Fatalf("CallbackTimedOut at %v, want 15m", at)
		}
		var cte *types.CallbackTimeoutException
		if _, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &hbID, Result: []byte("1")}); !errors.As(err, &cte) {
			t.Fatalf("late answer: %v", err)
		}
	})
}

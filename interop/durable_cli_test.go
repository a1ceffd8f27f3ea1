package interop_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestAWSCLIDurableExecution drives a durable execution of a scripted
// durable function (registered through the control API: a step, a 72-hour
// wait, a callback) with the AWS CLI: `invoke --durable-execution-name` on
// $LATEST (again with the same payload: the same execution; with another:
// DurableExecutionAlreadyStartedException), the clock moved and the due
// wait run through the control API, list-durable-executions-by-function,
// get-durable-execution-history for the callback's id, the callback's
// heartbeat and success, get-durable-execution, a second success refused,
// and stop-durable-execution on a second execution.
func TestAWSCLIDurableExecution(t *testing.T) {
	t.Parallel()
	srv := startFake(t)
	c := newLambdaCLI(t, srv)
	ok, failsWith := c.ok, c.failsWith
	version, stderr, err := runTool(t, ".", nil, c.aws, "--version")
	require.NoError(t, err, stderr)
	v1 := strings.HasPrefix(version+stderr, "aws-cli/1.") // v1 prints its version on stderr
	if _, _, err := c.run("get-durable-execution", "help"); err != nil {
		t.Skipf("this AWS CLI (%s) does not know the durable execution operations", strings.TrimSpace(version+stderr))
	}
	dir := t.TempDir()
	// blob is a blob argument: a file's bytes (fileb://), which every CLI
	// takes as they are; v2 reads other text as base64.
	blob := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return "fileb://" + p
	}
	// stamp is a timestamp as the CLI prints it: v1 the wire's epoch
	// seconds, v2 ISO 8601.
	stamp := func(at time.Time) any {
		if v1 {
			return float64(at.Unix())
		}
		return at.Format("2006-01-02T15:04:05-07:00")
	}

	ok("create-function", "--function-name", "approve", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler",
		"--zip-file", "fileb://"+writeZip(t))
	ok("wait", "function-active-v2", "--function-name", "approve")
	require.Equal(t, `{"Function":"approve:$LATEST","Operations":3}`, strings.TrimSpace(control(t, srv, "PUT", "/_fakelambda/durable-function", `{
		"Function":"approve:$LATEST",
		"Operations":[
			{"Step":"validate","Result":{"order":"o-1"}},
			{"Wait":"cool-off","Duration":"72h"},
			{"WaitForCallback":"human","Timeout":"168h","HeartbeatTimeout":"1h"}]}`)))

	// An Event invocation by name: 202, the execution's ARN, an empty body.
	invoke := func(name, payload string) struct {
		StatusCode          int
		DurableExecutionArn string
	} {
		t.Helper()
		outfile := filepath.Join(dir, name+".out")
		var inv struct {
			StatusCode          int
			DurableExecutionArn string
		}
		decodeJSON(t, ok("invoke", "--function-name", "approve:$LATEST", "--invocation-type", "Event",
			"--durable-execution-name", name, "--payload", blob(name+".json", payload), outfile), &inv)
		body, err := os.ReadFile(outfile)
		require.NoError(t, err)
		require.Empty(t, body)
		return inv
	}
	inv := invoke("order-1", `{"id":"o-1"}`)
	arn := inv.DurableExecutionArn
	require.Equal(t, 202, inv.StatusCode)
	require.True(t, strings.HasPrefix(arn, "arn:aws:lambda:us-east-1:123456789012:function:approve:$LATEST/durable-execution/order-1/"), arn)
	require.Equal(t, inv, invoke("order-1", `{"id":"o-1"}`), "the same name and payload: the same execution")
	failsWith("\nAn error occurred (DurableExecutionAlreadyStartedException) when calling the Invoke operation: "+
		"The durable execution with the specified name has already been started. Each durable execution name must be unique within the function.\n",
		"invoke", "--function-name", "approve:$LATEST", "--invocation-type", "Event", "--durable-execution-name", "order-1",
		"--payload", blob("other.json", `{"id":"o-2"}`), filepath.Join(dir, "other.out"))

	type event struct {
		EventType, Name        string
		CallbackStartedDetails map[string]any
	}
	history := func(arn string) ([]event, []string) {
		t.Helper()
		var h struct{ Events []event }
		decodeJSON(t, ok("get-durable-execution-history", "--durable-execution-arn", arn), &h)
		var types []string
		for _, e := range h.Events {
			if strings.HasPrefix(e.EventType, "Step") || strings.HasPrefix(e.EventType, "Wait") {
				e.EventType += ":" + e.Name
			}
			types = append(types, e.EventType)
		}
		return h.Events, types
	}
	_, before := history(arn)
	require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted"}, before)

	require.JSONEq(t, `{"Now":"2026-01-05T03:04:05Z","Waiting":0}`, control(t, srv, "POST", "/_fakelambda/clock", `{"Advance":"72h"}`))
	require.JSONEq(t, `{"Ran":1}`, control(t, srv, "POST", "/_fakelambda/durable/run", ""))
	later := epoch.Add(72 * time.Hour)

	type listed struct {
		DurableExecutionArn, DurableExecutionName, FunctionArn, Status string
		StartTimestamp, EndTimestamp                                   any
	}
	const fnARN = "arn:aws:lambda:us-east-1:123456789012:function:approve:$LATEST"
	var list struct{ DurableExecutions []listed }
	decodeJSON(t, ok("list-durable-executions-by-function", "--function-name", "approve"), &list)
	require.Equal(t, []listed{{arn, "order-1", fnARN, "RUNNING", stamp(epoch), nil}}, list.DurableExecutions)

	events, after := history(arn)
	require.Equal(t, append(before, "WaitSucceeded:cool-off", "ContextStarted", "CallbackStarted", "InvocationCompleted"), after)
	details := events[7].CallbackStartedDetails
	callbackID, _ := details["CallbackId"].(string)
	require.NotEmpty(t, callbackID)
	delete(details, "CallbackId")
	require.Equal(t, map[string]any{"Timeout": 604800.0, "HeartbeatTimeout": 3600.0}, details)

	type execution struct {
		DurableExecutionArn, DurableExecutionName, FunctionArn, InputPayload, Result, Status, Version string
		Error                                                                                         map[string]string
		StartTimestamp, EndTimestamp                                                                  any
	}
	get := func(arn string) execution {
		t.Helper()
		var ex execution
		decodeJSON(t, ok("get-durable-execution", "--durable-execution-arn", arn), &ex)
		return ex
	}
	require.Equal(t, "RUNNING", get(arn).Status)

	require.Empty(t, ok("send-durable-execution-callback-heartbeat", "--callback-id", callbackID), "{}: no output")
	result := `{"approved": true}`
	if !v1 {
		result = blob("result.json", result) // v1 sends text as it is; v2 would read it as base64
	}
	require.Empty(t, ok("send-durable-execution-callback-success", "--callback-id", callbackID, "--result", result))
	require.Equal(t, execution{arn, "order-1", fnARN, `{"id":"o-1"}`, `{"approved":true}`, "SUCCEEDED", "$LATEST", nil,
		stamp(epoch), stamp(later)}, get(arn))
	failsWith("\nAn error occurred (CallbackTimeoutException) when calling the SendDurableExecutionCallbackSuccess operation: "+
		"The callback ID token has either expired or the callback associated with the token has already been closed.\n",
		"send-durable-execution-callback-success", "--callback-id", callbackID, "--result", blob("again.json", "true"))

	// A second execution, waiting 72 hours, stopped.
	arn2 := invoke("order-2", `{"id":"o-2"}`).DurableExecutionArn
	require.True(t, strings.HasPrefix(arn2, fnARN+"/durable-execution/order-2/"), arn2)
	var stop struct{ StopTimestamp any }
	decodeJSON(t, ok("stop-durable-execution", "--durable-execution-arn", arn2,
		"--error", `{"ErrorType":"Cancelled","ErrorMessage":"by the test"}`), &stop)
	require.Equal(t, stamp(later), stop.StopTimestamp)
	require.Equal(t, execution{arn2, "order-2", fnARN, `{"id":"o-2"}`, "", "STOPPED", "$LATEST",
		map[string]string{"ErrorType": "Cancelled", "ErrorMessage": "by the test"}, stamp(later), stamp(later)}, get(arn2))
	_, stopped := history(arn2)
	require.Equal(t, "ExecutionStopped", stopped[len(stopped)-1])

	list.DurableExecutions = nil
	decodeJSON(t, ok("list-durable-executions-by-function", "--function-name", "approve"), &list)
	require.Equal(t, []listed{ // newest first
		{arn2, "order-2", fnARN, "STOPPED", stamp(later), stamp(later)},
		{arn, "order-1", fnARN, "SUCCEEDED", stamp(epoch), stamp(later)},
	}, list.DurableExecutions)
	list.DurableExecutions = nil
	decodeJSON(t, ok("list-durable-executions-by-function", "--function-name", "approve", "--statuses", "STOPPED"), &list)
	require.Equal(t, []listed{{arn2, "order-2", fnARN, "STOPPED", stamp(later), stamp(later)}}, list.DurableExecutions)
}

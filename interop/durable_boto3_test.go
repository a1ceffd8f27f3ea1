package interop_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBoto3DurableExecution: a Python test's view of durable executions.
// boto3 registers a scripted durable function through the control API
// (a step, a 72-hour wait, a callback), starts an execution by name, moves
// the clock, runs what is due, lists the executions, reads the history,
// answers the callback and sees the execution succeed.
func TestBoto3DurableExecution(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3")
	if _, stderr, err := runTool(t, ".", nil, python, "-c", "import boto3"); err != nil {
		t.Skipf("boto3 is not installed for %s: %s", python, stderr)
	}
	probe := "import botocore.session as s; import sys; sys.exit(0 if 'send_durable_execution_callback_success' in dir(s.get_session().create_client('lambda', region_name='us-east-1')) else 1)"
	if _, _, err := runTool(t, ".", nil, python, "-c", probe); err != nil {
		t.Skipf("the installed botocore does not know the durable execution operations")
	}
	srv := startFake(t)
	stdout, stderr, err := runTool(t, ".", clientEnv(t, srv.URL), python, "testdata/boto3_durable.py")
	require.NoError(t, err, "stderr:\n%s", stderr)

	var out struct {
		Botocore, Version, Running, Again string
		Script                            map[string]any
		Invoke                            struct {
			StatusCode int
			Arn        string
		}
		Listed        []struct{ Name, Status, Arn string }
		HistoryBefore []string `json:"history_before"`
		HistoryAfter  []string `json:"history_after"`
		Clock         map[string]any
		Ran           map[string]int
		Callback      map[string]any
		Done          struct {
			Status string
			Result map[string]any
		}
	}
	decodeJSON(t, stdout, &out)
	t.Logf("botocore %s", out.Botocore)

	require.Equal(t, "1", out.Version)
	require.Equal(t, map[string]any{"Function": "approve:1", "Operations": 3.0}, out.Script)
	require.Equal(t, 202, out.Invoke.StatusCode)
	require.True(t, strings.HasPrefix(out.Invoke.Arn, "arn:aws:lambda:us-east-1:123456789012:function:approve:1/durable-execution/order-1/"), out.Invoke.Arn)
	require.Equal(t, []struct{ Name, Status, Arn string }{{"order-1", "RUNNING", out.Invoke.Arn}}, out.Listed)
	require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted"}, out.HistoryBefore)
	require.Equal(t, map[string]any{"Now": "2026-01-05T03:04:05Z", "Waiting": 0.0}, out.Clock)
	require.Equal(t, map[string]int{"Ran": 1}, out.Ran)
	require.Equal(t, append(out.HistoryBefore, "WaitSucceeded:cool-off", "ContextStarted", "CallbackStarted", "InvocationCompleted"), out.HistoryAfter)
	require.Equal(t, map[string]any{"Timeout": 604800.0, "HeartbeatTimeout": 3600.0}, out.Callback)
	require.Equal(t, "RUNNING", out.Running)
	require.Equal(t, "SUCCEEDED", out.Done.Status)
	require.Equal(t, map[string]any{"approved": true}, out.Done.Result)
	require.Equal(t, "CallbackTimeoutException", out.Again)
}

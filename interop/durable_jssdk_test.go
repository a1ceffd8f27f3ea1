package interop_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestJSSDKv3DurableExecution runs js/durable.mjs: the durable flow of
// TestBoto3DurableExecution with @aws-sdk/client-lambda (installed as for
// TestJSSDKv3) on $LATEST, plus the idempotent re-Invoke by name,
// DurableExecutionAlreadyStartedException and CallbackTimeoutException as
// typed errors. The script asserts every answer itself (a mismatch throws
// and exits non-zero); the test checks its exit status and its output.
func TestJSSDKv3DurableExecution(t *testing.T) {
	t.Parallel()
	node := requireTool(t, "node")
	version, _, err := runTool(t, ".", nil, node, "--version")
	require.NoError(t, err)
	if m := regexp.MustCompile(`^v(\d+)\.`).FindStringSubmatch(version); m == nil {
		t.Skipf("cannot read node's version from %q", version)
	} else if major, _ := strconv.Atoi(m[1]); major < 20 {
		t.Skipf("node %s is too old: @aws-sdk/client-lambda needs node >= 20", strings.TrimSpace(version))
	}
	dir := installJS(t)

	srv := startFake(t)
	stdout, stderr, err := runTool(t, dir, clientEnv(t, srv.URL), node, "durable.mjs")
	require.NoError(t, err, "durable.mjs failed (exit %d); stderr:\n%s", exitCode(err), stderr)

	type typedError struct {
		Typed  bool
		Name   string
		Status int
	}
	var out struct {
		Script map[string]any
		Invoke struct {
			Status int
			Arn    string
		}
		AlreadyStarted typedError
		Clock          map[string]any
		Ran            map[string]int
		Listed         []struct{ Name, Status, Arn, Start string }
		History        []string
		Callback       map[string]any
		Done           struct {
			Status string
			Result map[string]any
			Input  string
			End    string
		}
		Again typedError
	}
	decodeJSON(t, stdout, &out)

	require.Equal(t, map[string]any{"Function": "approve:$LATEST", "Operations": 3.0}, out.Script)
	require.Equal(t, 202, out.Invoke.Status)
	require.True(t, strings.HasPrefix(out.Invoke.Arn, "arn:aws:lambda:us-east-1:123456789012:function:approve:$LATEST/durable-execution/order-1/"), out.Invoke.Arn)
	require.Equal(t, typedError{true, "DurableExecutionAlreadyStartedException", 409}, out.AlreadyStarted)
	require.Equal(t, map[string]any{"Now": "2026-01-05T03:04:05Z", "Waiting": 0.0}, out.Clock)
	require.Equal(t, map[string]int{"Ran": 1}, out.Ran)
	require.Equal(t, []struct{ Name, Status, Arn, Start string }{{"order-1", "RUNNING", out.Invoke.Arn, "2026-01-02T03:04:05.000Z"}}, out.Listed)
	require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted",
		"WaitSucceeded:cool-off", "ContextStarted", "CallbackStarted", "InvocationCompleted"}, out.History)
	require.Equal(t, map[string]any{"Timeout": 604800.0, "HeartbeatTimeout": 3600.0}, out.Callback)
	require.Equal(t, "SUCCEEDED", out.Done.Status)
	require.Equal(t, map[string]any{"approved": true}, out.Done.Result)
	require.Equal(t, `{"id":"o-1"}`, out.Done.Input)
	require.Equal(t, "2026-01-05T03:04:05.000Z", out.Done.End)
	require.Equal(t, typedError{true, "CallbackTimeoutException", 400}, out.Again)
}

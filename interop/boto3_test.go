package interop_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestBoto3 replays the boto3 documentation's put_ and
// get_provisioned_concurrency_config examples (my-function, BLUE, 100) with
// boto3 pointed at the fake through AWS_ENDPOINT_URL_LAMBDA.
func TestBoto3(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3")
	if _, stderr, err := runTool(t, ".", nil, python, "-c", "import boto3"); err != nil {
		t.Skipf("boto3 is not installed for %s: %s", python, stderr)
	}
	srv := startFake(t)
	stdout, stderr, err := runTool(t, ".", clientEnv(t, srv.URL), python, "testdata/boto3_flow.py")
	require.NoError(t, err, "stderr:\n%s", stderr)

	var out struct {
		Botocore string
		Version  string
		Put, Get map[string]any
		Clock    map[string]any
		Throttle struct {
			Code, Message, Reason, Type, Str string
			Status, RetryAttempts            int
		}
		FaultedCalls int
	}
	decodeJSON(t, stdout, &out)
	t.Logf("botocore %s", out.Botocore)
	require.Equal(t, "1", out.Version)
	require.Equal(t, map[string]any{
		"RequestedProvisionedConcurrentExecutions": 100.0, "AllocatedProvisionedConcurrentExecutions": 0.0,
		"AvailableProvisionedConcurrentExecutions": 0.0, "Status": "IN_PROGRESS", "LastModified": "2026-01-02T03:04:05+0000",
	}, out.Put)
	require.Equal(t, map[string]any{"Now": "2026-01-02T03:06:05Z", "Waiting": 0.0}, out.Clock)
	require.Equal(t, map[string]any{
		"RequestedProvisionedConcurrentExecutions": 100.0, "AllocatedProvisionedConcurrentExecutions": 100.0,
		"AvailableProvisionedConcurrentExecutions": 100.0, "Status": "READY", "LastModified": "2026-01-02T03:04:05+0000",
	}, out.Get)
	require.Regexp(t, pcTimestamp, out.Get["LastModified"])

	// botocore's standard mode made 3 attempts, then raised the modeled error.
	require.Equal(t, "TooManyRequestsException", out.Throttle.Code)
	require.Equal(t, "Rate exceeded", out.Throttle.Message)
	require.Equal(t, "CallerRateLimitExceeded", out.Throttle.Reason)
	require.Equal(t, "User", out.Throttle.Type)
	require.Equal(t, 429, out.Throttle.Status)
	require.Equal(t, 2, out.Throttle.RetryAttempts)
	require.Equal(t, "An error occurred (TooManyRequestsException) when calling the GetProvisionedConcurrencyConfig operation (reached max retries: 2): Rate exceeded", out.Throttle.Str)
	require.Equal(t, 3, out.FaultedCalls) // read by the script from /_fakelambda/calls
	now := epoch.Add(2 * time.Minute)
	require.Equal(t, []fakelambda.Call{throttled(now), throttled(now), throttled(now)}, faultedCalls(srv.Fake))
}

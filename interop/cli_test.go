package interop_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestAWSCLI runs the same flow with `aws lambda ... --endpoint-url URL
// --output json`, parsing each answer as JSON.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	aws := requireTool(t, "aws")
	version, stderr, err := runTool(t, ".", nil, aws, "--version")
	if err != nil {
		t.Skipf("aws --version failed: %v: %s", err, stderr)
	}
	t.Logf("%s", strings.TrimSpace(version+stderr)) // v1 prints its version on stderr
	srv := startFake(t)
	env := append(clientEnv(t, srv.URL), "AWS_RETRY_MODE=standard", "AWS_MAX_ATTEMPTS=3")
	zipPath := writeZip(t)

	cli := func(args ...string) (string, string, error) {
		args = append(append([]string{"lambda"}, args...), "--endpoint-url", srv.URL, "--output", "json")
		return runTool(t, ".", env, aws, args...)
	}
	ok := func(v any, args ...string) {
		t.Helper()
		stdout, stderr, err := cli(args...)
		require.NoError(t, err, "aws %v; stderr:\n%s", args, stderr)
		decodeJSON(t, stdout, v)
	}

	var fn struct{ FunctionArn, State string }
	ok(&fn, "create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler",
		"--zip-file", "fileb://"+zipPath)
	require.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:my-function", fn.FunctionArn)
	require.Equal(t, "Pending", fn.State)
	// Pending, as on Lambda: wait until Active (one poll).
	_, stderr, err = cli("wait", "function-active-v2", "--function-name", "my-function")
	require.NoError(t, err, "aws lambda wait function-active-v2; stderr:\n%s", stderr)
	var ver struct{ Version string }
	ok(&ver, "publish-version", "--function-name", "my-function")
	require.Equal(t, "1", ver.Version)
	var al struct{ AliasArn, FunctionVersion string }
	ok(&al, "create-alias", "--function-name", "my-function", "--name", "BLUE", "--function-version", "1")
	require.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:my-function:BLUE", al.AliasArn)

	var put map[string]any
	ok(&put, "put-provisioned-concurrency-config", "--function-name", "my-function", "--qualifier", "BLUE",
		"--provisioned-concurrent-executions", "100")
	require.Equal(t, map[string]any{
		"RequestedProvisionedConcurrentExecutions": 100.0, "AllocatedProvisionedConcurrentExecutions": 0.0,
		"AvailableProvisionedConcurrentExecutions": 0.0, "Status": "IN_PROGRESS", "LastModified": "2026-01-02T03:04:05+0000",
	}, put)

	control(t, srv, "POST", "/_fakelambda/clock", `{"Advance":"2m"}`)
	var get map[string]any
	ok(&get, "get-provisioned-concurrency-config", "--function-name", "my-function", "--qualifier", "BLUE")
	require.Equal(t, map[string]any{
		"RequestedProvisionedConcurrentExecutions": 100.0, "AllocatedProvisionedConcurrentExecutions": 100.0,
		"AvailableProvisionedConcurrentExecutions": 100.0, "Status": "READY", "LastModified": "2026-01-02T03:04:05+0000",
	}, get)
	require.Regexp(t, pcTimestamp, get["LastModified"])

	// The throttle outlasts the CLI's 3 standard-mode attempts.
	control(t, srv, "POST", "/_fakelambda/faults", throttleFault)
	stdout, stderr, err := cli("get-provisioned-concurrency-config", "--function-name", "my-function", "--qualifier", "BLUE")
	require.Error(t, err)
	require.Contains(t, []int{254, 255}, exitCode(err), "v1 exits 255 on a service error, v2 254")
	require.Empty(t, stdout)
	require.Equal(t, "\nAn error occurred (TooManyRequestsException) when calling the GetProvisionedConcurrencyConfig operation (reached max retries: 2): Rate exceeded\n", stderr)

	var calls struct{ Calls []fakelambda.Call }
	decodeJSON(t, control(t, srv, "GET", "/_fakelambda/calls", ""), &calls)
	var faulted []fakelambda.Call
	for _, c := range calls.Calls {
		if c.Faulted {
			c.RequestID, c.Region, c.AccountID = "", "", ""
			faulted = append(faulted, c)
		}
	}
	now := epoch.Add(2 * time.Minute)
	require.Equal(t, []fakelambda.Call{throttled(now), throttled(now), throttled(now)}, faulted)
}

// writeZip writes a one-file deployment package and returns its path.
func writeZip(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "function.zip")
	f, err := os.Create(p)
	require.NoError(t, err)
	z := zip.NewWriter(f)
	w, err := z.Create("index.py")
	require.NoError(t, err)
	_, err = w.Write([]byte("def handler(event, context):\n    return 'ok'\n"))
	require.NoError(t, err)
	require.NoError(t, z.Close())
	require.NoError(t, f.Close())
	return p
}

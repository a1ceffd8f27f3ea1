package interop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// epoch is where every interop fake's manual clock starts.
var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// pcTimestamp is the provisioned-concurrency LastModified form,
// "2019-12-31T20:28:49+0000".
var pcTimestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$`)

// startFake serves a fake on a manual clock at epoch over loopback HTTP.
func startFake(t *testing.T) *fakelambda.Server {
	t.Helper()
	return fakelambda.NewServer(t, fakelambda.WithClock(fakelambda.NewManualClock(epoch)))
}

// clientEnv is the environment of a client subprocess: the caller's, minus
// every AWS_ variable, plus static credentials, a region, the fake's
// endpoint, and config files that do not exist, so that ~/.aws is never read
// or written.
func clientEnv(t *testing.T, url string) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	none := filepath.Join(t.TempDir(), "none")
	return append(env,
		"AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test",
		"AWS_REGION=us-east-1",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+none,
		"AWS_SHARED_CREDENTIALS_FILE="+none,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
		"AWS_ENDPOINT_URL_LAMBDA="+url,
		"PYTHONDONTWRITEBYTECODE=1", // no __pycache__ beside testdata/*.py
	)
}

// runTool runs name with args and env, giving up after two minutes, and
// returns stdout, stderr and the error.
func runTool(t *testing.T, dir string, env []string, name string, args ...string) (string, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %v: timed out; stderr:\n%s", name, args, stderr.String())
	}
	return stdout.String(), stderr.String(), err
}

// interopEnv is the environment variable that turns the interop tests on.
const interopEnv = "FAKELAMBDA_INTEROP"

// requireInterop skips the test unless FAKELAMBDA_INTEROP=1: the interop
// tests run other people's tools (python3 with boto3, the AWS CLI, node and
// npm, terraform), may reach the npm registry, and take a minute or more, so
// `go test ./...` leaves them out.
func requireInterop(t *testing.T) {
	t.Helper()
	if os.Getenv(interopEnv) != "1" {
		t.Skipf("interop tests run only when %s=1 (they need external tools: python3+boto3, aws, node+npm, terraform)", interopEnv)
	}
}

// requireTool skips the test unless the interop tests are on (see
// requireInterop) and name is on PATH. Every interop test starts with it.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	requireInterop(t)
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (%v)", name, err)
	}
	return p
}

// decodeJSON parses a tool's JSON output into v.
func decodeJSON(t *testing.T, out string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(out), v), "output: %s", out)
}

// control makes a control-API call on srv and returns the body.
func control(t *testing.T, srv *fakelambda.Server, method, path, body string) string {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	return string(b)
}

// throttleFault makes GetProvisionedConcurrencyConfig throttle ten times,
// more than any client here retries. No Retry-After: botocore honours it.
const throttleFault = `{"Operation":"GetProvisionedConcurrencyConfig","Count":10,
	"Error":{"Code":"TooManyRequestsException","StatusCode":429,"Message":"Rate exceeded","Type":"User","Reason":"CallerRateLimitExceeded"}}`

// faultedCalls is the calls a fault answered.
func faultedCalls(f *fakelambda.Fake) []fakelambda.Call {
	var out []fakelambda.Call
	for _, c := range f.Calls() {
		if c.Faulted {
			// Each attempt has its own request id; every client here signs
			// for us-east-1 with a key that is not an account id.
			if c.RequestID == "" || c.Region != "us-east-1" || c.AccountID != "123456789012" {
				panic(fmt.Sprintf("call %+v: want a request id, us-east-1 and the fake's account", c))
			}
			c.RequestID, c.Input, c.Region, c.AccountID = "", nil, "", ""
			out = append(out, c)
		}
	}
	return out
}

// throttled is the call log entry of one throttled attempt at now.
func throttled(now time.Time) fakelambda.Call {
	return fakelambda.Call{Operation: "GetProvisionedConcurrencyConfig", Function: "my-function", Qualifier: "BLUE",
		StatusCode: 429, ErrorCode: "TooManyRequestsException", Faulted: true, At: now}
}

// exitCode is the exit status in err, or -1.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// lambdaCLI runs `aws lambda ...` against a fake server: the environment of
// clientEnv, standard retry mode with 3 attempts, JSON output.
type lambdaCLI struct {
	t   *testing.T
	aws string
	url string
	env []string
}

// newLambdaCLI returns the AWS CLI pointed at srv (the test skips without
// the CLI or FAKELAMBDA_INTEROP).
func newLambdaCLI(t *testing.T, srv *fakelambda.Server) *lambdaCLI {
	t.Helper()
	aws := requireTool(t, "aws")
	return &lambdaCLI{t: t, aws: aws, url: srv.URL,
		env: append(clientEnv(t, srv.URL), "AWS_RETRY_MODE=standard", "AWS_MAX_ATTEMPTS=3")}
}

// run runs `aws lambda args...` and returns its stdout and stderr.
func (c *lambdaCLI) run(args ...string) (string, string, error) {
	args = append(append([]string{"lambda"}, args...), "--endpoint-url", c.url, "--output", "json")
	return runTool(c.t, ".", c.env, c.aws, args...)
}

// ok runs a command that must succeed and returns its stdout.
func (c *lambdaCLI) ok(args ...string) string {
	c.t.Helper()
	stdout, stderr, err := c.run(args...)
	require.NoError(c.t, err, "aws %v; stderr:\n%s", args, stderr)
	return stdout
}

// failsWith runs a command that must fail with a service error printed as
// stderr.
func (c *lambdaCLI) failsWith(stderr string, args ...string) {
	c.t.Helper()
	stdout, got, err := c.run(args...)
	require.Error(c.t, err, "aws %v; stdout:\n%s", args, stdout)
	require.Contains(c.t, []int{254, 255}, exitCode(err), "v1 exits 255 on a service error, v2 254")
	require.Equal(c.t, stderr, got)
}

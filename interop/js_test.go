package interop_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestJSSDKv3 runs js/flow.mjs: the same flow with @aws-sdk/client-lambda
// (pinned in js/package-lock.json), plus one typed error. It installs the
// SDK with `npm ci` in a temporary copy of js/, and skips when it cannot
// reach the npm registry.
func TestJSSDKv3(t *testing.T) {
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
	stdout, stderr, err := runTool(t, dir, clientEnv(t, srv.URL), node, "flow.mjs")
	require.NoError(t, err, "stderr:\n%s", stderr)

	var out struct {
		Version  string
		Put, Get map[string]any
		NotFound struct {
			Typed               bool
			Name, Message, Type string
			RequestID           string `json:"requestId"`
			Status, Attempts    int
		}
		Throttle struct {
			Typed                 bool
			Name, Message, Reason string
			Status, Attempts      int
		}
		FaultedCalls int
	}
	decodeJSON(t, stdout, &out)
	require.Equal(t, "1", out.Version)
	require.Equal(t, map[string]any{
		"RequestedProvisionedConcurrentExecutions": 100.0, "AllocatedProvisionedConcurrentExecutions": 0.0,
		"AvailableProvisionedConcurrentExecutions": 0.0, "Status": "IN_PROGRESS", "LastModified": "2026-01-02T03:04:05+0000",
	}, out.Put)
	require.Equal(t, map[string]any{
		"RequestedProvisionedConcurrentExecutions": 100.0, "AllocatedProvisionedConcurrentExecutions": 100.0,
		"AvailableProvisionedConcurrentExecutions": 100.0, "Status": "READY", "LastModified": "2026-01-02T03:04:05+0000",
	}, out.Get)
	require.Regexp(t, pcTimestamp, out.Get["LastModified"])

	// The modeled error class, its message and members, not retried.
	require.True(t, out.NotFound.Typed, "not an instance of ProvisionedConcurrencyConfigNotFoundException: %+v", out.NotFound)
	require.Equal(t, "ProvisionedConcurrencyConfigNotFoundException", out.NotFound.Name)
	require.Equal(t, "No Provisioned Concurrency Config found for this function", out.NotFound.Message)
	require.Equal(t, "User", out.NotFound.Type)
	require.Equal(t, 404, out.NotFound.Status)
	require.Equal(t, 1, out.NotFound.Attempts)
	require.Equal(t, "string", out.NotFound.RequestID)

	// The throttle, after the SDK's 3 attempts.
	require.True(t, out.Throttle.Typed, "not an instance of TooManyRequestsException: %+v", out.Throttle)
	require.Equal(t, "TooManyRequestsException", out.Throttle.Name)
	require.Equal(t, "Rate exceeded", out.Throttle.Message)
	require.Equal(t, "CallerRateLimitExceeded", out.Throttle.Reason)
	require.Equal(t, 429, out.Throttle.Status)
	require.Equal(t, 3, out.Throttle.Attempts)
	require.Equal(t, 3, out.FaultedCalls)
	now := epoch.Add(2 * time.Minute)
	require.Equal(t, []fakelambda.Call{throttled(now), throttled(now), throttled(now)}, faultedCalls(srv.Fake))
}

// installJS copies the files of js/ (flow.mjs, package.json,
// package-lock.json) into a temporary directory, installs the pinned SDK
// there with `npm ci` (npm's own cache, ~/.npm, makes repeated runs fast) and
// returns the directory: nothing is written into the checkout. It skips the test when npm is absent or the
// registry cannot be reached.
func installJS(t *testing.T) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skipf("npm is not installed (%v): it installs @aws-sdk/client-lambda from interop/js/package-lock.json", err)
	}
	dir := t.TempDir()
	entries, err := os.ReadDir("js")
	require.NoError(t, err)
	for _, e := range entries {
		if !e.Type().IsRegular() { // node_modules/ from an older checkout, say
			continue
		}
		b, err := os.ReadFile(filepath.Join("js", e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	stdout, stderr, err := runTool(t, dir, nil, npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error",
		// Fail fast when the registry is unreachable: one retry, short waits.
		"--fetch-retries=1", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=3000", "--fetch-timeout=30000")
	if err == nil {
		return dir
	}
	out := stdout + stderr
	if regexp.MustCompile(`E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|HOSTUNREACH)|network|proxy|certificate`).MatchString(out) {
		t.Skipf("npm ci could not reach the registry: %s", out)
	}
	t.Fatalf("npm ci failed: %v\n%s", err, out)
	return ""
}

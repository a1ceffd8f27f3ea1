package interop_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAWSCLIEventInvoke drives the async invocation configuration with the
// AWS CLI (botocore's parsers, LastModified in epoch seconds), an Event
// invocation and the deprecated invoke-async, then runs the queue and reads
// the OnFailure destination's records through the control API.
func TestAWSCLIEventInvoke(t *testing.T) {
	t.Parallel()
	aws := requireTool(t, "aws")
	srv := startFake(t)
	env := clientEnv(t, srv.URL)
	zipPath := writeZip(t)
	cli := func(args ...string) (string, string, error) {
		args = append(append([]string{"lambda"}, args...), "--endpoint-url", srv.URL, "--output", "json")
		return runTool(t, ".", env, aws, args...)
	}
	ok := func(args ...string) string {
		t.Helper()
		stdout, stderr, err := cli(args...)
		require.NoError(t, err, "aws %v; stderr:\n%s", args, stderr)
		return stdout
	}
	const queue = "arn:aws:sqs:us-east-1:123456789012:failures"
	ok("create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler", "--zip-file", "fileb://"+zipPath)
	ok("wait", "function-active-v2", "--function-name", "my-function")
	srv.Fake.SetHandler("my-function", func(ctx context.Context, payload []byte) ([]byte, error) {
		return nil, &fakeError{"boom"}
	})

	var put struct {
		FunctionArn          string
		LastModified         any
		MaximumRetryAttempts int
		DestinationConfig    map[string]map[string]string
	}
	decodeJSON(t, ok("put-function-event-invoke-config", "--function-name", "my-function", "--maximum-retry-attempts", "0",
		"--destination-config", `{"OnFailure":{"Destination":"`+queue+`"}}`), &put)
	require.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST", put.FunctionArn)
	// Epoch seconds; the CLI prints them as parsed (v1's default timestamp
	// format) or as ISO 8601 (v2's).
	switch lm := put.LastModified.(type) {
	case float64:
		require.Equal(t, float64(epoch.Unix()), lm)
	default:
		require.Regexp(t, `^2026-01-02T03:04:05(\.0+)?\+00:00$`, lm)
	}
	require.Equal(t, map[string]map[string]string{"OnFailure": {"Destination": queue}, "OnSuccess": {}}, put.DestinationConfig)

	var list struct{ FunctionEventInvokeConfigs []map[string]any }
	decodeJSON(t, ok("list-function-event-invoke-configs", "--function-name", "my-function"), &list)
	require.Len(t, list.FunctionEventInvokeConfigs, 1)

	var inv struct{ StatusCode int }
	decodeJSON(t, ok("invoke", "--function-name", "my-function", "--invocation-type", "Event",
		"--payload", "fileb://"+writeFile(t, `{"n":1}`), filepath.Join(t.TempDir(), "out.json")), &inv)
	require.Equal(t, 202, inv.StatusCode)
	var async struct{ Status int }
	decodeJSON(t, ok("invoke-async", "--function-name", "my-function", "--invoke-args", writeFile(t, `{"n":2}`)), &async)
	require.Equal(t, 202, async.Status)

	require.JSONEq(t, `{"Ran":2}`, control(t, srv, "POST", "/_fakelambda/queue/run", ""))
	var recs struct{ Records []json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(control(t, srv, "GET", "/_fakelambda/destinations?Arn="+queue, "")), &recs))
	require.Len(t, recs.Records, 2)
	var rec struct {
		RequestContext struct {
			Condition              string
			ApproximateInvokeCount int
		}
		RequestPayload map[string]int
	}
	require.NoError(t, json.Unmarshal(recs.Records[1], &rec))
	require.Equal(t, "RetriesExhausted", rec.RequestContext.Condition)
	require.Equal(t, 1, rec.RequestContext.ApproximateInvokeCount)
	require.Equal(t, map[string]int{"n": 2}, rec.RequestPayload)

	require.Empty(t, ok("delete-function-event-invoke-config", "--function-name", "my-function"), "204: no output")
	_, stderr, err := cli("get-function-event-invoke-config", "--function-name", "my-function")
	require.Error(t, err)
	require.Equal(t, "\nAn error occurred (ResourceNotFoundException) when calling the GetFunctionEventInvokeConfig operation: "+
		"The function arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST doesn't have an EventInvokeConfig\n", stderr)
}

type fakeError struct{ msg string }

func (e *fakeError) Error() string { return e.msg }

// writeFile writes content to a file in a temporary directory and returns
// its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "payload.json")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

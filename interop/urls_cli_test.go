package interop_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAWSCLIFunctionURLs drives the function URL operations with the AWS
// CLI (botocore's serializers and parsers) and calls the URL with curl on
// the fake's own port, the URL's host in the Host header: unsigned on a
// NONE URL, SigV4-signed by curl (--aws-sigv4) on an AWS_IAM URL.
func TestAWSCLIFunctionURLs(t *testing.T) {
	t.Parallel()
	aws := requireTool(t, "aws")
	curl := requireTool(t, "curl")
	srv := startFake(t)
	srv.Fake.SetHandler("my-function", func(ctx context.Context, event []byte) ([]byte, error) {
		return []byte(`{"statusCode":200,"headers":{"Content-Type":"text/plain"},"body":"hello from the URL"}`), nil
	})
	env := append(clientEnv(t, srv.URL), "AWS_RETRY_MODE=standard", "AWS_MAX_ATTEMPTS=3")
	zipPath := writeZip(t)
	ok := func(args ...string) string {
		t.Helper()
		args = append(append([]string{"lambda"}, args...), "--endpoint-url", srv.URL, "--output", "json")
		stdout, stderr, err := runTool(t, ".", env, aws, args...)
		require.NoError(t, err, "aws %v; stderr:\n%s", args, stderr)
		return stdout
	}
	ok("create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler", "--zip-file", "fileb://"+zipPath)
	ok("wait", "function-active-v2", "--function-name", "my-function")

	var created struct{ FunctionUrl, FunctionArn, AuthType, CreationTime string }
	decodeJSON(t, ok("create-function-url-config", "--function-name", "my-function", "--auth-type", "NONE",
		"--cors", `{"AllowOrigins":["https://app.example"],"MaxAge":60}`), &created)
	require.Regexp(t, `^https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/$`, created.FunctionUrl)
	require.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:my-function", created.FunctionArn)
	var got struct {
		InvokeMode string
		Cors       struct{ MaxAge int }
	}
	decodeJSON(t, ok("get-function-url-config", "--function-name", "my-function"), &got)
	require.Equal(t, "BUFFERED", got.InvokeMode)
	require.Equal(t, 60, got.Cors.MaxAge)
	var list struct {
		FunctionUrlConfigs []struct{ FunctionUrl string }
	}
	decodeJSON(t, ok("list-function-url-configs", "--function-name", "my-function"), &list)
	require.Len(t, list.FunctionUrlConfigs, 1)

	host := strings.TrimSuffix(strings.TrimPrefix(created.FunctionUrl, "https://"), "/")
	stdout, stderr, err := runTool(t, ".", env, curl, "-s", "-i", "-H", "Host: "+host, srv.URL+"/hi?x=1")
	require.NoError(t, err, stderr)
	require.Contains(t, stdout, "HTTP/1.1 200 OK")
	require.Contains(t, stdout, "Content-Type: text/plain")
	require.True(t, strings.HasSuffix(stdout, "\r\n\r\nhello from the URL"), stdout)

	ok("update-function-url-config", "--function-name", "my-function", "--auth-type", "AWS_IAM")
	stdout, _, err = runTool(t, ".", env, curl, "-s", "-i", "-H", "Host: "+host, srv.URL+"/")
	require.NoError(t, err)
	require.Contains(t, stdout, "HTTP/1.1 403 Forbidden")
	require.Contains(t, stdout, `{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}`)
	stdout, stderr, err = runTool(t, ".", env, curl, "-s", "-i", "--aws-sigv4", "aws:amz:us-east-1:lambda", "--user", "test:test",
		"-H", "Host: "+host, srv.URL+"/")
	require.NoError(t, err, stderr)
	require.Contains(t, stdout, "HTTP/1.1 200 OK")

	require.Empty(t, ok("delete-function-url-config", "--function-name", "my-function"), "204: no output")
	calls := srv.Fake.Calls()
	var urlCalls int
	for _, c := range calls {
		if c.Operation == "InvokeFunctionUrl" {
			urlCalls++
		}
	}
	require.Equal(t, 3, urlCalls)
}

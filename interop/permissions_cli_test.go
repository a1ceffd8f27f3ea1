package interop_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAWSCLIPermissionsAndSettings drives add-permission, get-policy and
// remove-permission, and the recursion and runtime management settings, with
// the AWS CLI (botocore's serializers and parsers).
func TestAWSCLIPermissionsAndSettings(t *testing.T) {
	t.Parallel()
	srv := startFake(t)
	c := newLambdaCLI(t, srv)
	cli, ok := c.run, c.ok
	zipPath := writeZip(t)

	const arn = "arn:aws:lambda:us-east-1:123456789012:function:my-function"
	ok("create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler", "--zip-file", "fileb://"+zipPath)
	ok("wait", "function-active-v2", "--function-name", "my-function")

	// Permissions: the statement as Lambda writes it, then the policy.
	var added struct{ Statement string }
	decodeJSON(t, ok("add-permission", "--function-name", "my-function", "--statement-id", "s3",
		"--action", "lambda:InvokeFunction", "--principal", "s3.amazonaws.com", "--source-arn", "arn:aws:s3:::bucket"), &added)
	require.Equal(t, `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction",`+
		`"Resource":"`+arn+`","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}`, added.Statement)
	var got struct{ Policy, RevisionId string }
	decodeJSON(t, ok("get-policy", "--function-name", "my-function"), &got)
	var policy struct {
		Version, Id string
		Statement   []json.RawMessage
	}
	require.NoError(t, json.Unmarshal([]byte(got.Policy), &policy))
	require.Equal(t, "2012-10-17", policy.Version)
	require.Equal(t, "default", policy.Id)
	require.Equal(t, []json.RawMessage{json.RawMessage(added.Statement)}, policy.Statement)
	require.NotEmpty(t, got.RevisionId)
	require.Empty(t, ok("remove-permission", "--function-name", "my-function", "--statement-id", "s3"), "204: no output")
	_, stderr, err := cli("get-policy", "--function-name", "my-function")
	require.Error(t, err)
	require.Equal(t, "\nAn error occurred (ResourceNotFoundException) when calling the GetPolicy operation: The resource you requested does not exist.\n", stderr)

	// Settings.
	var loop struct{ RecursiveLoop string }
	decodeJSON(t, ok("get-function-recursion-config", "--function-name", "my-function"), &loop)
	require.Equal(t, "Terminate", loop.RecursiveLoop)
	decodeJSON(t, ok("put-function-recursion-config", "--function-name", "my-function", "--recursive-loop", "Allow"), &loop)
	require.Equal(t, "Allow", loop.RecursiveLoop)
	var rm struct{ UpdateRuntimeOn, FunctionArn string }
	decodeJSON(t, ok("put-runtime-management-config", "--function-name", "my-function", "--update-runtime-on", "FunctionUpdate"), &rm)
	require.Equal(t, "FunctionUpdate", rm.UpdateRuntimeOn)
	decodeJSON(t, ok("get-runtime-management-config", "--function-name", "my-function"), &rm)
	require.Equal(t, "FunctionUpdate", rm.UpdateRuntimeOn)
	require.Equal(t, arn, rm.FunctionArn)
}

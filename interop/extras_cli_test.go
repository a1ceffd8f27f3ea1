package interop_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAWSCLITagsPolicyCodeSigning drives the tag operations, get-policy and
// get-function-code-signing-config with the AWS CLI (botocore's parsers).
func TestAWSCLITagsPolicyCodeSigning(t *testing.T) {
	t.Parallel()
	srv := startFake(t)
	c := newLambdaCLI(t, srv)
	ok, failsWith := c.ok, c.failsWith
	zipPath := writeZip(t)

	const arn = "arn:aws:lambda:us-east-1:123456789012:function:my-function"
	ok("create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler",
		"--zip-file", "fileb://"+zipPath, "--tags", "team=a")

	var tags struct{ Tags map[string]string }
	decodeJSON(t, ok("list-tags", "--resource", arn), &tags)
	require.Equal(t, map[string]string{"team": "a"}, tags.Tags)
	require.Empty(t, ok("tag-resource", "--resource", arn, "--tags", "team=b,env=dev"), "204: no output")
	require.Empty(t, ok("untag-resource", "--resource", arn, "--tag-keys", "team", "missing"))
	tags.Tags = nil // json.Unmarshal merges into a map it is given
	decodeJSON(t, ok("list-tags", "--resource", arn), &tags)
	require.Equal(t, map[string]string{"env": "dev"}, tags.Tags)
	var fn struct{ Tags map[string]string }
	decodeJSON(t, ok("get-function", "--function-name", "my-function"), &fn)
	require.Equal(t, tags.Tags, fn.Tags)

	// Without a config Lambda answers {} (recorded: TestCodeSigningConfig
	// get_function_csc_fnwithoutcsc), which the CLI prints as nothing.
	require.Empty(t, ok("get-function-code-signing-config", "--function-name", "my-function"))

	failsWith("\nAn error occurred (ResourceNotFoundException) when calling the GetPolicy operation: The resource you requested does not exist.\n",
		"get-policy", "--function-name", "my-function")
	// A missing version too (recorded: TestLambdaPermissions).
	failsWith("\nAn error occurred (ResourceNotFoundException) when calling the GetPolicy operation: The resource you requested does not exist.\n",
		"get-policy", "--function-name", "my-function", "--qualifier", "7")
	failsWith("\nAn error occurred (ResourceNotFoundException) when calling the ListTags operation: Function not found: "+arn+"-2\n",
		"list-tags", "--resource", arn+"-2")
	failsWith("\nAn error occurred (InvalidParameterValueException) when calling the TagResource operation: "+
		"Tags on function aliases and versions are not supported. Please specify a function ARN.\n",
		"tag-resource", "--resource", arn+":1", "--tags", "k=v")
}

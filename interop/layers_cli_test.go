package interop_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAWSCLILayers publishes layer versions with the AWS CLI, lists them,
// grants and reads a layer version permission, attaches a version to a
// function and deletes versions (botocore's parsers on every answer).
func TestAWSCLILayers(t *testing.T) {
	t.Parallel()
	srv := startFake(t)
	c := newLambdaCLI(t, srv)
	ok, failsWith := c.ok, c.failsWith
	zipPath := writeZip(t)

	const layer = "arn:aws:lambda:us-east-1:123456789012:layer:my-layer"
	var pub struct {
		LayerArn, LayerVersionArn, Description, CreatedDate string
		Version                                             int
		CompatibleRuntimes                                  []string
		Content                                             struct {
			Location, CodeSha256 string
			CodeSize             int
		}
	}
	decodeJSON(t, ok("publish-layer-version", "--layer-name", "my-layer", "--zip-file", "fileb://"+zipPath,
		"--compatible-runtimes", "python3.12", "python3.11"), &pub)
	require.Equal(t, layer, pub.LayerArn)
	require.Equal(t, layer+":1", pub.LayerVersionArn)
	require.Equal(t, 1, pub.Version)
	require.Equal(t, []string{"python3.12", "python3.11"}, pub.CompatibleRuntimes)
	require.Positive(t, pub.Content.CodeSize)
	require.Equal(t, "2026-01-02T03:04:05.000+0000", pub.CreatedDate)
	decodeJSON(t, ok("publish-layer-version", "--layer-name", "my-layer", "--zip-file", "fileb://"+zipPath), &pub)
	require.Equal(t, 2, pub.Version)

	var layers struct {
		Layers []struct {
			LayerName, LayerArn   string
			LatestMatchingVersion struct{ Version int }
		}
	}
	decodeJSON(t, ok("list-layers"), &layers)
	require.Len(t, layers.Layers, 1)
	require.Equal(t, "my-layer", layers.Layers[0].LayerName)
	require.Equal(t, 2, layers.Layers[0].LatestMatchingVersion.Version)
	decodeJSON(t, ok("list-layers", "--compatible-runtime", "python3.11"), &layers)
	require.Equal(t, 1, layers.Layers[0].LatestMatchingVersion.Version)
	var versions struct{ LayerVersions []struct{ Version int } }
	decodeJSON(t, ok("list-layer-versions", "--layer-name", "my-layer"), &versions)
	require.Equal(t, []struct{ Version int }{{2}, {1}}, versions.LayerVersions)
	decodeJSON(t, ok("get-layer-version-by-arn", "--arn", layer+":1"), &pub)
	require.Equal(t, 1, pub.Version)

	var perm struct{ Statement, RevisionId string }
	decodeJSON(t, ok("add-layer-version-permission", "--layer-name", "my-layer", "--version-number", "1",
		"--statement-id", "everyone", "--action", "lambda:GetLayerVersion", "--principal", "*"), &perm)
	require.JSONEq(t, `{"Sid":"everyone","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"`+layer+`:1"}`, perm.Statement)
	var policy struct{ Policy, RevisionId string }
	decodeJSON(t, ok("get-layer-version-policy", "--layer-name", "my-layer", "--version-number", "1"), &policy)
	require.Equal(t, perm.RevisionId, policy.RevisionId)
	require.Regexp(t, regexp.MustCompile(`^\{"Version":"2012-10-17","Id":"default","Statement":\[\{"Sid":"everyone",`), policy.Policy)

	var fn struct{ Layers []struct{ Arn string } }
	decodeJSON(t, ok("create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler",
		"--zip-file", "fileb://"+zipPath, "--layers", layer+":1"), &fn)
	require.Equal(t, layer+":1", fn.Layers[0].Arn)
	ok("wait", "function-active-v2", "--function-name", "my-function") // Pending until a read has shown it, as on Lambda

	require.Empty(t, ok("delete-layer-version", "--layer-name", "my-layer", "--version-number", "1"), "204: no output")
	require.Empty(t, ok("delete-layer-version", "--layer-name", "my-layer", "--version-number", "1"), "idempotent")
	failsWith("\nAn error occurred (ResourceNotFoundException) when calling the GetLayerVersion operation: The resource you requested does not exist.\n",
		"get-layer-version", "--layer-name", "my-layer", "--version-number", "1")
	failsWith("\nAn error occurred (InvalidParameterValueException) when calling the UpdateFunctionConfiguration operation: Layer version "+layer+":1 does not exist.\n",
		"update-function-configuration", "--function-name", "my-function", "--layers", layer+":1")
}

// TestAWSCLICodeSigning creates a code-signing config with the AWS CLI,
// reads it back, binds a function to it and lists the function by it.
func TestAWSCLICodeSigning(t *testing.T) {
	t.Parallel()
	srv := startFake(t)
	awsCLI := newLambdaCLI(t, srv)
	cli, ok := awsCLI.run, awsCLI.ok
	zipPath := writeZip(t)
	type config struct {
		CodeSigningConfigId, CodeSigningConfigArn, Description, LastModified string
		AllowedPublishers                                                    struct{ SigningProfileVersionArns []string }
		CodeSigningPolicies                                                  struct{ UntrustedArtifactOnDeployment string }
	}
	var created struct{ CodeSigningConfig config }
	decodeJSON(t, ok("create-code-signing-config", "--description", "signed only",
		"--allowed-publishers", "SigningProfileVersionArns=arn:aws:signer:us-east-1:123456789012:/signing-profiles/test",
		"--code-signing-policies", "UntrustedArtifactOnDeployment=Enforce"), &created)
	c := created.CodeSigningConfig
	require.Regexp(t, `^arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-[a-z0-9]{17}$`, c.CodeSigningConfigArn)
	require.Equal(t, "Enforce", c.CodeSigningPolicies.UntrustedArtifactOnDeployment)
	var got struct{ CodeSigningConfig config }
	decodeJSON(t, ok("get-code-signing-config", "--code-signing-config-arn", c.CodeSigningConfigArn), &got)
	require.Equal(t, c, got.CodeSigningConfig)

	ok("create-function", "--function-name", "my-function", "--runtime", "python3.12",
		"--role", "arn:aws:iam::123456789012:role/lambda-role", "--handler", "index.handler", "--zip-file", "fileb://"+zipPath)
	ok("wait", "function-active-v2", "--function-name", "my-function")
	var bound struct{ CodeSigningConfigArn, FunctionName string }
	decodeJSON(t, ok("put-function-code-signing-config", "--function-name", "my-function", "--code-signing-config-arn", c.CodeSigningConfigArn), &bound)
	require.Equal(t, "my-function", bound.FunctionName)
	var fns struct{ FunctionArns []string }
	decodeJSON(t, ok("list-functions-by-code-signing-config", "--code-signing-config-arn", c.CodeSigningConfigArn), &fns)
	require.Equal(t, []string{"arn:aws:lambda:us-east-1:123456789012:function:my-function"}, fns.FunctionArns)

	stdout, stderr, err := cli("delete-code-signing-config", "--code-signing-config-arn", c.CodeSigningConfigArn)
	require.Error(t, err, stdout)
	require.Contains(t, stderr, "(ResourceConflictException) when calling the DeleteCodeSigningConfig operation")
	require.Empty(t, ok("delete-function-code-signing-config", "--function-name", "my-function"))
	require.Empty(t, ok("delete-code-signing-config", "--code-signing-config-arn", c.CodeSigningConfigArn))
	_, stderr, err = cli("get-code-signing-config", "--code-signing-config-arn", c.CodeSigningConfigArn)
	require.Error(t, err)
	require.Equal(t, "\nAn error occurred (ResourceNotFoundException) when calling the GetCodeSigningConfig operation: The Lambda code signing configuration "+
		c.CodeSigningConfigArn+" can not be found.\n", stderr)
}

package fakelambda_test

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"
)

const (
	roleARN = "arn:aws:iam::123456789012:role/lambda-role"
)

// sha returns Lambda's CodeSha256 of b: base64 of its SHA-256.
func sha(b []byte) string {
	s := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

// httpStatus is the HTTP status of a successful call's answer.
func httpStatus(t *testing.T, md smithymw.Metadata) int {
	t.Helper()
	raw, ok := awsmw.GetRawResponse(md).(*smithyhttp.Response)
	require.True(t, ok, "no raw response in metadata")
	return raw.StatusCode
}

// requireValidation asserts err is a 400 ValidationException with message msg.
func requireValidation(t *testing.T, err error, msg string) {
	t.Helper()
	require.Error(t, err)
	var ae smithy.APIError
	require.True(t, errors.As(err, &ae), "not an API error: %v", err)
	require.Equal(t, "ValidationException", ae.ErrorCode())
	require.Equal(t, msg, ae.ErrorMessage())
	var re *awshttp.ResponseError
	require.True(t, errors.As(err, &re))
	require.Equal(t, 400, re.HTTPStatusCode())
}

func requireNotFound(t *testing.T, err error, msg string) {
	t.Helper()
	requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msg)
}

func requireInvalidParam(t *testing.T, err error, msg string) {
	t.Helper()
	requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", msg)
}

func requireConflict(t *testing.T, err error, msg string) {
	t.Helper()
	requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msg)
}

func requirePrecondition(t *testing.T, err error) {
	t.Helper()
	requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException",
		"The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
}

// zipInput is a valid CreateFunction input for a zip function.
func zipInput(name string, zip []byte) *lambda.CreateFunctionInput {
	return &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Role:         aws.String(roleARN),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: zip},
	}
}

func (e *env) getFunction(t *testing.T, name, qualifier string) *lambda.GetFunctionOutput {
	t.Helper()
	in := &lambda.GetFunctionInput{FunctionName: aws.String(name)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := e.client.GetFunction(e.ctx, in)
	require.NoError(t, err)
	return out
}

func TestCreateFunctionZip(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		zip := []byte("PK\x03\x04 some zip bytes")
		in := zipInput("f1", zip)
		in.Description = aws.String("first")
		in.Environment = &types.Environment{Variables: map[string]string{"AB": "b"}}
		in.Tags = map[string]string{"team": "core"}
		in.Architectures = []types.Architecture{types.ArchitectureArm64}
		out, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, 201, httpStatus(t, out.ResultMetadata))
		require.Equal(t, "f1", *out.FunctionName)
		require.Equal(t, arnPrefix+"f1", *out.FunctionArn)
		require.Equal(t, types.RuntimeProvidedal2023, out.Runtime)
		require.Equal(t, roleARN, *out.Role)
		require.Equal(t, "bootstrap", *out.Handler)
		require.Equal(t, int64(len(zip)), out.CodeSize)
		require.Equal(t, sha(zip), *out.CodeSha256)
		require.Equal(t, "first", *out.Description)
		require.Equal(t, int32(3), *out.Timeout)
		require.Equal(t, int32(128), *out.MemorySize)
		require.Equal(t, "2026-01-02T03:04:05.000+0000", *out.LastModified)
		require.Equal(t, "$LATEST", *out.Version)
		require.Equal(t, types.StatePending, out.State)
		require.Equal(t, "The function is being created.", *out.StateReason)
		require.Equal(t, types.StateReasonCodeCreating, out.StateReasonCode)
		require.Equal(t, types.LastUpdateStatus(""), out.LastUpdateStatus)
		require.Equal(t, types.PackageTypeZip, out.PackageType)
		require.Equal(t, []types.Architecture{types.ArchitectureArm64}, out.Architectures)
		require.Equal(t, int32(512), *out.EphemeralStorage.Size)
		require.Equal(t, types.TracingModePassThrough, out.TracingConfig.Mode)
		require.Equal(t, types.LogFormatText, out.LoggingConfig.LogFormat)
		require.Equal(t, "/aws/lambda/f1", *out.LoggingConfig.LogGroup)
		require.Equal(t, types.SnapStartApplyOnNone, out.SnapStart.ApplyOn)
		require.Equal(t, types.SnapStartOptimizationStatusOff, out.SnapStart.OptimizationStatus)
		require.Equal(t, map[string]string{"AB": "b"}, out.Environment.Variables)
		require.Len(t, *out.RevisionId, 36)

		// Once created, the function is Active and its last update Successful.
		got := e.getFunction(t, "f1", "")
		c := got.Configuration
		require.Equal(t, types.StateActive, c.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, c.LastUpdateStatus)
		require.Equal(t, *out.RevisionId, *c.RevisionId)
		require.Equal(t, sha(zip), *c.CodeSha256)
		require.Equal(t, "S3", *got.Code.RepositoryType)
		require.True(t, strings.HasPrefix(*got.Code.Location, "https://"), *got.Code.Location)
		require.Equal(t, map[string]string{"team": "core"}, got.Tags)
		require.Nil(t, got.Concurrency)

		// Reserved concurrency shows in GetFunction.
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f1"), ReservedConcurrentExecutions: aws.Int32(3)})
		require.NoError(t, err)
		got = e.getFunction(t, "f1", "")
		require.Equal(t, int32(3), *got.Concurrency.ReservedConcurrentExecutions)

		_, err = e.client.CreateFunction(e.ctx, zipInput("f1", zip))
		requireConflict(t, err, "Function already exist: f1")
	})
}

func TestCreateFunctionCodeForms(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		in := zipInput("s3fn", nil)
		in.Code = &types.FunctionCode{S3Bucket: aws.String("bucket"), S3Key: aws.String("k.zip")}
		out, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, int64(0), out.CodeSize)
		require.Len(t, *out.CodeSha256, 44)
		got := e.getFunction(t, "s3fn", "")
		require.Equal(t, "S3", *got.Code.RepositoryType)
		require.Nil(t, got.Code.ImageUri)

		// Other S3 code is other code.
		up, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("s3fn"), S3Bucket: aws.String("bucket"), S3Key: aws.String("k2.zip")})
		require.NoError(t, err)
		require.NotEqual(t, *out.CodeSha256, *up.CodeSha256)

		img := "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag"
		out, err = e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String("imgfn"), Role: aws.String(roleARN),
			PackageType: types.PackageTypeImage, Code: &types.FunctionCode{ImageUri: aws.String(img)}})
		require.NoError(t, err)
		require.Equal(t, types.PackageTypeImage, out.PackageType)
		require.Equal(t, types.Runtime(""), out.Runtime)
		require.Nil(t, out.Handler)
		got = e.getFunction(t, "imgfn", "")
		require.Equal(t, "ECR", *got.Code.RepositoryType)
		require.Equal(t, img, *got.Code.ImageUri)
		require.Nil(t, got.Code.Location)
		// The resolved URI is the repository at the digest CodeSha256 holds
		// (recorded: TestLambdaImages::test_lambda_image_crud).
		require.Len(t, *out.CodeSha256, 64)
		require.Equal(t, "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:"+*out.CodeSha256, *got.Code.ResolvedImageUri)

		// Code of the other package type is refused, and changes nothing
		// (recorded: TestLambdaImages::test_lambda_image_crud
		// image-to-zipfile-error, test_lambda_zip_file_to_image
		// zipfile-to-image-error).
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("imgfn"), ZipFile: []byte("z")})
		requireInvalidParam(t, err, "Please provide ImageUri when updating a function with packageType Image.")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("imgfn"),
			S3Bucket: aws.String("bucket"), S3Key: aws.String("k.zip")})
		requireInvalidParam(t, err, "Please provide ImageUri when updating a function with packageType Image.")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("s3fn"), ImageUri: aws.String(img)})
		requireInvalidParam(t, err, "Please don't provide ImageUri when updating a function with packageType Zip.")
		require.Equal(t, *up.CodeSha256, *e.getFunction(t, "s3fn", "").Configuration.CodeSha256)
		require.Equal(t, *out.CodeSha256, *e.getFunction(t, "imgfn", "").Configuration.CodeSha256)

		// A URI naming a digest resolves to that digest.
		digest := strings.Repeat("ab", 32)
		up, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("imgfn"),
			ImageUri: aws.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/other@sha256:" + digest)})
		require.NoError(t, err)
		require.Equal(t, digest, *up.CodeSha256)
		require.Equal(t, "123456789012.dkr.ecr.us-east-1.amazonaws.com/other@sha256:"+digest,
			*e.getFunction(t, "imgfn", "").Code.ResolvedImageUri)

		_, err = e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String("img2"), Role: aws.String(roleARN),
			PackageType: types.PackageTypeImage, Code: &types.FunctionCode{S3Bucket: aws.String("my-bucket"), S3Key: aws.String("k")}})
		requireInvalidParam(t, err, "Please provide ImageUri when PackageType is Image.")

		_, err = e.client.CreateFunction(e.ctx, zipInput("nocode", nil))
		requireInvalidParam(t, err, "Please provide a source for function code.")

		noRuntime := zipInput("nort", []byte("z"))
		noRuntime.Runtime = ""
		_, err = e.client.CreateFunction(e.ctx, noRuntime)
		requireInvalidParam(t, err, "Runtime and Handler are mandatory parameters for functions created with deployment packages.")

		two := zipInput("two", []byte("z"))
		two.Architectures = []types.Architecture{types.ArchitectureArm64, types.ArchitectureX8664}
		_, err = e.client.CreateFunction(e.ctx, two)
		// Recorded (TestLambdaFunction::test_create_lambda_exceptions): the model's list length.
		requireValidation(t, err, "1 validation error detected: Value '[arm64, x86_64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1")

		// Publish at creation makes version 1. The answer is $LATEST's
		// configuration (unqualified ARN, $LATEST's RevisionId) with Version
		// "1" (recorded: TestLambdaVersions::test_publish_version_on_create).
		pub := zipInput("pub", []byte("z"))
		pub.Publish = true
		out, err = e.client.CreateFunction(e.ctx, pub)
		require.NoError(t, err)
		require.Equal(t, "1", *out.Version)
		require.Equal(t, arnPrefix+"pub", *out.FunctionArn)
		require.Equal(t, *e.getFunction(t, "pub", "").Configuration.RevisionId, *out.RevisionId)
		v1 := e.getFunction(t, "pub", "1").Configuration
		require.Equal(t, arnPrefix+"pub:1", *v1.FunctionArn)
		require.NotEqual(t, *out.RevisionId, *v1.RevisionId)

		// None of the failed calls created anything.
		list, err := e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		var names []string
		for _, fc := range list.Functions {
			names = append(names, *fc.FunctionName)
		}
		require.Equal(t, []string{"imgfn", "pub", "s3fn"}, names)
	})
}

func TestCreateFunctionNames(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		out, err := e.client.CreateFunction(e.ctx, zipInput(arnPrefix+"byarn", []byte("z")))
		require.NoError(t, err)
		require.Equal(t, "byarn", *out.FunctionName)
		out, err = e.client.CreateFunction(e.ctx, zipInput("123456789012:function:bypartial", []byte("z")))
		require.NoError(t, err)
		require.Equal(t, arnPrefix+"bypartial", *out.FunctionArn)

		_, err = e.client.CreateFunction(e.ctx, zipInput("arn:aws:lambda:us-west-2:123456789012:function:x", []byte("z")))
		requireNotFound(t, err, "Functions from 'us-west-2' are not reachable in this region ('us-east-1')")

		long := strings.Repeat("a", 65)
		_, err = e.client.CreateFunction(e.ctx, zipInput(long, []byte("z")))
		requireInvalidParam(t, err, "1 validation error detected: Value '"+long+"' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64")

		tooLong := strings.Repeat("b", 141)
		_, err = e.client.CreateFunction(e.ctx, zipInput(tooLong, []byte("z")))
		requireValidation(t, err, "1 validation error detected: Value '"+tooLong+"' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140")

		_, err = e.client.CreateFunction(e.ctx, zipInput("bad name", []byte("z")))
		requireValidation(t, err, `1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`)

		_, err = e.client.CreateFunction(e.ctx, zipInput("q:1", []byte("z")))
		requireInvalidParam(t, err, "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")

		bad := zipInput("badrole", []byte("z"))
		bad.Role = aws.String("lambdarole")
		_, err = e.client.CreateFunction(e.ctx, bad)
		requireValidation(t, err, `1 validation error detected: Value 'lambdarole' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`)

		ranges := zipInput("ranges", []byte("z"))
		ranges.Timeout, ranges.MemorySize = aws.Int32(0), aws.Int32(64)
		_, err = e.client.CreateFunction(e.ctx, ranges)
		requireValidation(t, err, "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128")

		ranges.Timeout, ranges.MemorySize = aws.Int32(5401), aws.Int32(32769)
		_, err = e.client.CreateFunction(e.ctx, ranges)
		requireValidation(t, err, "2 validation errors detected: Value '5401' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 5400; Value '32769' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 32768")

		desc := zipInput("desc", []byte("z"))
		desc.Description = aws.String(strings.Repeat("d", 257))
		_, err = e.client.CreateFunction(e.ctx, desc)
		requireValidation(t, err, "1 validation error detected: Value '"+*desc.Description+"' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256")

		ranges.Timeout, ranges.MemorySize = aws.Int32(5400), aws.Int32(32768)
		out, err = e.client.CreateFunction(e.ctx, ranges)
		require.NoError(t, err)
		require.Equal(t, int32(5400), *out.Timeout)
		require.Equal(t, int32(32768), *out.MemorySize)
	})
}

func TestGetFunctionNameForms(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		v1 := e.publish(t, "f1")
		e.alias(t, "f1", "BLUE", v1)
		e.publish(t, "f1")

		cases := []struct {
			name, qualifier, arn, version string
		}{
			{"f1", "", arnPrefix + "f1", "$LATEST"},
			{"f1", "$LATEST", arnPrefix + "f1:$LATEST", "$LATEST"},
			{"f1:$LATEST", "", arnPrefix + "f1:$LATEST", "$LATEST"},
			{"f1:1", "", arnPrefix + "f1:1", "1"},
			{"f1:1", "1", arnPrefix + "f1:1", "1"},
			{"f1", "2", arnPrefix + "f1:2", "2"},
			{"f1:BLUE", "", arnPrefix + "f1:BLUE", "1"},
			{"f1", "BLUE", arnPrefix + "f1:BLUE", "1"},
			{"123456789012:function:f1", "", arnPrefix + "f1", "$LATEST"},
			{"123456789012:function:f1:2", "", arnPrefix + "f1:2", "2"},
			{"us-east-1:123456789012:function:f1", "", arnPrefix + "f1", "$LATEST"},
			{arnPrefix + "f1", "", arnPrefix + "f1", "$LATEST"},
			{arnPrefix + "f1:BLUE", "", arnPrefix + "f1:BLUE", "1"},
			{arnPrefix + "f1", "1", arnPrefix + "f1:1", "1"},
		}
		for _, c := range cases {
			got := e.getFunction(t, c.name, c.qualifier)
			require.Equal(t, c.arn, *got.Configuration.FunctionArn, "%s ? %s", c.name, c.qualifier)
			require.Equal(t, c.version, *got.Configuration.Version, "%s ? %s", c.name, c.qualifier)
			require.Equal(t, "f1", *got.Configuration.FunctionName)

			in := &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(c.name)}
			if c.qualifier != "" {
				in.Qualifier = aws.String(c.qualifier)
			}
			cfg, err := e.client.GetFunctionConfiguration(e.ctx, in)
			require.NoError(t, err)
			require.Equal(t, c.arn, *cfg.FunctionArn)
			require.Equal(t, c.version, *cfg.Version)
			require.Equal(t, types.StateActive, cfg.State)
		}
	})
}

func TestGetFunctionErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		e.publish(t, "f1")
		get := func(name, q string) error {
			in := &lambda.GetFunctionInput{FunctionName: aws.String(name)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			_, err := e.client.GetFunction(e.ctx, in)
			return err
		}
		getCfg := func(name, q string) error {
			in := &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			_, err := e.client.GetFunctionConfiguration(e.ctx, in)
			return err
		}
		for _, call := range []func(string, string) error{get, getCfg} {
			requireNotFound(t, call("nope", ""), "Function not found: "+arnPrefix+"nope")
			requireNotFound(t, call("nope", "1"), "Function not found: "+arnPrefix+"nope:1")
			requireNotFound(t, call("f1", "9"), "Function not found: "+arnPrefix+"f1:9")
			requireNotFound(t, call("f1:9", ""), "Function not found: "+arnPrefix+"f1:9")
			requireNotFound(t, call("f1", "noalias"), "Function not found: "+arnPrefix+"f1:noalias")
			requireNotFound(t, call("f1", "$latest"), "Function not found: "+arnPrefix+"f1:$latest")
			requireInvalidParam(t, call("f1:1", "2"), "The derived qualifier from the function name does not match the specified qualifier.")
			requireInvalidParam(t, call(arnPrefix+"f1:$LATEST", "1"), "The derived qualifier from the function name does not match the specified qualifier.")
			requireNotFound(t, call("arn:aws:lambda:us-west-2:123456789012:function:f1", ""),
				"Functions from 'us-west-2' are not reachable in this region ('us-east-1')")
			requireNotFound(t, call("us-west-2:123456789012:function:f1", ""),
				"Functions from 'us-west-2' are not reachable in this region ('us-east-1')")
			requireNotFound(t, call("arn:aws:lambda:us-east-1:210987654321:function:f1", ""),
				"Function not found: arn:aws:lambda:us-east-1:210987654321:function:f1")
			requireNotFound(t, call("210987654321:function:f1:1", ""),
				"Function not found: arn:aws:lambda:us-east-1:210987654321:function:f1:1")
			// A bare name longer than 64 is simply not found on reads.
			long := strings.Repeat("n", 65)
			requireNotFound(t, call(long, ""), "Function not found: "+arnPrefix+long)
			tooLong := strings.Repeat("n", 257)
			requireValidation(t, call(tooLong, ""), "1 validation error detected: Value '"+tooLong+"' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256")
			requireValidation(t, call("f1", "a.b"), `1 validation error detected: Value 'a.b' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`)
			q := strings.Repeat("q", 129)
			requireValidation(t, call("f1", q), "1 validation error detected: Value '"+q+"' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128")
			requireValidation(t, call("f1 x", ""), `1 validation error detected: Value 'f1 x' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`)
		}
	})
}

func TestUpdateFunctionCode(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		created := e.createFunction(t, "f1")
		e.clk.Add(1500 * time.Millisecond)
		zip := []byte("new code")
		out, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: zip, RevisionId: created.RevisionId})
		require.NoError(t, err)
		require.Equal(t, 200, httpStatus(t, out.ResultMetadata))
		require.Equal(t, sha(zip), *out.CodeSha256)
		require.Equal(t, int64(len(zip)), out.CodeSize)
		require.Equal(t, "2026-01-02T03:04:06.500+0000", *out.LastModified)
		require.NotEqual(t, *created.RevisionId, *out.RevisionId)
		require.Equal(t, types.LastUpdateStatusInProgress, out.LastUpdateStatus)
		require.Equal(t, types.StateActive, out.State)
		require.Equal(t, "$LATEST", *out.Version)

		// Later reads see the update done; the FunctionUpdatedV2 waiter
		// succeeds at its first attempt.
		require.NoError(t, lambda.NewFunctionUpdatedV2Waiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionInput{FunctionName: aws.String("f1")}, time.Minute))
		cfg, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Equal(t, types.LastUpdateStatusSuccessful, cfg.LastUpdateStatus)
		require.Equal(t, *out.RevisionId, *cfg.RevisionId)

		// A stale RevisionId is refused and changes nothing.
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: []byte("other"), RevisionId: created.RevisionId})
		requirePrecondition(t, err)
		require.Equal(t, sha(zip), *e.getFunction(t, "f1", "").Configuration.CodeSha256)

		// DryRun answers the would-be configuration and changes nothing.
		dry, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: []byte("dry"), DryRun: true})
		require.NoError(t, err)
		require.Equal(t, sha([]byte("dry")), *dry.CodeSha256)
		now := e.getFunction(t, "f1", "").Configuration
		require.Equal(t, sha(zip), *now.CodeSha256)
		require.Equal(t, *out.RevisionId, *now.RevisionId)

		// Publish publishes the new code as a version.
		pub, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: []byte("v1 code"), Publish: true})
		require.NoError(t, err)
		require.Equal(t, "1", *pub.Version)
		require.Equal(t, arnPrefix+"f1:1", *pub.FunctionArn)
		require.Equal(t, sha([]byte("v1 code")), *pub.CodeSha256)

		// The architecture can change with the code.
		arm, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: []byte("arm"), Architectures: []types.Architecture{types.ArchitectureArm64}})
		require.NoError(t, err)
		require.Equal(t, []types.Architecture{types.ArchitectureArm64}, arm.Architectures)

		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f1")})
		requireInvalidParam(t, err, "Please provide a source for function code.")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f1:1"), ZipFile: zip})
		requireInvalidParam(t, err, "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("nope"), ZipFile: zip})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("arn:aws:lambda:eu-west-1:123456789012:function:f1"), ZipFile: zip})
		requireNotFound(t, err, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')")
	})
}

func TestUpdateFunctionConfiguration(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		created := e.createFunction(t, "f1")
		e.clk.Add(time.Second)
		out, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1"), Description: aws.String("d2"), Timeout: aws.Int32(30),
			MemorySize: aws.Int32(1024), Environment: &types.Environment{Variables: map[string]string{"KEY": "V"}},
			Runtime: types.RuntimePython312, Handler: aws.String("app.handler"), RevisionId: created.RevisionId})
		require.NoError(t, err)
		require.Equal(t, "d2", *out.Description)
		require.Equal(t, int32(30), *out.Timeout)
		require.Equal(t, int32(1024), *out.MemorySize)
		require.Equal(t, map[string]string{"KEY": "V"}, out.Environment.Variables)
		require.Equal(t, types.RuntimePython312, out.Runtime)
		require.Equal(t, "app.handler", *out.Handler)
		require.Equal(t, *created.CodeSha256, *out.CodeSha256)
		require.Equal(t, "2026-01-02T03:04:06.000+0000", *out.LastModified)
		require.Equal(t, types.LastUpdateStatusInProgress, out.LastUpdateStatus)
		require.NotEqual(t, *created.RevisionId, *out.RevisionId)

		got := e.getFunction(t, "f1", "").Configuration
		require.Equal(t, "d2", *got.Description)
		require.Equal(t, int32(30), *got.Timeout)
		require.Equal(t, types.LastUpdateStatusSuccessful, got.LastUpdateStatus)

		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1"), Timeout: aws.Int32(1), RevisionId: created.RevisionId})
		requirePrecondition(t, err)

		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1"), Timeout: aws.Int32(0), MemorySize: aws.Int32(100000)})
		requireValidation(t, err, "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '100000' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 32768")
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1"), EphemeralStorage: &types.EphemeralStorage{Size: aws.Int32(100)}})
		requireValidation(t, err, "1 validation error detected: Value '100' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512")
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1"), Role: aws.String("nope")})
		requireValidation(t, err, `1 validation error detected: Value 'nope' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`)
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("nope"), Timeout: aws.Int32(5)})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1:$LATEST"), Timeout: aws.Int32(5)})
		requireInvalidParam(t, err, "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")

		// Failed updates changed nothing.
		after := e.getFunction(t, "f1", "").Configuration
		require.Equal(t, *got.RevisionId, *after.RevisionId)
		require.Equal(t, int32(30), *after.Timeout)
		require.Equal(t, int32(1024), *after.MemorySize)
	})
}

func TestDeleteFunction(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		v1 := e.publish(t, "f1")
		v2 := e.publish(t, "f1")
		e.publish(t, "f1")
		e.alias(t, "f1", "live", v2)
		del := func(name, q string) (*lambda.DeleteFunctionOutput, error) {
			in := &lambda.DeleteFunctionInput{FunctionName: aws.String(name)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			return e.client.DeleteFunction(e.ctx, in)
		}
		_, err := del("f1", "$LATEST")
		requireInvalidParam(t, err, "$LATEST version cannot be deleted without deleting the function.")
		_, err = del("f1:$LATEST", "")
		requireInvalidParam(t, err, "$LATEST version cannot be deleted without deleting the function.")
		_, err = del("f1", "live")
		requireInvalidParam(t, err, "Deletion of aliases is not currently supported.")
		// A version that does not exist, of a function that does: 204, twice
		// (TestLambdaFunction::test_delete_on_nonexisting_version).
		for range 2 {
			out, err := del("f1", "9")
			require.NoError(t, err)
			require.Equal(t, int32(204), out.StatusCode)
		}
		_, err = del("f1:1", "2")
		requireInvalidParam(t, err, "The derived qualifier from the function name does not match the specified qualifier.")
		_, err = del("nope", "")
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		// A missing function is named without the qualifier; $LATEST and
		// alias names are refused before the function is looked up.
		_, err = del("nope", "3")
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = del(arnPrefix+"nope:$latest", "")
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = del("nope:$LATEST", "$LATEST")
		requireInvalidParam(t, err, "$LATEST version cannot be deleted without deleting the function.")
		_, err = del("nope", strings.Repeat("a", 65))
		requireInvalidParam(t, err, "Deletion of aliases is not currently supported.")
		_, err = del("arn:aws:lambda:us-west-2:123456789012:function:f1", "")
		requireNotFound(t, err, "Functions from 'us-west-2' are not reachable in this region ('us-east-1')")
		_, err = del("f1", v2)
		requireConflict(t, err, "Unable to delete version because the following aliases reference it: [live]")

		// Deleting a version: 204, and only that version goes.
		out, err := del("f1", v1)
		require.NoError(t, err)
		require.Equal(t, int32(204), out.StatusCode)
		out, err = del(arnPrefix+"f1:3", "")
		require.NoError(t, err)
		require.Equal(t, int32(204), out.StatusCode)
		vers, err := e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Len(t, vers.Versions, 2)
		require.Equal(t, "$LATEST", *vers.Versions[0].Version)
		require.Equal(t, "2", *vers.Versions[1].Version)
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f1"), Qualifier: aws.String(v1)})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f1:1")

		// Deleting the function takes its versions and aliases with it.
		out, err = del(arnPrefix+"f1", "")
		require.NoError(t, err)
		require.Equal(t, int32(204), out.StatusCode)
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f1")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f1")
		_, err = e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f1")
		_, err = del("f1", "")
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f1")

		// The name can be reused, and versions start again at 1.
		e.createFunction(t, "f1")
		require.Equal(t, "1", e.publish(t, "f1"))
	})
}

func TestListFunctionsPaginator(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		// Names chosen so that "a" < "a-b" < "a.c" < "a_d" as strings but
		// "a:" > "a-b:": pages must still follow name order.
		var want []string
		for _, n := range []string{"a", "a-b", "a_d", "b"} {
			e.createFunction(t, n)
			want = append(want, n)
		}
		for i := range 60 {
			n := fmt.Sprintf("fn-%02d", i)
			e.createFunction(t, n)
			want = append(want, n)
		}
		collect := func(limit int32) ([]string, int) {
			var names []string
			pages := 0
			in := &lambda.ListFunctionsInput{}
			p := lambda.NewListFunctionsPaginator(e.client, in, func(o *lambda.ListFunctionsPaginatorOptions) {
				o.Limit = limit
				o.StopOnDuplicateToken = true
			})
			for p.HasMorePages() {
				page, err := p.NextPage(e.ctx)
				require.NoError(t, err)
				pages++
				for _, fc := range page.Functions {
					names = append(names, *fc.FunctionName)
					require.Equal(t, arnPrefix+*fc.FunctionName, *fc.FunctionArn)
					require.Equal(t, "$LATEST", *fc.Version)
					// Lists leave out State and LastUpdateStatus.
					require.Equal(t, types.State(""), fc.State)
					require.Equal(t, types.LastUpdateStatus(""), fc.LastUpdateStatus)
				}
			}
			return names, pages
		}
		names, pages := collect(0)
		require.Equal(t, want, names)
		require.Equal(t, 2, pages) // at most 50 per page
		names, pages = collect(7)
		require.Equal(t, want, names)
		require.Equal(t, 10, pages)
		names, pages = collect(1000)
		require.Equal(t, want, names)
		require.Equal(t, 2, pages) // MaxItems above 50 still pages by 50

		out, err := e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(64)})
		require.NoError(t, err)
		require.Len(t, out.Functions, 50)
		require.NotEmpty(t, *out.NextMarker)
		out, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{Marker: out.NextMarker})
		require.NoError(t, err)
		require.Len(t, out.Functions, 14)
		require.Nil(t, out.NextMarker)

		_, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(0)})
		requireValidation(t, err, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")
		_, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(10001)})
		requireValidation(t, err, "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000")
		_, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{FunctionVersion: "invalid"})
		requireValidation(t, err, "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]")
		_, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{Marker: aws.String("!!")})
		requireInvalidParam(t, err, "Invalid Marker: !!")
	})
}

func TestListFunctionsAllVersions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "b")
		e.createFunction(t, "a")
		e.publish(t, "a")
		e.publish(t, "a")
		var arns []string
		p := lambda.NewListFunctionsPaginator(e.client, &lambda.ListFunctionsInput{FunctionVersion: types.FunctionVersionAll},
			func(o *lambda.ListFunctionsPaginatorOptions) { o.Limit = 2 })
		for p.HasMorePages() {
			page, err := p.NextPage(e.ctx)
			require.NoError(t, err)
			for _, fc := range page.Functions {
				arns = append(arns, *fc.FunctionArn)
			}
		}
		require.Equal(t, []string{arnPrefix + "a:$LATEST", arnPrefix + "a:1", arnPrefix + "a:2", arnPrefix + "b:$LATEST"}, arns)

		out, err := e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		require.Len(t, out.Functions, 2)
		require.Nil(t, out.NextMarker)
	})
}

func TestAccountUsage(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		usage := func() types.AccountUsage {
			out, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
			require.NoError(t, err)
			require.Equal(t, int64(80530636800), out.AccountLimit.TotalCodeSize)
			require.Equal(t, int64(262144000), out.AccountLimit.CodeSizeUnzipped)
			require.Equal(t, int64(52428800), out.AccountLimit.CodeSizeZipped)
			return *out.AccountUsage
		}
		require.Equal(t, types.AccountUsage{}, usage())
		_, err := e.client.CreateFunction(e.ctx, zipInput("f1", make([]byte, 100)))
		require.NoError(t, err)
		_, err = e.client.CreateFunction(e.ctx, zipInput("f2", make([]byte, 30)))
		require.NoError(t, err)
		require.Equal(t, types.AccountUsage{FunctionCount: 2, TotalCodeSize: 130}, usage())
		// A published version keeps its own copy of the code.
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Equal(t, types.AccountUsage{FunctionCount: 2, TotalCodeSize: 230}, usage())
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Equal(t, types.AccountUsage{FunctionCount: 1, TotalCodeSize: 30}, usage())
	})
}

func TestWaitersSucceedAtOnce(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		v := e.publish(t, "f1")
		start := time.Now()
		require.NoError(t, lambda.NewFunctionActiveV2Waiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionInput{FunctionName: aws.String("f1")}, time.Minute))
		require.NoError(t, lambda.NewFunctionExistsWaiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionInput{FunctionName: aws.String("f1")}, time.Minute))
		require.NoError(t, lambda.NewFunctionActiveWaiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f1")}, time.Minute))
		require.NoError(t, lambda.NewPublishedVersionActiveWaiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f1"), Qualifier: aws.String(v)}, time.Minute))
		require.Less(t, time.Since(start), 900*time.Millisecond) // no waiter slept
	})
}

// The list operations leave out RuntimeVersionConfig, which the reads of
// one function answer (recorded: TestLambdaFunction::test_list_functions,
// TestLambdaVersions::test_version_lifecycle).
func TestListsLeaveOutRuntimeVersion(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		e.publish(t, "f1")
		require.NotNil(t, e.getFunction(t, "f1", "").Configuration.RuntimeVersionConfig)
		require.NotNil(t, e.getFunction(t, "f1", "1").Configuration.RuntimeVersionConfig)
		for _, in := range []*lambda.ListFunctionsInput{{}, {FunctionVersion: types.FunctionVersionAll}} {
			out, err := e.client.ListFunctions(e.ctx, in)
			require.NoError(t, err)
			require.NotEmpty(t, out.Functions)
			for _, c := range out.Functions {
				require.Nil(t, c.RuntimeVersionConfig, *c.FunctionArn)
			}
		}
		vs, err := e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Len(t, vs.Versions, 2)
		for _, c := range vs.Versions {
			require.Nil(t, c.RuntimeVersionConfig, *c.FunctionArn)
		}
	})
}

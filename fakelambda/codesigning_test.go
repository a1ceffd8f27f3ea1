package fakelambda_test

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// Code-signing configurations through a real SDK client, on both
// transports. Messages are Lambda's, recorded in TestCodeSigningConfig
// (test_lambda_api.snapshot.json) unless said otherwise.

const signingProfile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/test"

var cscARN = regexp.MustCompile(`^arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-[a-z0-9]{17}$`)

func (e *env) createCSC(t *testing.T, desc string) *types.CodeSigningConfig {
	t.Helper()
	out, err := e.client.CreateCodeSigningConfig(e.ctx, &lambda.CreateCodeSigningConfigInput{Description: aws.String(desc),
		AllowedPublishers:   &types.AllowedPublishers{SigningProfileVersionArns: []string{signingProfile}},
		CodeSigningPolicies: &types.CodeSigningPolicies{UntrustedArtifactOnDeployment: types.CodeSigningPolicyEnforce}})
	require.NoError(t, err)
	require.Equal(t, 201, httpStatus(t, out.ResultMetadata))
	return out.CodeSigningConfig
}

func TestCodeSigningConfigLifecycle(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		c := e.createCSC(t, "Testing CodeSigning Config")
		arn := aws.ToString(c.CodeSigningConfigArn)
		require.Regexp(t, cscARN, arn)
		require.Equal(t, arn[len(arn)-21:], aws.ToString(c.CodeSigningConfigId))
		require.Equal(t, []string{signingProfile}, c.AllowedPublishers.SigningProfileVersionArns)
		require.Equal(t, types.CodeSigningPolicyEnforce, c.CodeSigningPolicies.UntrustedArtifactOnDeployment)
		require.Equal(t, "2026-01-02T03:04:05.000+0000", aws.ToString(c.LastModified))

		up, err := e.client.UpdateCodeSigningConfig(e.ctx, &lambda.UpdateCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn),
			CodeSigningPolicies: &types.CodeSigningPolicies{UntrustedArtifactOnDeployment: types.CodeSigningPolicyWarn}})
		require.NoError(t, err)
		require.Equal(t, types.CodeSigningPolicyWarn, up.CodeSigningConfig.CodeSigningPolicies.UntrustedArtifactOnDeployment)
		require.Equal(t, "Testing CodeSigning Config", aws.ToString(up.CodeSigningConfig.Description))
		// No member: the config unchanged.
		same, err := e.client.UpdateCodeSigningConfig(e.ctx, &lambda.UpdateCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		require.Equal(t, up.CodeSigningConfig, same.CodeSigningConfig)
		got, err := e.client.GetCodeSigningConfig(e.ctx, &lambda.GetCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		require.Equal(t, up.CodeSigningConfig, got.CodeSigningConfig)

		put, err := e.client.PutFunctionCodeSigningConfig(e.ctx, &lambda.PutFunctionCodeSigningConfigInput{FunctionName: aws.String(arnPrefix + "f"), CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		require.Equal(t, "f", aws.ToString(put.FunctionName))
		require.Equal(t, arn, aws.ToString(put.CodeSigningConfigArn))
		fcsc, err := e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, arn, aws.ToString(fcsc.CodeSigningConfigArn))
		require.Equal(t, "f", aws.ToString(fcsc.FunctionName))
		fns, err := e.client.ListFunctionsByCodeSigningConfig(e.ctx, &lambda.ListFunctionsByCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		require.Equal(t, []string{arnPrefix + "f"}, fns.FunctionArns)

		// Not recorded (the model documents it): a config in use cannot be deleted.
		_, err = e.client.DeleteCodeSigningConfig(e.ctx, &lambda.DeleteCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		requireConflict(t, err, "The code signing configuration "+arn+" cannot be deleted because it is used by one or more functions.")

		// Paging over the configs.
		e.createCSC(t, "second")
		var seen []string
		p := lambda.NewListCodeSigningConfigsPaginator(e.client, &lambda.ListCodeSigningConfigsInput{MaxItems: aws.Int32(1)})
		for p.HasMorePages() {
			page, err := p.NextPage(e.ctx)
			require.NoError(t, err)
			require.Len(t, page.CodeSigningConfigs, 1)
			seen = append(seen, aws.ToString(page.CodeSigningConfigs[0].Description))
		}
		require.ElementsMatch(t, []string{"Testing CodeSigning Config", "second"}, seen)

		del, err := e.client.DeleteFunctionCodeSigningConfig(e.ctx, &lambda.DeleteFunctionCodeSigningConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, 204, httpStatus(t, del.ResultMetadata))
		fcsc, err = e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, fcsc.CodeSigningConfigArn)
		require.Nil(t, fcsc.FunctionName)
		_, err = e.client.DeleteCodeSigningConfig(e.ctx, &lambda.DeleteCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		_, err = e.client.GetCodeSigningConfig(e.ctx, &lambda.GetCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		requireNotFound(t, err, "The Lambda code signing configuration "+arn+" can not be found.")
	})
}

func TestCodeSigningConfigErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		arn := aws.ToString(e.createCSC(t, "d").CodeSigningConfigArn)
		invalid := arn[:len(arn)-1] + "x"
		if invalid == arn {
			invalid = arn[:len(arn)-1] + "y"
		}
		notFound := "The Lambda code signing configuration " + invalid + " can not be found."
		_, err := e.client.DeleteCodeSigningConfig(e.ctx, &lambda.DeleteCodeSigningConfigInput{CodeSigningConfigArn: aws.String(invalid)})
		requireNotFound(t, err, notFound)
		_, err = e.client.GetCodeSigningConfig(e.ctx, &lambda.GetCodeSigningConfigInput{CodeSigningConfigArn: aws.String(invalid)})
		requireNotFound(t, err, notFound)
		_, err = e.client.UpdateCodeSigningConfig(e.ctx, &lambda.UpdateCodeSigningConfigInput{CodeSigningConfigArn: aws.String(invalid), Description: aws.String("x")})
		requireNotFound(t, err, notFound)
		_, err = e.client.ListFunctionsByCodeSigningConfig(e.ctx, &lambda.ListFunctionsByCodeSigningConfigInput{CodeSigningConfigArn: aws.String(invalid)})
		requireNotFound(t, err, notFound)

		// Nothing to delete: 204.
		_, err = e.client.DeleteFunctionCodeSigningConfig(e.ctx, &lambda.DeleteFunctionCodeSigningConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		missing := "Function not found: " + arnPrefix + "csc-test-doesnotexist"
		_, err = e.client.DeleteFunctionCodeSigningConfig(e.ctx, &lambda.DeleteFunctionCodeSigningConfigInput{FunctionName: aws.String("csc-test-doesnotexist")})
		requireNotFound(t, err, missing)
		_, err = e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("csc-test-doesnotexist")})
		requireNotFound(t, err, missing)
		_, err = e.client.PutFunctionCodeSigningConfig(e.ctx, &lambda.PutFunctionCodeSigningConfigInput{FunctionName: aws.String("csc-test-doesnotexist"), CodeSigningConfigArn: aws.String(arn)})
		requireNotFound(t, err, missing)
		// The config is looked up first.
		cscMissing := "The code signing configuration cannot be found. Check that the provided configuration is not deleted: " + invalid + "."
		for _, fn := range []string{"f", "csc-test-doesnotexist"} {
			_, err = e.client.PutFunctionCodeSigningConfig(e.ctx, &lambda.PutFunctionCodeSigningConfigInput{FunctionName: aws.String(fn), CodeSigningConfigArn: aws.String(invalid)})
			requireAPIError[*types.CodeSigningConfigNotFoundException](t, err, 404, "CodeSigningConfigNotFoundException", cscMissing)
		}
		fns, err := e.client.ListFunctionsByCodeSigningConfig(e.ctx, &lambda.ListFunctionsByCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		require.NotNil(t, fns.FunctionArns)
		require.Empty(t, fns.FunctionArns)
		// A qualified name is refused (the function-level operations).
		_, err = e.client.PutFunctionCodeSigningConfig(e.ctx, &lambda.PutFunctionCodeSigningConfigInput{FunctionName: aws.String("f:1"), CodeSigningConfigArn: aws.String(arn)})
		requireInvalidParam(t, err, "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
		_, err = e.client.GetCodeSigningConfig(e.ctx, &lambda.GetCodeSigningConfigInput{CodeSigningConfigArn: aws.String("arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-SHORT")})
		requireValidation(t, err, "1 validation error detected: Value 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-SHORT' at 'codeSigningConfigArn' failed to satisfy constraint: "+
			`Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:code-signing-config:csc-[a-z0-9]{17}`)
	})
}

// Deleting a function unbinds its config; a new function of that name has
// none. Configs are per region, forgotten by Reset, and fakes with the same
// seed create the same ARNs.
func TestCodeSigningConfigFakeIntegration(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		arn := aws.ToString(e.createCSC(t, "d").CodeSigningConfigArn)
		_, err := e.client.PutFunctionCodeSigningConfig(e.ctx, &lambda.PutFunctionCodeSigningConfigInput{FunctionName: aws.String("f"), CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		fns, err := e.client.ListFunctionsByCodeSigningConfig(e.ctx, &lambda.ListFunctionsByCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)
		require.Empty(t, fns.FunctionArns)
		e.createFunction(t, "f")
		fcsc, err := e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, fcsc.CodeSigningConfigArn)
		_, err = e.client.DeleteCodeSigningConfig(e.ctx, &lambda.DeleteCodeSigningConfigInput{CodeSigningConfigArn: aws.String(arn)})
		require.NoError(t, err)

		west := lambda.NewFromConfig(middleware.Config(e.fake), func(o *lambda.Options) { o.Region = "eu-west-1" })
		e.createCSC(t, "east")
		list, err := west.ListCodeSigningConfigs(e.ctx, &lambda.ListCodeSigningConfigsInput{})
		require.NoError(t, err)
		require.Empty(t, list.CodeSigningConfigs)

		e.fake.Reset()
		list, err = e.client.ListCodeSigningConfigs(e.ctx, &lambda.ListCodeSigningConfigsInput{})
		require.NoError(t, err)
		require.Empty(t, list.CodeSigningConfigs)
		calls := e.fake.Calls()
		require.Len(t, calls, 1)
		require.Equal(t, fakelambda.OpListCodeSigningConfigs, calls[0].Operation)
	})
	create := func() string {
		f := fakelambda.New(fakelambda.WithSeed(3))
		out, err := lambda.NewFromConfig(middleware.Config(f)).CreateCodeSigningConfig(t.Context(), &lambda.CreateCodeSigningConfigInput{
			AllowedPublishers: &types.AllowedPublishers{SigningProfileVersionArns: []string{signingProfile}}})
		require.NoError(t, err)
		require.Equal(t, types.CodeSigningPolicyWarn, out.CodeSigningConfig.CodeSigningPolicies.UntrustedArtifactOnDeployment) // the default (not recorded)
		return aws.ToString(out.CodeSigningConfig.CodeSigningConfigArn)
	}
	require.Equal(t, create(), create())
}

// Code-signing-config ARNs are taggable (TaggableResource's pattern, as
// recorded in TestLambdaTag::test_tag_exceptions): Create's Tags, ListTags,
// TagResource, UntagResource. Not recorded: a missing config's message.
func TestCodeSigningConfigTags(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		out, err := e.client.CreateCodeSigningConfig(e.ctx, &lambda.CreateCodeSigningConfigInput{
			AllowedPublishers: &types.AllowedPublishers{SigningProfileVersionArns: []string{signingProfile}}, Tags: map[string]string{"team": "a"}})
		require.NoError(t, err)
		arn := out.CodeSigningConfig.CodeSigningConfigArn
		tags, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: arn})
		require.NoError(t, err)
		require.Equal(t, map[string]string{"team": "a"}, tags.Tags)
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: arn, Tags: map[string]string{"team": "b", "env": "dev"}})
		require.NoError(t, err)
		_, err = e.client.UntagResource(e.ctx, &lambda.UntagResourceInput{Resource: arn, TagKeys: []string{"team"}})
		require.NoError(t, err)
		tags, err = e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: arn})
		require.NoError(t, err)
		require.Equal(t, map[string]string{"env": "dev"}, tags.Tags)

		_, err = e.client.DeleteCodeSigningConfig(e.ctx, &lambda.DeleteCodeSigningConfigInput{CodeSigningConfigArn: arn})
		require.NoError(t, err)
		_, err = e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: arn})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "The Lambda code signing configuration "+aws.ToString(arn)+" can not be found.")
		// Function ARNs are the functions' tags, as before.
		e.createFunction(t, "f")
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(arnPrefix + "f"), Tags: map[string]string{"k": "v"}})
		require.NoError(t, err)
		tags, err = e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(arnPrefix + "f")})
		require.NoError(t, err)
		require.Equal(t, map[string]string{"k": "v"}, tags.Tags)
	})
}

// CreateFunction's CodeSigningConfigArn binds the new function (the model's
// member; not recorded). A missing config creates nothing.
func TestCreateFunctionWithCodeSigningConfig(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		arn := aws.ToString(e.createCSC(t, "d").CodeSigningConfigArn)
		in := zipInput("f", []byte("zip"))
		in.CodeSigningConfigArn = aws.String(arn)
		_, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		got, err := e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, arn, aws.ToString(got.CodeSigningConfigArn))

		missing := arn[:len(arn)-1] + "x"
		if missing == arn {
			missing = arn[:len(arn)-1] + "y"
		}
		in = zipInput("g", []byte("zip"))
		in.CodeSigningConfigArn = aws.String(missing)
		_, err = e.client.CreateFunction(e.ctx, in)
		requireAPIError[*types.CodeSigningConfigNotFoundException](t, err, 404, "CodeSigningConfigNotFoundException",
			"The code signing configuration cannot be found. Check that the provided configuration is not deleted: "+missing+".")
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("g")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"g")
	})
}

package fakelambda_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestTagsRoundTrip: CreateFunction's Tags, TagResource, UntagResource,
// ListTags and GetFunction's Tags all see the same map.
func TestTagsRoundTrip(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		_, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String("f"), Role: aws.String("arn:aws:iam::123456789012:role/lambda-role"),
			Runtime: types.RuntimeProvidedal2023, Handler: aws.String("bootstrap"),
			Code: &types.FunctionCode{ZipFile: []byte("zip")}, Tags: map[string]string{"team": "a", "env": "dev"}})
		require.NoError(t, err)
		arn := arnPrefix + "f"

		requireTags := func(want map[string]string) {
			t.Helper()
			lt, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(arn)})
			require.NoError(t, err)
			require.Equal(t, want, lt.Tags)
			fn, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
			require.NoError(t, err)
			if len(want) == 0 {
				require.Empty(t, fn.Tags, "GetFunction omits Tags when there are none")
			} else {
				require.Equal(t, want, fn.Tags)
			}
		}
		requireTags(map[string]string{"team": "a", "env": "dev"})

		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(arn),
			Tags: map[string]string{"team": "b", "cost": "42", "empty": ""}})
		require.NoError(t, err)
		requireTags(map[string]string{"team": "b", "env": "dev", "cost": "42", "empty": ""})

		_, err = e.client.UntagResource(e.ctx, &lambda.UntagResourceInput{Resource: aws.String(arn),
			TagKeys: []string{"env", "cost", "never-set"}})
		require.NoError(t, err)
		requireTags(map[string]string{"team": "b", "empty": ""})

		_, err = e.client.UntagResource(e.ctx, &lambda.UntagResourceInput{Resource: aws.String(arn),
			TagKeys: []string{"team", "empty"}})
		require.NoError(t, err)
		requireTags(map[string]string{})

		// A function created without tags lists an empty map.
		e.createFunction(t, "g")
		lt, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(arnPrefix + "g")})
		require.NoError(t, err)
		require.Equal(t, map[string]string{}, lt.Tags)

		// Tags are the function's: versions keep none of their own, and
		// deleting the function forgets them.
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(arnPrefix + "g"), Tags: map[string]string{"k": "v"}})
		require.NoError(t, err)
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		e.createFunction(t, "g")
		lt, err = e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(arnPrefix + "g")})
		require.NoError(t, err)
		require.Equal(t, map[string]string{}, lt.Tags)
	})
}

func TestTagsErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.alias(t, "f", "live", e.publish(t, "f"))
		calls := []struct {
			name string
			call func(resource string) error
		}{
			{"ListTags", func(r string) error {
				_, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(r)})
				return err
			}},
			{"TagResource", func(r string) error {
				_, err := e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(r), Tags: map[string]string{"k": "v"}})
				return err
			}},
			{"UntagResource", func(r string) error {
				_, err := e.client.UntagResource(e.ctx, &lambda.UntagResourceInput{Resource: aws.String(r), TagKeys: []string{"k"}})
				return err
			}},
		}
		for _, c := range calls {
			t.Run(c.name, func(t *testing.T) {
				// Missing function: 404 with the ARN as given.
				requireAPIError[*types.ResourceNotFoundException](t, c.call(arnPrefix+"nope"), 404,
					"ResourceNotFoundException", "Function not found: "+arnPrefix+"nope")
				// Another region or account: not this fake's function.
				other := "arn:aws:lambda:eu-west-1:123456789012:function:f"
				requireAPIError[*types.ResourceNotFoundException](t, c.call(other), 404,
					"ResourceNotFoundException", "Function not found: "+other)
				other = "arn:aws:lambda:us-east-1:210987654321:function:f"
				requireAPIError[*types.ResourceNotFoundException](t, c.call(other), 404,
					"ResourceNotFoundException", "Function not found: "+other)
				// Versions and aliases carry no tags; checked before existence.
				for _, q := range []string{"f:live", "f:1", "f:$LATEST", "nope:live"} {
					requireAPIError[*types.InvalidParameterValueException](t, c.call(arnPrefix+q), 400,
						"InvalidParameterValueException", "Tags on function aliases and versions are not supported. Please specify a function ARN.")
				}
				// A missing event source mapping (the esm branch: recorded,
				// TestLambdaTag::test_tag_exceptions[event_source_mapping]).
				esm := "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
				requireAPIError[*types.ResourceNotFoundException](t, c.call(esm), 404,
					"ResourceNotFoundException", "Event source mapping not found: "+esm)
				// Only full ARNs are taggable resources.
				for _, r := range []string{"f", "123456789012:function:f", "arn::lambda:us-east-1:123456789012:function:f",
					"arn:aws:lambda:us-east-1:123456789012:layer:l"} {
					requireAPIError[*smithy.GenericAPIError](t, c.call(r), 400, "ValidationException",
						"1 validation error detected: Value '"+r+"' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: "+
							`arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`)
				}
				long := arnPrefix + strings.Repeat("a", 257-len(arnPrefix))
				requireAPIError[*smithy.GenericAPIError](t, c.call(long), 400, "ValidationException",
					"1 validation error detected: Value '"+long+"' at 'resource' failed to satisfy constraint: Member must have length less than or equal to 256")
			})
		}
		lt, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(arnPrefix + "f")})
		require.NoError(t, err)
		require.Equal(t, map[string]string{}, lt.Tags, "no failed call tagged anything")
	})
}

// Raw requests the SDK would not send: a missing Tags or tagKeys member.
func TestTagsMissingMembers(t *testing.T) {
	f, _ := fidFake(t)
	rawFunction(t, f, "f", 0)
	res := "/2017-03-31/tags/" + url.PathEscape(arnPrefix+"f")
	requireRawError(t, send(t, f, "POST", res, `{}`), 400, "ValidationException",
		`{"message":"1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"}`)
	requireRawError(t, send(t, f, "DELETE", res, ""), 400, "ValidationException",
		`{"message":"1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"}`)
	requireRawError(t, send(t, f, "GET", "/2017-03-31/tags/", ""), 400, "ValidationException",
		`{"message":"2 validation errors detected: Value '' at 'resource' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: `+taggablePattern+`"}`)
	require.Equal(t, `{"Tags":{}}`, mustSend(t, f, "GET", res, "", 200))
	mustSend(t, f, "POST", res, `{"Tags":{"a":"1","b":"2"}}`, 204)
	mustSend(t, f, "DELETE", res+"?tagKeys=a&tagKeys=zzz", "", 204)
	require.Equal(t, `{"Tags":{"b":"2"}}`, mustSend(t, f, "GET", res, "", 200))
	requireRawError(t, send(t, f, "PUT", res, `{}`), 400, "UnknownOperationException",
		`{"Type":"User","message":"Unknown operation: PUT `+res+`"}`)
}

// taggablePattern is the TaggableResource pattern Lambda prints (recorded:
// TestLambdaTag, with the layer: alternative the model lacks).
const taggablePattern = `arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`

// Faults and the call log see the function a tag call is about.
func TestTagsCallTarget(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		h := e.fake.AddFault(fakelambda.Fault{Operation: "TagResource", Function: "f", Count: 3,
			Err: fakelambda.Throttled("CallerRateLimitExceeded")})
		_, err := e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(arnPrefix + "f"), Tags: map[string]string{"k": "v"}})
		requireAPIError[*types.TooManyRequestsException](t, err, 429, "TooManyRequestsException", "Rate exceeded")
		require.Equal(t, 3, h.Fired())
		calls := e.fake.Calls()
		last := calls[len(calls)-1]
		require.Equal(t, "TagResource", last.Operation)
		require.Equal(t, "f", last.Function)
		require.True(t, last.Faulted)
	})
}

func TestGetFunctionCodeSigningConfig(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		for _, name := range []string{"f", arnPrefix + "f", "123456789012:function:f"} {
			out, err := e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String(name)})
			require.NoError(t, err)
			// Recorded (TestCodeSigningConfig::test_code_signing_not_found_excs
			// get_function_csc_fnwithoutcsc): an empty object, although the
			// model marks both members required.
			require.Nil(t, out.CodeSigningConfigArn)
			require.Nil(t, out.FunctionName)
		}

		_, err := e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("nope")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Function not found: "+arnPrefix+"nope")
		_, err = e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("f:1")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
		_, err = e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("bad name")})
		requireAPIError[*smithy.GenericAPIError](t, err, 400, "ValidationException",
			`1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`)
		_, err = e.client.GetFunctionCodeSigningConfig(e.ctx, &lambda.GetFunctionCodeSigningConfigInput{
			FunctionName: aws.String("arn:aws:lambda:us-east-1:210987654321:function:f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Function not found: arn:aws:lambda:us-east-1:210987654321:function:f")
	})
}

func TestGetPolicy(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.alias(t, "f", "live", e.publish(t, "f"))
		const none = "The resource you requested does not exist."
		for _, in := range []*lambda.GetPolicyInput{
			{FunctionName: aws.String("f")},
			{FunctionName: aws.String(arnPrefix + "f")},
			{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")},
			{FunctionName: aws.String("f"), Qualifier: aws.String("1")},
			{FunctionName: aws.String("f:live")},
			{FunctionName: aws.String("f:live"), Qualifier: aws.String("live")},
		} {
			_, err := e.client.GetPolicy(e.ctx, in)
			requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", none)
		}

		// Recorded (TestLambdaPermissions::test_permission_exceptions,
		// get_policy_fn_doesnotexist, get_policy_fn_version_doesnotexist): a
		// missing function or version is the same 404 as a missing policy.
		_, err := e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("nope")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", none)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String("7")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", none)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String("blue")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", none)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f:live"), Qualifier: aws.String("1")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The derived qualifier from the function name does not match the specified qualifier.")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String("a b")})
		requireAPIError[*smithy.GenericAPIError](t, err, 400, "ValidationException",
			`1 validation error detected: Value 'a b' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`)
	})
}

// The raw error bodies of the new reads: Message with a capital M, Type User.
func TestExtrasRawBodies(t *testing.T) {
	f, _ := fidFake(t)
	rawFunction(t, f, "f", 0)
	requireRawError(t, send(t, f, "GET", "/2015-03-31/functions/f/policy", ""), 404, "ResourceNotFoundException",
		`{"Message":"The resource you requested does not exist.","Type":"User"}`)
	require.Equal(t, `{}`,
		mustSend(t, f, "GET", "/2020-06-30/functions/f/code-signing-config", "", 200))
	requireRawError(t, send(t, f, "GET", "/2020-06-30/functions/g/code-signing-config", ""), 404, "ResourceNotFoundException",
		`{"Message":"Function not found: `+arnPrefix+`g","Type":"User"}`)
	requireRawError(t, send(t, f, "PUT", "/2020-06-30/functions/f/code-signing-config", `{}`), 400, "ValidationException",
		`{"message":"1 validation error detected: Value null at 'codeSigningConfigArn' failed to satisfy constraint: Member must not be null"}`)
}

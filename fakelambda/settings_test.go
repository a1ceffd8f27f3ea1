package fakelambda_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

// Recorded: TestLambdaRecursion (test_lambda_api.snapshot.json): a new
// function is Terminate; Put Allow answers and reads back Allow; a value
// outside the enum is a ValidationException listing Terminate, Allow.
func TestFunctionRecursionConfig(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		get, err := e.client.GetFunctionRecursionConfig(e.ctx, &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.RecursiveLoopTerminate, get.RecursiveLoop)
		require.Equal(t, 200, httpStatus(t, get.ResultMetadata))

		put, err := e.client.PutFunctionRecursionConfig(e.ctx, &lambda.PutFunctionRecursionConfigInput{
			FunctionName: aws.String("f"), RecursiveLoop: types.RecursiveLoopAllow})
		require.NoError(t, err)
		require.Equal(t, types.RecursiveLoopAllow, put.RecursiveLoop)
		get, err = e.client.GetFunctionRecursionConfig(e.ctx, &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String(arnPrefix + "f")})
		require.NoError(t, err)
		require.Equal(t, types.RecursiveLoopAllow, get.RecursiveLoop)

		_, err = e.client.PutFunctionRecursionConfig(e.ctx, &lambda.PutFunctionRecursionConfigInput{
			FunctionName: aws.String("f"), RecursiveLoop: "InvalidValue"})
		requireValidation(t, err, "1 validation error detected: Value 'InvalidValue' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]")

		// Not recorded: a missing function is Lambda's usual 404.
		_, err = e.client.GetFunctionRecursionConfig(e.ctx, &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String("nope")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")

		// A new function of the same name starts over at Terminate.
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		e.createFunction(t, "f")
		get, err = e.client.GetFunctionRecursionConfig(e.ctx, &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.RecursiveLoopTerminate, get.RecursiveLoop)
	})
}

// Runtime management (not recorded: the model and its docs). A version is
// Auto until set; Manual pins a runtime version ARN; an alias is refused.
func TestRuntimeManagementConfig(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		get, err := e.client.GetRuntimeManagementConfig(e.ctx, &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.UpdateRuntimeOnAuto, get.UpdateRuntimeOn)
		require.Nil(t, get.RuntimeVersionArn)
		require.Equal(t, arnPrefix+"f", aws.ToString(get.FunctionArn))

		runtimeArn := "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		put, err := e.client.PutRuntimeManagementConfig(e.ctx, &lambda.PutRuntimeManagementConfigInput{FunctionName: aws.String("f"),
			Qualifier: aws.String(v), UpdateRuntimeOn: types.UpdateRuntimeOnManual, RuntimeVersionArn: aws.String(runtimeArn)})
		require.NoError(t, err)
		require.Equal(t, types.UpdateRuntimeOnManual, put.UpdateRuntimeOn)
		require.Equal(t, runtimeArn, aws.ToString(put.RuntimeVersionArn))
		require.Equal(t, arnPrefix+"f:"+v, aws.ToString(put.FunctionArn))
		get, err = e.client.GetRuntimeManagementConfig(e.ctx, &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		require.NoError(t, err)
		require.Equal(t, types.UpdateRuntimeOnManual, get.UpdateRuntimeOn)
		require.Equal(t, runtimeArn, aws.ToString(get.RuntimeVersionArn))
		// $LATEST keeps its own setting.
		get, err = e.client.GetRuntimeManagementConfig(e.ctx, &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		require.NoError(t, err)
		require.Equal(t, types.UpdateRuntimeOnAuto, get.UpdateRuntimeOn)
		require.Equal(t, arnPrefix+"f:$LATEST", aws.ToString(get.FunctionArn))

		_, err = e.client.PutRuntimeManagementConfig(e.ctx, &lambda.PutRuntimeManagementConfigInput{FunctionName: aws.String("f"),
			UpdateRuntimeOn: types.UpdateRuntimeOnManual})
		requireInvalidParam(t, err, "RuntimeVersionArn is required when UpdateRuntimeOn is Manual.")
		_, err = e.client.GetRuntimeManagementConfig(e.ctx, &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("live")})
		requireInvalidParam(t, err, "The runtime management configuration applies to $LATEST or a published version, not to an alias.")
		_, err = e.client.GetRuntimeManagementConfig(e.ctx, &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("9")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f:9")
		_, err = e.client.PutRuntimeManagementConfig(e.ctx, &lambda.PutRuntimeManagementConfigInput{FunctionName: aws.String("f"),
			UpdateRuntimeOn: "Sometimes"})
		requireValidation(t, err, "1 validation error detected: Value 'Sometimes' at 'updateRuntimeOn' failed to satisfy constraint: Member must satisfy enum value set: [Auto, Manual, FunctionUpdate]")
	})
}

// Function scaling (not recorded: the model). A published version, or
// $LATEST.PUBLISHED for the newest, takes a scaling configuration, applied at
// once; $LATEST is refused by the model's pattern.
func TestFunctionScalingConfig(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		get, err := e.client.GetFunctionScalingConfig(e.ctx, &lambda.GetFunctionScalingConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		require.NoError(t, err)
		require.Equal(t, arnPrefix+"f:"+v, aws.ToString(get.FunctionArn))
		require.Nil(t, get.RequestedFunctionScalingConfig)

		put, err := e.client.PutFunctionScalingConfig(e.ctx, &lambda.PutFunctionScalingConfigInput{FunctionName: aws.String("f"),
			Qualifier: aws.String("$LATEST.PUBLISHED"), FunctionScalingConfig: &types.FunctionScalingConfig{
				MinExecutionEnvironments: aws.Int32(3), MaxExecutionEnvironments: aws.Int32(10)}})
		require.NoError(t, err)
		require.Equal(t, types.StateActive, put.FunctionState)
		require.Equal(t, 202, httpStatus(t, put.ResultMetadata))
		get, err = e.client.GetFunctionScalingConfig(e.ctx, &lambda.GetFunctionScalingConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		require.NoError(t, err)
		require.Equal(t, int32(3), aws.ToInt32(get.RequestedFunctionScalingConfig.MinExecutionEnvironments))
		require.Equal(t, int32(10), aws.ToInt32(get.AppliedFunctionScalingConfig.MaxExecutionEnvironments))

		_, err = e.client.GetFunctionScalingConfig(e.ctx, &lambda.GetFunctionScalingConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("9")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f:9")
		_, err = e.client.GetFunctionScalingConfig(e.ctx, &lambda.GetFunctionScalingConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireValidation(t, err, `1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (\$LATEST\.PUBLISHED|[0-9]+)`)
	})
}

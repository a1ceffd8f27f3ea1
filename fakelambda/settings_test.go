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

package fakelambda_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

func TestReservedConcurrencyCRUD(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		got, err := e.client.GetFunctionConcurrency(e.ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, got.ReservedConcurrentExecutions, "none set: empty body")

		put, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(0)})
		require.NoError(t, err)
		require.Equal(t, int32(0), aws.ToInt32(put.ReservedConcurrentExecutions))

		put, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String(arnPrefix + "f"), ReservedConcurrentExecutions: aws.Int32(3)})
		require.NoError(t, err)
		require.Equal(t, int32(3), aws.ToInt32(put.ReservedConcurrentExecutions))

		got, err = e.client.GetFunctionConcurrency(e.ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, int32(3), aws.ToInt32(got.ReservedConcurrentExecutions))

		fn, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.NotNil(t, fn.Concurrency)
		require.Equal(t, int32(3), aws.ToInt32(fn.Concurrency.ReservedConcurrentExecutions))

		settings, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(997), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))

		_, err = e.client.DeleteFunctionConcurrency(e.ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		calls := e.fake.Calls()
		require.Equal(t, 204, calls[len(calls)-1].StatusCode)
		got, err = e.client.GetFunctionConcurrency(e.ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, got.ReservedConcurrentExecutions)
		fn, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, fn.Concurrency)
	})
}

func TestReservedConcurrencyErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		for _, n := range []int32{0, 5} {
			_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
				FunctionName: aws.String("doesnotexist"), ReservedConcurrentExecutions: aws.Int32(n)})
			requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
				"Function not found: "+arnPrefix+"doesnotexist:$LATEST")
		}
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		for _, name := range []string{"f:" + v, arnPrefix + "f:" + v} {
			_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
				FunctionName: aws.String(name), ReservedConcurrentExecutions: aws.Int32(1)})
			ipv := requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
				"This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
			require.Equal(t, "User", aws.ToString(ipv.Type))
		}
		_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(-1)})
		requireAPIError[smithy.APIError](t, err, 400, "ValidationException",
			"1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0")

		for _, n := range []int32{901, 1001} {
			_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
				FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(n)})
			ipv := requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
				"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
			require.Nil(t, ipv.Type)
		}
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(900)})
		require.NoError(t, err)
		// The function's own reservation is credited back when it changes.
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(899)})
		require.NoError(t, err)

		// Another function can no longer reserve anything but 0.
		e.createFunction(t, "g")
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("g"), ReservedConcurrentExecutions: aws.Int32(2)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("g"), ReservedConcurrentExecutions: aws.Int32(0)})
		require.NoError(t, err)

		// Nor provision concurrency on its versions.
		gv := e.publish(t, "g")
		_, err = e.client.DeleteFunctionConcurrency(e.ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("g"), Qualifier: aws.String(gv), ProvisionedConcurrentExecutions: aws.Int32(2)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")

		settings, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(101), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))
		require.Equal(t, int64(2), settings.AccountUsage.FunctionCount)
	})
}

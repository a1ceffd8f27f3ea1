package fakelambda_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// What is seeded is exactly what the API answers, on both transports.
func TestSeedReadsBackOnTheWire(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		f := e.fake
		require.NoError(t, f.SeedFunction(fakelambda.FunctionSpec{Name: "orders", MemorySize: 512, Timeout: 30,
			Environment: map[string]string{"MODE": "test"}, Tags: map[string]string{"team": "payments"}}))
		v1, err := f.SeedVersion("orders")
		require.NoError(t, err)
		require.Equal(t, "1", v1)
		v, err := f.SeedVersion("orders") // unchanged: the same version
		require.NoError(t, err)
		require.Equal(t, "1", v)
		require.NoError(t, f.SeedAlias("orders", "live", "1"))
		require.NoError(t, f.SeedReservedConcurrency("orders", 50))
		require.NoError(t, f.SeedProvisionedConcurrency("orders", "live", 5))

		info, ok := f.Function("orders")
		require.True(t, ok)
		require.Equal(t, fakelambda.FunctionInfo{Name: "orders", ARN: arnPrefix + "orders", Runtime: "provided.al2023",
			Handler: "bootstrap", Role: "arn:aws:iam::123456789012:role/lambda-role", MemorySize: 512, Timeout: 30,
			State: "Active", LastUpdateStatus: "Successful", RevisionId: info.RevisionId, CodeSha256: info.CodeSha256,
			Versions: []string{"1"}, Aliases: map[string]string{"live": "1"}, ReservedConcurrency: aws.Int(50),
			Tags: map[string]string{"team": "payments"}, Environment: map[string]string{"MODE": "test"}}, info)
		require.NotEmpty(t, info.RevisionId)
		require.NotEmpty(t, info.CodeSha256)

		got, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("orders")})
		require.NoError(t, err)
		c := got.Configuration
		require.Equal(t, info.ARN, aws.ToString(c.FunctionArn))
		require.Equal(t, types.RuntimeProvidedal2023, c.Runtime)
		require.Equal(t, info.Handler, aws.ToString(c.Handler))
		require.Equal(t, info.Role, aws.ToString(c.Role))
		require.Equal(t, int32(512), aws.ToInt32(c.MemorySize))
		require.Equal(t, int32(30), aws.ToInt32(c.Timeout))
		require.Equal(t, types.StateActive, c.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, c.LastUpdateStatus)
		require.Equal(t, info.RevisionId, aws.ToString(c.RevisionId))
		require.Equal(t, info.CodeSha256, aws.ToString(c.CodeSha256))
		require.Equal(t, info.Environment, c.Environment.Variables)
		require.Equal(t, info.Tags, got.Tags)
		require.Equal(t, int32(50), aws.ToInt32(got.Concurrency.ReservedConcurrentExecutions))

		alias, ok := f.Alias("orders", "live")
		require.True(t, ok)
		ga, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("orders"), Name: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, fakelambda.AliasInfo{Name: "live", ARN: arnPrefix + "orders:live", FunctionVersion: "1",
			RevisionId: aws.ToString(ga.RevisionId)}, alias)
		require.Equal(t, alias.ARN, aws.ToString(ga.AliasArn))
		require.Equal(t, "1", aws.ToString(ga.FunctionVersion))

		pc, ok := f.ProvisionedConcurrency("orders", "live")
		require.True(t, ok)
		require.Equal(t, fakelambda.ProvisionedConcurrencyInfo{Requested: 5, Allocated: 5, Available: 5, Status: "READY",
			LastModified: epoch}, pc)
		gp := e.getPC(t, "orders", "live")
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, gp.Status)
		require.Equal(t, int32(5), aws.ToInt32(gp.RequestedProvisionedConcurrentExecutions))
		require.Equal(t, int32(5), aws.ToInt32(gp.AllocatedProvisionedConcurrentExecutions))
		require.Equal(t, int32(5), aws.ToInt32(gp.AvailableProvisionedConcurrentExecutions))

		gc, err := e.client.GetFunctionConcurrency(e.ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("orders")})
		require.NoError(t, err)
		require.Equal(t, int32(50), aws.ToInt32(gc.ReservedConcurrentExecutions))
	})
}

// Seeding what Lambda refuses fails with Lambda's error.
func TestSeedErrors(t *testing.T) {
	f := fakelambda.New()
	require.NoError(t, f.SeedFunction(fakelambda.FunctionSpec{Name: "f"}))

	var ae *fakelambda.APIError
	err := f.SeedAlias("f", "live", "7")
	require.True(t, errors.As(err, &ae), "%T %v", err, err)
	require.Equal(t, &fakelambda.APIError{Code: "ResourceNotFoundException", StatusCode: 404, Type: "User",
		Message: "Function not found: " + arnPrefix + "f:7"}, ae)

	err = f.SeedFunction(fakelambda.FunctionSpec{Name: "f"})
	require.True(t, errors.As(err, &ae))
	require.Equal(t, "Function already exist: f", ae.Message)

	err = f.SeedFunction(fakelambda.FunctionSpec{Name: "g", MemorySize: 64})
	require.True(t, errors.As(err, &ae))
	require.Equal(t, "ValidationException", ae.Code)
	require.Equal(t, "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128", ae.Message)

	err = f.SeedProvisionedConcurrency("f", "$LATEST", 1)
	require.True(t, errors.As(err, &ae))
	require.Equal(t, "Provisioned Concurrency Configs cannot be applied to unpublished function versions.", ae.Message)

	_, err = f.SeedVersion("missing")
	require.True(t, errors.As(err, &ae))
	require.Equal(t, "Function not found: "+arnPrefix+"missing", ae.Message)

	_, ok := f.Function("missing")
	require.False(t, ok)
	_, ok = f.Alias("f", "nope")
	require.False(t, ok)
	_, ok = f.ProvisionedConcurrency("f", "1")
	require.False(t, ok)
}

// A seeded ARN picks its region and account; the default region does not
// see it.
func TestSeedByARN(t *testing.T) {
	f := fakelambda.New()
	arn := "arn:aws:lambda:eu-west-1:111111111111:function:g"
	require.NoError(t, f.SeedFunction(fakelambda.FunctionSpec{Name: arn}))
	info, ok := f.Function(arn)
	require.True(t, ok)
	require.Equal(t, arn, info.ARN)
	require.Equal(t, "arn:aws:iam::111111111111:role/lambda-role", info.Role)
	_, ok = f.Function("g")
	require.False(t, ok)
}

// Seed a function with a published version, an alias and READY provisioned
// concurrency, then read it through a real SDK client.
func ExampleFake_SeedFunction() {
	ctx := context.Background()
	fake := fakelambda.New()
	_ = fake.SeedFunction(fakelambda.FunctionSpec{Name: "orders", Tags: map[string]string{"team": "payments"}})
	version, _ := fake.SeedVersion("orders")
	_ = fake.SeedAlias("orders", "live", version)
	_ = fake.SeedProvisionedConcurrency("orders", "live", 5)

	client := lambda.NewFromConfig(middleware.Config(fake))
	out, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("orders"), Qualifier: aws.String("live")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(version, out.Status, aws.ToInt32(out.AvailableProvisionedConcurrentExecutions))
	// Output: 1 READY 5
}

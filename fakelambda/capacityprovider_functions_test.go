package fakelambda_test

import (
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

func lmiFunction(name, cp string) *lambda.CreateFunctionInput {
	return &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimePython313,
		Handler:      aws.String("app.handler"),
		MemorySize:   aws.Int32(2048),
		Code:         &types.FunctionCode{ZipFile: []byte("zip:" + name)},
		CapacityProviderConfig: &types.CapacityProviderConfig{LambdaManagedInstancesCapacityProviderConfig: &types.LambdaManagedInstancesCapacityProviderConfig{
			CapacityProviderArn: aws.String(cpArnPrefix + cp)}},
	}
}

func TestCapacityProviderFunctions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "cp")
		out, err := e.client.CreateFunction(e.ctx, lmiFunction("f", "cp"))
		require.NoError(t, err)
		l := out.CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig
		require.Equal(t, cpArnPrefix+"cp", aws.ToString(l.CapacityProviderArn))
		require.Equal(t, 2.0, aws.ToFloat64(l.ExecutionEnvironmentMemoryGiBPerVCpu))
		require.Equal(t, int32(16), aws.ToInt32(l.PerExecutionEnvironmentMaxConcurrency))

		// $LATEST is ActiveNonInvocable; invoking it is refused (unqualified
		// invocations run $LATEST.PUBLISHED: latestpublished_test.go).
		cfg := e.config(t, "f", "")
		require.Equal(t, types.StateActiveNonInvocable, cfg.State)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireConflict(t, err, "The operation cannot be performed at this time. The function is currently in the following state: ActiveNonInvocable")

		// A published version is Pending, then Active.
		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.StatePending, pub.State)
		require.Equal(t, types.StateActive, e.config(t, "f", "1").State)

		fv, err := e.client.ListFunctionVersionsByCapacityProvider(e.ctx, &lambda.ListFunctionVersionsByCapacityProviderInput{CapacityProviderName: aws.String("cp")})
		require.NoError(t, err)
		require.Equal(t, []types.FunctionVersionsByCapacityProviderListItem{
			{FunctionArn: aws.String(arnPrefix + "f:$LATEST"), State: types.StateActiveNonInvocable},
			{FunctionArn: aws.String(arnPrefix + "f:1"), State: types.StateActive},
		}, fv.FunctionVersions)

		// A provider in use cannot be deleted.
		_, err = e.client.DeleteCapacityProvider(e.ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("cp")})
		requireConflict(t, err, "The capacity provider "+cpArnPrefix+"cp is in use by function versions. To delete this capacity provider, first remove its association with all function versions.")
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		_, err = e.client.DeleteCapacityProvider(e.ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("cp")})
		require.NoError(t, err)
	})
}

func TestCapacityProviderFunctionConstraints(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		in := cpInput("arm")
		in.InstanceRequirements = &types.InstanceRequirements{Architectures: []types.Architecture{types.ArchitectureArm64}}
		_, err := e.client.CreateCapacityProvider(e.ctx, in)
		require.NoError(t, err)

		_, err = e.client.CreateFunction(e.ctx, lmiFunction("f", "missing"))
		requireNotFound(t, err, "Capacity provider not found: "+cpArnPrefix+"missing")

		fn := lmiFunction("f", "arm")
		_, err = e.client.CreateFunction(e.ctx, fn)
		requireInvalidParam(t, err, "The function's architecture (x86_64) does not match the architecture of capacity provider "+cpArnPrefix+"arm (arm64).")

		fn.Architectures = []types.Architecture{types.ArchitectureArm64}
		fn.MemorySize = aws.Int32(1024)
		_, err = e.client.CreateFunction(e.ctx, fn)
		requireInvalidParam(t, err, "MemorySize must be at least 2048 MB for functions that use a capacity provider.")

		fn.MemorySize = aws.Int32(4096)
		fn.Runtime = types.RuntimePython312
		_, err = e.client.CreateFunction(e.ctx, fn)
		requireInvalidParam(t, err, "Runtime Enum python3.12 does not support specified feature: Lambda Managed Instances")

		fn.Runtime = types.RuntimeNodejs22x
		_, err = e.client.CreateFunction(e.ctx, fn)
		require.NoError(t, err)

		// A default function cannot be moved onto a provider.
		e.createFunction(t, "plain")
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("plain"),
			CapacityProviderConfig: fn.CapacityProviderConfig})
		requireInvalidParam(t, err, "CapacityProviderConfig isn't supported for Lambda Default functions.")
	})
}

// TestCapacityProviderFunctionLifecycle: with the lifecycle on, a bound
// function's creation shows Pending at its first read, then
// ActiveNonInvocable; its published version Pending, then Active.
func TestCapacityProviderFunctionLifecycle(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		e.createCP(t, "cp")
		out, err := e.client.CreateFunction(e.ctx, lmiFunction("f", "cp"))
		require.NoError(t, err)
		require.Equal(t, types.StatePending, out.State)
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		require.Equal(t, types.StateActiveNonInvocable, e.config(t, "f", "").State)
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.StatePending, e.config(t, "f", "1").State)
		require.Equal(t, types.StateActive, e.config(t, "f", "1").State)
	}, fakelambda.WithTransition(fakelambda.CompleteAfter(0)))
}

// TestCapacityProviderFailedVersions: a version published on a Failed
// provider is Failed with the provider's failure code and reason.
func TestCapacityProviderFailedVersions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.fake.SetCapacityProviderTransition("cp", fakelambda.FailTransitionAfter(0, "InsufficientCapacity", "No capacity in the subnets."))
		e.createCP(t, "cp")
		_, err := e.client.CreateFunction(e.ctx, lmiFunction("f", "cp"))
		require.NoError(t, err)
		require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "cp").State)
		require.Equal(t, types.CapacityProviderStateFailed, e.getCP(t, "cp").State)
		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.StateFailed, pub.State)
		cfg := e.config(t, "f", "1")
		require.Equal(t, types.StateFailed, cfg.State)
		require.Equal(t, types.StateReasonCodeInsufficientCapacity, cfg.StateReasonCode)
		require.Equal(t, "No capacity in the subnets.", aws.ToString(cfg.StateReason))
	})
}

// TestCapacityProviderLimits: 1,000 providers per account and region, 100
// function versions per provider.
func TestCapacityProviderLimits(t *testing.T) {
	e := newEnv(t, false)
	for i := range 1000 {
		e.createCP(t, "p"+strconv.Itoa(i))
	}
	_, err := e.client.CreateCapacityProvider(e.ctx, cpInput("one-more"))
	requireAPIError[*types.CapacityProviderLimitExceededException](t, err, 400, "CapacityProviderLimitExceededException",
		"Capacity provider limit exceeded for this account. The limit is 1000 capacity providers.")

	_, err = e.client.CreateFunction(e.ctx, lmiFunction("f", "p0"))
	require.NoError(t, err)
	for i := 1; i <= 99; i++ { // $LATEST and 99 versions
		_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Description: aws.String("v" + strconv.Itoa(i))})
		require.NoError(t, err)
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
	}
	// Unchanged: answers version 99 again.
	pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
	require.NoError(t, err)
	require.Equal(t, "99", aws.ToString(pub.Version))
	_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Description: aws.String("v100")})
	require.NoError(t, err)
	const full = "The capacity provider " + cpArnPrefix + "p0 has reached the limit of 100 function versions."
	_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
	requireAPIError[*types.FunctionVersionsPerCapacityProviderLimitExceededException](t, err, 400, "FunctionVersionsPerCapacityProviderLimitExceededException", full)
	_, err = e.client.CreateFunction(e.ctx, lmiFunction("g", "p0"))
	requireAPIError[*types.FunctionVersionsPerCapacityProviderLimitExceededException](t, err, 400, "FunctionVersionsPerCapacityProviderLimitExceededException", full)
}

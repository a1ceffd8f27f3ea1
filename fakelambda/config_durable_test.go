package fakelambda_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// durableCfg is the SDK's DurableConfig; 0 leaves a member out.
func durableCfg(retention, timeout int32) *types.DurableConfig {
	d := &types.DurableConfig{}
	if retention != 0 {
		d.RetentionPeriodInDays = aws.Int32(retention)
	}
	if timeout != 0 {
		d.ExecutionTimeout = aws.Int32(timeout)
	}
	return d
}

// requireDurable checks a DurableConfig answered by the fake.
func requireDurable(t *testing.T, got *types.DurableConfig, retention, timeout int32) {
	t.Helper()
	require.NotNil(t, got)
	require.Equal(t, retention, aws.ToInt32(got.RetentionPeriodInDays))
	require.Equal(t, timeout, aws.ToInt32(got.ExecutionTimeout))
}

func (e *env) createDurable(t *testing.T, name string, d *types.DurableConfig) *lambda.CreateFunctionOutput {
	t.Helper()
	out, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
		FunctionName:  aws.String(name),
		Role:          aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:       types.RuntimeProvidedal2023,
		Handler:       aws.String("bootstrap"),
		Code:          &types.FunctionCode{ZipFile: []byte("code")},
		DurableConfig: d,
	})
	require.NoError(t, err)
	return out
}

func TestDurableConfigCreateReadUpdatePublish(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		out := e.createDurable(t, "dur", durableCfg(30, 3600))
		requireDurable(t, out.DurableConfig, 30, 3600)

		gc, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("dur")})
		require.NoError(t, err)
		requireDurable(t, gc.DurableConfig, 30, 3600)
		gf, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("dur")})
		require.NoError(t, err)
		requireDurable(t, gf.Configuration.DurableConfig, 30, 3600)

		// An ordinary function answers none.
		plain := e.createFunction(t, "plain")
		require.Nil(t, plain.DurableConfig)

		lf, err := e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		seen := map[string]*types.DurableConfig{}
		for _, c := range lf.Functions {
			seen[aws.ToString(c.FunctionName)] = c.DurableConfig
		}
		require.Contains(t, seen, "dur")
		requireDurable(t, seen["dur"], 30, 3600)
		require.Nil(t, seen["plain"])

		v1, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("dur")})
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(v1.Version))
		requireDurable(t, v1.DurableConfig, 30, 3600)

		// Unchanged: the same version.
		again, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("dur")})
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(again.Version))

		// An update replaces the DurableConfig, defaults filled in.
		up, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("dur"), DurableConfig: durableCfg(0, 600)})
		require.NoError(t, err)
		requireDurable(t, up.DurableConfig, 14, 600)

		// Another update leaving DurableConfig out keeps it.
		up, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("dur"), Description: aws.String("d")})
		require.NoError(t, err)
		requireDurable(t, up.DurableConfig, 14, 600)
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("dur"), Description: aws.String("")})
		require.NoError(t, err)

		// Only the DurableConfig changed: a new version, keeping the new
		// config, while version 1 keeps the old one.
		v2, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("dur")})
		require.NoError(t, err)
		require.Equal(t, "2", aws.ToString(v2.Version))
		requireDurable(t, v2.DurableConfig, 14, 600)
		g1, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("dur"), Qualifier: aws.String("1")})
		require.NoError(t, err)
		requireDurable(t, g1.DurableConfig, 30, 3600)

		lv, err := e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("dur")})
		require.NoError(t, err)
		require.Len(t, lv.Versions, 3)
		requireDurable(t, lv.Versions[1].DurableConfig, 30, 3600)
	})
}

func TestDurableConfigDefaults(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		requireDurable(t, e.createDurable(t, "empty", durableCfg(0, 0)).DurableConfig, 14, 86400)
		requireDurable(t, e.createDurable(t, "timeout", durableCfg(0, 60)).DurableConfig, 14, 60)
		requireDurable(t, e.createDurable(t, "retention", durableCfg(1, 0)).DurableConfig, 1, 86400)
		requireDurable(t, e.createDurable(t, "max", durableCfg(90, 31622400)).DurableConfig, 90, 31622400)
	})
}

func TestDurableConfigOutOfRange(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		for _, c := range []struct {
			d   *types.DurableConfig
			msg string
		}{
			{durableCfg(91, 60), "1 validation error detected: Value '91' at 'durableConfig.retentionPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 90"},
			{&types.DurableConfig{RetentionPeriodInDays: aws.Int32(0)}, "1 validation error detected: Value '0' at 'durableConfig.retentionPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 1"},
			{durableCfg(14, 31622401), "1 validation error detected: Value '31622401' at 'durableConfig.executionTimeout' failed to satisfy constraint: Member must have value less than or equal to 31622400"},
			{&types.DurableConfig{ExecutionTimeout: aws.Int32(0)}, "1 validation error detected: Value '0' at 'durableConfig.executionTimeout' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		} {
			_, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
				FunctionName:  aws.String("bad"),
				Role:          aws.String("arn:aws:iam::123456789012:role/lambda-role"),
				Runtime:       types.RuntimeProvidedal2023,
				Handler:       aws.String("bootstrap"),
				Code:          &types.FunctionCode{ZipFile: []byte("code")},
				DurableConfig: c.d,
			})
			requireValidation(t, err, c.msg)
		}
		e.createFunction(t, "fn")
		_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("fn"), DurableConfig: durableCfg(100, 0)})
		requireValidation(t, err, "1 validation error detected: Value '100' at 'durableConfig.retentionPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 90")
		gc, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("fn")})
		require.NoError(t, err)
		require.Nil(t, gc.DurableConfig)
	})
}

func TestSeedDurableFunction(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		require.NoError(t, e.fake.SeedFunction(fakelambda.FunctionSpec{Name: "seeded",
			DurableConfig: &fakelambda.DurableConfig{ExecutionTimeout: 120}}))
		gc, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("seeded")})
		require.NoError(t, err)
		requireDurable(t, gc.DurableConfig, 14, 120)
		fi, ok := e.fake.Function("seeded")
		require.True(t, ok)
		require.Equal(t, &fakelambda.DurableConfig{ExecutionTimeout: 120, RetentionPeriodInDays: 14}, fi.DurableConfig)

		err = e.fake.SeedFunction(fakelambda.FunctionSpec{Name: "bad", DurableConfig: &fakelambda.DurableConfig{RetentionPeriodInDays: 91}})
		require.EqualError(t, err, "ValidationException: 1 validation error detected: Value '91' at 'durableConfig.retentionPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 90")
	})
}

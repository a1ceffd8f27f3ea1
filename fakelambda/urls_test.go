package fakelambda_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// The function URL configuration operations with a real lambda.Client, on
// both transports.

func TestFunctionURLConfigs(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		fn := "urlfn"
		e.createFunction(t, fn)
		v := e.publish(t, fn)
		e.alias(t, fn, "live", v)

		cors := &types.Cors{AllowCredentials: aws.Bool(true), AllowHeaders: []string{"x-custom"}, AllowMethods: []string{"GET", "POST"},
			AllowOrigins: []string{"https://app.example"}, ExposeHeaders: []string{"x-out"}, MaxAge: aws.Int32(300)}
		created, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn),
			AuthType: types.FunctionUrlAuthTypeAwsIam, Cors: cors, InvokeMode: types.InvokeModeResponseStream})
		require.NoError(t, err)
		require.Regexp(t, `^https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/$`, aws.ToString(created.FunctionUrl))
		require.Equal(t, arnPrefix+fn, aws.ToString(created.FunctionArn))
		require.Equal(t, types.FunctionUrlAuthTypeAwsIam, created.AuthType)
		require.Equal(t, types.InvokeModeResponseStream, created.InvokeMode)
		require.Equal(t, cors, created.Cors)
		require.Equal(t, "2026-01-02T03:04:05.000000Z", aws.ToString(created.CreationTime))

		// The alias's URL is another URL, with the alias's ARN.
		aliasURL, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn + ":live"),
			AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		require.Equal(t, arnPrefix+fn+":live", aws.ToString(aliasURL.FunctionArn))
		require.NotEqual(t, aws.ToString(created.FunctionUrl), aws.ToString(aliasURL.FunctionUrl))
		require.Empty(t, aliasURL.InvokeMode)
		require.Nil(t, aliasURL.Cors)
		u, ok := e.fake.FunctionURL(fn, "live")
		require.True(t, ok)
		require.Equal(t, aws.ToString(aliasURL.FunctionUrl), u)

		// Update keeps the URL; Cors is replaced whole; omitted members stay.
		e.clk.Add(90_000_000_000)
		upd, err := e.client.UpdateFunctionUrlConfig(e.ctx, &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String(fn),
			Cors: &types.Cors{AllowOrigins: []string{"*"}}})
		require.NoError(t, err)
		require.Equal(t, created.FunctionUrl, upd.FunctionUrl)
		require.Equal(t, &types.Cors{AllowOrigins: []string{"*"}}, upd.Cors)
		require.Equal(t, types.FunctionUrlAuthTypeAwsIam, upd.AuthType)
		require.Equal(t, types.InvokeModeResponseStream, upd.InvokeMode)
		require.Equal(t, "2026-01-02T03:05:35.000000Z", aws.ToString(upd.LastModifiedTime))
		require.Equal(t, created.CreationTime, upd.CreationTime)

		got, err := e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, types.InvokeModeBuffered, got.InvokeMode) // never set: BUFFERED

		list, err := e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(arnPrefix + fn)})
		require.NoError(t, err)
		require.Len(t, list.FunctionUrlConfigs, 2)
		require.Nil(t, list.NextMarker)

		// A qualified name on List is refused; a version as qualifier too.
		_, err = e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(fn + ":live")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn + ":1")})
		require.ErrorContains(t, err, "Value '1' at 'qualifier' failed to satisfy constraint")

		// Another region's ARN (recorded for GetFunctionUrlConfig).
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("arn:aws:lambda:eu-west-1:123456789012:function:" + fn)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Functions from 'eu-west-1' are not reachable in this region ('us-east-1')")

		// Deleting and re-creating gives a different URL.
		_, err = e.client.DeleteFunctionUrlConfig(e.ctx, &lambda.DeleteFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		again, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		require.NotEqual(t, created.FunctionUrl, again.FunctionUrl)

		// Deleting the alias keeps its URL config; deleting the function drops all.
		_, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String(fn), Name: aws.String("live")})
		require.NoError(t, err)
		_, ok = e.fake.FunctionURL(fn, "live")
		require.False(t, ok) // the alias is gone: nothing answers for it
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		e.createFunction(t, fn)
		list, err = e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		require.Empty(t, list.FunctionUrlConfigs)
	})
}

// The URL operations are in the call log, can be faulted, and Reset forgets
// the configs.
func TestFunctionURLCallsFaultsReset(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpCreateFunctionUrlConfig, Count: 1,
			Err: &fakelambda.APIError{Code: "ServiceException", StatusCode: 500, Message: "boom", Type: "Service"}})
		in := &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("f"), AuthType: types.FunctionUrlAuthTypeNone}
		_, err := e.client.CreateFunctionUrlConfig(e.ctx, in, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
		require.Error(t, err)
		require.Equal(t, 1, h.Fired())
		_, err = e.client.CreateFunctionUrlConfig(e.ctx, in)
		require.NoError(t, err)
		calls := e.fake.Calls()
		last := calls[len(calls)-1]
		require.Equal(t, fakelambda.OpCreateFunctionUrlConfig, last.Operation)
		require.Equal(t, "f", last.Function)
		require.Equal(t, 201, last.StatusCode)
		require.True(t, calls[len(calls)-2].Faulted)

		e.fake.Reset()
		_, ok := e.fake.FunctionURL("f", "")
		require.False(t, ok)
	})
}

// The same seed gives the same URLs; another seed other ones.
func TestFunctionURLDeterministic(t *testing.T) {
	urlOf := func(seed int64) string {
		f := fakelambda.New(fakelambda.WithSeed(seed), fakelambda.WithoutTransitions())
		require.NoError(t, f.SeedFunction(fakelambda.FunctionSpec{Name: "f"}))
		resp, err := f.URLClient().Post("https://lambda.us-east-1.amazonaws.com/2021-10-31/functions/f/url", "application/json", strings.NewReader(`{"AuthType":"NONE"}`))
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, 201, resp.StatusCode)
		u, ok := f.FunctionURL("f", "")
		require.True(t, ok)
		return u
	}
	require.Equal(t, urlOf(7), urlOf(7))
	require.NotEqual(t, urlOf(7), urlOf(8))
}

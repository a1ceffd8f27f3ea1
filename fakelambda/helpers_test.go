package fakelambda_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// env is one fake with a real SDK client pointed at it.
type env struct {
	fake   *fakelambda.Fake
	clk    *clock.Mock
	client *lambda.Client
	ctx    context.Context
}

// transports runs fn once in-process (middleware) and once over HTTP
// (httptest), each with a fresh fake on a mock clock.
func transports(t *testing.T, fn func(t *testing.T, e *env), opts ...fakelambda.Option) {
	t.Helper()
	t.Run("middleware", func(t *testing.T) {
		e := newEnv(t, false, opts...)
		fn(t, e)
	})
	t.Run("http", func(t *testing.T) {
		e := newEnv(t, true, opts...)
		fn(t, e)
	})
}

var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newEnv(t *testing.T, overHTTP bool, opts ...fakelambda.Option) *env {
	t.Helper()
	clk := clock.NewMock()
	clk.Set(epoch)
	// The tests on env are about other things than the lifecycle: they run
	// without transitions unless they pass WithTransition (lifecycle_test.go).
	opts = append([]fakelambda.Option{fakelambda.WithClock(clk), fakelambda.WithoutTransitions()}, opts...)
	e := &env{clk: clk, ctx: context.Background()}
	if overHTTP {
		srv := fakelambda.NewServer(t, opts...)
		e.fake = srv.Fake
		cfg := middleware.Config(e.fake)
		cfg.APIOptions = nil
		hc := &http.Client{Transport: &http.Transport{}}
		t.Cleanup(hc.CloseIdleConnections)
		e.client = lambda.NewFromConfig(cfg, func(o *lambda.Options) {
			o.BaseEndpoint = aws.String(srv.URL)
			o.HTTPClient = hc
		})
	} else {
		e.fake = fakelambda.New(opts...)
		e.client = lambda.NewFromConfig(middleware.Config(e.fake))
	}
	return e
}

// createFunction creates a zip function named name.
func (e *env) createFunction(t *testing.T, name string) *lambda.CreateFunctionOutput {
	t.Helper()
	out, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip:" + name)},
	})
	require.NoError(t, err)
	return out
}

// publish publishes a new version of name after changing its code, and
// returns the version number.
func (e *env) publish(t *testing.T, name string) string {
	t.Helper()
	_, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
		FunctionName: aws.String(name), ZipFile: []byte("zip:" + name + ":" + e.clk.Now().String() + ":" + randSuffix())})
	require.NoError(t, err)
	out, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})
	require.NoError(t, err)
	return aws.ToString(out.Version)
}

var suffix atomic.Int64

// randSuffix makes each published code unique, so PublishVersion publishes.
func randSuffix() string { return strconv.FormatInt(suffix.Add(1), 10) }

// alias creates alias name on function fn pointing to version.
func (e *env) alias(t *testing.T, fn, name, version string) {
	t.Helper()
	_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{
		FunctionName: aws.String(fn), Name: aws.String(name), FunctionVersion: aws.String(version)})
	require.NoError(t, err)
}

// putPC puts provisioned concurrency n on fn:q.
func (e *env) putPC(t *testing.T, fn, q string, n int32) *lambda.PutProvisionedConcurrencyConfigOutput {
	t.Helper()
	out, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String(fn), Qualifier: aws.String(q), ProvisionedConcurrentExecutions: aws.Int32(n)})
	require.NoError(t, err)
	return out
}

// getPC gets the provisioned-concurrency config of fn:q.
func (e *env) getPC(t *testing.T, fn, q string) *lambda.GetProvisionedConcurrencyConfigOutput {
	t.Helper()
	out, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String(fn), Qualifier: aws.String(q)})
	require.NoError(t, err)
	return out
}

// requireAPIError asserts err is the SDK's typed error T with the given HTTP
// status, code and exact message, and returns it.
func requireAPIError[T smithy.APIError](t *testing.T, err error, status int, code, message string) T {
	t.Helper()
	require.Error(t, err)
	var typed T
	require.True(t, errors.As(err, &typed), "want %T, got %T: %v", typed, err, err)
	var re *awshttp.ResponseError
	require.True(t, errors.As(err, &re), "no *awshttp.ResponseError in %v", err)
	require.Equal(t, status, re.HTTPStatusCode())
	require.NotEmpty(t, re.ServiceRequestID())
	require.Equal(t, code, typed.ErrorCode())
	require.Equal(t, message, typed.ErrorMessage())
	return typed
}

// arnPrefix is the ARN of a function of a default fake, less the name.
const arnPrefix = "arn:aws:lambda:us-east-1:123456789012:function:"

// bare returns c without RequestID, Input, Region and AccountID, for
// comparing the rest with a literal.
func bare(c fakelambda.Call) fakelambda.Call {
	c.RequestID, c.Input, c.Region, c.AccountID = "", nil, "", ""
	return c
}

// bareAll is bare of every call.
func bareAll(calls []fakelambda.Call) []fakelambda.Call {
	out := make([]fakelambda.Call, len(calls))
	for i, c := range calls {
		out[i] = bare(c)
	}
	return out
}

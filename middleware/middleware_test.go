package middleware_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// noNetwork fails the test if the SDK ever tries to send a request.
type noNetwork struct{ t *testing.T }

func (n noNetwork) Do(*http.Request) (*http.Response, error) {
	n.t.Error("the request reached the network")
	return nil, errors.New("no network")
}

func TestConfigServesInProcess(t *testing.T) {
	fake := fakelambda.New(fakelambda.WithRegion("eu-west-1"), fakelambda.WithAccountID("111122223333"))
	cfg := middleware.Config(fake)
	require.Equal(t, "eu-west-1", cfg.Region)
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.HTTPClient = noNetwork{t} })
	ctx := context.Background()

	settings, err := client.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
	require.NoError(t, err)
	require.Equal(t, int32(1000), settings.AccountLimit.ConcurrentExecutions)

	_, err = client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("nope")})
	var rnf *types.ResourceNotFoundException
	require.ErrorAs(t, err, &rnf)
	require.Equal(t, "Function not found: arn:aws:lambda:eu-west-1:111122223333:function:nope", rnf.ErrorMessage())
	var re *awshttp.ResponseError
	require.ErrorAs(t, err, &re)
	require.Equal(t, 404, re.HTTPStatusCode())
	require.NotEmpty(t, re.ServiceRequestID())

	// The request arrived signed with the static credentials.
	require.Equal(t, "GetFunction", fake.Calls()[1].Operation)
}

func TestInterceptTwiceAddsOnce(t *testing.T) {
	fake := fakelambda.New()
	cfg := middleware.Config(fake)
	cfg.APIOptions = append(cfg.APIOptions, middleware.Intercept(fake))
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.APIOptions = append(o.APIOptions, middleware.Intercept(fake))
		o.HTTPClient = noNetwork{t}
	})
	_, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	require.NoError(t, err)
	require.Len(t, fake.Calls(), 1)
}

func TestInterceptWithOwnConfig(t *testing.T) {
	fake := fakelambda.New()
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}}
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.APIOptions = append(o.APIOptions, middleware.Intercept(fake))
		o.HTTPClient = noNetwork{t}
	})
	out, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	require.NoError(t, err)
	require.Equal(t, int32(1000), out.AccountLimit.ConcurrentExecutions)
	require.Len(t, fake.Calls(), 1, "answered by the fake, in-process")
	require.Equal(t, "GetAccountSettings", fake.Calls()[0].Operation)
}

func TestRetriesCostNoWallTime(t *testing.T) {
	fake := fakelambda.New()
	client := lambda.NewFromConfig(middleware.Config(fake))
	h := fake.AddFault(fakelambda.Fault{Err: fakelambda.Throttled("CallerRateLimitExceeded")})
	start := time.Now()
	for i := 0; i < 200; i++ { // 600 throttled attempts: no retry quota runs out
		_, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
		var tmr *types.TooManyRequestsException
		require.ErrorAs(t, err, &tmr)
	}
	require.Equal(t, 600, h.Fired())
	require.Less(t, time.Since(start), 20*time.Second, "zero backoff (the default retryer would sleep ~minutes)")
}

func TestConnectionResetIsRetryable(t *testing.T) {
	fake := fakelambda.New()
	client := lambda.NewFromConfig(middleware.Config(fake))
	fake.AddFault(fakelambda.Fault{Err: fakelambda.ErrConnectionReset})
	_, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	require.ErrorIs(t, err, fakelambda.ErrConnectionReset)
	var rse *smithyhttp.RequestSendError
	require.ErrorAs(t, err, &rse)
	require.Len(t, fake.Calls(), 3, "retried like any dropped connection")
}

// A call of another service fails before the network.
func TestOtherServiceFails(t *testing.T) {
	fake := fakelambda.New()
	stack := smithymiddleware.NewStack("s3-call", smithyhttp.NewStackRequest)
	require.NoError(t, stack.Initialize.Add(&awsmiddleware.RegisterServiceMetadata{ServiceID: "S3", OperationName: "GetObject"}, smithymiddleware.Before))
	require.NoError(t, middleware.Intercept(fake)(stack))
	h := smithymiddleware.DecorateHandler(smithyhttp.NewClientHandlerWithOptions(noNetwork{t}), stack)
	_, _, err := h.Handle(context.Background(), struct{}{})
	require.Error(t, err)
	require.True(t, strings.Contains(err.Error(), "S3 GetObject is not a Lambda call"), err.Error())
	require.Empty(t, fake.Calls())
}

// Any http.Handler can stand behind the middleware, e.g. a canned answer.
func TestInterceptAnyHandler(t *testing.T) {
	canned := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"AccountLimit":{"ConcurrentExecutions":7}}`))
	})
	client := lambda.NewFromConfig(middleware.Config(canned))
	out, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	require.NoError(t, err)
	require.Equal(t, int32(7), out.AccountLimit.ConcurrentExecutions)
}

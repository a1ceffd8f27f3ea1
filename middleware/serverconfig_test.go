package middleware_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

func TestServerConfigOverHTTP(t *testing.T) {
	srv := fakelambda.NewServer(t, fakelambda.WithRegion("eu-west-1"), fakelambda.WithAccountID("111122223333"),
		// The fake verifies the SigV4 signature made with the static credentials.
		fakelambda.WithCredentials("AKIDFAKELAMBDA", "fakelambda-secret"))
	cfg := middleware.ServerConfig(srv)
	require.Equal(t, "eu-west-1", cfg.Region)
	require.Equal(t, srv.URL, aws.ToString(cfg.BaseEndpoint))
	require.Same(t, srv.Client(), cfg.HTTPClient)
	require.Empty(t, cfg.APIOptions, "no Intercept: the calls go over HTTP")

	client := lambda.NewFromConfig(cfg)
	ctx := context.Background()
	_, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("my-function"),
		Role:         aws.String("arn:aws:iam::111122223333:role/lambda-role"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("fake zip")},
	})
	require.NoError(t, err)
	got, err := client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my-function")})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:lambda:eu-west-1:111122223333:function:my-function", aws.ToString(got.Configuration.FunctionArn))

	_, err = client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("nope")})
	var rnf *types.ResourceNotFoundException
	require.ErrorAs(t, err, &rnf)
	require.Equal(t, "Function not found: arn:aws:lambda:eu-west-1:111122223333:function:nope", rnf.ErrorMessage())
	var re *awshttp.ResponseError
	require.ErrorAs(t, err, &re)
	require.Equal(t, 404, re.HTTPStatusCode())
	require.NotEmpty(t, re.ServiceRequestID())

	var ops []string
	for _, c := range srv.Fake.Calls() {
		ops = append(ops, c.Operation)
	}
	require.Equal(t, []string{"CreateFunction", "GetFunction", "GetFunction"}, ops)
}

// Over HTTP a dropped connection is a real one, and the no-wait retryer
// retries it like any transport error.
func TestServerConfigRetriesDroppedConnections(t *testing.T) {
	srv := fakelambda.NewServer(t)
	client := lambda.NewFromConfig(middleware.ServerConfig(srv))
	h := srv.Fake.AddFault(fakelambda.Fault{Err: fakelambda.ErrConnectionReset, Count: 2})
	out, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	require.NoError(t, err)
	require.Equal(t, int32(1000), out.AccountLimit.ConcurrentExecutions)
	require.Equal(t, 2, h.Fired())

	srv.Fake.AddFault(fakelambda.Fault{Err: fakelambda.ErrConnectionReset})
	_, err = client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	var rse *smithyhttp.RequestSendError
	require.ErrorAs(t, err, &rse)
	// 3 SDK attempts, or more: net/http's Transport itself resends an
	// idempotent request (this GET) once when a reused connection drops.
	require.GreaterOrEqual(t, len(srv.Fake.Calls()), 3+3)
}

// The region defaults like Config's when the Server has no Fake.
func TestServerConfigDefaultRegion(t *testing.T) {
	srv := fakelambda.NewServer(t)
	cfg := middleware.ServerConfig(&fakelambda.Server{Server: srv.Server})
	require.Equal(t, "us-east-1", cfg.Region)
}

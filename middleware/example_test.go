package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// seedBlue seeds my-function with version 1 and alias BLUE on it, from Go:
// what a deployer would have created before the code under test runs.
func seedBlue(fake *fakelambda.Fake) {
	must(fake.SeedFunction(fakelambda.FunctionSpec{Name: "my-function"}))
	v, err := fake.SeedVersion("my-function")
	must(err)
	must(fake.SeedAlias("my-function", "BLUE", v))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// A real SDK client served in-process: no sockets, and the fake's answers
// come back through the SDK's own deserializers and error types.
func ExampleConfig() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithRegion("eu-west-1"))
	client := lambda.NewFromConfig(middleware.Config(fake))
	seedBlue(fake)

	alias, err := client.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
	must(err)
	fmt.Println(*alias.AliasArn, *alias.FunctionVersion)
	// Output:
	// arn:aws:lambda:eu-west-1:123456789012:function:my-function:BLUE 1
}

// The same fake over HTTP: ServerConfig points the client at the server's URL
// with the server's own http.Client. In a test, fakelambda.NewServer(t, ...)
// starts the server and closes it when the test ends.
func ExampleServerConfig() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	ts := httptest.NewServer(fake) // in a test: srv := fakelambda.NewServer(t, ...)
	defer ts.Close()
	srv := &fakelambda.Server{Server: ts, Fake: fake}

	client := lambda.NewFromConfig(middleware.ServerConfig(srv))
	seedBlue(fake)

	_, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
	var notFound *types.ProvisionedConcurrencyConfigNotFoundException
	fmt.Println(errors.As(err, &notFound), notFound.ErrorMessage())
	// Output:
	// true No Provisioned Concurrency Config found for this function
}

// With a configuration of your own, add Intercept to the client's APIOptions.
// NoWaitRetryer keeps retried throttles from sleeping.
func ExampleIntercept() {
	fake := fakelambda.New()
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, Retryer: middleware.NoWaitRetryer}
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.APIOptions = append(o.APIOptions, middleware.Intercept(fake))
	})
	fake.AddFault(fakelambda.Fault{Operation: "GetAccountSettings", Err: fakelambda.Throttled("CallerRateLimitExceeded"), Count: 2})

	out, err := client.GetAccountSettings(context.Background(), &lambda.GetAccountSettingsInput{})
	fmt.Println(out.AccountLimit.ConcurrentExecutions, err, len(fake.Calls()))
	// Output:
	// 1000 <nil> 3
}

package lambda_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// deployBlue creates my-function, publishes version 1 and points alias BLUE
// at it: what a deployer does before provisioning concurrency.
func deployBlue(ctx context.Context, client *lambda.Client) {
	_, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("my-function"),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("fake zip")},
	})
	must(err)
	v, err := client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("my-function")})
	must(err)
	_, err = client.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String("my-function"),
		Name: aws.String("BLUE"), FunctionVersion: v.Version})
	must(err)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// A real SDK client, in-process: provisioned concurrency is IN_PROGRESS after
// the Put and READY once the test moves the clock past the allocation delay.
func Example() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	deployBlue(ctx, client)

	put, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		ProvisionedConcurrentExecutions: aws.Int32(100)})
	must(err)
	fmt.Println("put:", put.Status, *put.RequestedProvisionedConcurrentExecutions,
		*put.AllocatedProvisionedConcurrentExecutions, *put.AvailableProvisionedConcurrentExecutions, *put.LastModified)

	clk.Add(2 * time.Minute)

	get, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
	must(err)
	fmt.Println("get:", get.Status, *get.RequestedProvisionedConcurrentExecutions,
		*get.AllocatedProvisionedConcurrentExecutions, *get.AvailableProvisionedConcurrentExecutions, *get.LastModified)
	// Output:
	// put: IN_PROGRESS 100 0 0 1970-01-01T00:00:00+0000
	// get: READY 100 100 100 1970-01-01T00:00:00+0000
}

// The same fake over HTTP: any client that can take an endpoint URL works.
func Example_http() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	srv := httptest.NewServer(fake) // in a test: fakelambda.NewServer(t, ...) closes it for you
	defer srv.Close()

	cfg := middleware.Config(fake)
	cfg.APIOptions = nil // go over the network instead of in-process
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.HTTPClient = hc
	})
	deployBlue(ctx, client)

	_, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
	var notFound *types.ProvisionedConcurrencyConfigNotFoundException
	fmt.Println(errors.As(err, &notFound), notFound.ErrorMessage())
	// Output:
	// true No Provisioned Concurrency Config found for this function
}

// Throttle the first two Put attempts: the SDK's retryer absorbs them (with
// middleware.Config it waits no wall time), and the call log shows the retries.
func ExampleFake_AddFault_throttle() {
	ctx := context.Background()
	fake := fakelambda.New()
	client := lambda.NewFromConfig(middleware.Config(fake))
	deployBlue(ctx, client)

	fault := fake.AddFault(fakelambda.Fault{
		Operation: "PutProvisionedConcurrencyConfig",
		Err:       fakelambda.Throttled("CallerRateLimitExceeded"),
		Count:     2,
	})
	put, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		ProvisionedConcurrentExecutions: aws.Int32(10)})
	fmt.Println(put.Status, err, fault.Fired())
	for _, c := range fake.Calls() {
		if c.Operation == "PutProvisionedConcurrencyConfig" {
			fmt.Println(c.StatusCode, c.ErrorCode, c.Faulted)
		}
	}

	// To see the error itself, fault every attempt (or set RetryMaxAttempts: 1).
	fake.AddFault(fakelambda.Fault{Operation: "GetProvisionedConcurrencyConfig",
		Err: fakelambda.Throttled("CallerRateLimitExceeded")})
	_, err = client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")},
		func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
	var throttled *types.TooManyRequestsException
	fmt.Println(errors.As(err, &throttled), throttled.Reason, throttled.ErrorMessage())
	// Output:
	// IN_PROGRESS <nil> 2
	// 429 TooManyRequestsException true
	// 429 TooManyRequestsException true
	// 202  false
	// true CallerRateLimitExceeded Rate exceeded
}

// A failing allocation: IN_PROGRESS, then FAILED with Lambda's StatusReason.
func ExampleFailAfter() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	deployBlue(ctx, client)

	fake.SetAllocation("my-function", "BLUE", fakelambda.FailAfter(5*time.Minute, "FUNCTION_ERROR_INIT_FAILURE"))
	_, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		ProvisionedConcurrentExecutions: aws.Int32(10)})
	must(err)
	for _, step := range []time.Duration{0, 4 * time.Minute, time.Minute} {
		clk.Add(step)
		get, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
		must(err)
		fmt.Printf("%s allocated=%d reason=%q\n", get.Status, *get.AllocatedProvisionedConcurrentExecutions, aws.ToString(get.StatusReason))
	}
	// Output:
	// IN_PROGRESS allocated=0 reason=""
	// IN_PROGRESS allocated=0 reason=""
	// FAILED allocated=0 reason="FUNCTION_ERROR_INIT_FAILURE"
}

// A slow answer: the fault holds the call on the fake's mock clock, and the
// caller's context deadline ends it first.
func ExampleFault_delay() {
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	deployBlue(context.Background(), client)

	fake.AddFault(fakelambda.Fault{Operation: "GetAlias", Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := client.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("my-function"), Name: aws.String("BLUE")})
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	calls := fake.Calls()
	fmt.Println(calls[len(calls)-1].Operation, calls[len(calls)-1].ErrorCode)
	// Output:
	// true
	// GetAlias RequestCanceled
}

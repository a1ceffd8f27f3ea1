package fakelambda_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// exampleDeployBlue creates my-function, publishes version 1 and points alias
// BLUE at it: what a deployer does before provisioning concurrency.
func exampleDeployBlue(ctx context.Context, client *lambda.Client) {
	_, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("my-function"),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("fake zip")},
	})
	exampleMust(err)
	// The function is Pending, as on Lambda: wait until it is Active before
	// publishing (PublishVersion would answer 409 ResourceConflictException).
	// The fake's function is Active once a read has seen it Pending, so the
	// waiter needs one poll; a short MinDelay keeps that poll fast.
	err = lambda.NewFunctionActiveV2Waiter(client, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay = 10 * time.Millisecond
	}).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my-function")}, time.Minute)
	exampleMust(err)
	v, err := client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("my-function")})
	exampleMust(err)
	_, err = client.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String("my-function"),
		Name: aws.String("BLUE"), FunctionVersion: v.Version})
	exampleMust(err)
}

func exampleMust(err error) {
	if err != nil {
		panic(err)
	}
}

// A real SDK client, in-process: provisioned concurrency is IN_PROGRESS after
// the Put and READY once the test moves the clock past the allocation delay.
func ExampleNew() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	exampleDeployBlue(ctx, client)

	put, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		ProvisionedConcurrentExecutions: aws.Int32(100)})
	exampleMust(err)
	fmt.Println("put:", put.Status, *put.RequestedProvisionedConcurrentExecutions,
		*put.AllocatedProvisionedConcurrentExecutions, *put.AvailableProvisionedConcurrentExecutions, *put.LastModified)

	clk.Add(2 * time.Minute)

	get, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
	exampleMust(err)
	fmt.Println("get:", get.Status, *get.RequestedProvisionedConcurrentExecutions,
		*get.AllocatedProvisionedConcurrentExecutions, *get.AvailableProvisionedConcurrentExecutions, *get.LastModified)
	// Output:
	// put: IN_PROGRESS 100 0 0 1970-01-01T00:00:00+0000
	// get: READY 100 100 100 1970-01-01T00:00:00+0000
}

// exampleTB stands in for the *testing.T of a real test, which NewServer
// takes: it runs the cleanups (closing the server) when the example ends.
type exampleTB struct{ cleanups []func() }

func (*exampleTB) Helper()             {}
func (tb *exampleTB) Cleanup(f func()) { tb.cleanups = append(tb.cleanups, f) }
func (tb *exampleTB) done() {
	for i := len(tb.cleanups) - 1; i >= 0; i-- {
		tb.cleanups[i]()
	}
}

// The same fake over loopback HTTP. In a test, pass the test's t:
// fakelambda.NewServer(t, ...) closes the server when the test ends. Any
// client that takes an endpoint URL works; middleware.ServerConfig wires an
// aws-sdk-go-v2 client to it.
func ExampleNewServer() {
	t := &exampleTB{} // in a test: the *testing.T
	defer t.done()
	srv := fakelambda.NewServer(t, fakelambda.WithRegion("eu-west-1"))
	client := lambda.NewFromConfig(middleware.ServerConfig(srv))

	_, err := client.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String("nope")})
	var notFound *types.ResourceNotFoundException
	fmt.Println(errors.As(err, &notFound), notFound.ErrorMessage())
	fmt.Println(srv.Fake.Calls()[0].Operation, srv.Fake.Calls()[0].StatusCode)
	// Output:
	// true Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope
	// GetFunction 404
}

// Throttle the first two Put attempts: the SDK's retryer absorbs them (with
// middleware.Config it waits no wall time), and the call log shows the retries.
func ExampleFake_AddFault() {
	ctx := context.Background()
	fake := fakelambda.New()
	client := lambda.NewFromConfig(middleware.Config(fake))
	exampleDeployBlue(ctx, client)

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
	exampleDeployBlue(ctx, client)

	fake.SetAllocation("my-function", "BLUE", fakelambda.FailAfter(5*time.Minute, "FUNCTION_ERROR_INIT_FAILURE"))
	_, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		ProvisionedConcurrentExecutions: aws.Int32(10)})
	exampleMust(err)
	for _, step := range []time.Duration{0, 4 * time.Minute, time.Minute} {
		clk.Add(step)
		get, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
		exampleMust(err)
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
	exampleDeployBlue(context.Background(), client)

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

// A ManualClock moves only when told to, from Go or through the control API
// (which is how a client in another language moves it). It never goes back:
// the control API refuses a Set before the fake's time.
func ExampleManualClock() {
	ctx := context.Background()
	clk := fakelambda.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	exampleDeployBlue(ctx, client)
	_, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE"),
		ProvisionedConcurrentExecutions: aws.Int32(10)})
	exampleMust(err)

	status := func() types.ProvisionedConcurrencyStatusEnum {
		get, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
		exampleMust(err)
		return get.Status
	}
	control := func(body string) {
		rec := httptest.NewRecorder()
		fake.ServeHTTP(rec, httptest.NewRequest("POST", "/_fakelambda/clock", strings.NewReader(body)))
		fmt.Print(rec.Code, " ", rec.Body.String())
	}

	clk.Advance(time.Minute)
	fmt.Println(clk.Now().Format(time.RFC3339), status())
	control(`{"Advance":"30s"}`)
	fmt.Println(clk.Now().Format(time.RFC3339), status())
	control(`{"Set":"2025-01-01T00:00:00Z"}`)
	// Output:
	// 2026-01-01T00:01:00Z IN_PROGRESS
	// 200 {"Now":"2026-01-01T00:01:30Z","Waiting":0}
	// 2026-01-01T00:01:30Z READY
	// 400 {"Message":"Set: 2025-01-01T00:00:00Z is before the fake's current time 2026-01-01T00:01:30Z; the clock cannot go back. Set 2026-01-01T00:01:30Z or later, or use Advance"}
}

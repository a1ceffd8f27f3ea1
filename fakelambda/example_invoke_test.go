package fakelambda_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// An alias with provisioned concurrency 5 absorbs the first 5 of a burst of
// 20 overlapping calls; the other 15 spill over to on-demand concurrency
// instead of being throttled.
func ExampleFake_SetHandler_provisionedBurst() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithAllocation(fakelambda.ReadyAfter(0)))
	client := lambda.NewFromConfig(middleware.Config(fake))

	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("orders"),
		Role:         aws.String("arn:aws:iam::123456789012:role/orders"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
		Publish:      true,
	})
	// Version 1 is Pending until a read has seen it: wait, as real code must.
	_ = lambda.NewPublishedVersionActiveWaiter(client, func(o *lambda.PublishedVersionActiveWaiterOptions) {
		o.MinDelay = 10 * time.Millisecond
	}).Wait(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("orders"), Qualifier: aws.String("1")}, time.Minute)
	_, _ = client.CreateAlias(ctx, &lambda.CreateAliasInput{
		FunctionName: aws.String("orders"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	_, _ = client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("orders"), Qualifier: aws.String("live"), ProvisionedConcurrentExecutions: aws.Int32(5)})

	// Each handler waits until all 20 calls are running, so they overlap.
	const burst = 20
	var running sync.WaitGroup
	running.Add(burst)
	fake.SetHandler("orders", func(ctx context.Context, payload []byte) ([]byte, error) {
		running.Done()
		running.Wait()
		return []byte(`"` + fakelambda.InitializationType(ctx) + `"`), nil
	})

	var wg sync.WaitGroup
	var mu sync.Mutex
	served := map[string]int{}
	for range burst {
		wg.Go(func() {
			out, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("orders"), Qualifier: aws.String("live")})
			if err != nil {
				fmt.Println(err)
				return
			}
			mu.Lock()
			served[string(out.Payload)]++
			mu.Unlock()
		})
	}
	wg.Wait()

	fmt.Println(served[`"provisioned-concurrency"`], "provisioned,", served[`"on-demand"`], "on-demand")
	m := fake.Metrics("orders", "live")
	fmt.Println("Invocations:", m.Invocations)
	fmt.Println("ProvisionedConcurrencyInvocations:", m.ProvisionedConcurrencyInvocations)
	fmt.Println("ProvisionedConcurrencySpilloverInvocations:", m.ProvisionedConcurrencySpilloverInvocations)
	fmt.Println("Throttles:", m.Throttles)
	fmt.Println("MaxConcurrentExecutions:", m.MaxConcurrentExecutions)
	// Output:
	// 5 provisioned, 15 on-demand
	// Invocations: 20
	// ProvisionedConcurrencyInvocations: 5
	// ProvisionedConcurrencySpilloverInvocations: 15
	// Throttles: 0
	// MaxConcurrentExecutions: 20
}

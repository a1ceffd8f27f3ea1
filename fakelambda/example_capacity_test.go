package fakelambda_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// A deployer creates a capacity provider (Lambda Managed Instances) and
// polls until it is Active; a second one, held on the clock, fails.
func ExampleFake_SetCapacityProviderTransition() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	create := func(name string) types.CapacityProviderState {
		out, err := client.CreateCapacityProvider(ctx, &lambda.CreateCapacityProviderInput{
			CapacityProviderName: aws.String(name),
			VpcConfig:            &types.CapacityProviderVpcConfig{SubnetIds: []string{"subnet-1"}, SecurityGroupIds: []string{"sg-1"}},
			PermissionsConfig: &types.CapacityProviderPermissionsConfig{
				CapacityProviderOperatorRoleArn: aws.String("arn:aws:iam::123456789012:role/operator")},
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(aws.ToString(out.CapacityProvider.CapacityProviderArn), out.CapacityProvider.State,
			out.CapacityProvider.InstanceRequirements.Architectures, aws.ToInt32(out.CapacityProvider.CapacityProviderScalingConfig.MaxVCpuCount))
		return out.CapacityProvider.State
	}
	get := func(name string) types.CapacityProviderState {
		out, err := client.GetCapacityProvider(ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String(name)})
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			fmt.Println(aws.ToString(nf.Message))
			return ""
		}
		return out.CapacityProvider.State
	}

	// By default a transition is over once a read has shown it.
	create("fleet")
	for state := get("fleet"); ; state = get("fleet") {
		fmt.Println("poll:", state)
		if state != types.CapacityProviderStatePending {
			break
		}
	}

	// A test can hold one on the clock and make it fail.
	fake.SetCapacityProviderTransition("scarce", fakelambda.FailTransitionAfter(2*time.Minute, "InsufficientCapacity", "no instances"))
	create("scarce")
	clk.Add(time.Minute)
	fmt.Println("after 1m:", get("scarce"))
	clk.Add(time.Minute)
	fmt.Println("after 2m:", get("scarce"))

	// Deleting, then gone.
	del, _ := client.DeleteCapacityProvider(ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("fleet")})
	fmt.Println(del.CapacityProvider.State)
	fmt.Println("poll:", get("fleet"))
	get("fleet")

	// Output:
	// arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet Pending [x86_64] 400
	// poll: Pending
	// poll: Active
	// arn:aws:lambda:us-east-1:123456789012:capacity-provider:scarce Pending [x86_64] 400
	// after 1m: Pending
	// after 2m: Failed
	// Deleting
	// poll: Deleting
	// Capacity provider not found: arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet
}

// A function bound to a capacity provider runs only as published versions:
// CreateFunction with PublishTo LATEST_PUBLISHED publishes version 1, and an
// unqualified Invoke runs $LATEST.PUBLISHED, the newest version.
func ExampleFake_SetHandler_latestPublished() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	cp, err := client.CreateCapacityProvider(ctx, &lambda.CreateCapacityProviderInput{
		CapacityProviderName: aws.String("fleet"),
		VpcConfig:            &types.CapacityProviderVpcConfig{SubnetIds: []string{"subnet-1"}, SecurityGroupIds: []string{"sg-1"}},
		PermissionsConfig: &types.CapacityProviderPermissionsConfig{
			CapacityProviderOperatorRoleArn: aws.String("arn:aws:iam::123456789012:role/operator")},
	})
	if err != nil {
		panic(err)
	}
	_, err = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("orders"),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimePython313,
		Handler:      aws.String("app.handler"),
		MemorySize:   aws.Int32(2048),
		Code:         &types.FunctionCode{ZipFile: []byte("code")},
		CapacityProviderConfig: &types.CapacityProviderConfig{LambdaManagedInstancesCapacityProviderConfig: &types.LambdaManagedInstancesCapacityProviderConfig{
			CapacityProviderArn: cp.CapacityProvider.CapacityProviderArn}},
		PublishTo: types.FunctionVersionLatestPublishedLatestPublished,
	})
	if err != nil {
		panic(err)
	}
	fake.SetHandler("orders", func(ctx context.Context, payload []byte) ([]byte, error) { return []byte(`"done"`), nil })
	out, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("orders")})
	if err != nil {
		panic(err)
	}
	fmt.Println(aws.ToString(out.ExecutedVersion), string(out.Payload))
	_, err = client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("orders"), Qualifier: aws.String("$LATEST")})
	fmt.Println(err != nil)

	// Output:
	// 1 "done"
	// true
}

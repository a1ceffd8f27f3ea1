package fakelambda_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
	"github.com/fakeaws/lambda/middleware"
)

// A durable approval workflow: a 72-hour cool-off, then a human's answer
// through a callback, then a last step. The test drives it as production
// code would, through the API: it starts the execution with an Event
// Invoke, moves the mock clock past the wait (the next request to the fake
// runs the execution on), finds the callback's ID in the history and
// answers it. Nothing runs in the background and nothing sleeps.
//
// The history shows three invocations: the start (up to the wait), the
// one at the wait's end (up to the callback, which WaitForCallback records
// in a context named "human" with its submitter step), and the one the
// answer caused, which replays the rest and finishes.
func ExampleFake_SetDurableHandler() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("approve"),
		Role:         aws.String("arn:aws:iam::123456789012:role/approve"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})

	fake.SetDurableHandler("approve", durable.Wrap(func(ctx durable.Context, order string) (string, error) {
		if err := durable.Wait(ctx, "cool-off", 72*time.Hour); err != nil {
			return "", err
		}
		approved, err := durable.WaitForCallback[bool](ctx, "human", func(_ durable.StepContext, callbackID string) error {
			return nil // send callbackID to the approver (a mail, a ticket...)
		})
		if err != nil {
			return "", err
		}
		return durable.Step(ctx, "finish", func(durable.StepContext) (string, error) {
			return fmt.Sprintf("%s approved: %t", order, approved), nil
		})
	}))

	out, err := client.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:         aws.String("approve:$LATEST"), // durable functions are invoked qualified
		InvocationType:       types.InvocationTypeEvent,
		DurableExecutionName: aws.String("order-42"),
		Payload:              []byte(`"order-42"`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	arn := out.DurableExecutionArn

	clk.Add(72 * time.Hour) // the wait is over: the next request resumes the execution

	hist, _ := client.GetDurableExecutionHistory(ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: arn})
	var callbackID *string
	for _, ev := range hist.Events {
		if ev.CallbackStartedDetails != nil {
			callbackID = ev.CallbackStartedDetails.CallbackId
		}
	}
	_, err = client.SendDurableExecutionCallbackSuccess(ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
		CallbackId: callbackID, Result: []byte("true")})
	if err != nil {
		fmt.Println(err)
		return
	}

	ex, _ := client.GetDurableExecution(ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: arn})
	fmt.Println(ex.Status, aws.ToString(ex.Result))
	hist, _ = client.GetDurableExecutionHistory(ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: arn})
	for _, ev := range hist.Events {
		fmt.Println(strings.TrimSpace(string(ev.EventType) + " " + aws.ToString(ev.Name)))
	}
	// Output:
	// SUCCEEDED "order-42 approved: true"
	// ExecutionStarted order-42
	// WaitStarted cool-off
	// InvocationCompleted order-42
	// WaitSucceeded cool-off
	// ContextStarted human
	// CallbackStarted
	// StepStarted
	// StepSucceeded
	// InvocationCompleted order-42
	// CallbackSucceeded
	// ContextSucceeded human
	// StepStarted finish
	// StepSucceeded finish
	// InvocationCompleted order-42
	// ExecutionSucceeded order-42
}

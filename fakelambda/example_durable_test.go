package fakelambda_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// An approval workflow as a durable function: validate, wait 72 hours,
// wait for a person's callback, finish. The test starts it with Invoke,
// moves the fake's clock by three days (in microseconds), answers the
// callback, and reads the history: every event at its own simulated time.
func ExampleFake_SetDurableHandler() {
	ctx := context.Background()
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	clk := fakelambda.NewManualClock(start)
	fake := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("approve"),
		Role:         aws.String("arn:aws:iam::123456789012:role/approve"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})
	var notified string // where the callback ID goes: an e-mail, a ticket...
	fake.SetDurableHandler("approve", func(c *fakelambda.DurableContext, in []byte) ([]byte, error) {
		if _, err := c.Step("validate", func() ([]byte, error) { return []byte(`"valid"`), nil }); err != nil {
			return nil, err
		}
		if err := c.Wait("cool-off", 72*time.Hour); err != nil {
			return nil, err
		}
		answer, err := c.WaitForCallback("manager", func(id string) error { notified = id; return nil })
		if err != nil {
			return nil, err
		}
		return []byte(`{"approved":` + string(answer) + `}`), nil
	})

	out, err := client.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:         aws.String("approve:$LATEST"),
		InvocationType:       types.InvocationTypeEvent,
		DurableExecutionName: aws.String("order-42"),
		Payload:              []byte(`{"order":42}`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	arn := out.DurableExecutionArn

	clk.Advance(72 * time.Hour)
	fmt.Println("resumed:", fake.RunDurable(ctx))
	_, err = client.SendDurableExecutionCallbackSuccess(ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
		CallbackId: aws.String(notified), Result: []byte("true"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	ex, _ := client.GetDurableExecution(ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: arn})
	fmt.Println(ex.Status, aws.ToString(ex.Result))
	hist, _ := client.GetDurableExecutionHistory(ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: arn})
	for _, ev := range hist.Events {
		fmt.Printf("%-20s %-9s %s\n", ev.EventType, aws.ToString(ev.Name), ev.EventTimestamp.Sub(start))
	}
	// Output:
	// resumed: 1
	// SUCCEEDED {"approved":true}
	// ExecutionStarted     order-42  0s
	// StepStarted          validate  0s
	// StepSucceeded        validate  0s
	// WaitStarted          cool-off  0s
	// InvocationCompleted  order-42  0s
	// WaitSucceeded        cool-off  72h0m0s
	// CallbackStarted      manager   72h0m0s
	// InvocationCompleted  order-42  72h0m0s
	// CallbackSucceeded    manager   72h0m0s
	// InvocationCompleted  order-42  72h0m0s
	// ExecutionSucceeded   order-42  72h0m0s
}

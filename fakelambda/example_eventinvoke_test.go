package fakelambda_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// An async (Event) invocation that keeps failing reaches the function's
// OnFailure destination, an SQS queue, once its retries are exhausted: one
// run plus MaximumRetryAttempts retries. RunQueued runs queued events on
// the test's goroutine; DestinationRecords reads what the queue received.
func ExampleFake_DestinationRecords() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	const dlq = "arn:aws:sqs:us-east-1:123456789012:orders-failures"

	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("orders"),
		Role:         aws.String("arn:aws:iam::123456789012:role/orders"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})
	_, err := client.PutFunctionEventInvokeConfig(ctx, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName:         aws.String("orders"),
		MaximumRetryAttempts: aws.Int32(1),
		DestinationConfig:    &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(dlq)}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fake.SetHandler("orders", func(ctx context.Context, payload []byte) ([]byte, error) {
		return nil, &fakelambda.FunctionError{Type: "PaymentDeclined", Message: "card expired"}
	})

	out, _ := client.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   aws.String("orders"),
		InvocationType: types.InvocationTypeEvent,
		Payload:        []byte(`{"order":42}`),
	})
	fmt.Println("Invoke:", out.StatusCode)
	for fake.Queued() > 0 {
		fmt.Println("runs:", fake.RunQueued(ctx))
	}

	for _, b := range fake.DestinationRecords(dlq) {
		var rec struct {
			RequestContext struct {
				FunctionArn            string
				Condition              string
				ApproximateInvokeCount int
			}
			RequestPayload  json.RawMessage
			ResponseContext struct{ FunctionError string }
			ResponsePayload json.RawMessage
		}
		_ = json.Unmarshal(b, &rec)
		fmt.Println(rec.RequestContext.Condition, "after", rec.RequestContext.ApproximateInvokeCount, "runs of", rec.RequestContext.FunctionArn)
		fmt.Println("event:", string(rec.RequestPayload))
		fmt.Println(rec.ResponseContext.FunctionError+":", string(rec.ResponsePayload))
	}
	// Output:
	// Invoke: 202
	// runs: 1
	// runs: 1
	// RetriesExhausted after 2 runs of arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST
	// event: {"order":42}
	// Unhandled: {"errorMessage":"card expired","errorType":"PaymentDeclined"}
}

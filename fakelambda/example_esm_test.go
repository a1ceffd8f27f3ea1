package fakelambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// An SQS consumer that reports partial batch failures: the message it
// could not process comes back after the queue's visibility timeout, and
// only that one.
func ExampleFake_RunEventSources_partialBatchFailure() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk))
	client := lambda.NewFromConfig(middleware.Config(fake))
	queue := "arn:aws:sqs:us-east-1:123456789012:orders"

	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("consumer"),
		Role:         aws.String("arn:aws:iam::123456789012:role/consumer"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})
	_, _ = client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		FunctionName:          aws.String("consumer"),
		EventSourceArn:        aws.String(queue),
		FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures},
	})

	// The handler under test: it cannot process "poison" the first time.
	seen := map[string]int{}
	fake.SetHandler("consumer", func(ctx context.Context, payload []byte) ([]byte, error) {
		var event struct {
			Records []struct {
				MessageID string `json:"messageId"`
				Body      string `json:"body"`
			}
		}
		if err := json.Unmarshal(payload, &event); err != nil {
			return nil, err
		}
		type failure struct {
			ItemIdentifier string `json:"itemIdentifier"`
		}
		var failures []failure
		var bodies []string
		for _, r := range event.Records {
			bodies = append(bodies, r.Body)
			seen[r.Body]++
			if r.Body == "poison" && seen[r.Body] == 1 {
				failures = append(failures, failure{r.MessageID})
			}
		}
		fmt.Println("batch:", strings.Join(bodies, ","))
		return json.Marshal(map[string]any{"batchItemFailures": failures})
	})

	_, _ = fake.SendSQSMessages(queue,
		fakelambda.SQSMessage{Body: "a"}, fakelambda.SQSMessage{Body: "poison"}, fakelambda.SQSMessage{Body: "b"})
	fmt.Println("batches:", fake.RunEventSources(ctx))
	fmt.Println("left:", len(fake.SQSMessages(queue)))

	clk.Add(30 * time.Second) // the visibility timeout
	fmt.Println("batches:", fake.RunEventSources(ctx))
	fmt.Println("left:", len(fake.SQSMessages(queue)))
	// Output:
	// batch: a,poison,b
	// batches: 1
	// left: 1
	// batch: poison
	// batches: 1
	// left: 0
}

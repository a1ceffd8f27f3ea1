package fakelambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// A Kinesis consumer that reports the record it cannot process: the
// checkpoint moves to that record, which is retried MaximumRetryAttempts
// times and then goes, as an on-failure record, to the SQS destination.
func ExampleFake_PutKinesisRecords() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithClock(clock.NewMock()))
	client := lambda.NewFromConfig(middleware.Config(fake))
	stream := "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
	dlq := "arn:aws:sqs:us-east-1:123456789012:orders-failed"

	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("consumer"),
		Role:         aws.String("arn:aws:iam::123456789012:role/consumer"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})
	_, _ = client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		FunctionName:          aws.String("consumer"),
		EventSourceArn:        aws.String(stream),
		StartingPosition:      types.EventSourcePositionTrimHorizon,
		MaximumRetryAttempts:  aws.Int32(1),
		FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures},
		DestinationConfig:     &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(dlq)}},
	})

	fake.SetHandler("consumer", func(ctx context.Context, payload []byte) ([]byte, error) {
		var event struct {
			Records []struct {
				Kinesis struct {
					SequenceNumber string `json:"sequenceNumber"`
					Data           []byte `json:"data"`
				} `json:"kinesis"`
			}
		}
		if err := json.Unmarshal(payload, &event); err != nil {
			return nil, err
		}
		type failure struct {
			ItemIdentifier string `json:"itemIdentifier"`
		}
		failures := []failure{}
		var batch []string
		for _, r := range event.Records {
			batch = append(batch, string(r.Kinesis.Data))
			if string(r.Kinesis.Data) == "poison" {
				failures = append(failures, failure{r.Kinesis.SequenceNumber})
			}
		}
		fmt.Println("batch:", strings.Join(batch, " "))
		return json.Marshal(map[string]any{"batchItemFailures": failures})
	})

	for _, d := range []string{"a", "b", "poison", "c"} {
		_, _ = fake.PutKinesisRecords(stream, fakelambda.KinesisRecord{PartitionKey: "k", Data: []byte(d)})
	}
	fmt.Println("invocations:", fake.RunEventSources(ctx))
	for _, d := range fake.StreamDeliveries() {
		if d.Condition != "" {
			fmt.Println("gave up on", len(d.SequenceNumbers), "records:", d.Condition)
		}
	}
	var record struct {
		RequestContext struct {
			Condition              string `json:"condition"`
			ApproximateInvokeCount int    `json:"approximateInvokeCount"`
		} `json:"requestContext"`
	}
	_ = json.Unmarshal([]byte(fake.SQSMessages(dlq)[0].Body), &record)
	fmt.Println("on-failure record:", record.RequestContext.Condition, record.RequestContext.ApproximateInvokeCount)
	// Output:
	// batch: a b poison c
	// batch: poison c
	// batch: poison c
	// invocations: 3
	// gave up on 2 records: RetryAttemptsExhausted
	// on-failure record: RetryAttemptsExhausted 2
}

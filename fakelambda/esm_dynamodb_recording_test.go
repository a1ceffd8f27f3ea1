package fakelambda_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of the DynamoDB stream deliveries recorded against AWS
// (test_lambda_integration_dynamodbstreams.snapshot.json), as
// esm_streams_recording_test.go replays Kinesis's: the record the recorded
// test's PutItem made, put with PutDynamoDBRecords; the events and the
// on-failure records compared by the shared comparator on both transports.

func ddbReplay(t *testing.T, name string, fn func(t *testing.T, e *replayEnv)) {
	t.Run(name, func(t *testing.T) {
		esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
			fn(t, e.replay(t, esmDDBFile, "TestDynamoDBEventSourceMapping::"+name))
		})
	})
}

// helloWorld is the item LocalStack's tests put: {"my_partition_key":
// "hello world", "binary_key": b"foobar"}, on a NEW_IMAGE stream.
var helloWorld = fakelambda.DynamoDBRecord{EventName: "INSERT", StreamViewType: "NEW_IMAGE",
	Keys: map[string]any{"my_partition_key": map[string]any{"S": "hello world"}},
	NewImage: map[string]any{"my_partition_key": map[string]any{"S": "hello world"},
		"binary_key": map[string]any{"B": []byte("foobar")}}}

func TestDynamoDBRecordedDelivery(t *testing.T) {
	ddbReplay(t, "test_dynamodb_event_source_mapping", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, _ := e.created()
		c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fn, c.handle)
		_, err := e.fake().PutDynamoDBRecords(stream, helloWorld)
		require.NoError(t, err)
		e.clk.Add(time.Second)
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		e.checkValue("event_logs", e.recorded("event_logs"), c.events)
	})
	ddbReplay(t, "test_dynamodb_event_source_mapping_with_on_failure_destination_config", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		e.fake().SetHandler(fn, (&streamCapture{}).handle)
		_, err := e.fake().PutDynamoDBRecords(stream, helloWorld)
		require.NoError(t, err)
		e.clk.Add(time.Second)
		require.Equal(t, 2, e.fake().RunEventSources(t.Context()))
		e.checkOnFailure("destination_queue_messages", dest)
	})
}

// The ReportBatchItemFailures scenarios: recorded without the create
// answer, so the mapping is made as LocalStack's test makes it (BatchSize
// 1, MaximumRetryAttempts 3, an SQS on-failure destination).
func TestDynamoDBRecordedBatchItemScenarios(t *testing.T) {
	replies := map[string]string{
		"empty_list_success":                   `[]`,
		"null_success":                         `null`,
		"empty_dict_success":                   `{}`,
		"empty_batch_item_failure_success":     `{"batchItemFailures":[]}`,
		"null_batch_item_failure_success":      `{"batchItemFailures":null}`,
		"empty_string_item_identifier_failure": `{"batchItemFailures":[{"itemIdentifier":""}]}`,
		"null_item_identifier_failure":         `{"batchItemFailures":[{"itemIdentifier":null}]}`,
		"invalid_key_foo_failure":              `{"batchItemFailures":[{"foo":123}]}`,
		"invalid_key_foo_null_value_failure":   `{"batchItemFailures":[{"foo":null}]}`,
		"item_identifier_not_present_failure":  `{"batchItemFailures":[{"itemIdentifier":"1234567890"}]}`,
		"unhandled_exception_in_function":      "",
	}
	for scenario, reply := range replies {
		name := "test_dynamodb_report_batch_item_success_scenarios[" + scenario + "]"
		failure := strings.HasSuffix(scenario, "_failure") || scenario == "unhandled_exception_in_function"
		if failure {
			name = "test_dynamodb_report_batch_item_failure_scenarios[" + scenario + "]"
		}
		ddbReplay(t, name, func(t *testing.T, e *replayEnv) {
			fnRef, streamRef := "<resource:2>", "<resource:3>"
			if !failure {
				fnRef, streamRef = "<resource:3>", "<resource:2>" // no destination: the stream is named second
			}
			stream := e.concrete("arn:<partition>:dynamodb:<region>:111111111111:table/<resource:1>/stream/" + streamRef)
			fnArn := e.concrete("arn:<partition>:lambda:<region>:111111111111:function:" + fnRef)
			e.ensureFunction(fnArn)
			dest := "arn:aws:sqs:" + e.fake().Region() + ":111111111111:dlq"
			_, err := e.client.CreateEventSourceMapping(t.Context(), &lambda.CreateEventSourceMappingInput{
				FunctionName: aws.String(fnArn), EventSourceArn: aws.String(stream), BatchSize: aws.Int32(1),
				StartingPosition: types.EventSourcePositionTrimHorizon, MaximumRetryAttempts: aws.Int32(3),
				FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures},
				DestinationConfig:     &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(dest)}}})
			require.NoError(t, err)
			c := &streamCapture{}
			if reply != "" {
				c.reply = func() ([]byte, error) { return []byte(reply), nil }
			}
			e.fake().SetHandler(fnArn[strings.LastIndex(fnArn, ":")+1:], c.handle)
			_, err = e.fake().PutDynamoDBRecords(stream, helloWorld)
			require.NoError(t, err)
			e.fake().RunEventSources(t.Context())
			e.checkValue("dynamodb_events", e.recorded("dynamodb_events"), c.events)
			if failure {
				e.checkOnFailure("destination_queue_messages", dest)
			} else {
				require.Empty(t, e.fake().SQSMessages(dest))
			}
		})
	}
}

// test_dynamodb_event_filter[*]: the records the recorded function got
// (lambda-multiple-log-events), put with, before each, one the filter
// refuses (the recorded test's other writes are not recorded: these are
// chosen to fail the pattern); only the recorded ones are delivered.
// date_time_conversion is left out: the recorder replaced the pattern's
// leaf by a placeholder.
func TestDynamoDBRecordedEventFilter(t *testing.T) {
	refused := map[string]fakelambda.DynamoDBRecord{
		"insert_same_entry_twice":  {EventName: "REMOVE", Keys: item("x"), OldImage: item("x")},
		"content_or_filter":        {EventName: "REMOVE", Keys: item("x"), OldImage: item("x")},
		"content_multiple_filters": {EventName: "MODIFY", Keys: item("x"), NewImage: item("x"), OldImage: item("x")},
		"content_filter_type": {EventName: "INSERT", Keys: item("x"),
			NewImage: map[string]any{"id": map[string]any{"S": "x"}, "presentKey": map[string]any{"S": "otherValue"}}},
		"exists_filter_type": {EventName: "INSERT", Keys: item("x"), NewImage: item("x")},
		// exists looks at leaves only, and every attribute is an object
		// ({"S":...}): no record fails {"presentKey":[{"exists":false}]}.
		"exists_false_filter": {},
		"numeric_filter":      {EventName: "INSERT", Keys: item("x"), NewImage: item("x")},
		"prefix_filter": {EventName: "INSERT", Keys: item("x"),
			NewImage: map[string]any{"id": map[string]any{"S": "x"}, "prefix": map[string]any{"S": "eu-1-suffix"}}},
	}
	for scenario, bad := range refused {
		ddbReplay(t, "test_dynamodb_event_filter["+scenario+"]", func(t *testing.T, e *replayEnv) {
			e.create("create_event_source_mapping_response")
			stream, fn, _ := e.created()
			c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
			e.fake().SetHandler(fn, c.handle)
			want := e.recorded("lambda-multiple-log-events").([]any)
			for _, ev := range want {
				r := ev.(map[string]any)["Records"].([]any)[0].(map[string]any)
				d := r["dynamodb"].(map[string]any)
				rec := fakelambda.DynamoDBRecord{EventName: r["eventName"].(string), Keys: d["Keys"].(map[string]any)}
				if img, ok := d["NewImage"].(map[string]any); ok {
					rec.NewImage = img
				}
				if img, ok := d["OldImage"].(map[string]any); ok {
					rec.OldImage = img
				}
				recs := []fakelambda.DynamoDBRecord{bad, rec}
				if bad.EventName == "" {
					recs = recs[1:]
				}
				_, err := e.fake().PutDynamoDBRecords(stream, recs...)
				require.NoError(t, err)
			}
			e.clk.Add(time.Second)
			e.fake().RunEventSources(t.Context())
			e.checkValue("lambda-multiple-log-events", want, c.events)
		})
	}
}

// test_dynamodb_report_batch_item_failures: batches of 3, the sixth item
// reported failed (itemIdentifier: its SequenceNumber): the checkpoint
// moves to it, it is retried alone 1 + MaximumRetryAttempts times, then
// goes to the destination.
func TestDynamoDBRecordedReportBatchItemFailures(t *testing.T) {
	ddbReplay(t, "test_dynamodb_report_batch_item_failures", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		var c streamCapture
		c.reply = func() ([]byte, error) {
			type item struct {
				ItemIdentifier string `json:"itemIdentifier"`
			}
			resp := struct {
				BatchItemFailures []item `json:"batchItemFailures"`
			}{[]item{}}
			for _, r := range c.events[len(c.events)-1].(map[string]any)["Records"].([]any) {
				d := r.(map[string]any)["dynamodb"].(map[string]any)
				if d["NewImage"].(map[string]any)["should_fail"].(map[string]any)["BOOL"] == true {
					resp.BatchItemFailures = append(resp.BatchItemFailures, item{d["SequenceNumber"].(string)})
				}
			}
			return json.Marshal(resp)
		}
		e.fake().SetHandler(fn, c.handle)
		for i := range 6 {
			id := map[string]any{"S": "testId" + strconv.Itoa(i)}
			_, err := e.fake().PutDynamoDBRecords(stream, fakelambda.DynamoDBRecord{EventName: "INSERT", StreamViewType: "NEW_IMAGE",
				Keys:     map[string]any{"my_partition_key": id},
				NewImage: map[string]any{"my_partition_key": id, "should_fail": map[string]any{"BOOL": i == 5}}})
			require.NoError(t, err)
		}
		e.clk.Add(time.Second)
		e.fake().RunEventSources(t.Context())
		e.checkValue("dynamodb_records", e.recorded("dynamodb_records"), map[string]any{"Records": c.records()})
		e.checkOnFailure("destination_queue_messages", dest)
	})
}

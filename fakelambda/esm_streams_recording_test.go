package fakelambda_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of the Kinesis deliveries recorded against AWS
// (test_lambda_integration_kinesis.snapshot.json): the mapping created as
// recorded, records put with PutKinesisRecords as the recorded test put
// them with the Kinesis API, RunEventSources on the mock clock, and the
// events the function received and the on-failure records compared with
// the recordings by the shared comparator (checkValue), on both
// transports.

// kinReplay runs fn on a replay of TestKinesisSource::name on both
// transports.
func kinReplay(t *testing.T, name string, fn func(t *testing.T, e *replayEnv)) {
	t.Run(name, func(t *testing.T) {
		esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
			fn(t, e.replay(t, esmKinFile, "TestKinesisSource::"+name))
		})
	})
}

// streamCapture is a handler that keeps each event it receives, decoded,
// and answers reply (or fails when reply is nil).
type streamCapture struct {
	events []any
	reply  func() ([]byte, error)
}

func (c *streamCapture) handle(_ context.Context, payload []byte) ([]byte, error) {
	var ev any
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	c.events = append(c.events, ev)
	if c.reply == nil {
		return nil, errors.New("failing on purpose")
	}
	return c.reply()
}

// records is every record of the captured events, in order.
func (c *streamCapture) records() []any {
	out := []any{}
	for _, ev := range c.events {
		out = append(out, ev.(map[string]any)["Records"].([]any)...)
	}
	return out
}

// created is the stream, the function name and the on-failure destination
// of the mapping the last answer created.
func (e *replayEnv) created() (stream, function, destination string) {
	doc := e.lastDoc()
	stream = doc["EventSourceArn"].(string)
	function = doc["FunctionArn"].(string)
	function = function[strings.Index(function, ":function:")+len(":function:"):]
	if d, ok := doc["DestinationConfig"].(map[string]any); ok {
		if of, ok := d["OnFailure"].(map[string]any); ok {
			destination, _ = of["Destination"].(string)
		}
	}
	return stream, function, destination
}

func (e *replayEnv) put(stream, key string, data ...string) {
	e.t.Helper()
	for _, d := range data {
		_, err := e.fake().PutKinesisRecords(stream, fakelambda.KinesisRecord{PartitionKey: key, Data: []byte(d)})
		require.NoError(e.t, err)
	}
}

// checkOnFailure compares the one on-failure record the SQS destination
// holds with the recorded ReceiveMessage answer key's first body.
func (e *replayEnv) checkOnFailure(key, queue string) {
	e.t.Helper()
	msgs := e.fake().SQSMessages(queue)
	require.Len(e.t, msgs, 1, "on-failure records in %s", queue)
	var body any
	require.NoError(e.t, json.Unmarshal([]byte(msgs[0].Body), &body))
	rec := e.recorded(key).(map[string]any)["Messages"].([]any)[0].(map[string]any)["Body"]
	e.checkValue(key+".Messages[0].Body", rec, body)
}

func TestKinesisRecordedDelivery(t *testing.T) {
	kinReplay(t, "test_create_kinesis_event_source_mapping", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response") // LATEST: records put after it
		stream, fn, _ := e.created()
		c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fn, c.handle)
		for i := range 10 {
			e.put(stream, "test_"+strconv.Itoa(i), "hello")
		}
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		e.checkValue("kinesis_records", e.recorded("kinesis_records"), map[string]any{"Records": c.records()})
	})

	kinReplay(t, "test_create_kinesis_event_source_mapping_multiple_lambdas_single_kinesis_event_stream", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response-a")
		stream, fa, _ := e.created()
		e.create("create_event_source_mapping_response-b")
		_, fb, _ := e.created()
		ca := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		cb := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fa, ca.handle)
		e.fake().SetHandler(fb, cb.handle)
		e.put(stream, "test_1", "hello")
		require.Equal(t, 2, e.fake().RunEventSources(t.Context()))
		e.checkValue("kinesis_records-a", e.recorded("kinesis_records-a"), ca.events[0])
		e.checkValue("kinesis_records-b", e.recorded("kinesis_records-b"), cb.events[0])
	})

	kinReplay(t, "test_kinesis_empty_provided", func(t *testing.T, e *replayEnv) {
		uuid := e.create("create_event_source_mapping_response")
		stream, fn, _ := e.created()
		c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fn, c.handle)
		e.put(stream, "test", "hello")
		e.clk.Add(time.Second) // the batching window
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		e.waitState(uuid, "Enabled")
		e.check("get_esm_result")
	})

	kinReplay(t, "test_kinesis_event_source_mapping_with_on_failure_destination_config", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		c := &streamCapture{}
		e.fake().SetHandler(fn, c.handle)
		e.put(stream, "test", "hello")
		e.clk.Add(time.Second)
		require.Equal(t, 2, e.fake().RunEventSources(t.Context())) // one retry
		e.checkOnFailure("sqs_payload", dest)
	})
}

// The ReportBatchItemFailures answers Lambda takes as success, and those
// it takes as the whole batch failing (retried, then the on-failure
// record), as LocalStack's test functions answer them.
func TestKinesisRecordedBatchItemScenarios(t *testing.T) {
	replies := map[string]string{
		"empty_list_success":                   `[]`,
		"null_success":                         `null`,
		"empty_dict_success":                   `{}`,
		"empty_batch_item_failure_success":     `{"batchItemFailures":[]}`,
		"null_batch_item_failure_success":      `{"batchItemFailures":null}`,
		"empty_string_success":                 `""`,
		"empty_string_item_identifier_failure": `{"batchItemFailures":[{"itemIdentifier":""}]}`,
		"null_item_identifier_failure":         `{"batchItemFailures":[{"itemIdentifier":null}]}`,
		"invalid_key_foo_failure":              `{"batchItemFailures":[{"foo":123}]}`,
		"invalid_key_foo_null_value_failure":   `{"batchItemFailures":[{"foo":null}]}`,
		"item_identifier_not_present_failure":  `{"batchItemFailures":[{"itemIdentifier":"1234567890"}]}`,
		"unhandled_exception_in_function":      "",
	}
	for scenario, reply := range replies {
		name := "test_kinesis_report_batch_item_success_scenarios[" + scenario + "]"
		if strings.HasSuffix(scenario, "_failure") || scenario == "unhandled_exception_in_function" {
			name = "test_kinesis_report_batch_item_failure_scenarios[" + scenario + "]"
		}
		kinReplay(t, name, func(t *testing.T, e *replayEnv) {
			e.create("create_event_source_mapping_response")
			stream, fn, dest := e.created()
			c := &streamCapture{}
			if reply != "" {
				c.reply = func() ([]byte, error) { return []byte(reply), nil }
			}
			e.fake().SetHandler(fn, c.handle)
			e.put(stream, "test", "hello")
			e.clk.Add(time.Second)
			e.fake().RunEventSources(t.Context())
			e.checkValue("kinesis_events", e.recorded("kinesis_events"), c.events)
			if dest != "" {
				if _, ok := loadRecordings(t, esmKinFile)["TestKinesisSource::"+name]["sqs_payload"]; ok {
					e.checkOnFailure("sqs_payload", dest)
				}
			}
		})
	}
}

// MaximumRecordAgeInSeconds: records expired before a poller saw them, or
// while their batch was retried, go to the on-failure destination
// (RecordAgeExceeded); the checkpoint moves on to the fresh ones.
func TestKinesisRecordedRecordAge(t *testing.T) {
	kinReplay(t, "test_kinesis_maximum_record_age_exceeded[expire-before-ingestion]", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		c := &streamCapture{}
		e.fake().SetHandler(fn, c.handle)
		e.put(stream, "test", "hello")
		e.clk.Add(61 * time.Second)
		require.Equal(t, 0, e.fake().RunEventSources(t.Context()))
		require.Empty(t, c.events)
		e.checkOnFailure("record_age_exceeded_payload", dest)
	})
	kinReplay(t, "test_kinesis_maximum_record_age_exceeded[expire-while-retrying]", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		c := &streamCapture{}
		e.fake().SetHandler(fn, c.handle)
		e.put(stream, "test", "hello")
		for range 7 { // retried at each run until the record expires
			e.clk.Add(8 * time.Second)
			require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		}
		e.clk.Add(5 * time.Second)
		require.Equal(t, 0, e.fake().RunEventSources(t.Context()))
		e.checkOnFailure("record_age_exceeded_payload", dest)
	})
	kinReplay(t, "test_kinesis_maximum_record_age_exceeded_discard_records", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fn, c.handle)
		e.put(stream, "test", "stream-data-0")
		e.clk.Add(61 * time.Second)
		for i := 1; i <= 5; i++ {
			e.put(stream, "test", "stream-data-"+strconv.Itoa(i))
		}
		e.clk.Add(time.Second)
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		e.checkOnFailure("record_age_exceeded_payload", dest)
		e.checkValue("Records", e.recorded("Records"), c.records())
	})
}

// TestKinesisEventFiltering::test_kinesis_event_filtering_json_pattern: two
// mappings on one stream, each filtering on data.event_type; the first
// function gets only its record, whose data the recorded test logged.
func TestKinesisRecordedFiltering(t *testing.T) {
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		e = e.replay(t, esmKinFile, "TestKinesisEventFiltering::test_kinesis_event_filtering_json_pattern")
		e.create("create_event_source_mapping_response")
		stream, f1, _ := e.created()
		e.create("create_event_source_mapping_2_response")
		_, f2, _ := e.created()
		c1 := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		c2 := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(f1, c1.handle)
		e.fake().SetHandler(f2, c2.handle)
		e.put(stream, "test", `{"event_type": "function_1", "message": "foo"}`, `{"event_type": "function_2", "message": "bar"}`,
			`{"event_type": "function_3", "message": "baz"}`)
		e.clk.Add(time.Second)
		require.Equal(t, 2, e.fake().RunEventSources(t.Context()))
		var got []any
		for _, rec := range c1.records() {
			data := rec.(map[string]any)["kinesis"].(map[string]any)["data"].(string)
			raw, err := base64.StdEncoding.DecodeString(data)
			require.NoError(t, err)
			var v any
			require.NoError(t, json.Unmarshal(raw, &v))
			got = append(got, v)
		}
		var rec any
		require.NoError(t, json.Unmarshal([]byte(e.recorded("kinesis-record-lambda-payload").(string)), &rec))
		e.checkValue("kinesis-record-lambda-payload", rec, got)
		require.Len(t, c2.records(), 1)
	})
}

// test_kinesis_report_batch_item_failures: batches of 3, the sixth record
// reported failed: the checkpoint moves to it, it is retried as a batch of
// its own 1 + MaximumRetryAttempts times, then goes to the destination.
func TestKinesisRecordedReportBatchItemFailures(t *testing.T) {
	kinReplay(t, "test_kinesis_report_batch_item_failures", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, dest := e.created()
		var c streamCapture
		c.reply = func() ([]byte, error) {
			ev := c.events[len(c.events)-1].(map[string]any)
			type item struct {
				ItemIdentifier string `json:"itemIdentifier"`
			}
			resp := struct {
				BatchItemFailures []item `json:"batchItemFailures"`
			}{[]item{}}
			for _, r := range ev["Records"].([]any) {
				k := r.(map[string]any)["kinesis"].(map[string]any)
				raw, _ := base64.StdEncoding.DecodeString(k["data"].(string))
				if strings.Contains(string(raw), "true") {
					resp.BatchItemFailures = append(resp.BatchItemFailures, item{k["sequenceNumber"].(string)})
				}
			}
			return json.Marshal(resp)
		}
		e.fake().SetHandler(fn, c.handle)
		for i := range 6 {
			e.put(stream, "test_"+strconv.Itoa(i), `{"should_fail": `+strconv.FormatBool(i == 5)+`}`)
		}
		e.clk.Add(time.Second)
		e.fake().RunEventSources(t.Context())
		e.checkValue("kinesis_records", e.recorded("kinesis_records"), map[string]any{"Records": c.records()})
		e.checkOnFailure("sqs_payload", dest)
	})
}

// test_kinesis_event_source_mapping_with_async_invocation and
// test_disable_kinesis_event_source_mapping: batches of ten records
// ({"record_id": n}) put after the mapping (LATEST); the disabled mapping
// delivers nothing more.
func TestKinesisRecordedBatchesAndDisable(t *testing.T) {
	putTen := func(e *replayEnv, stream, key string) {
		for i := range 10 {
			e.put(stream, key, `{"record_id": `+strconv.Itoa(i)+`}`)
		}
	}
	kinReplay(t, "test_kinesis_event_source_mapping_with_async_invocation", func(t *testing.T, e *replayEnv) {
		e.create("create_event_source_mapping_response")
		stream, fn, _ := e.created()
		c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fn, c.handle)
		putTen(e, stream, "test_0")
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		putTen(e, stream, "test_1")
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		var want []any
		for _, inv := range e.recorded("invocation_events").([]any) {
			want = append(want, inv.(map[string]any)["event"]) // the test logged {"executionStart", "event"}
		}
		e.checkValue("invocation_events", want, c.events)
	})
	kinReplay(t, "test_disable_kinesis_event_source_mapping", func(t *testing.T, e *replayEnv) {
		uuid := e.create("create_event_source_mapping_response")
		stream, fn, _ := e.created()
		c := &streamCapture{reply: func() ([]byte, error) { return nil, nil }}
		e.fake().SetHandler(fn, c.handle)
		putTen(e, stream, "test")
		require.Equal(t, 1, e.fake().RunEventSources(t.Context()))
		_, err := e.client.UpdateEventSourceMapping(t.Context(), &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(false)})
		require.NoError(t, err)
		e.waitState(uuid, "Disabled")
		putTen(e, stream, "test")
		require.Equal(t, 0, e.fake().RunEventSources(t.Context()))
		e.checkValue("invocation_events", e.recorded("invocation_events"), c.events)
	})
}

package fakelambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

const esmStream = "arn:aws:kinesis:us-east-1:123456789012:stream/orders"

// kinesisEvent is the Kinesis event as a handler decodes it.
type kinesisEvent struct {
	Records []struct {
		Kinesis struct {
			PartitionKey   string `json:"partitionKey"`
			SequenceNumber string `json:"sequenceNumber"`
			Data           []byte `json:"data"`
		} `json:"kinesis"`
		EventID string `json:"eventID"`
	}
}

// kinesisRecorder keeps every batch (partition keys) and fails the records
// fail says (ReportBatchItemFailures), or the whole batch with err.
type kinesisRecorder struct {
	batches [][]string
	fail    func(key string) bool
	err     func(batch []string) error
	raw     [][]byte
}

func (h *kinesisRecorder) handle(_ context.Context, payload []byte) ([]byte, error) {
	h.raw = append(h.raw, payload)
	var ev kinesisEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	var keys []string
	type item struct {
		ItemIdentifier string `json:"itemIdentifier"`
	}
	resp := struct {
		BatchItemFailures []item `json:"batchItemFailures"`
	}{[]item{}}
	for _, r := range ev.Records {
		keys = append(keys, r.Kinesis.PartitionKey)
		if h.fail != nil && h.fail(r.Kinesis.PartitionKey) {
			resp.BatchItemFailures = append(resp.BatchItemFailures, item{r.Kinesis.SequenceNumber})
		}
	}
	h.batches = append(h.batches, keys)
	if h.err != nil {
		if err := h.err(keys); err != nil {
			return nil, err
		}
	}
	return json.Marshal(resp)
}

func keysOf(from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "k" + strconv.Itoa(from+i)
	}
	return out
}

func (e *env) putKinesis(t *testing.T, keys ...string) []string {
	t.Helper()
	var recs []fakelambda.KinesisRecord
	for _, k := range keys {
		recs = append(recs, fakelambda.KinesisRecord{PartitionKey: k, Data: []byte(`{"key":"` + k + `"}`)})
	}
	seqs, err := e.fake.PutKinesisRecords(esmStream, recs...)
	require.NoError(t, err)
	require.Len(t, seqs, len(keys))
	return seqs
}

func (e *env) kinesisESM(t *testing.T, in *lambda.CreateEventSourceMappingInput) string {
	t.Helper()
	if in.FunctionName == nil {
		in.FunctionName = aws.String("consumer")
	}
	in.EventSourceArn = aws.String(esmStream)
	if in.StartingPosition == "" {
		in.StartingPosition = types.EventSourcePositionTrimHorizon
	}
	return *e.createESM(t, in).UUID
}

// Batches of BatchSize from TRIM_HORIZON, the envelope as recorded, and
// LastProcessingResult OK afterwards.
func TestKinesisDeliveryBatches(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{}
		e.fake.SetHandler("consumer", h.handle)
		seqs := e.putKinesis(t, keysOf(0, 5)...) // before the mapping: TRIM_HORIZON sees them
		uuid := e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(2)})
		require.Equal(t, 3, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"k0", "k1"}, {"k2", "k3"}, {"k4"}}, h.batches)
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))

		var ev map[string]any
		require.NoError(t, json.Unmarshal(h.raw[0], &ev))
		rec := ev["Records"].([]any)[0].(map[string]any)
		require.Equal(t, "shardId-000000000000:"+seqs[0], rec["eventID"])
		require.Equal(t, "arn:aws:iam::123456789012:role/lambda-role", rec["invokeIdentityArn"])
		require.Equal(t, "aws:kinesis:record", rec["eventName"])
		k := rec["kinesis"].(map[string]any)
		require.Equal(t, "eyJrZXkiOiJrMCJ9", k["data"])
		require.Equal(t, float64(epoch.Unix()), k["approximateArrivalTimestamp"])
		// Member order, as recorded.
		require.Regexp(t, `^\{"Records":\[\{"kinesis":\{"kinesisSchemaVersion":"1.0","partitionKey":"k0","sequenceNumber":"\d+","data":"[^"]+","approximateArrivalTimestamp":\d+(\.\d+)?\},"eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"[^"]+","eventName":"aws:kinesis:record","invokeIdentityArn":"[^"]+","awsRegion":"us-east-1","eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/orders"\},`, string(h.raw[0]))

		got := e.getESM(t, &uuid)
		require.Equal(t, "OK", aws.ToString(got.LastProcessingResult))
		d := e.fake.StreamDeliveries()
		require.Len(t, d, 3)
		require.Equal(t, seqs[:2], d[0].SequenceNumbers)
		require.Equal(t, 2, d[0].Processed)
		require.Len(t, e.fake.StreamRecords(esmStream), 5)
	})
}

// LATEST starts after the mapping's creation; AT_TIMESTAMP at the time
// given; two mappings on one stream each get every record.
func TestKinesisStartingPositions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		e.createFunction(t, "other")
		h, o := &kinesisRecorder{}, &kinesisRecorder{}
		e.fake.SetHandler("consumer", h.handle)
		e.fake.SetHandler("other", o.handle)
		e.putKinesis(t, "old")
		e.clk.Add(time.Minute)
		mid := e.clk.Now()
		e.putKinesis(t, "mid")
		e.clk.Add(time.Minute)
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{StartingPosition: types.EventSourcePositionLatest})
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("other"),
			StartingPosition: types.EventSourcePositionAtTimestamp, StartingPositionTimestamp: aws.Time(mid)})
		e.putKinesis(t, "new")
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"new"}}, h.batches)
		require.Equal(t, [][]string{{"mid", "new"}}, o.batches)
	})
}

// The batching window waits on the clock unless the batch is full;
// Enabled=false pauses delivery and re-enabling resumes at the checkpoint.
func TestKinesisWindowAndDisabled(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{}
		e.fake.SetHandler("consumer", h.handle)
		uuid := e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(3), MaximumBatchingWindowInSeconds: aws.Int32(5)})
		e.putKinesis(t, "a", "b")
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		e.clk.Add(5 * time.Second)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		e.putKinesis(t, "c", "d", "e")
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx)) // full: no wait
		require.Equal(t, [][]string{{"a", "b"}, {"c", "d", "e"}}, h.batches)

		_, err := e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: &uuid, Enabled: aws.Bool(false)})
		require.NoError(t, err)
		e.getESM(t, &uuid) // Disabling
		e.getESM(t, &uuid) // Disabled
		e.putKinesis(t, "f")
		e.clk.Add(time.Minute)
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		_, err = e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: &uuid, Enabled: aws.Bool(true)})
		require.NoError(t, err)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, []string{"f"}, h.batches[2])
	})
}

// FilterCriteria: records no pattern matches are dropped (data matched as
// the JSON it holds).
func TestKinesisFilter(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{}
		e.fake.SetHandler("consumer", h.handle)
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{
			{Pattern: aws.String(`{"data":{"key":[{"prefix":"keep"}]}}`)}}}})
		e.putKinesis(t, "keep1", "drop", "keep2", "drop2")
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"keep1", "keep2"}}, h.batches)
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
	})
}

// A function error retries the batch MaximumRetryAttempts times, then the
// on-failure record (as recorded) goes to the SQS destination and the
// checkpoint moves on.
func TestKinesisRetriesAndOnFailure(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{err: func(b []string) error {
			if b[0] == "bad" {
				return errors.New("boom")
			}
			return nil
		}}
		e.fake.SetHandler("consumer", h.handle)
		dlq := "arn:aws:sqs:us-east-1:123456789012:failures"
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(1), MaximumRetryAttempts: aws.Int32(1),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(dlq)}}})
		seqs := e.putKinesis(t, "bad", "good")
		require.Equal(t, 3, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"bad"}, {"bad"}, {"good"}}, h.batches)
		msgs := e.fake.SQSMessages(dlq)
		require.Len(t, msgs, 1)
		var body map[string]any
		require.NoError(t, json.Unmarshal([]byte(msgs[0].Body), &body))
		rc := body["requestContext"].(map[string]any)
		require.Equal(t, "RetryAttemptsExhausted", rc["condition"])
		require.Equal(t, float64(2), rc["approximateInvokeCount"])
		require.Equal(t, "Unhandled", body["responseContext"].(map[string]any)["functionError"])
		bi := body["KinesisBatchInfo"].(map[string]any)
		require.Equal(t, seqs[0], bi["startSequenceNumber"])
		require.Equal(t, esmStream, bi["streamArn"])
		d := e.fake.StreamDeliveries()
		require.Equal(t, "RetryAttemptsExhausted", d[2].Condition)
	})
}

// With the default -1 retries a failing batch waits for the next run, and
// is dropped (RecordAgeExceeded) once older than MaximumRecordAgeInSeconds.
func TestKinesisRecordAge(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{err: func([]string) error { return errors.New("boom") }}
		e.fake.SetHandler("consumer", h.handle)
		dlq := "arn:aws:sqs:us-east-1:123456789012:failures"
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{MaximumRecordAgeInSeconds: aws.Int32(60),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(dlq)}}})
		e.putKinesis(t, "x")
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		e.clk.Add(61 * time.Second)
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		msgs := e.fake.SQSMessages(dlq)
		require.Len(t, msgs, 1)
		var body map[string]any
		require.NoError(t, json.Unmarshal([]byte(msgs[0].Body), &body))
		require.Equal(t, "RecordAgeExceeded", body["requestContext"].(map[string]any)["condition"])
		require.Equal(t, float64(3), body["requestContext"].(map[string]any)["approximateInvokeCount"]) // 2 invocations + 1
		require.NotContains(t, body, "responseContext")
	})
}

// BisectBatchOnFunctionError retries a failed batch in halves until the
// bad record is alone.
func TestKinesisBisect(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{err: func(b []string) error {
			for _, k := range b {
				if k == "k2" {
					return errors.New("boom")
				}
			}
			return nil
		}}
		e.fake.SetHandler("consumer", h.handle)
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(4), MaximumRetryAttempts: aws.Int32(3),
			BisectBatchOnFunctionError: aws.Bool(true)})
		e.putKinesis(t, keysOf(0, 4)...)
		e.fake.RunEventSources(e.ctx)
		require.Equal(t, [][]string{{"k0", "k1", "k2", "k3"}, {"k0", "k1"}, {"k2", "k3"}, {"k2"}, {"k2"}, {"k2"}, {"k3"}}, h.batches)
	})
}

// ReportBatchItemFailures: the checkpoint moves to the first failed
// record, and the batch is retried from there.
func TestKinesisReportBatchItemFailures(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		failK1 := true
		h := &kinesisRecorder{fail: func(k string) bool { return failK1 && (k == "k1" || k == "k3") }}
		e.fake.SetHandler("consumer", h.handle)
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(4), MaximumRetryAttempts: aws.Int32(0),
			FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures}})
		e.putKinesis(t, keysOf(0, 4)...)
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx)) // k0..k3, then k1..k3 (a new batch) fails again
		d := e.fake.StreamDeliveries()
		require.Equal(t, 1, d[0].Processed)
		require.Equal(t, 0, d[1].Processed)
		require.Equal(t, "RetryAttemptsExhausted", d[2].Condition)
		require.Len(t, d[2].SequenceNumbers, 3)
		require.Equal(t, [][]string{{"k0", "k1", "k2", "k3"}, {"k1", "k2", "k3"}}, h.batches)

		failK1 = false
		e.putKinesis(t, "k4", "k5")
		h.fail = func(k string) bool { return k == "k5" }
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx)) // k4 and k5, then k5 alone
		require.Equal(t, [][]string{{"k4", "k5"}, {"k5"}}, h.batches[2:])
	})
}

// A malformed record is refused and nothing is put.
func TestPutKinesisRecordsBadInput(t *testing.T) {
	f := fakelambda.New()
	_, err := f.PutKinesisRecords("arn:aws:sqs:us-east-1:123456789012:q", fakelambda.KinesisRecord{PartitionKey: "k"})
	require.Error(t, err)
	_, err = f.PutKinesisRecords(esmStream, fakelambda.KinesisRecord{PartitionKey: "k"}, fakelambda.KinesisRecord{})
	require.Error(t, err)
	require.Empty(t, f.StreamRecords(esmStream))
}

// The control API puts Kinesis and DynamoDB records, runs the pollers and
// shows the stream and the deliveries.
func TestStreamDeliveryControlAPI(t *testing.T) {
	srv := fakelambda.NewServer(t)
	e := &env{fake: srv.Fake, client: newClient(srv.Fake), ctx: context.Background()}
	e.createFunction(t, "consumer")
	h := &kinesisRecorder{}
	e.fake.SetHandler("consumer", h.handle)
	e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{})
	call := func(method, path, body string) (int, map[string]any) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	code, out := call("POST", "/_fakelambda/kinesis/records", `{"StreamArn":"`+esmStream+`","Records":[{"PartitionKey":"a","Data":"aGVsbG8="}]}`)
	require.Equal(t, 200, code, out)
	require.Len(t, out["SequenceNumbers"], 1)
	code, out = call("POST", "/_fakelambda/kinesis/records", `{"StreamArn":"`+esmStream+`","Records":[{"Data":"aGVsbG8="}]}`)
	require.Equal(t, 400, code)
	require.Contains(t, out["Message"], "partition key")
	code, out = call("POST", "/_fakelambda/dynamodb/records", `{"StreamArn":"`+esmTable+`","Records":[{"EventName":"INSERT","Keys":{"id":{"S":"1"}},"NewImage":{"b":{"B":"AQI="}}}]}`)
	require.Equal(t, 200, code, out)
	code, _ = call("POST", "/_fakelambda/dynamodb/records", `{"StreamArn":"`+esmTable+`","Records":[{"EventName":"UPSERT","Keys":{"id":{"S":"1"}}}]}`)
	require.Equal(t, 400, code)
	code, out = call("GET", "/_fakelambda/streams/records?StreamArn="+esmStream, "")
	require.Equal(t, 200, code)
	require.Len(t, out["Records"], 1)

	code, out = call("POST", "/_fakelambda/event-sources/run", `{}`)
	require.Equal(t, 200, code)
	require.EqualValues(t, 1, out["Batches"])
	require.Equal(t, [][]string{{"a"}}, h.batches)
	code, out = call("GET", "/_fakelambda/streams/deliveries", "")
	require.Equal(t, 200, code)
	require.Len(t, out["Deliveries"], 1)
}

// A mapping whose function was deleted delivers nothing and keeps its
// checkpoint; each batch is an invocation in Metrics; Reset forgets the
// streams.
func TestStreamDeliveryDeletedFunctionMetricsReset(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{}
		e.fake.SetHandler("consumer", h.handle)
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(1)})
		e.putKinesis(t, "a", "b")
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx))
		require.Equal(t, 2, e.fake.Metrics("consumer", "").Invocations)

		_, err := e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("consumer")})
		require.NoError(t, err)
		e.putKinesis(t, "c")
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		e.createFunction(t, "consumer")
		e.fake.SetHandler("consumer", h.handle)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, []string{"c"}, h.batches[2])

		e.fake.Reset()
		require.Empty(t, e.fake.StreamRecords(esmStream))
		require.Empty(t, e.fake.StreamDeliveries())
	})
}

// With no clock, inside a synctest bubble time.Sleep passes the batching
// window and the record age.
func TestStreamDeliverySynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "consumer")
		h := &kinesisRecorder{err: func([]string) error { return errors.New("boom") }}
		e.fake.SetHandler("consumer", h.handle)
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{MaximumBatchingWindowInSeconds: aws.Int32(5), MaximumRecordAgeInSeconds: aws.Int32(60)})
		e.putKinesis(t, "a")
		require.Equal(t, 0, fake.RunEventSources(e.ctx))
		time.Sleep(5 * time.Second)
		require.Equal(t, 1, fake.RunEventSources(e.ctx)) // fails: retried at the next run
		time.Sleep(56 * time.Second)
		require.Equal(t, 0, fake.RunEventSources(e.ctx)) // expired
		d := fake.StreamDeliveries()
		require.Equal(t, "RecordAgeExceeded", d[len(d)-1].Condition)
	})
}

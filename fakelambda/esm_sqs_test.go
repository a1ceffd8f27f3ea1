package fakelambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// sqsEvent is the SQS event as a handler decodes it.
type sqsEvent struct {
	Records []struct {
		MessageID  string            `json:"messageId"`
		Body       string            `json:"body"`
		Attributes map[string]string `json:"attributes"`
	}
}

// recorder is a handler that keeps every batch and fails the message IDs
// fail says (ReportBatchItemFailures), or the whole batch with err.
type recorder struct {
	batches [][]string // bodies
	fail    func(body string) bool
	err     error
}

func (h *recorder) handle(_ context.Context, payload []byte) ([]byte, error) {
	var ev sqsEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	var bodies []string
	type item struct {
		ItemIdentifier string `json:"itemIdentifier"`
	}
	resp := struct {
		BatchItemFailures []item `json:"batchItemFailures"`
	}{[]item{}}
	for _, r := range ev.Records {
		bodies = append(bodies, r.Body)
		if h.fail != nil && h.fail(r.Body) {
			resp.BatchItemFailures = append(resp.BatchItemFailures, item{r.MessageID})
		}
	}
	h.batches = append(h.batches, bodies)
	if h.err != nil {
		return nil, h.err
	}
	return json.Marshal(resp)
}

func (e *env) send(t *testing.T, queue string, bodies ...string) {
	t.Helper()
	var msgs []fakelambda.SQSMessage
	for _, b := range bodies {
		msgs = append(msgs, fakelambda.SQSMessage{Body: b})
	}
	ids, err := e.fake.SendSQSMessages(queue, msgs...)
	require.NoError(t, err)
	require.Len(t, ids, len(bodies))
}

func bodiesOf(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "m" + strconv.Itoa(i)
	}
	return out
}

// Batches of BatchSize; partial batch failures come back after the
// visibility timeout on the clock, counted as received twice.
func TestSQSDeliveryPartialBatchFailure(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &recorder{fail: func(b string) bool { return b == "m1" || b == "m12" }}
		e.fake.SetHandler("consumer", h.handle)
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue),
			FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures}})
		e.send(t, esmQueue, bodiesOf(13)...)
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{bodiesOf(10), {"m10", "m11", "m12"}}, h.batches)
		left := e.fake.SQSMessages(esmQueue)
		require.Len(t, left, 2)
		require.Equal(t, "m1", left[0].Body)
		require.Equal(t, 1, left[0].ReceiveCount)
		require.Equal(t, e.clk.Now().Add(30*time.Second), left[0].VisibleAt)

		require.Equal(t, 0, e.fake.RunEventSources(e.ctx)) // in flight until the visibility timeout
		e.clk.Add(30 * time.Second)
		h.fail = nil
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, []string{"m1", "m12"}, h.batches[2])
		require.Empty(t, e.fake.SQSMessages(esmQueue))
		d := e.fake.SQSDeliveries()
		require.Len(t, d, 3)
		require.Len(t, d[0].MessageIds, 10)
		require.Equal(t, []string{left[0].MessageId}, d[0].Failed)
		require.Equal(t, []string{left[1].MessageId}, d[1].Failed)
		require.Equal(t, []string{left[0].MessageId, left[1].MessageId}, d[2].MessageIds)
		require.Empty(t, d[2].Failed)
		require.Equal(t, arnPrefix+"consumer", d[2].FunctionArn)
		require.Equal(t, esmQueue, d[2].QueueArn)
		m := e.fake.Metrics("consumer", "")
		require.Equal(t, 3, m.Invocations)
		require.Equal(t, 0, m.Errors)
	})
}

// A function error leaves the whole batch; without ReportBatchItemFailures
// a listed failure means nothing.
func TestSQSDeliveryFunctionError(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &recorder{err: errors.New("boom"), fail: func(string) bool { return true }}
		e.fake.SetHandler("consumer", h.handle)
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue)})
		e.send(t, esmQueue, "a", "b")
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Len(t, e.fake.SQSMessages(esmQueue), 2)
		require.Equal(t, 1, e.fake.Metrics("consumer", "").Errors)
		d := e.fake.SQSDeliveries()
		require.Len(t, d, 1)
		require.Equal(t, "errorString", d[0].FunctionError) // the errorType of the function error
		require.Equal(t, d[0].MessageIds, d[0].Failed)
		e.clk.Add(30 * time.Second)
		h.err = nil // succeeds, lists failures, but the mapping does not report them
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Empty(t, e.fake.SQSMessages(esmQueue))
		require.Equal(t, [][]string{{"a", "b"}, {"a", "b"}}, h.batches)
	})
}

// The batching window is waited on the clock when the batch is not full.
func TestSQSDeliveryBatchingWindow(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &recorder{}
		e.fake.SetHandler("consumer", h.handle)
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue),
			BatchSize: aws.Int32(20), MaximumBatchingWindowInSeconds: aws.Int32(10)})
		e.send(t, esmQueue, bodiesOf(5)...)
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		e.clk.Add(9 * time.Second)
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		e.clk.Add(time.Second)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{bodiesOf(5)}, h.batches)
		e.send(t, esmQueue, bodiesOf(25)...) // a full batch goes at once
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Len(t, h.batches[1], 20)
	})
}

// Disabled mappings and deleted functions deliver nothing; the messages
// wait on the queue.
func TestSQSDeliveryDisabledAndDeletedFunction(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &recorder{}
		e.fake.SetHandler("consumer", h.handle)
		id := e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue),
			Enabled: aws.Bool(false)}).UUID
		e.send(t, esmQueue, "a")
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		_, err := e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: id, Enabled: aws.Bool(true)})
		require.NoError(t, err)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx)) // Enabling: the pollers take it as enabled
		require.Equal(t, "Enabled", aws.ToString(e.getESM(t, id).State))

		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("consumer")})
		require.NoError(t, err)
		e.send(t, esmQueue, "b")
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		require.Len(t, e.fake.SQSMessages(esmQueue), 1)
	})
}

// FilterCriteria: messages no filter matches are deleted without an
// invocation (recorded patterns of test_sqs_event_filter).
func TestSQSDeliveryFilters(t *testing.T) {
	cases := []struct {
		pattern      string
		match, other string
	}{
		{`{"body":{"testItem":["test24"]}}`, `{"testItem":"test24"}`, `{"testItem":"test25"}`},
		{`{"body":{"testItem":["test24","test45"]}}`, `{"testItem":"test45"}`, `{"testItem":"x"}`},
		{`{"body":{"testItem":["test24","test45"],"test2":["go"]}}`, `{"testItem":"test24","test2":"go"}`, `{"testItem":"test24","test2":"stop"}`},
		{`{"body":{"test2":[{"exists":true}]}}`, `{"test2":1}`, `{"test3":1}`},
		{`{"body":{"test2":[{"numeric":[">",100]}]}}`, `{"test2":101}`, `{"test2":100}`},
		{`{"body":{"test2":[{"numeric":[">=",100,"<",200]}]}}`, `{"test2":100}`, `{"test2":200}`},
		{`{"body":{"test2":[{"prefix":"us-1"}]}}`, `{"test2":"us-1-a"}`, `{"test2":"eu-1"}`},
		{`{"body":{"test2":[{"anything-but":"x"}]}}`, `{"test2":"y"}`, `{"test2":"x"}`},
		{`{"body":{"test2":[{"exists":false}]}}`, `{"test3":1}`, `{"test2":1}`},
		{`{"body":["plain"]}`, `plain`, `{"a":1}`},
	}
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		h := &recorder{}
		e.fake.SetHandler("consumer", h.handle)
		for i, c := range cases {
			q := esmQueue + "-f" + strconv.Itoa(i)
			e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(q),
				FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(c.pattern)}}}})
			e.send(t, q, c.other, c.match)
			h.batches = nil
			require.Equal(t, 1, e.fake.RunEventSources(e.ctx), c.pattern)
			require.Equal(t, [][]string{{c.match}}, h.batches, c.pattern)
			require.Empty(t, e.fake.SQSMessages(q), c.pattern)
		}
	})
}

// The record as Lambda builds it: recorded,
// TestSQSEventSourceMapping::test_sqs_event_source_mapping events[0].
func TestSQSDeliveryEnvelope(t *testing.T) {
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		e = e.replay(t, esmSQSFile, "TestSQSEventSourceMapping::test_sqs_event_source_mapping")
		e.create("create-event-source-mapping-response")
		var got []map[string]any
		e.fake().SetHandler(e.m.bound["<resource:2>"], func(_ context.Context, p []byte) ([]byte, error) {
			var ev map[string]any
			require.NoError(t, json.Unmarshal(p, &ev))
			got = append(got, ev)
			return nil, nil
		})
		queue := "arn:aws:sqs:us-east-1:111111111111:" + e.m.bound["<resource:1>"]
		_, err := e.fake().SendSQSMessages(queue, fakelambda.SQSMessage{Body: `{"foo": "bar"}`})
		require.NoError(t, err)
		e.clk.Add(time.Second) // the recorded mapping's batching window
		require.Equal(t, 1, e.fake().RunEventSources(context.Background()))
		require.Len(t, got, 1)
		r := got[0]["Records"].([]any)[0].(map[string]any)
		attrs := r["attributes"].(map[string]any)
		// Recorded as names, not placeholders: a timestamp in ms and the sender.
		sent, err := strconv.ParseInt(attrs["SentTimestamp"].(string), 10, 64)
		require.NoError(t, err)
		require.Equal(t, e.clk.Now().Add(-time.Second).UnixMilli(), sent)
		require.NotEmpty(t, attrs["SenderId"])
		attrs["SentTimestamp"], attrs["SenderId"] = "sent-timestamp", "sender-id"
		// Received first when delivered, now.
		e.m.fix("<approximate-first-receive-timestamp>", strconv.FormatInt(e.clk.Now().UnixMilli(), 10))
		require.Equal(t, `{"foo": "bar"}`, r["body"])
		r["body"] = decodeJSON(t, r["body"].(string)) // as sent; the recorder stored it parsed
		e.checkValue("events[0]", e.recorded("events").([]any)[0], got[0])
		require.Empty(t, e.fake().SQSMessages(queue))
	})
}

// A malformed message is refused, and nothing is put on the queue.
func TestSQSSendRefusesMalformed(t *testing.T) {
	f := fakelambda.New()
	for _, c := range []struct {
		queue string
		msgs  []fakelambda.SQSMessage
	}{
		{"arn:aws:kinesis:us-east-1:123456789012:stream/s", []fakelambda.SQSMessage{{Body: "a"}}},
		{esmQueue, []fakelambda.SQSMessage{{Body: "a"}, {Body: ""}}},
		{esmQueue + ".fifo", []fakelambda.SQSMessage{{Body: "a"}}},
		{esmQueue, []fakelambda.SQSMessage{{Body: "a", MessageDeduplicationId: "d"}}},
		{esmQueue, []fakelambda.SQSMessage{{Body: "a", MessageAttributes: map[string]fakelambda.SQSMessageAttribute{"k": {DataType: "Bogus", StringValue: "v"}}}}},
		{esmQueue, []fakelambda.SQSMessage{{Body: "a", MessageAttributes: map[string]fakelambda.SQSMessageAttribute{"k": {DataType: "String"}}}}},
		{esmQueue, []fakelambda.SQSMessage{{Body: string(make([]byte, 262145))}}},
	} {
		_, err := f.SendSQSMessages(c.queue, c.msgs...)
		require.Error(t, err)
		require.Empty(t, f.SQSMessages(c.queue))
	}
}

// Delivery from another language: the control API puts messages on a
// queue, runs the pollers and shows what the queue holds.
func TestSQSDeliveryControlAPI(t *testing.T) {
	srv := fakelambda.NewServer(t)
	e := &env{fake: srv.Fake, client: newClient(srv.Fake), ctx: context.Background()}
	e.createFunction(t, "consumer")
	h := &recorder{}
	e.fake.SetHandler("consumer", h.handle)
	e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue)})
	post := func(path, body string) (int, map[string]any) {
		resp, err := srv.Client().Post(srv.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	req, err := http.NewRequest(http.MethodPut, srv.URL+"/_fakelambda/sqs/queues",
		strings.NewReader(`{"QueueArn":"`+esmQueue+`","VisibilityTimeout":"5s"}`))
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	code, out := post("/_fakelambda/sqs/messages", `{"QueueArn":"`+esmQueue+`","Messages":[{"Body":"a"},{"Body":"b","MessageAttributes":{"k":{"DataType":"Binary","BinaryValue":"AQI="}}}]}`)
	require.Equal(t, 200, code, out)
	require.Len(t, out["MessageIds"], 2)
	code, out = post("/_fakelambda/sqs/messages", `{"QueueArn":"`+esmQueue+`","Messages":[{"Body":""}]}`)
	require.Equal(t, 400, code)
	require.Contains(t, out["Message"], "the body is empty")

	resp, err = srv.Client().Get(srv.URL + "/_fakelambda/sqs/messages?QueueArn=" + esmQueue)
	require.NoError(t, err)
	var held struct{ Messages []fakelambda.QueuedSQSMessage }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&held))
	resp.Body.Close()
	require.Len(t, held.Messages, 2)
	require.Equal(t, []byte{1, 2}, held.Messages[1].MessageAttributes["k"].BinaryValue)

	code, out = post("/_fakelambda/event-sources/run", `{}`)
	require.Equal(t, 200, code)
	require.EqualValues(t, 1, out["Batches"])
	require.Equal(t, [][]string{{"a", "b"}}, h.batches)
	require.Empty(t, e.fake.SQSMessages(esmQueue))
}

// With no clock, inside a synctest bubble time.Sleep passes the batching
// window and the visibility timeout, instantly.
func TestSQSDeliverySynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "consumer")
		h := &recorder{err: errors.New("first time")}
		e.fake.SetHandler("consumer", h.handle)
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue),
			MaximumBatchingWindowInSeconds: aws.Int32(5)})
		e.send(t, esmQueue, "a")
		require.Equal(t, 0, fake.RunEventSources(e.ctx))
		time.Sleep(5 * time.Second)
		require.Equal(t, 1, fake.RunEventSources(e.ctx)) // fails: back after 30 s
		h.err = nil
		time.Sleep(29 * time.Second)
		require.Equal(t, 0, fake.RunEventSources(e.ctx))
		time.Sleep(6 * time.Second) // visible again after 30 s, then the window
		require.Equal(t, 1, fake.RunEventSources(e.ctx))
		require.Empty(t, fake.SQSMessages(esmQueue))
	})
}

// Recorded: test_report_batch_item_failures (SQS integration): a FIFO
// queue with a redrive policy (2 receives); the handler fails each message
// as often as its fail_attempts says and reports the failures; the records
// of both invocations are compared, and the message that failed twice ends
// in the dead-letter queue with its ID.
func TestSQSDeliveryRecordedBatchItemFailures(t *testing.T) {
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		ctx := context.Background()
		e = e.replay(t, esmSQSFile, "test_report_batch_item_failures")
		e.m.bind("<resource:1>", "resource-1.fifo")
		queue := "arn:aws:sqs:us-east-1:111111111111:resource-1.fifo"
		dlq := "arn:aws:sqs:us-east-1:111111111111:dlq.fifo"
		require.NoError(t, e.fake().SetSQSQueue(queue, fakelambda.SQSQueue{VisibilityTimeout: 10 * time.Second,
			MaxReceiveCount: 2, DeadLetterQueueArn: dlq}))
		e.create("create_event_source_mapping")
		var events []map[string]any
		e.fake().SetHandler(e.m.bound["<resource:2>"], func(_ context.Context, p []byte) ([]byte, error) {
			var ev map[string]any
			require.NoError(t, json.Unmarshal(p, &ev))
			events = append(events, ev)
			var failures []map[string]string
			for _, r := range ev["Records"].([]any) {
				r := r.(map[string]any)
				var body struct {
					FailAttempts int `json:"fail_attempts"`
				}
				require.NoError(t, json.Unmarshal([]byte(r["body"].(string)), &body))
				count, _ := strconv.Atoi(r["attributes"].(map[string]any)["ApproximateReceiveCount"].(string))
				if count <= body.FailAttempts {
					failures = append(failures, map[string]string{"itemIdentifier": r["messageId"].(string)})
				}
			}
			return json.Marshal(map[string]any{"batchItemFailures": failures})
		})
		var msgs []fakelambda.SQSMessage
		for i, fails := range []int{0, 1, 1, 2} {
			n := strconv.Itoa(i + 1)
			msgs = append(msgs, fakelambda.SQSMessage{Body: `{"message": ` + n + `, "fail_attempts": ` + strconv.Itoa(fails) + `}`,
				MessageGroupId: "1", MessageDeduplicationId: "dedup-" + n})
		}
		_, err := e.fake().SendSQSMessages(queue, msgs...)
		require.NoError(t, err)
		require.Equal(t, 1, e.fake().RunEventSources(ctx))
		e.clk.Add(10 * time.Second)
		require.Equal(t, 1, e.fake().RunEventSources(ctx))
		e.clk.Add(10 * time.Second)
		require.Equal(t, 0, e.fake().RunEventSources(ctx)) // message 4 moved to the dead-letter queue
		require.Len(t, events, 2)
		// Every message was received first by the first delivery, at epoch.
		e.m.fix("<approximate-first-receive-timestamp>", strconv.FormatInt(epoch.UnixMilli(), 10))
		for i, key := range []string{"first_invocation", "second_invocation"} {
			want := e.recorded(key).(map[string]any)["Messages"].([]any)[0].(map[string]any)["Body"].(map[string]any)["event"]
			for _, r := range events[i]["Records"].([]any) {
				r := r.(map[string]any)
				attrs := r["attributes"].(map[string]any)
				attrs["SentTimestamp"], attrs["SenderId"] = "sent-timestamp", "sender-id"
				r["body"] = decodeJSON(t, r["body"].(string)) // as sent; the recorder stored it parsed
				// This recording's records carry no md5OfMessageAttributes
				// (null in test_sqs_event_source_mapping's): not compared.
				require.Nil(t, r["md5OfMessageAttributes"])
				delete(r, "md5OfMessageAttributes")
			}
			e.checkValue(key, want, events[i])
		}
		require.Empty(t, e.fake().SQSMessages(queue))
		dead := e.fake().SQSMessages(dlq)
		require.Len(t, dead, 1)
		dlq0 := e.recorded("dlq_response").(map[string]any)["Messages"].([]any)[0].(map[string]any)
		e.checkValue("dlq_response.Messages[0]", map[string]any{"MessageId": dlq0["MessageId"], "Body": dlq0["Body"]},
			map[string]any{"MessageId": dead[0].MessageId, "Body": decodeJSON(t, dead[0].Body)})
	})
}

// FIFO: a message group with a message in flight (a failed one, until its
// visibility timeout) delivers nothing after it; other groups go on.
func TestSQSDeliveryFIFOGroups(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		queue := esmQueue + ".fifo"
		e.createFunction(t, "consumer")
		h := &recorder{fail: func(b string) bool { return b == "a1" }}
		e.fake.SetHandler("consumer", h.handle)
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(queue),
			BatchSize: aws.Int32(1), FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures}})
		_, err := e.fake.SendSQSMessages(queue, fakelambda.SQSMessage{Body: "a1", MessageGroupId: "a"},
			fakelambda.SQSMessage{Body: "a2", MessageGroupId: "a"}, fakelambda.SQSMessage{Body: "b1", MessageGroupId: "b"})
		require.NoError(t, err)
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"a1"}, {"b1"}}, h.batches)
		e.clk.Add(30 * time.Second)
		h.fail = nil
		require.Equal(t, 2, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"a1"}, {"a2"}}, h.batches[2:])
		q := e.fake.SQSMessages(queue)
		require.Empty(t, q)
	})
}

// Sending, delivering and changing mappings from several goroutines at
// once: for the race detector, and every message is delivered exactly
// once in the end.
func TestSQSDeliveryConcurrent(t *testing.T) {
	fake := fakelambda.New()
	e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
	e.createFunction(t, "consumer")
	var mu sync.Mutex
	seen := map[string]int{}
	fake.SetHandler("consumer", func(_ context.Context, p []byte) ([]byte, error) {
		var ev sqsEvent
		if err := json.Unmarshal(p, &ev); err != nil {
			return nil, err
		}
		mu.Lock()
		for _, r := range ev.Records {
			seen[r.Body]++
		}
		mu.Unlock()
		return nil, nil
	})
	id := e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue)}).UUID
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				_, err := fake.SendSQSMessages(esmQueue, fakelambda.SQSMessage{Body: strconv.Itoa(w*1000 + i)})
				if err != nil {
					t.Error(err)
				}
				fake.RunEventSources(context.Background())
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			_, _ = e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: id, BatchSize: aws.Int32(3)})
			_, _ = e.client.GetEventSourceMapping(e.ctx, &lambda.GetEventSourceMappingInput{UUID: id})
			_, _ = e.client.ListEventSourceMappings(e.ctx, &lambda.ListEventSourceMappingsInput{})
		}
	})
	wg.Wait()
	fake.RunEventSources(e.ctx)
	require.Empty(t, fake.SQSMessages(esmQueue))
	require.Len(t, seen, 200)
	for b, n := range seen {
		require.Equal(t, 1, n, b)
	}
}

// decodeJSON decodes JSON text s.
func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), "%q", s)
	return v
}

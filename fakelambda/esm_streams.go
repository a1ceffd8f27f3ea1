package fakelambda

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Delivery from Kinesis and DynamoDB streams to functions through event
// source mappings. The fake has no Kinesis or DynamoDB API: a test puts
// records on a stream with PutKinesisRecords or PutDynamoDBRecords
// (esm_dynamodb.go), then RunEventSources runs the stream mappings'
// pollers with the SQS ones, on the caller's goroutine. A stream has one
// shard ("shardId-000000000000") and keeps records for 24 hours on the
// fake's clock. Each mapping reads from its own checkpoint, which starts
// at its StartingPosition: TRIM_HORIZON (the oldest record kept), LATEST
// (the first record put after the mapping was created) or AT_TIMESTAMP.
//
// A poller delivers up to BatchSize records once the batch is full or its
// first record has waited MaximumBatchingWindowInSeconds on the clock.
// Records no filter of FilterCriteria matches are passed without an
// invocation. After a successful batch the checkpoint moves past it and
// the mapping's LastProcessingResult becomes "OK". A function error (or an
// invalid ReportBatchItemFailures response) retries the batch, at once, up
// to MaximumRetryAttempts times; with -1 (the default) it is retried at
// each later RunEventSources call until its records expire. With
// BisectBatchOnFunctionError a failed batch is retried in halves. With
// ReportBatchItemFailures the checkpoint moves to the first failed record
// (the itemIdentifier is a sequence number) and the rest is retried.
// Records older than MaximumRecordAgeInSeconds (or 24 hours) are dropped.
// A batch given up on (retries exhausted, records expired) yields an
// on-failure record in AWS's shape: put on the OnFailure destination when
// that is an SQS queue (read it with SQSMessages), and kept in
// StreamDeliveries in any case.

// KinesisRecord is a record to put on a Kinesis stream.
type KinesisRecord struct {
	PartitionKey string
	Data         []byte
}

// kinesisDataLimit is Kinesis's largest record: 1 MiB (data and key).
const kinesisDataLimit = 1 << 20

// PutKinesisRecords puts recs on the Kinesis stream streamArn
// (arn:aws:kinesis:<region>:<account>:stream/<name>), at the fake's now,
// and returns their sequence numbers. A malformed record refuses the whole
// call and changes nothing.
func (f *Fake) PutKinesisRecords(streamArn string, recs ...KinesisRecord) ([]string, error) {
	if state.ESMKind(streamArn) != state.ESMKinesis {
		return nil, fmt.Errorf("fakelambda: %q is not a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)", streamArn)
	}
	in := make([]state.StreamRecord, len(recs))
	for i, r := range recs {
		if r.PartitionKey == "" || len(r.PartitionKey) > 256 {
			return nil, fmt.Errorf("fakelambda: record %d: the partition key must be 1 to 256 characters", i)
		}
		if len(r.Data)+len(r.PartitionKey) > kinesisDataLimit {
			return nil, fmt.Errorf("fakelambda: record %d: data and partition key are %d bytes, over Kinesis's %d", i, len(r.Data)+len(r.PartitionKey), kinesisDataLimit)
		}
		in[i] = state.StreamRecord{PartitionKey: r.PartitionKey, Data: r.Data}
	}
	parts := strings.Split(streamArn, ":")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.store.Region(parts[4], parts[3]).PutStreamRecords(streamArn, in, f.now()), nil
}

// StreamRecord is a record a stream holds.
type StreamRecord struct {
	SequenceNumber string
	ArrivedAt      time.Time
	PartitionKey   string // Kinesis
	Data           []byte // Kinesis
	EventName      string // DynamoDB
}

// StreamRecords returns the records the stream streamArn holds, oldest
// first (delivered or not: a stream keeps its records for every mapping).
func (f *Fake) StreamRecords(streamArn string) []StreamRecord {
	if state.ESMKind(streamArn) == "" {
		return nil
	}
	parts := strings.Split(streamArn, ":")
	f.mu.Lock()
	recs := f.store.Region(parts[4], parts[3]).StreamRecords(streamArn)
	f.mu.Unlock()
	out := make([]StreamRecord, len(recs))
	for i, r := range recs {
		out[i] = StreamRecord{SequenceNumber: r.SequenceNumber, ArrivedAt: r.ArrivedAt, PartitionKey: r.PartitionKey, Data: r.Data, EventName: r.EventName}
	}
	return out
}

// StreamDelivery is one batch a stream poller delivered to a function, or
// a batch it gave up on.
type StreamDelivery struct {
	UUID            string // the event source mapping's
	StreamArn       string
	FunctionArn     string // as the mapping names it
	At              time.Time
	SequenceNumbers []string // the batch, in order
	// Processed is how many records of the batch, from the first, the
	// checkpoint passed as processed: all on success, those before the
	// first failure with ReportBatchItemFailures, none after a function
	// error.
	Processed     int
	FunctionError string // the function error's errorType, "" when the handler succeeded
	// Condition is "RetryAttemptsExhausted" or "RecordAgeExceeded" when the
	// checkpoint passed the batch unprocessed; OnFailure is then the
	// on-failure record (JSON, as Lambda sends it to the OnFailure
	// destination) and Destination that destination ("" for none).
	Condition   string
	OnFailure   string
	Destination string
}

// StreamDeliveries returns every stream batch delivered or given up on so
// far (since New or Reset), region by region, oldest first.
func (f *Fake) StreamDeliveries() []StreamDelivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []StreamDelivery
	for _, r := range f.store.Regions() {
		for _, d := range r.StreamDeliveries() {
			out = append(out, StreamDelivery{UUID: d.UUID, StreamArn: d.Stream, FunctionArn: d.FunctionArn, At: d.At,
				SequenceNumbers: d.SequenceNumbers, Processed: d.Processed, FunctionError: d.FunctionError,
				Condition: d.Condition, OnFailure: d.OnFailure, Destination: d.Destination})
		}
	}
	return out
}

// streamRun is a RunEventSources call's memory: mappings whose batch
// failed with unlimited retries wait for the next call.
type streamRun struct {
	stalled map[string]bool
}

// runStreams runs each stream poller until it has nothing to deliver; it
// reports the invocations, whether anything happened, and false ok when
// the fake was reset or ctx ended.
func (f *Fake) runStreams(ctx context.Context, st *state.Store, run *streamRun) (ran int, progressed, ok bool) {
	f.mu.Lock()
	if f.store != st || ctx.Err() != nil {
		f.mu.Unlock()
		return 0, false, false
	}
	type work struct {
		r *state.Region
		p state.StreamPoller
	}
	var todo []work
	for _, r := range st.Regions() {
		for _, p := range r.StreamPollers(f.now()) {
			todo = append(todo, work{r, p})
		}
	}
	f.mu.Unlock()
	for _, w := range todo {
		for !run.stalled[w.p.UUID] {
			did, invoked, ok := f.deliverStream(ctx, st, w.r, w.p, run)
			if !ok {
				return ran, progressed, false
			}
			if !did {
				break
			}
			progressed = true
			if invoked {
				ran++
			}
		}
	}
	return ran, progressed, true
}

// kinesisShard is the one shard of a fake stream.
const kinesisShard = "shardId-000000000000"

// deliverStream takes one step of p: drops expired records, skips
// filtered ones, or delivers a batch. did is false when there was nothing
// to do.
func (f *Fake) deliverStream(ctx context.Context, st *state.Store, r *state.Region, p state.StreamPoller, run *streamRun) (did, invoked, ok bool) {
	f.mu.Lock()
	if f.store != st || ctx.Err() != nil {
		f.mu.Unlock()
		return false, false, false
	}
	now := f.now()
	expired, batch, attempt := r.StreamBatch(p, now)
	if len(expired) > 0 {
		f.seq++
		// approximateInvokeCount counts the invocation that would have been
		// next: 1 for records expired before any (recorded:
		// test_kinesis_maximum_record_age_exceeded[expire-before-ingestion]).
		f.streamGiveUp(r, p, expired, "RecordAgeExceeded", attempt+1, f.uuid(f.seq), nil, now)
		f.mu.Unlock()
		return true, false, true
	}
	if len(batch) == 0 {
		f.mu.Unlock()
		return false, false, true
	}
	role := r.FunctionRole(p.Function, "$LATEST")
	events := make([][]byte, 0, len(batch))
	kept := batch[:0:0]
	for _, rec := range batch {
		ev := streamEvent(p, r.Name(), role, rec)
		if len(p.FilterPatterns) > 0 && !matchesDocument(p.FilterPatterns, ev, p.Kind) {
			continue // dropped, as Lambda does
		}
		events = append(events, ev)
		kept = append(kept, rec)
	}
	if len(kept) == 0 {
		r.StreamSkip(p, len(batch))
		f.mu.Unlock()
		return true, false, true
	}
	t, se := r.Resolve(p.Function, p.Qualifier, state.Lookup{})
	if se != nil {
		f.mu.Unlock()
		return false, false, true
	}
	invokedQ := p.Qualifier
	if invokedQ == "" {
		invokedQ = "$LATEST"
	}
	if r.ReservedZero(p.Function) {
		r.CountThrottle(p.Function, invokedQ, t.Version)
		run.stalled[p.UUID] = true
		f.mu.Unlock()
		return true, false, true
	}
	payload := append([]byte(`{"Records":[`), bytes.Join(events, []byte(","))...)
	payload = append(payload, "]}"...)
	var out handlerOutcome
	var reqID string // of the give-up record
	if cfg, durable := f.isDurable(r, r.Account(), r.Name(), p.Function, invokedQ, t.Version); durable {
		f.seq++
		reqID = f.uuid(f.seq)
		out = f.invokeDurableESM(ctx, r, p.Function, invokedQ, t.Version, cfg, payload) // releases f.mu
	} else {
		s, se := r.Admit(p.Function, invokedQ, t.Version, now)
		if se != nil { // throttled: retried at the next run
			run.stalled[p.UUID] = true
			f.mu.Unlock()
			return true, false, true
		}
		h := f.inv.handlerFor(r.Account(), r.Name(), p.Function, invokedQ, t.Version)
		f.seq++
		reqID = f.uuid(f.seq)
		f.mu.Unlock()
		out = f.execute(ctx, r, s, h, queuedInfo(r, p.Function, invokedQ, reqID), payload)
	}

	// How many records of the whole batch (filtered ones included) were
	// processed: all, up to the first failure, or none.
	done := len(batch)
	if out.errType != "" {
		done = 0
	} else if p.ReportFailures {
		first, valid := streamItemFailure(out.payload, kept)
		switch {
		case !valid:
			done = 0
		case first >= 0:
			done = 0
			for i, rec := range batch {
				if rec.SequenceNumber == kept[first].SequenceNumber {
					done = i
					break
				}
			}
		}
	}
	seqs := make([]string, len(kept))
	for i, rec := range kept {
		seqs[i] = rec.SequenceNumber
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.store != st {
		return true, true, true
	}
	exhausted, attempts := r.StreamResult(p, state.StreamOutcome{N: len(batch), Done: done})
	r.LogStreamDelivery(state.StreamDelivery{UUID: p.UUID, Stream: p.Stream, FunctionArn: p.FunctionArn, At: now,
		SequenceNumbers: seqs, Processed: processedOf(kept, batch, done), FunctionError: out.errType})
	switch {
	case exhausted:
		resp := &streamResponse{StatusCode: 200, ExecutedVersion: t.Version}
		if out.errType != "" {
			resp.FunctionError = ptr("Unhandled")
		}
		f.streamGiveUp(r, p, batch[done:], "RetryAttemptsExhausted", attempts, reqID, resp, now)
	case done < len(batch) && p.MaxRetries < 0:
		run.stalled[p.UUID] = true
	}
	return true, true, true
}

func ptr[T any](v T) *T { return &v }

// processedOf counts the kept (delivered) records among the first done
// of batch.
func processedOf(kept, batch []state.StreamRecord, done int) int {
	n := 0
	for _, rec := range batch[:done] {
		for _, k := range kept {
			if k.SequenceNumber == rec.SequenceNumber {
				n++
				break
			}
		}
	}
	return n
}

// streamItemFailure reads a ReportBatchItemFailures response: the index
// in recs of the first failed record (-1 for none), and whether the
// response is valid. As for SQS, an itemIdentifier that is empty, null,
// missing or not in the batch fails the whole batch; an empty, null or {}
// response, or an empty list, succeeds.
func streamItemFailure(payload []byte, recs []state.StreamRecord) (int, bool) {
	if len(payload) == 0 || string(payload) == "null" {
		return -1, true
	}
	var resp struct {
		BatchItemFailures []map[string]any `json:"batchItemFailures"`
	}
	if err := json.Unmarshal(payload, &resp); err != nil {
		return -1, true
	}
	first := -1
	for _, item := range resp.BatchItemFailures {
		id, _ := item["itemIdentifier"].(string)
		i := -1
		for j, rec := range recs {
			if rec.SequenceNumber == id {
				i = j
				break
			}
		}
		if id == "" || i < 0 {
			return -1, false
		}
		if first < 0 || i < first {
			first = i
		}
	}
	return first, true
}

// streamResponse is an on-failure record's responseContext.
type streamResponse struct {
	StatusCode      int     `json:"statusCode"`
	ExecutedVersion string  `json:"executedVersion"`
	FunctionError   *string `json:"functionError"`
}

// streamGiveUp logs the on-failure record of recs and sends it to p's
// destination when that is an SQS queue. f.mu is held.
func (f *Fake) streamGiveUp(r *state.Region, p state.StreamPoller, recs []state.StreamRecord, condition string, attempts int, reqID string, resp *streamResponse, now time.Time) {
	if len(recs) == 0 {
		return
	}
	body := onFailureRecord(p, recs, condition, attempts, reqID, resp, now)
	seqs := make([]string, len(recs))
	for i, rec := range recs {
		seqs[i] = rec.SequenceNumber
	}
	r.LogStreamDelivery(state.StreamDelivery{UUID: p.UUID, Stream: p.Stream, FunctionArn: p.FunctionArn, At: now,
		SequenceNumbers: seqs, Condition: condition, OnFailure: string(body), Destination: p.Destination})
	if state.IsSQSQueueArn(p.Destination) {
		parts := strings.Split(p.Destination, ":")
		sum := md5.Sum(body)
		f.store.Region(parts[4], parts[3]).SendSQSMessages(p.Destination,
			[]state.SQSMessage{{Body: string(body), MD5OfBody: hex.EncodeToString(sum[:])}}, now)
	}
}

// onFailureRecord is the record Lambda sends to a stream mapping's
// OnFailure destination (recorded:
// test_kinesis_event_source_mapping_with_on_failure_destination_config,
// test_kinesis_maximum_record_age_exceeded): no responseContext when the
// records expired.
func onFailureRecord(p state.StreamPoller, recs []state.StreamRecord, condition string, attempts int, reqID string, resp *streamResponse, now time.Time) []byte {
	type requestContext struct {
		RequestID              string `json:"requestId"`
		FunctionArn            string `json:"functionArn"`
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	}
	type batchInfo struct {
		ShardID                         string `json:"shardId"`
		StartSequenceNumber             string `json:"startSequenceNumber"`
		EndSequenceNumber               string `json:"endSequenceNumber"`
		ApproximateArrivalOfFirstRecord string `json:"approximateArrivalOfFirstRecord"`
		ApproximateArrivalOfLastRecord  string `json:"approximateArrivalOfLastRecord"`
		BatchSize                       int    `json:"batchSize"`
		StreamArn                       string `json:"streamArn"`
	}
	type kinesisRecord struct {
		RequestContext   requestContext  `json:"requestContext"`
		ResponseContext  *streamResponse `json:"responseContext,omitempty"`
		Version          string          `json:"version"`
		Timestamp        string          `json:"timestamp"`
		KinesisBatchInfo batchInfo       `json:"KinesisBatchInfo"`
	}
	type ddbRecord struct {
		RequestContext     requestContext  `json:"requestContext"`
		ResponseContext    *streamResponse `json:"responseContext,omitempty"`
		Version            string          `json:"version"`
		Timestamp          string          `json:"timestamp"`
		DDBStreamBatchInfo batchInfo       `json:"DDBStreamBatchInfo"`
	}
	first, last := recs[0], recs[len(recs)-1]
	rc := requestContext{RequestID: reqID, FunctionArn: p.FunctionArn, Condition: condition, ApproximateInvokeCount: attempts}
	if p.Kind == state.ESMDynamoDB {
		// Recorded: DDBStreamBatchInfo, arrival times to the second.
		return marshalNoEscape(ddbRecord{RequestContext: rc, ResponseContext: resp, Version: "1.0", Timestamp: isoMillis(now),
			DDBStreamBatchInfo: batchInfo{ShardID: ddbShard(p.Stream), StartSequenceNumber: first.SequenceNumber,
				EndSequenceNumber: last.SequenceNumber, ApproximateArrivalOfFirstRecord: first.ArrivedAt.UTC().Format(time.RFC3339),
				ApproximateArrivalOfLastRecord: last.ArrivedAt.UTC().Format(time.RFC3339), BatchSize: len(recs), StreamArn: p.Stream}})
	}
	rec := kinesisRecord{
		RequestContext:  rc,
		ResponseContext: resp,
		Version:         "1.0",
		Timestamp:       isoMillis(now),
		KinesisBatchInfo: batchInfo{ShardID: kinesisShard, StartSequenceNumber: first.SequenceNumber,
			EndSequenceNumber: last.SequenceNumber, ApproximateArrivalOfFirstRecord: isoMillis(first.ArrivedAt),
			ApproximateArrivalOfLastRecord: isoMillis(last.ArrivedAt), BatchSize: len(recs), StreamArn: p.Stream},
	}
	return marshalNoEscape(rec)
}

func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// marshalNoEscape is json.Marshal without HTML escaping, as Lambda sends
// JSON.
func marshalNoEscape(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// streamEvent is one record of a stream event, as Lambda builds it
// (recorded: TestKinesisSource's kinesis_events, members in Lambda's
// order).
func streamEvent(p state.StreamPoller, region, role string, rec state.StreamRecord) []byte {
	if p.Kind == state.ESMDynamoDB {
		return dynamoDBEvent(p, region, rec)
	}
	type kinesisData struct {
		KinesisSchemaVersion        string  `json:"kinesisSchemaVersion"`
		PartitionKey                string  `json:"partitionKey"`
		SequenceNumber              string  `json:"sequenceNumber"`
		Data                        string  `json:"data"`
		ApproximateArrivalTimestamp float64 `json:"approximateArrivalTimestamp"`
	}
	type kinesisEvent struct {
		Kinesis           kinesisData `json:"kinesis"`
		EventSource       string      `json:"eventSource"`
		EventVersion      string      `json:"eventVersion"`
		EventID           string      `json:"eventID"`
		EventName         string      `json:"eventName"`
		InvokeIdentityArn string      `json:"invokeIdentityArn"`
		AwsRegion         string      `json:"awsRegion"`
		EventSourceARN    string      `json:"eventSourceARN"`
	}
	return marshalNoEscape(kinesisEvent{
		Kinesis: kinesisData{KinesisSchemaVersion: "1.0", PartitionKey: rec.PartitionKey, SequenceNumber: rec.SequenceNumber,
			Data: base64.StdEncoding.EncodeToString(rec.Data), ApproximateArrivalTimestamp: epoch(rec.ArrivedAt)},
		EventSource: "aws:kinesis", EventVersion: "1.0", EventID: kinesisShard + ":" + rec.SequenceNumber,
		EventName: "aws:kinesis:record", InvokeIdentityArn: role, AwsRegion: region, EventSourceARN: p.Stream,
	})
}

// matchesDocument reports whether the event record ev matches one of the
// filter patterns, with the SQS matcher. A Kinesis record's members
// (partitionKey, sequenceNumber, data, ...) are matched at the top of the
// pattern, as AWS documents and TestKinesisEventFiltering recorded
// ({"data":{"event_type":[...]}}); data as the JSON document it holds when
// it holds one, else as its base64 text.
func matchesDocument(patterns []string, ev []byte, kind string) bool {
	var doc map[string]any
	if json.Unmarshal(ev, &doc) != nil {
		return false
	}
	if kind == state.ESMKinesis {
		if k, ok := doc["kinesis"].(map[string]any); ok {
			s, _ := k["data"].(string)
			raw, _ := base64.StdEncoding.DecodeString(s)
			var data any
			if json.Unmarshal(raw, &data) == nil {
				k["data"] = data
			}
			for key, v := range k { // patterns name the record's members at the top
				doc[key] = v
			}
		}
	}
	for _, p := range patterns {
		var pat map[string]any
		if json.Unmarshal([]byte(p), &pat) == nil && matchObject(pat, doc) {
			return true
		}
	}
	return false
}

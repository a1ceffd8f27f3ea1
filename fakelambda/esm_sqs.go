package fakelambda

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Delivery from SQS queues to functions through event source mappings.
// The fake has no SQS API: a test puts messages on a queue with
// SendSQSMessages, then RunEventSources runs the mappings' pollers on the
// caller's goroutine, the way RunQueued runs async events: batches of up to
// BatchSize messages, the batching window waited on the fake's clock, the
// event envelope as Lambda builds it, FilterCriteria applied, and
// ReportBatchItemFailures honoured. Messages a batch failed to process come
// back once the queue's visibility timeout (30 s, SQS's default, unless
// SetSQSQueue says otherwise) has passed on the clock, or move to its
// dead-letter queue after MaxReceiveCount receives. On a FIFO queue (an
// ARN ending in ".fifo") a message group with a message in flight delivers
// nothing after it.

// SQSMessage is a message to put on a queue.
type SQSMessage struct {
	Body string
	// MessageGroupId and MessageDeduplicationId: FIFO queues (a queue ARN
	// ending in ".fifo") need MessageGroupId.
	MessageGroupId         string
	MessageDeduplicationId string
	MessageAttributes      map[string]SQSMessageAttribute
}

// SQSMessageAttribute is a message attribute: DataType "String", "Number"
// or "Binary" (maybe with a ".custom" suffix) and its value.
type SQSMessageAttribute struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

// QueuedSQSMessage is a message a queue still holds.
type QueuedSQSMessage struct {
	SQSMessage
	MessageId    string
	ReceiveCount int       // deliveries so far
	SentAt       time.Time // when SendSQSMessages put it there
	VisibleAt    time.Time // when a poller can receive it (again)
}

// SQSQueue configures a queue. Zero values keep SQS's defaults.
type SQSQueue struct {
	// VisibilityTimeout is how long a received message stays invisible
	// (default 30 s): a failed batch's messages come back after it.
	VisibilityTimeout time.Duration
	// MaxReceiveCount and DeadLetterQueueArn are the queue's redrive
	// policy: a message received MaxReceiveCount times moves to the
	// dead-letter queue instead of being received again.
	MaxReceiveCount    int
	DeadLetterQueueArn string
}

// SetSQSQueue configures the queue queueArn (created empty if need be).
func (f *Fake) SetSQSQueue(queueArn string, q SQSQueue) error {
	if !state.IsSQSQueueArn(queueArn) {
		return fmt.Errorf("fakelambda: %q is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)", queueArn)
	}
	if q.VisibilityTimeout < 0 || q.VisibilityTimeout > 12*time.Hour {
		return fmt.Errorf("fakelambda: VisibilityTimeout %v is outside SQS's 0 to 12 hours", q.VisibilityTimeout)
	}
	if (q.MaxReceiveCount > 0) != (q.DeadLetterQueueArn != "") || q.MaxReceiveCount < 0 {
		return errors.New("fakelambda: a redrive policy needs both MaxReceiveCount (1 or more) and DeadLetterQueueArn")
	}
	if q.DeadLetterQueueArn != "" && !state.IsSQSQueueArn(q.DeadLetterQueueArn) {
		return fmt.Errorf("fakelambda: %q is not an SQS queue ARN", q.DeadLetterQueueArn)
	}
	parts := strings.Split(queueArn, ":")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store.Region(parts[4], parts[3]).SetSQSQueue(queueArn, state.SQSQueueConfig{VisibilityTimeout: q.VisibilityTimeout,
		MaxReceiveCount: q.MaxReceiveCount, DeadLetterTargetArn: q.DeadLetterQueueArn})
	return nil
}

// SQSDelivery is one batch RunEventSources delivered to a function.
type SQSDelivery struct {
	UUID        string // the event source mapping's
	QueueArn    string
	FunctionArn string // as the mapping names it
	At          time.Time
	MessageIds  []string // the batch, in order
	// Failed are the messages the batch left on the queue: those a
	// ReportBatchItemFailures response listed, or all of them after a
	// function error or an invalid response.
	Failed        []string
	FunctionError string // the function error's errorType (as Invoke answers it), "" when the handler succeeded
}

// SQSDeliveries returns every batch delivered so far (since New or Reset),
// region by region, oldest first.
func (f *Fake) SQSDeliveries() []SQSDelivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SQSDelivery
	for _, r := range f.store.Regions() {
		for _, d := range r.SQSDeliveries() {
			out = append(out, SQSDelivery{UUID: d.UUID, QueueArn: d.Queue, FunctionArn: d.FunctionArn, At: d.At,
				MessageIds: d.MessageIDs, Failed: d.Failed, FunctionError: d.FunctionError})
		}
	}
	return out
}

// sqsBodyLimit is SQS's largest message: 256 KiB.
const sqsBodyLimit = 262144

// SendSQSMessages puts msgs on the queue queueArn (in that ARN's region and
// account) and returns their message IDs. A malformed message refuses the
// whole call and changes nothing.
func (f *Fake) SendSQSMessages(queueArn string, msgs ...SQSMessage) ([]string, error) {
	if !state.IsSQSQueueArn(queueArn) {
		return nil, fmt.Errorf("fakelambda: %q is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)", queueArn)
	}
	fifo := strings.HasSuffix(queueArn, ".fifo")
	in := make([]state.SQSMessage, len(msgs))
	for i, m := range msgs {
		if m.Body == "" {
			return nil, fmt.Errorf("fakelambda: message %d: the body is empty", i)
		}
		if len(m.Body) > sqsBodyLimit {
			return nil, fmt.Errorf("fakelambda: message %d: the body is %d bytes, over SQS's %d", i, len(m.Body), sqsBodyLimit)
		}
		if fifo && m.MessageGroupId == "" {
			return nil, fmt.Errorf("fakelambda: message %d: a FIFO queue needs MessageGroupId", i)
		}
		if !fifo && m.MessageDeduplicationId != "" {
			return nil, fmt.Errorf("fakelambda: message %d: MessageDeduplicationId is for FIFO queues only", i)
		}
		sum := md5.Sum([]byte(m.Body))
		sm := state.SQSMessage{Body: m.Body, MD5OfBody: hex.EncodeToString(sum[:])}
		if m.MessageGroupId != "" || m.MessageDeduplicationId != "" {
			sm.Attributes = map[string]string{}
			if m.MessageGroupId != "" {
				sm.Attributes["MessageGroupId"] = m.MessageGroupId
			}
			if m.MessageDeduplicationId != "" {
				sm.Attributes["MessageDeduplicationId"] = m.MessageDeduplicationId
			}
		}
		if len(m.MessageAttributes) > 10 {
			return nil, fmt.Errorf("fakelambda: message %d: %d message attributes, over SQS's 10", i, len(m.MessageAttributes))
		}
		for name, a := range m.MessageAttributes {
			base, _, _ := strings.Cut(a.DataType, ".")
			switch {
			case name == "":
				return nil, fmt.Errorf("fakelambda: message %d: a message attribute has no name", i)
			case base == "String" || base == "Number":
				if a.StringValue == "" {
					return nil, fmt.Errorf("fakelambda: message %d: attribute %q: a %s needs StringValue", i, name, base)
				}
			case base == "Binary":
				if len(a.BinaryValue) == 0 {
					return nil, fmt.Errorf("fakelambda: message %d: attribute %q: a Binary needs BinaryValue", i, name)
				}
			default:
				return nil, fmt.Errorf("fakelambda: message %d: attribute %q: DataType %q is not String, Number or Binary", i, name, a.DataType)
			}
			if sm.MessageAttributes == nil {
				sm.MessageAttributes = map[string]state.SQSAttribute{}
			}
			sm.MessageAttributes[name] = state.SQSAttribute{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
		}
		in[i] = sm
	}
	parts := strings.Split(queueArn, ":")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.store.Region(parts[4], parts[3]).SendSQSMessages(queueArn, in, f.now()), nil
}

// SQSMessages returns what the queue queueArn still holds, in send order:
// messages not delivered yet, in flight, or back after a failure.
func (f *Fake) SQSMessages(queueArn string) []QueuedSQSMessage {
	if !state.IsSQSQueueArn(queueArn) {
		return nil
	}
	parts := strings.Split(queueArn, ":")
	f.mu.Lock()
	msgs := f.store.Region(parts[4], parts[3]).SQSMessages(queueArn)
	f.mu.Unlock()
	out := make([]QueuedSQSMessage, len(msgs))
	for i, m := range msgs {
		q := QueuedSQSMessage{MessageId: m.MessageID, ReceiveCount: m.ReceiveCount, SentAt: m.SentAt, VisibleAt: m.VisibleAt}
		q.Body = m.Body
		q.MessageGroupId, q.MessageDeduplicationId = m.Attributes["MessageGroupId"], m.Attributes["MessageDeduplicationId"]
		for k, a := range m.MessageAttributes {
			if q.MessageAttributes == nil {
				q.MessageAttributes = map[string]SQSMessageAttribute{}
			}
			q.MessageAttributes[k] = SQSMessageAttribute{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
		}
		out[i] = q
	}
	return out
}

// RunEventSources runs the pollers of the enabled SQS, Kinesis and
// DynamoDB stream event source mappings (streams: esm_streams.go,
// PutKinesisRecords, PutDynamoDBRecords) on the caller's goroutine until
// none has a batch to deliver at the fake's now, and returns the number of batches delivered (each one an
// invocation of the mapping's function, in Metrics). A poller delivers when
// BatchSize messages are visible or the oldest visible one has waited
// MaximumBatchingWindowInSeconds; advance the clock to let the window or a
// visibility timeout pass. A mapping still Creating or Enabling is taken as
// enabled (the pollers observe the transition), unless
// WithEventSourceMappingDelay holds it on the clock. A disabled or deleted
// mapping, or one whose function is gone, delivers nothing; its messages
// stay on the queue.
//
// A batch's messages are deleted when the handler succeeds, but those its
// ReportBatchItemFailures response lists; a function error (or an invalid
// batchItemFailures response) leaves the whole batch, visible again after
// the visibility timeout. Messages no filter of FilterCriteria matches are
// deleted without an invocation, as Lambda does. A throttled batch stays
// in flight until the visibility timeout passes. A durable function's
// batch starts a durable execution the mapping waits for (durable_esm.go).
func (f *Fake) RunEventSources(ctx context.Context) int {
	ran := 0
	run := &streamRun{stalled: map[string]bool{}} // Kinesis and DynamoDB (esm_streams.go)
	f.mu.Lock()
	st := f.store
	f.mu.Unlock()
	for {
		progressed := false
		f.mu.Lock()
		if f.store != st || ctx.Err() != nil {
			f.mu.Unlock()
			return ran
		}
		now := f.now()
		type work struct {
			r *state.Region
			p state.SQSPoller
		}
		var todo []work
		for _, r := range st.Regions() {
			for _, p := range r.SQSPollers(now) {
				if r.SQSPending(p, now) {
					todo = append(todo, work{r, p})
				}
			}
		}
		f.mu.Unlock()
		for _, w := range todo {
			for { // this poller's batches, while it has some
				received, delivered, ok := f.deliverSQS(ctx, st, w.r, w.p)
				if !ok {
					return ran
				}
				if !received {
					break
				}
				if delivered {
					ran++
				}
				progressed = true
			}
		}
		n, moved, ok := f.runStreams(ctx, st, run)
		ran += n
		if !ok {
			return ran
		}
		if !progressed && !moved {
			return ran
		}
	}
}

// deliverSQS receives and delivers one batch of p. It reports whether it
// received messages, whether an invocation ran, and false ok when the fake
// was reset or ctx ended. A throttled batch is received but not delivered:
// it stays in flight.
func (f *Fake) deliverSQS(ctx context.Context, st *state.Store, r *state.Region, p state.SQSPoller) (received, delivered, ok bool) {
	f.mu.Lock()
	if f.store != st || ctx.Err() != nil {
		f.mu.Unlock()
		return false, false, false
	}
	now := f.now()
	batch := r.ReceiveSQS(p, now)
	if len(batch) == 0 {
		f.mu.Unlock()
		return false, false, true
	}
	records := make([]sqsRecord, 0, len(batch))
	var dropped []string
	for _, m := range batch {
		rec := newSQSRecord(p, r.Name(), r.Account(), m)
		if !matchesFilters(p.FilterPatterns, rec) {
			dropped = append(dropped, m.MessageID)
			continue
		}
		records = append(records, rec)
	}
	r.DeleteSQS(p.Queue, dropped)
	if len(records) == 0 {
		f.mu.Unlock()
		return true, false, true
	}
	t, se := r.Resolve(p.Function, p.Qualifier, state.Lookup{Invoke: true}) // unqualified, a bound function runs $LATEST.PUBLISHED
	if se != nil {
		f.mu.Unlock()
		return true, false, true
	}
	invoked := p.Qualifier
	if invoked == "" {
		invoked = "$LATEST"
	}
	if r.ReservedZero(p.Function) {
		r.CountThrottle(p.Function, invoked, t.Version)
		f.mu.Unlock()
		return true, false, true
	}
	payload := appendSQSEvent(make([]byte, 0, 512*len(records)), records)
	var out handlerOutcome
	cfg, durable := f.isDurable(r, r.Account(), r.Name(), p.Function, invoked, t.Version)
	if durable {
		out = f.invokeDurableESM(ctx, r, p.Function, invoked, t.Version, cfg, payload) // releases f.mu
	} else {
		s, se := r.Admit(p.Function, invoked, t.Version, now)
		if se != nil { // throttled: the batch stays in flight until its visibility timeout
			f.mu.Unlock()
			return true, false, true
		}
		h := f.inv.handlerFor(r.Account(), r.Name(), p.Function, invoked, t.Version)
		f.seq++
		reqID := f.uuid(f.seq)
		f.mu.Unlock()
		out = f.execute(ctx, r, s, h, queuedInfo(r, p.Function, invoked, reqID), payload) // lambdacontext for the handler (handlers.go)
	}

	done := make([]string, 0, len(records))
	if out.errType == "" {
		failed, valid := batchItemFailures(p.ReportFailures, out.payload, records)
		if valid {
			for _, rec := range records {
				if !failed[rec.MessageId] {
					done = append(done, rec.MessageId)
				}
			}
		}
	}
	d := state.SQSDelivery{UUID: p.UUID, Queue: p.Queue, FunctionArn: p.FunctionArn, At: now, FunctionError: out.errType}
	for _, rec := range records {
		d.MessageIDs = append(d.MessageIDs, rec.MessageId)
		if !slices.Contains(done, rec.MessageId) {
			d.Failed = append(d.Failed, rec.MessageId)
		}
	}
	f.mu.Lock()
	if f.store == st {
		r.DeleteSQS(p.Queue, done)
		if durable {
			// The mapping waited for the whole execution, which may have
			// moved the clock past the visibility timeout: what it leaves is
			// visible again the visibility timeout after the execution ends
			// (not at once, which would redeliver it in the same run).
			r.HoldSQS(p, d.Failed, f.now())
		}
		r.LogSQSDelivery(d)
	}
	f.mu.Unlock()
	return true, true, true
}

// batchItemFailures reads a ReportBatchItemFailures response: the IDs it
// lists, and whether it is valid. Without ReportBatchItemFailures every
// success processes the whole batch. An itemIdentifier that is empty,
// null, or not in the batch fails the whole batch, as Lambda does; an
// empty, null or {} response, or an empty list, succeeds.
func batchItemFailures(enabled bool, payload []byte, records []sqsRecord) (map[string]bool, bool) {
	if !enabled {
		return nil, true
	}
	var resp struct {
		BatchItemFailures []map[string]any `json:"batchItemFailures"`
	}
	if len(payload) == 0 || string(payload) == "null" {
		return nil, true
	}
	if err := json.Unmarshal(payload, &resp); err != nil {
		return nil, true // not an object: Lambda treats it as success
	}
	in := map[string]bool{}
	for _, r := range records {
		in[r.MessageId] = true
	}
	failed := map[string]bool{}
	for _, item := range resp.BatchItemFailures {
		id, _ := item["itemIdentifier"].(string)
		if id == "" || !in[id] {
			return nil, false
		}
		failed[id] = true
	}
	return failed, true
}

// sqsRecord is one record of the SQS event, its members in Lambda's order.
type sqsRecord struct {
	MessageId              string                      `json:"messageId"`
	ReceiptHandle          string                      `json:"receiptHandle"`
	Body                   string                      `json:"body"`
	Attributes             sqsRecordAttributes         `json:"attributes"`
	MessageAttributes      map[string]sqsRecordMsgAttr `json:"messageAttributes"`
	Md5OfMessageAttributes *string                     `json:"md5OfMessageAttributes"`
	Md5OfBody              string                      `json:"md5OfBody"`
	EventSource            string                      `json:"eventSource"`
	EventSourceARN         string                      `json:"eventSourceARN"`
	AwsRegion              string                      `json:"awsRegion"`
}

type sqsRecordAttributes struct {
	ApproximateReceiveCount          string
	SentTimestamp                    string
	SequenceNumber                   string `json:",omitempty"`
	MessageGroupId                   string `json:",omitempty"`
	SenderId                         string
	MessageDeduplicationId           string `json:",omitempty"`
	ApproximateFirstReceiveTimestamp string
}

type sqsRecordMsgAttr struct {
	StringValue      *string  `json:"stringValue,omitempty"`
	BinaryValue      []byte   `json:"binaryValue,omitempty"`
	StringListValues []string `json:"stringListValues"`
	BinaryListValues []string `json:"binaryListValues"`
	DataType         string   `json:"dataType"`
}

// newSQSRecord builds the record of message m for poller p. SenderId is
// the account ID (on AWS: the sender's IAM principal ID; inferred).
func newSQSRecord(p state.SQSPoller, region, account string, m state.SQSMessage) sqsRecord {
	rec := sqsRecord{
		MessageId:      m.MessageID,
		ReceiptHandle:  receiptHandle(m),
		Body:           m.Body,
		Md5OfBody:      m.MD5OfBody,
		EventSource:    "aws:sqs",
		EventSourceARN: p.Queue,
		AwsRegion:      region,
		Attributes: sqsRecordAttributes{
			ApproximateReceiveCount:          strconv.Itoa(m.ReceiveCount),
			SentTimestamp:                    strconv.FormatInt(m.SentAt.UnixMilli(), 10),
			SequenceNumber:                   m.SequenceNumber,
			MessageGroupId:                   m.Attributes["MessageGroupId"],
			SenderId:                         account,
			MessageDeduplicationId:           m.Attributes["MessageDeduplicationId"],
			ApproximateFirstReceiveTimestamp: strconv.FormatInt(m.FirstReceivedAt.UnixMilli(), 10),
		},
	}
	for name, a := range m.MessageAttributes {
		if rec.MessageAttributes == nil {
			rec.MessageAttributes = make(map[string]sqsRecordMsgAttr, len(m.MessageAttributes))
		}
		ra := sqsRecordMsgAttr{StringListValues: []string{}, BinaryListValues: []string{}, DataType: a.DataType}
		if a.BinaryValue != nil {
			ra.BinaryValue = a.BinaryValue
		} else {
			v := a.StringValue
			ra.StringValue = &v
		}
		rec.MessageAttributes[name] = ra
	}
	if len(m.MessageAttributes) > 0 {
		s := md5OfMessageAttributes(m.MessageAttributes)
		rec.Md5OfMessageAttributes = &s
	}
	return rec
}

// receiptHandle is an opaque handle, new at each receive.
func receiptHandle(m state.SQSMessage) string {
	return "AQEB" + strings.ReplaceAll(m.MessageID, "-", "") + "+" + strconv.Itoa(m.ReceiveCount)
}

// md5OfMessageAttributes is SQS's MD5 of message attributes: over the
// attributes sorted by name, each as its length-prefixed name and data
// type, a transport byte (1 string, 2 binary) and the length-prefixed
// value.
func md5OfMessageAttributes(attrs map[string]state.SQSAttribute) string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	h := md5.New()
	put := func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, n := range names {
		a := attrs[n]
		put([]byte(n))
		put([]byte(a.DataType))
		if a.BinaryValue != nil {
			h.Write([]byte{2})
			put(a.BinaryValue)
		} else {
			h.Write([]byte{1})
			put([]byte(a.StringValue))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// matchesFilters reports whether the record matches one of the filter
// patterns (all records match when there are none). A JSON body is matched
// as the document it holds, another body as its string.
func matchesFilters(patterns []string, rec sqsRecord) bool {
	if len(patterns) == 0 {
		return true
	}
	b, _ := json.Marshal(rec)
	var doc map[string]any
	_ = json.Unmarshal(b, &doc)
	var body any
	if err := json.Unmarshal([]byte(rec.Body), &body); err == nil {
		doc["body"] = body
	}
	for _, p := range patterns {
		var pat map[string]any
		if json.Unmarshal([]byte(p), &pat) == nil && matchObject(pat, doc) {
			return true
		}
	}
	return false
}

// matchObject matches an EventBridge-style pattern object against v.
func matchObject(pat map[string]any, v any) bool {
	obj, _ := v.(map[string]any)
	for k, pv := range pat {
		val, present := obj[k]
		switch pv := pv.(type) {
		case map[string]any:
			if !present || !matchObject(pv, val) {
				return false
			}
		case []any:
			if !matchLeaf(pv, val, present) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// matchLeaf reports whether one of the rules matches the value (any
// element of it, when it is an array).
func matchLeaf(rules []any, val any, present bool) bool {
	vals := []any{val}
	if arr, ok := val.([]any); ok {
		vals = arr
	}
	_, isObject := val.(map[string]any)
	leaf := present && !isObject // "exists" looks at leaves only: an object is not one (recorded: test_dynamodb_event_filter[exists_false_filter])
	for _, rule := range rules {
		if m, ok := rule.(map[string]any); ok {
			if e, ok := m["exists"].(bool); ok {
				if e == leaf {
					return true
				}
				continue
			}
		}
		if !present {
			continue
		}
		for _, v := range vals {
			if matchRule(rule, v) {
				return true
			}
		}
	}
	return false
}

// matchRule matches one rule: a literal, or prefix, suffix,
// equals-ignore-case, numeric or anything-but.
func matchRule(rule, v any) bool {
	m, ok := rule.(map[string]any)
	if !ok {
		return equalJSON(rule, v)
	}
	s, isString := v.(string)
	for op, arg := range m {
		switch op {
		case "prefix":
			p, _ := arg.(string)
			return isString && strings.HasPrefix(s, p)
		case "suffix":
			p, _ := arg.(string)
			return isString && strings.HasSuffix(s, p)
		case "equals-ignore-case":
			p, _ := arg.(string)
			return isString && strings.EqualFold(s, p)
		case "numeric":
			return matchNumeric(arg, v)
		case "anything-but":
			switch a := arg.(type) {
			case []any:
				for _, x := range a {
					if equalJSON(x, v) {
						return false
					}
				}
				return true
			case map[string]any:
				return !matchRule(a, v)
			default:
				return !equalJSON(a, v)
			}
		}
	}
	return false
}

// matchNumeric matches [op, n, op, n...] against a number (or a string
// holding one, as DynamoDB's "N" values).
func matchNumeric(arg, v any) bool {
	var x float64
	switch n := v.(type) {
	case float64:
		x = n
	case string:
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return false
		}
		x = f
	default:
		return false
	}
	conds, _ := arg.([]any)
	for i := 0; i+1 < len(conds); i += 2 {
		op, _ := conds[i].(string)
		n, ok := conds[i+1].(float64)
		if !ok {
			return false
		}
		var holds bool
		switch op {
		case "=":
			holds = x == n
		case "<":
			holds = x < n
		case "<=":
			holds = x <= n
		case ">":
			holds = x > n
		case ">=":
			holds = x >= n
		}
		if !holds {
			return false
		}
	}
	return len(conds) >= 2
}

// equalJSON compares two decoded JSON scalars.
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case float64:
		bn, ok := b.(float64)
		return ok && a == bn
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case nil:
		return b == nil
	}
	return false
}

// appendSQSEvent appends {"Records":[...]} as encoding/json would encode
// it (without HTML escaping, as Lambda sends it), without reflection: this
// runs for every batch.
func appendSQSEvent(b []byte, records []sqsRecord) []byte {
	b = append(b, `{"Records":[`...)
	for i := range records {
		if i > 0 {
			b = append(b, ',')
		}
		r := &records[i]
		b = append(b, `{"messageId":`...)
		b = appendJSONString(b, r.MessageId)
		b = append(b, `,"receiptHandle":`...)
		b = appendJSONString(b, r.ReceiptHandle)
		b = append(b, `,"body":`...)
		b = appendJSONString(b, r.Body)
		a := &r.Attributes
		b = append(b, `,"attributes":{"ApproximateReceiveCount":`...)
		b = appendJSONString(b, a.ApproximateReceiveCount)
		b = append(b, `,"SentTimestamp":`...)
		b = appendJSONString(b, a.SentTimestamp)
		if a.SequenceNumber != "" {
			b = append(b, `,"SequenceNumber":`...)
			b = appendJSONString(b, a.SequenceNumber)
		}
		if a.MessageGroupId != "" {
			b = append(b, `,"MessageGroupId":`...)
			b = appendJSONString(b, a.MessageGroupId)
		}
		b = append(b, `,"SenderId":`...)
		b = appendJSONString(b, a.SenderId)
		if a.MessageDeduplicationId != "" {
			b = append(b, `,"MessageDeduplicationId":`...)
			b = appendJSONString(b, a.MessageDeduplicationId)
		}
		b = append(b, `,"ApproximateFirstReceiveTimestamp":`...)
		b = appendJSONString(b, a.ApproximateFirstReceiveTimestamp)
		b = append(b, `},"messageAttributes":`...)
		if len(r.MessageAttributes) == 0 {
			b = append(b, `{}`...)
		} else {
			attrs, _ := json.Marshal(r.MessageAttributes) // rare: reflection is fine
			b = append(b, attrs...)
		}
		b = append(b, `,"md5OfMessageAttributes":`...)
		if r.Md5OfMessageAttributes == nil {
			b = append(b, `null`...)
		} else {
			b = appendJSONString(b, *r.Md5OfMessageAttributes)
		}
		b = append(b, `,"md5OfBody":`...)
		b = appendJSONString(b, r.Md5OfBody)
		b = append(b, `,"eventSource":`...)
		b = appendJSONString(b, r.EventSource)
		b = append(b, `,"eventSourceARN":`...)
		b = appendJSONString(b, r.EventSourceARN)
		b = append(b, `,"awsRegion":`...)
		b = appendJSONString(b, r.AwsRegion)
		b = append(b, '}')
	}
	return append(b, `]}`...)
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// does with HTML escaping off (invalid UTF-8 becomes U+FFFD).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

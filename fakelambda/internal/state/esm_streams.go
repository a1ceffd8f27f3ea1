package state

import (
	"slices"
	"strconv"
	"time"
)

// Kinesis and DynamoDB streams as event sources: the records a test put
// on a stream (the fake has no Kinesis or DynamoDB API), and each stream
// mapping's checkpoint in it. A stream has one shard. A poller reads from
// its checkpoint, which starts where StartingPosition says (TRIM_HORIZON:
// the first record kept; LATEST: the first record put after the mapping
// was created; AT_TIMESTAMP: the first record that arrived at or after
// StartingPositionTimestamp). The checkpoint moves past a batch that
// succeeded, was dropped by the filters, expired, or used up its retries.
// No timer runs: batching windows and record ages are derived from
// timestamps.

// StreamRetention is how long a stream keeps a record: 24 hours, the
// default of Kinesis and the retention of DynamoDB streams. A record
// older than that (or than MaximumRecordAgeInSeconds) expires.
const StreamRetention = 24 * time.Hour

// StreamRecord is a record on a stream.
type StreamRecord struct {
	SequenceNumber string
	ArrivedAt      time.Time
	// Kinesis: the partition key and the data.
	PartitionKey string
	Data         []byte
	// DynamoDB: the event name (INSERT, MODIFY, REMOVE) and the record's
	// "dynamodb" member as JSON text, built by the caller (the state knows
	// no JSON); SizeBytes is counted by the caller too.
	EventName string
	Dynamo    []byte
	ViewType  string // the stream's StreamViewType
	SizeBytes int
}

func (s StreamRecord) clone() StreamRecord {
	s.Data, s.Dynamo = slices.Clone(s.Data), slices.Clone(s.Dynamo)
	return s
}

type streamState struct {
	logs       map[string]*streamLog // by stream ARN
	cursors    map[string]*cursor    // by mapping UUID
	deliveries []StreamDelivery
}

type streamLog struct {
	recs []StreamRecord
	seq  int64
}

// cursor is a mapping's place in its stream.
type cursor struct {
	pos     int // index of the next record to deliver
	attempt int // invocations of the batch at pos so far
	limit   int // a bisected batch's size; 0: BatchSize
}

func (r *Region) streamState() *streamState {
	if r.streams == nil {
		r.streams = &streamState{logs: map[string]*streamLog{}, cursors: map[string]*cursor{}}
	}
	return r.streams
}

// PutStreamRecords appends recs to stream arn at now, giving each a
// sequence number (Kinesis-like 56 digits, DynamoDB-like 21 digits), and
// returns the numbers. The caller has checked the records.
func (r *Region) PutStreamRecords(arn string, recs []StreamRecord, now time.Time) []string {
	st := r.streamState()
	l := st.logs[arn]
	if l == nil {
		l = &streamLog{}
		st.logs[arn] = l
	}
	kind := ESMKind(arn)
	out := make([]string, 0, len(recs))
	for _, rec := range recs {
		rec = rec.clone()
		l.seq++
		if kind == ESMDynamoDB {
			rec.SequenceNumber = "1" + leftPad(strconv.FormatInt(l.seq*100, 10), 20)
		} else {
			rec.SequenceNumber = "4959" + leftPad(strconv.FormatInt(l.seq, 10), 52)
		}
		rec.ArrivedAt = now
		l.recs = append(l.recs, rec)
		out = append(out, rec.SequenceNumber)
	}
	return out
}

// StreamRecords is what stream arn holds, oldest first (copies), expired
// records included.
func (r *Region) StreamRecords(arn string) []StreamRecord {
	if r.streams == nil || r.streams.logs[arn] == nil {
		return nil
	}
	recs := r.streams.logs[arn].recs
	out := make([]StreamRecord, len(recs))
	for i, rec := range recs {
		out[i] = rec.clone()
	}
	return out
}

// StreamPoller is a Kinesis or DynamoDB mapping that may deliver: enabled,
// its function there.
type StreamPoller struct {
	UUID, Stream, Kind  string
	Function, Qualifier string
	FunctionArn         string
	BatchSize           int
	Window              time.Duration
	ReportFailures      bool
	Bisect              bool
	MaxRetries          int           // -1: until the record expires
	MaxAge              time.Duration // StreamRetention when -1
	Destination         string        // OnFailure destination, "" for none
	FilterPatterns      []string
	startingPosition    string
	startingTimestamp   *float64
	created             time.Time
}

// StreamPollers are the stream mappings that poll at now, by UUID; they
// observe transitions as SQSPollers do.
func (r *Region) StreamPollers(now time.Time) []StreamPoller {
	var out []StreamPoller
	for _, m := range r.sortedESMs() {
		if m.kind != ESMKinesis && m.kind != ESMDynamoDB || !m.enabled || m.trans == "Deleting" {
			continue
		}
		if m.trans != "" {
			if hold := r.store.ESMHold; hold > 0 && now.Before(m.since.Add(hold)) {
				continue
			}
			m.trans = ""
		}
		if !r.HasFunctionTarget(m.fn, m.qual) {
			continue
		}
		c := &m.cfg
		p := StreamPoller{UUID: c.UUID, Stream: c.EventSourceArn, Kind: m.kind, Function: m.fn, Qualifier: m.qual,
			FunctionArn: c.FunctionArn, BatchSize: c.BatchSize, MaxRetries: -1, MaxAge: StreamRetention,
			startingPosition: c.StartingPosition, startingTimestamp: c.StartingPositionTimestamp, created: m.created}
		if w := c.MaximumBatchingWindowInSeconds; w != nil {
			p.Window = time.Duration(*w) * time.Second
		}
		if t := c.FunctionResponseTypes; t != nil {
			p.ReportFailures = slices.Contains(*t, "ReportBatchItemFailures")
		}
		if b := c.BisectBatchOnFunctionError; b != nil {
			p.Bisect = *b
		}
		if n := c.MaximumRetryAttempts; n != nil {
			p.MaxRetries = *n
		}
		if a := c.MaximumRecordAgeInSeconds; a != nil && *a >= 0 {
			p.MaxAge = min(time.Duration(*a)*time.Second, StreamRetention)
		}
		if d := c.DestinationConfig; d != nil {
			p.Destination = d.OnFailure.Destination
		}
		if c.FilterCriteria != nil {
			for _, f := range c.FilterCriteria.Filters {
				p.FilterPatterns = append(p.FilterPatterns, f.Pattern)
			}
		}
		out = append(out, p)
	}
	return out
}

// cursorOf is p's cursor, placed at its starting position on first use.
func (r *Region) cursorOf(p StreamPoller) (*cursor, *streamLog) {
	st := r.streamState()
	l := st.logs[p.Stream]
	c := st.cursors[p.UUID]
	if c == nil {
		c = &cursor{}
		if l != nil {
			switch p.startingPosition {
			case "LATEST":
				c.pos = len(l.recs)
				for c.pos > 0 && !l.recs[c.pos-1].ArrivedAt.Before(p.created) {
					c.pos--
				}
			case "AT_TIMESTAMP":
				if p.startingTimestamp != nil {
					at := time.UnixMilli(int64(*p.startingTimestamp * 1000))
					for c.pos < len(l.recs) && l.recs[c.pos].ArrivedAt.Before(at) {
						c.pos++
					}
				}
			}
		}
		st.cursors[p.UUID] = c
	}
	return c, l
}

// StreamBatch is what p's poller takes at now: Expired, the records at
// its checkpoint older than MaximumRecordAgeInSeconds (or the retention),
// which the checkpoint passes; then Records, up to BatchSize (or the
// bisected size) once the batch is full or its first record has waited
// the batching window. Attempt is the invocations of this batch so far.
func (r *Region) StreamBatch(p StreamPoller, now time.Time) (expired, batch []StreamRecord, attempt int) {
	c, l := r.cursorOf(p)
	if l == nil {
		return nil, nil, 0
	}
	for c.pos < len(l.recs) && now.Sub(l.recs[c.pos].ArrivedAt) > p.MaxAge {
		expired = append(expired, l.recs[c.pos].clone())
		c.pos++
	}
	if len(expired) > 0 {
		attempt = c.attempt
		c.attempt, c.limit = 0, 0
		return expired, nil, attempt
	}
	size := p.BatchSize
	if c.limit > 0 && c.limit < size {
		size = c.limit
	}
	avail := len(l.recs) - c.pos
	if avail == 0 {
		return nil, nil, c.attempt
	}
	if avail < size && p.Window > 0 && now.Before(l.recs[c.pos].ArrivedAt.Add(p.Window)) {
		return nil, nil, c.attempt
	}
	n := min(avail, size)
	for _, rec := range l.recs[c.pos : c.pos+n] {
		batch = append(batch, rec.clone())
	}
	return nil, batch, c.attempt
}

// StreamSkip moves p's checkpoint past n records without an invocation
// (filtered out).
func (r *Region) StreamSkip(p StreamPoller, n int) {
	c, _ := r.cursorOf(p)
	c.pos += n
}

// StreamOutcome is what came of a batch of n records.
type StreamOutcome struct {
	N int
	// Done is how many of them (from the first) were processed: N on
	// success, the index of the first failed record with
	// ReportBatchItemFailures, 0 after a function error.
	Done int
}

// StreamResult moves p's checkpoint after an invocation and reports
// whether the failed rest of the batch used up its retries (so the
// checkpoint passed it and an on-failure record is due); attempts is the
// invocations it had.
func (r *Region) StreamResult(p StreamPoller, o StreamOutcome) (exhausted bool, attempts int) {
	c, _ := r.cursorOf(p)
	c.attempt++
	c.pos += o.Done
	if o.Done == o.N {
		c.attempt, c.limit = 0, 0
		if m := r.esms[p.UUID]; m != nil {
			m.cfg.LastProcessingResult = "OK"
		}
		return false, 0
	}
	rest := o.N - o.Done
	if o.Done > 0 {
		// The checkpoint moved (ReportBatchItemFailures): the rest is a new
		// batch, its retries counted afresh (recorded:
		// test_kinesis_report_batch_item_failures, the failed record
		// delivered once with the batch, then 1 + MaximumRetryAttempts times).
		c.attempt, c.limit = 0, 0
		if m := r.esms[p.UUID]; m != nil {
			m.cfg.LastProcessingResult = "OK"
		}
		return false, 0
	}
	if p.Bisect && rest > 1 {
		c.limit = (rest + 1) / 2
	}
	if p.MaxRetries >= 0 && c.attempt > p.MaxRetries {
		attempts = c.attempt
		c.pos += rest
		c.attempt, c.limit = 0, 0
		return true, attempts
	}
	return false, c.attempt
}

// StreamDelivery is one batch a stream poller delivered, or (with no
// invocation) the records it gave up on.
type StreamDelivery struct {
	UUID            string
	Stream          string
	FunctionArn     string
	At              time.Time
	SequenceNumbers []string // the batch, in order
	Processed       int      // how many of them (from the first) the checkpoint passed as processed
	FunctionError   string   // the error type, "" when the handler succeeded
	// Condition is set when the checkpoint passed the batch unprocessed:
	// "RetryAttemptsExhausted" or "RecordAgeExceeded"; OnFailure is the
	// on-failure record then (JSON), sent to Destination when there is one.
	Condition   string
	OnFailure   string
	Destination string
}

// LogStreamDelivery records d.
func (r *Region) LogStreamDelivery(d StreamDelivery) {
	st := r.streamState()
	st.deliveries = append(st.deliveries, d)
}

// StreamDeliveries is every stream delivery so far, oldest first (copies).
func (r *Region) StreamDeliveries() []StreamDelivery {
	if r.streams == nil {
		return nil
	}
	out := make([]StreamDelivery, len(r.streams.deliveries))
	for i, d := range r.streams.deliveries {
		d.SequenceNumbers = slices.Clone(d.SequenceNumbers)
		out[i] = d
	}
	return out
}

// FunctionRole is the execution role of function's version ("$LATEST" or
// a number), "" when there is none: a stream record's invokeIdentityArn.
func (r *Region) FunctionRole(function, version string) string {
	fn := r.functions[function]
	if fn == nil {
		return ""
	}
	v := fn.latest
	if version != "$LATEST" && fn.versions[version] != nil {
		v = fn.versions[version]
	}
	if v == nil {
		return ""
	}
	return v.cfg.Role
}

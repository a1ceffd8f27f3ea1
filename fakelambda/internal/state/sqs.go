package state

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// SQS queues as event sources: the messages a test put on a queue (the
// fake has no SQS API), what the pollers of SQS event source mappings
// receive, and what stays after a batch. Receiving makes messages
// invisible for the queue's visibility timeout on the clock; a batch that
// succeeds deletes its messages (but those a ReportBatchItemFailures
// response lists); a failed one leaves them to come back once the timeout
// has passed. No timer runs: visibility is derived from timestamps.

// DefaultSQSVisibilityTimeout is a queue's visibility timeout: SQS's
// default.
const DefaultSQSVisibilityTimeout = 30 * time.Second

// SQSAttribute is a message attribute.
type SQSAttribute struct {
	DataType    string // "String", "Number", "Binary", or one of those with a ".custom" suffix
	StringValue string
	BinaryValue []byte
}

// SQSMessage is a message on a queue, as the test sees it.
type SQSMessage struct {
	MessageID         string
	Body              string
	MD5OfBody         string            // hex, computed by the caller at send
	Attributes        map[string]string // system attributes given (MessageGroupId, MessageDeduplicationId for FIFO)
	MessageAttributes map[string]SQSAttribute
	SentAt            time.Time
	ReceiveCount      int
	FirstReceivedAt   time.Time // zero until received
	VisibleAt         time.Time // when it can be received again (SentAt until received)
	SequenceNumber    string    // FIFO queues
}

// clone is a deep copy.
func (m SQSMessage) clone() SQSMessage {
	m.Attributes = cloneStrings(m.Attributes)
	if m.MessageAttributes != nil {
		out := make(map[string]SQSAttribute, len(m.MessageAttributes))
		for k, v := range m.MessageAttributes {
			v.BinaryValue = slices.Clone(v.BinaryValue)
			out[k] = v
		}
		m.MessageAttributes = out
	}
	return m
}

func cloneStrings(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// SQSQueueConfig is what a test sets on a queue (SetSQSQueue): zero
// values keep SQS's defaults.
type SQSQueueConfig struct {
	VisibilityTimeout time.Duration // 0: DefaultSQSVisibilityTimeout
	// MaxReceiveCount and DeadLetterTargetArn are the redrive policy: a
	// message received MaxReceiveCount times moves to the dead-letter queue
	// instead of being received again.
	MaxReceiveCount     int
	DeadLetterTargetArn string
}

// SetSQSQueue configures queue arn.
func (r *Region) SetSQSQueue(arn string, c SQSQueueConfig) {
	r.queue(arn).cfg = c
}

// queue is queue arn, created empty on first use.
func (r *Region) queue(arn string) *sqsQueue {
	if r.sqs == nil {
		r.sqs = map[string]*sqsQueue{}
	}
	q := r.sqs[arn]
	if q == nil {
		q = &sqsQueue{byID: map[string]*sqsMsg{}, fifo: strings.HasSuffix(arn, ".fifo")}
		r.sqs[arn] = q
	}
	return q
}

type sqsQueue struct {
	cfg  SQSQueueConfig
	fifo bool
	msgs []*sqsMsg          // in send order; deleted ones are dropped lazily
	byID map[string]*sqsMsg // the live ones
	dead int                // deleted ones still in msgs
	seq  int64              // FIFO sequence numbers
}

type sqsMsg struct {
	SQSMessage
	deleted bool
}

// IsSQSQueueArn reports whether arn names an SQS queue.
func IsSQSQueueArn(arn string) bool {
	parts := strings.Split(arn, ":")
	return len(parts) == 6 && parts[0] == "arn" && parts[2] == "sqs" && parts[3] != "" && parts[4] != "" && parts[5] != ""
}

// SendSQSMessages puts msgs on queue arn at now, giving each an ID (and a
// sequence number on a FIFO queue), and returns the IDs. The caller has
// checked the messages.
func (r *Region) SendSQSMessages(arn string, msgs []SQSMessage, now time.Time) []string {
	q := r.queue(arn)
	ids := make([]string, 0, len(msgs))
	for _, m := range msgs {
		m = m.clone()
		m.MessageID = r.newID()
		m.SentAt, m.VisibleAt = now, now
		m.ReceiveCount, m.FirstReceivedAt = 0, time.Time{}
		if q.fifo {
			q.seq++
			m.SequenceNumber = "1" + leftPad(strconv.FormatInt(q.seq, 10), 19)
		}
		q.add(m)
		ids = append(ids, m.MessageID)
	}
	return ids
}

func (q *sqsQueue) add(m SQSMessage) {
	sm := &sqsMsg{SQSMessage: m}
	q.msgs = append(q.msgs, sm)
	q.byID[m.MessageID] = sm
}

// redrive moves the visible messages received MaxReceiveCount times to
// the dead-letter queue, as SQS does when they would be received again.
func (r *Region) redrive(q *sqsQueue, now time.Time) {
	max, dlq := q.cfg.MaxReceiveCount, q.cfg.DeadLetterTargetArn
	if max <= 0 || dlq == "" {
		return
	}
	var moved []string
	for _, m := range q.msgs {
		if !m.deleted && !m.VisibleAt.After(now) && m.ReceiveCount >= max {
			c := m.clone()
			c.VisibleAt = now
			r.queue(dlq).add(c)
			moved = append(moved, m.MessageID)
		}
	}
	q.delete(moved)
}

func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

// SQSMessages is what queue arn still holds, in send order (copies).
func (r *Region) SQSMessages(arn string) []SQSMessage {
	q := r.sqs[arn]
	if q == nil {
		return nil
	}
	out := make([]SQSMessage, 0, len(q.byID))
	for _, m := range q.msgs {
		if !m.deleted {
			out = append(out, m.clone())
		}
	}
	return out
}

// SQSPoller is an SQS mapping that may deliver: enabled, its function
// there.
type SQSPoller struct {
	UUID            string
	Queue           string
	Function        string
	Qualifier       string
	BatchSize       int
	Window          time.Duration
	ReportFailures  bool
	FunctionArn     string
	EventSourceArn  string
	MappingArn      string
	MaxConcurrency  int // ScalingConfig.MaximumConcurrency; 0: none
	FilterPatterns  []string
	visibility      time.Duration
	queueRegionName string
}

// SQSPollers are the SQS mappings that poll at now, by UUID. Pollers see
// a mapping's transition through: one still Creating or Enabling when the
// pollers run starts polling (unless ESMHold holds it on the clock), one
// Disabled or Deleting does not poll.
func (r *Region) SQSPollers(now time.Time) []SQSPoller {
	var out []SQSPoller
	for _, m := range r.sortedESMs() {
		if m.kind != ESMSQS || !m.enabled {
			continue
		}
		if m.trans == "Deleting" {
			continue
		}
		if m.trans != "" {
			if hold := r.store.ESMHold; hold > 0 && now.Before(m.since.Add(hold)) {
				continue
			}
			m.trans = "" // the pollers observed it
		}
		if !r.HasFunctionTarget(m.fn, m.qual) {
			continue
		}
		p := SQSPoller{UUID: m.cfg.UUID, Queue: m.cfg.EventSourceArn, Function: m.fn, Qualifier: m.qual,
			BatchSize: m.cfg.BatchSize, FunctionArn: m.cfg.FunctionArn, EventSourceArn: m.cfg.EventSourceArn,
			MappingArn: m.cfg.EventSourceMappingArn, visibility: DefaultSQSVisibilityTimeout}
		if q := r.sqs[p.Queue]; q != nil && q.cfg.VisibilityTimeout > 0 {
			p.visibility = q.cfg.VisibilityTimeout
		}
		if w := m.cfg.MaximumBatchingWindowInSeconds; w != nil {
			p.Window = time.Duration(*w) * time.Second
		}
		if t := m.cfg.FunctionResponseTypes; t != nil {
			p.ReportFailures = slices.Contains(*t, "ReportBatchItemFailures")
		}
		if m.cfg.ScalingConfig != nil && m.cfg.ScalingConfig.MaximumConcurrency != nil {
			p.MaxConcurrency = *m.cfg.ScalingConfig.MaximumConcurrency
		}
		if m.cfg.FilterCriteria != nil {
			for _, f := range m.cfg.FilterCriteria.Filters {
				p.FilterPatterns = append(p.FilterPatterns, f.Pattern)
			}
		}
		out = append(out, p)
	}
	return out
}

// HasFunctionTarget reports whether function and its qualifier (version or
// alias) exist.
func (r *Region) HasFunctionTarget(function, qualifier string) bool {
	_, _, e := r.resolve(function, qualifier, Lookup{})
	return e == nil
}

// ReceiveSQS receives the batch p's poller would take at now: up to
// BatchSize visible messages, once the batch is full or the oldest has
// waited the batching window. Received messages are invisible for the
// visibility timeout. It returns nil when there is nothing to deliver yet.
func (r *Region) ReceiveSQS(p SQSPoller, now time.Time) []SQSMessage {
	q := r.sqs[p.Queue]
	if q == nil {
		return nil
	}
	r.redrive(q, now)
	visible, ok := q.visible(p, now)
	if !ok {
		return nil
	}
	out := make([]SQSMessage, len(visible))
	for i, m := range visible {
		m.ReceiveCount++
		if m.FirstReceivedAt.IsZero() {
			m.FirstReceivedAt = now
		}
		m.VisibleAt = now.Add(p.visibility)
		out[i] = m.clone()
	}
	return out
}

// visible is the batch p's poller would receive at now: up to BatchSize
// visible messages, once the batch is full or the oldest visible one has
// waited the batching window; ok is false when there is none yet.
func (q *sqsQueue) visible(p SQSPoller, now time.Time) (batch []*sqsMsg, ok bool) {
	var oldest time.Time
	n := 0
	var blocked map[string]bool // FIFO: groups with a message in flight
	for _, m := range q.msgs {
		if m.deleted {
			continue
		}
		if q.fifo {
			g := m.Attributes["MessageGroupId"]
			if blocked[g] {
				continue
			}
			if m.VisibleAt.After(now) {
				if blocked == nil {
					blocked = map[string]bool{}
				}
				blocked[g] = true
				continue
			}
		}
		if m.VisibleAt.After(now) {
			continue
		}
		if n == 0 || m.VisibleAt.Before(oldest) {
			oldest = m.VisibleAt
		}
		if n < p.BatchSize {
			batch = append(batch, m)
		}
		n++
		if n >= p.BatchSize {
			return batch, true
		}
	}
	if n == 0 || p.Window > 0 && now.Before(oldest.Add(p.Window)) {
		return nil, false
	}
	return batch, true
}

// HoldSQS keeps the messages ids of p's queue in flight for the
// visibility timeout from now (a delivery that moved the clock while it
// ran: a durable execution), as if received at now.
func (r *Region) HoldSQS(p SQSPoller, ids []string, now time.Time) {
	q := r.sqs[p.Queue]
	if q == nil {
		return
	}
	for _, id := range ids {
		if m := q.byID[id]; m != nil && m.VisibleAt.Before(now.Add(p.visibility)) {
			m.VisibleAt = now.Add(p.visibility)
		}
	}
}

// DeleteSQS deletes the messages ids from queue arn (those processed).
func (r *Region) DeleteSQS(arn string, ids []string) {
	if q := r.sqs[arn]; q != nil {
		q.delete(ids)
	}
}

func (q *sqsQueue) delete(ids []string) {
	for _, id := range ids {
		if m := q.byID[id]; m != nil {
			m.deleted = true
			delete(q.byID, id)
			q.dead++
		}
	}
	for len(q.msgs) > 0 && q.msgs[0].deleted {
		q.msgs[0] = nil
		q.msgs = q.msgs[1:]
		q.dead--
	}
	if q.dead > 64 && q.dead > len(q.msgs)/2 {
		q.msgs = slices.DeleteFunc(q.msgs, func(m *sqsMsg) bool { return m.deleted })
		q.dead = 0
	}
}

// Regions is every region used so far.
func (s *Store) Regions() []*Region {
	var out []*Region
	if s.first != nil {
		out = append(out, s.first)
	}
	keys := make([]regionKey, 0, len(s.regions))
	for k := range s.regions {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b regionKey) int {
		return strings.Compare(a.account+"/"+a.region, b.account+"/"+b.region)
	})
	for _, k := range keys {
		out = append(out, s.regions[k])
	}
	return out
}

// SQSPending reports whether p's poller would receive a batch at now.
func (r *Region) SQSPending(p SQSPoller, now time.Time) bool {
	q := r.sqs[p.Queue]
	if q == nil {
		return false
	}
	r.redrive(q, now)
	_, ok := q.visible(p, now)
	return ok
}

// SQSDelivery is one batch a poller delivered.
type SQSDelivery struct {
	UUID          string // the mapping's
	Queue         string
	FunctionArn   string
	At            time.Time
	MessageIDs    []string // the batch, in order
	Failed        []string // left on the queue: all of them after a function error
	FunctionError string   // the error type, "" when the handler succeeded
}

// LogSQSDelivery records d (the region keeps every delivery until Reset).
func (r *Region) LogSQSDelivery(d SQSDelivery) {
	r.deliveries = append(r.deliveries, d)
}

// SQSDeliveries is every delivery so far, oldest first (copies).
func (r *Region) SQSDeliveries() []SQSDelivery {
	out := make([]SQSDelivery, len(r.deliveries))
	for i, d := range r.deliveries {
		d.MessageIDs, d.Failed = slices.Clone(d.MessageIDs), slices.Clone(d.Failed)
		out[i] = d
	}
	return out
}

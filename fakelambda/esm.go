package fakelambda

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Event source mappings: CreateEventSourceMapping, GetEventSourceMapping,
// UpdateEventSourceMapping, DeleteEventSourceMapping,
// ListEventSourceMappings, and tags on a mapping's ARN. The state machine is
// internal/state/esm.go: per-kind defaults (SQS, Kinesis, DynamoDB
// streams), states derived from the clock, Lambda's messages. Here: the
// wire shapes, FunctionName forms and the filter patterns' JSON.

// WithEventSourceMappingDelay holds every event source mapping transition
// (Creating, Enabling, Disabling, Updating, Deleting) for d on the fake's
// clock. By default (d = 0) a transition completes once a read (Get or
// List) has shown it, as the function lifecycle's do: the change's own
// answer and the first read after it show the transitional state, the next
// read the settled one.
func WithEventSourceMappingDelay(d time.Duration) Option {
	return func(c *config) { c.esmDelay = d }
}

// WithKnownEventSourcesOnly makes CreateEventSourceMapping refuse, with
// Lambda's messages, an event source the test has not made: an SQS queue
// SetSQSQueue or SendSQSMessages has not touched, or a stream not given to
// DeclareEventSource. By default every source exists.
func WithKnownEventSourcesOnly() Option {
	return func(c *config) { c.knownSourcesOnly = true }
}

// DeclareEventSource makes the source arn (a Kinesis or DynamoDB stream, an
// SQS queue) exist in its region and account, for WithKnownEventSourcesOnly.
func (f *Fake) DeclareEventSource(arn string) error {
	parts := strings.SplitN(arn, ":", 6)
	if state.ESMKind(arn) == "" || parts[3] == "" || parts[4] == "" {
		return fmt.Errorf("fakelambda: %q is not an SQS queue, Kinesis stream or DynamoDB stream ARN", arn)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store.Region(parts[4], parts[3]).DeclareEventSource(arn)
	return nil
}

// esmDestination is DestinationConfig on the wire.
type esmDestination struct {
	OnSuccess *struct{ Destination *string }
	OnFailure *struct{ Destination *string }
}

// esmIn is Create's and Update's body.
type esmIn struct {
	EventSourceArn                 *string
	FunctionName                   *string
	Enabled                        *bool
	BatchSize                      *int
	MaximumBatchingWindowInSeconds *int
	ParallelizationFactor          *int
	StartingPosition               *string
	StartingPositionTimestamp      *float64
	DestinationConfig              *esmDestination
	MaximumRecordAgeInSeconds      *int
	BisectBatchOnFunctionError     *bool
	MaximumRetryAttempts           *int
	TumblingWindowInSeconds        *int
	FilterCriteria                 *struct{ Filters []struct{ Pattern *string } }
	FunctionResponseTypes          *[]string
	ScalingConfig                  *state.ESMScalingConfig
	KMSKeyArn                      *string
	Tags                           map[string]string

	SelfManagedEventSource            *state.ESMSelfManaged
	Topics                            []string
	SourceAccessConfigurations        *[]state.ESMAccess
	SelfManagedKafkaEventSourceConfig *struct{ ConsumerGroupId string }
}

// change converts the body to the state's input. A FunctionName of
// another region or account names no function here.
func (in *esmIn) change(rq *request) state.ESMChange {
	c := state.ESMChange{
		Enabled: in.Enabled, BatchSize: in.BatchSize, BatchingWindow: in.MaximumBatchingWindowInSeconds,
		Parallelization: in.ParallelizationFactor, StartingTimestamp: in.StartingPositionTimestamp,
		MaxRecordAge: in.MaximumRecordAgeInSeconds, Bisect: in.BisectBatchOnFunctionError,
		MaxRetries: in.MaximumRetryAttempts, TumblingWindow: in.TumblingWindowInSeconds,
		FunctionResponseTypes: in.FunctionResponseTypes, Scaling: in.ScalingConfig, KMSKeyArn: in.KMSKeyArn,
		Tags:        in.Tags,
		SelfManaged: in.SelfManagedEventSource, Topics: in.Topics, Access: in.SourceAccessConfigurations,
	}
	if k := in.SelfManagedKafkaEventSourceConfig; k != nil {
		c.ConsumerGroup = k.ConsumerGroupId
	}
	if in.EventSourceArn != nil {
		c.EventSourceArn = *in.EventSourceArn
	}
	if in.StartingPosition != nil {
		c.StartingPosition = *in.StartingPosition
	}
	if in.FunctionName != nil {
		name, q := "", ""
		if ref, ok := parseFunctionName(*in.FunctionName); ok && foreignRef(rq, ref) == nil {
			name, q = ref.Name, ref.Qualifier
		}
		c.Function, c.Qualifier = &name, &q
	}
	if d := in.DestinationConfig; d != nil {
		c.OnSuccess = d.OnSuccess != nil && d.OnSuccess.Destination != nil && *d.OnSuccess.Destination != ""
		if d.OnFailure != nil && d.OnFailure.Destination != nil {
			c.Destination = d.OnFailure.Destination
		}
	}
	if fc := in.FilterCriteria; fc != nil {
		filters := make([]state.ESMFilter, 0, len(fc.Filters))
		for _, f := range fc.Filters {
			p := ""
			if f.Pattern != nil {
				p = *f.Pattern
			}
			if !validFilterPattern(p) {
				c.BadFilter = true
			}
			filters = append(filters, state.ESMFilter{Pattern: p})
		}
		c.Filters = &filters
	}
	return c
}

// validFilterPattern reports whether p is an EventBridge-style pattern as
// Lambda accepts it: a non-empty JSON object whose leaves are non-empty
// arrays (recorded refusals: null, a string, {"eventSource":"aws:sqs"},
// {"eventSource":[]}, malformed JSON).
func validFilterPattern(p string) bool {
	var v any
	if json.Unmarshal([]byte(p), &v) != nil {
		return false
	}
	obj, ok := v.(map[string]any)
	return ok && validPatternObject(obj)
}

func validPatternObject(obj map[string]any) bool {
	if len(obj) == 0 {
		return false
	}
	for _, v := range obj {
		switch v := v.(type) {
		case map[string]any:
			if !validPatternObject(v) {
				return false
			}
		case []any:
			if len(v) == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (f *Fake) createEventSourceMapping(rq *request) *response {
	var in esmIn
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	out, se := f.regionOf(rq).CreateEventSourceMapping(in.change(rq), rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, out)
}

func (f *Fake) getEventSourceMapping(rq *request) *response {
	out, se := f.regionOf(rq).GetEventSourceMapping(rq.label("UUID"), rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, out)
}

func (f *Fake) updateEventSourceMapping(rq *request) *response {
	var in esmIn
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	ch := in.change(rq)
	ch.EventSourceArn, ch.StartingPosition, ch.Tags = "", "", nil // not updatable
	ch.SelfManaged, ch.Topics, ch.ConsumerGroup = nil, nil, ""
	out, se := f.regionOf(rq).UpdateEventSourceMapping(rq.label("UUID"), ch, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, out)
}

func (f *Fake) deleteEventSourceMapping(rq *request) *response {
	out, se := f.regionOf(rq).DeleteEventSourceMapping(rq.label("UUID"), rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, out)
}

func (f *Fake) listEventSourceMappings(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 10000, 100, 10000)
	if e := v.err(); e != nil {
		return fail(e)
	}
	var filter state.ESMListFilter
	filter.EventSourceArn, _ = rq.query("EventSourceArn")
	if fn, ok := rq.query("FunctionName"); ok && fn != "" {
		filter.Function = fn
		if ref, ok := parseFunctionName(fn); ok {
			if foreignRef(rq, ref) != nil {
				return answer(200, esmList{EventSourceMappings: []state.EventSourceMapping{}})
			}
			filter.Function = ref.Name
			filter.Qualifier, filter.QualifierGiven = ref.Qualifier, ref.Qualifier != ""
		}
	}
	all := f.regionOf(rq).ListEventSourceMappings(filter, rq.now)
	page, next, e := paginate(all, func(m state.EventSourceMapping) string { return m.UUID }, marker, size)
	if e != nil {
		return fail(e)
	}
	if page == nil {
		page = []state.EventSourceMapping{}
	}
	return answer(200, esmList{EventSourceMappings: page, NextMarker: next})
}

type esmList struct {
	EventSourceMappings []state.EventSourceMapping
	NextMarker          string `json:",omitempty"`
}

// esmUUIDOf returns the UUID of an event source mapping ARN (one that
// taggableRE matched), "" for any other resource.
func esmUUIDOf(arn string) string {
	i := strings.Index(arn, ":event-source-mapping:")
	if i < 0 || !taggableRE.MatchString(arn) {
		return ""
	}
	return arn[i+len(":event-source-mapping:"):]
}

// esmTagRegion is the region the ESM ARN res belongs to, nil when it is
// another partition's, region's or account's than the request's (such a
// mapping is not found here).
func (f *Fake) esmTagRegion(rq *request) *state.Region {
	m := taggableRE.FindStringSubmatch(rq.fnParam)
	if m == nil || m[1] != state.Partition(rq.region) || m[2] != rq.region || m[3] != rq.account {
		return nil
	}
	return f.regionOf(rq)
}

func errESMTagNotFound(arn string) *APIError {
	return errNotFound("Event source mapping not found: " + arn)
}

// listESMTags, tagESM and untagESM serve ListTags, TagResource and
// UntagResource on a mapping's ARN (tags.go sends them here); v holds the
// operation's own violations.
func (f *Fake) listESMTags(rq *request, uuid string) *response {
	r := f.esmTagRegion(rq)
	if r == nil {
		return fail(errESMTagNotFound(rq.fnParam))
	}
	tags, se := r.ESMTags(uuid, rq.fnParam, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ Tags map[string]string }{tags})
}

func (f *Fake) tagESM(rq *request, v validation, uuid string, tags map[string]string) *response {
	if e := v.err(); e != nil {
		return fail(e)
	}
	r := f.esmTagRegion(rq)
	if r == nil {
		return fail(errESMTagNotFound(rq.fnParam))
	}
	if se := r.TagESM(uuid, rq.fnParam, tags, rq.now); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) untagESM(rq *request, v validation, uuid string) *response {
	if e := v.err(); e != nil {
		return fail(e)
	}
	r := f.esmTagRegion(rq)
	if r == nil {
		return fail(errESMTagNotFound(rq.fnParam))
	}
	if se := r.UntagESM(uuid, rq.fnParam, rq.q["tagKeys"], rq.now); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

package state

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// Event source mappings: Create, Get, Update, Delete and
// ListEventSourceMappings, and the tags of a mapping. A mapping belongs to
// its account and region, and outlives the function it names (recorded:
// TestLambdaEventSourceMappings::test_event_source_mapping_lifecycle_delete_function).
//
// A mapping's state is derived at each read from what is stored: the
// state a change entered (Creating, Enabling, Disabling, Updating,
// Deleting), when, and whether a read has shown it yet. A transition
// completes once a read (Get or List) has observed it, as the function
// lifecycle's do, or, when the store holds transitions on the clock
// (ESMHold > 0), once the clock has passed the change by ESMHold. No timer
// runs.

// Event source kinds, from the source ARN's service.
const (
	ESMSQS      = "sqs"
	ESMKinesis  = "kinesis"
	ESMDynamoDB = "dynamodb"
	ESMKafka    = "kafka" // self-managed Apache Kafka: SelfManagedEventSource, no source ARN
)

// ESMSelfManaged is SelfManagedEventSource.
type ESMSelfManaged struct {
	Endpoints map[string][]string
}

// ESMKafkaConfig is SelfManagedKafkaEventSourceConfig.
type ESMKafkaConfig struct {
	ConsumerGroupId string `json:",omitempty"`
}

// ESMAccess is one of SourceAccessConfigurations.
type ESMAccess struct {
	Type string `json:",omitempty"`
	URI  string `json:",omitempty"`
}

// ESMKind is the kind of source arn designates ("" when it is none the fake
// knows: SQS queues, Kinesis streams, DynamoDB streams).
func ESMKind(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	switch parts[2] {
	case "sqs":
		return ESMSQS
	case "kinesis":
		if strings.HasPrefix(parts[5], "stream/") {
			return ESMKinesis
		}
	case "dynamodb":
		if strings.HasPrefix(parts[5], "table/") && strings.Contains(parts[5], "/stream/") {
			return ESMDynamoDB
		}
	}
	return ""
}

// ESMDestination is a mapping's DestinationConfig: streams answer
// {"OnFailure":{}} when none was given.
type ESMDestination struct {
	OnFailure ESMOnFailure
}

// ESMOnFailure is the on-failure destination.
type ESMOnFailure struct {
	Destination string `json:",omitempty"`
}

// ESMFilter is one filter of FilterCriteria: Pattern is the caller's JSON
// text, checked by the caller (the state knows no JSON).
type ESMFilter struct {
	Pattern string `json:",omitempty"`
}

// ESMFilterCriteria is FilterCriteria.
type ESMFilterCriteria struct {
	Filters []ESMFilter
}

// ESMScalingConfig is ScalingConfig (SQS).
type ESMScalingConfig struct {
	MaximumConcurrency *int `json:",omitempty"`
}

// EventSourceMapping is EventSourceMappingConfiguration as Lambda answers
// it: members a kind does not have are absent.
type EventSourceMapping struct {
	UUID                              string
	BatchSize                         int
	BisectBatchOnFunctionError        *bool              `json:",omitempty"`
	DestinationConfig                 *ESMDestination    `json:",omitempty"`
	EventSourceArn                    string             `json:",omitempty"`
	EventSourceMappingArn             string             `json:",omitempty"`
	FilterCriteria                    *ESMFilterCriteria `json:",omitempty"`
	FunctionArn                       string
	FunctionResponseTypes             *[]string         `json:",omitempty"`
	KMSKeyArn                         string            `json:",omitempty"`
	LastModified                      float64           // epoch seconds, as Lambda sends it
	LastProcessingResult              string            `json:",omitempty"`
	MaximumBatchingWindowInSeconds    *int              `json:",omitempty"`
	MaximumRecordAgeInSeconds         *int              `json:",omitempty"`
	MaximumRetryAttempts              *int              `json:",omitempty"`
	ParallelizationFactor             *int              `json:",omitempty"`
	ScalingConfig                     *ESMScalingConfig `json:",omitempty"`
	SelfManagedEventSource            *ESMSelfManaged   `json:",omitempty"`
	SelfManagedKafkaEventSourceConfig *ESMKafkaConfig   `json:",omitempty"`
	SourceAccessConfigurations        []ESMAccess       `json:",omitempty"`
	StartingPosition                  string            `json:",omitempty"`
	StartingPositionTimestamp         *float64          `json:",omitempty"`
	State                             string
	StateTransitionReason             string
	TumblingWindowInSeconds           *int     `json:",omitempty"`
	Topics                            []string `json:",omitempty"`
}

// ESMChange is what Create and Update take; nil members were not given.
type ESMChange struct {
	EventSourceArn string // Create only
	// Function and Qualifier name the function (nil Function on Update: unchanged).
	Function, Qualifier *string
	Enabled             *bool
	BatchSize           *int
	BatchingWindow      *int
	Parallelization     *int
	StartingPosition    string // Create only
	StartingTimestamp   *float64
	// Destination is DestinationConfig's OnFailure destination; OnSuccess
	// says DestinationConfig.OnSuccess was given.
	Destination           *string
	OnSuccess             bool
	MaxRecordAge          *int
	Bisect                *bool
	MaxRetries            *int
	TumblingWindow        *int
	Filters               *[]ESMFilter // nil: not given
	FunctionResponseTypes *[]string
	Scaling               *ESMScalingConfig
	KMSKeyArn             *string
	Tags                  map[string]string // Create only
	// Kafka: SelfManagedEventSource (nil: not given), its Topics,
	// SourceAccessConfigurations and ConsumerGroupId (Create only).
	SelfManaged   *ESMSelfManaged
	Topics        []string
	Access        *[]ESMAccess
	ConsumerGroup string
	// BadFilter says a filter's Pattern is not a pattern Lambda accepts
	// (checked by the caller, which knows JSON).
	BadFilter bool
}

// esm is a stored mapping.
type esm struct {
	cfg     EventSourceMapping // the settled configuration; State is the settled one
	kind    string
	fn      string // function name (for duplicates and the List filter)
	qual    string // its qualifier as given
	enabled bool
	tags    map[string]string

	// The transition in progress: trans is "" when settled.
	trans string
	since time.Time
	seen  bool // a read has shown trans

	created time.Time // when Create made it (a stream's LATEST starts there)
}

const esmArnInfix = ":event-source-mapping:"

// ESMArn is the ARN of the mapping uuid in this region.
func (r *Region) ESMArn(uuid string) string {
	return "arn:" + Partition(r.region) + ":lambda:" + r.region + ":" + r.account + esmArnInfix + uuid
}

func errESMNotFound() *Error { return errNotFound("The resource you requested does not exist.") }

func errInUse(msg string) *Error {
	return &Error{Code: "ResourceInUseException", Status: 400, Message: msg}
}

// settle completes m's transition when it is over at now; observe says
// the caller shows the state (a read), which completes a transition on
// the next read. It reports whether m is gone (its deletion completed).
func (r *Region) settle(m *esm, now time.Time, observe bool) (gone bool) {
	if m.trans == "" {
		return false
	}
	done := false
	if hold := r.store.ESMHold; hold > 0 {
		done = !now.Before(m.since.Add(hold))
	} else {
		done = m.seen
		if observe {
			m.seen = true
		}
	}
	if !done {
		return false
	}
	if m.trans == "Deleting" {
		delete(r.esms, m.cfg.UUID)
		return true
	}
	m.trans = ""
	return false
}

// view is m's configuration as answered now.
func (m *esm) view() EventSourceMapping {
	out := m.cfg
	if m.trans != "" {
		out.State = m.trans
	}
	if out.FilterCriteria != nil {
		out.FilterCriteria = &ESMFilterCriteria{Filters: append([]ESMFilter(nil), out.FilterCriteria.Filters...)}
	}
	if out.FunctionResponseTypes != nil {
		t := append([]string{}, (*out.FunctionResponseTypes)...)
		out.FunctionResponseTypes = &t
	}
	if out.DestinationConfig != nil {
		d := *out.DestinationConfig
		out.DestinationConfig = &d
	}
	if out.ScalingConfig != nil {
		s := *out.ScalingConfig
		out.ScalingConfig = &s
	}
	if sm := out.SelfManagedEventSource; sm != nil {
		c := &ESMSelfManaged{Endpoints: make(map[string][]string, len(sm.Endpoints))}
		for k, v := range sm.Endpoints {
			c.Endpoints[k] = slices.Clone(v)
		}
		out.SelfManagedEventSource = c
	}
	if kc := out.SelfManagedKafkaEventSourceConfig; kc != nil {
		c := *kc
		out.SelfManagedKafkaEventSourceConfig = &c
	}
	out.SourceAccessConfigurations = slices.Clone(out.SourceAccessConfigurations)
	out.Topics = slices.Clone(out.Topics)
	return out
}

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

// transitionReason is StateTransitionReason for a user's change.
func transitionReason(kind string) string {
	if kind == ESMSQS || kind == ESMKafka {
		return "USER_INITIATED"
	}
	return "User action"
}

// CreateEventSourceMapping creates a mapping; uuid names it. Lambda's
// checks, in its order: the source, DestinationConfig, the starting
// position, batch limits, then the function and duplicates. The caller has
// checked the model's constraints and the filter patterns.
func (r *Region) CreateEventSourceMapping(in ESMChange, now time.Time) (EventSourceMapping, *Error) {
	kind := ESMKind(in.EventSourceArn)
	if kind == "" && in.EventSourceArn == "" && in.SelfManaged != nil {
		kind = ESMKafka
	}
	if kind == "" {
		return EventSourceMapping{}, errInvalidParam("Unrecognized event source.")
	}
	if kind == ESMKafka && (in.Access == nil || len(*in.Access) == 0) {
		return EventSourceMapping{}, errInvalidParam("Required 'sourceAccessConfigurations' parameter is missing.")
	}
	if in.OnSuccess || (kind == ESMSQS && in.Destination != nil && *in.Destination != "") {
		return EventSourceMapping{}, errInvalidParam("Unsupported DestinationConfig parameter for given event source mapping type.")
	}
	stream := kind == ESMKinesis || kind == ESMDynamoDB
	if stream {
		if in.StartingPosition == "" {
			return EventSourceMapping{}, errInvalidParam("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
		}
		if kind == ESMDynamoDB && in.StartingPosition == "AT_TIMESTAMP" {
			return EventSourceMapping{}, errInvalidParam("Unsupported starting position for arn type: " + in.EventSourceArn)
		}
	}
	m := &esm{kind: kind, enabled: in.Enabled == nil || *in.Enabled}
	c := &m.cfg
	c.EventSourceArn = in.EventSourceArn
	c.StateTransitionReason = transitionReason(kind)
	if kind != ESMKafka {
		c.FunctionResponseTypes = &[]string{}
		c.MaximumBatchingWindowInSeconds = intp(0)
	}
	switch {
	case kind == ESMKafka:
		// Recorded 2024 (TestLambdaEventSourceMappings::test_create_event_source_self_managed).
		c.BatchSize = 100
		c.StartingPosition = in.StartingPosition
		if c.StartingPosition == "" {
			c.StartingPosition = "TRIM_HORIZON"
		}
		c.LastProcessingResult = "No records processed"
		c.SelfManagedEventSource = &ESMSelfManaged{Endpoints: map[string][]string{}}
		for k, v := range in.SelfManaged.Endpoints {
			c.SelfManagedEventSource.Endpoints[k] = append([]string(nil), v...)
		}
		c.Topics = append([]string(nil), in.Topics...)
		c.SourceAccessConfigurations = append([]ESMAccess(nil), (*in.Access)...)
	case stream:
		c.BatchSize = 100
		c.StartingPosition = in.StartingPosition
		c.LastProcessingResult = "No records processed"
		c.DestinationConfig = &ESMDestination{}
		c.BisectBatchOnFunctionError = boolp(false)
		c.MaximumRecordAgeInSeconds = intp(-1)
		c.MaximumRetryAttempts = intp(-1)
		c.ParallelizationFactor = intp(1)
		c.TumblingWindowInSeconds = intp(0)
	default:
		c.BatchSize = 10
	}
	if e := m.apply(in); e != nil {
		return EventSourceMapping{}, e
	}
	fn := ""
	if in.Function != nil {
		fn = *in.Function
	}
	q := ""
	if in.Qualifier != nil {
		q = *in.Qualifier
	}
	if e := r.esmFunction(fn, q); e != nil {
		return EventSourceMapping{}, e
	}
	m.fn, m.qual = fn, q
	c.FunctionArn = r.QualifiedARN(fn, q)
	if e := r.esmSourceExists(kind, in.EventSourceArn); e != nil {
		return EventSourceMapping{}, e
	}
	if e := r.esmDuplicate(m, "", now); e != nil {
		return EventSourceMapping{}, e
	}
	c.UUID = r.newID()
	c.EventSourceMappingArn = r.ESMArn(c.UUID)
	if kind == ESMKafka {
		group := in.ConsumerGroup
		if group == "" {
			group = c.UUID // recorded: the mapping's UUID
		}
		c.SelfManagedKafkaEventSourceConfig = &ESMKafkaConfig{ConsumerGroupId: group}
	}
	c.LastModified = epochSeconds(now)
	if len(in.Tags) > 0 {
		m.tags = maps.Clone(in.Tags)
	}
	if m.enabled {
		c.State, m.trans = "Enabled", "Creating"
	} else {
		c.State = "Disabled" // recorded: Disabled at once in the 202
	}
	m.since, m.created = now, now
	if r.esms == nil {
		r.esms = map[string]*esm{}
	}
	r.esms[c.UUID] = m
	return m.view(), nil
}

// apply sets the members in gives (but the function) on m and checks the
// limits that depend on several of them.
func (m *esm) apply(in ESMChange) *Error {
	c := &m.cfg
	stream := m.kind == ESMKinesis || m.kind == ESMDynamoDB
	if in.BatchSize != nil {
		c.BatchSize = *in.BatchSize
	}
	if in.BatchingWindow != nil {
		c.MaximumBatchingWindowInSeconds = intp(*in.BatchingWindow)
	}
	if in.Access != nil && m.kind == ESMKafka && len(*in.Access) > 0 {
		c.SourceAccessConfigurations = append([]ESMAccess(nil), (*in.Access)...)
	}
	if m.kind == ESMSQS && c.BatchSize > 10 && *c.MaximumBatchingWindowInSeconds == 0 {
		return errInvalidParam("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
	}
	if in.BadFilter {
		return errInvalidParam("Invalid filter pattern definition.")
	}
	if in.Filters != nil {
		if len(*in.Filters) == 0 {
			c.FilterCriteria = nil // recorded: omitted when Filters is []
		} else {
			c.FilterCriteria = &ESMFilterCriteria{Filters: append([]ESMFilter(nil), (*in.Filters)...)}
		}
	}
	if in.FunctionResponseTypes != nil {
		t := append([]string{}, (*in.FunctionResponseTypes)...)
		c.FunctionResponseTypes = &t
	}
	if in.KMSKeyArn != nil {
		c.KMSKeyArn = *in.KMSKeyArn
	}
	if m.kind == ESMSQS && in.Scaling != nil {
		s := *in.Scaling
		c.ScalingConfig = &s
	}
	if stream {
		if in.Destination != nil {
			c.DestinationConfig = &ESMDestination{OnFailure: ESMOnFailure{Destination: *in.Destination}}
		}
		if in.Parallelization != nil {
			c.ParallelizationFactor = intp(*in.Parallelization)
		}
		if in.MaxRecordAge != nil {
			c.MaximumRecordAgeInSeconds = intp(*in.MaxRecordAge)
		}
		if in.MaxRetries != nil {
			c.MaximumRetryAttempts = intp(*in.MaxRetries)
		}
		if in.Bisect != nil {
			c.BisectBatchOnFunctionError = boolp(*in.Bisect)
		}
		if in.TumblingWindow != nil {
			c.TumblingWindowInSeconds = intp(*in.TumblingWindow)
		}
		if in.StartingTimestamp != nil && c.StartingPosition == "AT_TIMESTAMP" {
			ts := *in.StartingTimestamp
			c.StartingPositionTimestamp = &ts
		}
	}
	return nil
}

// esmFunction checks that the function (and its version or alias) a
// mapping names exists: Lambda answers 400, not 404.
func (r *Region) esmFunction(name, q string) *Error {
	if _, _, e := r.resolve(name, q, Lookup{}); e != nil {
		return errInvalidParam("Function does not exist")
	}
	return nil
}

// esmDuplicate refuses a second mapping of one source to one function
// (name and qualifier), except skip (the mapping being updated).
func (r *Region) esmDuplicate(m *esm, skip string, now time.Time) *Error {
	for _, o := range r.sortedESMs() {
		if o.cfg.UUID == skip || r.settle(o, now, false) || o.kind != m.kind || o.cfg.EventSourceArn != m.cfg.EventSourceArn {
			continue
		}
		if m.kind == ESMKafka {
			// Recorded: one shared bootstrap server, the same function and
			// topics; the function is named by its ARN, the servers are the new
			// mapping's.
			if o.cfg.FunctionArn != m.cfg.FunctionArn || !slices.Equal(o.cfg.Topics, m.cfg.Topics) ||
				!overlap(o.cfg.SelfManagedEventSource.Endpoints["KAFKA_BOOTSTRAP_SERVERS"], m.cfg.SelfManagedEventSource.Endpoints["KAFKA_BOOTSTRAP_SERVERS"]) {
				continue
			}
			return errConflict(`An event source mapping with event source ("` +
				strings.Join(m.cfg.SelfManagedEventSource.Endpoints["KAFKA_BOOTSTRAP_SERVERS"], ",") + `"), function ("` + m.cfg.FunctionArn +
				`"), topics ("` + strings.Join(m.cfg.Topics, ",") + `") already exists. Please update or delete the existing mapping with UUID ` + o.cfg.UUID)
		}
		if o.fn != m.fn || o.qual != m.qual {
			continue
		}
		if m.kind == ESMSQS {
			return errConflict(`An event source mapping with SQS arn (" ` + m.cfg.EventSourceArn + ` ") and function (" ` + m.fn +
				` ") already exists. Please update or delete the existing mapping with UUID ` + o.cfg.UUID)
		}
		return errConflict(`The event source arn (" ` + m.cfg.EventSourceArn + ` ") and function (" ` + m.fn +
			` ") provided mapping already exists. Please update or delete the existing mapping with UUID ` + o.cfg.UUID)
	}
	return nil
}

// sortedESMs is every mapping, by UUID.
func (r *Region) sortedESMs() []*esm {
	out := make([]*esm, 0, len(r.esms))
	for _, m := range r.esms {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].cfg.UUID < out[j].cfg.UUID })
	return out
}

// esm finds mapping uuid at now (a read observes its state when observe).
func (r *Region) esm(uuid string, now time.Time, observe bool) (*esm, *Error) {
	m := r.esms[uuid]
	if m == nil || r.settle(m, now, observe) {
		return nil, errESMNotFound()
	}
	return m, nil
}

// GetEventSourceMapping answers mapping uuid, observing its state.
func (r *Region) GetEventSourceMapping(uuid string, now time.Time) (EventSourceMapping, *Error) {
	m, e := r.esm(uuid, now, true)
	if e != nil {
		return EventSourceMapping{}, e
	}
	return m.view(), nil
}

// UpdateEventSourceMapping changes mapping uuid. A mapping in transition
// refuses the change (ResourceInUseException). Enabled switching answers
// Enabling or Disabling, another change Updating (recorded, SQS and
// DynamoDB streams).
func (r *Region) UpdateEventSourceMapping(uuid string, in ESMChange, now time.Time) (EventSourceMapping, *Error) {
	m, e := r.esm(uuid, now, false)
	if e != nil {
		return EventSourceMapping{}, e
	}
	if m.trans != "" {
		return EventSourceMapping{}, errInUse("Cannot update the event source mapping because it is in use.")
	}
	if in.OnSuccess || (m.kind == ESMSQS && in.Destination != nil && *in.Destination != "") {
		return EventSourceMapping{}, errInvalidParam("Unsupported DestinationConfig parameter for given event source mapping type.")
	}
	next := *m
	next.cfg = m.view()
	if e := next.apply(in); e != nil {
		return EventSourceMapping{}, e
	}
	if in.Function != nil {
		q := ""
		if in.Qualifier != nil {
			q = *in.Qualifier
		}
		if e := r.esmFunction(*in.Function, q); e != nil {
			return EventSourceMapping{}, e
		}
		next.fn, next.qual = *in.Function, q
		next.cfg.FunctionArn = r.QualifiedARN(next.fn, q)
		if e := r.esmDuplicate(&next, uuid, now); e != nil {
			return EventSourceMapping{}, e
		}
	}
	trans := "Updating"
	if in.Enabled != nil && *in.Enabled != m.enabled {
		next.enabled = *in.Enabled
		trans = map[bool]string{true: "Enabling", false: "Disabling"}[next.enabled]
	}
	next.cfg.State = map[bool]string{true: "Enabled", false: "Disabled"}[next.enabled]
	next.cfg.StateTransitionReason = transitionReason(m.kind)
	next.cfg.LastModified = epochSeconds(now)
	next.trans, next.since, next.seen = trans, now, false
	*m = next
	return m.view(), nil
}

// DeleteEventSourceMapping starts deleting mapping uuid and answers it in
// Deleting; it is gone once the deletion completes. One being created or
// updated refuses (ResourceInUseException).
func (r *Region) DeleteEventSourceMapping(uuid string, now time.Time) (EventSourceMapping, *Error) {
	m, e := r.esm(uuid, now, false)
	if e != nil {
		return EventSourceMapping{}, e
	}
	switch m.trans {
	case "Creating", "Updating":
		return EventSourceMapping{}, errInUse("Cannot delete the event source mapping because it is in use.")
	case "Deleting":
		return m.view(), nil
	}
	m.trans, m.since, m.seen = "Deleting", now, false
	return m.view(), nil
}

// ESMListFilter selects mappings in ListEventSourceMappings: "" matches any.
type ESMListFilter struct {
	EventSourceArn string
	Function       string
	// Qualifier, when QualifierGiven, must equal the mapping's.
	Qualifier      string
	QualifierGiven bool
}

// ListEventSourceMappings answers the mappings that match, by UUID,
// observing their states.
func (r *Region) ListEventSourceMappings(f ESMListFilter, now time.Time) []EventSourceMapping {
	out := []EventSourceMapping{}
	for _, m := range r.sortedESMs() {
		if f.EventSourceArn != "" && m.cfg.EventSourceArn != f.EventSourceArn {
			continue
		}
		if f.Function != "" && (m.fn != f.Function || f.QualifierGiven && m.qual != f.Qualifier) {
			continue
		}
		if r.settle(m, now, true) {
			continue
		}
		out = append(out, m.view())
	}
	return out
}

// ESMTags answers a copy of mapping uuid's tags (never nil); arn names it
// in a "not found".
func (r *Region) ESMTags(uuid, arn string, now time.Time) (map[string]string, *Error) {
	m := r.esms[uuid]
	if m == nil || r.settle(m, now, false) {
		return nil, errNotFound("Event source mapping not found: " + arn)
	}
	out := maps.Clone(m.tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

// TagESM adds or replaces tags on mapping uuid.
func (r *Region) TagESM(uuid, arn string, tags map[string]string, now time.Time) *Error {
	m := r.esms[uuid]
	if m == nil || r.settle(m, now, false) {
		return errNotFound("Event source mapping not found: " + arn)
	}
	if len(tags) > 0 && m.tags == nil {
		m.tags = make(map[string]string, len(tags))
	}
	maps.Copy(m.tags, tags)
	return nil
}

// UntagESM removes keys from mapping uuid's tags.
func (r *Region) UntagESM(uuid, arn string, keys []string, now time.Time) *Error {
	m := r.esms[uuid]
	if m == nil || r.settle(m, now, false) {
		return errNotFound("Event source mapping not found: " + arn)
	}
	for _, k := range keys {
		delete(m.tags, k)
	}
	return nil
}

// epochSeconds is t as Lambda's epoch-seconds timestamps, to the millisecond.
func epochSeconds(t time.Time) float64 {
	return float64(t.UnixMilli()) / 1000
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// DeclareEventSource makes arn a source that exists (for KnownSources).
func (r *Region) DeclareEventSource(arn string) {
	if r.declared == nil {
		r.declared = map[string]bool{}
	}
	r.declared[arn] = true
}

// esmSourceExists answers Lambda's error for a source that does not exist,
// when the store checks sources (KnownSources): recorded,
// test_esm_with_not_existing_{sqs_queue,kinesis_stream,dynamodb_stream}.
func (r *Region) esmSourceExists(kind, arn string) *Error {
	if !r.store.KnownSources || kind == ESMKafka || r.declared[arn] || r.sqs[arn] != nil {
		return nil
	}
	if kind == ESMSQS {
		return errInvalidParam("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.")
	}
	return errInvalidParam("Stream not found: " + arn)
}

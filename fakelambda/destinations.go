package fakelambda

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Destinations of async invocations: when RunQueued settles an event, the
// OnSuccess or OnFailure destination of the config governing it (Put/
// UpdateFunctionEventInvokeConfig) receives a record in Lambda's shape:
//
//	{"version":"1.0","timestamp":"2026-01-02T03:04:05.000Z",
//	 "requestContext":{"requestId":...,"functionArn":"...:function:f:$LATEST",
//	   "condition":"Success|RetriesExhausted|EventAgeExceeded|ZeroReservedConcurrency","approximateInvokeCount":1},
//	 "requestPayload":{...},
//	 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
//	 "responsePayload":{...}}
//
// (recorded: test_lambda_destinations.snapshot.json). A Lambda destination
// is invoked: the record is queued as an async event of that function, run
// by a later RunQueued. SQS, SNS, EventBridge and S3 destinations are kept
// for the test to read: DestinationRecords in Go, GET
// /_fakelambda/destinations?Arn=... over HTTP.

// destRecord is a destination record; the field order is Lambda's.
type destRecord struct {
	Version         string           `json:"version"`
	Timestamp       string           `json:"timestamp"`
	RequestContext  destRequest      `json:"requestContext"`
	RequestPayload  json.RawMessage  `json:"requestPayload"`
	ResponseContext *destResponse    `json:"responseContext,omitempty"`
	ResponsePayload *json.RawMessage `json:"responsePayload,omitempty"`
}

type destRequest struct {
	RequestID              string `json:"requestId"`
	FunctionArn            string `json:"functionArn"`
	Condition              string `json:"condition"`
	ApproximateInvokeCount int    `json:"approximateInvokeCount"`
}

type destResponse struct {
	StatusCode      int    `json:"statusCode"`
	ExecutedVersion string `json:"executedVersion"`
	FunctionError   string `json:"functionError,omitempty"`
}

// eventBridgeEvent is what Lambda puts on an EventBridge bus destination:
// the record as the event's detail (recorded:
// TestLambdaDestinationEventbridge::test_invoke_lambda_eventbridge).
type eventBridgeEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

// marshalRaw encodes v as JSON without HTML escaping (Lambda sends <, >
// and & as they are).
func marshalRaw(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// asJSON is b as a JSON value: b itself when it is JSON, null when empty,
// else a JSON string of it.
func asJSON(b []byte) json.RawMessage {
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return json.RawMessage("null")
	case json.Valid(b):
		return json.RawMessage(b)
	}
	return json.RawMessage(marshalRaw(string(b)))
}

// settle sends ev's outcome to the destination of its condition, when the
// config governing it names one. out is the last run's outcome, nil when
// the event never ran. Callers hold f.mu.
func (f *Fake) settle(r *state.Region, ev *queuedEvent, cfg state.EventInvokeConfig, condition string, out *handlerOutcome, now time.Time) {
	dest := cfg.OnFailure
	if condition == "Success" {
		dest = cfg.OnSuccess
	}
	if dest == "" {
		return
	}
	rec := destRecord{
		Version:   "1.0",
		Timestamp: now.Format("2006-01-02T15:04:05.000Z"),
		RequestContext: destRequest{RequestID: ev.requestID, FunctionArn: r.QualifiedARN(ev.function, ev.invoked),
			Condition: condition, ApproximateInvokeCount: ev.attempts},
		RequestPayload: asJSON(ev.payload),
	}
	if out != nil {
		rec.ResponseContext = &destResponse{StatusCode: 200, ExecutedVersion: ev.version}
		payload := asJSON(out.payload)
		if out.errType != "" {
			rec.ResponseContext.FunctionError = "Unhandled"
			payload = out.errorBody()
		}
		rec.ResponsePayload = &payload
	}
	body := marshalRaw(rec)
	switch destinationService(dest) {
	case "lambda":
		f.enqueueDestination(r, dest, body, now)
	case "events":
		detailType := "Lambda Function Invocation Result - Success"
		if condition != "Success" {
			detailType = "Lambda Function Invocation Result - Failure"
		}
		body = marshalRaw(eventBridgeEvent{Version: "0", ID: f.newRevision(), DetailType: detailType, Source: "lambda",
			Account: r.Account(), Time: now.Format(time.RFC3339), Region: r.Name(),
			Resources: []string{dest, rec.RequestContext.FunctionArn}, Detail: body})
		fallthrough
	default:
		if f.inv.delivered == nil {
			f.inv.delivered = map[string][][]byte{}
		}
		f.inv.delivered[dest] = append(f.inv.delivered[dest], body)
	}
}

// enqueueDestination queues record as an async event of the Lambda
// destination arn (a version or alias when the ARN is qualified). A
// destination deleted since the config was put gets nothing, as in Lambda,
// where the delivery fails. Callers hold f.mu.
func (f *Fake) enqueueDestination(from *state.Region, arn string, record []byte, now time.Time) {
	ref, ok := parseFunctionName(arn)
	if !ok {
		return
	}
	r := f.store.Region(ref.Account, ref.Region)
	t, se := r.Resolve(ref.Name, ref.Qualifier, state.Lookup{Invoke: true}) // unqualified: $LATEST, or $LATEST.PUBLISHED (capacity providers)
	if se != nil {
		return
	}
	ev := &queuedEvent{account: ref.Account, region: ref.Region, function: t.Function, invoked: t.Qualifier,
		version: r.InvokeVersion(t, f.draw), payload: record, requestID: f.newRevision(), queuedAt: now}
	if r.ReservedZero(t.Function) {
		f.dropZeroReserved(r, ev, now)
		return
	}
	f.inv.queue = append(f.inv.queue, ev)
}

// DestinationRecords returns copies of the records delivered so far to the
// SQS queue, SNS topic, EventBridge event bus or S3 bucket destinationARN
// (an OnSuccess or OnFailure destination of an async invocation config),
// oldest first: each is the JSON an SQS message body, an SNS message or an
// S3 object would hold (for an event bus, the EventBridge event with the
// record as its detail). Lambda destinations are invoked instead (see
// RunQueued). Reset forgets the records.
func (f *Fake) DestinationRecords(destinationARN string) [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	recs := f.inv.delivered[destinationARN]
	out := make([][]byte, len(recs))
	for i, b := range recs {
		out[i] = append([]byte(nil), b...)
	}
	return out
}

// controlDestinations answers GET /_fakelambda/destinations?Arn=...:
// {"Records":[...]}, DestinationRecords as JSON values.
func (f *Fake) controlDestinations(r *http.Request) (any, *controlError) {
	arn := r.URL.Query().Get("Arn")
	if strings.TrimSpace(arn) == "" {
		return nil, badRequest("the Arn query parameter is required: the destination's ARN")
	}
	recs := f.DestinationRecords(arn)
	out := make([]json.RawMessage, len(recs))
	for i, b := range recs {
		out[i] = b
	}
	return map[string][]json.RawMessage{"Records": out}, nil
}

// controlRunQueued answers POST /_fakelambda/queue/run: RunQueued, for
// clients that are not Go: {"Ran": handler runs}.
func (f *Fake) controlRunQueued(r *http.Request) (any, *controlError) {
	return map[string]int{"Ran": f.RunQueued(r.Context())}, nil
}

package fakelambda

import (
	"net/http"
	"time"
)

// The control API of SQS delivery, for tests in other languages (served
// under /_fakelambda/ with the rest of the control API):
//
//	POST /_fakelambda/sqs/messages {"QueueArn":"arn:aws:sqs:...","Messages":[{"Body":"...",
//	     "MessageGroupId":"...","MessageDeduplicationId":"...",
//	     "MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}}]}
//	     -> {"MessageIds":[...]}   (BinaryValue: base64; a malformed message: 400, nothing sent)
//	GET  /_fakelambda/sqs/messages?QueueArn=arn:aws:sqs:...
//	     -> {"Messages":[{"MessageId","Body",...,"ReceiveCount","SentAt","VisibleAt"}]}
//	PUT  /_fakelambda/sqs/queues {"QueueArn":"...","VisibilityTimeout":"10s","MaxReceiveCount":2,
//	     "DeadLetterQueueArn":"..."} -> {}   (SetSQSQueue)
//	POST /_fakelambda/event-sources/run -> {"Batches":n}   (RunEventSources)

// esmControl serves the paths above; ok is false for any other path.
func (f *Fake) esmControl(r *http.Request, path string) (body any, cerr *controlError, ok bool) {
	switch path {
	case "sqs/messages":
		if e := allow(r, http.MethodGet, http.MethodPost); e != nil {
			return nil, e, true
		}
		if r.Method == http.MethodGet {
			queue := r.URL.Query().Get("QueueArn")
			msgs := f.SQSMessages(queue)
			if msgs == nil {
				msgs = []QueuedSQSMessage{}
			}
			return map[string][]QueuedSQSMessage{"Messages": msgs}, nil, true
		}
		var in struct {
			QueueArn string
			Messages []SQSMessage
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e, true
		}
		ids, err := f.SendSQSMessages(in.QueueArn, in.Messages...)
		if err != nil {
			return nil, badRequest("%s", err.Error()), true
		}
		return map[string][]string{"MessageIds": ids}, nil, true
	case "sqs/queues":
		if e := allow(r, http.MethodPut); e != nil {
			return nil, e, true
		}
		var in struct {
			QueueArn           string
			VisibilityTimeout  string
			MaxReceiveCount    int
			DeadLetterQueueArn string
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e, true
		}
		q := SQSQueue{MaxReceiveCount: in.MaxReceiveCount, DeadLetterQueueArn: in.DeadLetterQueueArn}
		if in.VisibilityTimeout != "" {
			d, err := time.ParseDuration(in.VisibilityTimeout)
			if err != nil {
				return nil, badRequest("VisibilityTimeout: %v", err), true
			}
			q.VisibilityTimeout = d
		}
		if err := f.SetSQSQueue(in.QueueArn, q); err != nil {
			return nil, badRequest("%s", err.Error()), true
		}
		return struct{}{}, nil, true
	case "event-sources/run":
		if e := allow(r, http.MethodPost); e != nil {
			return nil, e, true
		}
		return map[string]int{"Batches": f.RunEventSources(r.Context())}, nil, true
	}
	return f.streamControl(r, path) // esm_streams_control.go
}

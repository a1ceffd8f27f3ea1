package fakelambda

import "net/http"

// The control API of stream delivery, for tests in other languages (served
// under /_fakelambda/ with the rest of the control API):
//
//	POST /_fakelambda/kinesis/records {"StreamArn":"arn:aws:kinesis:...:stream/s",
//	     "Records":[{"PartitionKey":"k","Data":"<base64>"}]} -> {"SequenceNumbers":[...]}
//	POST /_fakelambda/dynamodb/records {"StreamArn":"arn:aws:dynamodb:...:table/t/stream/l",
//	     "Records":[{"EventName":"INSERT","Keys":{"id":{"S":"1"}},"NewImage":{...},
//	     "OldImage":{...},"StreamViewType":"NEW_AND_OLD_IMAGES"}]} -> {"SequenceNumbers":[...]}
//	     (a malformed record: 400, nothing put)
//	GET  /_fakelambda/streams/records?StreamArn=... -> {"Records":[{"SequenceNumber","ArrivedAt",
//	     "PartitionKey","Data","EventName"}]}
//	GET  /_fakelambda/streams/deliveries -> {"Deliveries":[StreamDelivery...]}
//
// POST /_fakelambda/event-sources/run (esm_control.go) runs the stream
// pollers with the SQS ones.

// streamControl serves the paths above; ok is false for any other path.
func (f *Fake) streamControl(r *http.Request, path string) (body any, cerr *controlError, ok bool) {
	switch path {
	case "kinesis/records":
		if e := allow(r, http.MethodPost); e != nil {
			return nil, e, true
		}
		var in struct {
			StreamArn string
			Records   []KinesisRecord
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e, true
		}
		seqs, err := f.PutKinesisRecords(in.StreamArn, in.Records...)
		if err != nil {
			return nil, badRequest("%s", err.Error()), true
		}
		return map[string][]string{"SequenceNumbers": seqs}, nil, true
	case "dynamodb/records":
		if e := allow(r, http.MethodPost); e != nil {
			return nil, e, true
		}
		var in struct {
			StreamArn string
			Records   []DynamoDBRecord
		}
		if e := decodeControl(r, &in); e != nil {
			return nil, e, true
		}
		seqs, err := f.PutDynamoDBRecords(in.StreamArn, in.Records...)
		if err != nil {
			return nil, badRequest("%s", err.Error()), true
		}
		return map[string][]string{"SequenceNumbers": seqs}, nil, true
	case "streams/records":
		if e := allow(r, http.MethodGet); e != nil {
			return nil, e, true
		}
		recs := f.StreamRecords(r.URL.Query().Get("StreamArn"))
		if recs == nil {
			recs = []StreamRecord{}
		}
		return map[string][]StreamRecord{"Records": recs}, nil, true
	case "streams/deliveries":
		if e := allow(r, http.MethodGet); e != nil {
			return nil, e, true
		}
		d := f.StreamDeliveries()
		if d == nil {
			d = []StreamDelivery{}
		}
		return map[string][]StreamDelivery{"Deliveries": d}, nil, true
	}
	return nil, nil, false
}

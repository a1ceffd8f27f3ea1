package fakelambda

import (
	"bytes"
	"encoding/json"
	"testing"
)

// appendSQSEvent encodes exactly as encoding/json (HTML escaping off)
// would, for any strings.
func FuzzAppendSQSEvent(f *testing.F) {
	for _, s := range []string{"", "plain", `{"a":"<b>&"}`, "\x00\x01\b\f\n\r\t\"\\", "\u2028\u2029é\xff\xfe", "日本"} {
		f.Add(s, "id", "attr")
	}
	f.Fuzz(func(t *testing.T, body, id, attr string) {
		recs := []sqsRecord{{MessageId: id, ReceiptHandle: "r", Body: body, Md5OfBody: "m", EventSource: "aws:sqs",
			EventSourceARN: "arn", AwsRegion: "us-east-1", MessageAttributes: map[string]sqsRecordMsgAttr{},
			Attributes: sqsRecordAttributes{ApproximateReceiveCount: "1", SentTimestamp: "2", SenderId: attr,
				ApproximateFirstReceiveTimestamp: "3", MessageGroupId: attr, SequenceNumber: id}}}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct{ Records []sqsRecord }{recs}); err != nil {
			t.Fatal(err)
		}
		got := appendSQSEvent(nil, recs)
		if !bytes.Equal(bytes.TrimSuffix(want.Bytes(), []byte("\n")), got) {
			t.Fatalf("\nwant %s\ngot  %s", want.Bytes(), got)
		}
	})
}

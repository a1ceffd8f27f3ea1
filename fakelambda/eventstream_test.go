package fakelambda

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// TestEventStreamVectors checks the hand-written encoder against the
// reference's test vectors (decoded by the Go SDK in a probe).
func TestEventStreamVectors(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  []byte
		want string
	}{
		{"PayloadChunk hi", appendPayloadChunk(nil, []byte("hi")), "0000006c0000005ab25efdcf0b3a6576656e742d7479706507000c5061796c6f61644368756e6b0d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167652d747970650700056576656e7468691162e469"},
		{"InvokeComplete {}", appendInvokeComplete(nil, "", "", ""), "00000066000000541f56c8690b3a6576656e742d7479706507000e496e766f6b65436f6d706c6574650d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b7d7006d467"},
	} {
		if got := hex.EncodeToString(tc.got); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestEventStreamSDKDecoder decodes a stream of messages with the SDK's own
// event-stream decoder (CRCs, lengths, headers) and compares each with what
// was encoded, including empty and large payloads.
func TestEventStreamSDKDecoder(t *testing.T) {
	payloads := [][]byte{[]byte("one"), {}, bytes.Repeat([]byte{0, 1, 2, 0xff}, 1<<18), []byte(`{"a":"<b>&"}`)}
	var stream []byte
	for _, p := range payloads {
		stream = appendPayloadChunk(stream, p)
	}
	stream = appendInvokeComplete(stream, "Unhandled", `{"errorMessage":"boom","errorType":"errorString"}`, "TG9n")
	dec := eventstream.NewDecoder()
	r := bytes.NewReader(stream)
	for i, p := range payloads {
		msg, err := dec.Decode(r, nil)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if !bytes.Equal(msg.Payload, p) {
			t.Fatalf("message %d: payload of %d bytes, want %d", i, len(msg.Payload), len(p))
		}
		for name, want := range map[string]string{":event-type": "PayloadChunk", ":message-type": "event", ":content-type": "application/octet-stream"} {
			if v := msg.Headers.Get(name); v == nil || v.String() != want {
				t.Fatalf("message %d: header %s = %v, want %s", i, name, v, want)
			}
		}
	}
	msg, err := dec.Decode(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := msg.Headers.Get(":event-type"); v == nil || v.String() != "InvokeComplete" {
		t.Fatalf(":event-type = %v", v)
	}
	want := `{"ErrorCode":"Unhandled","ErrorDetails":"{\"errorMessage\":\"boom\",\"errorType\":\"errorString\"}","LogResult":"TG9n"}`
	if string(msg.Payload) != want {
		t.Fatalf("InvokeComplete payload %s, want %s", msg.Payload, want)
	}
	if r.Len() != 0 {
		t.Fatalf("%d bytes left over", r.Len())
	}
}

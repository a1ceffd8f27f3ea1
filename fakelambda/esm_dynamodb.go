package fakelambda

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Delivery from DynamoDB streams: the fake has no DynamoDB API, so a test
// puts the stream records a table change would make with
// PutDynamoDBRecords; RunEventSources delivers them as it does Kinesis
// records (esm_streams.go: checkpoints, batching, filters, retries,
// bisection, record age, on-failure records), in the DynamoDB event
// envelope as Lambda builds it.

// DynamoDBRecord is a stream record to put on a DynamoDB stream: the change
// to one item. Keys, NewImage and OldImage hold attribute values in
// DynamoDB's JSON, e.g. map[string]any{"id": map[string]any{"S": "1"}},
// a B value as []byte or base64 text.
type DynamoDBRecord struct {
	EventName string // "INSERT", "MODIFY" or "REMOVE"
	Keys      map[string]any
	NewImage  map[string]any // INSERT and MODIFY
	OldImage  map[string]any // MODIFY and REMOVE
	// StreamViewType is the stream's view type: "NEW_AND_OLD_IMAGES" (the
	// default), "NEW_IMAGE", "OLD_IMAGE" or "KEYS_ONLY"; the images it
	// does not show are left out of the record.
	StreamViewType string
}

// ddbRecordJSON is what the state keeps of a record: its images.
type ddbRecordJSON struct {
	Keys     json.RawMessage `json:",omitempty"`
	NewImage json.RawMessage `json:",omitempty"`
	OldImage json.RawMessage `json:",omitempty"`
}

// PutDynamoDBRecords puts recs on the DynamoDB stream streamArn
// (arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>), at
// the fake's now, and returns their sequence numbers. A malformed record
// (an unknown event name or view type, no keys, an image its event cannot
// have, an attribute value that is not DynamoDB JSON) refuses the whole
// call and changes nothing. SizeBytes is computed as DynamoDB sizes items
// (names and values in bytes; numbers by significant digits).
func (f *Fake) PutDynamoDBRecords(streamArn string, recs ...DynamoDBRecord) ([]string, error) {
	if state.ESMKind(streamArn) != state.ESMDynamoDB {
		return nil, fmt.Errorf("fakelambda: %q is not a DynamoDB stream ARN (arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>)", streamArn)
	}
	in := make([]state.StreamRecord, len(recs))
	for i, r := range recs {
		sr, err := dynamoDBStreamRecord(r)
		if err != nil {
			return nil, fmt.Errorf("fakelambda: record %d: %w", i, err)
		}
		in[i] = sr
	}
	parts := strings.Split(streamArn, ":")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.store.Region(parts[4], parts[3]).PutStreamRecords(streamArn, in, f.now()), nil
}

func dynamoDBStreamRecord(r DynamoDBRecord) (state.StreamRecord, error) {
	view := r.StreamViewType
	if view == "" {
		view = "NEW_AND_OLD_IMAGES"
	}
	switch view {
	case "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY":
	default:
		return state.StreamRecord{}, fmt.Errorf("StreamViewType %q is not NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY", view)
	}
	switch r.EventName {
	case "INSERT":
		if r.OldImage != nil {
			return state.StreamRecord{}, fmt.Errorf("an INSERT has no OldImage")
		}
	case "REMOVE":
		if r.NewImage != nil {
			return state.StreamRecord{}, fmt.Errorf("a REMOVE has no NewImage")
		}
	case "MODIFY":
	default:
		return state.StreamRecord{}, fmt.Errorf("EventName %q is not INSERT, MODIFY or REMOVE", r.EventName)
	}
	if len(r.Keys) == 0 {
		return state.StreamRecord{}, fmt.Errorf("the record has no Keys")
	}
	var out ddbRecordJSON
	size := 0
	for _, img := range []struct {
		name string
		v    map[string]any
		dst  *json.RawMessage
		show bool
	}{
		{"Keys", r.Keys, &out.Keys, true},
		{"NewImage", r.NewImage, &out.NewImage, view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES"},
		{"OldImage", r.OldImage, &out.OldImage, view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES"},
	} {
		if img.v == nil {
			continue
		}
		b, err := json.Marshal(img.v)
		if err != nil {
			return state.StreamRecord{}, fmt.Errorf("%s: %v", img.name, err)
		}
		var item map[string]any
		_ = json.Unmarshal(b, &item)
		n, err := itemSize(item)
		if err != nil {
			return state.StreamRecord{}, fmt.Errorf("%s: %v", img.name, err)
		}
		if img.show {
			*img.dst = b
			size += n
		}
	}
	return state.StreamRecord{EventName: r.EventName, Dynamo: marshalNoEscape(out), ViewType: view, SizeBytes: size}, nil
}

// itemSize is the size DynamoDB counts for an item (or a map): each
// attribute's name and value.
func itemSize(item map[string]any) (int, error) {
	n := 0
	for name, v := range item {
		s, err := valueSize(v)
		if err != nil {
			return 0, fmt.Errorf("attribute %q: %v", name, err)
		}
		n += len(name) + s
	}
	return n, nil
}

// valueSize is one attribute value's size: strings and binaries their
// bytes, numbers about one byte per two significant digits plus one,
// booleans and nulls one byte, lists and maps three bytes plus their
// elements (and a byte each).
func valueSize(v any) (int, error) {
	av, ok := v.(map[string]any)
	if !ok || len(av) != 1 {
		return 0, fmt.Errorf("not a DynamoDB attribute value ({\"S\":...}, {\"N\":...}, ...): %s", marshalNoEscape(v))
	}
	for typ, x := range av {
		switch typ {
		case "S":
			s, ok := x.(string)
			if !ok {
				return 0, fmt.Errorf("S is not a string")
			}
			return len(s), nil
		case "N":
			s, ok := x.(string)
			if !ok || s == "" {
				return 0, fmt.Errorf("N is not a number string")
			}
			return numberSize(s), nil
		case "B":
			s, ok := x.(string)
			b, err := base64.StdEncoding.DecodeString(s)
			if !ok || err != nil {
				return 0, fmt.Errorf("B is not binary")
			}
			return len(b), nil
		case "BOOL", "NULL":
			if _, ok := x.(bool); !ok {
				return 0, fmt.Errorf("%s is not a boolean", typ)
			}
			return 1, nil
		case "SS", "NS", "BS":
			l, ok := x.([]any)
			if !ok || len(l) == 0 {
				return 0, fmt.Errorf("%s is not a non-empty set", typ)
			}
			n := 0
			for _, e := range l {
				s, err := valueSize(map[string]any{typ[:1]: e})
				if err != nil {
					return 0, err
				}
				n += s
			}
			return n, nil
		case "L":
			l, ok := x.([]any)
			if !ok {
				return 0, fmt.Errorf("L is not a list")
			}
			n := 3
			for _, e := range l {
				s, err := valueSize(e)
				if err != nil {
					return 0, err
				}
				n += s + 1
			}
			return n, nil
		case "M":
			m, ok := x.(map[string]any)
			if !ok {
				return 0, fmt.Errorf("M is not a map")
			}
			s, err := itemSize(m)
			return 3 + s + len(m), err
		}
		return 0, fmt.Errorf("unknown attribute type %q", typ)
	}
	return 0, nil
}

// numberSize is DynamoDB's size of a number: its significant digits
// (leading and trailing zeros trimmed) halved, plus one.
func numberSize(s string) int {
	digits := strings.TrimLeft(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.SplitN(strings.ToLower(s), "e", 2)[0]), "0")
	if strings.Contains(s, ".") {
		digits = strings.TrimRight(digits, "0")
	}
	return (len(digits)+1)/2 + 1
}

// ddbShard is a DynamoDB stream's one shard ID, stable per stream.
func ddbShard(stream string) string {
	sum := md5.Sum([]byte(stream))
	return "shardId-00000001700000000000-" + hex.EncodeToString(sum[:4])
}

// dynamoDBEvent is one record of a DynamoDB stream event, as Lambda builds
// it (recorded: TestDynamoDBEventSourceMapping's event_logs, members in
// Lambda's order).
func dynamoDBEvent(p state.StreamPoller, region string, rec state.StreamRecord) []byte {
	var imgs ddbRecordJSON
	_ = json.Unmarshal(rec.Dynamo, &imgs)
	type ddb struct {
		ApproximateCreationDateTime int64
		Keys                        json.RawMessage
		NewImage                    json.RawMessage `json:",omitempty"`
		OldImage                    json.RawMessage `json:",omitempty"`
		SequenceNumber              string
		SizeBytes                   int
		StreamViewType              string
	}
	type event struct {
		EventID        string `json:"eventID"`
		EventName      string `json:"eventName"`
		EventVersion   string `json:"eventVersion"`
		EventSource    string `json:"eventSource"`
		AwsRegion      string `json:"awsRegion"`
		Dynamodb       ddb    `json:"dynamodb"`
		EventSourceARN string `json:"eventSourceARN"`
	}
	sum := md5.Sum([]byte(p.Stream + "/" + rec.SequenceNumber))
	return marshalNoEscape(event{EventID: hex.EncodeToString(sum[:]), EventName: rec.EventName, EventVersion: "1.1",
		EventSource: "aws:dynamodb", AwsRegion: region, EventSourceARN: p.Stream,
		Dynamodb: ddb{ApproximateCreationDateTime: rec.ArrivedAt.Unix(), Keys: imgs.Keys, NewImage: imgs.NewImage,
			OldImage: imgs.OldImage, SequenceNumber: rec.SequenceNumber, SizeBytes: rec.SizeBytes, StreamViewType: rec.ViewType}})
}

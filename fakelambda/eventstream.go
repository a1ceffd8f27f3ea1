package fakelambda

import (
	"encoding/binary"
	"hash/crc32"
)

// The AWS event-stream framing (application/vnd.amazon.eventstream) that
// InvokeWithResponseStream answers in, written by hand: the fakelambda
// package does not import the AWS SDK (eventstream_test.go checks these
// bytes with the SDK's own decoder). A message is
//
//	uint32 total length (12 + headers length + payload length + 4), big-endian
//	uint32 headers length
//	uint32 CRC32 (IEEE) of the 8 bytes above
//	headers: uint8 name length, name, uint8 value type (7: string), uint16 length, value
//	payload
//	uint32 CRC32 (IEEE) of everything before it

// eventStreamContentType is the Content-Type of an event-stream answer.
const eventStreamContentType = "application/vnd.amazon.eventstream"

// esHeader is one string-valued event-stream header.
type esHeader struct{ name, value string }

// esStringType is the event-stream header value type of a string.
const esStringType = 7

// appendEventMessage appends one event-stream message with string headers
// and payload to dst. Header names must be under 256 bytes and values under
// 32 KiB; the callers here use short fixed ones.
func appendEventMessage(dst []byte, headers []esHeader, payload []byte) []byte {
	hlen := 0
	for _, h := range headers {
		hlen += 1 + len(h.name) + 1 + 2 + len(h.value)
	}
	total := 12 + hlen + len(payload) + 4
	start := len(dst)
	dst = binary.BigEndian.AppendUint32(dst, uint32(total))
	dst = binary.BigEndian.AppendUint32(dst, uint32(hlen))
	dst = binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:start+8]))
	for _, h := range headers {
		dst = append(dst, byte(len(h.name)))
		dst = append(dst, h.name...)
		dst = append(dst, esStringType)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(h.value)))
		dst = append(dst, h.value...)
	}
	dst = append(dst, payload...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
}

// appendEvent appends an event message (":message-type: event") of type
// eventType whose payload has the given content type.
func appendEvent(dst []byte, eventType, contentType string, payload []byte) []byte {
	return appendEventMessage(dst, []esHeader{
		{":event-type", eventType},
		{":content-type", contentType},
		{":message-type", "event"},
	}, payload)
}

// appendPayloadChunk appends a PayloadChunk event carrying p.
func appendPayloadChunk(dst, p []byte) []byte {
	return appendEvent(dst, "PayloadChunk", "application/octet-stream", p)
}

// appendInvokeComplete appends the InvokeComplete event that ends a stream:
// {} on success, else ErrorCode and ErrorDetails; LogResult with
// LogType Tail. Its payload is never empty (the SDK refuses an empty one).
func appendInvokeComplete(dst []byte, errorCode, errorDetails, logResult string) []byte {
	body := marshal(struct {
		ErrorCode    string `json:",omitempty"`
		ErrorDetails string `json:",omitempty"`
		LogResult    string `json:",omitempty"`
	}{errorCode, errorDetails, logResult})
	defer bufs.Put(body)
	return appendEvent(dst, "InvokeComplete", "application/json", body.Bytes())
}

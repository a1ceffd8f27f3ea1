package fakelambda

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestChunkWriterLimits: past streamPayloadLimit, or after close, writes
// fail and send nothing; an empty write sends nothing.
func TestChunkWriterLimits(t *testing.T) {
	rec := httptest.NewRecorder()
	c := &chunkWriter{w: rec, rc: http.NewResponseController(rec)}
	if n, err := c.Write(nil); n != 0 || err != nil || rec.Body.Len() != 0 {
		t.Fatalf("empty write: %d, %v, %d bytes sent", n, err, rec.Body.Len())
	}
	if n, err := c.Write([]byte("ab")); n != 2 || err != nil {
		t.Fatalf("write: %d, %v", n, err)
	}
	sent := rec.Body.Len()
	c.n = streamPayloadLimit - 1
	if _, err := c.Write([]byte("ab")); !errors.Is(err, errStreamTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := c.Write([]byte("a")); !errors.Is(err, errStreamTooLarge) {
		t.Fatalf("after going over the limit: %v", err)
	}
	if !c.close() {
		t.Fatal("close does not report the stream too large")
	}
	if _, err := c.Write([]byte("a")); !errors.Is(err, errStreamClosed) {
		t.Fatalf("after close: %v", err)
	}
	if rec.Body.Len() != sent {
		t.Fatalf("refused writes sent %d bytes", rec.Body.Len()-sent)
	}
}

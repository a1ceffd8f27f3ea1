package main

import (
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/fakeaws/lambda/fakelambda"
)

// requestLog serves the fake and logs one line per call: operation,
// function, qualifier and status, read from the fake's own call log so that
// the names are the fake's. Control calls, and calls the fake cannot route
// (which it does not record), are logged from what was answered.
type requestLog struct {
	fake *fakelambda.Fake
	log  *log.Logger

	mu   sync.Mutex // guards seen and serialises the call-log lines
	seen int        // how many of fake.Calls() have been logged
}

func newRequestLog(f *fakelambda.Fake, l *log.Logger) *requestLog {
	return &requestLog{fake: f, log: l}
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	if strings.HasPrefix(r.URL.Path, "/_fakelambda/") {
		l.fake.ServeHTTP(sw, r)
		if r.URL.Path == "/_fakelambda/reset" && sw.status == http.StatusOK {
			l.mu.Lock()
			l.flushLocked() // calls logged before the reset are gone from the log
			l.seen = 0
			l.mu.Unlock()
		}
		l.log.Printf("control %s %s status=%d", r.Method, r.URL.Path, sw.status)
		return
	}
	defer l.flush(sw, r) // also when the fake drops the connection (panic http.ErrAbortHandler)
	l.fake.ServeHTTP(sw, r)
}

// flush logs the calls recorded since the last flush, or r itself when the
// fake routed it to no operation (such requests are not in the call log).
// With concurrent requests, a call may be logged by another request's flush.
func (l *requestLog) flush(sw *statusWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := l.flushLocked(); n == 0 {
		l.log.Printf("%s %s status=%d error=%s", r.Method, r.URL.EscapedPath(), sw.status, sw.Header().Get("X-Amzn-Errortype"))
	}
}

// flushLocked logs the calls recorded since the last flush and says how
// many. Callers hold l.mu.
func (l *requestLog) flushLocked() int {
	calls := l.fake.CallsSince(l.seen)
	for _, c := range calls {
		l.log.Print(formatCall(c))
	}
	l.seen += len(calls)
	return len(calls)
}

// formatCall is one log line:
// "GetProvisionedConcurrencyConfig function=my-function qualifier=BLUE status=429 error=TooManyRequestsException fault".
func formatCall(c fakelambda.Call) string {
	var b strings.Builder
	b.WriteString(c.Operation)
	if c.Function != "" {
		b.WriteString(" function=" + c.Function)
	}
	if c.Qualifier != "" {
		b.WriteString(" qualifier=" + c.Qualifier)
	}
	if c.StatusCode != 0 {
		b.WriteString(" status=" + strconv.Itoa(c.StatusCode))
	} else {
		b.WriteString(" status=none")
	}
	if c.ErrorCode != "" {
		b.WriteString(" error=" + c.ErrorCode)
	}
	if c.Faulted {
		b.WriteString(" fault")
	}
	return b.String()
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush flushes the real writer when it can.
func (w *statusWriter) Flush() {
	if fl, ok := w.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

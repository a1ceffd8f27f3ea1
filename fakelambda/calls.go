package fakelambda

import "time"

// Call is one call the fake answered (each SDK retry attempt is a call).
type Call struct {
	Operation string // SDK operation name, e.g. "PutProvisionedConcurrencyConfig"
	Function  string // the function's name, however the call named it
	Qualifier string // version or alias, from the name, the Qualifier parameter or the alias path
	// StatusCode is the HTTP status answered; 0 when the connection was
	// dropped (ErrConnectionReset) or the caller gave up during a Delay.
	StatusCode int
	// ErrorCode is the error answered, "" on success. "ConnectionReset" and
	// "RequestCanceled" name calls that got no answer.
	ErrorCode string
	Faulted   bool      // answered by an injected fault
	At        time.Time // on the fake's clock
}

// Calls returns every call so far, oldest first, retries included. Calls to
// the control API are not recorded.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// CallsSince returns the calls after the first n, oldest first: what
// happened since a test (or a log) last looked, without copying the whole
// log. The log keeps every call until Reset.
func (f *Fake) CallsSince(n int) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	n = max(0, min(n, len(f.calls)))
	return append([]Call(nil), f.calls[n:]...)
}

// recordLocked appends rq's call to the log. Callers hold f.mu.
func (f *Fake) recordLocked(rq *request, resp *response, faulted bool) {
	c := Call{Operation: rq.op, Function: rq.function, Qualifier: rq.qualifier, StatusCode: resp.status, Faulted: faulted, At: rq.now}
	if resp.err != nil {
		c.StatusCode, c.ErrorCode = resp.err.status(), resp.err.Code
	}
	f.calls = append(f.calls, c)
}

// record logs a call that got no answer.
func (f *Fake) record(rq *request, status int, code string, faulted bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if rq.now.IsZero() {
		rq.now = f.now()
	}
	f.calls = append(f.calls, Call{Operation: rq.op, Function: rq.function, Qualifier: rq.qualifier,
		StatusCode: status, ErrorCode: code, Faulted: faulted, At: rq.now})
}

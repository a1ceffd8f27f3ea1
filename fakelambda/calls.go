package fakelambda

import (
	"encoding/json"
	"time"
)

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
	// RequestID is the x-amzn-RequestId answered (the SDK's
	// middleware.GetRequestIDMetadata, or ResponseError.ServiceRequestID).
	RequestID string
	// Input is the request's JSON body as sent: the operation's input (the
	// payload, for Invoke); nil when it had none or it was not JSON. Path
	// labels and query parameters are in Function and Qualifier. Do not
	// modify it.
	Input json.RawMessage `json:",omitempty"`
	// Region and AccountID are the region and account the call belonged to
	// (its SigV4 credential scope's, else the fake's).
	Region, AccountID string
}

// Calls returns every call so far (the newest WithCallLogLimit calls when a
// limit is set), oldest first, retries included. Calls to the control API are
// not recorded.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// CallsSince returns the calls after the first n since New or Reset, oldest
// first: what happened since a test (or a log) last looked, without copying
// the whole log. n counts every call, including calls a WithCallLogLimit has
// since dropped.
func (f *Fake) CallsSince(n int) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := max(0, min(n-f.dropped, len(f.calls)))
	return append([]Call(nil), f.calls[i:]...)
}

// WithCallLogLimit keeps only the newest n calls in the call log (Calls), so
// that a long-running fake does not grow without bound. Default 0: keep every
// call until Reset.
func WithCallLogLimit(n int) Option {
	return func(cfg *config) { cfg.callLogLimit = max(0, n) }
}

// appendCall adds c to the log, dropping the oldest calls over the limit.
// Callers hold f.mu.
func (f *Fake) appendCall(c Call) {
	if lim := f.cfg.callLogLimit; lim > 0 && len(f.calls) >= lim {
		// Drop the oldest half of the limit at once: amortised O(1) per call.
		drop := len(f.calls) - lim/2
		f.calls = append(f.calls[:0], f.calls[drop:]...)
		f.dropped += drop
	}
	f.calls = append(f.calls, c)
}

// recordLocked appends rq's call to the log. Callers hold f.mu.
func (f *Fake) recordLocked(rq *request, resp *response, faulted bool) {
	c := rq.call(resp.status, "", faulted)
	if resp.err != nil {
		c.StatusCode, c.ErrorCode = resp.err.status(), resp.err.Code
	}
	f.appendCall(c)
}

// record logs a call that got no answer.
func (f *Fake) record(rq *request, status int, code string, faulted bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if rq.now.IsZero() {
		rq.now = f.now()
	}
	f.appendCall(rq.call(status, code, faulted))
}

// call is rq's entry in the call log.
func (rq *request) call(status int, code string, faulted bool) Call {
	c := Call{Operation: rq.op, Function: rq.function, Qualifier: rq.qualifier, StatusCode: status, ErrorCode: code,
		Faulted: faulted, At: rq.now, RequestID: rq.reqID, Region: rq.region, AccountID: rq.account}
	if len(rq.body) > 0 && json.Valid(rq.body) {
		c.Input = rq.body
	}
	return c
}

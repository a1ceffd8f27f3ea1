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
	return f.calls.since(f, 0)
}

// CallsSince returns the calls after the first n since New or Reset, oldest
// first: what happened since a test (or a log) last looked, without copying
// the whole log. n counts every call, including calls a WithCallLogLimit has
// since dropped.
func (f *Fake) CallsSince(n int) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls.since(f, n)
}

// WithCallLogLimit keeps only the newest n calls in the call log (Calls), so
// that a long-running fake does not grow without bound. Default 0: keep every
// call until Reset.
func WithCallLogLimit(n int) Option {
	return func(cfg *config) { cfg.callLogLimit = max(0, n) }
}

// callLog is the call log. It keeps compact records with no pointer but
// Input (strings interned, the request id as its sequence number, the time
// as nanoseconds), so that a long log costs the garbage collector little;
// Calls builds Call values on read. Guarded by Fake.mu.
type callLog struct {
	recs    []callRecord
	dropped int               // records dropped from the front by WithCallLogLimit
	strs    []string          // interned strings; index 0 is ""
	ids     map[string]uint32 // index of each interned string
}

// callRecord is one Call as the log keeps it.
type callRecord struct {
	at                                              int64  // UnixNano on the fake's clock
	seq                                             uint64 // the request id is uuid(seq)
	input                                           []byte
	function, qualifier, errorCode, region, account uint32 // interned
	op                                              uint16 // index in operations + 1; 0 for none
	status                                          uint16
	faulted                                         bool
}

// intern returns s's index in l.strs, adding it when new.
func (l *callLog) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if id, ok := l.ids[s]; ok {
		return id
	}
	if l.ids == nil {
		l.ids, l.strs = map[string]uint32{}, []string{""}
	}
	id := uint32(len(l.strs))
	l.strs = append(l.strs, s)
	l.ids[s] = id
	return id
}

// since builds the calls after the first n ever appended.
func (l *callLog) since(f *Fake, n int) []Call {
	i := max(0, min(n-l.dropped, len(l.recs)))
	out := make([]Call, 0, len(l.recs)-i)
	for _, r := range l.recs[i:] {
		c := Call{Function: l.strs[r.function], Qualifier: l.strs[r.qualifier], StatusCode: int(r.status),
			ErrorCode: l.strs[r.errorCode], Faulted: r.faulted, At: time.Unix(0, r.at).UTC(),
			RequestID: f.uuid(r.seq), Input: r.input, Region: l.strs[r.region], AccountID: l.strs[r.account]}
		if r.op > 0 {
			c.Operation = rowName(int(r.op) - 1) // operations' names, and InvokeFunctionUrl's (urlinvoke.go)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// appendCall adds rq's call to the log, dropping the oldest calls over the
// limit. Callers hold f.mu.
func (f *Fake) appendCall(rq *request, status int, code string, faulted bool) {
	l := &f.calls
	if lim := f.cfg.callLogLimit; lim > 0 && len(l.recs) >= lim {
		// Drop the oldest half of the limit at once: amortised O(1) per call.
		drop := len(l.recs) - lim/2
		l.recs = append(l.recs[:0], l.recs[drop:]...)
		clear(l.recs[len(l.recs):cap(l.recs)]) // let the dropped inputs go
		l.dropped += drop
	}
	r := callRecord{at: rq.now.UnixNano(), seq: rq.seq, status: uint16(status), faulted: faulted,
		function: l.intern(rq.function), qualifier: l.intern(rq.qualifier), errorCode: l.intern(code),
		region: l.intern(rq.region), account: l.intern(rq.account)}
	if rq.row != nil {
		r.op = uint16(rq.row.index + 1)
	}
	if len(rq.body) > 0 && (rq.bodyJSON > 0 || rq.bodyJSON == 0 && json.Valid(rq.body)) {
		r.input = rq.body
	}
	l.recs = append(l.recs, r)
}

// recordLocked appends rq's call to the log. Callers hold f.mu.
func (f *Fake) recordLocked(rq *request, resp *response, faulted bool) {
	if resp.err != nil {
		f.appendCall(rq, resp.err.status(), resp.err.Code, faulted)
		return
	}
	f.appendCall(rq, resp.status, "", faulted)
}

// record logs a call that got no answer.
func (f *Fake) record(rq *request, status int, code string, faulted bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if rq.now.IsZero() {
		rq.now = f.now()
	}
	f.appendCall(rq, status, code, faulted)
}

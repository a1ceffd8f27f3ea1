package fakelambda

import (
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// Fault makes matching calls fail, drop their connection or answer slowly.
// Faults are matched in the order added; the first match fires. Each retry
// attempt of the SDK is a call of its own.
type Fault struct {
	// Operation is the SDK operation name, one of the Op constants, e.g.
	// OpGetProvisionedConcurrencyConfig or OpInvoke; "" matches any. AddFault
	// panics on a name that is not an operation of Lambda's API.
	Operation string
	// Function is a function name or ARN, matched against the function the
	// call is about however the call names it; "" matches any. A qualifier in
	// it ("my-function:BLUE") is matched like Qualifier.
	Function string
	// Qualifier is a version or alias; "" matches any.
	Qualifier string
	// Skip lets this many matching calls through before the fault fires.
	Skip int
	// Count is how many times the fault fires; 0 means until removed.
	Count int
	// Err is what the call answers: an *APIError (answered on the wire) or
	// ErrConnectionReset. Nil with a Delay makes a slow but normal answer.
	// Any other error is answered as a 500 ServiceException with its text.
	Err error
	// Delay holds the call this long before it is answered. It waits on the
	// fake's clock when the clock has After(time.Duration) <-chan time.Time
	// (benbjohnson's and clockwork's mocks do: the call returns when the test
	// advances the clock), on real time otherwise. The request's context ends
	// the wait early, and the SDK then returns the context's error.
	Delay time.Duration
}

// FaultHandle is a fault added to a Fake.
type FaultHandle struct {
	seq       uint64 // order of addition: the first added matches first
	flt       Fault
	function  string // Fault.Function, resolved to a name
	qualifier string // Fault.Qualifier, or the qualifier in Fault.Function
	skipped   int    // guarded by Fake.mu
	fired     atomic.Int64
	removed   atomic.Bool
}

// Fired is how many calls the fault has fired on so far: calls it answered
// with its Err, dropped, or held with its Delay (a held call counts even when
// its caller gave up before the answer). Calls let through by Skip do not
// count; Count, when set, bounds it.
func (h *FaultHandle) Fired() int { return int(h.fired.Load()) }

// Remove stops the fault. It is safe to call twice, and after the fault has
// used up its Count.
func (h *FaultHandle) Remove() { h.removed.Store(true) }

// AddFault adds a fault and returns its handle. A faulted call changes no
// state. It panics when flt.Operation names no operation of Lambda's API (a
// typo would otherwise make a fault that never fires), or Skip or Count is
// negative.
func (f *Fake) AddFault(flt Fault) *FaultHandle {
	if flt.Operation != "" && byName[flt.Operation] == nil {
		panic(fmt.Sprintf("fakelambda: AddFault: %q is not an operation of Lambda's API; use an Op constant, e.g. OpInvoke, or \"\" for any", flt.Operation))
	}
	if flt.Skip < 0 || flt.Count < 0 {
		panic(fmt.Sprintf("fakelambda: AddFault: Skip and Count must not be negative (got Skip %d, Count %d)", flt.Skip, flt.Count))
	}
	h := &FaultHandle{flt: flt}
	h.function, h.qualifier = splitTarget(flt.Function, flt.Qualifier)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.add(h)
	return h
}

// faultList holds the live faults, indexed by function so that a call only
// looks at the faults that could match it: a hundred faults on other
// functions cost a call nothing. Guarded by Fake.mu.
type faultList struct {
	seq   uint64
	any   []*FaultHandle            // faults for any function
	byFn  map[string][]*FaultHandle // faults for one function
	count int                       // faults added and not yet pruned
}

func (l *faultList) add(h *FaultHandle) {
	l.seq++
	h.seq = l.seq
	l.count++
	if h.function == "" {
		l.any = append(l.any, h)
		return
	}
	if l.byFn == nil {
		l.byFn = map[string][]*FaultHandle{}
	}
	l.byFn[h.function] = append(l.byFn[h.function], h)
}

// all lists every fault not yet pruned.
func (l *faultList) all() []*FaultHandle {
	out := append([]*FaultHandle(nil), l.any...)
	for _, hs := range l.byFn {
		out = append(out, hs...)
	}
	return out
}

// dead reports whether a fault can never fire again.
func (h *FaultHandle) dead() bool {
	return h.removed.Load() || (h.flt.Count > 0 && h.Fired() >= h.flt.Count)
}

// prune drops dead faults from hs.
func (l *faultList) prune(hs []*FaultHandle) []*FaultHandle {
	live := hs[:0]
	for _, h := range hs {
		if !h.dead() {
			live = append(live, h)
		}
	}
	l.count -= len(hs) - len(live)
	clear(hs[len(live):])
	return live
}

// match returns the first-added fault that fires for rq, counting it.
func (l *faultList) match(rq *request) *FaultHandle {
	a, b := l.any, l.byFn[rq.function]
	var hit *FaultHandle
	sawDead := false
	for i, j := 0, 0; hit == nil && (i < len(a) || j < len(b)); {
		var h *FaultHandle
		if j >= len(b) || (i < len(a) && a[i].seq < b[j].seq) {
			h, i = a[i], i+1
		} else {
			h, j = b[j], j+1
		}
		switch {
		case h.dead():
			sawDead = true
		case !h.matches(rq):
		case h.skipped < h.flt.Skip:
			h.skipped++
		default:
			h.fired.Add(1)
			hit = h
		}
	}
	if sawDead || (hit != nil && hit.dead()) {
		l.any = l.prune(l.any)
		if len(b) > 0 {
			if b = l.prune(b); len(b) == 0 {
				delete(l.byFn, rq.function)
			} else {
				l.byFn[rq.function] = b
			}
		}
	}
	return hit
}

// matches reports whether the fault applies to rq, ignoring Skip and Count.
func (h *FaultHandle) matches(rq *request) bool {
	return (h.flt.Operation == "" || h.flt.Operation == rq.op) &&
		(h.function == "" || h.function == rq.function) &&
		(h.qualifier == "" || h.qualifier == rq.qualifier)
}

// serveFault answers rq with a matching fault and reports whether it did.
// A fault with only a Delay waits and then lets the call through.
func (f *Fake) serveFault(w http.ResponseWriter, rq *request) bool {
	f.mu.Lock()
	if f.faults.count == 0 {
		f.mu.Unlock()
		return false
	}
	h := f.faults.match(rq)
	f.mu.Unlock()
	if h == nil {
		return false
	}
	if err := f.waitFor(rq.r.Context(), h.flt.Delay, func() { f.record(rq, 0, "RequestCanceled", true) }); err != nil {
		panic(http.ErrAbortHandler) // the caller has gone: answer nothing
	}
	var ae *APIError
	switch {
	case h.flt.Err == nil:
		return false
	case errors.Is(h.flt.Err, ErrConnectionReset):
		f.record(rq, 0, "ConnectionReset", true)
		panic(http.ErrAbortHandler) // net/http closes the connection; the middleware recovers it
	case errors.As(h.flt.Err, &ae):
		f.finish(w, rq, fail(ae), true)
	default:
		f.finish(w, rq, fail(ServiceError(h.flt.Err.Error())), true)
	}
	return true
}

// Waiting is how many calls a Fault.Delay is holding right now. With a mock
// clock, wait until it is non-zero before advancing the clock: the call is
// then certainly waiting on it.
func (f *Fake) Waiting() int { return int(f.waiting.Load()) }

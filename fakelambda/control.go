package fakelambda

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The control API lets a test in any language drive a fake over HTTP. It is
// served by the same handler under /_fakelambda/, so it works on
// cmd/fakelambda and on NewServer alike. Bodies are JSON with PascalCase keys;
// durations are Go duration strings ("90s", "2m"), instants RFC 3339.
//
//	GET    /_fakelambda/health      {"Status":"ok","Region":...,"AccountId":...}
//	GET    /_fakelambda/clock       {"Now":"...","Waiting":n}
//	POST   /_fakelambda/clock       {"Advance":"90s"} or {"Set":"2026-01-01T00:00:00Z"} -> {"Now":"...","Waiting":n}
//	POST   /_fakelambda/faults      a fault (see controlFault) -> {"Id":"..."}
//	GET    /_fakelambda/faults/{Id} {"Id":"...","Fired":n}
//	DELETE /_fakelambda/faults/{Id} removes one fault
//	DELETE /_fakelambda/faults      removes every fault
//	PUT    /_fakelambda/allocation  {"Function","Qualifier","Delay":"90s","FailReason":"..."}
//	PUT    /_fakelambda/transition  {"Function","Delay":"30s","FailReasonCode":"...","FailReason":"..."}
//	PUT    /_fakelambda/capacity-provider-transition {"CapacityProvider","Delay",...} (capacityproviders.go; added by the cap branch)
//	POST   /_fakelambda/reset       forgets everything, as Reset
//	GET    /_fakelambda/calls       {"Calls":[{"Operation",...,"At"}]}, as Calls
//	PUT    /_fakelambda/durable-function {"Function":"approve:1","Operations":[{"Step":...},{"Wait":...},...],"Result":...}
//	                                a scripted durable function (control_durable.go) -> {"Function","Operations":n}
//	DELETE /_fakelambda/durable-function {"Function":"approve:1"} removes it
//	POST   /_fakelambda/durable/run runs the durable deadlines due, as RunDurable -> {"Ran":n}
//
// A bad request is answered 400 with {"Message":"..."} saying what is wrong;
// an unknown path 404, a wrong method 405, moving a clock that cannot be
// moved 409. Now is the fake's time, which never goes back: a negative
// Advance or a Set before Now is refused (400), and so is an Advance while
// the clock reads behind Now (409; a mock clock moved back from Go). Waiting is how
// many calls a fault's Delay holds (Fake.Waiting): move the clock once a
// delayed call has arrived. Control calls are not recorded in Calls and never faulted.

// controlPrefix is where the control API lives.
const controlPrefix = "/_fakelambda/"

func isControlPath(p string) bool { return strings.HasPrefix(p, controlPrefix) }

// controlState is the control API's own state, guarded by Fake.mu.
type controlState struct {
	faults map[string]*FaultHandle // by Id, faults added through the API
	seq    uint64                  // last fault Id handed out
	// clockMoves serializes the control API's clock moves, so that two
	// concurrent Sets cannot each pass the "not back" check and then move
	// the clock back. A pointer, made on first use: Reset replaces
	// controlState while a move may hold the mutex.
	clockMoves *sync.Mutex
}

// clockMoves returns the mutex that serializes control-API clock moves.
func (f *Fake) clockMoves() *sync.Mutex {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctl.clockMoves == nil {
		f.ctl.clockMoves = new(sync.Mutex)
	}
	return f.ctl.clockMoves
}

// controlError is a control-API failure answered as {"Message": ...}.
type controlError struct {
	status int
	msg    string
}

func badRequest(format string, args ...any) *controlError {
	return &controlError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// serveControl answers the control API.
func (f *Fake) serveControl(w http.ResponseWriter, r *http.Request) {
	body, cerr := f.control(r)
	if cerr != nil {
		if cerr.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", cerr.msg)
			cerr.msg = fmt.Sprintf("method %s not allowed on %s; use %s", r.Method, r.URL.Path, cerr.msg)
		}
		writeControl(w, cerr.status, map[string]string{"Message": cerr.msg})
		return
	}
	writeControl(w, http.StatusOK, body)
}

func writeControl(w http.ResponseWriter, status int, body any) {
	b, _ := json.Marshal(body)
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// allow answers 405 unless the request's method is one of methods.
func allow(r *http.Request, methods ...string) *controlError {
	for _, m := range methods {
		if r.Method == m {
			return nil
		}
	}
	return &controlError{status: http.StatusMethodNotAllowed, msg: strings.Join(methods, ", ")}
}

// control routes a control request and returns the body to answer 200 with.
func (f *Fake) control(r *http.Request) (any, *controlError) {
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, controlPrefix), "/")
	switch {
	case path == "health":
		if e := allow(r, http.MethodGet); e != nil {
			return nil, e
		}
		status := "ok"
		if f.closed.Load() {
			status = "closed"
		}
		return map[string]string{"Status": status, "Region": f.Region(), "AccountId": f.AccountID()}, nil
	case path == "clock":
		if e := allow(r, http.MethodGet, http.MethodPost); e != nil {
			return nil, e
		}
		return f.controlClock(r)
	case path == "faults":
		if e := allow(r, http.MethodPost, http.MethodDelete); e != nil {
			return nil, e
		}
		if r.Method == http.MethodDelete {
			f.removeAllFaults()
			return struct{}{}, nil
		}
		return f.controlAddFault(r)
	case strings.HasPrefix(path, "faults/"):
		if e := allow(r, http.MethodGet, http.MethodDelete); e != nil {
			return nil, e
		}
		return f.controlFault(r, strings.TrimPrefix(path, "faults/"))
	case path == "allocation":
		if e := allow(r, http.MethodPut); e != nil {
			return nil, e
		}
		return f.controlAllocation(r)
	case path == "transition":
		if e := allow(r, http.MethodPut); e != nil {
			return nil, e
		}
		return f.controlTransition(r)
	case path == "reset":
		if e := allow(r, http.MethodPost); e != nil {
			return nil, e
		}
		f.Reset()
		return struct{}{}, nil
	case path == "destinations": // async invocation destinations: destinations.go
		if e := allow(r, http.MethodGet); e != nil {
			return nil, e
		}
		return f.controlDestinations(r)
	case path == "queue/run": // async invocations: destinations.go
		if e := allow(r, http.MethodPost); e != nil {
			return nil, e
		}
		return f.controlRunQueued(r)
	case path == "durable-function": // scripted durable functions: control_durable.go
		if e := allow(r, http.MethodPut, http.MethodDelete); e != nil {
			return nil, e
		}
		return f.controlDurableFunction(r)
	case path == "durable/run": // durable executions' due deadlines: control_durable.go
		if e := allow(r, http.MethodPost); e != nil {
			return nil, e
		}
		return f.controlRunDurable(r)
	case path == "calls":
		if e := allow(r, http.MethodGet); e != nil {
			return nil, e
		}
		calls := f.Calls()
		if calls == nil {
			calls = []Call{}
		}
		return map[string][]Call{"Calls": calls}, nil
	}
	if body, cerr, ok := f.esmControl(r, path); ok { // SQS delivery (esm_control.go; added by the esm branch)
		return body, cerr
	}
	if body, cerr, ok := f.cpControl(r, path); ok { // capacity provider transitions (capacityproviders.go; added by the cap branch)
		return body, cerr
	}
	return nil, &controlError{status: http.StatusNotFound, msg: fmt.Sprintf(
		"no control endpoint %s; see health, clock, faults, allocation, transition, reset, calls under %s", r.URL.Path, controlPrefix)}
}

// decodeControl parses a control request's JSON object body into v,
// refusing unknown keys so that a typo is reported rather than ignored.
func decodeControl(r *http.Request, v any) *controlError {
	b, err := readBody(r, otherBodyLimit)
	if err != nil {
		return badRequest("request body larger than %d bytes", otherBodyLimit)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return badRequest("request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			return badRequest("bad request body: %s must be a JSON %s, not %s", ute.Field, jsonKind(ute.Type.Kind().String()), ute.Value)
		}
		return badRequest("bad request body: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return badRequest("bad request body: more than one JSON value")
	}
	return nil
}

func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"):
		return "integer"
	case goKind == "struct", goKind == "map":
		return "object"
	}
	return goKind
}

// parseDuration parses a Go duration string for the named field.
func parseDuration(field, s string) (time.Duration, *controlError) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, badRequest("%s: %q is not a duration; use Go's form, e.g. \"90s\" or \"2m\"", field, s)
	}
	return d, nil
}

// The ways a clock can be moved. ManualClock has Advance and Set;
// benbjohnson's *clock.Mock has Add and Set; clockwork's fake has Advance.
type (
	advancer interface{ Advance(time.Duration) }
	adder    interface{ Add(time.Duration) }
	setter   interface{ Set(time.Time) }
)

// controlClock reads or moves the fake's clock. The fake's time never goes
// back (see Clock), so every move is checked against it: a Set before it is
// refused (400) rather than answered 200 and then absorbed, and an Advance
// on a clock that reads behind it (a mock moved back from Go) is refused
// (409) rather than moving the fake's time by less than asked, or not at all.
// Moves through the control API are serialized; a ManualClock is moved
// forward atomically, so a concurrent move from Go cannot make it go back.
func (f *Fake) controlClock(r *http.Request) (any, *controlError) {
	if r.Method == http.MethodPost {
		var in struct{ Advance, Set *string }
		if e := decodeControl(r, &in); e != nil {
			return nil, e
		}
		if (in.Advance == nil) == (in.Set == nil) {
			return nil, badRequest(`give exactly one of "Advance" (a duration, e.g. "90s") or "Set" (RFC 3339, e.g. "2026-01-01T00:00:00Z")`)
		}
		mu := f.clockMoves()
		mu.Lock()
		defer mu.Unlock()
		var e *controlError
		if in.Advance != nil {
			e = f.controlAdvance(*in.Advance)
		} else {
			e = f.controlSet(*in.Set)
		}
		if e != nil {
			return nil, e
		}
	}
	f.mu.Lock()
	now := f.now()
	f.mu.Unlock()
	return map[string]any{"Now": now.Format(time.RFC3339Nano), "Waiting": f.Waiting()}, nil
}

// fakeNow is the fake's current time, which never goes back.
func (f *Fake) fakeNow() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now()
}

// controlAdvance moves the clock forward by the duration in s.
func (f *Fake) controlAdvance(s string) *controlError {
	d, e := parseDuration("Advance", s)
	if e != nil {
		return e
	}
	if d < 0 {
		return badRequest("Advance: %q is negative; the clock cannot go back", s)
	}
	clk := f.cfg.clock
	switch clk.(type) {
	case advancer, adder:
	default:
		return errClockFixed(clk)
	}
	if clkNow, now := clk.Now().UTC().Round(0), f.fakeNow(); clkNow.Before(now) {
		return &controlError{status: http.StatusConflict, msg: fmt.Sprintf(
			"the clock reads %s, behind the fake's time %s (it was moved back from Go, and the fake's time never goes back); "+
				"an Advance of %s would not move the fake's time by %s: Set the clock to %s or later first",
			clkNow.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano), d, d, now.Format(time.RFC3339Nano))}
	}
	switch c := clk.(type) {
	case advancer: // ManualClock's too: d >= 0, so it does not panic
		c.Advance(d)
	case adder:
		c.Add(d)
	}
	return nil
}

// controlSet moves the clock to the RFC 3339 time in s, refusing to go back.
func (f *Fake) controlSet(s string) *controlError {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return badRequest("Set: %q is not an RFC 3339 time, e.g. \"2026-01-01T00:00:00Z\"", s)
	}
	clk := f.cfg.clock
	c, ok := clk.(setter)
	if !ok {
		return errClockFixed(clk)
	}
	back := func(now time.Time) *controlError {
		return badRequest("Set: %s is before the fake's current time %s; the clock cannot go back. "+
			"Set %s or later, or use Advance", t.UTC().Format(time.RFC3339Nano), now.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
	}
	if now := f.fakeNow(); t.Before(now) {
		return back(now)
	}
	if m, ok := c.(*ManualClock); ok {
		// Check and move in one step: a concurrent Advance from Go may have
		// moved the clock past t since fakeNow was read.
		if now, ok := m.setForward(t); !ok {
			return back(now.UTC())
		}
		return nil
	}
	c.Set(t)
	return nil
}

func errClockFixed(clk Clock) *controlError {
	what := "the real clock (time.Now)"
	if clk != nil {
		what = fmt.Sprintf("a %T, which has no Advance/Add or Set method", clk)
	}
	return &controlError{status: http.StatusConflict, msg: "the clock cannot be moved: this fake reads " + what +
		"; run cmd/fakelambda with -clock=manual, or give the fake a settable clock such as fakelambda.NewManualClock"}
}

// controlFault is a Fault as the control API takes it.
type controlFault struct {
	Operation, Function, Qualifier string
	Skip, Count                    int
	Delay                          string
	Error                          *struct {
		Code, Message, Type, Reason string
		StatusCode, RetryAfter      int
	}
}

// controlAddFault adds a fault and answers its Id.
func (f *Fake) controlAddFault(r *http.Request) (any, *controlError) {
	var in controlFault
	if e := decodeControl(r, &in); e != nil {
		return nil, e
	}
	flt := Fault{Operation: in.Operation, Function: in.Function, Qualifier: in.Qualifier, Skip: in.Skip, Count: in.Count}
	if in.Operation != "" && !knownOperation(in.Operation) {
		return nil, badRequest("Operation: %q is not an operation of Lambda's API; use the SDK operation name, e.g. \"GetProvisionedConcurrencyConfig\", or leave it out to match any", in.Operation)
	}
	if in.Skip < 0 || in.Count < 0 {
		return nil, badRequest("Skip and Count must not be negative (got Skip %d, Count %d)", in.Skip, in.Count)
	}
	d, e := delayField(in.Delay)
	if e != nil {
		return nil, e
	}
	flt.Delay = d
	if in.Error != nil {
		ie := in.Error
		switch {
		case ie.Code == "":
			return nil, badRequest(`Error.Code is required, e.g. "TooManyRequestsException", or "ConnectionReset" to drop the connection`)
		case ie.Code == "ConnectionReset":
			flt.Err = ErrConnectionReset
		case ie.StatusCode != 0 && (ie.StatusCode < 300 || ie.StatusCode > 599):
			return nil, badRequest("Error.StatusCode: %d is not an error status (300-599)", ie.StatusCode)
		case ie.RetryAfter < 0:
			return nil, badRequest("Error.RetryAfter: %d is negative", ie.RetryAfter)
		default:
			flt.Err = &APIError{Code: ie.Code, StatusCode: ie.StatusCode, Message: ie.Message, Type: ie.Type, Reason: ie.Reason, RetryAfter: ie.RetryAfter}
		}
	}
	if flt.Err == nil && flt.Delay == 0 {
		return nil, badRequest(`a fault needs an "Error", a "Delay", or both`)
	}
	h := f.AddFault(flt)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctl.faults == nil {
		f.ctl.faults = map[string]*FaultHandle{}
	}
	f.ctl.seq++
	id := "fault-" + strconv.FormatUint(f.ctl.seq, 10)
	f.ctl.faults[id] = h
	return map[string]string{"Id": id}, nil
}

// knownOperation reports whether op names an operation of the table.
func knownOperation(op string) bool {
	return byName[op] != nil
}

// controlFault reads or removes the fault with the given Id.
func (f *Fake) controlFault(r *http.Request, id string) (any, *controlError) {
	f.mu.Lock()
	h, ok := f.ctl.faults[id]
	if ok && r.Method == http.MethodDelete {
		delete(f.ctl.faults, id)
	}
	f.mu.Unlock()
	if !ok {
		return nil, &controlError{status: http.StatusNotFound, msg: fmt.Sprintf("no fault with Id %q (removed, reset, or never added)", id)}
	}
	if r.Method == http.MethodDelete {
		h.Remove()
	}
	return map[string]any{"Id": id, "Fired": h.Fired()}, nil
}

// removeAllFaults removes every fault, added from Go or over HTTP.
func (f *Fake) removeAllFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range f.faults.all() {
		h.Remove()
	}
	for _, h := range f.ctl.faults {
		h.Remove()
	}
	f.faults = faultList{}
	f.ctl.faults = nil
}

// controlAllocation sets an allocation plan, as SetAllocation.
func (f *Fake) controlAllocation(r *http.Request) (any, *controlError) {
	var in struct{ Function, Qualifier, Delay, FailReason string }
	if e := decodeControl(r, &in); e != nil {
		return nil, e
	}
	if in.Function == "" {
		return nil, badRequest(`Function is required: the function name or ARN the plan is for`)
	}
	d, e := delayField(in.Delay)
	if e != nil {
		return nil, e
	}
	a := ReadyAfter(d)
	if in.FailReason != "" {
		a = FailAfter(d, in.FailReason)
	}
	f.SetAllocation(in.Function, in.Qualifier, a)
	return struct{}{}, nil
}

// controlTransition sets a function's transition plan, as SetTransition.
func (f *Fake) controlTransition(r *http.Request) (any, *controlError) {
	var in struct{ Function, Delay, FailReasonCode, FailReason string }
	if e := decodeControl(r, &in); e != nil {
		return nil, e
	}
	if in.Function == "" {
		return nil, badRequest(`Function is required: the function name or ARN the plan is for`)
	}
	d, e := delayField(in.Delay)
	if e != nil {
		return nil, e
	}
	if in.FailReason != "" && in.FailReasonCode == "" {
		return nil, badRequest(`FailReason needs a FailReasonCode, e.g. "InvalidImage" or "SubnetOutOfIPAddresses"`)
	}
	t := CompleteAfter(d)
	if in.FailReasonCode != "" {
		t = FailTransitionAfter(d, in.FailReasonCode, in.FailReason)
	}
	f.SetTransition(in.Function, t)
	return struct{}{}, nil
}

// delayField reads a control request's optional, non-negative "Delay"
// ("90s", "2m"); absent is 0.
func delayField(s string) (time.Duration, *controlError) {
	if s == "" {
		return 0, nil
	}
	d, e := parseDuration("Delay", s)
	if e != nil {
		return 0, e
	}
	if d < 0 {
		return 0, badRequest("Delay: %q is negative", s)
	}
	return d, nil
}

package state

import (
	"maps"
	"sort"
	"time"
)

// The data plane's share of a region: which version an invocation runs,
// its claim on concurrency (admit/release), and CloudWatch-like metrics.
// Lambda's scheduling: READY provisioned concurrency of the version first;
// beyond it on-demand, capped by the function's reserved concurrency less
// its provisioned concurrency, or, without reserved concurrency, by the
// account's unreserved pool.

// qualKey names a function ("" qualifier) or one of its qualifiers.
type qualKey struct{ function, qualifier string }

// fnLoad is one function's invocations in flight.
type fnLoad struct {
	onDemand    int
	provisioned map[string]int // by executed version
}

// Metrics counts a function's (or qualifier's) invocations; see
// fakelambda.Metrics, which has the same fields.
type Metrics struct {
	Invocations                                int
	Errors                                     int
	Throttles                                  int
	ProvisionedConcurrencyInvocations          int
	ProvisionedConcurrencySpilloverInvocations int
	MaxConcurrentExecutions                    int
}

// metricEntry is the metrics of one function or function:qualifier, with the
// invocations in flight now.
type metricEntry struct {
	m        Metrics
	inFlight int
}

// Throttle reasons Invoke answers with.
const (
	ReasonReserved = "ReservedFunctionConcurrentInvocationLimitExceeded"
	ReasonAccount  = "ConcurrentInvocationLimitExceeded"
)

// errInvokeThrottled is Lambda's 429 for a concurrency throttle: note the
// capital E and the period, unlike a rate throttle.
func errInvokeThrottled(reason string) *Error {
	return &Error{Code: "TooManyRequestsException", Status: 429, Message: "Rate Exceeded.", Reason: reason}
}

// Slot is one admitted invocation's claim on concurrency. Give it back with
// Region.Release.
type Slot struct {
	load        *fnLoad
	version     string
	provisioned bool
	accountPool bool
	entries     []*metricEntry
	memory      int
	timeout     int               // seconds
	vars        map[string]string // the version's environment variables, a copy
}

// Provisioned reports whether READY provisioned concurrency serves the
// invocation.
func (s *Slot) Provisioned() bool { return s.provisioned }

// Memory is the MemorySize of the version the invocation runs.
func (s *Slot) Memory() int { return s.memory }

// Version is the version the invocation runs.
func (s *Slot) Version() string { return s.version }

// Vars is the environment variables of the version the invocation runs
// (nil without any), a copy.
func (s *Slot) Vars() map[string]string { return maps.Clone(s.vars) }

// Timeout is the Timeout, in seconds, of the version the invocation runs.
func (s *Slot) Timeout() int { return s.timeout }

// InvokeVersion picks the version an invocation of t runs: the qualifier's,
// the alias's, or, with weighted routing, one drawn with draw (a number in
// [0, 1), called only then).
func (r *Region) InvokeVersion(t Target, draw func() float64) string {
	if !t.Alias {
		if t.Version == "" { // a Target built by hand, unqualified
			return "$LATEST"
		}
		return t.Version // the newest version for $LATEST.PUBLISHED
	}
	fn := r.functions[t.Function]
	a := fn.aliases[t.Qualifier]
	if len(a.weights) == 0 {
		return a.version
	}
	x := draw()
	vs := make([]string, 0, len(a.weights))
	for v := range a.weights {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	acc := 0.0
	for _, v := range vs {
		acc += a.weights[v]
		if x < acc {
			return v
		}
	}
	return a.version
}

// HasVersion reports whether function exists with version ($LATEST or a
// published one).
func (r *Region) HasVersion(function, version string) bool {
	fn := r.functions[function]
	return fn != nil && fn.version(version) != nil
}

// ReservedZero reports whether function's reserved concurrency is 0: it
// runs nothing.
func (r *Region) ReservedZero(function string) bool {
	fn := r.functions[function]
	return fn != nil && fn.reserved != nil && *fn.reserved == 0
}

// readyPC is the provisioned concurrency READY for version at now: configs
// on the version itself and on aliases pointing to it.
func readyPC(fn *function, version string, now time.Time) int {
	n := 0
	for q, pc := range fn.pcs {
		target := q
		if a := fn.aliases[q]; a != nil {
			target = a.version
		}
		if target != version {
			continue
		}
		if st := pc.statusAt(now); st.Status == "READY" {
			n += st.Available
		}
	}
	return n
}

// Admit claims a concurrency slot for an invocation of function (invoked
// with qualifier invoked, "$LATEST" when unqualified, running version), and
// counts the invocation or the throttle in the metrics. The function must
// exist.
func (r *Region) Admit(function, invoked, version string, now time.Time) (*Slot, *Error) {
	fn := r.functions[function]
	entries := r.metricsFor(function, invoked, version)
	ld := r.load[function]
	if ld == nil {
		if r.load == nil {
			r.load = map[string]*fnLoad{}
		}
		ld = &fnLoad{provisioned: map[string]int{}}
		r.load[function] = ld
	}
	s := &Slot{load: ld, version: version, entries: entries, memory: 128, timeout: 3}
	if ver := fn.version(version); ver != nil {
		s.memory, s.timeout = ver.cfg.MemorySize, ver.cfg.Timeout
		if ver.cfg.Environment != nil {
			s.vars = maps.Clone(ver.cfg.Environment.Variables)
		}
	}
	pc := 0
	if version != "$LATEST" {
		pc = readyPC(fn, version, now)
	}
	switch {
	case ld.provisioned[version] < pc:
		s.provisioned = true
		ld.provisioned[version]++
	case fn.reserved != nil:
		if ld.onDemand >= *fn.reserved-fn.totalPC("") {
			return nil, throttle(entries, ReasonReserved)
		}
		ld.onDemand++
	default:
		if r.accountOnDemand >= r.unreserved("") {
			return nil, throttle(entries, ReasonAccount)
		}
		ld.onDemand++
		r.accountOnDemand++
		s.accountPool = true
	}
	for _, e := range entries {
		e.m.Invocations++
		switch {
		case s.provisioned:
			e.m.ProvisionedConcurrencyInvocations++
		case pc > 0:
			e.m.ProvisionedConcurrencySpilloverInvocations++
		}
		e.inFlight++
		e.m.MaxConcurrentExecutions = max(e.m.MaxConcurrentExecutions, e.inFlight)
	}
	return s, nil
}

// CountThrottle counts a throttle of an invocation that got no slot (an
// async event of a function with zero reserved concurrency).
func (r *Region) CountThrottle(function, invoked, version string) {
	throttle(r.metricsFor(function, invoked, version), ReasonReserved)
}

func throttle(entries []*metricEntry, reason string) *Error {
	for _, e := range entries {
		e.m.Throttles++
	}
	return errInvokeThrottled(reason)
}

// Release gives the slot back and counts a function error.
func (r *Region) Release(s *Slot, failed bool) {
	if s.provisioned {
		s.load.provisioned[s.version]--
	} else {
		s.load.onDemand--
	}
	if s.accountPool {
		r.accountOnDemand--
	}
	for _, e := range s.entries {
		e.inFlight--
		if failed {
			e.m.Errors++
		}
	}
}

// Metrics returns the metrics of function and qualifier ("" for the whole
// function).
func (r *Region) Metrics(function, qualifier string) Metrics {
	if e := r.metrics[qualKey{function, qualifier}]; e != nil {
		return e.m
	}
	return Metrics{}
}

// metricsFor returns the entries an invocation of name, invoked with
// qualifier invoked and run on version, counts in: the function's, the
// invoked qualifier's and the version's.
func (r *Region) metricsFor(name, invoked, version string) []*metricEntry {
	keys := []qualKey{{name, ""}, {name, invoked}}
	if version != invoked {
		keys = append(keys, qualKey{name, version})
	}
	out := make([]*metricEntry, len(keys))
	for i, k := range keys {
		e := r.metrics[k]
		if e == nil {
			if r.metrics == nil {
				r.metrics = map[qualKey]*metricEntry{}
			}
			e = &metricEntry{}
			r.metrics[k] = e
		}
		out[i] = e
	}
	return out
}

package fakelambda

// Metrics counts a function's invocations like Lambda's CloudWatch metrics,
// since the fake was created or last Reset. Get them with Fake.Metrics.
type Metrics struct {
	// Invocations counts handler runs: synchronous invocations that were
	// admitted (successful or not) and async events run by RunQueued
	// (each retry is an invocation). Throttled calls are not invocations.
	Invocations int
	// Errors counts invocations that ended in a function error (an error or
	// panic from the Handler).
	Errors int
	// Throttles counts invocations refused for lack of concurrency: each
	// 429 answered (every SDK retry attempt is one), each async event
	// dropped for zero reserved concurrency, and each time RunQueued found
	// no concurrency for a queued event.
	Throttles int
	// ProvisionedConcurrencyInvocations counts invocations served by READY
	// provisioned concurrency.
	ProvisionedConcurrencyInvocations int
	// ProvisionedConcurrencySpilloverInvocations counts invocations served
	// on-demand while the version had READY provisioned concurrency, all of
	// it in use.
	ProvisionedConcurrencySpilloverInvocations int
	// MaxConcurrentExecutions is the peak number of invocations in flight at
	// once (CloudWatch's ConcurrentExecutions, maximum statistic).
	MaxConcurrentExecutions int
}

// metricEntry is the metrics of one function or function:qualifier, with the
// invocations in flight now.
type metricEntry struct {
	m        Metrics
	inFlight int
}

// Metrics returns the metrics of function (a name or ARN) and qualifier. An
// empty qualifier (and no qualifier in the ARN) gives the whole function.
// An alias counts the calls made through it; a version ("1", or "$LATEST",
// which also covers unqualified calls) counts the calls that ran on it,
// whether they named the version or reached it through an alias.
func (f *Fake) Metrics(function, qualifier string) Metrics {
	name, qualifier := splitTarget(function, qualifier)
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.state.inv.metrics[qualKey{name, qualifier}]; e != nil {
		return e.m
	}
	return Metrics{}
}

// metricsFor returns the entries an invocation of name, invoked with
// qualifier invoked and run on version, counts in: the function's, the
// invoked qualifier's and the version's. Callers hold f.mu.
func (iv *invocations) metricsFor(name, invoked, version string) []*metricEntry {
	keys := []qualKey{{name, ""}, {name, invoked}}
	if version != invoked {
		keys = append(keys, qualKey{name, version})
	}
	out := make([]*metricEntry, len(keys))
	for i, k := range keys {
		e := iv.metrics[k]
		if e == nil {
			e = &metricEntry{}
			iv.metrics[k] = e
		}
		out[i] = e
	}
	return out
}

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

// Metrics returns the metrics of function and qualifier. function is a name
// (in the fake's default region and account) or an ARN (in its region and
// account). An empty qualifier (and no qualifier in the ARN) gives the whole
// function. An alias counts the calls made through it; a version ("1", or
// "$LATEST", which also covers unqualified calls) counts the calls that ran
// on it, whether they named the version or reached it through an alias.
func (f *Fake) Metrics(function, qualifier string) Metrics {
	account, region, name, qualifier := f.scope(function, qualifier)
	f.mu.Lock()
	defer f.mu.Unlock()
	return Metrics(f.store.Region(account, region).Metrics(name, qualifier))
}

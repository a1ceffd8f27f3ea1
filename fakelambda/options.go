package fakelambda

import "time"

// DefaultAllocationDelay is how long provisioned concurrency stays
// IN_PROGRESS before it is READY, unless WithAllocation or SetAllocation says
// otherwise. Real allocations take one to two minutes.
const DefaultAllocationDelay = 90 * time.Second

// Option configures a Fake. Pass options to New or NewServer.
type Option func(*config)

type config struct {
	callLogLimit  int        // WithCallLogLimit; 0 keeps every call
	clock         Clock      // WithClock; nil reads time.Now at each request
	region        string     // WithRegion
	accountID     string     // WithAccountID
	limit         int        // WithConcurrencyLimit
	minUnres      int        // WithMinUnreserved; -1 means min(100, limit)
	allocation    Allocation // WithAllocation
	transition    Transition // WithTransition
	noTransitions bool       // WithoutTransitions
	rateLimits    map[string]rateLimit
	seed          uint64       // WithSeed
	credentials   *credentials // WithCredentials (sigv4.go)

	// WithEventSourceMappingDelay (esm.go)
	esmDelay time.Duration
	// WithKnownEventSourcesOnly (esm.go)
	knownSourcesOnly bool
	// WithDurableSync (durable.go)
	durableSync DurableSync
}

func defaultConfig() config {
	return config{
		region:     "us-east-1",
		accountID:  "123456789012",
		limit:      1000,
		minUnres:   -1,
		allocation: ReadyAfter(DefaultAllocationDelay),
	}
}

// minUnreserved is the minimum UnreservedConcurrentExecutions in force.
func (c *config) minUnreserved() int {
	if c.minUnres >= 0 {
		return c.minUnres
	}
	return min(100, c.limit)
}

// WithClock makes the fake read time from c. By default it reads time.Now at
// each request, which also makes it work inside a testing/synctest bubble.
func WithClock(c Clock) Option {
	return func(cfg *config) { cfg.clock = c }
}

// WithRegion sets the region in ARNs and messages. Default "us-east-1".
func WithRegion(region string) Option {
	return func(cfg *config) { cfg.region = region }
}

// WithAccountID sets the account in ARNs. Default "123456789012".
func WithAccountID(id string) Option {
	return func(cfg *config) { cfg.accountID = id }
}

// WithConcurrencyLimit sets the account's ConcurrentExecutions. Default 1000.
func WithConcurrencyLimit(n int) Option {
	return func(cfg *config) { cfg.limit = n }
}

// WithMinUnreserved sets the minimum UnreservedConcurrentExecutions that
// reserved and provisioned concurrency must leave free. Default min(100,
// limit).
func WithMinUnreserved(n int) Option {
	return func(cfg *config) { cfg.minUnres = n }
}

// WithAllocation sets how provisioned-concurrency allocations end, for every
// function unless SetAllocation overrides it. Default
// ReadyAfter(DefaultAllocationDelay).
func WithAllocation(a Allocation) Option {
	return func(cfg *config) { cfg.allocation = a }
}

// WithSeed seeds the fake's deterministic choices: request IDs, RevisionIds
// and weighted alias routing. Fakes with the same seed and the same calls
// answer identically. Default 0.
func WithSeed(seed int64) Option {
	return func(cfg *config) { cfg.seed = uint64(seed) }
}

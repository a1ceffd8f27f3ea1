package fakelambda

import (
	"fmt"
	"time"
)

// rateLimit is a token bucket's shape: rate tokens a second, burst at most.
type rateLimit struct {
	rate  float64
	burst int
}

// bucket is one operation's token bucket, refilled from the fake's clock.
type bucket struct {
	tokens float64
	last   time.Time
}

// WithRateLimit limits calls of operation (an SDK operation name, or "" for
// each operation without a limit of its own) to perSecond calls a second with
// bursts of burst, measured on the fake's clock. Calls over the limit get 429
// TooManyRequestsException with Reason "CallerRateLimitExceeded" and message
// "Rate exceeded", as Lambda's control plane answers. Each operation has its
// own bucket. It panics when operation names no operation of Lambda's API.
func WithRateLimit(operation string, perSecond float64, burst int) Option {
	if operation != "" && byName[operation] == nil {
		panic(fmt.Sprintf("fakelambda: WithRateLimit: %q is not an operation of Lambda's API; use an Op constant, e.g. OpInvoke", operation))
	}
	return func(cfg *config) {
		if cfg.rateLimits == nil {
			cfg.rateLimits = map[string]rateLimit{}
		}
		cfg.rateLimits[operation] = rateLimit{rate: perSecond, burst: max(burst, 1)}
	}
}

// rateLimited spends a token for rq, or returns the throttle. Callers hold f.mu.
func (f *Fake) rateLimited(rq *request) *APIError {
	if len(f.cfg.rateLimits) == 0 {
		return nil
	}
	lim, ok := f.cfg.rateLimits[rq.op]
	if !ok {
		if lim, ok = f.cfg.rateLimits[""]; !ok {
			return nil
		}
	}
	if f.buckets == nil {
		f.buckets = map[string]*bucket{}
	}
	b := f.buckets[rq.op]
	if b == nil {
		b = &bucket{tokens: float64(lim.burst), last: rq.now}
		f.buckets[rq.op] = b
	}
	b.tokens = min(float64(lim.burst), b.tokens+rq.now.Sub(b.last).Seconds()*lim.rate)
	b.last = rq.now
	if b.tokens < 1 {
		return Throttled("CallerRateLimitExceeded")
	}
	b.tokens--
	return nil
}

package fakelambda

import (
	"sync"
	"time"
)

// ManualClock is a Clock that moves only when told to: by Advance or Set,
// from Go, or through the control API (POST /_fakelambda/clock) when a fake
// runs with it. cmd/fakelambda uses one by default. It also has After, so a
// Fault's Delay waits on it: the delayed call is answered when the clock is
// moved past its deadline. It starts no goroutines and no timers. All methods
// are safe for concurrent use.
type ManualClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

// waiter is one pending After.
type waiter struct {
	at time.Time
	ch chan time.Time
}

// NewManualClock returns a ManualClock reading start until it is moved.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start.Round(0)}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backwards when d is negative) and
// fires every After whose deadline has been reached.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set moves the clock to t, forwards or backwards, and fires every After
// whose deadline has been reached. A fake never lets its statuses regress
// when its clock goes back: it keeps the latest instant it has seen.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(t.Round(0))
}

// After returns a channel that receives the clock's time once the clock has
// been moved d or more past now. With d <= 0 it is ready at once. The
// channel is buffered, so a waiter that gave up blocks nothing.
func (c *ManualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	return ch
}

// setLocked moves the clock to t and fires due waiters. Callers hold c.mu.
func (c *ManualClock) setLocked(t time.Time) {
	c.now = t
	keep := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(t) {
			keep = append(keep, w)
			continue
		}
		w.ch <- t // buffered, capacity 1, sent once
	}
	clear(c.waiters[len(keep):])
	c.waiters = keep
}

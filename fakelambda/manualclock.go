package fakelambda

import (
	"fmt"
	"sync"
	"time"
)

// ManualClock is a Clock that moves only when told to: by Advance or Set,
// from Go, or through the control API (POST /_fakelambda/clock) when a fake
// runs with it. cmd/fakelambda uses one by default. It also has After, so a
// Fault's Delay waits on it: the delayed call is answered when the clock is
// moved past its deadline. It starts no goroutines and no timers. All methods
// are safe for concurrent use.
//
// A ManualClock never goes back, as the fake's time never does (see Clock):
// Advance with a negative duration and Set to an earlier time panic, like the
// control API, which refuses them, rather than being absorbed by the fake
// until the clock catches up.
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

// Advance moves the clock forward by d and fires every After whose deadline
// has been reached. Advance(0) changes nothing. A negative d panics: the
// clock cannot go back.
func (c *ManualClock) Advance(d time.Duration) {
	if d < 0 {
		panic(fmt.Sprintf("fakelambda: ManualClock.Advance(%v): the clock cannot go back", d))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set moves the clock to t, which must not be before the clock's time, and
// fires every After whose deadline has been reached. Setting the current time
// changes nothing. A t before the clock's time panics: the clock cannot go
// back (a fake would keep its latest time, ignoring the move).
func (c *ManualClock) Set(t time.Time) {
	if now, ok := c.setForward(t); !ok {
		panic(fmt.Sprintf("fakelambda: ManualClock.Set(%s): before the clock's time %s; the clock cannot go back",
			t.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano)))
	}
}

// setForward moves the clock to t unless t is before the clock's time, in one
// step. It reports the clock's time before the move and whether it moved.
func (c *ManualClock) setForward(t time.Time) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now
	if t.Before(now) {
		return now, false
	}
	c.setLocked(t.Round(0))
	return now, true
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

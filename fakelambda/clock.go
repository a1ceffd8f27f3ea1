package fakelambda

import "time"

// Clock is the fake's time source. Anything with a Now method fits:
// github.com/benbjohnson/clock's *clock.Mock, clockwork's fake clock, the
// Kubernetes fake clocks, or your own. The fake reads it once per request and
// derives every status from that instant; it never starts timers.
//
// There are three ways to move the fake's time in a test:
//
//   - pass a mock clock with WithClock and advance it (clk.Add(2*time.Minute));
//   - pass any clock with a Now method and move it your own way;
//   - pass no clock and run the test inside testing/synctest's synctest.Test,
//     where time.Sleep advances the bubble's fake time.
//
// A clock set backwards never makes a status regress: the fake keeps the
// latest instant it has seen, so its time stands still until the clock
// passes that instant again. Moves that would do that are refused where the
// fake can see them: ManualClock panics on a backwards move, and the control
// API (POST /_fakelambda/clock) answers an error instead of moving the clock.
type Clock interface {
	Now() time.Time
}

// afterClock is a Clock that can also wait, as benbjohnson's and clockwork's
// mocks can. Fault.Delay waits on it.
type afterClock interface {
	After(d time.Duration) <-chan time.Time
}

// now reads the clock once and applies the monotonic guard. Callers hold f.mu.
func (f *Fake) now() time.Time {
	var t time.Time
	if f.cfg.clock != nil {
		t = f.cfg.clock.Now()
	} else {
		t = time.Now()
	}
	t = t.UTC().Round(0)
	if t.Before(f.lastNow) {
		return f.lastNow
	}
	f.lastNow = t
	return t
}

// pcTimestamp formats a provisioned-concurrency LastModified:
// "2019-11-21T19:32:12+0000".
func pcTimestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05") + "+0000"
}

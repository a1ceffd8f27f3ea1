package fakelambda_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

func TestManualClockMovesOnlyWhenTold(t *testing.T) {
	clk := fakelambda.NewManualClock(epoch)
	require.Equal(t, epoch, clk.Now())
	require.Equal(t, epoch, clk.Now())

	clk.Advance(90 * time.Second)
	require.Equal(t, epoch.Add(90*time.Second), clk.Now())

	at := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	clk.Set(at)
	require.Equal(t, at, clk.Now())
	clk.Set(at) // the current time: no move
	clk.Advance(0)
	require.Equal(t, at, clk.Now())
}

// The clock never goes back, as the fake's time never does and as the
// control API refuses: a backwards move panics instead of being absorbed.
func TestManualClockCannotGoBack(t *testing.T) {
	clk := fakelambda.NewManualClock(epoch)
	clk.Advance(time.Hour)
	require.PanicsWithValue(t, "fakelambda: ManualClock.Advance(-1s): the clock cannot go back",
		func() { clk.Advance(-time.Second) })
	require.PanicsWithValue(t, "fakelambda: ManualClock.Set(2026-01-02T03:04:05Z): before the clock's time 2026-01-02T04:04:05Z; the clock cannot go back",
		func() { clk.Set(epoch) })
	require.Equal(t, epoch.Add(time.Hour), clk.Now(), "a refused move changes nothing")

	c := clk.After(time.Minute)
	require.Panics(t, func() { clk.Set(epoch) })
	requireNotReady(t, c)
	clk.Advance(time.Minute)
	require.Equal(t, epoch.Add(time.Hour+time.Minute), <-c)
}

func TestManualClockAfterFiresWhenMovedPastDeadline(t *testing.T) {
	clk := fakelambda.NewManualClock(epoch)
	now := clk.After(0)
	require.Equal(t, epoch, <-now)

	a := clk.After(2 * time.Second)
	b := clk.After(5 * time.Second)

	clk.Advance(time.Second)
	requireNotReady(t, a)
	requireNotReady(t, b)

	clk.Advance(time.Second) // exactly the deadline fires
	require.Equal(t, epoch.Add(2*time.Second), <-a)
	requireNotReady(t, b)

	clk.Set(epoch.Add(time.Hour))
	require.Equal(t, epoch.Add(time.Hour), <-b)
}

func TestManualClockConcurrentUse(t *testing.T) {
	clk := fakelambda.NewManualClock(epoch)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				ch := clk.After(time.Duration(i+1) * time.Millisecond)
				clk.Advance(time.Duration(i+1) * time.Millisecond)
				<-ch // this goroutine's own Advance reached the deadline
				_ = clk.Now()
			}
		}()
	}
	wg.Wait()
	require.Equal(t, epoch.Add(100*36*time.Millisecond), clk.Now())
}

func requireNotReady(t *testing.T, ch <-chan time.Time) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("channel fired early with %v", v)
	default:
	}
}

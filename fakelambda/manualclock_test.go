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
	clk.Set(epoch) // backwards is allowed on the clock itself
	require.Equal(t, epoch, clk.Now())
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

	c := clk.After(time.Minute)
	clk.Set(epoch) // going back fires nothing
	requireNotReady(t, c)
	clk.Set(epoch.Add(2 * time.Hour)) // still pending: it fires when the clock passes it again
	require.Equal(t, epoch.Add(2*time.Hour), <-c)
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

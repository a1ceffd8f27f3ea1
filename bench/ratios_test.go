package bench

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestRatios prints fake/floor ratios for each operation and transport. It
// runs only with BENCH_RATIOS=<rounds> (ratios.sh sets it): each round
// measures the fake and the floor back to back with testing.Benchmark, so
// load from other processes hits both alike, and the table shows the median
// of the per-round ratios.
func TestRatios(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("BENCH_RATIOS"))
	if rounds <= 0 {
		t.Skip("set BENCH_RATIOS=<rounds> to measure (see bench/ratios.sh)")
	}
	type pair struct{ fake, floor *lambda.Client }
	clients := map[string]pair{}
	f := newFake()
	populate(t, inProcess(f), 1)
	setHandler(f)
	srv := fakelambda.NewServer(t, fakelambda.WithAllocation(fakelambda.ReadyAfter(0)), fakelambda.WithoutTransitions())
	populate(t, overHTTP(t, srv.URL), 1)
	setHandler(srv.Fake)
	clients["inproc"] = pair{inProcess(f), inProcess(canned)}
	clients["http"] = pair{overHTTP(t, srv.URL), overHTTP(t, cannedServer(t))}

	fmt.Printf("%-8s %-7s %12s %12s %10s %10s %8s  (median of %d rounds)\n",
		"op", "via", "fake ns/op", "floor ns/op", "fake al/op", "floor al/op", "ratio", rounds)
	for _, op := range ops {
		for _, via := range []string{"inproc", "http"} {
			p := clients[via]
			var ratios, fakeNs, floorNs []float64
			for r := 0; r < rounds; r++ {
				fk, fl := interleaved(t, p.fake, p.floor, op.call, time.Second)
				fakeNs = append(fakeNs, fk)
				floorNs = append(floorNs, fl)
				ratios = append(ratios, fk/fl)
			}
			fakeAl := testing.Benchmark(func(b *testing.B) { run(b, p.fake, op.call) }).AllocsPerOp()
			floorAl := testing.Benchmark(func(b *testing.B) { run(b, p.floor, op.call) }).AllocsPerOp()
			fmt.Printf("%-8s %-7s %12.0f %12.0f %10d %10d %8.3f\n", op.name, via,
				median(fakeNs), median(floorNs), fakeAl, floorAl, median(ratios))
		}
	}
}

// interleaved times calls to fake and floor alternately for about d, so
// that load from other processes falls on both alike, and returns the mean
// ns per call of each.
func interleaved(t *testing.T, fake, floor *lambda.Client, fn call, d time.Duration) (fakeNs, floorNs float64) {
	fn(t, fake)
	fn(t, floor)
	var tf, tl time.Duration
	n := 0
	for start := time.Now(); time.Since(start) < d; n++ {
		t0 := time.Now()
		if n%2 == 0 {
			fn(t, fake)
			t1 := time.Now()
			fn(t, floor)
			tf, tl = tf+t1.Sub(t0), tl+time.Since(t1)
		} else {
			fn(t, floor)
			t1 := time.Now()
			fn(t, fake)
			tl, tf = tl+t1.Sub(t0), tf+time.Since(t1)
		}
	}
	return float64(tf) / float64(n), float64(tl) / float64(n)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

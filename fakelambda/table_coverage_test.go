package fakelambda

import (
	"math/rand"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// TestTableCoverage routes what the stress test (stressOp), the model test
// (randomOp) and FuzzHandler's seeds (handlerSeeds) send, and fails naming
// every operation the fake serves (a row with serve set) that one of them
// never sends: serving a new operation means adding it to all three.
func TestTableCoverage(t *testing.T) {
	gens := []struct {
		name string
		ops  map[string]int // operation -> requests routed to it
	}{
		{"stress (stressOp)", stressCoverage(t)},
		{"model (randomOp)", modelCoverage(t)},
		{"fuzz seeds (handlerSeeds)", fuzzSeedCoverage(t)},
	}
	// exempt lists, per generator, served operations it may leave out, each
	// with the reason. Keep it empty unless an operation truly cannot be
	// exercised there.
	exempt := map[string]map[string]string{}
	missing := map[string][]string{}
	for _, row := range operations {
		if row.serve == nil {
			continue
		}
		for _, g := range gens {
			if g.ops[row.name] > 0 {
				continue
			}
			if why, ok := exempt[g.name][row.name]; ok {
				t.Logf("%s: %s exempt: %s", g.name, row.name, why)
				continue
			}
			missing[row.name] = append(missing[row.name], g.name)
		}
	}
	names := make([]string, 0, len(missing))
	for n := range missing {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Errorf("served operation %s is not covered by: %s", n, strings.Join(missing[n], ", "))
	}
	if testing.Verbose() {
		for _, g := range gens {
			t.Logf("%s: %v", g.name, g.ops)
		}
	}
}

// routeTarget routes a method and a request target ("/path?query").
func routeTarget(t *testing.T, method, target string) *opRow {
	t.Helper()
	u, err := url.Parse("http://lambda.us-east-1.amazonaws.com" + target)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	row, _, _ := route(method, u)
	return row
}

// stressCoverage runs stressOp as TestStress does (every function name,
// churning or not, fixed seeds) and counts the operations it routes to. A
// request that routes nowhere, or to an operation the fake does not serve,
// is a mistake in stressOp.
func stressCoverage(t *testing.T) map[string]int {
	ops := map[string]int{}
	for seed := int64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewSource(seed))
		for i := 0; i < 2000; i++ {
			name := []string{"s0", "c0"}[i%2]
			method, target, _ := stressOp(rng, name, name[0] == 'c')
			row := routeTarget(t, method, target)
			if row == nil || row.serve == nil {
				t.Errorf("stressOp: %s %s routes to no served operation (%v)", method, target, row)
				continue
			}
			ops[row.name]++
		}
	}
	return ops
}

// modelCoverage runs randomOp as TestModel does and counts the operations
// it routes to.
func modelCoverage(t *testing.T) map[string]int {
	ops := map[string]int{}
	for seed := int64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewSource(seed))
		for i := 0; i < 2000; i++ {
			op := randomOp(rng)
			row := routeTarget(t, op.method, op.target)
			if row == nil || row.serve == nil {
				t.Errorf("randomOp %s: %s %s routes to no served operation (%v)", op.kind, op.method, op.target, row)
				continue
			}
			ops[row.name]++
		}
	}
	return ops
}

// fuzzSeedCoverage routes FuzzHandler's seeds as FuzzHandler builds their
// requests. Seeds that route nowhere are allowed: some are there for that.
func fuzzSeedCoverage(t *testing.T) map[string]int {
	ops := map[string]int{}
	for _, s := range handlerSeeds {
		u, err := url.Parse("http://lambda.us-east-1.amazonaws.com" + s.path)
		if err != nil {
			continue
		}
		u.RawQuery = s.query
		if row, _, _ := route(s.method, u); row != nil {
			ops[row.name]++
		}
	}
	return ops
}

// Every row of the table is reached by its own path (FuzzHandler seeds each
// row this way), with its labels decoded in order.
func TestEveryRowRoutesToItself(t *testing.T) {
	for _, row := range operations {
		u, err := url.Parse("http://lambda" + tableSeedPath(row) + "?" + row.query)
		if err != nil {
			t.Fatal(err)
		}
		got, labels, ok := route(row.method, u)
		if !ok || got != row {
			t.Errorf("%s %s routes to %v", row.method, u, got)
			continue
		}
		if len(row.labels) > 0 && labels[0] == "" {
			t.Errorf("%s: first label %s empty", row.name, row.labels[0])
		}
	}
}

package state

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"testing"
	"time"
)

// statusAt derives IN_PROGRESS, then READY or FAILED, from timestamps alone.
func TestStatusAt(t *testing.T) {
	pc := &pcConfig{requested: 5, putAt: t0, startAt: t0, alloc: Allocation{Delay: time.Minute}, carried: 2}
	cases := []struct {
		at   time.Time
		want pcStatus
	}{
		{t0, pcStatus{Status: "IN_PROGRESS", Allocated: 2, Available: 2}},
		{t0.Add(59 * time.Second), pcStatus{Status: "IN_PROGRESS", Allocated: 2, Available: 2}},
		{t0.Add(time.Minute), pcStatus{Status: "READY", Allocated: 5, Available: 5}},
		{t0.Add(time.Hour), pcStatus{Status: "READY", Allocated: 5, Available: 5}},
	}
	for _, c := range cases {
		if got := pc.statusAt(c.at); got != c.want {
			t.Errorf("at %v: %+v, want %+v", c.at.Sub(t0), got, c.want)
		}
	}
	pc.alloc.FailReason = "FUNCTION_ERROR_INIT_FAILURE"
	if got, want := pc.statusAt(t0.Add(time.Minute)), (pcStatus{Status: "FAILED", Reason: "FUNCTION_ERROR_INIT_FAILURE"}); got != want {
		t.Errorf("failed: %+v, want %+v", got, want)
	}
}

// Moving an alias restarts its allocation, keeping what was allocated, and
// takes the most specific allocation plan.
func TestReprovisionOnAliasMove(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v1, v2 := mustPublish(t, r, "f"), mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v1, nil, nil); e != nil {
		t.Fatal(e)
	}
	if _, e := r.PutProvisionedConcurrency("f", "live", 3, false, t0); e != nil {
		t.Fatal(e)
	}
	t1 := t0.Add(2 * time.Minute)
	r.SetAllocation("f", "live", Allocation{Delay: time.Minute, FailReason: "X"})
	if _, e := r.UpdateAlias("f", "", "live", AliasUpdate{FunctionVersion: &v2}, t1); e != nil {
		t.Fatal(e)
	}
	pc, e := r.ProvisionedConcurrency("f", "live", t1)
	if e != nil || pc.Status != "IN_PROGRESS" || pc.Allocated != 3 || !pc.LastModified.Equal(t0) {
		t.Fatalf("after the move: %+v %v", pc, e)
	}
	if pc, _ = r.ProvisionedConcurrency("f", "live", t1.Add(time.Minute)); pc.Status != "FAILED" || pc.StatusReason != "X" || pc.Allocated != 0 {
		t.Fatalf("after the new plan's delay: %+v", pc)
	}
}

// Put checks the account's limits with Lambda's messages.
func TestPutProvisionedConcurrencyLimits(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	_, e := r.PutProvisionedConcurrency("f", v, 901, false, t0)
	wantErr(t, e, "InvalidParameterValueException", "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
	if !e.NoType {
		t.Error("limit errors have no Type")
	}
	if _, e := r.PutReservedConcurrency("f", "", 10); e != nil {
		t.Fatal(e)
	}
	_, e = r.PutProvisionedConcurrency("f", v, 11, false, t0)
	wantErr(t, e, "InvalidParameterValueException", "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
	pc, e := r.PutProvisionedConcurrency("f", v, 10, true, t0)
	if e != nil || pc.Status != "READY" || pc.Available != 10 {
		t.Fatalf("seeded put: %+v %v", pc, e)
	}
}

// pageKeys agrees with sorting every key, across puts (setPC) and deletions
// made directly on the map, as alias, version and config deletions do.
func TestPageKeys(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		fn := &function{pcs: map[string]*pcConfig{}}
		for step := 0; step < 60; step++ {
			q := fmt.Sprint(rng.Intn(60))
			switch rng.Intn(3) {
			case 0:
				fn.setPC(q, &pcConfig{})
			case 1:
				delete(fn.pcs, q)
			}
			all := make([]string, 0, len(fn.pcs))
			for q := range fn.pcs {
				all = append(all, q)
			}
			sort.Strings(all)
			from := ""
			if rng.Intn(3) > 0 {
				from = fmt.Sprint(rng.Intn(60))
			}
			limit := 1 + rng.Intn(10)
			want := all[sort.SearchStrings(all, from):]
			want = want[:min(limit, len(want))]
			if got := fn.pageKeys(from, limit); !slices.Equal(got, want) {
				t.Fatalf("from %q limit %d: got %v, want %v", from, limit, got, want)
			}
		}
	}
}

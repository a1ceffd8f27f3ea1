package state

import (
	"testing"
	"time"
)

// Admit serves READY provisioned concurrency first, then on-demand within
// reserved concurrency less provisioned, then throttles; Release gives
// slots back.
func TestAdmitRelease(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v, nil, nil); e != nil {
		t.Fatal(e)
	}
	if _, e := r.PutReservedConcurrency("f", "", 3); e != nil {
		t.Fatal(e)
	}
	if _, e := r.PutProvisionedConcurrency("f", "live", 2, true, t0); e != nil {
		t.Fatal(e)
	}
	now := t0.Add(time.Second)
	var slots []*Slot
	for i := 0; i < 3; i++ {
		s, e := r.Admit("f", "live", v, now)
		if e != nil {
			t.Fatalf("invocation %d: %v", i, e)
		}
		if want := i < 2; s.Provisioned() != want {
			t.Fatalf("invocation %d: provisioned %v", i, s.Provisioned())
		}
		slots = append(slots, s)
	}
	_, e := r.Admit("f", "live", v, now)
	wantErr(t, e, "TooManyRequestsException", "Rate Exceeded.")
	if e.Reason != ReasonReserved {
		t.Fatalf("reason %q", e.Reason)
	}
	for i, s := range slots {
		r.Release(s, i == 0)
	}
	if err := r.CheckIdle(); err != nil {
		t.Fatal(err)
	}
	want := Metrics{Invocations: 3, Errors: 1, Throttles: 1, ProvisionedConcurrencyInvocations: 2,
		ProvisionedConcurrencySpilloverInvocations: 1, MaxConcurrentExecutions: 3}
	for _, q := range []string{"", "live", v} {
		if got := r.Metrics("f", q); got != want {
			t.Errorf("metrics of %q: %+v, want %+v", q, got, want)
		}
	}
}

// Weighted routing draws only for weighted aliases, and picks by weight.
func TestInvokeVersion(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v1, v2 := mustPublish(t, r, "f"), mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "w", v1, nil, map[string]float64{v2: 0.25}); e != nil {
		t.Fatal(e)
	}
	noDraw := func() float64 { t.Fatal("drew for an unweighted target"); return 0 }
	if got := r.InvokeVersion(Target{Function: "f"}, noDraw); got != "$LATEST" {
		t.Errorf("unqualified runs %s", got)
	}
	tw, _ := r.Resolve("f", "w", Lookup{})
	if got := r.InvokeVersion(tw, func() float64 { return 0.1 }); got != v2 {
		t.Errorf("draw 0.1 runs %s, want %s", got, v2)
	}
	if got := r.InvokeVersion(tw, func() float64 { return 0.5 }); got != v1 {
		t.Errorf("draw 0.5 runs %s, want %s", got, v1)
	}
}

// TestInvokeLatestPublished: $LATEST.PUBLISHED runs the newest version.
func TestInvokeLatestPublished(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	if _, e := r.Resolve("f", LatestPublished, Lookup{}); e == nil || e.Status != 404 {
		t.Fatalf("nothing published: %v", e)
	}
	v1 := mustPublish(t, r, "f")
	tp, e := r.Resolve("f", LatestPublished, Lookup{})
	if e != nil {
		t.Fatal(e)
	}
	if got := r.InvokeVersion(tp, nil); got != v1 {
		t.Errorf("$LATEST.PUBLISHED runs %s, want %s", got, v1)
	}
	tu, _ := r.Resolve("f", "", Lookup{Invoke: true})
	if tu.Qualifier != "$LATEST" || r.InvokeVersion(tu, nil) != "$LATEST" {
		t.Errorf("unqualified invocation of a default function: %+v", tu)
	}
}

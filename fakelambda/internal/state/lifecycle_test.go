package state

import (
	"reflect"
	"testing"
	"time"
)

// transitionOf reads function name's $LATEST (or version q) at now as
// GetFunctionConfiguration does: State, LastUpdateStatus and RevisionId.
func transitionOf(t *testing.T, r *Region, name, q string, now time.Time) (state, update, rev string) {
	t.Helper()
	v, e := r.Function(name, q, false, now)
	if e != nil {
		t.Fatal(e)
	}
	return v.Config.State, v.Config.LastUpdateStatus, v.Config.RevisionId
}

// By default a transition lasts until a read has shown it; the time does not
// matter. Its end brings the RevisionId drawn when it began.
func TestTransitionEndsAfterARead(t *testing.T) {
	r := newRegionWithTransitions()
	mustCreate(t, r, "f")
	fn := r.functions["f"]
	created := fn.latest.cfg.RevisionId
	if fn.latest.tr == nil || fn.latest.cfg.State != "Pending" || fn.latest.cfg.LastUpdateStatus != "" {
		t.Fatalf("created: %+v %+v", fn.latest.tr, fn.latest.cfg)
	}
	// Inspection and the lists settle what is over, but do not observe.
	if _, ok := r.FunctionInfo("f", t0.Add(time.Hour)); !ok || fn.latest.tr == nil {
		t.Fatal("FunctionInfo ended the transition")
	}
	if c, _ := r.Listed(VersionKey{"f", "$LATEST"}, t0.Add(time.Hour)); c.State != "" || fn.latest.tr == nil {
		t.Fatalf("Listed: %+v", c)
	}
	if s, u, rev := transitionOf(t, r, "f", "", t0); s != "Pending" || u != "" || rev != created {
		t.Fatalf("first read: %s %s %s", s, u, rev)
	}
	s, u, rev := transitionOf(t, r, "f", "", t0)
	if s != "Active" || u != "Successful" || rev == created || rev != "rev-2" {
		t.Fatalf("second read: %s %s %s", s, u, rev)
	}
	if s2, _, rev2 := transitionOf(t, r, "f", "", t0); s2 != "Active" || rev2 != rev {
		t.Fatal("a settled version changed on a read")
	}
}

// A refused change leaves the function exactly as it was; an Invoke of a
// Pending version is refused, an update in progress does not stop it.
func TestTransitionRefusals(t *testing.T) {
	r := newRegionWithTransitions()
	mustCreate(t, r, "f")
	before := *r.functions["f"].latest
	d := "x"
	_, e := r.UpdateFunctionConfiguration("f", "", ConfigUpdate{Description: &d}, t0)
	wantErr(t, e, "ResourceConflictException", "The operation cannot be performed at this time. The function is currently in the following state: Pending")
	_, e = r.UpdateFunctionCode("f", "", CodeUpdate{Code: Code{ZipFile: []byte("z")}, Publish: true}, t0)
	wantErr(t, e, "ResourceConflictException", "The operation cannot be performed at this time. The function is currently in the following state: Pending")
	_, e = r.PublishVersion("f", "", nil, nil, nil, t0)
	wantErr(t, e, "ResourceConflictException", "The operation cannot be performed at this time. The function is currently in the following state: Pending")
	after := *r.functions["f"].latest
	if !reflect.DeepEqual(before.cfg, after.cfg) || !reflect.DeepEqual(before.tr, after.tr) || len(r.functions["f"].versions) != 0 {
		t.Fatal("a refused change changed the function")
	}
	wantErr(t, r.Invocable(Target{Function: "f", Version: "$LATEST"}, t0), "ResourceConflictException",
		"The operation cannot be performed at this time. The function is currently in the following state: Pending")

	transitionOf(t, r, "f", "", t0)
	if _, e := r.UpdateFunctionCode("f", "", CodeUpdate{Code: Code{ZipFile: []byte("z")}, Publish: true}, t0); e != nil {
		t.Fatal(e)
	}
	_, e = r.UpdateFunctionConfiguration("f", "", ConfigUpdate{Description: &d}, t0)
	wantErr(t, e, "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:f")
	if e := r.Invocable(Target{Function: "f", Version: "$LATEST"}, t0); e != nil {
		t.Fatalf("an update in progress stopped an invocation: %v", e)
	}
	wantErr(t, r.Invocable(Target{Function: "f", Qualifier: "1", Version: "1"}, t0), "ResourceConflictException",
		"The operation cannot be performed at this time. The function is currently in the following state: Pending")
	if _, e := r.CreateAlias("f", "", "live", "1", nil, nil); e != nil {
		t.Fatal(e)
	}
	wantErr(t, r.Invocable(Target{Function: "f", Qualifier: "live", Version: "1", Alias: true}, t0), "ResourceConflictException",
		"The operation cannot be performed at this time. The function is currently in the following state: Pending")
	// The version published with the update is over when the update is.
	transitionOf(t, r, "f", "", t0)
	transitionOf(t, r, "f", "", t0)
	if s, _, _ := transitionOf(t, r, "f", "1", t0); s != "Active" {
		t.Fatalf("version 1 after its update ended: %s", s)
	}

	// An alias routing some traffic to a Pending version is refused too.
	r.SetTransition("f", Transition{Delay: time.Minute})
	if _, e := r.UpdateFunctionCode("f", "", CodeUpdate{Code: Code{ZipFile: []byte("y")}, Publish: true}, t0); e != nil {
		t.Fatal(e)
	}
	if _, e := r.UpdateAlias("f", "", "live", AliasUpdate{Routing: true, Weights: map[string]float64{"2": 0.1}}, t0); e != nil {
		t.Fatal(e)
	}
	wantErr(t, r.Invocable(Target{Function: "f", Qualifier: "live", Version: "1", Alias: true}, t0), "ResourceConflictException",
		"The operation cannot be performed at this time. The function is currently in the following state: Pending")
	if e := r.Invocable(Target{Function: "f", Qualifier: "live", Version: "1", Alias: true}, t0.Add(time.Minute)); e != nil {
		t.Fatal(e)
	}
}

// A plan with a delay ends on the clock, reads or not, and may end Failed;
// SetTransition overrides NoTransitions for its function.
func TestTransitionPlans(t *testing.T) {
	r := newRegion() // NoTransitions
	r.SetTransition("f", Transition{Delay: time.Minute, FailCode: "InvalidImage", FailReason: "bad"})
	mustCreate(t, r, "f")
	mustCreate(t, r, "g")
	if s, _, _ := transitionOf(t, r, "g", "", t0); s != "Active" {
		t.Fatalf("g without transitions: %s", s)
	}
	for range 3 {
		if s, _, _ := transitionOf(t, r, "f", "", t0.Add(time.Minute-1)); s != "Pending" {
			t.Fatalf("held: %s", s)
		}
	}
	v, _ := r.Function("f", "", false, t0.Add(time.Minute))
	c := v.Config
	if c.State != "Failed" || c.StateReasonCode != "InvalidImage" || c.StateReason != "bad" ||
		c.LastUpdateStatus != "Failed" || c.LastUpdateStatusReasonCode != "InvalidImage" || c.LastUpdateStatusReason != "bad" {
		t.Fatalf("failed creation: %+v", c)
	}
	wantErr(t, r.Invocable(Target{Function: "f", Version: "$LATEST"}, t0.Add(time.Minute)), "ResourceConflictException",
		"The operation cannot be performed at this time. The function is currently in the following state: Failed")

	// An update that fails keeps the function Active.
	r.SetTransition("g", Transition{FailCode: "SubnetOutOfIPAddresses", FailReason: "no IPs"})
	d := "x"
	if _, e := r.UpdateFunctionConfiguration("g", "", ConfigUpdate{Description: &d}, t0); e != nil {
		t.Fatal(e)
	}
	transitionOf(t, r, "g", "", t0)
	v, _ = r.Function("g", "", false, t0)
	c = v.Config
	if c.State != "Active" || c.StateReasonCode != "" || c.LastUpdateStatus != "Failed" ||
		c.LastUpdateStatusReasonCode != "SubnetOutOfIPAddresses" || c.LastUpdateStatusReason != "no IPs" {
		t.Fatalf("failed update: %+v", c)
	}
}

package state

import (
	"testing"
	"time"
)

// Put replaces, Update merges, configs are per scope and copies, and the
// deletions cascade.
func TestEventInvokeConfigs(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v, nil, nil); e != nil {
		t.Fatal(e)
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	_, e := r.PutEventInvokeConfig("g", "", EventInvokeConfig{MaximumRetryAttempts: intp(1)}, false, t0)
	wantErr(t, e, "ResourceNotFoundException", "The function doesn't exist.")
	_, e = r.PutEventInvokeConfig("f", "nope", EventInvokeConfig{MaximumRetryAttempts: intp(1)}, false, t0)
	wantErr(t, e, "ResourceNotFoundException", "The function doesn't exist.")
	_, e = r.PutEventInvokeConfig("f", "", EventInvokeConfig{MaximumRetryAttempts: intp(1)}, true, t0)
	wantErr(t, e, "ResourceNotFoundException", "The function arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST doesn't have an EventInvokeConfig")

	c, e := r.PutEventInvokeConfig("f", "", EventInvokeConfig{MaximumRetryAttempts: intp(2), MaximumEventAgeInSeconds: intp(60),
		HasDestinationConfig: true, OnFailure: "arn:aws:sqs:us-east-1:123456789012:q"}, false, t0)
	if e != nil || c.Qualifier != "$LATEST" || !c.LastModified.Equal(t0) {
		t.Fatalf("%+v %v", c, e)
	}
	*c.MaximumRetryAttempts = 7 // a copy
	c, _ = r.PutEventInvokeConfig("f", "$LATEST", EventInvokeConfig{MaximumRetryAttempts: intp(0)}, true, t0.Add(time.Second))
	if *c.MaximumRetryAttempts != 0 || *c.MaximumEventAgeInSeconds != 60 || c.OnFailure == "" || !c.LastModified.Equal(t0.Add(time.Second)) {
		t.Fatalf("Update merges: %+v", c)
	}
	c, _ = r.PutEventInvokeConfig("f", "", EventInvokeConfig{MaximumEventAgeInSeconds: intp(120)}, false, t0)
	if c.MaximumRetryAttempts != nil || c.OnFailure != "" || *c.MaximumEventAgeInSeconds != 120 {
		t.Fatalf("Put replaces: %+v", c)
	}
	if g, ok := r.EventInvokeConfigFor("f", ""); !ok || *g.MaximumEventAgeInSeconds != 120 {
		t.Fatalf("unqualified is $LATEST: %+v", g)
	}
	for _, q := range []string{v, "live"} {
		if _, e := r.PutEventInvokeConfig("f", q, EventInvokeConfig{MaximumRetryAttempts: intp(1)}, false, t0); e != nil {
			t.Fatal(e)
		}
	}
	list, _ := r.EventInvokeConfigs("f")
	if len(list) != 3 || list[0].Qualifier != "$LATEST" || list[1].Qualifier != v || list[2].Qualifier != "live" {
		t.Fatalf("%+v", list)
	}
	if e := r.DeleteAlias("f", "", "live"); e != nil {
		t.Fatal(e)
	}
	if e := r.DeleteFunction("f", v); e != nil {
		t.Fatal(e)
	}
	if list, _ = r.EventInvokeConfigs("f"); len(list) != 1 {
		t.Fatalf("cascade: %+v", list)
	}
	if err := r.CheckInvariants(t0); err != nil {
		t.Fatal(err)
	}
	if e := r.DeleteFunction("f", ""); e != nil {
		t.Fatal(e)
	}
	if len(r.eics) != 0 {
		t.Fatalf("cascade: %+v", r.eics)
	}
	_, e = r.GetEventInvokeConfig("f", "")
	wantErr(t, e, "ResourceNotFoundException", "The function arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST doesn't have an EventInvokeConfig")
	_, e = r.EventInvokeConfigs("f")
	wantErr(t, e, "ResourceNotFoundException", "The function doesn't exist.")
}

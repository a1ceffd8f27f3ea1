package state

import (
	"testing"
)

// DurableConfigOf resolves the qualifier as operations do, answers a copy,
// nil for a function that is not durable, and false for what is missing;
// published versions keep the DurableConfig $LATEST had.
func TestDurableConfigOf(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	if d, ok := r.DurableConfigOf("f", ""); !ok || d != nil {
		t.Fatalf("plain function: %v %v", d, ok)
	}
	if _, e := r.UpdateFunctionConfiguration("f", "", ConfigUpdate{DurableConfig: &DurableConfig{ExecutionTimeout: 60}}, t0); e != nil {
		t.Fatal(e)
	}
	v1 := mustPublish(t, r, "f")
	if _, e := r.UpdateFunctionConfiguration("f", "", ConfigUpdate{DurableConfig: &DurableConfig{RetentionPeriodInDays: 3}}, t0); e != nil {
		t.Fatal(e)
	}
	if _, e := r.CreateAlias("f", "", "live", v1, nil, nil); e != nil {
		t.Fatal(e)
	}
	old, latest := DurableConfig{RetentionPeriodInDays: 14, ExecutionTimeout: 60}, DurableConfig{RetentionPeriodInDays: 3, ExecutionTimeout: 86400}
	for q, want := range map[string]DurableConfig{"": latest, "$LATEST": latest, v1: old, "live": old, LatestPublished: old} {
		d, ok := r.DurableConfigOf("f", q)
		if !ok || d == nil || *d != want {
			t.Fatalf("%q: %v %v, want %v", q, d, ok, want)
		}
		d.ExecutionTimeout = 1 // a copy
	}
	if d, _ := r.DurableConfigOf("f", v1); d.ExecutionTimeout != 60 {
		t.Fatal("the answer shares the version's config")
	}
	for _, c := range [][2]string{{"nope", ""}, {"f", "9"}, {"f", "gone"}} {
		if d, ok := r.DurableConfigOf(c[0], c[1]); ok || d != nil {
			t.Fatalf("%v: %v %v", c, d, ok)
		}
	}
	// A change of DurableConfig alone is a change for PublishVersion.
	if v2 := mustPublishUnchanged(t, r, "f"); v2 == v1 {
		t.Fatal("publishing after a DurableConfig change answered the old version")
	}
}

// mustPublishUnchanged publishes name as it is and returns the version.
func mustPublishUnchanged(t *testing.T, r *Region, name string) string {
	t.Helper()
	cfg, e := r.PublishVersion(name, "", nil, nil, nil, t0)
	if e != nil {
		t.Fatal(e)
	}
	return cfg.Version
}

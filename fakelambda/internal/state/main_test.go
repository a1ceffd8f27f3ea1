package state

import (
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// newRegion is a region of a store with Lambda's default limits and a
// counting ID generator, without transitions: creations and updates settle
// at once (lifecycle_test.go tests them).
func newRegion() *Region {
	r := newRegionWithTransitions()
	r.store.NoTransitions = true
	return r
}

// newRegionWithTransitions is newRegion with Lambda's lifecycle: creations
// Pending and updates InProgress until a read has shown them.
func newRegionWithTransitions() *Region {
	n := 0
	s := &Store{Limit: 1000, MinUnreserved: 100, Allocation: Allocation{Delay: 90 * time.Second},
		NewID: func() string { n++; return "rev-" + strconv.Itoa(n) }}
	return s.Region("123456789012", "us-east-1")
}

// mustCreate creates zip function name.
func mustCreate(t *testing.T, r *Region, name string) {
	t.Helper()
	rt, h, role := "provided.al2023", "bootstrap", "arn:aws:iam::123456789012:role/r"
	_, e := r.CreateFunction(NewFunction{Name: name, Code: Code{ZipFile: []byte("zip")},
		Config: ConfigUpdate{Runtime: &rt, Handler: &h, Role: &role}}, t0)
	if e != nil {
		t.Fatal(e)
	}
}

// mustPublish publishes a new version of name (changing its description)
// and returns it.
func mustPublish(t *testing.T, r *Region, name string) string {
	t.Helper()
	d := "d" + strconv.Itoa(len(r.functions[name].versions))
	if _, e := r.UpdateFunctionConfiguration(name, "", ConfigUpdate{Description: &d}, t0); e != nil {
		t.Fatal(e)
	}
	cfg, e := r.PublishVersion(name, "", nil, nil, nil, t0)
	if e != nil {
		t.Fatal(e)
	}
	return cfg.Version
}

// wantErr fails unless e has code and message.
func wantErr(t *testing.T, e *Error, code, msg string) {
	t.Helper()
	if e == nil || e.Code != code || e.Message != msg {
		t.Fatalf("got %v; want %s: %s", e, code, msg)
	}
}

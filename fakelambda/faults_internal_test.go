package fakelambda

import (
	"fmt"
	"testing"
)

// BenchmarkFaultListMatch is the whole cost fault matching adds to a call
// that no fault matches: with 100 faults on other functions, and with 100
// faults on other operations of the same function.
func BenchmarkFaultListMatch(b *testing.B) {
	rq := &request{op: "GetFunction", function: "f"}
	for _, tc := range []struct {
		name string
		add  func(i int) Fault
	}{
		{"none", nil},
		{"100-other-functions", func(i int) Fault { return Fault{Function: fmt.Sprintf("other-%d", i), Err: ServiceError("x")} }},
		{"100-other-operations", func(i int) Fault {
			return Fault{Function: "f", Operation: fmt.Sprintf("Op%d", i), Err: ServiceError("x")}
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f := New()
			for i := 0; tc.add != nil && i < 100; i++ {
				f.AddFault(tc.add(i))
			}
			b.ReportAllocs()
			for b.Loop() {
				f.mu.Lock()
				if f.faults.count > 0 && f.faults.match(rq) != nil {
					b.Fatal("matched")
				}
				f.mu.Unlock()
			}
		})
	}
}

func TestFaultListOrderAcrossIndexes(t *testing.T) {
	f := New()
	h1 := f.AddFault(Fault{Function: "f", Skip: 1, Err: ServiceError("1")})
	h2 := f.AddFault(Fault{Err: ServiceError("2"), Count: 1})
	h3 := f.AddFault(Fault{Function: "f", Err: ServiceError("3")})
	rq := &request{op: "GetFunction", function: "f"}
	got := []*FaultHandle{f.faults.match(rq), f.faults.match(rq), f.faults.match(rq), f.faults.match(rq)}
	want := []*FaultHandle{h2, h1, h1, h1} // h1 skips once (h2 fires), then fires until removed
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("call %d: got fault seq %d, want %d", i, got[i].seq, want[i].seq)
		}
	}
	h1.Remove()
	if h := f.faults.match(rq); h != h3 {
		t.Fatalf("after removing the first, want the third, got %v", h)
	}
	if f.faults.count != 1 {
		t.Fatalf("dead faults not pruned: count %d", f.faults.count)
	}
	if h := f.faults.match(&request{op: "GetFunction", function: "g"}); h != nil {
		t.Fatalf("a fault for f matched g")
	}
}

func TestPanickingOperationKeepsTheFakeUsable(t *testing.T) {
	f := New()
	// A private copy of the row: the table itself is shared by every test.
	row := *byName[OpGetAccountSettings]
	row.serve = func(*Fake, *request) *response { panic("boom") }
	rq := &request{op: row.name, row: &row}
	f.mu.Lock()
	resp := f.runLocked(rq)
	f.mu.Unlock()
	if resp.err == nil || resp.err.Code != "ServiceException" || resp.err.status() != 500 {
		t.Fatalf("got %+v", resp)
	}
	if want := "fakelambda: internal error in GetAccountSettings: boom (please report it)"; resp.err.Message != want {
		t.Fatalf("message %q, want %q", resp.err.Message, want)
	}
}

package state

import (
	"math/rand"
	"strconv"
	"testing"
	"time"
)

// TestDurableRandomInvariants drives executions with random checkpoints
// (valid and not), invocation outcomes, callback answers, heartbeats,
// stops, chained children and clock moves, pumping as the Fake does, and
// checks what must always hold: no panic, unique operation ids, history in
// time order, nothing but InvocationCompleted after a terminal event, no
// live token or running invocation once the pump is idle, and the open
// callback index holding only open callbacks of running executions.
func TestDurableRandomInvariants(t *testing.T) {
	types := []string{"STEP", "WAIT", "CALLBACK", "CONTEXT", "CHAINED_INVOKE", "EXECUTION", "BOGUS"}
	actions := []string{"START", "SUCCEED", "FAIL", "RETRY", "CANCEL", "X"}
	ids := []string{"a", "b", "c", "d"}
	for seed := int64(0); seed < 5000; seed++ {
		rng := rand.New(rand.NewSource(seed))
		r := newRegion()
		mustCreate(t, r, "fn")
		now := t0
		ex, _, e := r.StartDurable(DurableStart{Function: "fn", Version: "$LATEST", FunctionARN: r.QualifiedARN("fn", "$LATEST"), Input: "{}", Timeout: time.Hour, RetentionDays: 1}, now)
		if e != nil {
			t.Fatal(e)
		}
		s := r.store
		for step := 0; step < 40; step++ {
			for {
				w, ok := s.NextDurable(now)
				if !ok {
					break
				}
				if ok && !w.Chain {
					tok := w.Token
					for k := 0; k < 1+rng.Intn(3); k++ {
						var ups []OperationUpdate
						for j := 0; j < 1+rng.Intn(3); j++ {
							u := OperationUpdate{ID: ids[rng.Intn(len(ids))], Type: types[rng.Intn(len(types))], Action: actions[rng.Intn(len(actions))]}
							if rng.Intn(3) == 0 {
								u.ParentID = ids[rng.Intn(len(ids))]
							}
							ws := int64(rng.Intn(20) + 1)
							u.WaitSeconds = &ws
							u.NextAttemptDelay = int64(rng.Intn(5))
							u.CallbackTimeout = int64(rng.Intn(30))
							u.CallbackHeartbeat = int64(rng.Intn(30))
							u.ChainedFunction = "fn:$LATEST"
							if u.Action == "FAIL" {
								u.Error = &DurableError{Type: "E"}
							} else {
								p := "1"
								u.Payload = &p
							}
							ups = append(ups, u)
						}
						if rng.Intn(4) == 0 {
							for _, cb := range r.OpenCallbacks(w.ARN) {
								r.CallbackSucceed(cb.CallbackID, "1", now)
							}
						}
						if rng.Intn(20) == 0 {
							r.StopDurable(w.ARN, nil, now)
						}
						ans, e := r.Checkpoint(w.ARN, tok, "", ups, now)
						if e == nil {
							tok = ans.Token
						}
					}
					st := []string{"PENDING", "SUCCEEDED", "FAILED", ""}[rng.Intn(4)]
					s.EndInvocation(w, InvocationOutput{Status: st, Error: &DurableError{Type: "x"}})
				} else if ok && w.Chain {
					if rng.Intn(2) == 0 {
						s.SettleChained(w, DurSucceeded, nil, nil, w.At)
					} else {
						c, _, e := r.StartDurable(DurableStart{Function: "fn", Version: "$LATEST", FunctionARN: r.QualifiedARN("fn", "$LATEST"), Name: "c" + w.OpID + strconv.Itoa(step), Input: "{}", Timeout: time.Minute, RetentionDays: 1, ParentARN: w.ARN, ParentOp: w.OpID}, w.At)
						if e == nil {
							s.ChainStarted(w, "$LATEST", c.ARN)
						}
					}
				}
			}
			if rng.Intn(3) == 0 {
				for _, cb := range r.OpenCallbacks(ex.ARN) {
					if rng.Intn(2) == 0 {
						r.CallbackSucceed(cb.CallbackID, "1", now)
					} else {
						r.CallbackHeartbeat(cb.CallbackID, now)
					}
				}
			}
			if rng.Intn(10) == 0 {
				r.StopDurable(ex.ARN, nil, now)
			}
			now = now.Add(time.Duration(rng.Intn(15)) * time.Second)
			if rng.Intn(30) == 0 {
				now = now.Add(48 * time.Hour)
			}
		}
		// invariants
		d := s.durable
		for _, x := range d.all {
			if x.tokenLive || x.invoking {
				t.Fatalf("seed %d: token live after the invocation", seed)
			}
			seen := map[string]bool{x.ID: true}
			for _, op := range x.ops {
				if seen[op.ID] {
					t.Fatalf("seed %d: duplicate op id %s", seed, op.ID)
				}
				seen[op.ID] = true
			}
			var last time.Time
			for i, ev := range x.events {
				if ev.At.Before(last) {
					for _, e := range x.events {
						t.Logf("%s %s %v", e.Type, e.ID, e.At.Sub(t0))
					}
					t.Fatalf("seed %d: event %d %s at %v before %v", seed, i, ev.Type, ev.At, last)
				}
				last = ev.At
			}
			if x.Status != DurRunning {
				for i, ev := range x.events {
					if ev.Type == "ExecutionSucceeded" || ev.Type == "ExecutionFailed" || ev.Type == "ExecutionTimedOut" || ev.Type == "ExecutionStopped" {
						for _, after := range x.events[i+1:] {
							if after.Type != "InvocationCompleted" {
								t.Fatalf("seed %d: %s after %s", seed, after.Type, ev.Type)
							}
						}
					}
				}
			}
		}
		for id, x := range d.callbacks {
			if x.Status != DurRunning {
				t.Fatalf("seed %d: callback %s open on a %s execution", seed, id, x.Status)
			}
			found := false
			for _, op := range x.ops {
				if op.CallbackID == id && op.Status == OpStarted {
					found = true
				}
			}
			if !found {
				t.Fatalf("seed %d: callback %s in the map is not open", seed, id)
			}
		}
	}
}

// Ended executions leave no dead deadline behind for long: the heap drops
// an ended execution's year-long timeout when it compacts, keeping only
// what can still fire (here the end of each execution's retention).
func TestDurableHeapCompacts(t *testing.T) {
	s := &Store{NewID: func() string { return "id" }}
	r := s.Region("123456789012", "us-east-1")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 5000
	for i := range n {
		if _, _, e := r.StartDurable(DurableStart{Function: "f", Version: "$LATEST", FunctionARN: r.QualifiedARN("f", "$LATEST"),
			Name: "e" + strconv.Itoa(i), Input: "{}"}, now); e != nil {
			t.Fatal(e)
		}
		w, ok := s.NextDurable(now)
		if !ok {
			t.Fatal("no invocation due")
		}
		res := "1"
		s.EndInvocation(w, InvocationOutput{Status: "SUCCEEDED", Result: &res})
	}
	if got := len(s.durable.due); got > n+n/2 {
		t.Fatalf("%d deadlines kept for %d ended executions: the ended ones' timeouts were not dropped", got, n)
	}
	// Past the retention: every execution is forgotten and the heap empties.
	if _, ok := s.NextDurable(now.Add(15 * 24 * time.Hour)); ok {
		t.Fatal("nothing should be due")
	}
	if got := len(s.durable.due); got > n/2 {
		t.Fatalf("%d deadlines left after every retention ended", got)
	}
}

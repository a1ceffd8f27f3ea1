package state

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Compacting the deadline heap changes nothing that happens: the same
// random scenario (as TestDurableRandomInvariants drives it) run with a
// compaction after every pump and clock move, and without any, does the
// same work at the same times and leaves the same histories. A deadline
// dead() dropped while NextDurable would still have fired it (a wait that
// never ends) shows as a difference.
func TestDurableReview2CompactDropsNothingLive(t *testing.T) {
	for seed := int64(0); seed < 3000; seed++ {
		plain, compacted := compactScenario(seed, false), compactScenario(seed, true)
		if plain != compacted {
			t.Fatalf("seed %d: compaction changed the run:\n--- without\n%s\n--- with\n%s", seed, plain, compacted)
		}
	}
}

func compactScenario(seed int64, compact bool) string {
	types := []string{"STEP", "WAIT", "CALLBACK", "CONTEXT", "CHAINED_INVOKE"}
	actions := []string{"START", "SUCCEED", "FAIL", "RETRY", "CANCEL"}
	ids := []string{"a", "b", "c", "d"}
	rng := rand.New(rand.NewSource(seed))
	r := newRegion()
	if _, e := r.CreateFunction(NewFunction{Name: "fn", Code: Code{ZipFile: []byte("zip")},
		Config: ConfigUpdate{Runtime: ptrTo("provided.al2023"), Handler: ptrTo("bootstrap"), Role: ptrTo("arn:aws:iam::123456789012:role/r")}}, t0); e != nil {
		panic(e)
	}
	s := r.store
	var log strings.Builder
	now := t0
	var arns []string
	start := func(name string, parent DurableWork, at time.Time) {
		in := DurableStart{Function: "fn", Version: "$LATEST", FunctionARN: r.QualifiedARN("fn", "$LATEST"), Name: name, Input: "{}",
			Timeout: time.Duration(30+rng.Intn(600)) * time.Second, RetentionDays: 1}
		if parent.ARN != "" {
			in.ParentARN, in.ParentOp = parent.ARN, parent.OpID
		}
		ex, _, e := r.StartDurable(in, at)
		if e == nil {
			arns = append(arns, ex.ARN)
			if parent.ARN != "" {
				s.ChainStarted(parent, "$LATEST", ex.ARN)
			}
		}
	}
	start("root", DurableWork{}, now)
	maybeCompact := func() {
		if compact && s.durable != nil {
			s.durable.compact()
		}
	}
	for step := 0; step < 30; step++ {
		for {
			maybeCompact()
			w, ok := s.NextDurable(now)
			if !ok {
				break
			}
			fmt.Fprintf(&log, "work %s chain=%v op=%s at=%v ops=%d\n", w.ARN, w.Chain, w.OpID, w.At.Sub(t0), len(w.Ops))
			if w.Chain {
				if rng.Intn(2) == 0 {
					s.SettleChained(w, DurSucceeded, nil, nil, w.At)
				} else {
					start("c"+w.OpID+strconv.Itoa(step), w, w.At)
				}
				continue
			}
			tok := w.Token
			for k := 0; k < 1+rng.Intn(3); k++ {
				var ups []OperationUpdate
				for j := 0; j < 1+rng.Intn(2); j++ {
					u := OperationUpdate{ID: ids[rng.Intn(len(ids))], Type: types[rng.Intn(len(types))], Action: actions[rng.Intn(len(actions))]}
					ws := int64(rng.Intn(40) + 1)
					u.WaitSeconds = &ws
					u.NextAttemptDelay = int64(rng.Intn(20))
					u.CallbackTimeout = int64(rng.Intn(60))
					u.CallbackHeartbeat = int64(rng.Intn(30))
					u.ChainedFunction = "fn:$LATEST"
					if u.Action == "FAIL" || u.Action == "RETRY" {
						u.Error = &DurableError{Type: "E"}
					} else {
						p := "1"
						u.Payload = &p
					}
					ups = append(ups, u)
				}
				if ans, e := r.Checkpoint(w.ARN, tok, "", ups, now); e == nil {
					tok = ans.Token
				}
				maybeCompact()
			}
			st := []string{"PENDING", "PENDING", "PENDING", "SUCCEEDED", ""}[rng.Intn(5)]
			s.EndInvocation(w, InvocationOutput{Status: st, Error: &DurableError{Type: "x"}})
		}
		for _, arn := range arns {
			for _, cb := range r.OpenCallbacks(arn) {
				switch rng.Intn(4) {
				case 0:
					r.CallbackSucceed(cb.CallbackID, "1", now)
				case 1:
					r.CallbackHeartbeat(cb.CallbackID, now)
				}
			}
		}
		maybeCompact()
		now = now.Add(time.Duration(rng.Intn(20)) * time.Second)
		if rng.Intn(40) == 0 {
			now = now.Add(48 * time.Hour)
		}
	}
	for _, arn := range arns {
		h, e := r.DurableHistory(arn)
		if e != nil {
			fmt.Fprintf(&log, "%s gone\n", arn)
			continue
		}
		for _, ev := range h {
			fmt.Fprintf(&log, "%s %s %s %v\n", arn, ev.Type, ev.ID, ev.At.Sub(t0))
		}
	}
	return log.String()
}

func ptrTo[T any](v T) *T { return &v }

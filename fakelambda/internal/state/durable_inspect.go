package state

import "time"

// OpenCallback is a callback an execution waits for.
type OpenCallback struct {
	CallbackID, Name, OperationID, ParentID string
	Started                                 time.Time
	// TimeoutAt and HeartbeatAt are its deadlines (zero: none).
	TimeoutAt, HeartbeatAt time.Time
}

// OpenCallbacks lists the open callbacks of the execution arn, in the
// order they started (nil when it has none or does not exist).
func (r *Region) OpenCallbacks(arn string) []OpenCallback {
	ex := r.execution(arn)
	if ex == nil || ex.Status != DurRunning {
		return nil
	}
	var out []OpenCallback
	for _, op := range ex.ops {
		if op.Type == "CALLBACK" && op.Status == OpStarted {
			out = append(out, OpenCallback{CallbackID: op.CallbackID, Name: op.Name, OperationID: op.ID, ParentID: op.ParentID,
				Started: op.Start, TimeoutAt: op.timeoutAt, HeartbeatAt: op.heartbeatAt})
		}
	}
	return out
}

// NextDueOf is the earliest live deadline of the execution arn or of the
// executions its chained invokes started (ok false: none): what a
// synchronous Invoke waits for.
func (s *Store) NextDueOf(arn string) (time.Time, bool) {
	if s.durable == nil {
		return time.Time{}, false
	}
	var best time.Time
	found := false
	for _, e := range s.durable.due {
		if e.ex.ARN != arn && e.ex.parentARN != arn || !e.live() {
			continue
		}
		if !found || e.at.Before(best) {
			best, found = e.at, true
		}
	}
	return best, found
}

// live says whether a deadline still means something (its operation or
// execution has not moved on).
func (e dueEntry) live() bool {
	ex, op := e.ex, e.op
	if ex.gone {
		return false
	}
	switch e.kind {
	case dueRetention:
		return true
	case dueWait, dueChain:
		return ex.Status == DurRunning && op.Status == OpStarted
	case dueRetry:
		return ex.Status == DurRunning && op.Status == OpPending && op.Attempt == e.gen
	case dueCallbackTimeout:
		return ex.Status == DurRunning && op.Status == OpStarted
	case dueHeartbeat:
		return ex.Status == DurRunning && op.Status == OpStarted && e.gen == op.hbGen
	case dueInvoke:
		return ex.Status == DurRunning && e.gen == ex.invokeGen
	}
	return ex.Status == DurRunning // dueExecTimeout
}

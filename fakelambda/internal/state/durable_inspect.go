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

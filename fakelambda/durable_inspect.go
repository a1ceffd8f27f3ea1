package fakelambda

import (
	"strings"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// OpenCallback is a callback a durable execution waits for: what a test
// hands to SendDurableExecutionCallbackSuccess or Failure when it plays the
// external system.
type OpenCallback = state.OpenCallback

// OpenCallbacks lists the open callbacks of the durable execution arn, in
// the order they started, with their deadlines on the fake's clock (nil
// when none). A callback of WaitForCallback has no name of its own: its
// ParentID is the WaitForCallback context's operation. The same IDs are in
// GetDurableExecutionHistory's CallbackStarted events.
func (f *Fake) OpenCallbacks(arn string) []OpenCallback {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.regionOfARN(arn).OpenCallbacks(arn)
}

// regionOfARN is the account and region an execution ARN names
// (arn:aws:lambda:<region>:<account>:function:...), or the fake's.
func (f *Fake) regionOfARN(arn string) *state.Region {
	account, region := f.cfg.accountID, f.cfg.region
	if p := strings.SplitN(arn, ":", 6); len(p) == 6 && p[0] == "arn" && p[2] == "lambda" {
		account, region = p[4], p[3]
	}
	return f.store.Region(account, region)
}

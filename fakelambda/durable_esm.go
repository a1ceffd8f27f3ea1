package fakelambda

import (
	"context"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Event source mappings with durable functions (AWS: "Event source
// mappings with durable functions"): a mapping invokes a durable function
// synchronously and waits for the whole execution before it processes the
// next batch or marks the records processed; the execution may last 15
// minutes at most. Each batch delivery (and each retry of it) starts a new,
// unnamed execution (durable-engine.md §2: an ESM start has no execution
// name), with the batch event as its input.

// esmDurableStillRunning is the function error an event source mapping sees
// when a durable execution it started is still running once the fake has
// gone as far as it can (no clock, or one it cannot move): AWS would keep
// the mapping waiting until the execution times out at 15 minutes and
// report a timeout; the fake, which never sleeps on the wall clock, reports
// that timeout at once and leaves the execution running.
const esmDurableStillRunning = "Sandbox.Timedout"

// invokeDurableESM starts a durable execution of function (as invoked,
// running version) for one batch delivery of an event source mapping and
// runs it as a synchronous Invoke does (DurableSyncAdvance, whatever
// WithDurableSync says: a mapping always waits), up to its execution
// timeout: the function's DurableConfig ExecutionTimeout, at most 15
// minutes. Its outcome is the mapping's handlerOutcome: SUCCEEDED answers
// the execution's Result (so ReportBatchItemFailures responses work);
// FAILED, TIMED_OUT and STOPPED are a function error of the execution's
// error (TIMED_OUT: Execution.Timeout); an execution still running (the
// clock cannot move) is a function error esmDurableStillRunning.
// Invocations count in Metrics and concurrency as any (runInvocation
// admits each): a throttled one fails and is retried by the execution (1,
// 2, 4 s later, then the execution fails), rather than leaving the batch in
// flight as a plain function's throttle does.
// Callers hold f.mu; it releases it.
func (f *Fake) invokeDurableESM(ctx context.Context, r *state.Region, function, invoked, version string, cfg *state.DurableConfig, payload []byte) handlerOutcome {
	now := f.now()
	start := state.DurableStart{Function: function, Version: version, FunctionARN: r.QualifiedARN(function, invoked),
		Input: string(payload), Timeout: syncInvokeBudget}
	if cfg != nil {
		if d := time.Duration(cfg.ExecutionTimeout) * time.Second; d > 0 && d < start.Timeout {
			start.Timeout = d
		}
		start.RetentionDays = cfg.RetentionPeriodInDays
	}
	ex, _, se := r.StartDurable(start, now)
	if se != nil {
		f.mu.Unlock()
		return handlerOutcome{errType: se.Code, errMsg: se.Message}
	}
	st := f.store
	if w, ok := st.TakeInvocation(ex.ARN, now); ok { // as invokeDurable: no other request's pump runs it
		f.runInvocation(ctx, st, st.Region(w.Account, w.Region), w) // releases f.mu
	} else {
		f.mu.Unlock()
	}
	f.pumpDurable(ctx)
	timeout := now.Add(start.Timeout)
	f.advanceForSync(ctx, ex.ARN, timeout)
	// Still running (a longer wait, a callback): on AWS the execution times
	// out at its timeout; move the clock there, if it can be, to fire it.
	f.mu.Lock()
	if cur, se := r.DurableExecution(ex.ARN); se == nil {
		ex = cur
	}
	clockNow := f.now()
	f.mu.Unlock()
	if ex.Status == state.DurRunning && ctx.Err() == nil && f.moveClockTo(clockNow, timeout) {
		f.pumpDurable(ctx)
		f.mu.Lock()
		if cur, se := r.DurableExecution(ex.ARN); se == nil {
			ex = cur
		}
		f.mu.Unlock()
	}
	switch ex.Status {
	case state.DurSucceeded:
		if ex.Result == nil {
			return handlerOutcome{payload: []byte("null")}
		}
		return handlerOutcome{payload: []byte(*ex.Result)}
	case state.DurRunning:
		return handlerOutcome{errType: esmDurableStillRunning,
			errMsg: "The durable execution " + ex.ARN + " is still running: the fake cannot move its clock to the execution's timeout."}
	}
	out := handlerOutcome{errType: ex.Status, errMsg: "The durable execution ended " + ex.Status}
	if ex.Error != nil && ex.Error.Type != "" {
		out.errType, out.errMsg = ex.Error.Type, ex.Error.Message
	}
	return out
}

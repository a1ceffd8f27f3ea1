package durable

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Branch is one branch of Parallel.
type Branch[O any] struct {
	_    [0]func()
	Name string
	Func func(ctx Context) (O, error)
}

// BatchItemStatus is where an item of a batch stands.
type BatchItemStatus string

// Item statuses.
const (
	BatchItemNotStarted BatchItemStatus = "NOT_STARTED"
	BatchItemStarted    BatchItemStatus = "STARTED" // suspended (waiting)
	BatchItemSucceeded  BatchItemStatus = "SUCCEEDED"
	BatchItemFailed     BatchItemStatus = "FAILED"
)

// CompletionReason is why a batch completed.
type CompletionReason string

// Completion reasons.
const (
	CompletionAllCompleted             CompletionReason = "ALL_COMPLETED"
	CompletionMinSuccessfulReached     CompletionReason = "MIN_SUCCESSFUL_REACHED"
	CompletionFailureToleranceExceeded CompletionReason = "FAILURE_TOLERANCE_EXCEEDED"
)

// BatchItem is the outcome of one branch or item.
type BatchItem[O any] struct {
	_      [0]func()
	Index  int
	Name   string
	Status BatchItemStatus
	Result O
	Err    error // a *ChildContextError when Status is FAILED
}

// BatchResult is the outcome of Parallel or Map, items in order.
type BatchResult[O any] struct {
	_      [0]func()
	Items  []BatchItem[O]
	Reason CompletionReason
}

// Results is the results of the items that succeeded, in order.
func (r BatchResult[O]) Results() []O {
	var out []O
	for _, it := range r.Items {
		if it.Status == BatchItemSucceeded {
			out = append(out, it.Result)
		}
	}
	return out
}

// Result is the result of the item named name, if it succeeded.
func (r BatchResult[O]) Result(name string) (O, bool) {
	for _, it := range r.Items {
		if it.Name == name && it.Status == BatchItemSucceeded {
			return it.Result, true
		}
	}
	var zero O
	return zero, false
}

// SuccessCount is how many items succeeded.
func (r BatchResult[O]) SuccessCount() int { return r.count(BatchItemSucceeded) }

// FailureCount is how many items failed.
func (r BatchResult[O]) FailureCount() int { return r.count(BatchItemFailed) }

// TotalCount is how many items the batch has.
func (r BatchResult[O]) TotalCount() int { return len(r.Items) }

func (r BatchResult[O]) count(s BatchItemStatus) int {
	n := 0
	for _, it := range r.Items {
		if it.Status == s {
			n++
		}
	}
	return n
}

// ThrowIfError is the errors of the failed items joined (nil when none failed).
func (r BatchResult[O]) ThrowIfError() error {
	var errs []error
	for _, it := range r.Items {
		if it.Err != nil {
			errs = append(errs, it.Err)
		}
	}
	return errors.Join(errs...)
}

// BatchOption configures Parallel and Map.
type BatchOption func(*batchOptions)

type batchOptions struct {
	completion CompletionConfig
	namer      func(int) string
}

// CompletionConfig says when a batch is complete. The zero value fails
// fast: the first failed item completes the batch
// (FAILURE_TOLERANCE_EXCEEDED) and items not started stay NOT_STARTED.
type CompletionConfig struct {
	_ [0]func()
	// MinSuccessful completes the batch once that many items succeeded.
	MinSuccessful *int
	// ToleratedFailureCount and ToleratedFailurePercentage let items fail
	// up to that count or percentage of the items before the batch fails.
	ToleratedFailureCount      *int
	ToleratedFailurePercentage *int
}

// WithCompletion sets the batch's completion configuration.
func WithCompletion(c CompletionConfig) BatchOption {
	return func(o *batchOptions) { o.completion = c }
}

// WithMaxConcurrency is accepted for compatibility: the fake runs items one
// at a time anyway.
func WithMaxConcurrency(int) BatchOption { return func(*batchOptions) {} }

// WithItemNamer names Map's items (the default is no name).
func WithItemNamer(f func(index int) string) BatchOption {
	return func(o *batchOptions) { o.namer = f }
}

// Parallel runs branches as child contexts of SubType ParallelBranch (named
// by Branch.Name) under a CONTEXT of SubType Parallel, one after another in
// order. A branch that must wait lets the next one start; the batch
// suspends after the last until its branches can go on. When complete it
// returns the BatchResult and, if items failed beyond what the
// CompletionConfig tolerates, a *BatchError.
func Parallel[O any](ctx Context, name string, branches []Branch[O], opts ...BatchOption) (BatchResult[O], error) {
	ec, ok := ctx.(*execContext)
	if !ok {
		return BatchResult[O]{}, notSDKContext("Parallel", name)
	}
	items := make([]batchItem[O], len(branches))
	for i, b := range branches {
		items[i] = batchItem[O]{name: b.Name, fn: b.Func}
	}
	return runBatch(ec, name, "Parallel", "ParallelBranch", items, opts)
}

// Map runs fn over items as child contexts of SubType MapIteration under a
// CONTEXT of SubType Map, as Parallel runs branches.
func Map[I, O any](ctx Context, name string, items []I, fn func(ctx Context, item I, index int) (O, error), opts ...BatchOption) (BatchResult[O], error) {
	ec, ok := ctx.(*execContext)
	if !ok {
		return BatchResult[O]{}, notSDKContext("Map", name)
	}
	var o batchOptions
	for _, opt := range opts {
		opt(&o)
	}
	list := make([]batchItem[O], len(items))
	for i, it := range items {
		n := ""
		if o.namer != nil {
			n = o.namer(i)
		}
		list[i] = batchItem[O]{name: n, fn: func(c Context) (O, error) { return fn(c, it, i) }}
	}
	return runBatch(ec, name, "Map", "MapIteration", list, opts)
}

type batchItem[O any] struct {
	name string
	fn   func(Context) (O, error)
}

// batchSummary is the Result the batch's CONTEXT records (the fake's own
// shape: the official SDK's is not documented).
type batchSummary struct {
	CompletionReason CompletionReason   `json:"completionReason"`
	Items            []batchSummaryItem `json:"items"`
}

type batchSummaryItem struct {
	Index  int             `json:"index"`
	Name   string          `json:"name,omitempty"`
	Status BatchItemStatus `json:"status"`
}

func runBatch[O any](ec *execContext, name, subType, itemSubType string, items []batchItem[O], opts []BatchOption) (BatchResult[O], error) {
	var o batchOptions
	for _, opt := range opts {
		opt(&o)
	}
	res := BatchResult[O]{Items: make([]BatchItem[O], len(items))}
	pos, id, op, err := ec.claim("CONTEXT", subType, name)
	if err != nil {
		return res, err
	}
	if op == nil {
		if err := ec.checkpoint(ec.update(id, "CONTEXT", subType, name, "START")); err != nil {
			return res, err
		}
	}
	// The items replay from their own records, so the batch runs its body
	// on every invocation until it completes; completed items do not run
	// again. A completed batch replays its recorded summary.
	child := ec.child(pos, id)
	c := o.completion
	tolerated := func(failed int) bool {
		switch {
		case c.ToleratedFailureCount != nil:
			return failed <= *c.ToleratedFailureCount
		case c.ToleratedFailurePercentage != nil:
			return failed*100 <= *c.ToleratedFailurePercentage*len(items)
		case c.MinSuccessful != nil:
			return true
		}
		return failed == 0
	}
	if op != nil && op.Status == state.OpSucceeded {
		return replayBatch(child, name, itemSubType, items, op, res)
	}
	succeeded, failed, suspended := 0, 0, false
	reason := CompletionAllCompleted
	var errs []error
	for i, it := range items {
		res.Items[i] = BatchItem[O]{Index: i, Name: it.name, Status: BatchItemNotStarted}
		if !tolerated(failed) {
			reason = CompletionFailureToleranceExceeded
			continue
		}
		if c.MinSuccessful != nil && succeeded >= *c.MinSuccessful {
			reason = CompletionMinSuccessfulReached
			continue
		}
		out, err, susp := runChild(child, it.name, itemSubType, it.fn)
		switch {
		case susp:
			suspended = true
			res.Items[i].Status = BatchItemStarted
			if ec.inv.ended {
				return res, errSuspend
			}
		case err != nil:
			failed++
			res.Items[i].Status, res.Items[i].Err = BatchItemFailed, err
			errs = append(errs, err)
		default:
			succeeded++
			res.Items[i].Status, res.Items[i].Result = BatchItemSucceeded, out
		}
	}
	if !tolerated(failed) {
		reason = CompletionFailureToleranceExceeded
	} else if c.MinSuccessful != nil && succeeded >= *c.MinSuccessful {
		reason = CompletionMinSuccessfulReached
	}
	res.Reason = reason
	complete := reason != CompletionAllCompleted || !suspended
	if !complete {
		return res, ec.suspend()
	}
	if op == nil || op.Status != state.OpSucceeded {
		sum := batchSummary{CompletionReason: reason}
		for _, it := range res.Items {
			sum.Items = append(sum.Items, batchSummaryItem{Index: it.Index, Name: it.Name, Status: it.Status})
		}
		if _, err := succeedContext(ec, id, subType, name, sum); err != nil {
			return res, err
		}
	}
	if reason == CompletionFailureToleranceExceeded {
		return res, &BatchError{Name: name, Reason: reason, Errors: errs}
	}
	return res, nil
}

// replayBatch is a completed batch on replay: its result is the one
// recorded (the summary), whatever became of items still waiting when it
// completed. Items that completed replay from their own records; an item
// that was waiting keeps its position but does not run again.
func replayBatch[O any](child *execContext, name, itemSubType string, items []batchItem[O], op *state.DurableOp, res BatchResult[O]) (BatchResult[O], error) {
	var sum batchSummary
	if op.Result != nil {
		if err := json.Unmarshal([]byte(*op.Result), &sum); err != nil {
			return res, fmt.Errorf("durable: batch %q: decode its summary: %w", name, err)
		}
	}
	res.Reason = sum.CompletionReason
	var errs []error
	for i, it := range items {
		st := BatchItemNotStarted
		if i < len(sum.Items) {
			st = sum.Items[i].Status
		}
		res.Items[i] = BatchItem[O]{Index: i, Name: it.name, Status: st}
		switch st {
		case BatchItemSucceeded, BatchItemFailed:
			out, err, susp := runChild(child, it.name, itemSubType, it.fn)
			switch {
			case susp:
				return res, errSuspend
			case err != nil:
				res.Items[i].Err = err
				errs = append(errs, err)
			default:
				res.Items[i].Result = out
			}
		case BatchItemStarted:
			child.next() // its position, claimed when it started
		}
	}
	if res.Reason == CompletionFailureToleranceExceeded {
		return res, &BatchError{Name: name, Reason: res.Reason, Errors: errs}
	}
	return res, nil
}

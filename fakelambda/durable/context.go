// Package durable is the code of a Lambda durable function for fakelambda:
// steps (with retries), waits, callbacks, chained invokes, child contexts,
// parallel branches and maps, polling (WaitForCondition), with the replay
// semantics of AWS's durable
// execution SDKs. Its names follow the official Go SDK
// (github.com/aws/aws-durable-execution-sdk-go/durable), so a handler
// written for one runs on the other with little more than an import change:
//
//	func approve(ctx durable.Context, order Order) (Decision, error) {
//		if err := durable.Wait(ctx, "cool-off", 72*time.Hour); err != nil {
//			return Decision{}, err
//		}
//		ok, err := durable.WaitForCallback[bool](ctx, "human", notify,
//			durable.WithCallbackTimeout(7*24*time.Hour))
//		if err != nil {
//			return Decision{}, err
//		}
//		return Decision{Approved: ok}, nil
//	}
//
//	fake.SetDurableHandler("approve:1", durable.Wrap(approve))
//
// # Replay
//
// Every invocation of a durable function runs the handler from the top. An
// operation already completed in the execution's log returns its recorded
// result without running again; the first one that must wait (a Wait not
// over, a callback not answered, a step retry not due, a chained invoke
// running) suspends the invocation: it returns an error the handler must
// return unchanged, and the fake invokes the function again when the thing
// waited for happens on the fake's clock. Operations are identified by
// their position in their context, as the official SDKs do (the wire Id is
// the first 16 hex digits of the MD5 of the positional id "1", "2", "2-1",
// ...), so a handler must call them in the same order on every replay; a
// replay that meets another type or name fails with a
// *NonDeterministicReplayError.
//
// A Context belongs to the goroutine that runs the handler (or the child
// context's function): call its operations there, not from goroutines of
// your own; use Parallel or Map to fan out.
//
// # Differences from the official SDK
//
// The fake runs everything on the caller's goroutine and starts none:
// Parallel and Map run their branches one after another in order (a branch
// that suspends lets the next one run; the batch suspends after the last),
// Go and the Async variants run their operation at once until it completes
// or must wait (the combinator AllSettled records no operation of its own;
// All, Any and Race record their outcome, a CONTEXT of SubType All, Any or
// Race: Race's winner is the first settled in order, Any's the first
// succeeded in order among those settled, All's failure the first failed
// in order among those settled),
// and retry delays have no jitter (JitterFull and JitterHalf are taken as
// JitterNone), so the same test gives the same history every run.
package durable

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/fakeaws/lambda/fakelambda/internal/durablerun"
	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Context is what a durable handler and its child contexts receive: a
// context.Context (the invocation's) that durable operations take.
type Context interface {
	context.Context
	// ExecutionArn is the durable execution's ARN.
	ExecutionArn() string
	// LambdaContext is the invocation's Lambda context (request id and
	// invoked function ARN).
	LambdaContext() *lambdacontext.LambdaContext
	// IsReplaying says whether the handler is still replaying operations
	// completed by earlier invocations.
	IsReplaying() bool
	sealed()
}

// StepContext is what a step's function receives.
type StepContext interface {
	context.Context
	// Attempt is the attempt running, from 1.
	Attempt() int
}

// ExecutionStartTime is when the execution started (its EXECUTION
// operation's StartTimestamp).
func ExecutionStartTime(ctx Context) time.Time {
	if ec, ok := ctx.(*execContext); ok {
		return ec.inv.start
	}
	return time.Time{}
}

// Now is the simulated time of the running invocation: the time of the
// event that caused it (the start, a wait's scheduled end, a callback's
// answer) on the fake's clock. It is not in the official SDK, whose
// handlers read the wall clock inside steps.
func Now(ctx context.Context) time.Time {
	for {
		switch c := ctx.(type) {
		case *execContext:
			return c.inv.env.At
		case *stepContext:
			ctx = c.ec
		default:
			return time.Time{}
		}
	}
}

// invocation is one invocation's view of the execution.
type invocation struct {
	ctx       context.Context
	env       durablerun.Envelope
	svc       durablerun.Service
	token     string
	ops       map[string]*state.DurableOp // by wire id
	start     time.Time
	lc        *lambdacontext.LambdaContext
	ended     bool  // the service said stop (no token) or refused a checkpoint
	fatal     error // a refused checkpoint: the invocation failed
	suspended bool  // something suspended: the invocation ends PENDING
	replaying bool
	// nondet is the first non-deterministic replay met: the execution
	// fails with it whatever the handler does with the error; no operation
	// runs or checkpoints after it.
	nondet *NonDeterministicReplayError
}

// execContext is a Context: the root or a child context.
type execContext struct {
	context.Context
	inv       *invocation
	prefix    string // positional id of this context; "" for the root
	parentID  string // wire id of this context's operation
	counter   int
	suspended bool // an operation of this context suspended: later ones refuse
}

func (c *execContext) ExecutionArn() string                        { return c.inv.env.ARN }
func (c *execContext) LambdaContext() *lambdacontext.LambdaContext { return c.inv.lc }
func (c *execContext) IsReplaying() bool                           { return c.inv.replaying }
func (c *execContext) sealed()                                     {}

// hashID is the wire id of a positional id.
func hashID(pos string) string {
	if id, ok := hashed.Load(pos); ok {
		return id.(string)
	}
	sum := md5.Sum([]byte(pos))
	id := hex.EncodeToString(sum[:8])
	if hashedN.Add(1) <= hashedMax {
		if _, loaded := hashed.LoadOrStore(pos, id); loaded {
			hashedN.Add(-1)
		}
	} else {
		hashedN.Add(-1)
	}
	return id
}

// hashed caches hashID: every replay hashes the same positions again, and
// the positions of a test suite's workflows are few. It is process-wide,
// so it holds at most hashedMax positions (hashedN counts them): a
// long-running fake seeing ever new positions does not keep them all.
var (
	hashed  sync.Map
	hashedN atomic.Int64
)

const hashedMax = 1 << 16

// next claims the next operation position of c: its positional and wire
// ids.
func (c *execContext) next() (pos, id string) {
	c.counter++
	pos = strconv.Itoa(c.counter)
	if c.prefix != "" {
		pos = c.prefix + "-" + pos
	}
	return pos, hashID(pos)
}

// child is the context of the operation at pos (wire id id).
func (c *execContext) child(pos, id string) *execContext {
	return &execContext{Context: c.Context, inv: c.inv, prefix: pos, parentID: id}
}

// errSuspend is the signal that the invocation suspends. It matches none of
// the package's error types: return it unchanged.
var errSuspend = errors.New("durable: execution suspended; return this error unchanged")

// suspend marks c (and the invocation) suspended and returns the signal.
func (c *execContext) suspend() error {
	c.suspended = true
	c.inv.suspended = true
	return errSuspend
}

func isSuspend(err error) bool { return errors.Is(err, errSuspend) }

// claim starts an operation of c: it refuses when c has suspended or the
// invocation ended, and checks the replayed record (if any) against what
// the code asks for.
func (c *execContext) claim(typ, subType, name string) (pos, id string, op *state.DurableOp, err error) {
	if c.inv.nondet != nil {
		return "", "", nil, c.inv.nondet
	}
	if c.suspended || c.inv.ended {
		return "", "", nil, errSuspend
	}
	pos, id = c.next()
	op = c.inv.ops[id]
	if op == nil {
		c.inv.replaying = false
		return pos, id, nil, nil
	}
	if op.Type != typ || op.SubType != subType || op.Name != name {
		c.inv.nondet = &NonDeterministicReplayError{Name: name, StepID: pos,
			ExpectedType: op.Type, ExpectedSubType: op.SubType, ExpectedName: op.Name,
			ActualType: typ, ActualSubType: subType, ActualName: name}
		return "", "", nil, c.inv.nondet
	}
	return pos, id, op, nil
}

// update is an OperationUpdate of operation id in c.
func (c *execContext) update(id, typ, subType, name, action string) state.OperationUpdate {
	return state.OperationUpdate{ID: id, ParentID: c.parentID, Name: name, Type: typ, SubType: subType, Action: action}
}

// checkpoint sends updates and merges the answer into the log. A refused
// checkpoint ends the invocation (it fails: the service invokes again); an
// answer without a token ends it too (the execution ended).
func (c *execContext) checkpoint(updates ...state.OperationUpdate) error {
	inv := c.inv
	if inv.nondet != nil {
		return inv.nondet
	}
	if inv.ended {
		return errSuspend
	}
	ans, err := inv.svc.Checkpoint(inv.ctx, inv.env.ARN, inv.token, updates)
	if err != nil {
		inv.ended, inv.fatal = true, err
		return errSuspend
	}
	for i := range ans.Ops {
		op := ans.Ops[i]
		inv.ops[op.ID] = &op
	}
	inv.token = ans.Token
	if ans.Token == "" {
		inv.ended = true
	}
	return nil
}

// op is the current record of operation id (nil: none).
func (c *execContext) op(id string) *state.DurableOp { return c.inv.ops[id] }

type stepContext struct {
	context.Context
	ec      *execContext
	attempt int
}

func (s *stepContext) Attempt() int { return s.attempt }

// seconds is d in whole seconds, rounded up, at least 1.
func seconds(d time.Duration) int64 {
	s := int64(d / time.Second) // not (d + 1s - 1) / 1s: that overflows for a huge d
	if d%time.Second > 0 {
		s++
	}
	return max(s, 1)
}

func str(s string) *string { return &s }

func opError(op *state.DurableOp) (typ, msg, data string, trace []string) {
	if op == nil || op.Error == nil {
		return "Error", "", "", nil
	}
	return op.Error.Type, op.Error.Message, op.Error.Data, op.Error.StackTrace
}

func notSDKContext(op, name string) error {
	return fmt.Errorf("durable: %s %q: Context was not created by the SDK", op, name)
}

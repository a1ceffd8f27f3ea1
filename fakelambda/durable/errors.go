package durable

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Errors of durable operations. Each terminal failure is one of the types
// below and also matches *OperationError with errors.As. Err is a stand-in
// rebuilt from the recorded ErrorType and Message, on the first run and on
// replay alike, so match on ErrorType, not on your own error types. An
// error that matches none of them (a suspension) must be returned
// unchanged from the handler.

// OperationError is what every terminal failure of an operation matches.
type OperationError struct {
	Name, ErrorType, Message, ErrorData string
	StackTrace                          []string
	Err                                 error
}

// Error describes the failure.
func (e *OperationError) Error() string {
	return fmt.Sprintf("durable: operation %q failed: %s: %s", e.Name, e.ErrorType, e.Message)
}

// Unwrap returns Err.
func (e *OperationError) Unwrap() error { return e.Err }

// asOperation fills an *OperationError target from the fields of a typed error.
func asOperation(target any, name, typ, msg, data string, trace []string, err error) bool {
	if t, ok := target.(**OperationError); ok {
		*t = &OperationError{Name: name, ErrorType: typ, Message: msg, ErrorData: data, StackTrace: trace, Err: err}
		return true
	}
	return false
}

// StepError is a step that failed (after its retries).
type StepError struct {
	Name                          string
	Attempts                      int
	ErrorType, Message, ErrorData string
	StackTrace                    []string
	Err                           error
}

// Error describes the failure.
func (e *StepError) Error() string {
	return fmt.Sprintf("durable: step %q failed after %d attempts: %s: %s", e.Name, e.Attempts, e.ErrorType, e.Message)
}

// Unwrap returns Err.
func (e *StepError) Unwrap() error { return e.Err }

// As matches *OperationError.
func (e *StepError) As(target any) bool {
	return asOperation(target, e.Name, e.ErrorType, e.Message, e.ErrorData, e.StackTrace, e.Err)
}

// ErrCallbackTimedOut is what a callback that timed out (Timeout or
// HeartbeatTimeout) unwraps to.
var ErrCallbackTimedOut = errors.New("durable: callback timed out")

// CallbackError is a callback answered with
// SendDurableExecutionCallbackFailure (ErrorType and Message as sent), or
// one that timed out (ErrorType "Callback.Timeout" or "Callback.Heartbeat";
// Err is then ErrCallbackTimedOut).
type CallbackError struct {
	Name, CallbackID              string
	ErrorType, Message, ErrorData string
	StackTrace                    []string
	Err                           error
}

// Error describes the failure.
func (e *CallbackError) Error() string {
	return fmt.Sprintf("durable: callback %q failed: %s: %s", e.Name, e.ErrorType, e.Message)
}

// Unwrap returns Err.
func (e *CallbackError) Unwrap() error { return e.Err }

// As matches *OperationError.
func (e *CallbackError) As(target any) bool {
	return asOperation(target, e.Name, e.ErrorType, e.Message, e.ErrorData, e.StackTrace, e.Err)
}

// Heartbeat says whether the callback timed out for want of a heartbeat.
func (e *CallbackError) Heartbeat() bool { return e.ErrorType == "Callback.Heartbeat" }

// Sentinels an *InvokeError unwraps to when the invoked function's
// execution did not fail but timed out or was stopped.
var (
	ErrInvokeTimedOut   = errors.New("durable: invoked execution timed out")
	ErrExecutionStopped = errors.New("durable: invoked execution stopped")
)

// InvokeError is a chained invoke whose function failed, timed out or was
// stopped (Status says which).
type InvokeError struct {
	Name, FunctionID              string
	Status                        string // FAILED, TIMED_OUT or STOPPED
	ErrorType, Message, ErrorData string
	StackTrace                    []string
	Err                           error
}

// Error describes the failure.
func (e *InvokeError) Error() string {
	return fmt.Sprintf("durable: invoke %q of %s %s: %s: %s", e.Name, e.FunctionID, strings.ToLower(e.Status), e.ErrorType, e.Message)
}

// Unwrap returns Err.
func (e *InvokeError) Unwrap() error { return e.Err }

// As matches *OperationError.
func (e *InvokeError) As(target any) bool {
	return asOperation(target, e.Name, e.ErrorType, e.Message, e.ErrorData, e.StackTrace, e.Err)
}

// ChildContextError is a child context (RunInChildContext, a branch of
// Parallel, an item of Map) whose function failed.
type ChildContextError struct {
	Name, ErrorType, Message, ErrorData string
	StackTrace                          []string
	Err                                 error
}

// Error describes the failure.
func (e *ChildContextError) Error() string {
	return fmt.Sprintf("durable: child context %q failed: %s: %s", e.Name, e.ErrorType, e.Message)
}

// Unwrap returns Err.
func (e *ChildContextError) Unwrap() error { return e.Err }

// As matches *OperationError.
func (e *ChildContextError) As(target any) bool {
	return asOperation(target, e.Name, e.ErrorType, e.Message, e.ErrorData, e.StackTrace, e.Err)
}

// BatchError is a Parallel or Map whose items failed beyond what its
// completion configuration tolerates; the BatchResult is returned too.
type BatchError struct {
	Name   string
	Reason CompletionReason
	Errors []error
}

// Error describes the failure.
func (e *BatchError) Error() string {
	return fmt.Sprintf("durable: batch %q completed with %s: %d item(s) failed", e.Name, e.Reason, len(e.Errors))
}

// Unwrap returns the items' errors.
func (e *BatchError) Unwrap() []error { return e.Errors }

// NonDeterministicReplayError is a replay that met, at an operation's
// position, an operation of another type, subtype or name than the log
// records: the handler does not call its operations in the same order.
// The execution fails with it whatever the handler does with the error
// (in a child context too): no operation runs or checkpoints after it.
type NonDeterministicReplayError struct {
	Name, StepID                                string
	ExpectedType, ExpectedSubType, ExpectedName string
	ActualType, ActualSubType, ActualName       string
}

// Error describes the failure.
func (e *NonDeterministicReplayError) Error() string {
	return fmt.Sprintf("durable: non-deterministic replay at operation %s: the log has %s %s %q, the code asks for %s %s %q",
		e.StepID, e.ExpectedType, e.ExpectedSubType, e.ExpectedName, e.ActualType, e.ActualSubType, e.ActualName)
}

// stand is the stand-in error of a recorded failure.
type stand struct{ typ, msg string }

func (s *stand) Error() string { return s.typ + ": " + s.msg }

// errorObject is the ErrorObject recorded for err: the fixed name of the
// package's error types, else the Go type name of err ("Error" for
// errors.New, fmt.Errorf and errors.Join), and err's message.
func errorObject(err error) (typ, msg, data string) {
	msg = err.Error()
	switch e := err.(type) {
	case *StepError:
		return "StepError", msg, e.ErrorData
	case *CallbackError:
		return e.ErrorType, e.Message, e.ErrorData
	case *InvokeError:
		return "InvokeError", msg, e.ErrorData
	case *ChildContextError:
		return "ChildContextError", msg, e.ErrorData
	case *BatchError:
		return "BatchError", msg, ""
	case *CombinatorError:
		return "PromiseCombinatorError", msg, ""
	case *WaitForConditionError:
		return "WaitForConditionError", msg, e.ErrorData
	case *NonDeterministicReplayError:
		return "NonDeterministicReplayError", msg, ""
	case *OperationError:
		return e.ErrorType, e.Message, e.ErrorData
	case *stand:
		return e.typ, e.msg, ""
	}
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch name := t.Name(); name {
	case "", "errorString", "wrapError", "wrapErrors", "joinError":
		return "Error", msg, ""
	default:
		return name, msg, ""
	}
}

package fakelambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// Handler stands in for a function's code in Invoke. It gets the invocation's
// payload (JSON; an empty payload arrives as {}) and returns the function's
// result, which is answered as the response payload (nil is answered as
// null). A returned error, or a panic, is answered as Lambda answers a
// function error: 200 with X-Amz-Function-Error: Unhandled and the body
// {"errorMessage":...,"errorType":...}; the SDK returns no error.
//
// ctx ends when the caller gives up (for a synchronous invoke); it also
// carries the invocation's details: see InitializationType and
// ClientContext. A Handler may block, call back into the fake, and run
// concurrently with other invocations; the fake holds no lock while it runs.
type Handler func(ctx context.Context, payload []byte) ([]byte, error)

// FunctionError, returned by a Handler, sets the errorType and errorMessage
// of the function error exactly, e.g.
// &FunctionError{Type: "Sandbox.Timedout", Message: "RequestId: ... Error: Task timed out after 3.00 seconds"}.
// Any other error is answered the way the Go runtime (aws-lambda-go) reports
// it: errorMessage is err.Error() and errorType the name of err's type
// (errors.New gives "errorString").
type FunctionError struct {
	Type    string // errorType
	Message string // errorMessage
}

// Error returns "Type: Message".
func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// SetHandler makes h run when function is invoked. function is a name (in
// the fake's default region and account) or an ARN (in its region and
// account); a qualified one ("name:live", "name:2", "name:$LATEST", or an ARN
// ending in ":live") sets the handler for that alias or version only. An
// invocation uses the most specific handler set: the qualifier it was invoked
// with (alias or version; unqualified counts as $LATEST), then the version an
// alias resolved to, then the function's. A function without a handler
// answers null, as a function returning nothing does. A nil h removes the
// handler. Handlers may be set before the function exists; Reset forgets them.
func (f *Fake) SetHandler(function string, h Handler) {
	account, region, name, q := f.scope(function, "")
	f.mu.Lock()
	defer f.mu.Unlock()
	k := handlerKey{account, region, name, q}
	if h == nil {
		delete(f.inv.handlers, k)
		return
	}
	if f.inv.handlers == nil {
		f.inv.handlers = map[handlerKey]Handler{}
	}
	f.inv.handlers[k] = h
}

// handlerFor finds the most specific handler of an invocation. Callers hold f.mu.
func (iv *invocations) handlerFor(account, region, name, invoked, version string) Handler {
	for _, q := range [...]string{invoked, version, ""} {
		if h := iv.handlers[handlerKey{account, region, name, q}]; h != nil {
			return h
		}
		if h := iv.streams[handlerKey{account, region, name, q}]; h != nil { // stream.go: Invoke joins the chunks
			return h.buffered()
		}
	}
	return nil
}

// Initialization types, as AWS_LAMBDA_INITIALIZATION_TYPE tells real code.
const (
	initProvisioned = "provisioned-concurrency"
	initOnDemand    = "on-demand"
)

// invocationInfo is what a Handler's context carries.
type invocationInfo struct {
	initType      string
	clientContext []byte
	requestID     string
}

type invocationKey struct{}

// InitializationType tells a Handler how its invocation is served:
// "provisioned-concurrency" when a READY provisioned-concurrency environment
// of the version runs it, "on-demand" otherwise (including spillover beyond
// the provisioned count), as AWS_LAMBDA_INITIALIZATION_TYPE tells real code.
// Outside a Handler it returns "".
func InitializationType(ctx context.Context) string {
	if info, ok := ctx.Value(invocationKey{}).(*invocationInfo); ok {
		return info.initType
	}
	return ""
}

// ClientContext returns the invocation's client context, decoded from the
// base64 X-Amz-Client-Context header (the JSON the caller encoded), or nil
// when none was sent. Lambda passes it to synchronous invocations only, so an
// Event invocation sees nil. Outside a Handler it returns nil.
func ClientContext(ctx context.Context) []byte {
	if info, ok := ctx.Value(invocationKey{}).(*invocationInfo); ok && info.clientContext != nil {
		return append([]byte(nil), info.clientContext...)
	}
	return nil
}

// RequestID returns the invocation's request ID: the x-amzn-RequestId the
// caller gets and the ID in the Tail log. Outside a Handler it returns "".
func RequestID(ctx context.Context) string {
	if info, ok := ctx.Value(invocationKey{}).(*invocationInfo); ok {
		return info.requestID
	}
	return ""
}

// handlerOutcome is what running a handler gave.
type handlerOutcome struct {
	payload []byte
	errType string // "" unless the function failed
	errMsg  string
}

// errorBody is the function error as Lambda answers it:
// {"errorMessage":...,"errorType":...}.
func (o handlerOutcome) errorBody() []byte {
	b, _ := json.Marshal(struct {
		ErrorMessage string `json:"errorMessage"`
		ErrorType    string `json:"errorType"`
	}{o.errMsg, o.errType})
	return b
}

// runHandler runs h with the invocation's context, turning errors and panics
// into function errors. A nil h answers null.
func runHandler(ctx context.Context, h Handler, info *invocationInfo, payload []byte) (out handlerOutcome) {
	if h == nil {
		return handlerOutcome{payload: []byte("null")}
	}
	defer func() {
		if p := recover(); p != nil {
			out = handlerOutcome{errType: typeName(p), errMsg: fmt.Sprint(p)}
		}
	}()
	res, err := h(context.WithValue(ctx, invocationKey{}, info), payload)
	if err != nil {
		var fe *FunctionError
		if errors.As(err, &fe) {
			return handlerOutcome{errType: fe.Type, errMsg: fe.Message}
		}
		return handlerOutcome{errType: typeName(err), errMsg: err.Error()}
	}
	if res == nil {
		res = []byte("null")
	}
	return handlerOutcome{payload: res}
}

// typeName names v's type the way aws-lambda-go names error types.
func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return "error"
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

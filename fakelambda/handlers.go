package fakelambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Handler stands in for a function's code in Invoke. It gets the invocation's
// payload (JSON; an empty payload arrives as {}) and returns the function's
// result, which is answered as the response payload (nil is answered as
// null). A returned error, or a panic, is answered as Lambda answers a
// function error: 200 with X-Amz-Function-Error: Unhandled and the body
// {"errorMessage":...,"errorType":...} (a panic adds the runtime's
// "stackTrace"; see FunctionError); the SDK returns no error.
//
// ctx ends when the caller gives up (for a synchronous invoke) and has the
// function's deadline: the start of the invocation plus the function's
// Timeout, on the fake's clock (see Timeouts below). It also carries the
// invocation's details: see InitializationType, ClientContext, RequestID
// and Env; and, as the Go runtime (github.com/aws/aws-lambda-go) sets it,
// a *lambdacontext.LambdaContext (lambdacontext.FromContext) with
// AwsRequestID, InvokedFunctionArn (as invoked: unqualified, or qualified by
// the version or alias the caller named), ClientContext (decoded from
// X-Amz-Client-Context as the runtime decodes it), TenantID, and an empty
// Identity (the fake has no Cognito callers), plus the "x-amzn-trace-id"
// value. So an aws-lambda-go handler runs as the function's code as it is:
//
//	fake.SetHandler("orders", lambda.NewHandler(handleOrder).Invoke)
//
// lambda.NewHandler decodes typed events and encodes typed answers as the
// Go runtime does. lambdacontext's package variables (FunctionName,
// FunctionVersion, MemoryLimitInMB, LogGroupName, LogStreamName) are read
// from the process environment when that package loads; the fake never sets
// process environment (tests run in parallel): use Env(ctx) for those values.
//
// Timeouts: a handler that returns when its deadline has passed on the
// fake's clock gets Lambda's timeout answer whatever it returned: 200,
// X-Amz-Function-Error: Unhandled and
// {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 3.00 seconds"},
// counted as an error in Metrics. The fake starts no goroutine or timer of
// its own: the deadline is the context's. With a clock that has a
// WithDeadline method (benbjohnson's *clock.Mock has), ctx is made by it,
// so advancing the clock past the deadline cancels ctx; with no clock (real
// time, or a testing/synctest bubble) ctx is an ordinary
// context.WithDeadline; with any other clock ctx reports the deadline but is
// not cancelled by it (the answer is still the timeout's). The same holds
// for async events run by RunQueued (a timed-out event is a failed attempt)
// and event source mapping batches.
//
// A Handler may block, call back into the fake, and run concurrently with
// other invocations; the fake holds no lock while it runs.
type Handler func(ctx context.Context, payload []byte) ([]byte, error)

// FunctionError, returned by a Handler, sets the errorType and errorMessage
// of the function error exactly, e.g.
// &FunctionError{Type: "Sandbox.Timedout", Message: "RequestId: ... Error: Task timed out after 3.00 seconds"}.
// Any other error, and any panic, is answered the way the Go runtime
// (aws-lambda-go) reports it:
//   - an error: {"errorMessage":err.Error(),"errorType":<name of err's type>}
//     (errors.New gives "errorString", fmt.Errorf with %w "wrapError");
//   - a panic: {"errorMessage":fmt.Sprint(value),"errorType":<name of the
//     value's type>,"stackTrace":[{"path","line","label"}...]}, the frames
//     from the panic on, formatted as the runtime formats them;
//   - a messages.InvokeResponse_Error returned or panicked: its fields as
//     they are (stackTrace omitted when empty).
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

	// Set by Invoke (synchronous path) for the runtime's context; zero
	// elsewhere, where runHandler fills what it can.
	invokedARN string // the ARN as invoked
	function   string // the function's name
	region     string
	tenantID   string // X-Amz-Tenant-Id
	traceID    string // X-Amzn-Trace-Id, or one made up

	// Set by execute from the slot.
	version string // the executed version
	memory  int
	timeout time.Duration
	vars    map[string]string // the version's environment variables
	start   time.Time         // on the fake's clock
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

// Env returns, in a Handler, the environment Lambda gives the function's
// code: the function's environment variables (Environment.Variables of the
// version that runs) and the runtime's values for this invocation,
// AWS_LAMBDA_FUNCTION_NAME,
// AWS_LAMBDA_FUNCTION_VERSION, AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
// AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME, AWS_REGION,
// AWS_DEFAULT_REGION, AWS_LAMBDA_INITIALIZATION_TYPE and _X_AMZN_TRACE_ID.
// The fake never sets them in the process environment, where
// aws-lambda-go's lambdacontext package would read them once at start-up.
// Outside a Handler it returns nil.
func Env(ctx context.Context) map[string]string {
	info, ok := ctx.Value(invocationKey{}).(*invocationInfo)
	if !ok {
		return nil
	}
	env := maps.Clone(info.vars)
	if env == nil {
		env = map[string]string{}
	}
	for k, v := range map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME":        info.function,
		"AWS_LAMBDA_FUNCTION_VERSION":     info.version,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(info.memory),
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + info.function,
		"AWS_LAMBDA_LOG_STREAM_NAME":      info.logStream(),
		"AWS_REGION":                      info.region,
		"AWS_DEFAULT_REGION":              info.region,
		"AWS_LAMBDA_INITIALIZATION_TYPE":  info.initType,
		"_X_AMZN_TRACE_ID":                info.traceID,
	} {
		env[k] = v // Lambda reserves these keys: a function cannot set them
	}
	return env
}

// logStream is a log stream name of Lambda's form,
// "2026/01/02/[$LATEST]<32 hex>", made from the request ID.
func (info *invocationInfo) logStream() string {
	hex := strings.ReplaceAll(info.requestID, "-", "")
	return info.start.Format("2006/01/02") + "/[" + info.version + "]" + hex
}

// queuedInfo is the invocationInfo of an invocation Lambda makes itself
// (an async event, an event source mapping's batch) of function, invoked
// with qualifier invoked ("" or "$LATEST": the unqualified ARN).
func queuedInfo(r *state.Region, function, invoked, requestID string) *invocationInfo {
	arn := r.FunctionARN(function)
	if invoked != "" && invoked != "$LATEST" {
		arn = r.QualifiedARN(function, invoked)
	}
	return &invocationInfo{requestID: requestID, function: function, region: r.Name(), invokedARN: arn,
		traceID: makeTraceID(requestID, time.Time{})}
}

// lambdaContext is the *lambdacontext.LambdaContext the Go runtime would
// put on the handler's context.
func (info *invocationInfo) lambdaContext() *lambdacontext.LambdaContext {
	lc := &lambdacontext.LambdaContext{AwsRequestID: info.requestID,
		InvokedFunctionArn: info.invokedARN, TenantID: info.tenantID}
	if info.clientContext != nil {
		// As the runtime does; Invoke has checked it is a JSON object. A
		// shape the runtime cannot decode leaves it partly empty.
		_ = json.Unmarshal(info.clientContext, &lc.ClientContext)
	}
	return lc
}

// handlerOutcome is what running a handler gave.
type handlerOutcome struct {
	payload []byte
	errType string // "" unless the function failed
	errMsg  string
	body    []byte // the error document exactly, when errorBody's is not it
}

// errorBody is the function error as Lambda answers it:
// {"errorMessage":...,"errorType":...}.
func (o handlerOutcome) errorBody() []byte {
	if o.body != nil {
		return o.body
	}
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
			out = panicOutcome(p)
		}
	}()
	ctx = context.WithValue(ctx, invocationKey{}, info)
	ctx = lambdacontext.NewContext(ctx, info.lambdaContext())
	ctx = context.WithValue(ctx, "x-amzn-trace-id", info.traceID) //nolint:staticcheck // the runtime's key
	res, err := h(ctx, payload)
	if err != nil {
		var fe *FunctionError
		if errors.As(err, &fe) {
			return handlerOutcome{errType: fe.Type, errMsg: fe.Message}
		}
		if ie, ok := err.(messages.InvokeResponse_Error); ok {
			return runtimeOutcome(&ie)
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

// runtimeOutcome is a function error the Go runtime reports as it is.
func runtimeOutcome(ie *messages.InvokeResponse_Error) handlerOutcome {
	b, _ := json.Marshal(ie)
	return handlerOutcome{errType: ie.Type, errMsg: ie.Message, body: b}
}

// panicFrames is how many frames of a panic's stack are answered, as
// aws-lambda-go's runtime keeps.
const panicFrames = 32

// panicOutcome answers panic value p as aws-lambda-go's runtime does:
// errorMessage, errorType and stackTrace. Call it from the deferred
// function that recovered p.
func panicOutcome(p any) handlerOutcome {
	if ie, ok := p.(messages.InvokeResponse_Error); ok {
		return runtimeOutcome(&ie)
	}
	pcs := make([]uintptr, panicFrames)
	// Skip runtime.Callers, panicOutcome and the deferred function: the
	// first frame is runtime.gopanic, then the panicking code.
	n := runtime.Callers(3, pcs)
	return runtimeOutcome(&messages.InvokeResponse_Error{
		Message:    fmt.Sprintf("%v", p),
		Type:       typeName(p),
		StackTrace: stackFrames(pcs[:n]),
	})
}

// stackFrames formats a stack as the runtime does (aws-lambda-go's
// lambda/panic.go formatFrame): path relative to the package's root, label
// without package.
func stackFrames(pcs []uintptr) []*messages.InvokeResponse_Error_StackFrame {
	out := []*messages.InvokeResponse_Error_StackFrame{}
	if len(pcs) == 0 {
		return out
	}
	frames := runtime.CallersFrames(pcs)
	for {
		fr, more := frames.Next()
		path, label := fr.File, fr.Function
		i := len(path)
		for n, g := 0, strings.Count(label, "/")+2; n < g; n++ {
			i = strings.LastIndex(path[:i], "/")
			if i == -1 {
				break
			}
		}
		path = path[i+1:]
		label = label[strings.LastIndex(label, "/")+1:]
		label = label[strings.Index(label, ".")+1:]
		out = append(out, &messages.InvokeResponse_Error_StackFrame{Path: path, Line: int32(fr.Line), Label: label})
		if !more {
			break
		}
	}
	return out
}

// timedOut is Lambda's answer to an invocation that ran past its Timeout,
// as recorded: errorType first.
func timedOut(requestID string, timeout time.Duration) handlerOutcome {
	msg := fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds", requestID, timeout.Seconds())
	b, _ := json.Marshal(struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}{"Sandbox.Timedout", msg})
	return handlerOutcome{errType: "Sandbox.Timedout", errMsg: msg, body: b}
}

// deadlineClock is a Clock that makes contexts with a deadline on its own
// time, as benbjohnson's *clock.Mock does.
type deadlineClock interface {
	WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc)
}

// clockDeadline is a context that reports a deadline on a clock that
// cannot cancel it (a clock with only Now).
type clockDeadline struct {
	context.Context
	d time.Time
}

func (c clockDeadline) Deadline() (time.Time, bool) { return c.d, true }

// withDeadline is parent with deadline d on the fake's clock; see Handler.
// On a clock other than real time, parent's own deadline (the caller's, in
// real time, in-process) is not comparable with d: the handler's context
// keeps parent's values and cancellation but reports and enforces d.
func (f *Fake) withDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc) {
	switch c := f.cfg.clock.(type) {
	case nil:
		return context.WithDeadline(parent, d)
	case deadlineClock:
		ctx, cancel := c.WithDeadline(context.WithoutCancel(parent), d)
		stop := context.AfterFunc(parent, cancel) // the caller gave up
		return ctx, func() { stop(); cancel() }
	default:
		ctx, cancel := context.WithCancel(parent)
		return clockDeadline{ctx, d}, cancel
	}
}

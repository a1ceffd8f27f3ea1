package fakelambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
)

// The caller-facing durable execution API through the real SDK client, on
// both transports.

// waitWorkflow waits 30 seconds, then answers "done:" and its input.
func waitWorkflow(ctx durable.Context, in string) (string, error) {
	if err := durable.Wait(ctx, "pause", 30*time.Second); err != nil {
		return "", err
	}
	return "done:" + in, nil
}

// callbackWorkflow waits for a callback (timeout and heartbeat as given)
// and answers its result; a callback error is reported in the result.
func callbackWorkflow(seen *error, opts ...durable.CallbackOption) durable.Handler[string, string] {
	return func(ctx durable.Context, in string) (string, error) {
		v, err := durable.WaitForCallback[string](ctx, "approval", nil, opts...)
		var cbe *durable.CallbackError
		if errors.As(err, &cbe) {
			*seen = err
			return "callback-error:" + cbe.ErrorType + ":" + cbe.Message, nil
		}
		if err != nil {
			return "", err
		}
		return "got:" + v, nil
	}
}

// durableFn creates a function name with the durable handler h.
func (e *env) durableFn(t *testing.T, name string, fn *durable.Function) {
	t.Helper()
	e.createFunction(t, name)
	e.fake.SetDurableHandler(name, fn)
}

// startDurable invokes fn (qualified) asynchronously and returns the
// execution's ARN.
func (e *env) startDurable(t *testing.T, fn, name, payload string) string {
	t.Helper()
	in := &lambda.InvokeInput{FunctionName: aws.String(fn), InvocationType: types.InvocationTypeEvent, Payload: []byte(payload)}
	if name != "" {
		in.DurableExecutionName = aws.String(name)
	}
	out, err := e.client.Invoke(e.ctx, in)
	require.NoError(t, err)
	require.Equal(t, int32(202), out.StatusCode)
	require.NotEmpty(t, aws.ToString(out.DurableExecutionArn))
	return aws.ToString(out.DurableExecutionArn)
}

func (e *env) getExec(t *testing.T, arn string) *lambda.GetDurableExecutionOutput {
	t.Helper()
	g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
	require.NoError(t, err)
	return g
}

// history is every event of arn.
func (e *env) history(t *testing.T, arn string) []types.Event {
	t.Helper()
	out, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn})
	require.NoError(t, err)
	return out.Events
}

// findEvent is the first event of type typ.
func findEvent(t *testing.T, evs []types.Event, typ types.EventType) types.Event {
	t.Helper()
	for _, ev := range evs {
		if ev.EventType == typ {
			return ev
		}
	}
	t.Fatalf("no %s event", typ)
	return types.Event{}
}

// callbackID is the id of the first callback of arn.
func (e *env) callbackID(t *testing.T, arn string) string {
	t.Helper()
	ev := findEvent(t, e.history(t, arn), types.EventTypeCallbackStarted)
	return aws.ToString(ev.CallbackStartedDetails.CallbackId)
}

// requireValidationPrefix asserts err is a 400 ValidationException (no typed
// error in the SDK) whose message starts with prefix.
func requireValidationPrefix(t *testing.T, err error, prefix string) {
	t.Helper()
	var ae *smithy.GenericAPIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "ValidationException", ae.ErrorCode())
	require.True(t, strings.HasPrefix(ae.ErrorMessage(), prefix), "message %q", ae.ErrorMessage())
	var re *awshttp.ResponseError
	require.ErrorAs(t, err, &re)
	require.Equal(t, 400, re.HTTPStatusCode())
}

func TestDurableInvokeQualifiers(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf"), Payload: []byte(`"x"`)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"You cannot invoke a durable function using an unqualified ARN.")
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(arnPrefix + "wf"), InvocationType: types.InvocationTypeEvent})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"You cannot invoke a durable function using an unqualified ARN.")

		v := e.publish(t, "wf")
		e.alias(t, "wf", "live", v)
		for _, q := range []struct{ qualifier, version string }{{"$LATEST", "$LATEST"}, {v, v}, {"live", v}} {
			arn := e.startDurable(t, "wf:"+q.qualifier, "", `"x"`)
			require.True(t, strings.HasPrefix(arn, arnPrefix+"wf:"+q.version+"/durable-execution/"), "the ARN names the version: %s", arn)
			g := e.getExec(t, arn)
			require.Equal(t, arnPrefix+"wf:"+q.qualifier, aws.ToString(g.FunctionArn), "FunctionArn keeps the qualifier invoked")
			require.Equal(t, q.version, aws.ToString(g.Version))
			require.Equal(t, types.ExecutionStatusRunning, g.Status)
		}
		// Qualifier given apart from the name.
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf"), Qualifier: aws.String("live"),
			InvocationType: types.InvocationTypeEvent})
		require.NoError(t, err)
		require.Contains(t, aws.ToString(out.DurableExecutionArn), ":function:wf:"+v+"/durable-execution/")
	})
}

func TestDurableInvokeName(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		arn := e.startDurable(t, "wf:$LATEST", "order-1", `"a"`)
		require.Contains(t, arn, ":function:wf:$LATEST/durable-execution/order-1/")
		again := e.startDurable(t, "wf:$LATEST", "order-1", `"a"`)
		require.Equal(t, arn, again, "the same name and payload answer the same execution")
		list, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf")})
		require.NoError(t, err)
		require.Len(t, list.DurableExecutions, 1)

		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf:$LATEST"), InvocationType: types.InvocationTypeEvent,
			DurableExecutionName: aws.String("order-1"), Payload: []byte(`"b"`)})
		requireAPIError[*types.DurableExecutionAlreadyStartedException](t, err, 409, "DurableExecutionAlreadyStartedException",
			"The durable execution with the specified name has already been started. Each durable execution name must be unique within the function.")

		for _, bad := range []string{"has space", "dot.name", strings.Repeat("n", 65)} {
			_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf:$LATEST"), InvocationType: types.InvocationTypeEvent,
				DurableExecutionName: aws.String(bad)})
			requireValidationPrefix(t, err, "1 validation error detected: Value '"+bad+"' at 'durableExecutionName' failed to satisfy constraint: ")
		}
		// The same name on another function is another execution.
		e.durableFn(t, "wf2", durable.Wrap(waitWorkflow))
		other := e.startDurable(t, "wf2:$LATEST", "order-1", `"b"`)
		require.NotEqual(t, arn, other)
	})
}

func TestDurableInvokeSync(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wait", durable.Wrap(waitWorkflow))
		start := e.clk.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wait:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, int32(200), out.StatusCode)
		require.Nil(t, out.FunctionError)
		require.Equal(t, `"done:x"`, string(out.Payload))
		require.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion))
		require.Equal(t, start.Add(30*time.Second), e.clk.Now(), "the clock moved to the wait's end")
		g := e.getExec(t, aws.ToString(out.DurableExecutionArn))
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, start.Add(30*time.Second), aws.ToTime(g.EndTimestamp))

		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen)))
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("cb:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, int32(200), out.StatusCode)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		var body struct{ ErrorType, ErrorMessage string }
		require.NoError(t, json.Unmarshal(out.Payload, &body))
		require.Equal(t, "fakelambda.DurableSyncSuspended", body.ErrorType)
		require.Equal(t, start.Add(30*time.Second), e.clk.Now(), "a callback does not move the clock")
		arn := aws.ToString(out.DurableExecutionArn)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)

		e.durableFn(t, "fails", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			return "", errors.New("no way")
		}))
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("fails:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.NoError(t, json.Unmarshal(out.Payload, &body))
		require.Equal(t, "Error", body.ErrorType)
		require.Equal(t, "no way", body.ErrorMessage)
		g = e.getExec(t, aws.ToString(out.DurableExecutionArn))
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "no way", aws.ToString(g.Error.ErrorMessage))
	})
}

func TestDurableInvokeSyncSuspended(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wait", durable.Wrap(waitWorkflow))
		start := e.clk.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wait:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.Contains(t, string(out.Payload), `"errorType":"fakelambda.DurableSyncSuspended"`)
		require.Equal(t, start, e.clk.Now(), "the clock did not move")
		arn := aws.ToString(out.DurableExecutionArn)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		e.clk.Add(30 * time.Second)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"done:x"`, aws.ToString(g.Result))
	}, fakelambda.WithDurableSync(fakelambda.DurableSyncSuspended))
}

func TestDurableConfigMakesDurable(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "cfg", &types.DurableConfig{ExecutionTimeout: aws.Int32(60), RetentionPeriodInDays: aws.Int32(1)})
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("cfg")})
		requireInvalidParam(t, err, "You cannot invoke a durable function using an unqualified ARN.")
		// No handler at all: it succeeds at once with null.
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("cfg:$LATEST"), Payload: []byte(`{"a":1}`)})
		require.NoError(t, err)
		require.Nil(t, out.FunctionError)
		require.Equal(t, "null", string(out.Payload))
		g := e.getExec(t, aws.ToString(out.DurableExecutionArn))
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, int32(60), aws.ToInt32(g.DurableConfig.ExecutionTimeout))
		require.Equal(t, int32(1), aws.ToInt32(g.DurableConfig.RetentionPeriodInDays))

		// A plain handler gets the envelope.
		var got []byte
		e.fake.SetHandler("cfg", func(_ context.Context, payload []byte) ([]byte, error) {
			got = payload
			return []byte(`{"Status":"SUCCEEDED","Result":"\"ok\""}`), nil
		})
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("cfg:$LATEST"), Payload: []byte(`{"a":2}`)})
		require.NoError(t, err)
		require.Equal(t, `"ok"`, string(out.Payload))
		require.Contains(t, string(got), `"DurableExecutionArn":"`+aws.ToString(out.DurableExecutionArn)+`"`)
	})
}

func TestDurableExecutionTimeout(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "slow", &types.DurableConfig{ExecutionTimeout: aws.Int32(60), RetentionPeriodInDays: aws.Int32(1)})
		e.fake.SetDurableHandler("slow", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			if err := durable.Wait(ctx, "long", 2*time.Minute); err != nil {
				return "", err
			}
			return "never", nil
		}))
		start := e.clk.Now()
		arn := e.startDurable(t, "slow:$LATEST", "", `"x"`)
		e.clk.Add(59 * time.Second)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		e.clk.Add(10 * time.Minute)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusTimedOut, g.Status)
		require.Equal(t, start.Add(60*time.Second), aws.ToTime(g.EndTimestamp))
		require.Equal(t, "Execution timed out after 60 seconds.", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, []string{"ExecutionStarted", "WaitStarted:long", "InvocationCompleted", "ExecutionTimedOut"}, e.historyTypes(t, arn))
		ev := findEvent(t, e.history(t, arn), types.EventTypeExecutionTimedOut)
		require.Equal(t, start.Add(60*time.Second), aws.ToTime(ev.EventTimestamp))
		require.Equal(t, "Execution timed out after 60 seconds.", aws.ToString(ev.ExecutionTimedOutDetails.Error.Payload.ErrorMessage))
	})
}

func TestDurableRetention(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "short", &types.DurableConfig{ExecutionTimeout: aws.Int32(60), RetentionPeriodInDays: aws.Int32(1)})
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("short:$LATEST"),
			DurableExecutionName: aws.String("once"), Payload: []byte(`1`)})
		require.NoError(t, err)
		arn := aws.ToString(out.DurableExecutionArn)
		end := aws.ToTime(e.getExec(t, arn).EndTimestamp)
		e.clk.Set(end.Add(24*time.Hour - time.Second))
		require.Equal(t, types.ExecutionStatusSucceeded, e.getExec(t, arn).Status)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("short:$LATEST"),
			DurableExecutionName: aws.String("once"), Payload: []byte(`2`)})
		requireAPIError[*types.DurableExecutionAlreadyStartedException](t, err, 409, "DurableExecutionAlreadyStartedException",
			"The durable execution with the specified name has already been started. Each durable execution name must be unique within the function.")

		e.clk.Add(time.Second)
		_, err = e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
		requireNotFound(t, err, "Durable execution not found: "+arn)
		_, err = e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn})
		requireNotFound(t, err, "Durable execution not found: "+arn)
		list, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("short")})
		require.NoError(t, err)
		require.Empty(t, list.DurableExecutions)

		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("short:$LATEST"),
			DurableExecutionName: aws.String("once"), Payload: []byte(`2`)})
		require.NoError(t, err, "the name can be reused")
		require.NotEqual(t, arn, aws.ToString(out.DurableExecutionArn))
		require.Contains(t, aws.ToString(out.DurableExecutionArn), "/durable-execution/once/")
	})
}

func TestDurableGetExecution(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		start := e.clk.Now()
		arn := e.startDurable(t, "wf:$LATEST", "get-1", `"in"`)
		g := e.getExec(t, arn)
		require.Equal(t, arn, aws.ToString(g.DurableExecutionArn))
		require.Equal(t, "get-1", aws.ToString(g.DurableExecutionName))
		require.Equal(t, arnPrefix+"wf:$LATEST", aws.ToString(g.FunctionArn))
		require.Equal(t, start, aws.ToTime(g.StartTimestamp))
		require.Nil(t, g.EndTimestamp)
		require.Equal(t, `"in"`, aws.ToString(g.InputPayload))
		require.Nil(t, g.Result)
		require.True(t, aws.ToBool(g.ExecutionDataIncluded))
		e.clk.Add(30 * time.Second)
		g = e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"done:in"`, aws.ToString(g.Result))
		require.Equal(t, start.Add(30*time.Second), aws.ToTime(g.EndTimestamp))

		g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn, IncludeExecutionData: aws.Bool(false)})
		require.NoError(t, err)
		require.Nil(t, g.InputPayload)
		require.Nil(t, g.Result)
		require.False(t, aws.ToBool(g.ExecutionDataIncluded))
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)

		missing := strings.Replace(arn, "/get-1/", "/get-2/", 1)
		_, err = e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &missing})
		requireNotFound(t, err, "Durable execution not found: "+missing)
	})
}

func TestDurableListExecutions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		v := e.publish(t, "wf")
		t0 := e.clk.Now()
		var arns []string // oldest first, one a minute
		for i, q := range []string{"$LATEST", v, "$LATEST", v} {
			arns = append(arns, e.startDurable(t, "wf:"+q, "n"+string(rune('0'+i)), `"x"`))
			if i == 1 {
				e.clk.Add(30 * time.Second) // the first two succeed
				e.clk.Add(30 * time.Second)
			} else {
				e.clk.Add(time.Minute)
			}
		}
		// a0 at t0, a1 at t0+1m, a2 at t0+2m, a3 at t0+3m; now t0+4m: all done.
		list := func(in lambda.ListDurableExecutionsByFunctionInput) []string {
			t.Helper()
			if in.FunctionName == nil {
				in.FunctionName = aws.String("wf")
			}
			out, err := e.client.ListDurableExecutionsByFunction(e.ctx, &in)
			require.NoError(t, err)
			require.Nil(t, out.NextMarker)
			var got []string
			for _, x := range out.DurableExecutions {
				got = append(got, aws.ToString(x.DurableExecutionArn))
			}
			return got
		}
		require.Equal(t, []string{arns[3], arns[2], arns[1], arns[0]}, list(lambda.ListDurableExecutionsByFunctionInput{}), "newest first")
		require.Equal(t, arns, list(lambda.ListDurableExecutionsByFunctionInput{ReverseOrder: aws.Bool(true)}))
		require.Equal(t, []string{arns[1]}, list(lambda.ListDurableExecutionsByFunctionInput{DurableExecutionName: aws.String("n1")}))
		require.Equal(t, []string{arns[3], arns[1]}, list(lambda.ListDurableExecutionsByFunctionInput{Qualifier: aws.String(v)}))
		require.Equal(t, []string{arns[3], arns[1]}, list(lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf:" + v)}))
		require.Equal(t, []string{arns[2], arns[0]}, list(lambda.ListDurableExecutionsByFunctionInput{Qualifier: aws.String("$LATEST")}))
		require.Equal(t, []string{arns[2], arns[1]}, list(lambda.ListDurableExecutionsByFunctionInput{
			StartedAfter: aws.Time(t0.Add(30 * time.Second)), StartedBefore: aws.Time(t0.Add(150 * time.Second))}))
		require.Equal(t, []string{arns[3], arns[2], arns[1], arns[0]}, list(lambda.ListDurableExecutionsByFunctionInput{
			Statuses: []types.ExecutionStatus{types.ExecutionStatusSucceeded}}))
		require.Empty(t, list(lambda.ListDurableExecutionsByFunctionInput{Statuses: []types.ExecutionStatus{types.ExecutionStatusRunning}}))

		// A fifth, still running; one stopped.
		running := e.startDurable(t, "wf:$LATEST", "", `"x"`)
		stopped := e.startDurable(t, "wf:$LATEST", "", `"x"`)
		_, err := e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &stopped})
		require.NoError(t, err)
		require.Equal(t, []string{running}, list(lambda.ListDurableExecutionsByFunctionInput{Statuses: []types.ExecutionStatus{types.ExecutionStatusRunning}}))
		require.Equal(t, []string{stopped, running}, list(lambda.ListDurableExecutionsByFunctionInput{
			Statuses: []types.ExecutionStatus{types.ExecutionStatusRunning, types.ExecutionStatusStopped}}))

		out, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"),
			Statuses: []types.ExecutionStatus{types.ExecutionStatusRunning}})
		require.NoError(t, err)
		x := out.DurableExecutions[0]
		require.Equal(t, types.ExecutionStatusRunning, x.Status)
		require.Equal(t, arnPrefix+"wf:$LATEST", aws.ToString(x.FunctionArn))
		require.Equal(t, e.clk.Now(), aws.ToTime(x.StartTimestamp))
		require.Nil(t, x.EndTimestamp)
		require.NotEmpty(t, aws.ToString(x.DurableExecutionName))

		// Paging: two at a time.
		var paged []string
		var marker *string
		pages := 0
		for {
			out, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{
				FunctionName: aws.String("wf"), MaxItems: 2, Marker: marker})
			require.NoError(t, err)
			require.LessOrEqual(t, len(out.DurableExecutions), 2)
			for _, x := range out.DurableExecutions {
				paged = append(paged, aws.ToString(x.DurableExecutionArn))
			}
			pages++
			if marker = out.NextMarker; marker == nil {
				break
			}
		}
		require.Equal(t, 3, pages)
		require.Equal(t, []string{stopped, running, arns[3], arns[2], arns[1], arns[0]}, paged)
		p := lambda.NewListDurableExecutionsByFunctionPaginator(e.client, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), MaxItems: 4})
		n := 0
		for p.HasMorePages() {
			pg, err := p.NextPage(e.ctx)
			require.NoError(t, err)
			n += len(pg.DurableExecutions)
		}
		require.Equal(t, 6, n)

		_, err = e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("nope")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), Qualifier: aws.String("99")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"wf:99")
	})
}

func TestDurableHistoryPaging(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		arn := e.startDurable(t, "wf:$LATEST", "", `"in"`)
		e.clk.Add(30 * time.Second)
		want := []string{"ExecutionStarted", "WaitStarted:pause", "InvocationCompleted", "WaitSucceeded:pause", "InvocationCompleted", "ExecutionSucceeded"}
		require.Equal(t, want, e.historyTypes(t, arn))
		all := e.history(t, arn)
		for i, ev := range all {
			require.Equal(t, int32(i+1), aws.ToInt32(ev.EventId))
		}
		require.Equal(t, `"in"`, aws.ToString(all[0].ExecutionStartedDetails.Input.Payload))
		require.Equal(t, `"done:in"`, aws.ToString(all[5].ExecutionSucceededDetails.Result.Payload))
		require.Equal(t, int32(30), aws.ToInt32(all[1].WaitStartedDetails.Duration))

		var ids []int32
		var marker *string
		pages := 0
		for {
			out, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn, MaxItems: 4, Marker: marker})
			require.NoError(t, err)
			for _, ev := range out.Events {
				ids = append(ids, aws.ToInt32(ev.EventId))
			}
			pages++
			if marker = out.NextMarker; marker == nil {
				break
			}
		}
		require.Equal(t, 2, pages)
		require.Equal(t, []int32{1, 2, 3, 4, 5, 6}, ids)

		out, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn, ReverseOrder: aws.Bool(true)})
		require.NoError(t, err)
		ids = ids[:0]
		for _, ev := range out.Events {
			ids = append(ids, aws.ToInt32(ev.EventId))
		}
		require.Equal(t, []int32{6, 5, 4, 3, 2, 1}, ids)
		require.Equal(t, types.EventTypeExecutionSucceeded, out.Events[0].EventType)

		out, err = e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn, IncludeExecutionData: aws.Bool(false)})
		require.NoError(t, err)
		require.Len(t, out.Events, 6)
		require.Nil(t, out.Events[0].ExecutionStartedDetails.Input.Payload)
		require.False(t, aws.ToBool(out.Events[0].ExecutionStartedDetails.Input.Truncated))
		require.Nil(t, out.Events[5].ExecutionSucceededDetails.Result.Payload)

		_, err = e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn, Marker: aws.String("bogus")})
		requireInvalidParam(t, err, "Invalid marker: bogus")
	})
}

func TestDurableExecutionState(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "env")
		var token string
		e.fake.SetDurableHandler("env", durable.Wrap(waitWorkflow))
		arn := e.startDurable(t, "env:$LATEST", "", `"in"`)
		// Read the token through a plain handler's envelope on another execution.
		e.createDurable(t, "plain", &types.DurableConfig{ExecutionTimeout: aws.Int32(60), RetentionPeriodInDays: aws.Int32(1)})
		e.fake.SetHandler("plain", func(_ context.Context, payload []byte) ([]byte, error) {
			var env struct{ CheckpointToken string }
			require.NoError(t, json.Unmarshal(payload, &env))
			token = env.CheckpointToken
			return []byte(`{"Status":"SUCCEEDED","Result":"1"}`), nil
		})
		plain := e.startDurable(t, "plain:$LATEST", "", `{"k":"v"}`)
		require.NotEmpty(t, token)
		st, err := e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: &plain, CheckpointToken: &token})
		require.NoError(t, err)
		require.Len(t, st.Operations, 1)
		op := st.Operations[0]
		require.Equal(t, types.OperationTypeExecution, op.Type)
		require.Equal(t, `{"k":"v"}`, aws.ToString(op.ExecutionDetails.InputPayload))

		_, err = e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: &plain, CheckpointToken: aws.String("bad")})
		requireInvalidParam(t, err, "Invalid Checkpoint Token: the token is not the execution's current one.")
		_, err = e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: &arn, CheckpointToken: &token})
		requireInvalidParam(t, err, "Invalid Checkpoint Token: the token is not the execution's current one.")
	})
}

func TestDurableCallbackSuccessAndFailure(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen)))
		arn := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		id := e.callbackID(t, arn)
		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{
			CallbackId: &id, Result: []byte(`"yes"`)})
		require.NoError(t, err)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"got:yes"`, aws.ToString(g.Result))
		ev := findEvent(t, e.history(t, arn), types.EventTypeCallbackSucceeded)
		require.Equal(t, `"yes"`, aws.ToString(ev.CallbackSucceededDetails.Result.Payload), "the result is passed raw")
		require.Equal(t, []string{"ExecutionStarted", "ContextStarted:approval", "CallbackStarted", "InvocationCompleted",
			"CallbackSucceeded", "ContextSucceeded:approval", "InvocationCompleted", "ExecutionSucceeded"}, e.historyTypes(t, arn))

		arn = e.startDurable(t, "cb:$LATEST", "", `"x"`)
		id = e.callbackID(t, arn)
		_, err = e.client.SendDurableExecutionCallbackFailure(e.ctx, &lambda.SendDurableExecutionCallbackFailureInput{
			CallbackId: &id, Error: &types.ErrorObject{ErrorType: aws.String("Rejected"), ErrorMessage: aws.String("the manager said no"),
				ErrorData: aws.String(`{"by":"bob"}`)}})
		require.NoError(t, err)
		var cbe *durable.CallbackError
		require.ErrorAs(t, seen, &cbe)
		require.Equal(t, "Rejected", cbe.ErrorType)
		require.Equal(t, "the manager said no", cbe.Message)
		require.Equal(t, `{"by":"bob"}`, cbe.ErrorData)
		require.Equal(t, id, cbe.CallbackID)
		require.NotErrorIs(t, seen, durable.ErrCallbackTimedOut)
		require.Equal(t, `"callback-error:Rejected:the manager said no"`, aws.ToString(e.getExec(t, arn).Result))
		ev = findEvent(t, e.history(t, arn), types.EventTypeCallbackFailed)
		require.Equal(t, "Rejected", aws.ToString(ev.CallbackFailedDetails.Error.Payload.ErrorType))
		require.Equal(t, "the manager said no", aws.ToString(ev.CallbackFailedDetails.Error.Payload.ErrorMessage))

		msg := "The callback ID token has either expired or the callback associated with the token has already been closed."
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: aws.String("not-base64")})
		requireValidation(t, err, "1 validation error detected: Value 'not-base64' at 'callbackId' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9+/]+={0,2}")
		for _, bad := range []string{id, "dW5rbm93bg=="} { // closed; unknown
			_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: aws.String(bad)})
			requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException", msg)
			_, err = e.client.SendDurableExecutionCallbackFailure(e.ctx, &lambda.SendDurableExecutionCallbackFailureInput{CallbackId: aws.String(bad)})
			requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException", msg)
			_, err = e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: aws.String(bad)})
			requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException", msg)
		}
	})
}

func TestDurableCallbackTimeout(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen, durable.WithCallbackTimeout(10*time.Minute))))
		arn := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		started := aws.ToTime(findEvent(t, e.history(t, arn), types.EventTypeCallbackStarted).EventTimestamp)
		id := e.callbackID(t, arn)
		e.clk.Add(10*time.Minute - time.Second)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		e.clk.Add(time.Hour)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"callback-error:Callback.Timeout:Callback timed out"`, aws.ToString(g.Result))
		require.ErrorIs(t, seen, durable.ErrCallbackTimedOut)
		ev := findEvent(t, e.history(t, arn), types.EventTypeCallbackTimedOut)
		require.Equal(t, started.Add(10*time.Minute), aws.ToTime(ev.EventTimestamp))
		require.Equal(t, "Callback.Timeout", aws.ToString(ev.CallbackTimedOutDetails.Error.Payload.ErrorType))
		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id})
		requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException",
			"The callback ID token has either expired or the callback associated with the token has already been closed.")
	})
}

func TestDurableCallbackHeartbeat(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen, durable.WithCallbackTimeout(time.Hour),
			durable.WithCallbackHeartbeatTimeout(5*time.Minute))))
		arn := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		id := e.callbackID(t, arn)
		started := aws.ToTime(findEvent(t, e.history(t, arn), types.EventTypeCallbackStarted).EventTimestamp)
		ev := findEvent(t, e.history(t, arn), types.EventTypeCallbackStarted)
		require.Equal(t, int32(300), aws.ToInt32(ev.CallbackStartedDetails.HeartbeatTimeout))
		require.Equal(t, int32(3600), aws.ToInt32(ev.CallbackStartedDetails.Timeout))

		beat := func() {
			t.Helper()
			_, err := e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &id})
			require.NoError(t, err)
		}
		e.clk.Add(4 * time.Minute)
		beat() // the deadline is now started+9m
		e.clk.Add(4 * time.Minute)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status, "the heartbeat moved the deadline")
		beat() // started+13m
		e.clk.Add(4*time.Minute + 59*time.Second)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		e.clk.Add(10 * time.Minute)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"callback-error:Callback.Heartbeat:Callback heartbeat timed out"`, aws.ToString(g.Result))
		var cbe *durable.CallbackError
		require.ErrorAs(t, seen, &cbe)
		require.True(t, cbe.Heartbeat())
		require.ErrorIs(t, seen, durable.ErrCallbackTimedOut)
		ev = findEvent(t, e.history(t, arn), types.EventTypeCallbackTimedOut)
		require.Equal(t, started.Add(13*time.Minute), aws.ToTime(ev.EventTimestamp))
		require.Equal(t, "Callback.Heartbeat", aws.ToString(ev.CallbackTimedOutDetails.Error.Payload.ErrorType))
		_, err := e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &id})
		requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException",
			"The callback ID token has either expired or the callback associated with the token has already been closed.")
	})
}

func TestDurableStop(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen)))
		arn := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		id := e.callbackID(t, arn)
		e.clk.Add(time.Minute)
		stopAt := e.clk.Now()
		out, err := e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arn,
			Error: &types.ErrorObject{ErrorType: aws.String("Cancelled"), ErrorMessage: aws.String("by the operator")}})
		require.NoError(t, err)
		require.Equal(t, stopAt, aws.ToTime(out.StopTimestamp))
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusStopped, g.Status)
		require.Equal(t, stopAt, aws.ToTime(g.EndTimestamp))
		require.Equal(t, "Cancelled", aws.ToString(g.Error.ErrorType))
		require.Equal(t, "by the operator", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, []string{"ExecutionStarted", "ContextStarted:approval", "CallbackStarted", "InvocationCompleted", "ExecutionStopped"},
			e.historyTypes(t, arn))
		ev := findEvent(t, e.history(t, arn), types.EventTypeExecutionStopped)
		require.Equal(t, stopAt, aws.ToTime(ev.EventTimestamp))
		require.Equal(t, "Cancelled", aws.ToString(ev.ExecutionStoppedDetails.Error.Payload.ErrorType))

		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id})
		requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException",
			"The callback ID token has either expired or the callback associated with the token has already been closed.")

		e.clk.Add(time.Minute)
		out, err = e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &arn})
		require.NoError(t, err)
		require.Equal(t, stopAt, aws.ToTime(out.StopTimestamp), "a second stop answers the first stop's time")
		require.Equal(t, "Cancelled", aws.ToString(e.getExec(t, arn).Error.ErrorType))

		// Without an error.
		other := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		_, err = e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &other})
		require.NoError(t, err)
		g = e.getExec(t, other)
		require.Equal(t, types.ExecutionStatusStopped, g.Status)

		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		out2, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		done := aws.ToString(out2.DurableExecutionArn)
		_, err = e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &done})
		requireInvalidParam(t, err, "Cannot stop a durable execution in status SUCCEEDED.")

		missing := strings.Replace(done, "/durable-execution/", "/durable-execution/zz", 1)
		_, err = e.client.StopDurableExecution(e.ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &missing})
		requireNotFound(t, err, "Durable execution not found: "+missing)
	})
}

// envelopeIn is the invocation envelope a plain handler of a durable
// function gets.
type envelopeIn struct {
	DurableExecutionArn   string
	CheckpointToken       string
	InitialExecutionState struct {
		Operations []struct {
			Id, Type, Status string
			ExecutionDetails *struct{ InputPayload string }
		}
	}
}

func TestDurableCheckpointFromHandler(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "ext", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		var (
			env                  envelopeIn
			first, retried       *lambda.CheckpointDurableExecutionOutput
			errFirst, errRetried error
			errStale, errWait    error
			calls                int
		)
		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			calls++
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			arn := env.DurableExecutionArn
			updates := []types.OperationUpdate{
				{Id: aws.String("step-1"), Type: types.OperationTypeStep, Action: types.OperationActionStart, Name: aws.String("work")},
				{Id: aws.String("step-1"), Type: types.OperationTypeStep, Action: types.OperationActionSucceed, Payload: aws.String(`"worked"`)},
			}
			first, errFirst = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &arn,
				CheckpointToken: aws.String(env.CheckpointToken), ClientToken: aws.String("ct-1"), Updates: updates})
			retried, errRetried = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &arn,
				CheckpointToken: aws.String(env.CheckpointToken), ClientToken: aws.String("ct-1"), Updates: updates})
			_, errStale = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &arn,
				CheckpointToken: aws.String(env.CheckpointToken), ClientToken: aws.String("ct-2"), Updates: updates})
			if first != nil {
				_, errWait = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &arn,
					CheckpointToken: first.CheckpointToken, Updates: []types.OperationUpdate{{Id: aws.String("wait-1"),
						Type: types.OperationTypeWait, Action: types.OperationActionStart, WaitOptions: &types.WaitOptions{WaitSeconds: aws.Int32(0)}}}})
			}
			return []byte(`{"Status":"SUCCEEDED","Result":"\"all done\""}`), nil
		})
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("ext:$LATEST"), Payload: []byte(`{"order":7}`)})
		require.NoError(t, err)
		require.Nil(t, out.FunctionError)
		require.Equal(t, `"all done"`, string(out.Payload))
		arn := aws.ToString(out.DurableExecutionArn)
		require.Equal(t, 1, calls)

		require.Equal(t, arn, env.DurableExecutionArn)
		require.NotEmpty(t, env.CheckpointToken)
		require.Len(t, env.InitialExecutionState.Operations, 1)
		op := env.InitialExecutionState.Operations[0]
		require.Equal(t, "EXECUTION", op.Type)
		require.Equal(t, "STARTED", op.Status)
		require.NotNil(t, op.ExecutionDetails)
		require.Equal(t, `{"order":7}`, op.ExecutionDetails.InputPayload)

		require.NoError(t, errFirst)
		require.NotEmpty(t, aws.ToString(first.CheckpointToken))
		require.NotEqual(t, env.CheckpointToken, aws.ToString(first.CheckpointToken))
		require.Len(t, first.NewExecutionState.Operations, 1)
		step := first.NewExecutionState.Operations[0]
		require.Equal(t, "step-1", aws.ToString(step.Id))
		require.Equal(t, types.OperationStatusSucceeded, step.Status)
		require.Equal(t, `"worked"`, aws.ToString(step.StepDetails.Result))

		require.NoError(t, errRetried, "a retry with the ClientToken answers again")
		require.Equal(t, aws.ToString(first.CheckpointToken), aws.ToString(retried.CheckpointToken))
		require.Len(t, retried.NewExecutionState.Operations, 1)
		require.Equal(t, "step-1", aws.ToString(retried.NewExecutionState.Operations[0].Id))

		var ipe *types.InvalidParameterValueException
		require.ErrorAs(t, errStale, &ipe)
		require.True(t, strings.HasPrefix(ipe.ErrorMessage(), "Invalid Checkpoint Token"), ipe.ErrorMessage())
		requireValidation(t, errWait, "1 validation error detected: Value '0' at 'updates.1.member.waitOptions.waitSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1")

		require.Equal(t, []string{"ExecutionStarted", "StepStarted:work", "StepSucceeded:work", "InvocationCompleted", "ExecutionSucceeded"},
			e.historyTypes(t, arn))
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"all done"`, aws.ToString(g.Result))

		// After the invocation, the token is dead.
		_, err = e.client.CheckpointDurableExecution(e.ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &arn,
			CheckpointToken: first.CheckpointToken, Updates: []types.OperationUpdate{{Id: aws.String("s2"), Type: types.OperationTypeStep,
				Action: types.OperationActionStart}}})
		require.ErrorAs(t, err, &ipe)
		require.True(t, strings.HasPrefix(ipe.ErrorMessage(), "Invalid Checkpoint Token"), ipe.ErrorMessage())
	})
}

func TestDurableMalformedAnswerRetried(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "bad", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		var at []time.Time
		e.fake.SetHandler("bad", func(ctx context.Context, payload []byte) ([]byte, error) {
			at = append(at, e.clk.Now())
			return []byte(`{"not":"an answer"}`), nil
		})
		start := e.clk.Now()
		arn := e.startDurable(t, "bad:$LATEST", "", `{}`)
		require.Len(t, at, 1)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusRunning, g.Status)
		evs := e.history(t, arn)
		require.Equal(t, []string{"ExecutionStarted", "InvocationCompleted"}, e.historyTypes(t, arn))
		ic := evs[1].InvocationCompletedDetails
		require.NotNil(t, ic.Error)
		require.Equal(t, "Runtime.InvalidResponse", aws.ToString(ic.Error.Payload.ErrorType))

		for i, d := range []time.Duration{time.Second, 2 * time.Second} {
			e.clk.Add(d - time.Millisecond)
			e.getExec(t, arn)
			require.Len(t, at, i+1, "not before the backoff")
			e.clk.Add(time.Millisecond)
			e.getExec(t, arn)
			require.Len(t, at, i+2)
		}
		e.clk.Add(4 * time.Second)
		g = e.getExec(t, arn)
		require.Len(t, at, 4)
		require.Equal(t, []time.Time{start, start.Add(time.Second), start.Add(3 * time.Second), start.Add(7 * time.Second)}, at)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "Runtime.InvalidResponse", aws.ToString(g.Error.ErrorType))
		require.Equal(t, start.Add(7*time.Second), aws.ToTime(g.EndTimestamp))
		require.Equal(t, []string{"ExecutionStarted", "InvocationCompleted", "InvocationCompleted", "InvocationCompleted", "InvocationCompleted",
			"ExecutionFailed"}, e.historyTypes(t, arn))
		e.clk.Add(time.Hour)
		e.getExec(t, arn)
		require.Len(t, at, 4, "no more invocations")
	})
}

// With no clock, the fake reads time.Now: inside a synctest bubble
// time.Sleep carries the approval workflow past its 72-hour wait.
func TestDurableApprovalWorkflowSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "approve")
		runs := map[string]int{}
		fake.SetDurableHandler("approve", durable.Wrap(approvalWorkflow(runs)))
		start := time.Now()
		arn := e.startDurable(t, "approve:$LATEST", "order-1", `{"id":"o-1"}`)
		require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted"},
			e.historyTypes(t, arn))

		time.Sleep(72*time.Hour - time.Second)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		require.Len(t, e.historyTypes(t, arn), 5, "the wait has not ended")
		time.Sleep(time.Second)
		require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted",
			"WaitSucceeded:cool-off", "ContextStarted:human", "CallbackStarted", "StepStarted", "StepSucceeded", "InvocationCompleted"}, e.historyTypes(t, arn))
		evs := e.history(t, arn)
		require.True(t, start.Add(72*time.Hour).Equal(aws.ToTime(evs[5].EventTimestamp)), "the wait ends at its scheduled time")

		id := e.callbackID(t, arn)
		time.Sleep(time.Hour)
		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte("false")})
		require.NoError(t, err)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.JSONEq(t, `{"order":"o-1","approved":false}`, aws.ToString(g.Result))
		require.True(t, start.Add(73*time.Hour).Equal(aws.ToTime(g.EndTimestamp)))
		require.Equal(t, map[string]int{"validate": 1, "notify": 1, "finish": 1}, runs)
	})
}

// A synchronous invoke moves the clock only within the 15 minutes a
// synchronous invocation may last; an execution timeout within them is
// answered as the execution's error.
func TestDurableInvokeSyncBudget(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "twice", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			for _, name := range []string{"a", "b"} {
				if err := durable.Wait(ctx, name, 10*time.Minute); err != nil {
					return "", err
				}
			}
			return "both", nil
		}))
		start := e.clk.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("twice:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.Contains(t, string(out.Payload), `"errorType":"fakelambda.DurableSyncSuspended"`)
		require.Equal(t, start.Add(10*time.Minute), e.clk.Now(), "moved to the first wait's end only")
		arn := aws.ToString(out.DurableExecutionArn)
		e.clk.Add(10 * time.Minute)
		require.Equal(t, `"both"`, aws.ToString(e.getExec(t, arn).Result))

		// The same name and payload answer the ended execution's result again.
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("twice:$LATEST"), Payload: []byte(`"y"`),
			DurableExecutionName: aws.String("named")})
		require.NoError(t, err)
		e.clk.Add(10 * time.Minute)
		again, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("twice:$LATEST"), Payload: []byte(`"y"`),
			DurableExecutionName: aws.String("named")})
		require.NoError(t, err)
		require.Equal(t, aws.ToString(out.DurableExecutionArn), aws.ToString(again.DurableExecutionArn))
		require.Nil(t, again.FunctionError)
		require.Equal(t, `"both"`, string(again.Payload))

		e.createDurable(t, "slow", &types.DurableConfig{ExecutionTimeout: aws.Int32(60), RetentionPeriodInDays: aws.Int32(1)})
		e.fake.SetDurableHandler("slow", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			return "never", durable.Wait(ctx, "long", 2*time.Minute)
		}))
		t0 := e.clk.Now()
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("slow:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, t0.Add(time.Minute), e.clk.Now())
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		var body struct{ ErrorType, ErrorMessage string }
		require.NoError(t, json.Unmarshal(out.Payload, &body))
		require.Equal(t, "Execution timed out after 60 seconds.", body.ErrorMessage)
		require.Equal(t, types.ExecutionStatusTimedOut, e.getExec(t, aws.ToString(out.DurableExecutionArn)).Status)
	})
}

// A stop during an invocation: the invocation is not interrupted, its
// next checkpoint is refused, and its answer does not change the outcome.
func TestDurableStopDuringInvocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "ext", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		var stopErr, cpErr error
		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			var env envelopeIn
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			_, stopErr = e.client.StopDurableExecution(ctx, &lambda.StopDurableExecutionInput{DurableExecutionArn: &env.DurableExecutionArn})
			_, cpErr = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &env.DurableExecutionArn,
				CheckpointToken: &env.CheckpointToken, Updates: []types.OperationUpdate{{Id: aws.String("s"), Type: types.OperationTypeStep,
					Action: types.OperationActionStart}}})
			return []byte(`{"Status":"SUCCEEDED","Result":"1"}`), nil
		})
		arn := e.startDurable(t, "ext:$LATEST", "", `{}`)
		require.NoError(t, stopErr)
		requireInvalidParam(t, cpErr, "The durable execution has ended: STOPPED.")
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusStopped, g.Status)
		require.Nil(t, g.Result)
		require.Equal(t, []string{"ExecutionStarted", "ExecutionStopped", "InvocationCompleted"}, e.historyTypes(t, arn))
	})
}

// A submitter that answers its own callback at once (inside the
// invocation): the step's checkpoint answer carries the answered callback,
// so the same invocation goes on and ends the execution.
func TestDurableCallbackAnsweredBySubmitter(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var sendErr error
		e.durableFn(t, "self", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			v, err := durable.WaitForCallback[string](ctx, "auto", func(sc durable.StepContext, id string) error {
				_, sendErr = e.client.SendDurableExecutionCallbackSuccess(context.Background(),
					&lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte(`"instant"`)})
				return sendErr
			})
			if err != nil {
				return "", err
			}
			return "got:" + v, nil
		}))
		start := e.clk.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("self:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.NoError(t, sendErr)
		require.Nil(t, out.FunctionError, string(out.Payload))
		require.Equal(t, `"got:instant"`, string(out.Payload))
		require.Equal(t, start, e.clk.Now())
		arn := aws.ToString(out.DurableExecutionArn)
		require.Equal(t, []string{"ExecutionStarted", "ContextStarted:auto", "CallbackStarted", "StepStarted", "CallbackSucceeded", "StepSucceeded",
			"ContextSucceeded:auto", "InvocationCompleted", "ExecutionSucceeded"}, e.historyTypes(t, arn))
	})
}

// The model's constraints on the read operations.
func TestDurableReadValidation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		_, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), MaxItems: 1001})
		requireValidation(t, err, "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000")
		_, err = e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"),
			Statuses: []types.ExecutionStatus{"BOGUS"}})
		requireValidationPrefix(t, err, "1 validation error detected: Value '[BOGUS]' at 'statuses' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED]")
		_, err = e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("wf"), Marker: aws.String("99")})
		requireInvalidParam(t, err, "Invalid marker: 99")
		aliasARN := arnPrefix + "wf:live/durable-execution/a/b"
		_, err = e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &aliasARN})
		requireValidationPrefix(t, err, "1 validation error detected: Value '"+aliasARN+"' at 'durableExecutionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ")
		_, err = e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: aws.String(arnPrefix + "wf:1/durable-execution/a/b"),
			CheckpointToken: aws.String("!!")})
		requireValidation(t, err, "1 validation error detected: Value '!!' at 'checkpointToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9+/]+={0,2}")
		// GetDurableExecutionState has no ResourceNotFoundException: an unknown execution is a bad token.
		_, err = e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: aws.String(arnPrefix + "wf:1/durable-execution/a/b"),
			CheckpointToken: aws.String("YWJj")})
		requireInvalidParam(t, err, "Invalid Checkpoint Token: the token is not the execution's current one.")
	})
}

// A function deleted while its execution waits: each invocation fails
// (the function is not found), is retried, and the fourth failure fails
// the execution; the fake goes on answering.
func TestDurableFunctionDeletedDuringExecution(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		start := e.clk.Now()
		arn := e.startDurable(t, "wf:$LATEST", "", `"x"`)
		_, err := e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("wf")})
		require.NoError(t, err)
		e.clk.Add(time.Hour)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "ResourceNotFoundException", aws.ToString(g.Error.ErrorType))
		require.Equal(t, "Function not found: "+arnPrefix+"wf:$LATEST", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, start.Add(37*time.Second), aws.ToTime(g.EndTimestamp), "retried 1, 2, 4 seconds after the wait's end")
		require.Equal(t, []string{"ExecutionStarted", "WaitStarted:pause", "InvocationCompleted", "WaitSucceeded:pause", "InvocationCompleted",
			"InvocationCompleted", "InvocationCompleted", "InvocationCompleted", "ExecutionFailed"}, e.historyTypes(t, arn))
		_, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
	})
}

// A function with a durable handler and no DurableConfig runs with the
// defaults: a year's timeout, 14 days of retention. An Event invoke never
// moves the clock.
func TestDurableDefaultsWithoutConfig(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		start := e.clk.Now()
		arn := e.startDurable(t, "wf:$LATEST", "", `"x"`)
		require.Equal(t, start, e.clk.Now())
		g := e.getExec(t, arn)
		require.Equal(t, int32(31622400), aws.ToInt32(g.DurableConfig.ExecutionTimeout))
		require.Equal(t, int32(14), aws.ToInt32(g.DurableConfig.RetentionPeriodInDays))
		ev := findEvent(t, e.history(t, arn), types.EventTypeExecutionStarted)
		require.Equal(t, int32(31622400), aws.ToInt32(ev.ExecutionStartedDetails.ExecutionTimeout))
		e.clk.Add(30 * time.Second)
		end := aws.ToTime(e.getExec(t, arn).EndTimestamp)
		e.clk.Set(end.Add(14*24*time.Hour - time.Second))
		require.Equal(t, types.ExecutionStatusSucceeded, e.getExec(t, arn).Status)
		e.clk.Add(time.Second)
		_, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
		requireNotFound(t, err, "Durable execution not found: "+arn)
	})
}

// Executions belong to the region of the request: another region's
// client finds neither the execution nor its callback.
func TestDurableRegions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen)))
		arn := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		id := e.callbackID(t, arn)
		eu := lambda.New(e.client.Options(), func(o *lambda.Options) { o.Region = "eu-west-1" })
		_, err := eu.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
		requireNotFound(t, err, "Durable execution not found: "+arn)
		_, err = eu.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id})
		requireAPIError[*types.CallbackTimeoutException](t, err, 400, "CallbackTimeoutException",
			"The callback ID token has either expired or the callback associated with the token has already been closed.")
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte(`"ok"`)})
		require.NoError(t, err)
		require.Equal(t, `"got:ok"`, aws.ToString(e.getExec(t, arn).Result))
	})
}

// A plain handler's answers: PENDING with a wait pending suspends (and is
// invoked again at the wait's end, the envelope listing the operations and
// UpdatedOperationIds); PENDING with nothing pending is an invocation
// failure; FAILED fails the execution with its Error.
func TestDurableEnvelopeAnswers(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "ext", &types.DurableConfig{ExecutionTimeout: aws.Int32(300), RetentionPeriodInDays: aws.Int32(1)})
		var envs []map[string]any
		var cpErr error
		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			var env map[string]any
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			envs = append(envs, env)
			if len(envs) == 1 {
				arn, tok := env["DurableExecutionArn"].(string), env["CheckpointToken"].(string)
				_, cpErr = e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &arn,
					CheckpointToken: &tok, Updates: []types.OperationUpdate{{Id: aws.String("w"), Name: aws.String("nap"), Type: types.OperationTypeWait,
						Action: types.OperationActionStart, WaitOptions: &types.WaitOptions{WaitSeconds: aws.Int32(5)}}}})
				return []byte(`{"Status":"PENDING"}`), nil
			}
			return []byte(`{"Status":"FAILED","Error":{"ErrorType":"Boom","ErrorMessage":"it broke"}}`), nil
		})
		start := e.clk.Now()
		arn := e.startDurable(t, "ext:$LATEST", "", `{}`)
		require.NoError(t, cpErr)
		require.Len(t, envs, 1)
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		e.clk.Add(5 * time.Second)
		g := e.getExec(t, arn)
		require.Len(t, envs, 2)
		ops := envs[1]["InitialExecutionState"].(map[string]any)["Operations"].([]any)
		require.Len(t, ops, 2)
		w := ops[1].(map[string]any)
		require.Equal(t, "w", w["Id"])
		require.Equal(t, "SUCCEEDED", w["Status"])
		require.Equal(t, float64(start.Add(5*time.Second).UnixMilli()), w["EndTimestamp"], "envelope timestamps are epoch milliseconds")
		require.Equal(t, []any{"w"}, envs[1]["UpdatedOperationIds"])
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "Boom", aws.ToString(g.Error.ErrorType))
		require.Equal(t, "it broke", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, []string{"ExecutionStarted", "WaitStarted:nap", "InvocationCompleted", "WaitSucceeded:nap", "InvocationCompleted", "ExecutionFailed"},
			e.historyTypes(t, arn))

		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			return []byte(`{"Status":"PENDING"}`), nil
		})
		arn = e.startDurable(t, "ext:$LATEST", "", `{}`)
		ic := findEvent(t, e.history(t, arn), types.EventTypeInvocationCompleted).InvocationCompletedDetails
		require.Equal(t, "InvalidParameterValueException", aws.ToString(ic.Error.Payload.ErrorType))
		require.Equal(t, "Cannot return PENDING status with no pending operations.", aws.ToString(ic.Error.Payload.ErrorMessage))
		e.clk.Add(time.Minute)
		g = e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "Cannot return PENDING status with no pending operations.", aws.ToString(g.Error.ErrorMessage))
	})
}

// SendDurableExecutionCallbackSuccess's Result has at most 262144 bytes
// (the model); its value, sensitive, is not printed.
func TestDurableCallbackResultLimit(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen)))
		arn := e.startDurable(t, "cb:$LATEST", "", `"x"`)
		id := e.callbackID(t, arn)
		big := `"` + strings.Repeat("a", 262144-2) + `"`
		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte(big + " ")})
		requireValidation(t, err, "1 validation error detected: Value at 'result' failed to satisfy constraint: Member must have length less than or equal to 262144")
		require.Equal(t, types.ExecutionStatusRunning, e.getExec(t, arn).Status)
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte(big)})
		require.NoError(t, err)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Len(t, aws.ToString(g.Result), 262144-2+len("got:")+2)
	})
}

// A plain handler creating a callback through CheckpointDurableExecution:
// the answer carries its CallbackId; once answered, the handler is invoked
// again with the callback's result in the envelope. GetDurableExecutionState
// pages the operations.
func TestDurableEnvelopeCallback(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "ext", &types.DurableConfig{ExecutionTimeout: aws.Int32(3600), RetentionPeriodInDays: aws.Int32(1)})
		type opJSON struct {
			Id, Type, Status string
			CallbackDetails  *struct{ CallbackId, Result string }
		}
		var (
			cbID, token string
			cpErr       error
			second      []opJSON
			calls       int
		)
		e.fake.SetHandler("ext", func(ctx context.Context, payload []byte) ([]byte, error) {
			calls++
			var env struct {
				DurableExecutionArn, CheckpointToken string
				InitialExecutionState                struct{ Operations []opJSON }
			}
			if err := json.Unmarshal(payload, &env); err != nil {
				return nil, err
			}
			token = env.CheckpointToken
			if calls > 1 {
				second = env.InitialExecutionState.Operations
				return []byte(`{"Status":"SUCCEEDED","Result":` + mustJSON(second[1].CallbackDetails.Result) + `}`), nil
			}
			out, err := e.client.CheckpointDurableExecution(ctx, &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: &env.DurableExecutionArn,
				CheckpointToken: &env.CheckpointToken, Updates: []types.OperationUpdate{{Id: aws.String("cb"), Name: aws.String("ask"),
					Type: types.OperationTypeCallback, Action: types.OperationActionStart,
					CallbackOptions: &types.CallbackOptions{TimeoutSeconds: 600}}}})
			if cpErr = err; err == nil {
				cbID = aws.ToString(out.NewExecutionState.Operations[0].CallbackDetails.CallbackId)
				token = aws.ToString(out.CheckpointToken)
			}
			return []byte(`{"Status":"PENDING"}`), nil
		})
		arn := e.startDurable(t, "ext:$LATEST", "", `{}`)
		require.NoError(t, cpErr)
		require.NotEmpty(t, cbID)
		require.Equal(t, cbID, e.callbackID(t, arn))

		var ids []string
		var marker *string
		for {
			st, err := e.client.GetDurableExecutionState(e.ctx, &lambda.GetDurableExecutionStateInput{DurableExecutionArn: &arn,
				CheckpointToken: &token, MaxItems: 1, Marker: marker})
			require.NoError(t, err)
			require.Len(t, st.Operations, 1)
			ids = append(ids, string(st.Operations[0].Type)+":"+string(st.Operations[0].Status))
			if marker = st.NextMarker; marker == nil {
				break
			}
		}
		require.Equal(t, []string{"EXECUTION:STARTED", "CALLBACK:STARTED"}, ids)

		_, err := e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &cbID, Result: []byte(`{"ok":true}`)})
		require.NoError(t, err)
		require.Equal(t, 2, calls)
		require.Len(t, second, 2)
		require.Equal(t, "SUCCEEDED", second[1].Status)
		require.Equal(t, `{"ok":true}`, second[1].CallbackDetails.Result)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `{"ok":true}`, aws.ToString(g.Result))
		require.Equal(t, []string{"ExecutionStarted", "CallbackStarted:ask", "InvocationCompleted", "CallbackSucceeded:ask", "InvocationCompleted",
			"ExecutionSucceeded"}, e.historyTypes(t, arn))
	})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// A fault added for CheckpointDurableExecution applies to the in-process
// checkpoints of a durable.Function: the invocation fails and is invoked
// again a second later. The fault hits the step's START checkpoint, before
// its body runs: the body runs once, on the retry.
func TestDurableCheckpointFault(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		runs := 0
		e.durableFn(t, "wf", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			return durable.Step(ctx, "work", func(durable.StepContext) (string, error) {
				runs++
				return "worked", nil
			})
		}))
		h := e.fake.AddFault(fakelambda.Fault{Operation: "CheckpointDurableExecution", Count: 1, Err: fakelambda.ServiceError("checkpoint store down")})
		start := e.clk.Now()
		arn := e.startDurable(t, "wf:$LATEST", "", `"x"`)
		require.Equal(t, 1, h.Fired())
		evs := e.history(t, arn)
		require.Equal(t, []string{"ExecutionStarted", "InvocationCompleted"}, e.historyTypes(t, arn))
		ic := evs[1].InvocationCompletedDetails
		require.Equal(t, "CheckpointError", aws.ToString(ic.Error.Payload.ErrorType))
		require.Contains(t, aws.ToString(ic.Error.Payload.ErrorMessage), "checkpoint store down")
		e.clk.Add(time.Second)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"worked"`, aws.ToString(g.Result))
		require.Equal(t, start.Add(time.Second), aws.ToTime(g.EndTimestamp))
		require.Equal(t, 1, runs)
	})
}

// With no clock the fake cannot move time: a synchronous invoke of a
// workflow that waits is answered suspended (DurableSyncAdvance moves only
// a settable clock), and time.Sleep in the bubble ends the wait.
func TestDurableInvokeSyncSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.durableFn(t, "wf", durable.Wrap(waitWorkflow))
		start := time.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("wf:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.Contains(t, string(out.Payload), `"errorType":"fakelambda.DurableSyncSuspended"`)
		require.Equal(t, start, time.Now())
		arn := aws.ToString(out.DurableExecutionArn)
		time.Sleep(30 * time.Second)
		g := e.getExec(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.Equal(t, `"done:x"`, aws.ToString(g.Result))
		require.True(t, start.Add(30*time.Second).Equal(aws.ToTime(g.EndTimestamp)))
	})
}

// A chained invoke of a durable function must be qualified too: the
// unqualified one fails the CHAINED_INVOKE with AWS's message.
func TestDurableChainedInvokeUnqualified(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.durableFn(t, "child", durable.Wrap(waitWorkflow))
		var seen error
		e.durableFn(t, "parent", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			out, err := durable.Invoke[string](ctx, "call", "child", in)
			if err != nil {
				seen = err
				return "failed", nil
			}
			return out, nil
		}))
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("parent:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, `"failed"`, string(out.Payload))
		var ie *durable.InvokeError
		require.ErrorAs(t, seen, &ie)
		require.Equal(t, "InvalidParameterValueException", ie.ErrorType)
		require.Equal(t, "You cannot invoke a durable function using an unqualified ARN.", ie.Message)
		arn := aws.ToString(out.DurableExecutionArn)
		require.Equal(t, []string{"ExecutionStarted", "ChainedInvokeStarted:call", "InvocationCompleted", "ChainedInvokeFailed:call", "InvocationCompleted",
			"ExecutionSucceeded"}, e.historyTypes(t, arn))
		list, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String("child")})
		require.NoError(t, err)
		require.Empty(t, list.DurableExecutions)

		// Qualified, it runs.
		e.fake.SetDurableHandler("parent", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			return durable.Invoke[string](ctx, "call", "child:$LATEST", in)
		}))
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("parent:$LATEST"), Payload: []byte(`"y"`)})
		require.NoError(t, err)
		require.Equal(t, `"done:y"`, string(out.Payload))
	})
}

// DurableSyncAdvance moves the clock for waits, also those of an execution
// a chained invoke started, but never to a callback's timeout: a workflow
// waiting for a callback that times out in 5 minutes is answered
// suspended, the clock unmoved, and the callback can still be answered.
func TestDurableInvokeSyncCallbackTimeoutNotAdvanced(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		var seen error
		e.durableFn(t, "cb", durable.Wrap(callbackWorkflow(&seen, durable.WithCallbackTimeout(5*time.Minute))))
		start := e.clk.Now()
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("cb:$LATEST"), Payload: []byte(`"x"`)})
		require.NoError(t, err)
		require.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
		require.Contains(t, string(out.Payload), `"errorType":"fakelambda.DurableSyncSuspended"`)
		require.Equal(t, start, e.clk.Now())
		arn := aws.ToString(out.DurableExecutionArn)
		id := e.callbackID(t, arn)
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &id, Result: []byte(`"in time"`)})
		require.NoError(t, err)
		require.Equal(t, `"got:in time"`, aws.ToString(e.getExec(t, arn).Result))

		e.durableFn(t, "child", durable.Wrap(waitWorkflow))
		e.durableFn(t, "parent", durable.Wrap(func(ctx durable.Context, in string) (string, error) {
			return durable.Invoke[string](ctx, "call", "child:$LATEST", in)
		}))
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("parent:$LATEST"), Payload: []byte(`"p"`)})
		require.NoError(t, err)
		require.Nil(t, out.FunctionError, string(out.Payload))
		require.Equal(t, `"done:p"`, string(out.Payload))
		require.Equal(t, start.Add(30*time.Second), e.clk.Now(), "moved to the child's wait's end")
	})
}

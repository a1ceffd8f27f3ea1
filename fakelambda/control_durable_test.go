package fakelambda_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

// publishedFunction creates name and publishes its version 1.
func (e *env) publishedFunction(t *testing.T, name string) {
	t.Helper()
	e.createFunction(t, name)
	_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})
	require.NoError(t, err)
}

func (e *env) durableExecution(t *testing.T, arn string) *lambda.GetDurableExecutionOutput {
	t.Helper()
	out, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
	require.NoError(t, err)
	return out
}

// A script of every kind of operation, driven through the control API and
// a real client: the step, the chained invoke, the 72-hour wait (the clock
// moved through POST /_fakelambda/clock, the deadline run by
// POST /_fakelambda/durable/run), the callback answered.
func TestControlDurableScript(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.publishedFunction(t, "approve")
		e.publishedFunction(t, "payments")
		e.fake.SetHandler("payments", func(_ context.Context, p []byte) ([]byte, error) { return p, nil })
		require.JSONEq(t, `{"Function":"approve:1","Operations":4}`, ctlOK(t, e.fake, "PUT", "/_fakelambda/durable-function", `{"Function":"approve:1","Operations":[
			{"Step":"validate","Result":{"valid":true}},
			{"Invoke":"charge","Function":"payments:1","Input":{"amount":5}},
			{"Wait":"cool-off","Duration":"72h"},
			{"WaitForCallback":"human","Timeout":"168h","HeartbeatTimeout":"1h"}]}`))

		arn := e.startDurable(t, "approve:1", "order-1", `{"id":"o-1"}`)
		require.Contains(t, arn, ":function:approve:1/durable-execution/order-1/")
		require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "ChainedInvokeStarted:charge", "InvocationCompleted",
			"ChainedInvokeSucceeded:charge", "WaitStarted:cool-off", "InvocationCompleted"}, e.historyTypes(t, arn))

		ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"72h"}`)
		require.JSONEq(t, `{"Ran":1}`, ctlOK(t, e.fake, "POST", "/_fakelambda/durable/run", ``))
		require.JSONEq(t, `{"Ran":0}`, ctlOK(t, e.fake, "POST", "/_fakelambda/durable/run", ``))
		hist, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn})
		require.NoError(t, err)
		var cbID string
		for _, ev := range hist.Events {
			if d := ev.CallbackStartedDetails; d != nil {
				cbID = aws.ToString(d.CallbackId)
				require.Equal(t, int32(168*3600), aws.ToInt32(d.Timeout))
				require.Equal(t, int32(3600), aws.ToInt32(d.HeartbeatTimeout))
			}
		}
		require.NotEmpty(t, cbID)
		require.Equal(t, types.ExecutionStatusRunning, e.durableExecution(t, arn).Status)

		_, err = e.client.SendDurableExecutionCallbackHeartbeat(e.ctx, &lambda.SendDurableExecutionCallbackHeartbeatInput{CallbackId: &cbID})
		require.NoError(t, err)
		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &cbID, Result: []byte(`{"approved":true}`)})
		require.NoError(t, err)
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.JSONEq(t, `{"approved":true}`, aws.ToString(g.Result), "the last operation's result")
		h := e.historyTypes(t, arn)
		require.Equal(t, "ExecutionSucceeded", h[len(h)-1])
	})
}

// A step with an Error fails every attempt; Retry retries it after Delay;
// the last failure fails the execution with the step's error. Result is
// the execution's result when every operation succeeds.
func TestControlDurableStepErrorAndResult(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.publishedFunction(t, "approve")
		ctlOK(t, e.fake, "PUT", "/_fakelambda/durable-function", `{"Function":"approve:1","Operations":[
			{"Step":"validate"},
			{"Step":"charge","Error":{"ErrorType":"Declined","ErrorMessage":"no"},"Retry":{"MaxAttempts":3,"Delay":"5s"}}]}`)
		arn := e.startDurable(t, "approve:1", "order-1", `{}`)
		require.Equal(t, types.ExecutionStatusRunning, e.durableExecution(t, arn).Status)
		for range 2 {
			ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"5s"}`)
			require.JSONEq(t, `{"Ran":1}`, ctlOK(t, e.fake, "POST", "/_fakelambda/durable/run", ``))
		}
		g := e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusFailed, g.Status)
		require.Equal(t, "Declined", aws.ToString(g.Error.ErrorType))
		require.Equal(t, "no", aws.ToString(g.Error.ErrorMessage))
		require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate",
			"StepStarted:charge", "StepFailed:charge", "InvocationCompleted",
			"StepStarted:charge", "StepFailed:charge", "InvocationCompleted",
			"StepStarted:charge", "StepFailed:charge", "InvocationCompleted", "ExecutionFailed"}, e.historyTypes(t, arn))

		// Replaced: the same function, a new script with a Result.
		ctlOK(t, e.fake, "PUT", "/_fakelambda/durable-function", `{"Function":"approve:1","Operations":[{"Step":"validate","Result":1}],"Result":{"done":true}}`)
		arn = e.startDurable(t, "approve:1", "order-2", `{}`)
		g = e.durableExecution(t, arn)
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.JSONEq(t, `{"done":true}`, aws.ToString(g.Result))

		// Removed: approve is a plain function again.
		ctlOK(t, e.fake, "DELETE", "/_fakelambda/durable-function", `{"Function":"approve:1"}`)
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("approve:1"), Payload: []byte(`{}`)})
		require.NoError(t, err)
		require.Empty(t, aws.ToString(out.DurableExecutionArn))
	})
}

func TestControlDurableBadScripts(t *testing.T) {
	f := newManualEnv(t).fake
	for _, c := range []struct{ body, msg string }{
		{``, `request body must be a JSON object`},
		{`{"Operations":[]}`, `Function is required: the durable function's name or ARN, e.g. "approve:1"`},
		{`{"Function":"bad name!"}`, `Function: "bad name!" is not a function name or ARN, e.g. "approve:1"`},
		{`{"Function":"a:1","Operations":[{"Invoke":"i","Function":"::::"}]}`, `Operations[0]: Invoke "i": Function: "::::" is not a function name or ARN, e.g. "payments:1"`},
		{`{"Function":"a:1","Steps":[]}`, `bad request body: unknown field "Steps"`},
		{`{"Function":"a:1","Operations":[{"Sleep":"x"}]}`, `bad request body: unknown field "Sleep"`},
		{`{"Function":"a:1","Operations":[{}]}`, `Operations[0]: names no operation; give one of "Step", "Wait", "WaitForCallback" or "Invoke" with the operation's name`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Wait":"w"}]}`, `Operations[0]: names both Step and Wait; an operation is one of Step, Wait, WaitForCallback or Invoke`},
		{`{"Function":"a:1","Operations":[{"Step":""}]}`, `Operations[0]: Step: the operation's name must not be empty`},
		{`{"Function":"a:1","Operations":[{"Step":"s"},{"Wait":"w","Duration":"3 days"}]}`, `Operations[1]: Wait "w": Duration: "3 days" is not a duration; use Go's form, e.g. "90s" or "72h"`},
		{`{"Function":"a:1","Operations":[{"Wait":"w"}]}`, `Operations[0]: Wait "w": Duration is required, e.g. "72h"`},
		{`{"Function":"a:1","Operations":[{"Wait":"w","Duration":"10ms"}]}`, `Operations[0]: Wait "w": Duration: "10ms" is less than one second`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Duration":"1h"}]}`, `Operations[0]: Step "s": Duration is not a key of a Step (it takes Result, Error, Retry)`},
		{`{"Function":"a:1","Operations":[{"WaitForCallback":"h","Timeout":"soon"}]}`, `Operations[0]: WaitForCallback "h": Timeout: "soon" is not a duration; use Go's form, e.g. "90s" or "72h"`},
		{`{"Function":"a:1","Operations":[{"Invoke":"i"}]}`, `Operations[0]: Invoke "i": Function is required: the function to invoke, qualified, e.g. "payments:1"`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Result":1,"Error":{"ErrorType":"E"}}]}`, `Operations[0]: Step "s": give a Result or an Error, not both`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Error":{"ErrorMessage":"m"}}]}`, `Operations[0]: Step "s": Error.ErrorType is required, e.g. "Declined"`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Error":{"ErrorType":"E"},"Retry":{"MaxAttempts":0}}]}`, `Operations[0]: Step "s": Retry.MaxAttempts must be at least 1 (the attempts in all), got 0`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Retry":{"MaxAttempts":2,"Delay":"5"}}]}`, `Operations[0]: Step "s": Retry.Delay: "5" is not a duration; use Go's form, e.g. "90s" or "72h"`},
		{`{"Function":"a:1","Operations":[{"Step":"s","Retry":{"MaxAttempts":"2"}}]}`, `bad request body: Operations.Retry.MaxAttempts must be a JSON integer, not string`},
	} {
		code, body := ctl(t, f, "PUT", "/_fakelambda/durable-function", c.body)
		require.Equal(t, http.StatusBadRequest, code, c.body)
		var out struct{ Message string }
		require.NoError(t, json.Unmarshal([]byte(body), &out))
		require.Equal(t, c.msg, out.Message, c.body)
	}
	code, body := ctl(t, f, "DELETE", "/_fakelambda/durable-function", `{}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.JSONEq(t, `{"Message":"Function is required, e.g. {\"Function\":\"approve:1\"}"}`, body)
	ctlOK(t, f, "DELETE", "/_fakelambda/durable-function?Function=a:1", ``)
	code, body = ctl(t, f, "GET", "/_fakelambda/durable-function", ``)
	require.Equal(t, http.StatusMethodNotAllowed, code)
	require.JSONEq(t, `{"Message":"method GET not allowed on /_fakelambda/durable-function; use PUT, DELETE"}`, body)
	code, _ = ctl(t, f, "GET", "/_fakelambda/durable/run", ``)
	require.Equal(t, http.StatusMethodNotAllowed, code)
}

package fakelambda_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
)

type approvalOrder struct {
	ID string `json:"id"`
}

type decision struct {
	Order    string `json:"order"`
	Approved bool   `json:"approved"`
}

// approvalWorkflow: a step, a 72-hour wait, a human's callback with a
// week's timeout, a last step. runs counts the runs of each step body.
func approvalWorkflow(runs map[string]int) durable.Handler[approvalOrder, decision] {
	return func(ctx durable.Context, o approvalOrder) (decision, error) {
		id, err := durable.Step(ctx, "validate", func(durable.StepContext) (string, error) {
			runs["validate"]++
			return o.ID, nil
		})
		if err != nil {
			return decision{}, err
		}
		if err := durable.Wait(ctx, "cool-off", 72*time.Hour); err != nil {
			return decision{}, err
		}
		ok, err := durable.WaitForCallback[bool](ctx, "human", func(_ durable.StepContext, callbackID string) error {
			runs["notify"]++
			return nil
		}, durable.WithCallbackTimeout(7*24*time.Hour))
		if err != nil {
			return decision{}, err
		}
		return durable.Step(ctx, "finish", func(durable.StepContext) (decision, error) {
			runs["finish"]++
			return decision{Order: id, Approved: ok}, nil
		})
	}
}

// historyTypes is the execution's history as "EventType[:Name]" strings.
func (e *env) historyTypes(t *testing.T, arn string) []string {
	t.Helper()
	out, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn})
	require.NoError(t, err)
	var got []string
	for _, ev := range out.Events {
		s := string(ev.EventType)
		if n := aws.ToString(ev.Name); n != "" && !strings.HasPrefix(s, "Execution") && s != "InvocationCompleted" {
			s += ":" + n
		}
		got = append(got, s)
	}
	return got
}

func TestDurableApprovalWorkflow(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "approve")
		runs := map[string]int{}
		e.fake.SetDurableHandler("approve", durable.Wrap(approvalWorkflow(runs)))
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("approve:$LATEST"),
			InvocationType: types.InvocationTypeEvent, DurableExecutionName: aws.String("approvalOrder-1"), Payload: []byte(`{"id":"o-1"}`)})
		require.NoError(t, err)
		arn := aws.ToString(out.DurableExecutionArn)
		require.Contains(t, arn, ":function:approve:$LATEST/durable-execution/approvalOrder-1/")
		start := e.clk.Now()

		get := func() *lambda.GetDurableExecutionOutput {
			g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: &arn})
			require.NoError(t, err)
			return g
		}
		require.Equal(t, types.ExecutionStatusRunning, get().Status)
		e.clk.Add(72*time.Hour - time.Second)
		require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted"}, e.historyTypes(t, arn))

		e.clk.Add(5 * time.Second) // past the wait's end: the next request runs it
		h := e.historyTypes(t, arn)
		require.Equal(t, []string{"ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted",
			"WaitSucceeded:cool-off", "ContextStarted:human", "CallbackStarted", "StepStarted", "StepSucceeded", "InvocationCompleted"}, h)
		hist, err := e.client.GetDurableExecutionHistory(e.ctx, &lambda.GetDurableExecutionHistoryInput{DurableExecutionArn: &arn})
		require.NoError(t, err)
		require.Equal(t, start.Add(72*time.Hour), aws.ToTime(hist.Events[5].EventTimestamp), "the wait ends at its scheduled time")
		cbID := aws.ToString(hist.Events[7].CallbackStartedDetails.CallbackId)
		require.Equal(t, int32(7*24*3600), aws.ToInt32(hist.Events[7].CallbackStartedDetails.Timeout))
		open := e.fake.OpenCallbacks(arn)
		require.Len(t, open, 1)
		require.Equal(t, cbID, open[0].CallbackID)
		require.Equal(t, aws.ToString(hist.Events[6].Id), open[0].ParentID, "WaitForCallback's callback sits in its context")
		require.Equal(t, start.Add(72*time.Hour+7*24*time.Hour), open[0].TimeoutAt)

		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &cbID, Result: []byte("true")})
		require.NoError(t, err)
		g := get()
		require.Equal(t, types.ExecutionStatusSucceeded, g.Status)
		require.JSONEq(t, `{"order":"o-1","approved":true}`, aws.ToString(g.Result))
		require.Equal(t, map[string]int{"validate": 1, "notify": 1, "finish": 1}, runs, "completed steps are replayed, never run twice")
		checkpoints := 0
		for _, c := range e.fake.Calls() {
			if c.Operation == fakelambda.OpCheckpointDurableExecution {
				checkpoints++
				require.Equal(t, "approve", c.Function)
				require.Equal(t, 200, c.StatusCode)
			}
		}
		require.Equal(t, 10, checkpoints, "the SDK's checkpoints are in the call log: 2 per step, 1 per wait, context and callback start, 1 per context end")
		m := e.fake.Metrics("approve", "")
		require.Equal(t, 3, m.Invocations, "each invocation of the durable function counts: the start, the wait's end, the answer")
		require.Equal(t, 0, m.Errors)

		_, err = e.client.SendDurableExecutionCallbackSuccess(e.ctx, &lambda.SendDurableExecutionCallbackSuccessInput{CallbackId: &cbID, Result: []byte("true")})
		var cte *types.CallbackTimeoutException
		require.ErrorAs(t, err, &cte)
		require.Empty(t, e.fake.OpenCallbacks(arn))
	})
}

// Concurrent synchronous Invokes of durable functions each get their own
// execution's result: the Invoke that starts an execution runs its first
// invocation itself (another request's pump cannot take it).
func TestDurableConcurrentSyncInvokes(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		const n = 8
		for i := range n {
			name := fmt.Sprintf("conc%d", i)
			e.createFunction(t, name)
			e.fake.SetDurableHandler(name, durable.Wrap(func(ctx durable.Context, in int) (int, error) {
				return durable.Step(ctx, "double", func(durable.StepContext) (int, error) { return 2 * in, nil })
			}))
		}
		var wg sync.WaitGroup
		errs := make(chan error, n*10)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 10 {
					out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(fmt.Sprintf("conc%d:$LATEST", i)),
						Payload: []byte(strconv.Itoa(i*100 + j))})
					switch {
					case err != nil:
						errs <- err
					case out.FunctionError != nil || string(out.Payload) != strconv.Itoa(2*(i*100+j)):
						errs <- fmt.Errorf("conc%d #%d: %s %s", i, j, aws.ToString(out.FunctionError), out.Payload)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

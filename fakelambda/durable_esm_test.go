package fakelambda_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
)

// itemFailures is a ReportBatchItemFailures response.
type itemFailures struct {
	BatchItemFailures []itemFailure `json:"batchItemFailures"`
}

type itemFailure struct {
	ItemIdentifier string `json:"itemIdentifier"`
}

// executions lists function's durable executions, oldest first.
func (e *env) executions(t *testing.T, function string) []types.Execution {
	t.Helper()
	out, err := e.client.ListDurableExecutionsByFunction(e.ctx, &lambda.ListDurableExecutionsByFunctionInput{FunctionName: aws.String(function)})
	require.NoError(t, err)
	return out.DurableExecutions
}

// An SQS batch to a durable function starts one unnamed execution with the
// batch as its input; the mapping waits for it (the clock moves through its
// 1-minute wait) and reads its result as the function's response: a
// batchItemFailures response leaves the listed message on the queue.
func TestDurableESMSQS(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		runs := 0
		e.fake.SetDurableHandler("consumer", durable.Wrap(func(ctx durable.Context, ev sqsEvent) (itemFailures, error) {
			bodies, err := durable.Step(ctx, "read", func(durable.StepContext) ([]string, error) {
				runs++
				var b []string
				for _, r := range ev.Records {
					b = append(b, r.Body)
				}
				return b, nil
			})
			if err != nil {
				return itemFailures{}, err
			}
			if err := durable.Wait(ctx, "settle", time.Minute); err != nil {
				return itemFailures{}, err
			}
			resp := itemFailures{BatchItemFailures: []itemFailure{}}
			for i, b := range bodies {
				if b == "bad" {
					resp.BatchItemFailures = append(resp.BatchItemFailures, itemFailure{ev.Records[i].MessageID})
				}
			}
			return resp, nil
		}))
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue),
			FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures}})
		e.send(t, esmQueue, "a", "bad", "c")
		start := e.clk.Now()
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, start.Add(time.Minute), e.clk.Now(), "the mapping waited through the execution's wait")
		require.Equal(t, 1, runs)

		ex := e.executions(t, "consumer")
		require.Len(t, ex, 1)
		require.Equal(t, types.ExecutionStatusSucceeded, ex[0].Status)
		require.Contains(t, aws.ToString(ex[0].FunctionArn), ":function:consumer:$LATEST")
		g, err := e.client.GetDurableExecution(e.ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: ex[0].DurableExecutionArn})
		require.NoError(t, err)
		var in sqsEvent
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(g.InputPayload)), &in))
		require.Len(t, in.Records, 3, "the batch event is the execution's input")
		require.Equal(t, start, aws.ToTime(g.StartTimestamp).UTC(), "started at the delivery")

		left := e.fake.SQSMessages(esmQueue)
		require.Len(t, left, 1, "a and c are deleted; bad, listed, stays")
		require.Equal(t, "bad", left[0].Body)
		require.Equal(t, e.clk.Now().Add(30*time.Second), left[0].VisibleAt, "in flight for the visibility timeout after the execution")
		d := e.fake.SQSDeliveries()
		require.Len(t, d, 1)
		require.Equal(t, []string{left[0].MessageId}, d[0].Failed)
		require.Empty(t, d[0].FunctionError)
		m := e.fake.Metrics("consumer", "")
		require.Equal(t, 2, m.Invocations, "the start and the wait's end")
		require.Equal(t, 0, m.Errors)
		require.Equal(t, 1, m.MaxConcurrentExecutions)

		// The retry (after the visibility timeout) is a new execution.
		e.clk.Add(30 * time.Second)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Len(t, e.executions(t, "consumer"), 2)
		require.Len(t, e.fake.SQSMessages(esmQueue), 1)
	})
}

// A failing durable execution is a function error: the whole batch stays
// and is retried after the visibility timeout, each retry a new execution,
// until the queue's redrive policy moves it to the dead-letter queue.
func TestDurableESMSQSFailure(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		calls := 0
		e.fake.SetDurableHandler("consumer", durable.Wrap(func(ctx durable.Context, ev sqsEvent) (any, error) {
			calls++
			return nil, errors.New("boom")
		}))
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue)})
		e.send(t, esmQueue, "a", "b")
		for i := 1; i <= 3; i++ {
			require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
			require.Equal(t, 0, e.fake.RunEventSources(e.ctx), "in flight until the visibility timeout")
			e.clk.Add(30 * time.Second)
			ex := e.executions(t, "consumer")
			require.Len(t, ex, i, "each delivery is a new execution")
			for _, x := range ex {
				require.Equal(t, types.ExecutionStatusFailed, x.Status)
				require.NotEmpty(t, aws.ToString(x.DurableExecutionName), "unnamed: a generated name")
			}
			require.Len(t, e.fake.SQSMessages(esmQueue), 2)
		}
		d := e.fake.SQSDeliveries()
		require.Len(t, d, 3)
		for _, x := range d {
			require.NotEmpty(t, x.FunctionError)
			require.Equal(t, x.MessageIds, x.Failed)
		}
		require.Equal(t, 3, calls)
		require.Equal(t, 3, e.fake.Metrics("consumer", "").Errors)
	})
}

// A workflow waiting 20 minutes times out at 15 (an ESM-driven execution
// lasts 15 minutes at most, whatever its DurableConfig says): TIMED_OUT, a
// failure for the mapping.
func TestDurableESMSQSTimeout(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "consumer", &types.DurableConfig{ExecutionTimeout: aws.Int32(3600)})
		e.fake.SetDurableHandler("consumer", durable.Wrap(func(ctx durable.Context, ev sqsEvent) (any, error) {
			return nil, durable.Wait(ctx, "long", 20*time.Minute)
		}))
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue)})
		e.send(t, esmQueue, "a")
		start := e.clk.Now()
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, start.Add(15*time.Minute), e.clk.Now(), "the clock moved to the execution's timeout")
		ex := e.executions(t, "consumer")
		require.Len(t, ex, 1)
		require.Equal(t, types.ExecutionStatusTimedOut, ex[0].Status)
		require.Equal(t, start.Add(15*time.Minute), aws.ToTime(ex[0].EndTimestamp))
		d := e.fake.SQSDeliveries()
		require.Len(t, d, 1)
		require.Equal(t, "Execution.Timeout", d[0].FunctionError)
		require.Len(t, e.fake.SQSMessages(esmQueue), 1)
	})
}

// A shorter DurableConfig ExecutionTimeout applies as it is.
func TestDurableESMShortTimeout(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createDurable(t, "consumer", &types.DurableConfig{ExecutionTimeout: aws.Int32(120)})
		e.fake.SetDurableHandler("consumer", durable.Wrap(func(ctx durable.Context, ev sqsEvent) (any, error) {
			return nil, durable.Wait(ctx, "long", 5*time.Minute)
		}))
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer:$LATEST"), EventSourceArn: aws.String(esmQueue)})
		e.send(t, esmQueue, "a")
		start := e.clk.Now()
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Equal(t, start.Add(2*time.Minute), e.clk.Now())
		ex := e.executions(t, "consumer")
		require.Len(t, ex, 1)
		require.Equal(t, types.ExecutionStatusTimedOut, ex[0].Status)
	})
}

// With a clock the fake cannot move, an execution still waiting is a
// Sandbox.Timedout function error for the mapping; it goes on running.
func TestDurableESMStillRunning(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		e.fake.SetDurableHandler("consumer", durable.Wrap(func(ctx durable.Context, ev sqsEvent) (any, error) {
			return nil, durable.Wait(ctx, "w", time.Minute)
		}))
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmQueue)})
		e.send(t, esmQueue, "a")
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		d := e.fake.SQSDeliveries()
		require.Len(t, d, 1)
		require.Equal(t, "Sandbox.Timedout", d[0].FunctionError)
		require.Len(t, e.fake.SQSMessages(esmQueue), 1)
		ex := e.executions(t, "consumer")
		require.Len(t, ex, 1)
		require.Equal(t, types.ExecutionStatusRunning, ex[0].Status)
	}, fakelambda.WithClock(nowOnly{}))
}

// A Kinesis batch to a durable function: the execution's failure is the
// batch's, retried per MaximumRetryAttempts (each retry a new execution),
// then a success moves on.
func TestDurableESMKinesis(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		var batches [][]string
		e.fake.SetDurableHandler("consumer", durable.Wrap(func(ctx durable.Context, ev kinesisEvent) (any, error) {
			keys, err := durable.Step(ctx, "keys", func(durable.StepContext) ([]string, error) {
				var k []string
				for _, r := range ev.Records {
					k = append(k, r.Kinesis.PartitionKey)
				}
				batches = append(batches, k)
				return k, nil
			})
			if err != nil {
				return nil, err
			}
			if err := durable.Wait(ctx, "w", time.Minute); err != nil {
				return nil, err
			}
			if keys[0] == "bad" {
				return nil, errors.New("boom")
			}
			return nil, nil
		}))
		e.kinesisESM(t, &lambda.CreateEventSourceMappingInput{BatchSize: aws.Int32(1), MaximumRetryAttempts: aws.Int32(1)})
		e.putKinesis(t, "bad", "good")
		start := e.clk.Now()
		require.Equal(t, 3, e.fake.RunEventSources(e.ctx))
		require.Equal(t, [][]string{{"bad"}, {"bad"}, {"good"}}, batches)
		require.Equal(t, start.Add(3*time.Minute), e.clk.Now())
		ex := e.executions(t, "consumer")
		require.Len(t, ex, 3)
		statuses := map[types.ExecutionStatus]int{}
		for _, x := range ex {
			statuses[x.Status]++
		}
		require.Equal(t, map[types.ExecutionStatus]int{types.ExecutionStatusFailed: 2, types.ExecutionStatusSucceeded: 1}, statuses)
		d := e.fake.StreamDeliveries()
		require.GreaterOrEqual(t, len(d), 3)
		require.NotEmpty(t, d[0].FunctionError)
		require.Equal(t, "RetryAttemptsExhausted", d[2].Condition)
	})
}

package fakelambda_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Async invocation configs with a real lambda.Client on both transports,
// and how they govern queued Event invocations: retries, event age and
// destinations, on a mock clock and in a synctest bubble.

const (
	destFile  = "test_lambda_destinations.snapshot.json"
	destQueue = "arn:aws:sqs:us-east-1:123456789012:dest-q"
)

func failing(ctx context.Context, payload []byte) ([]byte, error) {
	return nil, &fakelambda.FunctionError{Type: "Exception", Message: "intentional failure"}
}

func (e *env) putEIC(t *testing.T, in *lambda.PutFunctionEventInvokeConfigInput) *lambda.PutFunctionEventInvokeConfigOutput {
	t.Helper()
	out, err := e.client.PutFunctionEventInvokeConfig(e.ctx, in)
	require.NoError(t, err)
	return out
}

func (e *env) invokeEvent(t *testing.T, fn string, payload string) string {
	t.Helper()
	out, err := e.invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String(fn), InvocationType: types.InvocationTypeEvent, Payload: []byte(payload)})
	require.NoError(t, err)
	require.Equal(t, int32(202), out.StatusCode)
	return ""
}

// record decodes a destination record.
func record(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), "%s", b)
	return m
}

func TestEventInvokeConfigOperations(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.createFunction(t, "g")
		v := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		put := e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(1),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(destQueue)},
				OnSuccess: &types.OnSuccess{Destination: aws.String("arn:aws:lambda:us-east-1:123456789012:function:g")}}})
		require.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", aws.ToString(put.FunctionArn))
		require.Equal(t, epoch, put.LastModified.UTC())
		require.Nil(t, put.MaximumEventAgeInSeconds)
		require.Equal(t, destQueue, aws.ToString(put.DestinationConfig.OnFailure.Destination))

		e.clk.Add(time.Second)
		upd, err := e.client.UpdateFunctionEventInvokeConfig(e.ctx, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("f"),
			MaximumEventAgeInSeconds: aws.Int32(120)})
		require.NoError(t, err)
		require.Equal(t, int32(1), aws.ToInt32(upd.MaximumRetryAttempts))
		require.Equal(t, int32(120), aws.ToInt32(upd.MaximumEventAgeInSeconds))
		require.Equal(t, epoch.Add(time.Second), upd.LastModified.UTC())
		require.Equal(t, destQueue, aws.ToString(upd.DestinationConfig.OnFailure.Destination))

		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("live"), MaximumRetryAttempts: aws.Int32(0)})
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f:" + v), MaximumRetryAttempts: aws.Int32(2)})
		list, err := e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		var arns []string
		for _, c := range list.FunctionEventInvokeConfigs {
			arns = append(arns, aws.ToString(c.FunctionArn))
		}
		require.Equal(t, []string{"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST",
			"arn:aws:lambda:us-east-1:123456789012:function:f:1", "arn:aws:lambda:us-east-1:123456789012:function:f:live"}, arns)

		get, err := e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, int32(0), aws.ToInt32(get.MaximumRetryAttempts))

		// Cascades: deleting the alias and the version drops their configs;
		// deleting the function drops all.
		_, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f"), Name: aws.String("live")})
		require.NoError(t, err)
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		require.NoError(t, err)
		list, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Len(t, list.FunctionEventInvokeConfigs, 1)
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		e.createFunction(t, "f")
		list, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Empty(t, list.FunctionEventInvokeConfigs)

		_, err = e.client.DeleteFunctionEventInvokeConfig(e.ctx, &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("f")})
		var nf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &nf)
		require.Equal(t, "The function arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST doesn't have an EventInvokeConfig", aws.ToString(nf.Message))
	})
}

func TestEventInvokeConfigBadInput(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		cases := []struct {
			in      *lambda.PutFunctionEventInvokeConfigInput
			code    string
			message string
		}{
			{&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(3)}, "ValidationException",
				"1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"},
			{&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumEventAgeInSeconds: aws.Int32(59)}, "ValidationException",
				"1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"},
			{&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"),
				DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String("arn:aws:s3:::bucket")}}}, "InvalidParameterValueException",
				"The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:s3:::bucket), onFailure=null) is invalid."},
			{&lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f")}, "InvalidParameterValueException",
				"You must specify at least one of error handling or destination setting."},
		}
		for _, c := range cases {
			_, err := e.client.PutFunctionEventInvokeConfig(e.ctx, c.in)
			require.Error(t, err)
			require.Contains(t, err.Error(), c.code)
			require.Contains(t, err.Error(), c.message)
		}
		// Refused calls change nothing.
		_, err := e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("f")})
		require.Error(t, err)
		// S3 is an on-failure destination.
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String("arn:aws:s3:::bucket")}}})
	})
}

func TestEventInvokeRetries(t *testing.T) {
	for _, c := range []struct {
		retries *int32
		runs    int
	}{{aws.Int32(0), 1}, {aws.Int32(1), 2}, {aws.Int32(2), 3}, {nil, 3}} {
		transports(t, func(t *testing.T, e *env) {
			e.createFunction(t, "f")
			e.fake.SetHandler("f", failing)
			e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: c.retries,
				DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(destQueue)}}})
			e.invokeEvent(t, "f", `{"message":"m1"}`)
			runs := 0
			for e.fake.Queued() > 0 {
				runs += e.fake.RunQueued(e.ctx)
			}
			require.Equal(t, c.runs, runs)
			failed := e.fake.FailedEvents()
			require.Len(t, failed, 1)
			require.Equal(t, "RetriesExhausted", failed[0].Condition)
			require.Equal(t, c.runs, failed[0].ApproximateInvokeCount)
			recs := e.fake.DestinationRecords(destQueue)
			require.Len(t, recs, 1)
			rec := record(t, recs[0])
			require.Equal(t, "RetriesExhausted", rec["requestContext"].(map[string]any)["condition"])
			require.EqualValues(t, c.runs, rec["requestContext"].(map[string]any)["approximateInvokeCount"])
		})
	}
}

// compareRecord compares a destination record with a recorded one (the
// Body of an SQS message of test_lambda_destinations), all but the
// responsePayload, which the recorded Python handler wrote; of a function
// error, errorMessage and errorType are compared. The record's keys must be
// in the recorded order.
func compareRecord(t *testing.T, id, key string, path []string, got []byte) {
	t.Helper()
	var rec any = loadRecordings(t, destFile)[id][key]
	for _, p := range path {
		switch v := rec.(type) {
		case map[string]any:
			rec = v[p]
		case []any:
			rec = v[0]
		}
	}
	want := clone(rec.(map[string]any))
	gotDoc := record(t, got)
	wantResp, _ := want["responsePayload"].(map[string]any)
	gotResp, _ := gotDoc["responsePayload"].(map[string]any)
	if _, ok := wantResp["errorType"]; ok {
		require.Equal(t, "intentional failure", gotResp["errorMessage"])
		require.Equal(t, wantResp["errorType"], gotResp["errorType"])
	}
	delete(want, "responsePayload")
	delete(gotDoc, "responsePayload")
	// The payload the recorded test sent is a placeholder (<test-msg-id>).
	want["requestPayload"], gotDoc["requestPayload"] = nil, nil
	m := newMatcher().fix("<partition>", "aws").fix("<region>", "us-east-1")
	if diffs := m.compare(want, gotDoc); len(diffs) > 0 {
		t.Errorf("%s/%s: %s\nrecord: %s", id, key, strings.Join(diffs, "\n\t"), got)
	}
	orders, err := keyOrders("$", got)
	require.NoError(t, err)
	require.Equal(t, []string{"version", "timestamp", "requestContext", "requestPayload", "responseContext", "responsePayload"}, orders["$"])
	require.Equal(t, []string{"requestId", "functionArn", "condition", "approximateInvokeCount"}, orders["$.requestContext"])
}

func TestEventInvokeMaxEventAge(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.fake.SetHandler("f", failing)
		// As TestLambdaDestinationSqs::test_maxeventage: 2 retries, 60 s.
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(2),
			MaximumEventAgeInSeconds: aws.Int32(60),
			DestinationConfig:        &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(destQueue)}}})
		e.invokeEvent(t, "f", `{"message":"no-retry"}`)
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		// Lambda's first retry comes a minute later: too late.
		e.clk.Add(61 * time.Second)
		require.Equal(t, 0, e.fake.RunQueued(e.ctx))
		require.Zero(t, e.fake.Queued())
		// A second event gets one retry in time, then expires.
		e.invokeEvent(t, "f", `{"message":"single-retry"}`)
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		e.clk.Add(30 * time.Second)
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		e.clk.Add(31 * time.Second)
		require.Equal(t, 0, e.fake.RunQueued(e.ctx))

		failed := e.fake.FailedEvents()
		require.Len(t, failed, 2)
		require.Equal(t, "EventAgeExceeded", failed[0].Condition)
		require.Equal(t, 1, failed[0].ApproximateInvokeCount)
		require.Equal(t, 2, failed[1].ApproximateInvokeCount)
		recs := e.fake.DestinationRecords(destQueue)
		require.Len(t, recs, 2)
		id := "TestLambdaDestinationSqs::test_maxeventage"
		compareRecord(t, id, "no_retry_failure_message", []string{"Body"}, recs[0])
		compareRecord(t, id, "single_retry_failure_message", []string{"Body"}, recs[1])
	}, fakelambda.WithAccountID(account)) // the recorded account
}

func TestEventInvokeDestinationsRecorded(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.fake.SetHandler("f", func(ctx context.Context, payload []byte) ([]byte, error) {
			if strings.Contains(string(payload), "raise_error") {
				return nil, &fakelambda.FunctionError{Type: "Exception", Message: "intentional failure"}
			}
			return []byte(`{"ok":true}`), nil
		})
		both := &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(destQueue)},
			OnSuccess: &types.OnSuccess{Destination: aws.String(destQueue)}}
		// test_assess_lambda_destination_invocation[payload0] and [payload1]: no retries.
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(0), DestinationConfig: both})
		e.invokeEvent(t, "f", `{}`)
		e.invokeEvent(t, "f", `{"raise_error":1}`)
		require.Equal(t, 2, e.fake.RunQueued(e.ctx))
		recs := e.fake.DestinationRecords(destQueue)
		require.Len(t, recs, 2)
		compareRecord(t, "TestLambdaDestinationSqs::test_assess_lambda_destination_invocation[payload0]", "receive_message_result", []string{"Messages", "0", "Body"}, recs[0])
		compareRecord(t, "TestLambdaDestinationSqs::test_assess_lambda_destination_invocation[payload1]", "receive_message_result", []string{"Messages", "0", "Body"}, recs[1])
		require.Equal(t, map[string]any{"ok": true}, record(t, recs[0])["responsePayload"])
		require.Equal(t, map[string]any{"raise_error": float64(1)}, record(t, recs[1])["requestPayload"])

		// test_lambda_destination_default_retries: no MaximumRetryAttempts.
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), DestinationConfig: both})
		e.invokeEvent(t, "f", `{"raise_error":1}`)
		for e.fake.Queued() > 0 {
			e.fake.RunQueued(e.ctx)
		}
		recs = e.fake.DestinationRecords(destQueue)
		require.Len(t, recs, 3)
		compareRecord(t, "TestLambdaDestinationSqs::test_lambda_destination_default_retries", "receive_message_result", []string{"Messages", "0", "Body"}, recs[2])
	}, fakelambda.WithAccountID(account)) // the recorded account
}

func TestEventInvokeLambdaAndEventBridgeDestinations(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.createFunction(t, "on-success")
		e.fake.SetHandler("f", func(ctx context.Context, payload []byte) ([]byte, error) {
			if strings.Contains(string(payload), "failure") {
				return nil, &fakelambda.FunctionError{Type: "Exception", Message: "intentional failure!"}
			}
			return []byte(`{"hello":"world"}`), nil
		})
		var got [][]byte
		e.fake.SetHandler("on-success", func(ctx context.Context, payload []byte) ([]byte, error) {
			got = append(got, payload)
			return nil, nil
		})
		bus := "arn:aws:events:us-east-1:123456789012:event-bus/bus"
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(0),
			DestinationConfig: &types.DestinationConfig{
				OnSuccess: &types.OnSuccess{Destination: aws.String("arn:aws:lambda:us-east-1:123456789012:function:on-success")},
				OnFailure: &types.OnFailure{Destination: aws.String(bus)}}})
		e.invokeEvent(t, "f", `{"mode":"success"}`)
		e.invokeEvent(t, "f", `{"mode":"failure"}`)
		require.Equal(t, 2, e.fake.RunQueued(e.ctx))
		require.Empty(t, got, "the destination's event waits for the next RunQueued")
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		require.Len(t, got, 1)
		rec := record(t, got[0])
		require.Equal(t, "Success", rec["requestContext"].(map[string]any)["condition"])
		require.Equal(t, map[string]any{"hello": "world"}, rec["responsePayload"])
		require.Equal(t, map[string]any{"mode": "success"}, rec["requestPayload"])

		events := e.fake.DestinationRecords(bus)
		require.Len(t, events, 1)
		ev := record(t, events[0])
		recorded := loadRecordings(t, destFile)["TestLambdaDestinationEventbridge::test_invoke_lambda_eventbridge"]["lambda_destination_event_bus_failure"].(map[string]any)
		for _, k := range []string{"version", "source", "detail-type", "account", "region"} {
			want := recorded[k]
			if k == "account" {
				want = "123456789012"
			}
			if k == "region" {
				want = "us-east-1"
			}
			require.Equal(t, want, ev[k], k)
		}
		require.Equal(t, []any{bus, "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST"}, ev["resources"])
		detail := ev["detail"].(map[string]any)
		require.Equal(t, "RetriesExhausted", detail["requestContext"].(map[string]any)["condition"])
		require.Equal(t, "Unhandled", detail["responseContext"].(map[string]any)["functionError"])
	})
}

// The control API: POST /_fakelambda/queue/run runs the queue, GET
// /_fakelambda/destinations?Arn= reads the records.
func TestEventInvokeControlAPI(t *testing.T) {
	srv := fakelambda.NewServer(t, fakelambda.WithoutTransitions())
	e := &env{fake: srv.Fake, client: newClient(srv.Fake), ctx: context.Background()}
	e.createFunction(t, "f")
	srv.Fake.SetHandler("f", failing)
	e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(0),
		DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(destQueue)}}})
	e.invokeEvent(t, "f", `{"n":1}`)
	resp, err := http.Post(srv.URL+"/_fakelambda/queue/run", "application/json", nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.JSONEq(t, `{"Ran":1}`, string(b))
	resp, err = http.Get(srv.URL + "/_fakelambda/destinations?Arn=" + destQueue)
	require.NoError(t, err)
	var out struct{ Records []map[string]any }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	resp.Body.Close()
	require.Len(t, out.Records, 1)
	require.Equal(t, "RetriesExhausted", out.Records[0]["requestContext"].(map[string]any)["condition"])
	resp, err = http.Get(srv.URL + "/_fakelambda/destinations")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	// Reset forgets the records.
	srv.Fake.Reset()
	require.Empty(t, srv.Fake.DestinationRecords(destQueue))
}

// In a synctest bubble with no clock, time.Sleep ages queued events.
func TestEventInvokeMaxEventAgeSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		fake.SetHandler("f", failing)
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumEventAgeInSeconds: aws.Int32(60),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(destQueue)}}})
		e.invokeEvent(t, "f", `{}`)
		require.Equal(t, 1, fake.RunQueued(e.ctx))
		time.Sleep(59 * time.Second)
		require.Equal(t, 1, fake.RunQueued(e.ctx), "a retry within the age runs")
		time.Sleep(2 * time.Second)
		require.Equal(t, 0, fake.RunQueued(e.ctx))
		recs := fake.DestinationRecords(destQueue)
		require.Len(t, recs, 1)
		rec := record(t, recs[0])
		require.Equal(t, "EventAgeExceeded", rec["requestContext"].(map[string]any)["condition"])
		require.EqualValues(t, 2, rec["requestContext"].(map[string]any)["approximateInvokeCount"])
		require.Equal(t, time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), rec["timestamp"])
	})
}

// InvokeAsync (deprecated) queues its body as an Event invocation: 202,
// then RunQueued runs it under the function's async invocation config.
func TestInvokeAsync(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		var got []string
		e.fake.SetHandler("f", func(ctx context.Context, payload []byte) ([]byte, error) {
			got = append(got, string(payload))
			return nil, &fakelambda.FunctionError{Type: "Exception", Message: "no"}
		})
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), MaximumRetryAttempts: aws.Int32(0)})
		out, err := e.client.InvokeAsync(e.ctx, &lambda.InvokeAsyncInput{FunctionName: aws.String("f"), InvokeArgs: strings.NewReader(`{"old":true}`)}) //nolint:staticcheck
		require.NoError(t, err)
		require.Equal(t, int32(202), out.Status)
		require.Equal(t, 1, e.fake.Queued())
		require.Equal(t, 1, e.fake.RunQueued(e.ctx))
		require.Equal(t, []string{`{"old":true}`}, got)
		require.Equal(t, "RetriesExhausted", e.fake.FailedEvents()[0].Condition)

		_, err = e.client.InvokeAsync(e.ctx, &lambda.InvokeAsyncInput{FunctionName: aws.String("nope"), InvokeArgs: strings.NewReader(`{}`)}) //nolint:staticcheck
		var nf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &nf)
		_, err = e.client.InvokeAsync(e.ctx, &lambda.InvokeAsyncInput{FunctionName: aws.String("f"), InvokeArgs: strings.NewReader(`not json`)}) //nolint:staticcheck
		var bad *types.InvalidRequestContentException
		require.ErrorAs(t, err, &bad)
		require.Zero(t, e.fake.Queued(), "a refused call queues nothing")
	})
}

// The operations are in the call log with their function and qualifier,
// and faults match them.
func TestEventInvokeConfigCallsAndFaults(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpPutFunctionEventInvokeConfig, Function: "f", Qualifier: "$LATEST",
			Count: 1, Err: &fakelambda.APIError{Code: "ServiceException", StatusCode: 500, Type: "Service", Message: "boom"}})
		before := len(e.fake.Calls())
		// The SDK retries the 500: the second attempt succeeds.
		e.putEIC(t, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST"), MaximumRetryAttempts: aws.Int32(1)})
		require.Equal(t, 1, h.Fired())
		calls := e.fake.Calls()[before:]
		require.Len(t, calls, 2)
		require.True(t, calls[0].Faulted)
		c := calls[1]
		require.Equal(t, []any{fakelambda.OpPutFunctionEventInvokeConfig, "f", "$LATEST", 200, false},
			[]any{c.Operation, c.Function, c.Qualifier, c.StatusCode, c.Faulted})
		require.JSONEq(t, `{"MaximumRetryAttempts":1}`, string(c.Input))
		_, err := e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, fakelambda.OpListFunctionEventInvokeConfigs, e.fake.Calls()[len(e.fake.Calls())-1].Operation)
	})
}

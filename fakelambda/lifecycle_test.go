package fakelambda_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
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

// withLifecycle runs fn on both transports with Lambda's lifecycle on (env
// turns it off by default).
func withLifecycle(t *testing.T, fn func(t *testing.T, e *env), opts ...fakelambda.Option) {
	t.Helper()
	transports(t, fn, append([]fakelambda.Option{fakelambda.WithTransition(fakelambda.CompleteAfter(0))}, opts...)...)
}

// Lambda's 409s for a function in transition.
const (
	msgPending    = "The operation cannot be performed at this time. The function is currently in the following state: Pending"
	msgFailed     = "The operation cannot be performed at this time. The function is currently in the following state: Failed"
	msgInProgress = "The operation cannot be performed at this time. An update is in progress for resource: " + arnPrefix
)

// fast keeps a waiter's one retry short outside synctest.
const fast = 10 * time.Millisecond

func (e *env) config(t *testing.T, name, qualifier string) *lambda.GetFunctionConfigurationOutput {
	t.Helper()
	in := &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := e.client.GetFunctionConfiguration(e.ctx, in)
	require.NoError(t, err)
	return out
}

// countCalls counts the calls of operation op in the call log.
func countCalls(f *fakelambda.Fake, op string) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Operation == op {
			n++
		}
	}
	return n
}

// The SDK's waiters finish after one retry, with no clock moved: the first
// poll shows the transition (as Lambda's first read after a change does),
// the second its end.
func TestLifecycleWaitersFinish(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		start := time.Now()
		e.createFunction(t, "f")
		require.NoError(t, lambda.NewFunctionActiveV2Waiter(e.client, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = fast }).
			Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")}, time.Minute))
		require.Equal(t, 2, countCalls(e.fake, "GetFunction"))

		_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f"), Description: aws.String("v2")})
		require.NoError(t, err)
		require.NoError(t, lambda.NewFunctionUpdatedV2Waiter(e.client, func(o *lambda.FunctionUpdatedV2WaiterOptions) { o.MinDelay = fast }).
			Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")}, time.Minute))
		require.Equal(t, 4, countCalls(e.fake, "GetFunction"))

		// The v1 waiters poll GetFunctionConfiguration.
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v3")})
		require.NoError(t, err)
		require.NoError(t, lambda.NewFunctionUpdatedWaiter(e.client, func(o *lambda.FunctionUpdatedWaiterOptions) { o.MinDelay = fast }).
			Wait(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f")}, time.Minute))
		e.createFunction(t, "g")
		require.NoError(t, lambda.NewFunctionActiveWaiter(e.client, func(o *lambda.FunctionActiveWaiterOptions) { o.MinDelay = fast }).
			Wait(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("g")}, time.Minute))

		// PublishVersion's version is Active at once (recorded); one published
		// with an update is Pending, and PublishedVersionActive waits for it.
		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, types.StateActive, pub.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, pub.LastUpdateStatus)
		up, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v4"), Publish: true})
		require.NoError(t, err)
		require.Equal(t, "2", aws.ToString(up.Version))
		require.Equal(t, types.StatePending, up.State)
		require.Equal(t, types.StateReasonCodeCreating, up.StateReasonCode)
		require.Equal(t, types.LastUpdateStatus(""), up.LastUpdateStatus)
		require.NoError(t, lambda.NewPublishedVersionActiveWaiter(e.client, func(o *lambda.PublishedVersionActiveWaiterOptions) { o.MinDelay = fast }).
			Wait(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f"), Qualifier: aws.String("2")}, time.Minute))
		// At most one poll interval of wall time per wait.
		require.Less(t, time.Since(start), 5*time.Second)
	})
}

// Inside a synctest bubble the waiters, with their default delays, take no
// wall time at all.
func TestLifecycleWaitersSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		require.NoError(t, lambda.NewFunctionActiveV2Waiter(e.client).Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")}, time.Minute))
		_, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v2"), Publish: true})
		require.NoError(t, err)
		require.NoError(t, lambda.NewFunctionUpdatedV2Waiter(e.client).Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")}, time.Minute))
		require.NoError(t, lambda.NewPublishedVersionActiveWaiter(e.client).Wait(e.ctx,
			&lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")}, time.Minute))
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(out.ExecutedVersion))
	})
}

// The first read after a change shows the transition, with the RevisionId the
// change answered; the next shows it over, with a new RevisionId (recorded:
// TestLambdaFunction::test_lambda_code_location_zipfile, TestLambdaRevisions).
func TestLifecycleFirstReadShowsTransition(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		created := e.createFunction(t, "f")
		require.Equal(t, types.StatePending, created.State)
		first := e.getFunction(t, "f", "").Configuration
		require.Equal(t, types.StatePending, first.State)
		require.Equal(t, "The function is being created.", aws.ToString(first.StateReason))
		require.Equal(t, types.StateReasonCodeCreating, first.StateReasonCode)
		require.Equal(t, types.LastUpdateStatus(""), first.LastUpdateStatus)
		require.Equal(t, *created.RevisionId, *first.RevisionId)
		active := e.config(t, "f", "")
		require.Equal(t, types.StateActive, active.State)
		require.Nil(t, active.StateReason)
		require.Equal(t, types.StateReasonCode(""), active.StateReasonCode)
		require.Equal(t, types.LastUpdateStatusSuccessful, active.LastUpdateStatus)
		require.NotEqual(t, *created.RevisionId, *active.RevisionId)
		require.Equal(t, *active.RevisionId, *e.config(t, "f", "").RevisionId, "a settled function's RevisionId stays")

		up, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v2")})
		require.NoError(t, err)
		require.Equal(t, types.StateActive, up.State)
		require.Equal(t, types.LastUpdateStatusInProgress, up.LastUpdateStatus)
		require.Equal(t, "The function is being created.", aws.ToString(up.LastUpdateStatusReason))
		require.Equal(t, types.LastUpdateStatusReasonCode("Creating"), up.LastUpdateStatusReasonCode)
		shown := e.getFunction(t, "f", "").Configuration
		require.Equal(t, types.LastUpdateStatusInProgress, shown.LastUpdateStatus)
		require.Equal(t, *up.RevisionId, *shown.RevisionId)
		done := e.getFunction(t, "f", "").Configuration
		require.Equal(t, types.LastUpdateStatusSuccessful, done.LastUpdateStatus)
		require.Nil(t, done.LastUpdateStatusReason)
		require.NotEqual(t, *up.RevisionId, *done.RevisionId)

		// The lists show no status, and do not count as a read of it.
		e.createFunction(t, "g")
		list, err := e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		require.Len(t, list.Functions, 2)
		require.Equal(t, types.State(""), list.Functions[1].State)
		require.Equal(t, types.StatePending, e.config(t, "g", "").State)
	})
}

// Code that does not wait fails as on Lambda: changes and invocations are
// refused with Lambda's 409s, and the refused requests change nothing.
func TestLifecycleConflicts(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		called := 0
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { called++; return []byte(`"ok"`), nil })
		e.createFunction(t, "f")
		before, ok := e.fake.Function("f")
		require.True(t, ok)
		require.Equal(t, "Pending", before.State)

		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f"), Description: aws.String("x")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("x")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		after, _ := e.fake.Function("f")
		require.Equal(t, before, after, "refused requests change nothing")
		require.Equal(t, 0, called)
		require.Equal(t, fakelambda.Metrics{}, e.fake.Metrics("f", ""))
		require.Equal(t, 0, e.fake.Queued())

		// Once Active, an update in progress refuses further changes (recorded:
		// TestLambdaFunction::test_lambda_concurrent_code_updates) but not
		// invocations, which run while Lambda updates the function.
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		require.Equal(t, types.StateActive, e.config(t, "f", "").State)
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v2")})
		require.NoError(t, err)
		before, _ = e.fake.Function("f")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v3")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgInProgress+"f")
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f"), MemorySize: aws.Int32(256)})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgInProgress+"f")
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgInProgress+"f")
		after, _ = e.fake.Function("f")
		require.Equal(t, before, after, "refused requests change nothing")
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, 1, called)
		// Tags and reserved concurrency are not refused (inferred).
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(arnPrefix + "f"), Tags: map[string]string{"a": "b"}})
		require.NoError(t, err)
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(5)})
		require.NoError(t, err)

		// A version published with an update is Pending: invoking it is refused
		// until a read has shown it.
		require.Equal(t, types.LastUpdateStatusInProgress, e.config(t, "f", "").LastUpdateStatus)
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v4"), Publish: true})
		require.NoError(t, err)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		e.alias(t, "f", "live", "1")
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("live")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		require.Equal(t, types.StatePending, e.config(t, "f", "1").State)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("live")})
		require.NoError(t, err)
	})
}

// A held transition lasts its delay on the fake's clock, however often it
// is read, then ends.
func TestLifecycleHeldTransition(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		e.fake.SetTransition("f", fakelambda.CompleteAfter(time.Minute))
		created := e.createFunction(t, "f")
		for range 3 {
			require.Equal(t, types.StatePending, e.getFunction(t, "f", "").Configuration.State)
		}
		e.clk.Add(time.Minute - time.Millisecond)
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgPending)
		e.clk.Add(time.Millisecond)
		c := e.config(t, "f", "")
		require.Equal(t, types.StateActive, c.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, c.LastUpdateStatus)
		require.NotEqual(t, *created.RevisionId, *c.RevisionId)

		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Timeout: aws.Int32(9)})
		require.NoError(t, err)
		for range 3 {
			require.Equal(t, types.LastUpdateStatusInProgress, e.config(t, "f", "").LastUpdateStatus)
		}
		e.clk.Add(time.Minute)
		require.Equal(t, types.LastUpdateStatusSuccessful, e.config(t, "f", "").LastUpdateStatus)

		// Functions without a plan keep the default.
		e.createFunction(t, "g")
		require.Equal(t, types.StatePending, e.config(t, "g", "").State)
		require.Equal(t, types.StateActive, e.config(t, "g", "").State)
	})
}

// A transition can end Failed, with Lambda's reason code and a reason; the
// waiters then fail, and a function whose creation failed cannot be invoked.
func TestLifecycleFailures(t *testing.T) {
	const reason = "The function's execution role does not have permission to call CreateNetworkInterface on EC2."
	withLifecycle(t, func(t *testing.T, e *env) {
		e.fake.SetTransition("f", fakelambda.FailTransitionAfter(30*time.Second, "InsufficientRolePermissions", reason))
		e.createFunction(t, "f")
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		e.clk.Add(30 * time.Second)
		err := lambda.NewFunctionActiveV2Waiter(e.client).Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")}, time.Minute)
		require.ErrorContains(t, err, "waiter state transitioned to Failure")
		c := e.config(t, "f", "")
		require.Equal(t, types.StateFailed, c.State)
		require.Equal(t, types.StateReasonCodeInsufficientRolePermissions, c.StateReasonCode)
		require.Equal(t, reason, aws.ToString(c.StateReason))
		require.Equal(t, types.LastUpdateStatusFailed, c.LastUpdateStatus)
		require.Equal(t, types.LastUpdateStatusReasonCodeInsufficientRolePermissions, c.LastUpdateStatusReasonCode)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException", msgFailed)
		info, _ := e.fake.Function("f")
		require.Equal(t, "Failed", info.State)
		require.Equal(t, "InsufficientRolePermissions", info.StateReasonCode)

		// An update that fails: with no delay it ends after one read.
		e.createFunction(t, "g")
		require.Equal(t, types.StatePending, e.config(t, "g", "").State)
		e.fake.SetTransition(arnPrefix+"g", fakelambda.FailTransitionAfter(0, "SubnetOutOfIPAddresses", "Lambda was unable to create an ENI: no free IP addresses in subnet-1."))
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("g"), Description: aws.String("x")})
		require.NoError(t, err)
		err = lambda.NewFunctionUpdatedV2Waiter(e.client, func(o *lambda.FunctionUpdatedV2WaiterOptions) { o.MinDelay = fast }).
			Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("g")}, time.Minute)
		require.ErrorContains(t, err, "waiter state transitioned to Failure")
		g := e.config(t, "g", "")
		require.Equal(t, types.StateActive, g.State)
		require.Equal(t, types.LastUpdateStatusFailed, g.LastUpdateStatus)
		require.Equal(t, types.LastUpdateStatusReasonCodeSubnetOutOfIPAddresses, g.LastUpdateStatusReasonCode)
		require.Equal(t, "Lambda was unable to create an ENI: no free IP addresses in subnet-1.", aws.ToString(g.LastUpdateStatusReason))
		// A failed update does not stop invocations, nor a new update.
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		e.fake.SetTransition("g", fakelambda.CompleteAfter(0))
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("g"), Description: aws.String("y")})
		require.NoError(t, err)
		require.Equal(t, types.LastUpdateStatusInProgress, e.config(t, "g", "").LastUpdateStatus)
		g = e.config(t, "g", "")
		require.Equal(t, types.LastUpdateStatusSuccessful, g.LastUpdateStatus)
		require.Equal(t, types.LastUpdateStatusReasonCode(""), g.LastUpdateStatusReasonCode)
	})
}

// The default plan for every function, from an option.
func TestLifecycleWithTransitionOption(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		e.clk.Add(10 * time.Second)
		c := e.config(t, "f", "")
		require.Equal(t, types.StateFailed, c.State)
		require.Equal(t, types.StateReasonCodeInvalidImage, c.StateReasonCode)
		require.Equal(t, "bad image", aws.ToString(c.StateReason))
	}, fakelambda.WithTransition(fakelambda.FailTransitionAfter(10*time.Second, "InvalidImage", "bad image")))
}

// WithoutTransitions: Active at once, no 409s; the writes' answers still say
// Pending and InProgress. SetTransition still applies where it is set.
func TestLifecycleWithoutTransitions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		out := e.createFunction(t, "f")
		require.Equal(t, types.StatePending, out.State)
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		up, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v2")})
		require.NoError(t, err)
		require.Equal(t, types.LastUpdateStatusInProgress, up.LastUpdateStatus)
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Description: aws.String("x")})
		require.NoError(t, err)
		pub, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("v3"), Publish: true})
		require.NoError(t, err)
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: pub.Version})
		require.NoError(t, err)
		c := e.config(t, "f", "")
		require.Equal(t, types.StateActive, c.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, c.LastUpdateStatus)
		require.Equal(t, types.StateActive, e.config(t, "f", aws.ToString(pub.Version)).State)

		e.fake.SetTransition("held", fakelambda.CompleteAfter(time.Minute))
		e.createFunction(t, "held")
		require.Equal(t, types.StatePending, e.config(t, "held", "").State)
		require.Equal(t, types.StatePending, e.config(t, "held", "").State)
	}, fakelambda.WithoutTransitions())
}

// Seeded functions are Active at once, whatever the plan; Reset forgets the
// plans.
func TestLifecycleSeedAndReset(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		e.fake.SetTransition("f", fakelambda.CompleteAfter(time.Hour))
		require.NoError(t, e.fake.SeedFunction(fakelambda.FunctionSpec{Name: "f"}))
		c := e.config(t, "f", "")
		require.Equal(t, types.StateActive, c.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, c.LastUpdateStatus)
		_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		v, err := e.fake.SeedVersion("f")
		require.NoError(t, err)
		require.Equal(t, types.StateActive, e.config(t, "f", v).State)

		e.fake.Reset()
		e.createFunction(t, "f")
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		require.Equal(t, types.StateActive, e.config(t, "f", "").State, "the held plan was forgotten")
	})
}

// PUT /_fakelambda/transition sets a function's plan, as SetTransition.
func TestControlTransition(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		put := func(body string) (int, string) {
			rec := httptest.NewRecorder()
			e.fake.ServeHTTP(rec, httptest.NewRequest("PUT", "/_fakelambda/transition", strings.NewReader(body)))
			return rec.Code, rec.Body.String()
		}
		code, body := put(`{"Function":"f","Delay":"30s","FailReasonCode":"InvalidImage","FailReason":"The image is not valid."}`)
		require.Equal(t, 200, code, body)
		e.createFunction(t, "f")
		require.Equal(t, types.StatePending, e.config(t, "f", "").State)
		e.clk.Add(30 * time.Second)
		c := e.config(t, "f", "")
		require.Equal(t, types.StateFailed, c.State)
		require.Equal(t, types.StateReasonCodeInvalidImage, c.StateReasonCode)
		require.Equal(t, "The image is not valid.", aws.ToString(c.StateReason))

		code, body = put(`{"Function":"` + arnPrefix + `g","Delay":"1m"}`)
		require.Equal(t, 200, code, body)
		e.createFunction(t, "g")
		e.clk.Add(59 * time.Second)
		require.Equal(t, types.StatePending, e.config(t, "g", "").State)
		e.clk.Add(time.Second)
		require.Equal(t, types.StateActive, e.config(t, "g", "").State)

		for _, tc := range []struct{ body, msg string }{
			{`{}`, `Function is required: the function name or ARN the plan is for`},
			{`{"Function":"f","Delay":"soon"}`, `Delay: "soon" is not a duration; use Go's form, e.g. "90s" or "2m"`},
			{`{"Function":"f","Delay":"-1s"}`, `Delay: "-1s" is negative`},
			{`{"Function":"f","FailReason":"x"}`, `FailReason needs a FailReasonCode, e.g. "InvalidImage" or "SubnetOutOfIPAddresses"`},
		} {
			code, body := put(tc.body)
			require.Equal(t, 400, code)
			var msg struct{ Message string }
			require.NoError(t, json.Unmarshal([]byte(body), &msg))
			require.Equal(t, tc.msg, msg.Message)
		}
	})
}

// Many deployers at once, each waiting as real code must: every wait ends,
// nothing races, and each function ends Active with its update Successful.
func TestLifecycleConcurrentDeployers(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		const n = 8
		errs := make(chan error, n)
		for i := range n {
			go func() {
				errs <- func() error {
					name := aws.String("f" + string(rune('a'+i)))
					if _, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{FunctionName: name,
						Role: aws.String("arn:aws:iam::123456789012:role/r"), Runtime: types.RuntimeProvidedal2023,
						Handler: aws.String("bootstrap"), Code: &types.FunctionCode{ZipFile: []byte("zip")}}); err != nil {
						return err
					}
					if err := lambda.NewFunctionActiveV2Waiter(e.client, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = fast }).
						Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: name}, time.Minute); err != nil {
						return err
					}
					if _, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: name, ZipFile: []byte("v2"), Publish: true}); err != nil {
						return err
					}
					if err := lambda.NewFunctionUpdatedV2Waiter(e.client, func(o *lambda.FunctionUpdatedV2WaiterOptions) { o.MinDelay = fast }).
						Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: name}, time.Minute); err != nil {
						return err
					}
					if err := lambda.NewPublishedVersionActiveWaiter(e.client, func(o *lambda.PublishedVersionActiveWaiterOptions) { o.MinDelay = fast }).
						Wait(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: name, Qualifier: aws.String("1")}, time.Minute); err != nil {
						return err
					}
					_, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: name, Qualifier: aws.String("1")})
					return err
				}()
			}()
		}
		for range n {
			require.NoError(t, <-errs)
		}
		for i := range n {
			info, ok := e.fake.Function("f" + string(rune('a'+i)))
			require.True(t, ok)
			require.Equal(t, "Active", info.State)
			require.Equal(t, "Successful", info.LastUpdateStatus)
		}
	})
}

// CreateFunction with Publish answers $LATEST's configuration, Pending, with
// Version "1"; once the creation is over, PublishVersion (nothing changed)
// answers version 1 Active with the RevisionId it got then, and a new
// version's publication gives $LATEST a new RevisionId (recorded:
// TestLambdaVersions::test_publish_version_on_create,
// TestLambdaAlias::test_notfound_and_invalid_routingconfigs publish_v1,
// TestLambdaRevisions::test_function_revisions_version_and_alias).
func TestLifecyclePublishOnCreate(t *testing.T) {
	withLifecycle(t, func(t *testing.T, e *env) {
		created := e.create(t, "f", true)
		require.Equal(t, types.StatePending, created.State)
		require.Equal(t, "1", *created.Version)
		e.waitActive(t, "f")
		latest := e.config(t, "f", "")
		require.NotEqual(t, *created.RevisionId, *latest.RevisionId)

		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, "1", *pub.Version)
		require.Equal(t, types.StateActive, pub.State)
		require.Equal(t, types.LastUpdateStatusSuccessful, pub.LastUpdateStatus)
		require.NotEqual(t, *created.RevisionId, *pub.RevisionId)
		require.NotEqual(t, *latest.RevisionId, *pub.RevisionId)
		require.Equal(t, *pub.RevisionId, *e.config(t, "f", "1").RevisionId)
		require.Equal(t, *latest.RevisionId, *e.config(t, "f", "").RevisionId, "an unchanged publish leaves $LATEST's RevisionId")
	})
}

package fakelambda_test

import (
	"context"
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

// TestLatestPublishedQualifier: $LATEST.PUBLISHED names a function's newest
// published version in GetFunction, GetFunctionConfiguration and Invoke; an
// unqualified invocation of a function bound to a capacity provider runs it.
func TestLatestPublishedQualifier(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "cp")
		_, err := e.client.CreateFunction(e.ctx, lmiFunction("f", "cp"))
		require.NoError(t, err)

		// Nothing published yet: not found.
		_, err = e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST.PUBLISHED")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f:$LATEST.PUBLISHED")
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f:$LATEST.PUBLISHED")

		for _, d := range []string{"a", "b"} {
			_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Description: aws.String(d)})
			require.NoError(t, err)
			_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
			require.NoError(t, err)
			e.config(t, "f", "") // settles the update
		}
		cfg := e.config(t, "f", "$LATEST.PUBLISHED")
		require.Equal(t, "2", aws.ToString(cfg.Version))
		require.Equal(t, arnPrefix+"f:$LATEST.PUBLISHED", aws.ToString(cfg.FunctionArn))
		got, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f:$LATEST.PUBLISHED")})
		require.NoError(t, err)
		require.Equal(t, "2", aws.ToString(got.Configuration.Version))

		var ran []string
		e.fake.SetHandler("f", func(ctx context.Context, p []byte) ([]byte, error) {
			ran = append(ran, string(p))
			return []byte(`"ok"`), nil
		})
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Payload: []byte(`1`)})
		require.NoError(t, err)
		require.Equal(t, "2", aws.ToString(out.ExecutedVersion))
		out, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST.PUBLISHED"), Payload: []byte(`2`)})
		require.NoError(t, err)
		require.Equal(t, "2", aws.ToString(out.ExecutedVersion))
		require.Equal(t, []string{"1", "2"}, ran)

		// $LATEST itself still refuses.
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireConflict(t, err, "The operation cannot be performed at this time. The function is currently in the following state: ActiveNonInvocable")

		// Scaling configuration on $LATEST.PUBLISHED is the newest version's.
		_, err = e.client.PutFunctionScalingConfig(e.ctx, &lambda.PutFunctionScalingConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST.PUBLISHED"),
			FunctionScalingConfig: &types.FunctionScalingConfig{MinExecutionEnvironments: aws.Int32(3), MaxExecutionEnvironments: aws.Int32(5)}})
		require.NoError(t, err)
		sc, err := e.client.GetFunctionScalingConfig(e.ctx, &lambda.GetFunctionScalingConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("2")})
		require.NoError(t, err)
		require.Equal(t, int32(5), aws.ToInt32(sc.RequestedFunctionScalingConfig.MaxExecutionEnvironments))
	})
}

// TestLatestPublishedDefaultFunction: on a function not bound to a capacity
// provider, $LATEST.PUBLISHED names the newest version too, and unqualified
// invocations still run $LATEST.
func TestLatestPublishedDefaultFunction(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "g")
		_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(e.config(t, "g", "$LATEST.PUBLISHED").Version))
		e.fake.SetHandler("g", func(context.Context, []byte) ([]byte, error) { return nil, nil })
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		require.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion))
	})
}

// TestPublishToLatestPublished: PublishTo LATEST_PUBLISHED on
// PublishVersion, CreateFunction and UpdateFunctionCode publishes a version
// that $LATEST.PUBLISHED then names; any other value is refused by the
// model's enum.
func TestPublishToLatestPublished(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "cp")
		in := lmiFunction("f", "cp")
		in.PublishTo = types.FunctionVersionLatestPublishedLatestPublished
		_, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(e.config(t, "f", "$LATEST.PUBLISHED").Version))
		require.Equal(t, types.StateActive, e.config(t, "f", "1").State)

		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("f"), ZipFile: []byte("zip:two"),
			PublishTo: types.FunctionVersionLatestPublishedLatestPublished})
		require.NoError(t, err)
		e.config(t, "f", "") // settles the update
		require.Equal(t, "2", aws.ToString(e.config(t, "f", "$LATEST.PUBLISHED").Version))

		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Description: aws.String("three")})
		require.NoError(t, err)
		e.config(t, "f", "")
		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f"), PublishTo: types.FunctionVersionLatestPublishedLatestPublished})
		require.NoError(t, err)
		require.Equal(t, "3", aws.ToString(pub.Version))
		require.Equal(t, arnPrefix+"f:$LATEST.PUBLISHED", aws.ToString(pub.FunctionArn))
		require.Equal(t, types.StatePending, pub.State)
		require.Equal(t, "3", aws.ToString(e.config(t, "f", "$LATEST.PUBLISHED").Version))

		// Republishing unchanged answers the same version.
		pub, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f"), PublishTo: types.FunctionVersionLatestPublishedLatestPublished})
		require.NoError(t, err)
		require.Equal(t, "3", aws.ToString(pub.Version))

		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f"), PublishTo: "LATEST"})
		requireValidation(t, err, "1 validation error detected: Value 'LATEST' at 'publishTo' failed to satisfy constraint: Member must satisfy enum value set: [LATEST_PUBLISHED]")
	})
}

// TestVersionsWaitForPendingProvider: a version published while its
// capacity provider is Pending stays Pending (and refuses invocations,
// unqualified ones included) until the provider is Active; when the
// provider fails instead, the version fails with the provider's reason.
func TestVersionsWaitForPendingProvider(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.fake.SetCapacityProviderTransition("cp", fakelambda.CompleteAfter(time.Minute))
		e.createCP(t, "cp")
		_, err := e.client.CreateFunction(e.ctx, lmiFunction("f", "cp"))
		require.NoError(t, err)
		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f"), PublishTo: types.FunctionVersionLatestPublishedLatestPublished})
		require.NoError(t, err)
		require.Equal(t, types.StatePending, pub.State)
		for range 2 { // reads do not end it: the provider does
			cfg := e.config(t, "f", "1")
			require.Equal(t, types.StatePending, cfg.State)
			require.Equal(t, types.StateReasonCodeCreating, cfg.StateReasonCode)
		}
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return nil, nil })
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		requireConflict(t, err, "The operation cannot be performed at this time. The function is currently in the following state: Pending")

		e.clk.Add(time.Minute)
		require.Equal(t, types.StateActive, e.config(t, "f", "1").State)
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(out.ExecutedVersion))

		// A provider that fails fails the versions waiting for it.
		e.fake.SetCapacityProviderTransition("bad", fakelambda.FailTransitionAfter(time.Minute, "InsufficientCapacity", "No capacity in the subnets."))
		e.createCP(t, "bad")
		_, err = e.client.CreateFunction(e.ctx, lmiFunction("g", "bad"))
		require.NoError(t, err)
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		require.Equal(t, types.StatePending, e.config(t, "g", "1").State)
		e.clk.Add(time.Minute)
		cfg := e.config(t, "g", "1")
		require.Equal(t, types.StateFailed, cfg.State)
		require.Equal(t, types.StateReasonCodeInsufficientCapacity, cfg.StateReasonCode)
		require.Equal(t, "No capacity in the subnets.", aws.ToString(cfg.StateReason))
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("g")})
		requireConflict(t, err, "The operation cannot be performed at this time. The function is currently in the following state: Failed")
	})
}

// TestStreamLatestPublished: InvokeWithResponseStream of a function bound
// to a capacity provider runs $LATEST.PUBLISHED when unqualified, as Invoke.
func TestStreamLatestPublished(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "cp")
		in := lmiFunction("f", "cp")
		in.PublishTo = types.FunctionVersionLatestPublishedLatestPublished
		_, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return []byte(`"v"`), nil })
		out, err := e.stream(e.ctx, "f")
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(out.ExecutedVersion))
		s := readStream(t, out)
		require.NoError(t, s.err)
		require.Equal(t, `"v"`, strings.Join(s.chunks, ""))
		_, err = e.stream(e.ctx, "f", func(in *lambda.InvokeWithResponseStreamInput) { in.Qualifier = aws.String("$LATEST") })
		requireConflict(t, err, "The operation cannot be performed at this time. The function is currently in the following state: ActiveNonInvocable")
	})
}

// TestEventLatestPublished: Event invocations (Invoke and the deprecated
// InvokeAsync) of a function bound to a capacity provider run
// $LATEST.PUBLISHED when unqualified.
func TestEventLatestPublished(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "cp")
		in := lmiFunction("f", "cp")
		in.PublishTo = types.FunctionVersionLatestPublishedLatestPublished
		_, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		ran := 0
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { ran++; return nil, nil })
		_, err = e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), InvocationType: types.InvocationTypeEvent})
		require.NoError(t, err)
		_, err = e.client.InvokeAsync(e.ctx, &lambda.InvokeAsyncInput{FunctionName: aws.String("f"), InvokeArgs: strings.NewReader(`{}`)}) //nolint:staticcheck
		require.NoError(t, err)
		require.Equal(t, 2, e.fake.RunQueued(e.ctx))
		require.Equal(t, 2, ran)
		m := e.fake.Metrics("f", "1")
		require.Equal(t, 2, m.Invocations)
	})
}

// TestURLLatestPublished: a function URL without a qualifier on a function
// bound to a capacity provider runs $LATEST.PUBLISHED; before any version is
// published it answers Invoke's 404 (the URL passes invocation errors on).
func TestURLLatestPublished(t *testing.T) {
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		e.createCP(t, "cp")
		_, err := e.client.CreateFunction(e.ctx, lmiFunction("f", "cp"))
		require.NoError(t, err)
		u := e.newURLOn(t, "f")
		e.fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return []byte(`"ran"`), nil })
		resp := e.do(newReq(t, "GET", u, nil))
		require.Equal(t, 404, resp.StatusCode)
		require.Contains(t, readAll(t, resp), "Function not found: "+arnPrefix+"f:$LATEST.PUBLISHED")

		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f"), PublishTo: types.FunctionVersionLatestPublishedLatestPublished})
		require.NoError(t, err)
		resp = e.do(newReq(t, "GET", u, nil))
		require.Equal(t, 200, resp.StatusCode)
		require.Equal(t, "ran", readAll(t, resp))
		require.Equal(t, 1, e.fake.Metrics("f", "1").Invocations)
	})
}

// TestVersionWaitsForProviderSynctest: with no clock, a version published
// on a provider held Pending for two minutes becomes Active, and runs
// unqualified, once the bubble's time has moved.
func TestVersionWaitsForProviderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithoutTransitions())
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		fake.SetCapacityProviderTransition("cp", fakelambda.CompleteAfter(2*time.Minute))
		e.createCP(t, "cp")
		in := lmiFunction("f", "cp")
		in.PublishTo = types.FunctionVersionLatestPublishedLatestPublished
		_, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, types.StatePending, e.config(t, "f", "$LATEST.PUBLISHED").State)
		time.Sleep(2 * time.Minute)
		require.Equal(t, types.StateActive, e.config(t, "f", "$LATEST.PUBLISHED").State)
		fake.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return nil, nil })
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, "1", aws.ToString(out.ExecutedVersion))
	})
}

package fakelambda_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

const cpArnPrefix = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:"

func cpInput(name string) *lambda.CreateCapacityProviderInput {
	return &lambda.CreateCapacityProviderInput{
		CapacityProviderName: aws.String(name),
		VpcConfig:            &types.CapacityProviderVpcConfig{SubnetIds: []string{"subnet-1"}, SecurityGroupIds: []string{"sg-1"}},
		PermissionsConfig: &types.CapacityProviderPermissionsConfig{
			CapacityProviderOperatorRoleArn: aws.String("arn:aws:iam::123456789012:role/operator")},
	}
}

func (e *env) createCP(t *testing.T, name string) *types.CapacityProvider {
	t.Helper()
	out, err := e.client.CreateCapacityProvider(e.ctx, cpInput(name))
	require.NoError(t, err)
	return out.CapacityProvider
}

func (e *env) getCP(t *testing.T, name string) *types.CapacityProvider {
	t.Helper()
	out, err := e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String(name)})
	require.NoError(t, err)
	return out.CapacityProvider
}

func TestCapacityProviderCRUD(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		in := cpInput("cp1")
		in.Tags = map[string]string{"team": "a"}
		out, err := e.client.CreateCapacityProvider(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, 202, httpStatus(t, out.ResultMetadata))
		cp := out.CapacityProvider
		require.Equal(t, cpArnPrefix+"cp1", aws.ToString(cp.CapacityProviderArn))
		require.Equal(t, types.CapacityProviderStatePending, cp.State)
		require.Equal(t, []types.Architecture{types.ArchitectureX8664}, cp.InstanceRequirements.Architectures)
		require.Equal(t, types.CapacityProviderScalingModeAuto, cp.CapacityProviderScalingConfig.ScalingMode)
		require.Equal(t, int32(400), aws.ToInt32(cp.CapacityProviderScalingConfig.MaxVCpuCount))
		require.Equal(t, []string{"subnet-1"}, cp.VpcConfig.SubnetIds)
		require.Equal(t, "2026-01-02T03:04:05.000+0000", aws.ToString(cp.LastModified))

		// WithoutTransitions: Active from the next request on.
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, "cp1").State)
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, cpArnPrefix+"cp1").State)

		_, err = e.client.CreateCapacityProvider(e.ctx, cpInput("cp1"))
		requireConflict(t, err, "Capacity provider already exists: "+cpArnPrefix+"cp1")

		e.clk.Add(time.Minute)
		up, err := e.client.UpdateCapacityProvider(e.ctx, &lambda.UpdateCapacityProviderInput{
			CapacityProviderName: aws.String("cp1"),
			CapacityProviderScalingConfig: &types.CapacityProviderScalingConfig{MaxVCpuCount: aws.Int32(64), ScalingMode: types.CapacityProviderScalingModeManual,
				ScalingPolicies: []types.TargetTrackingScalingPolicy{{PredefinedMetricType: types.CapacityProviderPredefinedMetricTypeLambdaCapacityProviderAverageCPUUtilization, TargetValue: aws.Float64(60)}}},
		})
		require.NoError(t, err)
		require.Equal(t, 202, httpStatus(t, up.ResultMetadata))
		require.Equal(t, types.CapacityProviderStateActive, up.CapacityProvider.State)
		require.Equal(t, int32(64), aws.ToInt32(up.CapacityProvider.CapacityProviderScalingConfig.MaxVCpuCount))
		require.Equal(t, 60.0, aws.ToFloat64(up.CapacityProvider.CapacityProviderScalingConfig.ScalingPolicies[0].TargetValue))
		require.Equal(t, "2026-01-02T03:05:05.000+0000", aws.ToString(up.CapacityProvider.LastModified))

		e.createCP(t, "cp2")
		list, err := e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{MaxItems: aws.Int32(1)})
		require.NoError(t, err)
		require.Len(t, list.CapacityProviders, 1)
		require.Equal(t, cpArnPrefix+"cp1", aws.ToString(list.CapacityProviders[0].CapacityProviderArn))
		require.NotEmpty(t, aws.ToString(list.NextMarker))
		list, err = e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{Marker: list.NextMarker})
		require.NoError(t, err)
		require.Len(t, list.CapacityProviders, 1)
		require.Equal(t, cpArnPrefix+"cp2", aws.ToString(list.CapacityProviders[0].CapacityProviderArn))
		require.Nil(t, list.NextMarker)
		list, err = e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{State: types.CapacityProviderStatePending})
		require.NoError(t, err)
		require.Empty(t, list.CapacityProviders)

		fv, err := e.client.ListFunctionVersionsByCapacityProvider(e.ctx, &lambda.ListFunctionVersionsByCapacityProviderInput{CapacityProviderName: aws.String("cp1")})
		require.NoError(t, err)
		require.Equal(t, cpArnPrefix+"cp1", aws.ToString(fv.CapacityProviderArn))
		require.Empty(t, fv.FunctionVersions)

		// Tags on the provider's ARN.
		tags, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(cpArnPrefix + "cp1")})
		require.NoError(t, err)
		require.Equal(t, map[string]string{"team": "a"}, tags.Tags)
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(cpArnPrefix + "cp1"), Tags: map[string]string{"env": "x"}})
		require.NoError(t, err)
		_, err = e.client.UntagResource(e.ctx, &lambda.UntagResourceInput{Resource: aws.String(cpArnPrefix + "cp1"), TagKeys: []string{"team"}})
		require.NoError(t, err)
		tags, err = e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(cpArnPrefix + "cp1")})
		require.NoError(t, err)
		require.Equal(t, map[string]string{"env": "x"}, tags.Tags)

		del, err := e.client.DeleteCapacityProvider(e.ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("cp1")})
		require.NoError(t, err)
		require.Equal(t, 202, httpStatus(t, del.ResultMetadata))
		require.Equal(t, types.CapacityProviderStateDeleting, del.CapacityProvider.State)
		_, err = e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("cp1")})
		requireNotFound(t, err, "Capacity provider not found: "+cpArnPrefix+"cp1")
		_, err = e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(cpArnPrefix + "cp1")})
		requireNotFound(t, err, "Capacity provider not found: "+cpArnPrefix+"cp1")
	})
}

func TestCapacityProviderErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		for _, call := range []func() error{
			func() error {
				_, err := e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("nope")})
				return err
			},
			func() error {
				_, err := e.client.UpdateCapacityProvider(e.ctx, &lambda.UpdateCapacityProviderInput{CapacityProviderName: aws.String("nope")})
				return err
			},
			func() error {
				_, err := e.client.DeleteCapacityProvider(e.ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("nope")})
				return err
			},
			func() error {
				_, err := e.client.ListFunctionVersionsByCapacityProvider(e.ctx, &lambda.ListFunctionVersionsByCapacityProviderInput{CapacityProviderName: aws.String("nope")})
				return err
			},
			func() error {
				_, err := e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(cpArnPrefix + "nope"), Tags: map[string]string{"a": "b"}})
				return err
			},
		} {
			requireNotFound(t, call(), "Capacity provider not found: "+cpArnPrefix+"nope")
		}
		// Another region's ARN is not found here.
		_, err := e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("arn:aws:lambda:eu-west-1:123456789012:capacity-provider:x")})
		requireNotFound(t, err, "Capacity provider not found: arn:aws:lambda:eu-west-1:123456789012:capacity-provider:x")

		_, err = e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("bad name")})
		requireValidation(t, err, "1 validation error detected: Value 'bad name' at 'capacityProviderName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[a-zA-Z-]*:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:capacity-provider:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+")

		in := cpInput("both")
		in.InstanceRequirements = &types.InstanceRequirements{AllowedInstanceTypes: []string{"m7g.large"}, ExcludedInstanceTypes: []string{"c7g.large"}}
		_, err = e.client.CreateCapacityProvider(e.ctx, in)
		requireInvalidParam(t, err, "AllowedInstanceTypes and ExcludedInstanceTypes cannot both be specified.")

		in = cpInput("big")
		in.CapacityProviderScalingConfig = &types.CapacityProviderScalingConfig{MaxVCpuCount: aws.Int32(1)}
		_, err = e.client.CreateCapacityProvider(e.ctx, in)
		requireValidation(t, err, "1 validation error detected: Value '1' at 'capacityProviderScalingConfig.maxVCpuCount' failed to satisfy constraint: Member must have value greater than or equal to 2")

		_, err = e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{MaxItems: aws.Int32(51)})
		requireValidation(t, err, "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50")
	})
}

// TestCapacityProviderTransitions: Pending -> Active, Pending -> Failed and
// Deleting -> gone, read-observed by default and held on the clock.
func TestCapacityProviderTransitions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		// Default (no WithoutTransitions effect for a set plan): CompleteAfter(0)
		// shows Pending on the answer and the first read, Active on the next.
		e.fake.SetCapacityProviderTransition("observed", fakelambda.CompleteAfter(0))
		require.Equal(t, types.CapacityProviderStatePending, e.createCP(t, "observed").State)
		require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "observed").State)
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, "observed").State)

		// Held on the clock.
		e.fake.SetCapacityProviderTransition("held", fakelambda.CompleteAfter(time.Minute))
		e.createCP(t, "held")
		for range 3 {
			require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "held").State)
		}
		_, err := e.client.UpdateCapacityProvider(e.ctx, &lambda.UpdateCapacityProviderInput{CapacityProviderName: aws.String("held")})
		requireConflict(t, err, "The capacity provider "+cpArnPrefix+"held is in state Pending and cannot be modified. Try again later.")
		e.clk.Add(time.Minute)
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, "held").State)

		// Failed, by a plan.
		e.fake.SetCapacityProviderTransition(cpArnPrefix+"bad", fakelambda.FailTransitionAfter(30*time.Second, "InsufficientCapacity", "no capacity"))
		e.createCP(t, "bad")
		require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "bad").State)
		e.clk.Add(30 * time.Second)
		require.Equal(t, types.CapacityProviderStateFailed, e.getCP(t, "bad").State)
		list, err := e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{State: types.CapacityProviderStateFailed})
		require.NoError(t, err)
		require.Len(t, list.CapacityProviders, 1)

		// Deleting, held on the clock, then gone; a failed one can be deleted.
		del, err := e.client.DeleteCapacityProvider(e.ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("bad")})
		require.NoError(t, err)
		require.Equal(t, types.CapacityProviderStateDeleting, del.CapacityProvider.State)
		require.Equal(t, types.CapacityProviderStateDeleting, e.getCP(t, "bad").State)
		e.clk.Add(30 * time.Second)
		_, err = e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("bad")})
		requireNotFound(t, err, "Capacity provider not found: "+cpArnPrefix+"bad")

		// Deleting, read-observed.
		_, err = e.client.DeleteCapacityProvider(e.ctx, &lambda.DeleteCapacityProviderInput{CapacityProviderName: aws.String("observed")})
		require.NoError(t, err)
		list, err = e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{})
		require.NoError(t, err)
		require.Len(t, list.CapacityProviders, 2)
		require.Equal(t, types.CapacityProviderStateDeleting, list.CapacityProviders[1].State)
		list, err = e.client.ListCapacityProviders(e.ctx, &lambda.ListCapacityProvidersInput{})
		require.NoError(t, err)
		require.Len(t, list.CapacityProviders, 1)
		require.Equal(t, cpArnPrefix+"held", aws.ToString(list.CapacityProviders[0].CapacityProviderArn))
	})
}

// TestCapacityProviderDefaultTransitions: without WithoutTransitions, a
// fake's providers settle once a read has shown them.
func TestCapacityProviderDefaultTransitions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		require.Equal(t, types.CapacityProviderStatePending, e.createCP(t, "p").State)
		require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "p").State)
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, "p").State)
	}, fakelambda.WithTransition(fakelambda.CompleteAfter(0)))
}

func TestCapacityProviderResetAndFaults(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "p")
		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpGetCapacityProvider, Count: 1, Err: &fakelambda.APIError{Code: "ResourceConflictException", Message: "boom"}})
		_, err := e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("p")})
		requireConflict(t, err, "boom")
		require.Equal(t, 1, h.Fired())
		calls := e.fake.Calls()
		require.Equal(t, fakelambda.OpCreateCapacityProvider, calls[0].Operation)
		require.Equal(t, 202, calls[0].StatusCode)
		require.True(t, calls[1].Faulted)
		e.fake.Reset()
		_, err = e.client.GetCapacityProvider(e.ctx, &lambda.GetCapacityProviderInput{CapacityProviderName: aws.String("p")})
		requireNotFound(t, err, "Capacity provider not found: "+cpArnPrefix+"p")
	})
}

// TestCapacityProviderControl: the control API's
// capacity-provider-transition makes a provider fail, over HTTP.
func TestCapacityProviderControl(t *testing.T) {
	e := newEnv(t, true)
	srv := e.fake // a Fake is an http.Handler: the control API is served beside the API
	require.Equal(t, "{}\n", ctlOK(t, srv, "PUT", "/_fakelambda/capacity-provider-transition",
		`{"CapacityProvider":"p","Delay":"90s","FailReasonCode":"InsufficientCapacity","FailReason":"none left"}`))
	e.createCP(t, "p")
	require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "p").State)
	e.clk.Add(90 * time.Second)
	require.Equal(t, types.CapacityProviderStateFailed, e.getCP(t, "p").State)

	status, body := ctl(t, srv, "PUT", "/_fakelambda/capacity-provider-transition", `{"Delay":"1s"}`)
	require.Equal(t, 400, status)
	require.Contains(t, body, "CapacityProvider is required")
	status, body = ctl(t, srv, "PUT", "/_fakelambda/capacity-provider-transition", `{"CapacityProvider":"p","FailReason":"x"}`)
	require.Equal(t, 400, status)
	require.Contains(t, body, "FailReason needs a FailReasonCode")
	status, _ = ctl(t, srv, "POST", "/_fakelambda/capacity-provider-transition", `{}`)
	require.Equal(t, 405, status)
}

// TestCapacityProviderSynctest: on the default clock (time.Now) inside a
// synctest bubble, a provider held for five minutes is Active after a
// five-minute sleep that costs no wall time.
func TestCapacityProviderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		fake.SetCapacityProviderTransition("p", fakelambda.CompleteAfter(5*time.Minute))
		e.createCP(t, "p")
		for range 4 {
			require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "p").State)
			time.Sleep(time.Minute)
		}
		time.Sleep(time.Minute)
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, "p").State)
	})
}

// TestCapacityProviderTagErrors: the tag operations on capacity-provider
// ARNs, as recorded (TestLambdaTag::test_tag_exceptions[capacity_provider]).
func TestCapacityProviderTagErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		missing := cpArnPrefix + "missing"
		_, err := e.client.ListTags(e.ctx, &lambda.ListTagsInput{Resource: aws.String(missing)})
		requireNotFound(t, err, "Capacity provider not found: "+missing)
		_, err = e.client.UntagResource(e.ctx, &lambda.UntagResourceInput{Resource: aws.String(missing), TagKeys: []string{"a"}})
		requireNotFound(t, err, "Capacity provider not found: "+missing)
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(cpArnPrefix + "p:alias"), Tags: map[string]string{"a": "b"}})
		requireValidation(t, err, "1 validation error detected: Value '"+cpArnPrefix+"p:alias' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: "+
			`arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`)

		e.createCP(t, "p")
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(cpArnPrefix + "p"), Tags: map[string]string{}})
		requireInvalidParam(t, err, "An error occurred and the request cannot be processed.")
		many := map[string]string{}
		for i := range 51 {
			many["k"+time.Duration(i).String()] = "v"
		}
		_, err = e.client.TagResource(e.ctx, &lambda.TagResourceInput{Resource: aws.String(cpArnPrefix + "p"), Tags: many})
		requireInvalidParam(t, err, "Number of tags exceeds resource tag limit.")
	})
}

// TestCapacityProviderFakeWideTransition: WithTransition holds providers
// on the clock as it holds functions.
func TestCapacityProviderFakeWideTransition(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createCP(t, "p")
		require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "p").State)
		require.Equal(t, types.CapacityProviderStatePending, e.getCP(t, "p").State)
		e.clk.Add(time.Minute)
		require.Equal(t, types.CapacityProviderStateActive, e.getCP(t, "p").State)
	}, fakelambda.WithTransition(fakelambda.CompleteAfter(time.Minute)))
}

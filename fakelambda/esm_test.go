package fakelambda_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

const esmQueue = "arn:aws:sqs:us-east-1:123456789012:queue"

func (e *env) createESM(t *testing.T, in *lambda.CreateEventSourceMappingInput) *lambda.CreateEventSourceMappingOutput {
	t.Helper()
	out, err := e.client.CreateEventSourceMapping(e.ctx, in)
	require.NoError(t, err)
	return out
}

func (e *env) getESM(t *testing.T, uuid *string) *lambda.GetEventSourceMappingOutput {
	t.Helper()
	out, err := e.client.GetEventSourceMapping(e.ctx, &lambda.GetEventSourceMappingInput{UUID: uuid})
	require.NoError(t, err)
	return out
}

// Recorded: TestLambdaTag::test_tag_lifecycle[event_source_mapping],
// test_create_tag_on_esm_create and test_tag_exceptions[event_source_mapping].
func TestEventSourceMappingTags(t *testing.T) {
	esmReplayTransports(t, func(t *testing.T, base *replayEnv) {
		ctx := context.Background()
		e := base.replay(t, esmAPIFile, "TestLambdaTag::test_create_tag_on_esm_create")
		e.m.fix("<custom-tag>", "custom") // the tag sent
		e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:tagged")
		out, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("tagged"),
			EventSourceArn: aws.String("arn:aws:sqs:us-east-1:111111111111:q"), Tags: map[string]string{"testtag": "custom"}})
		require.NoError(t, err)
		arn := out.EventSourceMappingArn
		require.Equal(t, "arn:aws:lambda:us-east-1:111111111111:event-source-mapping:"+aws.ToString(out.UUID), aws.ToString(arn))
		_, err = e.client.ListTags(ctx, &lambda.ListTagsInput{Resource: arn})
		require.NoError(t, err)
		e.check("list_tags_result")
		_, err = e.client.UntagResource(ctx, &lambda.UntagResourceInput{Resource: arn, TagKeys: []string{"testtag"}})
		require.NoError(t, err)

		life := base.replay(t, esmAPIFile, "TestLambdaTag::test_tag_lifecycle[event_source_mapping]")
		steps := []struct {
			key   string
			tag   map[string]string
			untag []string
		}{
			{key: "tag_single_response", tag: map[string]string{"A": "tag-a"}},
			{key: "tag_multiple_response", tag: map[string]string{"B": "tag-b", "C": "tag-c"}},
			{key: "tag_overlap_response", tag: map[string]string{"C": "tag-c-newsuffix", "D": "tag-d"}},
			{key: "untag_single_response", untag: []string{"A"}},
			{key: "untag_multiple_response", untag: []string{"B", "C"}},
			{key: "untag_nonexisting_response", untag: []string{"F"}},
			{key: "untag_existing_and_nonexisting_response", untag: []string{"D", "F"}},
		}
		for _, s := range steps {
			if s.tag != nil {
				_, err = e.client.TagResource(ctx, &lambda.TagResourceInput{Resource: arn, Tags: s.tag})
			} else {
				_, err = e.client.UntagResource(ctx, &lambda.UntagResourceInput{Resource: arn, TagKeys: s.untag})
			}
			require.NoError(t, err)
			life.check(s.key)
			_, err = e.client.ListTags(ctx, &lambda.ListTagsInput{Resource: arn})
			require.NoError(t, err)
			life.check(s.key + "_listtags")
		}

		exc := base.replay(t, esmAPIFile, "TestLambdaTag::test_tag_exceptions[event_source_mapping]")
		exc.m.fix("<resource-name>", "00000000-1111-4222-8333-444444444444") // the UUID sent
		missing := aws.String("arn:aws:lambda:us-east-1:111111111111:event-source-mapping:00000000-1111-4222-8333-444444444444")
		e.sendRaw(func() error {
			_, err := e.client.TagResource(ctx, &lambda.TagResourceInput{Resource: missing, Tags: map[string]string{"a": "b"}})
			return err
		})
		exc.check("not_found_exception_tag")
		e.sendRaw(func() error {
			_, err := e.client.UntagResource(ctx, &lambda.UntagResourceInput{Resource: missing, TagKeys: []string{"a"}})
			return err
		})
		exc.check("not_found_exception_untag")
		e.sendRaw(func() error { _, err := e.client.ListTags(ctx, &lambda.ListTagsInput{Resource: missing}); return err })
		exc.check("not_found_exception_list")
		e.sendRaw(func() error {
			_, err := e.client.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(aws.ToString(missing) + ":alias")})
			return err
		})
		exc.check("aliased_arn_exception")

		// A deleted mapping's tags are gone with it.
		_, err = e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: out.UUID})
		require.Error(t, err) // still Creating: in use
		e.waitState(aws.ToString(out.UUID), "Enabled")
		_, err = e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: out.UUID})
		require.NoError(t, err)
		e.waitGone(aws.ToString(out.UUID))
		_, err = e.client.ListTags(ctx, &lambda.ListTagsInput{Resource: arn})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Event source mapping not found: "+aws.ToString(arn))
	})
}

// States with WithEventSourceMappingDelay: each transition lasts the delay
// on the clock, whatever reads happen; changes during a transition answer
// ResourceInUseException (message: inferred, see esm.go).
func TestEventSourceMappingStatesOnClock(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		created := e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("f"), EventSourceArn: aws.String(esmQueue)})
		id := created.UUID
		require.Equal(t, "Creating", aws.ToString(created.State))
		require.Equal(t, "USER_INITIATED", aws.ToString(created.StateTransitionReason))
		require.Equal(t, e.clk.Now().Unix(), created.LastModified.Unix())
		for i := 0; i < 3; i++ {
			require.Equal(t, "Creating", aws.ToString(e.getESM(t, id).State))
		}
		_, err := e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: id, BatchSize: aws.Int32(5)})
		requireAPIError[*types.ResourceInUseException](t, err, 400, "ResourceInUseException", "Cannot update the event source mapping because it is in use.")
		_, err = e.client.DeleteEventSourceMapping(e.ctx, &lambda.DeleteEventSourceMappingInput{UUID: id})
		requireAPIError[*types.ResourceInUseException](t, err, 400, "ResourceInUseException", "Cannot delete the event source mapping because it is in use.")
		e.clk.Add(5 * time.Second)
		require.Equal(t, "Enabled", aws.ToString(e.getESM(t, id).State))

		upd, err := e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: id, Enabled: aws.Bool(false)})
		require.NoError(t, err)
		require.Equal(t, "Disabling", aws.ToString(upd.State))
		require.Equal(t, "Disabling", aws.ToString(e.getESM(t, id).State))
		// Delete is allowed while Enabling or Disabling (inferred).
		e.clk.Add(5 * time.Second)
		require.Equal(t, "Disabled", aws.ToString(e.getESM(t, id).State))

		upd, err = e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: id, BatchSize: aws.Int32(7)})
		require.NoError(t, err)
		require.Equal(t, "Updating", aws.ToString(upd.State))
		require.EqualValues(t, 7, aws.ToInt32(upd.BatchSize))
		e.clk.Add(5 * time.Second)
		require.Equal(t, "Disabled", aws.ToString(e.getESM(t, id).State)) // an update keeps Enabled as it was

		del, err := e.client.DeleteEventSourceMapping(e.ctx, &lambda.DeleteEventSourceMappingInput{UUID: id})
		require.NoError(t, err)
		require.Equal(t, "Deleting", aws.ToString(del.State))
		require.Equal(t, "Deleting", aws.ToString(e.getESM(t, id).State))
		// The source and function stay taken while Deleting.
		_, err = e.client.CreateEventSourceMapping(e.ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("f"), EventSourceArn: aws.String(esmQueue)})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException",
			`An event source mapping with SQS arn (" `+esmQueue+` ") and function (" f ") already exists. Please update or delete the existing mapping with UUID `+aws.ToString(id))
		e.clk.Add(5 * time.Second)
		_, err = e.client.GetEventSourceMapping(e.ctx, &lambda.GetEventSourceMappingInput{UUID: id})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "The resource you requested does not exist.")
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("f"), EventSourceArn: aws.String(esmQueue)})
	}, fakelambda.WithEventSourceMappingDelay(5*time.Second))
}

// By default a transition completes once a read has shown it: the SDK's
// polling loops finish after one more read.
func TestEventSourceMappingStatesObserved(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		id := e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("f"), EventSourceArn: aws.String(esmQueue), Enabled: aws.Bool(false)}).UUID
		require.Equal(t, "Disabled", aws.ToString(e.getESM(t, id).State)) // created Disabled at once (recorded)
		upd, err := e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: id, Enabled: aws.Bool(true)})
		require.NoError(t, err)
		require.Equal(t, "Enabling", aws.ToString(upd.State))
		list, err := e.client.ListEventSourceMappings(e.ctx, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, "Enabling", aws.ToString(list.EventSourceMappings[0].State)) // a List observes too
		require.Equal(t, "Enabled", aws.ToString(e.getESM(t, id).State))
		require.Equal(t, "Enabled", aws.ToString(e.getESM(t, id).State))
	})
}

func TestEventSourceMappingList(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.createFunction(t, "g")
		v := e.publish(t, "f")
		var ids []string
		for _, c := range []struct{ fn, src string }{
			{"f", esmQueue}, {"f", esmQueue + "2"}, {"g", esmQueue}, {"f:" + v, esmQueue},
			{arnPrefix + "g", "arn:aws:kinesis:us-east-1:123456789012:stream/s"},
		} {
			in := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(c.fn), EventSourceArn: aws.String(c.src)}
			if c.src[len("arn:aws:"):][:7] == "kinesis" {
				in.StartingPosition = types.EventSourcePositionLatest
			}
			ids = append(ids, aws.ToString(e.createESM(t, in).UUID))
		}
		count := func(in *lambda.ListEventSourceMappingsInput) int {
			out, err := e.client.ListEventSourceMappings(e.ctx, in)
			require.NoError(t, err)
			return len(out.EventSourceMappings)
		}
		require.Equal(t, 5, count(&lambda.ListEventSourceMappingsInput{}))
		require.Equal(t, 3, count(&lambda.ListEventSourceMappingsInput{FunctionName: aws.String("f")}))
		require.Equal(t, 1, count(&lambda.ListEventSourceMappingsInput{FunctionName: aws.String("f:" + v)}))
		require.Equal(t, 2, count(&lambda.ListEventSourceMappingsInput{FunctionName: aws.String(arnPrefix + "g")}))
		require.Equal(t, 3, count(&lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(esmQueue)}))
		require.Equal(t, 2, count(&lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(esmQueue), FunctionName: aws.String("f")}))
		// Filters are not checked for existence (recorded: 200).
		require.Equal(t, 0, count(&lambda.ListEventSourceMappingsInput{FunctionName: aws.String("nope")}))
		require.Equal(t, 0, count(&lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(esmQueue + "-none")}))

		// Paging: the SDK's paginator sees every mapping once.
		var seen []string
		p := lambda.NewListEventSourceMappingsPaginator(e.client, &lambda.ListEventSourceMappingsInput{MaxItems: aws.Int32(2)})
		pages := 0
		for p.HasMorePages() {
			out, err := p.NextPage(e.ctx)
			require.NoError(t, err)
			pages++
			for _, m := range out.EventSourceMappings {
				seen = append(seen, aws.ToString(m.UUID))
			}
		}
		require.Equal(t, 3, pages)
		require.ElementsMatch(t, ids, seen)
		_, err := e.client.ListEventSourceMappings(e.ctx, &lambda.ListEventSourceMappingsInput{MaxItems: aws.Int32(10001)})
		requireValidation(t, err, "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000")
	})
}

// A mapping outlives its function (recorded); a later Update naming a
// missing function answers like Create.
func TestEventSourceMappingOutlivesFunction(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		m := e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("f"), EventSourceArn: aws.String(esmQueue),
			BatchSize: aws.Int32(50), MaximumBatchingWindowInSeconds: aws.Int32(2),
			FunctionResponseTypes: []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures},
			ScalingConfig:         &types.ScalingConfig{MaximumConcurrency: aws.Int32(5)},
			FilterCriteria:        &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(`{"body":{"a":[1]}}`)}}}})
		require.EqualValues(t, 50, aws.ToInt32(m.BatchSize))
		require.EqualValues(t, 5, aws.ToInt32(m.ScalingConfig.MaximumConcurrency))
		require.Equal(t, []types.FunctionResponseType{types.FunctionResponseTypeReportBatchItemFailures}, m.FunctionResponseTypes)
		require.Equal(t, `{"body":{"a":[1]}}`, aws.ToString(m.FilterCriteria.Filters[0].Pattern))
		_, err := e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		e.getESM(t, m.UUID)
		got := e.getESM(t, m.UUID)
		require.Equal(t, "Enabled", aws.ToString(got.State))
		require.Equal(t, arnPrefix+"f", aws.ToString(got.FunctionArn))
		_, err = e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, FunctionName: aws.String("f")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", "Function does not exist")
		// Another region's function does not exist here.
		_, err = e.client.CreateEventSourceMapping(e.ctx, &lambda.CreateEventSourceMappingInput{
			FunctionName: aws.String("arn:aws:lambda:eu-west-1:123456789012:function:f"), EventSourceArn: aws.String(esmQueue + "x")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", "Function does not exist")
		// Removing the filters omits FilterCriteria (recorded for Create).
		e.createFunction(t, "f")
		upd, err := e.client.UpdateEventSourceMapping(e.ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID,
			FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{}}})
		require.NoError(t, err)
		require.Nil(t, upd.FilterCriteria)
	})
}

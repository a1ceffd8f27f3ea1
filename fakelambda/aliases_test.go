package fakelambda_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

func weights(kv ...any) *types.AliasRoutingConfiguration {
	m := map[string]float64{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(float64)
	}
	return &types.AliasRoutingConfiguration{AdditionalVersionWeights: m}
}

func TestAliasLifecycle(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		v1 := e.publish(t, "f1")
		v2 := e.publish(t, "f1")

		created, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{
			FunctionName: aws.String("f1"), Name: aws.String("live"), FunctionVersion: aws.String(v1)})
		require.NoError(t, err)
		require.Equal(t, 201, httpStatus(t, created.ResultMetadata))
		require.Equal(t, arnPrefix+"f1:live", *created.AliasArn)
		require.Equal(t, "live", *created.Name)
		require.Equal(t, "1", *created.FunctionVersion)
		require.Equal(t, "", *created.Description)
		require.Nil(t, created.RoutingConfig)
		require.Len(t, *created.RevisionId, 36)

		got, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String(arnPrefix + "f1"), Name: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, *created.AliasArn, *got.AliasArn)
		require.Equal(t, *created.RevisionId, *got.RevisionId)
		require.Equal(t, "1", *got.FunctionVersion)

		// Weighted routing to v2.
		up, err := e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{
			FunctionName: aws.String("f1"), Name: aws.String("live"), RoutingConfig: weights(v2, 0.25),
			Description: aws.String("canary"), RevisionId: created.RevisionId})
		require.NoError(t, err)
		require.Equal(t, 200, httpStatus(t, up.ResultMetadata))
		require.Equal(t, map[string]float64{"2": 0.25}, up.RoutingConfig.AdditionalVersionWeights)
		require.Equal(t, "canary", *up.Description)
		require.Equal(t, "1", *up.FunctionVersion)
		require.NotEqual(t, *created.RevisionId, *up.RevisionId)

		// A no-op update still issues a new RevisionId and keeps the rest.
		noop, err := e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		require.NoError(t, err)
		require.NotEqual(t, *up.RevisionId, *noop.RevisionId)
		require.Equal(t, map[string]float64{"2": 0.25}, noop.RoutingConfig.AdditionalVersionWeights)
		require.Equal(t, "canary", *noop.Description)

		// A stale RevisionId is refused and changes nothing.
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{
			FunctionName: aws.String("f1"), Name: aws.String("live"), FunctionVersion: aws.String(v2), RevisionId: up.RevisionId})
		requirePrecondition(t, err)
		got, err = e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, "1", *got.FunctionVersion)
		require.Equal(t, *noop.RevisionId, *got.RevisionId)

		// Moving to the weighted version itself is refused.
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{
			FunctionName: aws.String("f1"), Name: aws.String("live"), FunctionVersion: aws.String(v2)})
		requireInvalidParam(t, err, "Invalid function version 2. Function version 2 is already included in routing configuration.")

		// An empty weight map removes routing; then the move works.
		moved, err := e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{
			FunctionName: aws.String("f1"), Name: aws.String("live"), FunctionVersion: aws.String(v2),
			RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{}}})
		require.NoError(t, err)
		require.Nil(t, moved.RoutingConfig)
		require.Equal(t, "2", *moved.FunctionVersion)

		// GetFunction through the alias follows it.
		require.Equal(t, "2", *e.getFunction(t, "f1", "live").Configuration.Version)

		del, err := e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, 204, httpStatus(t, del.ResultMetadata))
		_, err = e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		requireNotFound(t, err, "Cannot find alias arn: "+arnPrefix+"f1:live")
		// Deleting a missing alias is 204 too.
		del, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, 204, httpStatus(t, del.ResultMetadata))
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f1"), Name: aws.String("live")})
		requireNotFound(t, err, "Alias not found: "+arnPrefix+"f1:live")
	})
}

func TestCreateAliasErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		v1 := e.publish(t, "f1")
		e.publish(t, "f1")
		e.alias(t, "f1", "live", v1)
		create := func(name, version string, rc *types.AliasRoutingConfiguration) error {
			_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("f1"),
				Name: aws.String(name), FunctionVersion: aws.String(version), RoutingConfig: rc})
			return err
		}
		requireConflict(t, create("live", v1, nil), "Alias already exists: "+arnPrefix+"f1:live")
		requireValidation(t, create("123", v1, nil), "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")
		requireValidation(t, create("a.b", v1, nil), "1 validation error detected: Value 'a.b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")
		long := strings.Repeat("a", 129)
		requireValidation(t, create(long, v1, nil), "1 validation error detected: Value '"+long+"' at 'name' failed to satisfy constraint: Member must have length less than or equal to 128")
		requireValidation(t, create("x", "abc", nil), `1 validation error detected: Value 'abc' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\$LATEST(\.PUBLISHED)?|[0-9]+)`)
		requireNotFound(t, create("x", "10", nil), "Function not found: "+arnPrefix+"f1:10")
		requireInvalidParam(t, create("x", "1", weights("2", 0.5, "3", 0.1)), "Number of items in AdditionalVersionWeights cannot be greater than 1")
		requireValidation(t, create("x", "1", weights("2", 1.5)), "1 validation error detected: Value '{2=1.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]")
		requireValidation(t, create("x", "1", weights("2", -0.5)), "1 validation error detected: Value '{2=-0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]")
		requireInvalidParam(t, create("x", "1", weights("1", 0.5)), "Invalid function version 1. Function version 1 is already included in routing configuration.")
		requireInvalidParam(t, create("x", "$LATEST", weights("1", 0.5)), "$LATEST is not supported for an alias pointing to more than 1 version")
		requireNotFound(t, create("x", "1", weights("7", 0.5)), "Function not found: "+arnPrefix+"f1:7")
		_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("nope"),
			Name: aws.String("x"), FunctionVersion: aws.String("1")})
		// Named with the alias's version, as recorded (TestLambdaAlias::
		// test_notfound_and_invalid_routingconfigs routing_config_exc_fn_doesnotexist).
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope:1")
		_, err = e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("arn:aws:lambda:us-west-2:123456789012:function:f1"),
			Name: aws.String("x"), FunctionVersion: aws.String("1")})
		requireNotFound(t, err, "Functions from 'us-west-2' are not reachable in this region ('us-east-1')")

		// None of these created an alias.
		list, err := e.client.ListAliases(e.ctx, &lambda.ListAliasesInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Len(t, list.Aliases, 1)
		require.Equal(t, "live", *list.Aliases[0].Name)

		// Valid forms: $LATEST, a description, a weighted alias with weight 0 and 1.
		lat, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("123456789012:function:f1"),
			Name: aws.String("latest"), FunctionVersion: aws.String("$LATEST"), Description: aws.String("tip")})
		require.NoError(t, err)
		require.Equal(t, "$LATEST", *lat.FunctionVersion)
		require.Equal(t, "tip", *lat.Description)
		for i, w := range []float64{0, 1} {
			out, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("f1"),
				Name: aws.String(fmt.Sprintf("w%d", i)), FunctionVersion: aws.String("1"), RoutingConfig: weights("2", w)})
			require.NoError(t, err)
			require.Equal(t, map[string]float64{"2": w}, out.RoutingConfig.AdditionalVersionWeights)
		}
		// A version in a routing config, even at weight 0, cannot be deleted.
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f1"), Qualifier: aws.String("2")})
		requireConflict(t, err, "Unable to delete version because the following aliases reference it: [w0, w1]")
	})
}

func TestAliasNotFoundAndValidation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		_, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f1"), Name: aws.String("nope")})
		requireNotFound(t, err, "Cannot find alias arn: "+arnPrefix+"f1:nope")
		_, err = e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f1"), Name: aws.String("42")})
		requireValidation(t, err, "1 validation error detected: Value '42' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")
		_, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f1"), Name: aws.String("42")})
		requireValidation(t, err, "1 validation error detected: Value '42' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f1"), Name: aws.String("x"), FunctionVersion: aws.String("v1")})
		requireValidation(t, err, `1 validation error detected: Value 'v1' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\$LATEST(\.PUBLISHED)?|[0-9]+)`)
		_, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("nope"), Name: aws.String("x")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")

		e.alias(t, "f1", "a", "$LATEST")
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f1"), Name: aws.String("a"), FunctionVersion: aws.String("5")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"f1:5")
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f1"), Name: aws.String("a"),
			RoutingConfig: weights("1", 0.5, "2", 0.5)})
		requireInvalidParam(t, err, "Number of items in AdditionalVersionWeights cannot be greater than 1")
		got, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f1"), Name: aws.String("a")})
		require.NoError(t, err)
		require.Equal(t, "$LATEST", *got.FunctionVersion)
	})
}

func TestListAliasesPaginator(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		v1 := e.publish(t, "f1")
		v2 := e.publish(t, "f1")
		var want []string
		for i := range 60 {
			n := fmt.Sprintf("al-%02d", i)
			ver := v1
			if i%3 == 0 {
				ver = v2
			}
			e.alias(t, "f1", n, ver)
			want = append(want, n)
		}
		collect := func(in *lambda.ListAliasesInput, limit int32) ([]string, int) {
			var got []string
			pages := 0
			p := lambda.NewListAliasesPaginator(e.client, in, func(o *lambda.ListAliasesPaginatorOptions) {
				o.Limit = limit
				o.StopOnDuplicateToken = true
			})
			for p.HasMorePages() {
				page, err := p.NextPage(e.ctx)
				require.NoError(t, err)
				pages++
				for _, a := range page.Aliases {
					got = append(got, *a.Name)
					require.Equal(t, arnPrefix+"f1:"+*a.Name, *a.AliasArn)
				}
			}
			return got, pages
		}
		got, pages := collect(&lambda.ListAliasesInput{FunctionName: aws.String("f1")}, 0)
		require.Equal(t, want, got)
		require.Equal(t, 2, pages)
		got, pages = collect(&lambda.ListAliasesInput{FunctionName: aws.String("f1")}, 7)
		require.Equal(t, want, got)
		require.Equal(t, 9, pages)
		got, pages = collect(&lambda.ListAliasesInput{FunctionName: aws.String("f1"), FunctionVersion: aws.String(v2)}, 6)
		require.Len(t, got, 20)
		require.Equal(t, "al-00", got[0])
		require.Equal(t, "al-57", got[19])
		require.Equal(t, 4, pages)

		out, err := e.client.ListAliases(e.ctx, &lambda.ListAliasesInput{FunctionName: aws.String("f1"), MaxItems: aws.Int32(60)})
		require.NoError(t, err)
		require.Len(t, out.Aliases, 60)
		require.Nil(t, out.NextMarker)

		empty := e.createFunction(t, "f2")
		out, err = e.client.ListAliases(e.ctx, &lambda.ListAliasesInput{FunctionName: empty.FunctionArn})
		require.NoError(t, err)
		require.Empty(t, out.Aliases)
		require.Nil(t, out.NextMarker)

		_, err = e.client.ListAliases(e.ctx, &lambda.ListAliasesInput{FunctionName: aws.String("nope")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = e.client.ListAliases(e.ctx, &lambda.ListAliasesInput{FunctionName: aws.String("f1"), MaxItems: aws.Int32(0)})
		requireValidation(t, err, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")
		_, err = e.client.ListAliases(e.ctx, &lambda.ListAliasesInput{FunctionName: aws.String("f1"), FunctionVersion: aws.String("x")})
		requireValidation(t, err, `1 validation error detected: Value 'x' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\$LATEST(\.PUBLISHED)?|[0-9]+)`)
	})
}

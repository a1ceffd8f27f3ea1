package fakelambda_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

func (e *env) versions(t *testing.T, name string) []string {
	t.Helper()
	out, err := e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(name)})
	require.NoError(t, err)
	var vs []string
	for _, c := range out.Versions {
		vs = append(vs, *c.Version)
	}
	return vs
}

func TestPublishVersionOnlyWhenChanged(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		created := e.createFunction(t, "f1")
		e.clk.Add(time.Second)
		pub := func(in *lambda.PublishVersionInput) (*lambda.PublishVersionOutput, error) {
			if in.FunctionName == nil {
				in.FunctionName = aws.String("f1")
			}
			return e.client.PublishVersion(e.ctx, in)
		}
		v1, err := pub(&lambda.PublishVersionInput{Description: aws.String("first")})
		require.NoError(t, err)
		require.Equal(t, 201, httpStatus(t, v1.ResultMetadata))
		require.Equal(t, "1", *v1.Version)
		require.Equal(t, arnPrefix+"f1:1", *v1.FunctionArn)
		require.Equal(t, "first", *v1.Description)
		require.Equal(t, *created.CodeSha256, *v1.CodeSha256)
		require.Equal(t, "2026-01-02T03:04:06.000+0000", *v1.LastModified)
		require.NotEqual(t, *created.RevisionId, *v1.RevisionId)

		// Nothing changed: the same version comes back, none is created.
		again, err := pub(&lambda.PublishVersionInput{})
		require.NoError(t, err)
		require.Equal(t, "1", *again.Version)
		require.Equal(t, *v1.RevisionId, *again.RevisionId)
		require.Equal(t, []string{"$LATEST", "1"}, e.versions(t, "f1"))

		// $LATEST's description is unchanged by the version's.
		require.Equal(t, "", *e.getFunction(t, "f1", "").Configuration.Description)

		// A configuration change publishes a new version.
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f1"), MemorySize: aws.Int32(256)})
		require.NoError(t, err)
		v2, err := pub(&lambda.PublishVersionInput{})
		require.NoError(t, err)
		require.Equal(t, "2", *v2.Version)
		require.Equal(t, int32(256), *v2.MemorySize)
		require.Equal(t, "", *v2.Description)

		// So does a code change, with the matching CodeSha256.
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: []byte("v3")})
		require.NoError(t, err)
		_, err = pub(&lambda.PublishVersionInput{CodeSha256: aws.String("abc")})
		requireInvalidParam(t, err, "CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST ("+sha([]byte("v3"))+
			"). Please try again with the CodeSHA256 in $LATEST.")
		latest := e.getFunction(t, "f1", "").Configuration
		_, err = pub(&lambda.PublishVersionInput{RevisionId: created.RevisionId})
		requirePrecondition(t, err)
		require.Equal(t, []string{"$LATEST", "1", "2"}, e.versions(t, "f1"))
		v3, err := pub(&lambda.PublishVersionInput{CodeSha256: aws.String(sha([]byte("v3"))), RevisionId: latest.RevisionId})
		require.NoError(t, err)
		require.Equal(t, "3", *v3.Version)
		require.Equal(t, sha([]byte("v3")), *v3.CodeSha256)

		// Re-uploading the same code is no change.
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String("f1"), ZipFile: []byte("v3")})
		require.NoError(t, err)
		same, err := pub(&lambda.PublishVersionInput{})
		require.NoError(t, err)
		require.Equal(t, "3", *same.Version)

		// Versions are immutable snapshots.
		cfg, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{
			FunctionName: aws.String("f1"), Qualifier: aws.String("1")})
		require.NoError(t, err)
		require.Equal(t, int32(128), *cfg.MemorySize)
		require.Equal(t, "first", *cfg.Description)

		// Every name form works; qualified names are refused.
		byARN, err := pub(&lambda.PublishVersionInput{FunctionName: aws.String(arnPrefix + "f1")})
		require.NoError(t, err)
		require.Equal(t, "3", *byARN.Version)
		_, err = pub(&lambda.PublishVersionInput{FunctionName: aws.String("f1:1")})
		requireInvalidParam(t, err, "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
		_, err = pub(&lambda.PublishVersionInput{FunctionName: aws.String("nope")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = pub(&lambda.PublishVersionInput{FunctionName: aws.String("arn:aws:lambda:us-west-2:123456789012:function:f1")})
		requireNotFound(t, err, "Functions from 'us-west-2' are not reachable in this region ('us-east-1')")
		_, err = pub(&lambda.PublishVersionInput{Description: aws.String(strings.Repeat("x", 257))})
		requireValidation(t, err, "1 validation error detected: Value '"+strings.Repeat("x", 257)+"' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256")
		require.Equal(t, []string{"$LATEST", "1", "2", "3"}, e.versions(t, "f1"))
	})
}

func TestPublishAfterDeletingVersions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		require.Equal(t, "1", e.publish(t, "f1"))
		require.Equal(t, "2", e.publish(t, "f1"))
		_, err := e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f1"), Qualifier: aws.String("2")})
		require.NoError(t, err)
		// Numbers are never reused.
		require.Equal(t, "3", e.publish(t, "f1"))
		require.Equal(t, []string{"$LATEST", "1", "3"}, e.versions(t, "f1"))

		// With the newest version gone, publishing unchanged code makes a new
		// version rather than answering an older one with other code.
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f1"), Qualifier: aws.String("3")})
		require.NoError(t, err)
		out, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Equal(t, "4", *out.Version)
		require.Equal(t, *e.getFunction(t, "f1", "").Configuration.CodeSha256, *out.CodeSha256)
		require.Equal(t, []string{"$LATEST", "1", "4"}, e.versions(t, "f1"))
	})
}

func TestListVersionsByFunctionPaginator(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		want := []string{"$LATEST"}
		for i := 1; i <= 55; i++ {
			require.Equal(t, strconv.Itoa(i), e.publish(t, "f1"))
			want = append(want, strconv.Itoa(i))
		}
		for _, limit := range []int32{0, 10, 56, 10000} {
			var got []string
			pages := 0
			p := lambda.NewListVersionsByFunctionPaginator(e.client,
				&lambda.ListVersionsByFunctionInput{FunctionName: aws.String(arnPrefix + "f1")},
				func(o *lambda.ListVersionsByFunctionPaginatorOptions) { o.Limit = limit; o.StopOnDuplicateToken = true })
			for p.HasMorePages() {
				page, err := p.NextPage(e.ctx)
				require.NoError(t, err)
				pages++
				for _, c := range page.Versions {
					got = append(got, *c.Version)
					require.Equal(t, arnPrefix+"f1:"+*c.Version, *c.FunctionArn)
					require.Empty(t, c.State)
				}
			}
			require.Equal(t, want, got, "limit %d", limit)
			wantPages := map[int32]int{0: 2, 10: 6, 56: 2, 10000: 2}[limit]
			require.Equal(t, wantPages, pages, "limit %d", limit)
		}

		_, err := e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("nope")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"nope")
		_, err = e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{
			FunctionName: aws.String("arn:aws:lambda:ap-south-1:123456789012:function:f1")})
		requireNotFound(t, err, "Functions from 'ap-south-1' are not reachable in this region ('us-east-1')")
		_, err = e.client.ListVersionsByFunction(e.ctx, &lambda.ListVersionsByFunctionInput{
			FunctionName: aws.String("f1"), MaxItems: aws.Int32(0)})
		requireValidation(t, err, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")
	})
}

// Publishing a new version gives $LATEST a new RevisionId; answering the
// newest version, unchanged, does not (recorded:
// TestLambdaRevisions::test_function_revisions_version_and_alias,
// TestLambdaVersions::test_publish_version_on_create).
func TestPublishVersionRevisesLatest(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f1")
		rev1 := *e.getFunction(t, "f1", "").Configuration.RevisionId
		out, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f1"), RevisionId: aws.String(rev1)})
		require.NoError(t, err)
		rev2 := *e.getFunction(t, "f1", "").Configuration.RevisionId
		require.NotEqual(t, rev1, rev2)
		require.NotEqual(t, *out.RevisionId, rev2)

		// The RevisionId read before the publication is stale now.
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f1"),
			Description: aws.String("x"), RevisionId: aws.String(rev1)})
		require.Error(t, err)
		var pf *types.PreconditionFailedException
		require.ErrorAs(t, err, &pf)

		again, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f1")})
		require.NoError(t, err)
		require.Equal(t, *out.Version, *again.Version)
		require.Equal(t, rev2, *e.getFunction(t, "f1", "").Configuration.RevisionId)
	})
}

package fakelambda_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// Layers through a real SDK client, on both transports. Messages are
// Lambda's, recorded in TestLambdaLayer (test_lambda_api.snapshot.json)
// unless said otherwise.

const layerPrefix = "arn:aws:lambda:us-east-1:123456789012:layer:"

func (e *env) publishLayer(t *testing.T, name string, zip string, runtimes ...types.Runtime) *lambda.PublishLayerVersionOutput {
	t.Helper()
	out, err := e.client.PublishLayerVersion(e.ctx, &lambda.PublishLayerVersionInput{LayerName: aws.String(name),
		Content: &types.LayerVersionContentInput{ZipFile: []byte(zip)}, CompatibleRuntimes: runtimes})
	require.NoError(t, err)
	return out
}

func TestLayerLifecycle(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		pub, err := e.client.PublishLayerVersion(e.ctx, &lambda.PublishLayerVersionInput{
			LayerName: aws.String("lib"), Content: &types.LayerVersionContentInput{ZipFile: []byte("layer zip")},
			Description: aws.String("d"), LicenseInfo: aws.String("MIT"),
			CompatibleRuntimes:      []types.Runtime{types.RuntimePython312, types.RuntimePython37},
			CompatibleArchitectures: []types.Architecture{types.ArchitectureArm64, types.ArchitectureX8664}})
		require.NoError(t, err)
		require.Equal(t, 201, httpStatus(t, pub.ResultMetadata))
		require.Equal(t, layerPrefix+"lib", aws.ToString(pub.LayerArn))
		require.Equal(t, layerPrefix+"lib:1", aws.ToString(pub.LayerVersionArn))
		require.Equal(t, int64(1), pub.Version)
		require.Equal(t, int64(9), pub.Content.CodeSize)
		require.Equal(t, sha([]byte("layer zip")), aws.ToString(pub.Content.CodeSha256))
		require.Contains(t, aws.ToString(pub.Content.Location), "https://")
		require.Equal(t, []types.Runtime{types.RuntimePython312, types.RuntimePython37}, pub.CompatibleRuntimes)
		require.Equal(t, []types.Architecture{types.ArchitectureArm64, types.ArchitectureX8664}, pub.CompatibleArchitectures)
		require.Equal(t, "MIT", aws.ToString(pub.LicenseInfo))
		require.Equal(t, "2026-01-02T03:04:05.000+0000", aws.ToString(pub.CreatedDate))

		// S3 content is accepted (the fake cannot fetch it: size 0).
		s3, err := e.client.PublishLayerVersion(e.ctx, &lambda.PublishLayerVersionInput{LayerName: aws.String("lib"),
			Content: &types.LayerVersionContentInput{S3Bucket: aws.String("bucket"), S3Key: aws.String("k.zip")}})
		require.NoError(t, err)
		require.Equal(t, int64(2), s3.Version)
		require.Zero(t, s3.Content.CodeSize)
		require.Nil(t, s3.CompatibleRuntimes)

		got, err := e.client.GetLayerVersion(e.ctx, &lambda.GetLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(1)})
		require.NoError(t, err)
		require.Equal(t, pub.LayerVersionArn, got.LayerVersionArn)
		require.Equal(t, pub.Content.CodeSha256, got.Content.CodeSha256)
		byArn, err := e.client.GetLayerVersionByArn(e.ctx, &lambda.GetLayerVersionByArnInput{Arn: aws.String(layerPrefix + "lib:2")})
		require.NoError(t, err)
		require.Equal(t, int64(2), byArn.Version)
		// A layer ARN names the layer too.
		got, err = e.client.GetLayerVersion(e.ctx, &lambda.GetLayerVersionInput{LayerName: aws.String(layerPrefix + "lib"), VersionNumber: aws.Int64(2)})
		require.NoError(t, err)
		require.Equal(t, int64(2), got.Version)

		// Newest first; filters; paging.
		lv, err := e.client.ListLayerVersions(e.ctx, &lambda.ListLayerVersionsInput{LayerName: aws.String("lib")})
		require.NoError(t, err)
		require.Len(t, lv.LayerVersions, 2)
		require.Equal(t, int64(2), lv.LayerVersions[0].Version)
		require.Equal(t, int64(1), lv.LayerVersions[1].Version)
		lv, err = e.client.ListLayerVersions(e.ctx, &lambda.ListLayerVersionsInput{LayerName: aws.String("lib"), CompatibleRuntime: types.RuntimePython37})
		require.NoError(t, err)
		require.Len(t, lv.LayerVersions, 1)
		require.Equal(t, int64(1), lv.LayerVersions[0].Version)
		var versions []int64
		p := lambda.NewListLayerVersionsPaginator(e.client, &lambda.ListLayerVersionsInput{LayerName: aws.String("lib"), MaxItems: aws.Int32(1)})
		for p.HasMorePages() {
			page, err := p.NextPage(e.ctx)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page.LayerVersions), 1)
			for _, v := range page.LayerVersions {
				versions = append(versions, v.Version)
			}
		}
		require.Equal(t, []int64{2, 1}, versions)

		e.publishLayer(t, "other", "x", types.RuntimeNodejs20x)
		ll, err := e.client.ListLayers(e.ctx, &lambda.ListLayersInput{})
		require.NoError(t, err)
		require.Len(t, ll.Layers, 2)
		require.Equal(t, "lib", aws.ToString(ll.Layers[0].LayerName))
		require.Equal(t, int64(2), ll.Layers[0].LatestMatchingVersion.Version)
		require.Equal(t, "other", aws.ToString(ll.Layers[1].LayerName))
		ll, err = e.client.ListLayers(e.ctx, &lambda.ListLayersInput{CompatibleRuntime: types.RuntimePython312})
		require.NoError(t, err)
		require.Len(t, ll.Layers, 1)
		require.Equal(t, int64(1), ll.Layers[0].LatestMatchingVersion.Version)
		ll, err = e.client.ListLayers(e.ctx, &lambda.ListLayersInput{CompatibleArchitecture: types.ArchitectureArm64})
		require.NoError(t, err)
		require.Len(t, ll.Layers, 1)
		var names []string
		lp := lambda.NewListLayersPaginator(e.client, &lambda.ListLayersInput{MaxItems: aws.Int32(1)})
		for lp.HasMorePages() {
			page, err := lp.NextPage(e.ctx)
			require.NoError(t, err)
			for _, l := range page.Layers {
				names = append(names, aws.ToString(l.LayerName))
			}
		}
		require.Equal(t, []string{"lib", "other"}, names)

		// Delete is idempotent; numbers are never reused.
		for _, n := range []int64{1, 2, 2, 7} {
			_, err = e.client.DeleteLayerVersion(e.ctx, &lambda.DeleteLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(n)})
			require.NoError(t, err)
		}
		_, err = e.client.DeleteLayerVersion(e.ctx, &lambda.DeleteLayerVersionInput{LayerName: aws.String("nope"), VersionNumber: aws.Int64(1)})
		require.NoError(t, err)
		lv, err = e.client.ListLayerVersions(e.ctx, &lambda.ListLayerVersionsInput{LayerName: aws.String("lib")})
		require.NoError(t, err)
		require.Empty(t, lv.LayerVersions)
		require.Equal(t, int64(3), e.publishLayer(t, "lib", "again").Version)
	})
}

func TestLayerErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.publishLayer(t, "lib", "zip", types.RuntimePython312)
		_, err := e.client.GetLayerVersion(e.ctx, &lambda.GetLayerVersionInput{LayerName: aws.String("nope"), VersionNumber: aws.Int64(1)})
		requireNotFound(t, err, "The resource you requested does not exist.")
		_, err = e.client.GetLayerVersion(e.ctx, &lambda.GetLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(2)})
		requireNotFound(t, err, "The resource you requested does not exist.")
		for _, n := range []int64{-1, 0} {
			_, err = e.client.GetLayerVersion(e.ctx, &lambda.GetLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(n)})
			requireInvalidParam(t, err, "Layer Version Cannot be less than 1")
		}
		_, err = e.client.DeleteLayerVersion(e.ctx, &lambda.DeleteLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(-1)})
		requireInvalidParam(t, err, "Layer Version Cannot be less than 1")
		_, err = e.client.GetLayerVersionByArn(e.ctx, &lambda.GetLayerVersionByArnInput{Arn: aws.String(layerPrefix + "lib")})
		requireValidation(t, err, "1 validation error detected: Value '"+layerPrefix+"lib' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: "+
			`(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`)
		_, err = e.client.GetLayerVersionByArn(e.ctx, &lambda.GetLayerVersionByArnInput{Arn: aws.String(layerPrefix + "lib:2")})
		requireNotFound(t, err, "The resource you requested does not exist.")
		lv, err := e.client.ListLayerVersions(e.ctx, &lambda.ListLayerVersionsInput{LayerName: aws.String("nope")})
		require.NoError(t, err)
		require.NotNil(t, lv.LayerVersions)
		require.Empty(t, lv.LayerVersions)

		_, err = e.client.ListLayers(e.ctx, &lambda.ListLayersInput{CompatibleArchitecture: "archdoesnotexist"})
		requireValidation(t, err, "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]")
		_, err = e.client.ListLayers(e.ctx, &lambda.ListLayersInput{CompatibleRuntime: "runtimedoesnotexist"})
		requireValidation(t, err, "1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: "+
			"[ruby3.5, ruby2.6, dotnetcore1.0, python3.7, nodejs8.10, nasa, ruby2.7, python2.7-greengrass, dotnetcore2.0, python3.8, java21, dotnet6, dotnetcore2.1, python3.9, java11, nodejs6.10, provided, dotnetcore3.1, dotnet8, java25, java17, nodejs, nodejs4.3, java8.al2, go1.x, dotnet10, nodejs20.x, go1.9, byol, nodejs10.x, provided.al2023, nodejs22.x, python3.10, java8, nodejs12.x, python3.11, nodejs24.x, nodejs8.x, python3.12, nodejs14.x, nodejs8.9, nodejs26.x, python3.13, python3.14, nodejs16.x, python3.15, provided.al2, nodejs4.3-edge, nodejs18.x, ruby3.2, python3.4, ruby3.3, ruby3.4, ruby2.5, python3.6, python2.7]")

		supported := "[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]"
		_, err = e.client.PublishLayerVersion(e.ctx, &lambda.PublishLayerVersionInput{LayerName: aws.String("bad"),
			Content: &types.LayerVersionContentInput{ZipFile: []byte("z")}, CompatibleRuntimes: []types.Runtime{"invalidruntime", "invalidruntime2", "nodejs20.x"},
			CompatibleArchitectures: []types.Architecture{"invalidarch", "x86_64"}})
		requireValidation(t, err, "2 validation errors detected: Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: "+supported+
			"; Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]")
		// The refused publish took no version number.
		require.Equal(t, int64(2), e.publishLayer(t, "lib", "zip").Version)
		lv, err = e.client.ListLayerVersions(e.ctx, &lambda.ListLayerVersionsInput{LayerName: aws.String("bad")})
		require.NoError(t, err)
		require.Empty(t, lv.LayerVersions)
	})
}

func TestLayerVersionPermissions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.publishLayer(t, "lib", "zip")
		get := func() (*lambda.GetLayerVersionPolicyOutput, error) {
			return e.client.GetLayerVersionPolicy(e.ctx, &lambda.GetLayerVersionPolicyInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(1)})
		}
		add := func(sid, principal string, revision *string) (*lambda.AddLayerVersionPermissionOutput, error) {
			return e.client.AddLayerVersionPermission(e.ctx, &lambda.AddLayerVersionPermissionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(1),
				StatementId: aws.String(sid), Action: aws.String("lambda:GetLayerVersion"), Principal: aws.String(principal), RevisionId: revision})
		}
		_, err := get()
		requireNotFound(t, err, "No policy is associated with the given resource.")

		a1, err := add("s1", "*", nil)
		require.NoError(t, err)
		require.Equal(t, 201, httpStatus(t, a1.ResultMetadata))
		require.JSONEq(t, `{"Sid":"s1","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"`+layerPrefix+`lib:1"}`, aws.ToString(a1.Statement))
		pol, err := get()
		require.NoError(t, err)
		require.Equal(t, a1.RevisionId, pol.RevisionId)
		// Not recorded: an account principal is written as its root ARN.
		a2, err := add("s2", "210987654321", a1.RevisionId)
		require.NoError(t, err)
		require.NotEqual(t, a1.RevisionId, a2.RevisionId)
		pol, err = get()
		require.NoError(t, err)
		require.Equal(t, `{"Version":"2012-10-17","Id":"default","Statement":[`+
			`{"Sid":"s1","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"`+layerPrefix+`lib:1"},`+
			`{"Sid":"s2","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":"`+layerPrefix+`lib:1"}]}`,
			aws.ToString(pol.Policy))
		require.True(t, json.Valid([]byte(aws.ToString(pol.Policy))))

		_, err = add("s1", "*", nil)
		requireConflict(t, err, "The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement.")
		_, err = add("s3", "*", aws.String("wrong"))
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException",
			"The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id")
		_, err = e.client.AddLayerVersionPermission(e.ctx, &lambda.AddLayerVersionPermissionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(1),
			StatementId: aws.String("s4"), Action: aws.String("*"), Principal: aws.String("*")})
		requireValidation(t, err, "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion")
		for _, target := range []struct {
			name string
			n    int64
		}{{"lib-doesnotexist", 1}, {"lib", 2}} {
			msg := "Layer version " + layerPrefix + target.name + ":" + strconv.FormatInt(target.n, 10) + " does not exist."
			_, err = e.client.AddLayerVersionPermission(e.ctx, &lambda.AddLayerVersionPermissionInput{LayerName: aws.String(target.name), VersionNumber: aws.Int64(target.n),
				StatementId: aws.String("s9"), Action: aws.String("lambda:GetLayerVersion"), Principal: aws.String("*")})
			requireNotFound(t, err, msg)
			_, err = e.client.GetLayerVersionPolicy(e.ctx, &lambda.GetLayerVersionPolicyInput{LayerName: aws.String(target.name), VersionNumber: aws.Int64(target.n)})
			requireNotFound(t, err, msg)
			_, err = e.client.RemoveLayerVersionPermission(e.ctx, &lambda.RemoveLayerVersionPermissionInput{LayerName: aws.String(target.name),
				VersionNumber: aws.Int64(target.n), StatementId: aws.String("s1")})
			requireNotFound(t, err, msg)
		}
		remove := func(sid string, revision *string) error {
			_, err := e.client.RemoveLayerVersionPermission(e.ctx, &lambda.RemoveLayerVersionPermissionInput{LayerName: aws.String("lib"),
				VersionNumber: aws.Int64(1), StatementId: aws.String(sid), RevisionId: revision})
			return err
		}
		requireNotFound(t, remove("doesnotexist", nil), "Statement doesnotexist is not found in resource policy.")
		requireAPIError[*types.PreconditionFailedException](t, remove("s1", aws.String("wrong")), 412, "PreconditionFailedException",
			"The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id")
		require.NoError(t, remove("s2", a2.RevisionId))
		pol, err = get()
		require.NoError(t, err)
		require.NotEqual(t, a2.RevisionId, pol.RevisionId)
		require.Equal(t, `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s1","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"`+layerPrefix+`lib:1"}]}`,
			aws.ToString(pol.Policy))
	})
}

func TestFunctionLayers(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		p1 := e.publishLayer(t, "lib", "twelve bytes")
		p2 := e.publishLayer(t, "lib", "v2")
		other := e.publishLayer(t, "other", "xyz")
		in := zipInput("f", []byte("fn"))
		in.Layers = []string{aws.ToString(p1.LayerVersionArn), aws.ToString(other.LayerVersionArn)}
		created, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, []types.Layer{{Arn: p1.LayerVersionArn, CodeSize: 12}, {Arn: other.LayerVersionArn, CodeSize: 3}}, created.Layers)

		up, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"),
			Layers: []string{aws.ToString(p2.LayerVersionArn)}})
		require.NoError(t, err)
		require.Equal(t, []types.Layer{{Arn: p2.LayerVersionArn, CodeSize: 2}}, up.Layers)
		require.Equal(t, types.LastUpdateStatusInProgress, up.LastUpdateStatus)

		// Deleting a version a function uses leaves the function as it is;
		// an update that does not name Layers keeps them.
		_, err = e.client.DeleteLayerVersion(e.ctx, &lambda.DeleteLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(2)})
		require.NoError(t, err)
		_, err = e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Description: aws.String("d")})
		require.NoError(t, err)
		cfg, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, []types.Layer{{Arn: p2.LayerVersionArn, CodeSize: 2}}, cfg.Layers)

		update := func(layers ...string) error {
			if layers == nil {
				layers = []string{} // sent as []
			}
			_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("f"), Layers: layers})
			return err
		}
		v1, v3 := aws.ToString(p1.LayerVersionArn), layerPrefix+"lib:3"
		requireInvalidParam(t, update(v1, v3), "Two different versions of the same layer are not allowed to be referenced in the same function. "+v1+" and "+v3+" are versions of the same layer.")
		requireInvalidParam(t, update(v1, v1), "Two different versions of the same layer are not allowed to be referenced in the same function. "+v1+" and "+v1+" are versions of the same layer.")
		requireInvalidParam(t, update(layerPrefix+"doesnotexist:1"), "Layer version "+layerPrefix+"doesnotexist:1 does not exist.")
		requireInvalidParam(t, update(layerPrefix+"lib:9"), "Layer version "+layerPrefix+"lib:9 does not exist.")
		requireInvalidParam(t, update("arn:aws:lambda:us-west-2:123456789012:layer:lib:1"), "Layers are not in the same region as the function. Layers are expected to be in region us-east-1.")
		requireValidation(t, update(layerPrefix+"lib"), "1 validation error detected: Value '["+layerPrefix+"lib]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: "+
			`[Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]`)
		var six []string
		for _, n := range []string{"a", "b", "c", "d", "e", "g"} {
			six = append(six, aws.ToString(e.publishLayer(t, n, n).LayerVersionArn))
		}
		in = zipInput("g", []byte("fn"))
		in.Layers = six
		_, err = e.client.CreateFunction(e.ctx, in)
		requireInvalidParam(t, err, "Cannot reference more than 5 layers.")
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("g")})
		requireNotFound(t, err, "Function not found: "+arnPrefix+"g")
		// An empty list removes the layers.
		require.NoError(t, update())
		cfg, err = e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Empty(t, cfg.Layers)
	})
}

// Recorded (TestLambdaAccountSettings::test_account_settings_total_code_size):
// layer versions count in AccountUsage.TotalCodeSize.
func TestLayersTotalCodeSize(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		total := func() int64 {
			as, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
			require.NoError(t, err)
			return as.AccountUsage.TotalCodeSize
		}
		t0 := total()
		e.publishLayer(t, "lib", string(make([]byte, 169)))
		require.Equal(t, int64(169), total()-t0)
		e.publishLayer(t, "lib", string(make([]byte, 169)))
		require.Equal(t, int64(338), total()-t0)
		_, err := e.client.DeleteLayerVersion(e.ctx, &lambda.DeleteLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(1)})
		require.NoError(t, err)
		require.Equal(t, int64(169), total()-t0)
	})
}

// Layers are per account and region, in the call log, faultable and
// forgotten by Reset; the same seed answers the same Locations.
func TestLayersFakeIntegration(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.publishLayer(t, "lib", "zip")
		west := lambda.NewFromConfig(middleware.Config(e.fake), func(o *lambda.Options) { o.Region = "eu-west-1" })
		ll, err := west.ListLayers(e.ctx, &lambda.ListLayersInput{})
		require.NoError(t, err)
		require.Empty(t, ll.Layers)

		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpPublishLayerVersion, Count: 1, Err: &fakelambda.APIError{Code: "CodeStorageExceededException", Message: "full"}})
		_, err = e.client.PublishLayerVersion(e.ctx, &lambda.PublishLayerVersionInput{LayerName: aws.String("lib"), Content: &types.LayerVersionContentInput{ZipFile: []byte("z")}})
		requireAPIError[*types.CodeStorageExceededException](t, err, 400, "CodeStorageExceededException", "full")
		require.Equal(t, 1, h.Fired())
		calls := e.fake.Calls()
		require.Equal(t, fakelambda.OpPublishLayerVersion, calls[len(calls)-1].Operation)
		require.True(t, calls[len(calls)-1].Faulted)

		e.fake.Reset()
		_, err = e.client.GetLayerVersion(e.ctx, &lambda.GetLayerVersionInput{LayerName: aws.String("lib"), VersionNumber: aws.Int64(1)})
		requireNotFound(t, err, "The resource you requested does not exist.")
		require.Equal(t, int64(1), e.publishLayer(t, "lib", "zip").Version)
	})
	loc := func() string {
		f := fakelambda.New(fakelambda.WithSeed(7))
		c := lambda.NewFromConfig(middleware.Config(f))
		out, err := c.PublishLayerVersion(t.Context(), &lambda.PublishLayerVersionInput{LayerName: aws.String("lib"), Content: &types.LayerVersionContentInput{ZipFile: []byte("z")}})
		require.NoError(t, err)
		return aws.ToString(out.Content.Location)
	}
	require.Equal(t, loc(), loc())
}

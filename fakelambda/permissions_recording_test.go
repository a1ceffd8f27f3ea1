package fakelambda_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// Replays of TestLambdaPermissions (and TestLambdaRevisions'
// permission test) of test_lambda_api.snapshot.json: the same calls as the
// recorded test, on both transports, each recorded answer compared with the
// fake's raw answer by the shared comparator (recording_test.go,
// matcher.compareRaw): placeholders bound across the test, <partition> and
// <region> fixed to the fake's; the members Lambda sends as JSON text
// (Statement, Policy) compact, their keys in AWS's recorded order; the
// headers a recording kept. The fake runs in the recorded account.

const permFile = "test_lambda_api.snapshot.json"

// ---- capturing raw answers on both transports ----

// lastAnswer is an http.Handler in front of a Fake that keeps the last
// answer it wrote.
type lastAnswer struct {
	*fakelambda.Fake
	mu     sync.Mutex
	status int
	header http.Header
	body   []byte
}

func (l *lastAnswer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	l.Fake.ServeHTTP(rec, r)
	l.mu.Lock()
	l.status, l.header, l.body = rec.Code, rec.Header().Clone(), rec.Body.Bytes()
	l.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// replayTransports runs fn on both transports with a fake behind a
// lastAnswer.
func replayTransports(t *testing.T, fn func(t *testing.T, e *env, last *lastAnswer)) {
	for _, overHTTP := range []bool{false, true} {
		name := map[bool]string{false: "middleware", true: "http"}[overHTTP]
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, false, fakelambda.WithAccountID(account))
			last := &lastAnswer{Fake: e.fake}
			if overHTTP {
				srv := httptest.NewServer(last)
				t.Cleanup(srv.Close)
				cfg := middleware.Config(e.fake)
				cfg.APIOptions = nil
				hc := &http.Client{Transport: &http.Transport{}}
				t.Cleanup(hc.CloseIdleConnections)
				e.client = lambda.NewFromConfig(cfg, func(o *lambda.Options) {
					o.BaseEndpoint = aws.String(srv.URL)
					o.HTTPClient = hc
				})
			} else {
				e.client = lambda.NewFromConfig(middleware.Config(last))
			}
			fn(t, e, last)
		})
	}
}

// ---- comparing ----

// permReplay compares answers with one recorded test's.
type permReplay struct {
	t       *testing.T
	last    *lastAnswer
	id      string
	m       *matcher
	matched map[string]bool
}

func newReplay(t *testing.T, id string, last *lastAnswer) *permReplay {
	if _, ok := loadRecordings(t, permFile)[id]; !ok {
		t.Fatalf("no recording %s", id)
	}
	return &permReplay{t: t, last: last, id: id, m: newMatcher().fix("<partition>", "aws").fix("<region>", "us-east-1"),
		matched: map[string]bool{}}
}

// match compares the last answer with the recorded answer key.
func (r *permReplay) match(key string) {
	r.t.Helper()
	r.matched[key] = true
	r.last.mu.Lock()
	status, header, body := r.last.status, r.last.header, r.last.body
	r.last.mu.Unlock()
	if diffs := r.m.compareRaw(r.t, permFile, r.id, key, status, header, body); len(diffs) > 0 {
		r.t.Errorf("%s: %d differences:\n\t%s\nfake answered: %d %s", key, len(diffs), strings.Join(diffs, "\n\t"), status, body)
	}
}

// done fails unless every recorded answer was matched or skipped.
func (r *permReplay) done(skipped ...string) {
	r.t.Helper()
	for _, k := range skipped {
		r.matched[k] = true
	}
	for k := range loadRecordings(r.t, permFile)[r.id] {
		if !r.matched[k] {
			r.t.Errorf("recorded answer %s not replayed", k)
		}
	}
}

// ---- the replays ----

// permArgs is an AddPermission of the recorded tests.
func permIn(fn, sid, principal string) *lambda.AddPermissionInput {
	return &lambda.AddPermissionInput{FunctionName: aws.String(fn), StatementId: aws.String(sid),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String(principal)}
}

func withSource(in *lambda.AddPermissionInput, bucket string) *lambda.AddPermissionInput {
	in.SourceArn = aws.String("arn:aws:s3:::" + bucket)
	return in
}

func withQualifier(in *lambda.AddPermissionInput, q string) *lambda.AddPermissionInput {
	in.Qualifier = aws.String(q)
	return in
}

func TestReplayPermissionExceptions(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaPermissions::test_permission_exceptions", last)
		fn := "lambda_func-1a2b3c"
		e.createFunction(t, fn)
		add := func(key string, in *lambda.AddPermissionInput) {
			t.Helper()
			_, err := e.client.AddPermission(e.ctx, in)
			require.Error(t, err)
			r.match(key)
		}
		add("add_permission_invalid_statement_id", permIn(fn, "example.com", "s3.amazonaws.com"))
		add("add_permission_fn_qualifier_mismatch", withQualifier(withSource(permIn(fn+":alias-not-42", "s3", "s3.amazonaws.com"), "test-bucket"), "42"))
		add("add_permission_fn_qualifier_latest", withQualifier(withSource(permIn(fn+":$LATEST", "s3", "s3.amazonaws.com"), "test-bucket"), "$LATEST"))
		in := permIn(fn, "lambda", "invalid.nonaws.com")
		in.SourceAccount = aws.String(account)
		add("add_permission_principal_invalid", in)
		_, err := e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("doesnotexist")})
		require.Error(t, err)
		r.match("get_policy_fn_doesnotexist")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn), Qualifier: aws.String("77")})
		require.Error(t, err)
		r.match("get_policy_fn_version_doesnotexist")
		add("add_permission_fn_doesnotexist", withSource(permIn("doesnotexist", "s3", "s3.amazonaws.com"), "test-bucket"))
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fn), StatementId: aws.String("s3")})
		require.Error(t, err)
		r.match("remove_permission_policy_doesnotexist")
		add("add_permission_fn_alias_doesnotexist", withSource(permIn(fn+":alias-doesnotexist", "s3", "s3.amazonaws.com"), "test-bucket"))
		add("add_permission_fn_version_doesnotexist", withQualifier(withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"), "42"))
		add("add_permission_fn_qualifier_invalid", withQualifier(withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"), "invalid-qualifier-with-?-char"))
		add("add_permission_fn_qualifier_valid_doesnotexist", withQualifier(withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"), "valid-with-$-but-doesnotexist"))
		_, err = e.client.AddPermission(e.ctx, withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"))
		require.NoError(t, err)
		add("add_permission_conflicting_statement_id", withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"))
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("doesnotexist"), StatementId: aws.String("s3")})
		require.Error(t, err)
		r.match("remove_permission_fn_doesnotexist")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fn), StatementId: aws.String("s3"), Qualifier: aws.String("alias-doesnotexist")})
		require.Error(t, err)
		r.match("remove_permission_fn_alias_doesnotexist")
		r.done()
	})
}

func TestReplayAddLambdaPermissionAWS(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaPermissions::test_add_lambda_permission_aws", last)
		fn := "lambda_func-4d5e6f"
		e.createFunction(t, fn)
		_, err := e.client.AddPermission(e.ctx, withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"))
		require.NoError(t, err)
		r.match("add_permission")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("get_policy")
		// create_lambda is CreateFunction's answer, as LocalStack's fixture
		// wraps it: function lifecycle, replayed by its own tests.
		r.done("create_lambda")
	})
}

func TestReplayLambdaPermissionFnVersioning(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaPermissions::test_lambda_permission_fn_versioning", last)
		fn := "lambda_func-7a8b9c"
		e.createFunction(t, fn)
		add := func(in *lambda.AddPermissionInput) {
			t.Helper()
			_, err := e.client.AddPermission(e.ctx, in)
			require.NoError(t, err)
		}
		getPolicy := func(key, q string) *lambda.GetPolicyOutput {
			t.Helper()
			in := &lambda.GetPolicyInput{FunctionName: aws.String(fn)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			out, _ := e.client.GetPolicy(e.ctx, in)
			r.match(key)
			return out
		}
		add(withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"))
		r.match("add_permission")
		getPolicy("get_policy", "")
		pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		v := aws.ToString(pub.Version)
		_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		getPolicy("get_policy_after_publishing_latest", "")
		getPolicy("get_policy_after_publishing_new_version", v)
		add(withQualifier(withSource(permIn(fn+":"+v, "s3", "s3.amazonaws.com"), "test-bucket"), v))
		getPolicy("get_policy_version", v)
		ca, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String(fn), Name: aws.String("permission-alias"), FunctionVersion: aws.String(v)})
		require.NoError(t, err)
		r.match("create_alias_response")
		_, err = e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String(fn), Name: aws.String("permission-alias")})
		require.NoError(t, err)
		r.match("get_alias")
		in := withQualifier(withSource(permIn(fn, "s3", "s3.amazonaws.com"), "test-bucket"), "permission-alias")
		in.RevisionId = aws.String("wrong")
		_, err = e.client.AddPermission(e.ctx, in)
		var pf *types.PreconditionFailedException
		require.ErrorAs(t, err, &pf)
		r.match("add_permission_alias_revision_exception")
		in = withQualifier(withSource(permIn(fn+":permission-alias", "s3", "s3.amazonaws.com"), "test-bucket"), "permission-alias")
		in.RevisionId = ca.RevisionId
		add(in)
		getPolicy("get_policy_alias", "permission-alias")
		got := getPolicy("get_policy_after_adding_to_new_version", "")
		in = withSource(permIn(fn, "s3_2", "s3.amazonaws.com"), "test-bucket")
		in.RevisionId = got.RevisionId
		add(in)
		getPolicy("get_policy_after_adding_2", "")
		// publish_version_result and get_function_result_after_publishing are
		// PublishVersion's and GetFunction's answers (python3.12 function
		// configuration: RuntimeVersionConfig, Environment, ... of the
		// lifecycle and recorded-fidelity work), not permissions'.
		r.done("publish_version_result", "get_function_result_after_publishing")
	})
}

func TestReplayAddLambdaPermissionFields(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaPermissions::test_add_lambda_permission_fields", last)
		fn := "lambda_func-0d1e2f"
		e.createFunction(t, fn)
		add := func(key string, in *lambda.AddPermissionInput) {
			t.Helper()
			out, err := e.client.AddPermission(e.ctx, in)
			require.NoError(t, err)
			r.match(key)
			var st map[string]any
			require.NoError(t, json.Unmarshal([]byte(aws.ToString(out.Statement)), &st))
		}
		in := permIn(fn, "wilcard", "*")
		in.SourceAccount = aws.String(account)
		add("add_permission_principal_wildcard", in)
		in = permIn(fn, "lambda", "lambda.amazonaws.com")
		in.SourceAccount = aws.String(account)
		add("add_permission_principal_service", in)
		add("add_permission_principal_account", permIn(fn, "account-id", account))
		in = permIn(fn, "user-arn", "arn:aws:iam::"+account+":user/tester")
		in.SourceAccount = aws.String(account)
		add("add_permission_principal_arn", in)
		in = withSource(permIn(fn, "urlPermission", "*"), "test-bucket")
		in.Action = aws.String("lambda:InvokeFunctionUrl")
		in.SourceAccount = aws.String(account)
		in.PrincipalOrgID = aws.String("o-1234567890")
		in.FunctionUrlAuthType = types.FunctionUrlAuthTypeNone
		add("add_permission_optional_fields", in)
		in = permIn(fn, "alexaSkill", "*")
		in.EventSourceToken = aws.String("amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
		add("add_permission_alexa_skill", in)
		r.done()
		require.Equal(t, "root", r.m.bound["<resource:2>"], "an account principal is the account's root")
	})
}

func TestReplayRemoveMultiPermissions(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaPermissions::test_remove_multi_permissions", last)
		fn := "lambda_func-3a4b5c"
		e.createFunction(t, fn)
		_, err := e.client.AddPermission(e.ctx, permIn(fn, "s3", "s3.amazonaws.com"))
		require.NoError(t, err)
		r.match("add_permission_1")
		_, err = e.client.AddPermission(e.ctx, withSource(permIn(fn, "sqs", "sqs.amazonaws.com"), "test-bucket"))
		require.NoError(t, err)
		r.match("add_permission_2")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("policy_after_2_add")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fn), StatementId: aws.String("non-existent")})
		var nf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &nf)
		r.match("remove_permission_exception_nonexisting_sid")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fn), StatementId: aws.String("sqs")})
		require.NoError(t, err)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("policy_after_removal")
		got, err := e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("policy_after_removal_attempt")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fn), StatementId: aws.String("s3"), RevisionId: got.RevisionId})
		require.NoError(t, err)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		require.ErrorAs(t, err, &nf)
		r.match("get_policy_exception_removed_all")
		r.done()
	})
}

func TestReplayCreateMultipleLambdaPermissions(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaPermissions::test_create_multiple_lambda_permissions", last)
		fn := "test-function-6d7e8f"
		e.createFunction(t, fn)
		_, err := e.client.AddPermission(e.ctx, permIn(fn, "logs", "logs.amazonaws.com"))
		require.NoError(t, err)
		r.match("add_permission_response_1")
		_, err = e.client.AddPermission(e.ctx, permIn(fn, "kinesis", "kinesis.amazonaws.com"))
		require.NoError(t, err)
		r.match("add_permission_response_2")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("policy_after_2_add")
		r.done()
	})
}

// TestLambdaRevisions' permission test: a wrong RevisionId on a function
// without a policy, with the raw headers it kept (content-type,
// x-amzn-errortype, content-length 149).
func TestReplayFunctionRevisionsPermissions(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaRevisions::test_function_revisions_permissions", last)
		e.createFunction(t, "fn-revisions")
		in := permIn("fn-revisions", "s3", "s3.amazonaws.com")
		in.RevisionId = aws.String("wrong")
		_, err := e.client.AddPermission(e.ctx, in)
		var pf *types.PreconditionFailedException
		require.ErrorAs(t, err, &pf)
		r.match("add_permission_revision_exception")
		r.done()
	})
}

package fakelambda_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of the recorded sequences that show the lifecycle: for each
// recorded response, the lifecycle members (State, StateReason,
// StateReasonCode, LastUpdateStatus and its reason and code, Version),
// whether each is present, FunctionName, and which RevisionIds are the same
// and which differ (the shared comparator's numbered placeholders: one
// <uuid:N> is one value, different numbers different values); for a recorded
// error, its status, code and message. Where the recorded test waited (its
// fixtures wait for Active after creating), the lifeReplay waits with the
// SDK's waiter; the waiter's polls are reads, as on AWS. Other members are
// the recorded-response tests' business. The fake runs in the recorded
// account.

// lifecycleMembers are the members compared.
var lifecycleMembers = []string{"State", "StateReason", "StateReasonCode", "LastUpdateStatus",
	"LastUpdateStatusReason", "LastUpdateStatusReasonCode", "Version", "RevisionId", "FunctionName"}

// lifeReplay compares the fake's answers with one recording.
type lifeReplay struct {
	t   *testing.T
	rec recordedTest
	m   *matcher
}

func newLifeReplay(t *testing.T, test string) *lifeReplay {
	rec, ok := loadRecordings(t, "test_lambda_api.snapshot.json")[test]
	require.True(t, ok, "no recording of %s", test)
	return &lifeReplay{t: t, rec: rec, m: newMatcher().fix("<partition>", "aws").fix("<region>", "us-east-1")}
}

// recorded is recorded response key, unwrapping GetFunction's Configuration
// and the fixture's CreateFunctionResponse.
func (r *lifeReplay) recorded(key string) map[string]any {
	r.t.Helper()
	m, ok := r.rec[key].(map[string]any)
	require.True(r.t, ok, "no recorded response %q", key)
	for _, wrap := range []string{"Configuration", "CreateFunctionResponse"} {
		if inner, ok := m[wrap].(map[string]any); ok {
			return inner
		}
	}
	return m
}

func (r *lifeReplay) check(key string, rec, got map[string]any) {
	r.t.Helper()
	if diffs := r.m.compare(rec, got); len(diffs) > 0 {
		r.t.Fatalf("%s: %d differences:\n\t%s", key, len(diffs), strings.Join(diffs, "\n\t"))
	}
}

// config compares a configuration the fake answered with recorded response key.
func (r *lifeReplay) config(key string, c *types.FunctionConfiguration) {
	r.t.Helper()
	rec, got := map[string]any{}, map[string]any{}
	all := r.recorded(key)
	for _, k := range lifecycleMembers {
		if v, ok := all[k]; ok {
			rec[k] = v
		}
	}
	put := func(k, v string) {
		if v != "" {
			got[k] = v
		}
	}
	put("State", string(c.State))
	put("StateReason", aws.ToString(c.StateReason))
	put("StateReasonCode", string(c.StateReasonCode))
	put("LastUpdateStatus", string(c.LastUpdateStatus))
	put("LastUpdateStatusReason", aws.ToString(c.LastUpdateStatusReason))
	put("LastUpdateStatusReasonCode", string(c.LastUpdateStatusReasonCode))
	put("Version", aws.ToString(c.Version))
	put("RevisionId", aws.ToString(c.RevisionId))
	put("FunctionName", aws.ToString(c.FunctionName))
	r.check(key, rec, got)
}

// fail compares an error the fake answered with recorded error key.
func (r *lifeReplay) fail(key string, err error) {
	r.t.Helper()
	require.Error(r.t, err, key)
	all, _ := r.rec[key].(map[string]any)
	var api smithy.APIError
	require.True(r.t, errors.As(err, &api), "%s: %v", key, err)
	var re *awshttp.ResponseError
	require.True(r.t, errors.As(err, &re))
	rec := map[string]any{"Error": all["Error"], "ResponseMetadata": all["ResponseMetadata"]}
	got := map[string]any{"Error": map[string]any{"Code": api.ErrorCode(), "Message": api.ErrorMessage()},
		"ResponseMetadata": map[string]any{"HTTPStatusCode": float64(re.HTTPStatusCode())}}
	r.check(key, rec, got)
}

func (e *env) waitActive(t *testing.T, name string) {
	t.Helper()
	require.NoError(t, lambda.NewFunctionActiveV2Waiter(e.client, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = fast }).
		Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)}, time.Minute))
}

func (e *env) waitUpdated(t *testing.T, name string) {
	t.Helper()
	require.NoError(t, lambda.NewFunctionUpdatedV2Waiter(e.client, func(o *lambda.FunctionUpdatedV2WaiterOptions) { o.MinDelay = fast }).
		Wait(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)}, time.Minute))
}

func (e *env) create(t *testing.T, name string, publish bool) *types.FunctionConfiguration {
	t.Helper()
	out, err := e.client.CreateFunction(e.ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(name),
		Role: aws.String("arn:aws:iam::123456789012:role/r"), Runtime: types.RuntimePython312, Handler: aws.String("index.handler"),
		Code: &types.FunctionCode{ZipFile: []byte("zip")}, Publish: publish})
	require.NoError(t, err)
	c := types.FunctionConfiguration{FunctionName: out.FunctionName, State: out.State, StateReason: out.StateReason, StateReasonCode: out.StateReasonCode,
		LastUpdateStatus: out.LastUpdateStatus, Version: out.Version, RevisionId: out.RevisionId}
	return &c
}

func (e *env) get(t *testing.T, name, q string) *types.FunctionConfiguration {
	t.Helper()
	return e.getFunction(t, name, q).Configuration
}

func codeOut(o *lambda.UpdateFunctionCodeOutput) *types.FunctionConfiguration {
	return &types.FunctionConfiguration{FunctionName: o.FunctionName, State: o.State, StateReason: o.StateReason, StateReasonCode: o.StateReasonCode,
		LastUpdateStatus: o.LastUpdateStatus, LastUpdateStatusReason: o.LastUpdateStatusReason,
		LastUpdateStatusReasonCode: o.LastUpdateStatusReasonCode, Version: o.Version, RevisionId: o.RevisionId}
}

func confOut(o *lambda.UpdateFunctionConfigurationOutput) *types.FunctionConfiguration {
	return &types.FunctionConfiguration{FunctionName: o.FunctionName, State: o.State, StateReason: o.StateReason, StateReasonCode: o.StateReasonCode,
		LastUpdateStatus: o.LastUpdateStatus, LastUpdateStatusReason: o.LastUpdateStatusReason,
		LastUpdateStatusReasonCode: o.LastUpdateStatusReasonCode, Version: o.Version, RevisionId: o.RevisionId}
}

func (e *env) codeErr(name, zip string, publish bool, rev *string) (*types.FunctionConfiguration, error) {
	o, err := e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(name),
		ZipFile: []byte(zip), Publish: publish, RevisionId: rev})
	if err != nil {
		return nil, err
	}
	return codeOut(o), nil
}

func (e *env) code(t *testing.T, name, zip string, publish bool, rev *string) *types.FunctionConfiguration {
	t.Helper()
	c, err := e.codeErr(name, zip, publish, rev)
	require.NoError(t, err)
	return c
}

func (e *env) confErr(name, desc string, rev *string) (*types.FunctionConfiguration, error) {
	o, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String(name),
		Description: aws.String(desc), RevisionId: rev})
	if err != nil {
		return nil, err
	}
	return confOut(o), nil
}

func (e *env) conf(t *testing.T, name, desc string, rev *string) *types.FunctionConfiguration {
	t.Helper()
	c, err := e.confErr(name, desc, rev)
	require.NoError(t, err)
	return c
}

// withRecordedLifecycle is withLifecycle in the recorded account.
func withRecordedLifecycle(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	withLifecycle(t, fn, fakelambda.WithAccountID(account))
}

func TestRecordedLifecycle(t *testing.T) {
	t.Run("TestLambdaFunction::test_function_lifecycle", func(t *testing.T) {
		withRecordedLifecycle(t, func(t *testing.T, e *env) {
			r := newLifeReplay(t, "TestLambdaFunction::test_function_lifecycle")
			r.config("create_response", e.create(t, "f", false))
			e.waitActive(t, "f")
			r.config("get_function_response", e.get(t, "f", ""))
			r.config("update_func_conf_response", e.conf(t, "f", "Changed-Description", nil))
			e.waitUpdated(t, "f")
			r.config("get_function_response_postupdate", e.get(t, "f", ""))
			r.config("update_code_response", e.code(t, "f", "v2", false, nil))
			e.waitUpdated(t, "f")
			r.config("get_function_response_postcodeupdate", e.get(t, "f", ""))
		})
	})
	t.Run("TestLambdaFunction::test_redundant_updates", func(t *testing.T) {
		withRecordedLifecycle(t, func(t *testing.T, e *env) {
			r := newLifeReplay(t, "TestLambdaFunction::test_redundant_updates")
			r.config("create_response", e.create(t, "f", false))
			e.waitActive(t, "f")
			r.config("first_update_result", e.conf(t, "f", "1st update description", nil))
			e.waitUpdated(t, "f")
			r.config("get_fn_config_result", e.get(t, "f", ""))
			r.config("get_fn_result", e.get(t, "f", ""))
			r.config("redundant_update_result", e.conf(t, "f", "1st update description", nil))
			e.waitUpdated(t, "f")
			r.config("get_fn_result_after_redundant_update", e.get(t, "f", ""))
		})
	})
	t.Run("TestLambdaFunction::test_lambda_code_location_zipfile", func(t *testing.T) {
		withRecordedLifecycle(t, func(t *testing.T, e *env) {
			r := newLifeReplay(t, "TestLambdaFunction::test_lambda_code_location_zipfile")
			r.config("create-response-zip-file", e.create(t, "f", false))
			e.waitActive(t, "f") // inferred: recorded Active at the next read, after the fixture's wait
			r.config("get-function-response", e.get(t, "f", ""))
			r.config("update-function-response", e.code(t, "f", "v2", false, nil))
			r.config("get-function-response-updated", e.get(t, "f", "")) // no wait: still InProgress
		})
	})
	for _, test := range []string{"TestLambdaFunction::test_lambda_concurrent_code_updates", "TestLambdaFunction::test_lambda_concurrent_config_updates"} {
		t.Run(test, func(t *testing.T) {
			withRecordedLifecycle(t, func(t *testing.T, e *env) {
				r := newLifeReplay(t, test)
				r.config("create-function-response", e.create(t, "f", false))
				e.waitActive(t, "f")
				var err error
				if strings.Contains(test, "code") {
					e.code(t, "f", "v2", false, nil)
					_, err = e.codeErr("f", "v3", false, nil)
				} else {
					e.conf(t, "f", "a", nil)
					_, err = e.confErr("f", "b", nil)
				}
				r.fail("update-during-in-progress-update-exc", err)
			})
		})
	}
	t.Run("TestLambdaVersions::test_publish_with_update", func(t *testing.T) {
		withRecordedLifecycle(t, func(t *testing.T, e *env) {
			r := newLifeReplay(t, "TestLambdaVersions::test_publish_with_update")
			r.config("create_response", e.create(t, "f", false))
			e.waitActive(t, "f")
			r.config("get_function_result", e.get(t, "f", ""))
			r.config("update_function_code_result", e.code(t, "f", "v2", true, nil))
			r.config("get_function_version_result", e.get(t, "f", "1"))
			r.config("get_function_latest_result", e.get(t, "f", "$LATEST"))
		})
	})
	t.Run("TestLambdaVersions::test_publish_version_on_create", func(t *testing.T) {
		withRecordedLifecycle(t, func(t *testing.T, e *env) {
			r := newLifeReplay(t, "TestLambdaVersions::test_publish_version_on_create")
			r.config("create_response", e.create(t, "f", true))
			e.waitActive(t, "f")
			r.config("get_function_result", e.get(t, "f", ""))
			r.config("get_function_version_result", e.get(t, "f", "1"))
			r.config("get_function_latest_result", e.get(t, "f", "$LATEST"))
			pub, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
			require.NoError(t, err)
			r.config("repeated_publish_response", &types.FunctionConfiguration{FunctionName: pub.FunctionName, State: pub.State, LastUpdateStatus: pub.LastUpdateStatus,
				Version: pub.Version, RevisionId: pub.RevisionId})
		})
	})
	t.Run("TestLambdaRevisions::test_function_revisions_basic", func(t *testing.T) {
		withRecordedLifecycle(t, func(t *testing.T, e *env) {
			r := newLifeReplay(t, "TestLambdaRevisions::test_function_revisions_basic")
			r.config("create_function_response_rev1", e.create(t, "f", false))
			e.waitActive(t, "f")
			rev2 := e.get(t, "f", "")
			r.config("get_function_response_rev2", rev2)
			_, err := e.codeErr("f", "v2", false, aws.String("wrong"))
			r.fail("update_function_revision_exception", err)
			r.config("update_function_code_response_rev3", e.code(t, "f", "v2", false, rev2.RevisionId))
			e.waitUpdated(t, "f")
			rev4 := e.get(t, "f", "")
			r.config("get_function_response_rev4", rev4)
			_, err = e.confErr("f", "x", aws.String("wrong"))
			r.fail("update_function_configuration_revision_exception", err)
			r.config("update_function_configuration_response_rev5", e.conf(t, "f", "x", rev4.RevisionId))
			e.waitUpdated(t, "f")
			r.config("get_function_response_rev6", e.get(t, "f", ""))
		})
	})
}

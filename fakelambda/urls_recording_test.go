package fakelambda_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

// Replays of TestLambdaUrl (test_lambda_api.snapshot.json) and of the URL
// configuration answers of TestLambdaURL (test_lambda.snapshot.json), on
// both transports, with the shared comparator (recording_test.go). The
// recordings replace every FunctionUrl with a literal ("lambda-url" or
// "<function-url>"): the fake's URL is first checked against AWS's format,
// https://<32 [a-z0-9]>.lambda-url.<region>.on.aws/, then replaced by that
// literal before the comparison.

var functionURLRE = regexp.MustCompile(`^https://[a-z0-9]{32}\.lambda-url\.[a-z0-9-]+\.on\.aws/$`)

type urlReplay struct {
	*permReplay
	file, literal string
}

func newURLReplay(t *testing.T, file, id, literal string, last *lastAnswer) *urlReplay {
	if _, ok := loadRecordings(t, file)[id]; !ok {
		t.Fatalf("no recording %s", id)
	}
	return &urlReplay{permReplay: &permReplay{t: t, last: last, id: id,
		m: newMatcher().fix("<partition>", "aws").fix("<region>", "us-east-1"), matched: map[string]bool{}},
		file: file, literal: literal}
}

// match compares the last answer with recorded answer key, the FunctionUrls
// checked and replaced by the recording's literal.
func (r *urlReplay) match(key string) {
	r.t.Helper()
	r.matched[key] = true
	r.last.mu.Lock()
	status, header, body := r.last.status, r.last.header.Clone(), append([]byte(nil), r.last.body...)
	r.last.mu.Unlock()
	var doc map[string]any
	if len(body) > 0 && json.Unmarshal(body, &doc) == nil {
		fix := func(m map[string]any) {
			if u, ok := m["FunctionUrl"].(string); ok {
				if !functionURLRE.MatchString(u) {
					r.t.Errorf("%s: FunctionUrl %q is not in AWS's format", key, u)
				}
				m["FunctionUrl"] = r.literal
			}
		}
		fix(doc)
		if list, ok := doc["FunctionUrlConfigs"].([]any); ok {
			for _, it := range list {
				if m, ok := it.(map[string]any); ok {
					fix(m)
				}
			}
		}
		body, _ = json.Marshal(doc)
		header.Del("Content-Length")
	}
	if diffs := r.m.compareRaw(r.t, r.file, r.id, key, status, header, body); len(diffs) > 0 {
		r.t.Errorf("%s: %d differences:\n\t%s\nfake answered: %d %s", key, len(diffs), strings.Join(diffs, "\n\t"), status, body)
	}
}

func (r *urlReplay) done(skipped ...string) {
	r.t.Helper()
	for _, k := range skipped {
		r.matched[k] = true
	}
	for k := range loadRecordings(r.t, r.file)[r.id] {
		if !r.matched[k] {
			r.t.Errorf("recorded answer %s not replayed", k)
		}
	}
}

const urlAPIFile, urlInvokeFile = "test_lambda_api.snapshot.json", "test_lambda.snapshot.json"

func TestReplayURLConfigLifecycle(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newURLReplay(t, urlAPIFile, "TestLambdaUrl::test_url_config_lifecycle", "lambda-url", last)
		fn := "fn-url-lifecycle"
		e.createFunction(t, fn)
		_, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		r.match("url_creation")
		_, err = e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone})
		require.Error(t, err)
		r.match("failed_duplication")
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("get_url_config")
		_, err = e.client.UpdateFunctionUrlConfig(e.ctx, &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeAwsIam})
		require.NoError(t, err)
		r.match("updated_url_config")
		_, err = e.client.DeleteFunctionUrlConfig(e.ctx, &lambda.DeleteFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.Error(t, err)
		r.match("failed_getter")
		r.done()
	})
}

func TestReplayURLConfigListPaging(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newURLReplay(t, urlAPIFile, "TestLambdaUrl::test_url_config_list_paging", "lambda-url", last)
		fn := "fn-url-paging"
		e.createFunction(t, fn)
		v := e.publish(t, fn)
		_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String(fn), Name: aws.String("urlalias"), FunctionVersion: aws.String(v)})
		require.NoError(t, err)
		r.match("create_alias_result")
		_, err = e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String("doesnotexist")})
		require.Error(t, err)
		r.match("list_function_notfound")
		_, err = e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("list_all_empty")
		_, err = e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		r.match("url_config_fn")
		_, err = e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("urlalias"), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		r.match("url_config_alias")
		all, err := e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("list_all")
		// The recorded test's paging: MaxItems=1 pages through both, the
		// same configs as the full list.
		var paged []string
		var marker *string
		for {
			out, err := e.client.ListFunctionUrlConfigs(e.ctx, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String(fn), MaxItems: aws.Int32(1), Marker: marker})
			require.NoError(t, err)
			require.LessOrEqual(t, len(out.FunctionUrlConfigs), 1)
			for _, c := range out.FunctionUrlConfigs {
				paged = append(paged, aws.ToString(c.FunctionArn))
			}
			if marker = out.NextMarker; marker == nil {
				break
			}
		}
		var want []string
		for _, c := range all.FunctionUrlConfigs {
			want = append(want, aws.ToString(c.FunctionArn))
		}
		sort.Strings(paged)
		require.Equal(t, want, paged)
		// fn_version_result is PublishVersion's answer for the recorded
		// nodejs20.x function: the versions replays cover it.
		r.done("fn_version_result")
	})
}

func TestReplayURLConfigExceptions(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newURLReplay(t, urlAPIFile, "TestLambdaUrl::test_url_config_exceptions", "lambda-url", last)
		fn := "fn-url-exc"
		e.createFunction(t, fn)
		v := e.publish(t, fn)
		require.Equal(t, "1", v)
		_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String(fn), Name: aws.String("urlalias"), FunctionVersion: aws.String(v)})
		require.NoError(t, err)
		r.match("create_alias_result")
		arn := "arn:aws:lambda:us-east-1:" + account + ":function:"
		cases := []struct {
			suffix, name, q string
		}{
			{"name_doesnotexist", "doesnotexist", ""},
			{"arn_doesnotexist", arn + "doesnotexist", ""},
			{"name_doesnotexist_qualifier", "doesnotexist", "1"},
			{"qualifier_version", fn, "1"},
			{"qualifier_version_doesnotexist", fn, "2"},
			{"qualifier_alias_doesnotexist", fn, "v1"},
			{"qualifier_alias_doesnotmatch_arn", arn + fn + ":urlalias-doesnotmatch", "urlalias"},
			{"qualifier_latest", fn, "$LATEST"},
			{"config_doesnotexist", fn, ""},
		}
		q := func(s string) *string {
			if s == "" {
				return nil
			}
			return aws.String(s)
		}
		for _, op := range []string{"create", "get", "delete", "update"} {
			for _, c := range cases {
				key := op + "_function_url_config_" + c.suffix
				if _, ok := loadRecordings(t, urlAPIFile)[r.id][key]; !ok {
					continue // Create has no config_doesnotexist
				}
				var err error
				switch op {
				case "create":
					_, err = e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(c.name), Qualifier: q(c.q), AuthType: types.FunctionUrlAuthTypeNone})
				case "get":
					_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(c.name), Qualifier: q(c.q)})
				case "delete":
					_, err = e.client.DeleteFunctionUrlConfig(e.ctx, &lambda.DeleteFunctionUrlConfigInput{FunctionName: aws.String(c.name), Qualifier: q(c.q)})
				case "update":
					_, err = e.client.UpdateFunctionUrlConfig(e.ctx, &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String(c.name), Qualifier: q(c.q), AuthType: types.FunctionUrlAuthTypeNone})
				}
				require.Error(t, err, key)
				if op == "delete" && c.suffix == "qualifier_alias_doesnotmatch_arn" {
					// AWS answered an internal failure, which the recording
					// masks; the fake answers the other operations' 400.
					requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
						"The derived qualifier from the function name does not match the specified qualifier.")
					r.matched[key] = true
					continue
				}
				r.match(key)
			}
		}
		r.done("fn_version_result") // PublishVersion's answer for the recorded nodejs20.x function
	})
}

func TestReplayURLConfigDeletionWithoutQualifier(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newURLReplay(t, urlAPIFile, "TestLambdaUrl::test_url_config_deletion_without_qualifier", "lambda-url", last)
		fn := "fn-url-del"
		e.createFunction(t, fn)
		v := e.publish(t, fn)
		e.alias(t, fn, "test-alias", v)
		_, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		r.match("url_creation")
		_, err = e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("test-alias"), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		r.match("url_with_alias_creation")
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("get_url_config")
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("test-alias")})
		require.NoError(t, err)
		r.match("get_url_config_with_alias")
		_, err = e.client.DeleteFunctionUrlConfig(e.ctx, &lambda.DeleteFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("delete_function_url_config")
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.Error(t, err)
		r.match("get_url_config_after_deletion")
		_, err = e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("test-alias")})
		require.NoError(t, err)
		r.match("get_url_config_with_alias_after_deletion")
		r.done()
	})
}

// TestLambdaURL::test_lambda_update_function_url_config and
// test_lambda_url_invalid_invoke_mode (test_lambda.snapshot.json).
func TestReplayURLConfigUpdateInvokeMode(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newURLReplay(t, urlInvokeFile, "TestLambdaURL::test_lambda_update_function_url_config", "<function-url>", last)
		fn := "fn-url-update"
		e.createFunction(t, fn)
		_, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone, InvokeMode: types.InvokeModeBuffered})
		require.NoError(t, err)
		r.match("create_lambda_url_config")
		get := func(key string) {
			_, err := e.client.GetFunctionUrlConfig(e.ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fn)})
			require.NoError(t, err)
			r.match(key)
		}
		get("get_url_config")
		_, err = e.client.UpdateFunctionUrlConfig(e.ctx, &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String(fn), InvokeMode: types.InvokeModeResponseStream})
		require.NoError(t, err)
		r.match("modify_lambda_url_config")
		get("get_url_config_2")
		_, err = e.client.UpdateFunctionUrlConfig(e.ctx, &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("modify_lambda_url_config_none")
		get("get_url_config_3")
		r.done()

		r = newURLReplay(t, urlInvokeFile, "TestLambdaURL::test_lambda_url_invalid_invoke_mode", "<function-url>", last)
		_, err = e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn + "x"), AuthType: types.FunctionUrlAuthTypeNone, InvokeMode: "UNKNOWN"})
		require.Error(t, err)
		r.match("invoke_function_invalid_invoke_type")
		r.done()
	})
}

// The URL creations and public-access statements of TestLambdaURL's
// invocation tests (test_lambda.snapshot.json): create_lambda_url_config
// with each InvokeMode, and add_permission as the recorded tests call it.
func TestReplayURLInvocationSetup(t *testing.T) {
	tests := map[string]types.InvokeMode{
		"test_lambda_url_echo_invoke[None]":            "",
		"test_lambda_url_echo_invoke[BUFFERED]":        types.InvokeModeBuffered,
		"test_lambda_url_echo_invoke[RESPONSE_STREAM]": types.InvokeModeResponseStream,
		"test_lambda_url_invocation[dict]":             "",
		"test_lambda_url_invocation[string]":           "",
	}
	for id, mode := range tests {
		t.Run(id, func(t *testing.T) {
			replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
				r := newURLReplay(t, urlInvokeFile, "TestLambdaURL::"+id, "<function-url>", last)
				fn := "fn-url-setup"
				e.createFunction(t, fn)
				_, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone, InvokeMode: mode})
				require.NoError(t, err)
				r.match("create_lambda_url_config")
				_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String(fn), StatementId: aws.String("urlPermission"),
					Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String("*"), FunctionUrlAuthType: types.FunctionUrlAuthTypeNone})
				require.NoError(t, err)
				r.match("add_permission")
				// lambda_url_invocation: TestURLInvokeResponseMapping.
				r.done("lambda_url_invocation")
			})
		})
	}
}

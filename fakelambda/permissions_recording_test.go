package fakelambda_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strconv"
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
// fake's raw answer seen as botocore shows it. A small self-contained
// comparator, to be swapped for the shared one (recording_test.go) later:
//
//   - a placeholder (<function-name:1>, <uuid:2>, <resource:3>, <partition>,
//     <region>, 111111111111, date, ...) is any value, the same value wherever
//     it repeats in one test, and different numbers of one kind are different
//     values (so a RevisionId that must change is checked to change);
//   - the key order of top-level objects is not evidence; inside members
//     Lambda sends as JSON text (Statement, Policy) the order is AWS's and is
//     compared, and the text must be compact;
//   - errors are seen as botocore parses them: Error{Code, Message} plus the
//     body's members, none for ValidationException (not in botocore's model);
//   - ResponseMetadata: the status, and the stable recorded headers.

const recordingsFile = "../../shared/reference/aws-recordings/test_lambda_api.snapshot.json"

// ---- ordered JSON ----

type member struct {
	Key string
	Val any
}

// object is a JSON object with its keys in order.
type object []member

func (o object) get(k string) (any, bool) {
	for _, m := range o {
		if m.Key == k {
			return m.Val, true
		}
	}
	return nil, false
}

func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data")
	}
	return v, nil
}

func readValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var o object
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				o = append(o, member{kt.(string), v})
			}
			_, err := dec.Token()
			return o, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
	}
	return tok, nil
}

// compact writes an ordered value as compact JSON.
func compact(v any) string {
	switch t := v.(type) {
	case object:
		parts := make([]string, len(t))
		for i, m := range t {
			k, _ := json.Marshal(m.Key)
			parts[i] = string(k) + ":" + compact(m.Val)
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = compact(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case json.Number:
		return t.String()
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

// ---- recordings ----

// loadRecording returns the recorded content of test id (the part after
// "test_lambda_api.py::"), skipping when the recordings are not there.
func loadRecording(t *testing.T, id string) object {
	t.Helper()
	data, err := os.ReadFile(recordingsFile)
	if os.IsNotExist(err) {
		t.Skip("recordings not found at " + recordingsFile)
	}
	require.NoError(t, err)
	all, err := decodeOrdered(data)
	require.NoError(t, err)
	test, ok := all.(object).get("tests/aws/services/lambda_/test_lambda_api.py::" + id)
	require.True(t, ok, "no recording %s", id)
	content, _ := test.(object).get("recorded-content")
	return content.(object)
}

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
			e := newEnv(t, false)
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

// view is the last answer as botocore shows it.
func (l *lastAnswer) view(t *testing.T) object {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out object
	if l.status >= 300 {
		code := l.header.Get("X-Amzn-Errortype")
		body, err := decodeOrdered(l.body)
		require.NoError(t, err, "error body %s", l.body)
		msg := ""
		for _, m := range body.(object) {
			if m.Key == "message" || m.Key == "Message" {
				msg, _ = m.Val.(string)
			}
		}
		out = append(out, member{"Error", object{{"Code", code}, {"Message", msg}}})
		if code != "ValidationException" {
			out = append(out, body.(object)...)
		}
	} else if len(l.body) > 0 {
		body, err := decodeOrdered(l.body)
		require.NoError(t, err, "body %s", l.body)
		out = append(out, body.(object)...)
	}
	hdr := object{}
	for k, v := range l.header {
		hdr = append(hdr, member{strings.ToLower(k), strings.Join(v, ",")})
	}
	hdr = append(hdr, member{"content-length", strconv.Itoa(len(l.body))})
	return append(out, member{"ResponseMetadata", object{{"HTTPHeaders", hdr}, {"HTTPStatusCode", json.Number(strconv.Itoa(l.status))}}})
}

// ---- comparing ----

// permReplay compares answers with one recorded test's.
type permReplay struct {
	t        *testing.T
	last     *lastAnswer
	recorded object
	bind     map[string]string // placeholder -> value
	matched  map[string]bool
}

func newReplay(t *testing.T, id string, last *lastAnswer) *permReplay {
	return &permReplay{t: t, last: last, recorded: loadRecording(t, id), bind: map[string]string{}, matched: map[string]bool{}}
}

// match compares the last answer with the recorded answer key.
func (r *permReplay) match(key string) {
	r.t.Helper()
	rec, ok := r.recorded.get(key)
	require.True(r.t, ok, "no recorded answer %s", key)
	r.matched[key] = true
	if err := r.compare(key, rec, r.last.view(r.t), false); err != nil {
		r.t.Errorf("%s: %v\nfake answered: %d %s", key, err, r.last.status, r.last.body)
	}
}

// done fails unless every recorded answer was matched or skipped.
func (r *permReplay) done(skipped ...string) {
	r.t.Helper()
	for _, k := range skipped {
		r.matched[k] = true
	}
	for _, m := range r.recorded {
		if !r.matched[m.Key] {
			r.t.Errorf("recorded answer %s not replayed", m.Key)
		}
	}
}

// volatile headers: any value.
var volatileHeader = map[string]bool{"connection": true, "date": true, "x-amzn-requestid": true}

func (r *permReplay) compare(path string, rec, got any, ordered bool) error {
	switch rv := rec.(type) {
	case object:
		// JSON text members: parse, then compare in order; the text must be compact.
		if s, ok := got.(string); ok {
			parsed, err := decodeOrdered([]byte(s))
			if err != nil {
				return fmt.Errorf("%s: want a JSON document, got %q", path, s)
			}
			if compact(parsed) != s {
				return fmt.Errorf("%s: not compact: %s", path, s)
			}
			return r.compare(path, rec, parsed, true)
		}
		gv, ok := got.(object)
		if !ok {
			return fmt.Errorf("%s: want an object, got %v", path, got)
		}
		if strings.HasSuffix(path, ".HTTPHeaders") {
			for _, m := range rv {
				if volatileHeader[m.Key] {
					continue
				}
				g, ok := gv.get(m.Key)
				if !ok {
					return fmt.Errorf("%s: header %s missing", path, m.Key)
				}
				if err := r.compare(path+"."+m.Key, m.Val, g, false); err != nil {
					return err
				}
			}
			return nil
		}
		if strings.HasSuffix(path, ".ResponseMetadata") || path == "ResponseMetadata" {
			rv = filterKeys(rv, "HTTPHeaders", "HTTPStatusCode")
		}
		rk, gk := objKeys(rv), objKeys(gv)
		if strings.HasSuffix(path, "ResponseMetadata") {
			gk = objKeys(filterKeys(gv, rk...))
		}
		if ordered {
			if strings.Join(rk, ",") != strings.Join(gk, ",") {
				return fmt.Errorf("%s: keys %v, want %v in this order", path, gk, rk)
			}
		} else {
			a, b := append([]string(nil), rk...), append([]string(nil), gk...)
			sort.Strings(a)
			sort.Strings(b)
			if strings.Join(a, ",") != strings.Join(b, ",") {
				return fmt.Errorf("%s: keys %v, want %v", path, b, a)
			}
		}
		for _, m := range rv {
			g, _ := gv.get(m.Key)
			if err := r.compare(path+"."+m.Key, m.Val, g, ordered); err != nil {
				return err
			}
		}
		return nil
	case []any:
		gv, ok := got.([]any)
		if !ok || len(gv) != len(rv) {
			return fmt.Errorf("%s: want %d elements, got %v", path, len(rv), got)
		}
		for i := range rv {
			if err := r.compare(fmt.Sprintf("%s[%d]", path, i), rv[i], gv[i], ordered); err != nil {
				return err
			}
		}
		return nil
	case string:
		var gs string
		switch g := got.(type) {
		case string:
			gs = g
		case json.Number:
			gs = g.String()
		default:
			return fmt.Errorf("%s: want %q, got %v", path, rv, got)
		}
		return r.matchString(path, rv, gs)
	default:
		if fmt.Sprint(rec) != fmt.Sprint(got) {
			return fmt.Errorf("%s: want %v, got %v", path, rec, got)
		}
		return nil
	}
}

func objKeys(o object) []string {
	out := make([]string, len(o))
	for i, m := range o {
		out[i] = m.Key
	}
	return out
}

func filterKeys(o object, ks ...string) object {
	var out object
	for _, m := range o {
		for _, k := range ks {
			if m.Key == k {
				out = append(out, m)
			}
		}
	}
	return out
}

// placeholder finds the snapshot library's placeholders and the recorded
// account.
var placeholder = regexp.MustCompile(`<[a-zA-Z_\-0-9]+(?::\d+)?>|111111111111`)

// matchString matches a recorded string, placeholders and all.
func (r *permReplay) matchString(path, rec, got string) error {
	if rec == "date" || rec == "datetime" {
		return nil
	}
	locs := placeholder.FindAllStringIndex(rec, -1)
	if len(locs) == 0 {
		if rec != got {
			return fmt.Errorf("%s: got %q, want %q", path, got, rec)
		}
		return nil
	}
	var pat strings.Builder
	var names []string
	prev := 0
	for _, l := range locs {
		pat.WriteString(regexp.QuoteMeta(rec[prev:l[0]]))
		pat.WriteString("(.+?)")
		names = append(names, rec[l[0]:l[1]])
		prev = l[1]
	}
	pat.WriteString(regexp.QuoteMeta(rec[prev:]))
	m := regexp.MustCompile("^" + pat.String() + "$").FindStringSubmatch(got)
	if m == nil {
		return fmt.Errorf("%s: got %q, want %q", path, got, rec)
	}
	for i, name := range names {
		v := m[i+1]
		if prev, ok := r.bind[name]; ok {
			if prev != v {
				return fmt.Errorf("%s: %s is %q here, %q before", path, name, v, prev)
			}
			continue
		}
		// Different numbers of one kind are different values.
		kind, _, numbered := strings.Cut(name, ":")
		if numbered {
			for other, ov := range r.bind {
				if ok, _ := strings.CutPrefix(other, kind+":"); ok != "" && ov == v && other != name {
					return fmt.Errorf("%s: %s and %s are both %q", path, name, other, v)
				}
			}
		}
		r.bind[name] = v
	}
	return nil
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
		in.SourceAccount = aws.String("123456789012")
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
		in.SourceAccount = aws.String("123456789012")
		add("add_permission_principal_wildcard", in)
		in = permIn(fn, "lambda", "lambda.amazonaws.com")
		in.SourceAccount = aws.String("123456789012")
		add("add_permission_principal_service", in)
		add("add_permission_principal_account", permIn(fn, "account-id", "123456789012"))
		in = permIn(fn, "user-arn", "arn:aws:iam::123456789012:user/tester")
		in.SourceAccount = aws.String("123456789012")
		add("add_permission_principal_arn", in)
		in = withSource(permIn(fn, "urlPermission", "*"), "test-bucket")
		in.Action = aws.String("lambda:InvokeFunctionUrl")
		in.SourceAccount = aws.String("123456789012")
		in.PrincipalOrgID = aws.String("o-1234567890")
		in.FunctionUrlAuthType = types.FunctionUrlAuthTypeNone
		add("add_permission_optional_fields", in)
		in = permIn(fn, "alexaSkill", "*")
		in.EventSourceToken = aws.String("amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
		add("add_permission_alexa_skill", in)
		r.done()
		require.Equal(t, "root", r.bind["<resource:2>"], "an account principal is the account's root")
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

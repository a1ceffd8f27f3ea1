package fakelambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// Replays of the event source mapping responses recorded against AWS
// (reference/aws-recordings): the calls the recorded tests made, through a
// real SDK client on both transports, each answer compared with the
// recording as its raw JSON. A placeholder ("<uuid:1>", "<resource:2>",
// "<region>") matches any value, the same one wherever it repeats within a
// test; "datetime" matches any timestamp. A small self-contained comparator:
// a shared one is being written on another branch.

// recordings loads reference/aws-recordings/<file> (skipping the test when
// the folder is not there) and returns its recorded content by test id
// suffix ("Class::test").
func recordings(t *testing.T, file string) map[string]map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "reference", "aws-recordings", file))
	if err != nil {
		t.Skipf("recordings not available: %v", err)
	}
	var raw map[string]struct {
		Content map[string]any `json:"recorded-content"`
	}
	require.NoError(t, json.Unmarshal(b, &raw))
	out := map[string]map[string]any{}
	for id, v := range raw {
		_, name, _ := strings.Cut(id, ".py::")
		out[name] = v.Content
	}
	return out
}

// tee is the fake with the last answer kept, so the test can compare the
// raw JSON the SDK parsed.
type tee struct {
	fake *fakelambda.Fake
	mu   sync.Mutex
	last *httptest.ResponseRecorder
}

func (h *tee) Region() string { return h.fake.Region() }

func (h *tee) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	h.fake.ServeHTTP(rec, r)
	h.mu.Lock()
	h.last = rec
	h.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// replayEnv is one fake in account 111111111111 (the recordings'), its tee
// and an SDK client.
type replayEnv struct {
	t      *testing.T
	h      *tee
	clk    *clock.Mock
	client *lambda.Client
	bind   map[string]string // placeholder -> value, for this test
}

func esmReplayTransports(t *testing.T, fn func(t *testing.T, e *replayEnv), opts ...fakelambda.Option) {
	for _, overHTTP := range []bool{false, true} {
		name := map[bool]string{false: "middleware", true: "http"}[overHTTP]
		t.Run(name, func(t *testing.T) {
			clk := clock.NewMock()
			clk.Set(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			all := append([]fakelambda.Option{fakelambda.WithClock(clk), fakelambda.WithAccountID("111111111111")}, opts...)
			h := &tee{fake: fakelambda.New(all...)}
			e := &replayEnv{t: t, h: h, clk: clk, bind: map[string]string{}}
			if overHTTP {
				srv := httptest.NewServer(h)
				t.Cleanup(srv.Close)
				cfg := middleware.Config(h.fake)
				cfg.APIOptions = nil
				e.client = lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			} else {
				e.client = lambda.NewFromConfig(middleware.Config(h))
			}
			fn(t, e)
		})
	}
}

// check compares the last answer with the recorded response rec (status,
// error code, every key and value). ignore lists top-level keys not
// compared, each with its reason at the call.
func (e *replayEnv) check(name string, rec any, ignore ...string) {
	t := e.t
	t.Helper()
	want, ok := rec.(map[string]any)
	require.True(t, ok, "%s: no recorded response", name)
	e.h.mu.Lock()
	last := e.h.last
	e.h.mu.Unlock()
	meta := want["ResponseMetadata"].(map[string]any)
	require.Equal(t, int(meta["HTTPStatusCode"].(float64)), last.Code, "%s: status; body %s", name, last.Body)
	got := map[string]any{}
	if last.Body.Len() > 0 {
		require.NoError(t, json.Unmarshal(last.Body.Bytes(), &got), "%s: body %s", name, last.Body)
	}
	w := map[string]any{}
	for k, v := range want {
		if k != "ResponseMetadata" && k != "Error" {
			w[k] = v
		}
	}
	for _, k := range ignore {
		delete(w, k)
		delete(got, k)
	}
	if errRec, isErr := want["Error"].(map[string]any); isErr {
		require.Equal(t, errRec["Code"], last.Header().Get("X-Amzn-Errortype"), "%s: error code", name)
		msg, _ := got["message"].(string)
		if m, ok := got["Message"].(string); ok {
			msg = m
		}
		e.match(name+": Error.Message", errRec["Message"], msg)
		if len(w) == 0 {
			return // an error shape outside the model: botocore shows no members
		}
	}
	e.match(name, w, got)
}

var esmPlaceholderRE = regexp.MustCompile(`<[a-zA-Z0-9_-]+(?::\d+)?>`)

// match compares a recorded value with an answered one.
func (e *replayEnv) match(path string, want, got any) {
	t := e.t
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		if js, isString := got.(string); isString {
			// A JSON document carried as a string (a filter's Pattern): the
			// recorder stored it parsed.
			require.NoError(t, json.Unmarshal([]byte(js), &got), "%s: want a JSON document, got %q", path, js)
		}
		g, ok := got.(map[string]any)
		require.True(t, ok, "%s: want an object, got %v", path, got)
		require.Equal(t, esmSortedKeys(w), esmSortedKeys(g), "%s: keys", path)
		for k := range w {
			e.match(path+"."+k, w[k], g[k])
		}
	case []any:
		g, ok := got.([]any)
		require.True(t, ok, "%s: want an array, got %v", path, got)
		require.Len(t, g, len(w), "%s", path)
		for i := range w {
			e.match(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])
		}
	case string:
		if w == "datetime" || w == "<datetime>" || w == "date" {
			require.NotNil(t, got, "%s: a timestamp", path)
			return
		}
		g, ok := got.(string)
		require.True(t, ok, "%s: want a string, got %v", path, got)
		e.matchString(path, w, g)
	default:
		require.Equal(t, want, got, "%s", path)
	}
}

// matchString matches a recorded string, placeholders bound consistently.
func (e *replayEnv) matchString(path, want, got string) {
	t := e.t
	t.Helper()
	locs := esmPlaceholderRE.FindAllStringIndex(want, -1)
	if len(locs) == 0 {
		require.Equal(t, want, got, "%s", path)
		return
	}
	var pat strings.Builder
	var names []string
	prev := 0
	for _, l := range locs {
		pat.WriteString(regexp.QuoteMeta(want[prev:l[0]]))
		pat.WriteString("(.+?)")
		names = append(names, want[l[0]:l[1]])
		prev = l[1]
	}
	pat.WriteString(regexp.QuoteMeta(want[prev:]))
	m := regexp.MustCompile("^" + pat.String() + "$").FindStringSubmatch(got)
	require.NotNil(t, m, "%s: %q does not match recorded %q", path, got, want)
	for i, n := range names {
		if v, ok := e.bind[n]; ok {
			require.Equal(t, v, m[i+1], "%s: placeholder %s bound to %q elsewhere", path, n, v)
			continue
		}
		e.bind[n] = m[i+1]
	}
}

func esmSortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// concrete turns a recorded value's placeholders into values to send:
// the region and partition of the fake, the rest by name ("resource-3").
// They become the placeholders' bindings.
func (e *replayEnv) concrete(s string) string {
	return esmPlaceholderRE.ReplaceAllStringFunc(s, func(p string) string {
		if v, ok := e.bind[p]; ok {
			return v
		}
		v := strings.NewReplacer("<", "", ">", "", ":", "-").Replace(p)
		switch p {
		case "<region>":
			v = "us-east-1"
		case "<partition>":
			v = "aws"
		}
		e.bind[p] = v
		return v
	})
}

// ensureFunction creates the function (and the version or alias) the
// recorded FunctionArn names, when missing: version numbers are published,
// other qualifiers are aliases of version 1.
func (e *replayEnv) ensureFunction(arn string) {
	t := e.t
	t.Helper()
	_, rest, _ := strings.Cut(arn, ":function:")
	name, q, _ := strings.Cut(rest, ":")
	ctx := t.Context()
	if _, err := e.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)}); err != nil {
		_, err := e.client.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(name), Role: aws.String("arn:aws:iam::111111111111:role/r"),
			Runtime: types.RuntimeProvidedal2023, Handler: aws.String("bootstrap"),
			Code: &types.FunctionCode{ZipFile: []byte("zip")}})
		require.NoError(t, err)
	}
	if q == "" || q == "$LATEST" {
		return
	}
	if _, err := e.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name), Qualifier: aws.String(q)}); err == nil {
		return
	}
	if _, err := e.client.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name), Qualifier: aws.String("1")}); err != nil {
		_, err := e.client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})
		require.NoError(t, err)
	}
	if q != "1" {
		_, err := e.client.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String(name), Name: aws.String(q), FunctionVersion: aws.String("1")})
		require.NoError(t, err)
	}
}

// createInput is the CreateEventSourceMapping call that answers the
// recorded create response rec: its source and function, and every member
// whose recorded value is not the kind's default (so the defaults are the
// fake's own). The function is created first when missing.
//
// A numeric member the recorder replaced by a name (the SQS batch-size
// tests' "maximum-batching-window-in-seconds") is sent as 1 and listed in
// hidden: the answer's value for it cannot be compared.
func (e *replayEnv) createInput(rec any) (in *lambda.CreateEventSourceMappingInput, hidden []string) {
	r := rec.(map[string]any)
	src := e.concrete(r["EventSourceArn"].(string))
	fnArn := e.concrete(r["FunctionArn"].(string))
	e.ensureFunction(fnArn)
	in = &lambda.CreateEventSourceMappingInput{EventSourceArn: aws.String(src), FunctionName: aws.String(fnArn)}
	sqs := strings.Contains(src, ":sqs:")
	num := func(k string) (int32, bool) {
		if _, ok := r[k].(string); ok {
			hidden = append(hidden, k)
			return 1, true
		}
		v, ok := r[k].(float64)
		return int32(v), ok
	}
	if r["State"] == "Disabled" {
		in.Enabled = aws.Bool(false)
	}
	if n, _ := num("BatchSize"); (sqs && n != 10) || (!sqs && n != 100) {
		in.BatchSize = aws.Int32(n)
	}
	if n, ok := num("MaximumBatchingWindowInSeconds"); ok && n != 0 {
		in.MaximumBatchingWindowInSeconds = aws.Int32(n)
	}
	if n, ok := num("MaximumRecordAgeInSeconds"); ok && n != -1 {
		in.MaximumRecordAgeInSeconds = aws.Int32(n)
	}
	if n, ok := num("MaximumRetryAttempts"); ok && n != -1 {
		in.MaximumRetryAttempts = aws.Int32(n)
	}
	if n, ok := num("ParallelizationFactor"); ok && n != 1 {
		in.ParallelizationFactor = aws.Int32(n)
	}
	if n, ok := num("TumblingWindowInSeconds"); ok && n != 0 {
		in.TumblingWindowInSeconds = aws.Int32(n)
	}
	if b, ok := r["BisectBatchOnFunctionError"].(bool); ok && b {
		in.BisectBatchOnFunctionError = aws.Bool(true)
	}
	if s, ok := r["StartingPosition"].(string); ok {
		in.StartingPosition = types.EventSourcePosition(s)
	}
	if d, ok := r["DestinationConfig"].(map[string]any); ok {
		if of, ok := d["OnFailure"].(map[string]any); ok {
			if dest, ok := of["Destination"].(string); ok {
				in.DestinationConfig = &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(e.concrete(dest))}}
			}
		}
	}
	if fc, ok := r["FilterCriteria"].(map[string]any); ok {
		in.FilterCriteria = &types.FilterCriteria{}
		for _, f := range fc["Filters"].([]any) {
			p, isString := f.(map[string]any)["Pattern"].(string)
			if !isString { // stored parsed by the recorder
				b, err := json.Marshal(f.(map[string]any)["Pattern"])
				require.NoError(e.t, err)
				p = string(b)
			}
			in.FilterCriteria.Filters = append(in.FilterCriteria.Filters, types.Filter{Pattern: aws.String(p)})
		}
	}
	if frt, ok := r["FunctionResponseTypes"].([]any); ok {
		for _, x := range frt {
			in.FunctionResponseTypes = append(in.FunctionResponseTypes, types.FunctionResponseType(x.(string)))
		}
	}
	if sc, ok := r["ScalingConfig"].(map[string]any); ok {
		in.ScalingConfig = &types.ScalingConfig{}
		if n, ok := sc["MaximumConcurrency"].(float64); ok {
			in.ScalingConfig.MaximumConcurrency = aws.Int32(int32(n))
		}
	}
	return in, hidden
}

// create makes the call that answers rec and compares the answer; it
// returns the new mapping's UUID.
func (e *replayEnv) create(name string, rec any, ignore ...string) string {
	e.t.Helper()
	in, hidden := e.createInput(rec)
	out, err := e.client.CreateEventSourceMapping(e.t.Context(), in)
	require.NoError(e.t, err, name)
	e.check(name, rec, append(ignore, hidden...)...)
	return aws.ToString(out.UUID)
}

// waitState polls GetEventSourceMapping until the mapping is in state, as
// the recorded tests do before their next call.
func (e *replayEnv) waitState(uuid, state string) {
	e.t.Helper()
	for i := 0; i < 5; i++ {
		out, err := e.client.GetEventSourceMapping(e.t.Context(), &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		require.NoError(e.t, err)
		if string(*out.State) == state {
			return
		}
	}
	e.t.Fatalf("mapping %s never %s", uuid, state)
}

// waitGone polls until the mapping is deleted.
func (e *replayEnv) waitGone(uuid string) {
	e.t.Helper()
	for i := 0; i < 5; i++ {
		if _, err := e.client.GetEventSourceMapping(e.t.Context(), &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)}); err != nil {
			var nf *types.ResourceNotFoundException
			require.ErrorAs(e.t, err, &nf)
			return
		}
	}
	e.t.Fatalf("mapping %s never deleted", uuid)
}

// sendRaw makes a call for its error answer.
func (e *replayEnv) sendRaw(call func() error) {
	e.t.Helper()
	require.Error(e.t, call())
}

// rec is one recorded response.
func rec(t *testing.T, all map[string]map[string]any, test, key string) any {
	t.Helper()
	c, ok := all[test]
	require.True(t, ok, "no recorded test %s", test)
	v, ok := c[key]
	require.True(t, ok, "no recorded %s in %s", key, test)
	return v
}

const esmAPI = "TestLambdaEventSourceMappings::"

// TestLambdaEventSourceMappings of test_lambda_api.snapshot.json, but
// test_create_event_source_self_managed (Kafka: not served, see esm.go).
func TestESMRecordedAPI(t *testing.T) {
	all := recordings(t, "test_lambda_api.snapshot.json")
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		ctx := t.Context()
		t.Run("test_event_source_mapping_exceptions", func(t *testing.T) {
			e := &replayEnv{t: t, h: e.h, clk: e.clk, client: e.client, bind: map[string]string{}}
			test := esmAPI + "test_event_source_mapping_exceptions"
			e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:exc-fn")
			unknown := "00000000-1111-4222-8333-444444444444"
			e.sendRaw(func() error {
				_, err := e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(unknown)})
				return err
			})
			e.check("get_unknown_uuid", rec(t, all, test, "get_unknown_uuid"))
			e.sendRaw(func() error {
				_, err := e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(unknown)})
				return err
			})
			e.check("delete_unknown_uuid", rec(t, all, test, "delete_unknown_uuid"))
			e.sendRaw(func() error {
				_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(unknown), Enabled: aws.Bool(false)})
				return err
			})
			e.check("update_unknown_uuid", rec(t, all, test, "update_unknown_uuid"))
			e.sendRaw(func() error {
				_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("exc-fn")})
				return err
			})
			e.check("create_no_event_source_arn", rec(t, all, test, "create_no_event_source_arn"))
			queue := "arn:aws:sqs:us-east-1:111111111111:exc-queue"
			e.sendRaw(func() error {
				_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
					FunctionName: aws.String("doesnotexist"), EventSourceArn: aws.String(queue)})
				return err
			})
			e.check("create_unknown_params", rec(t, all, test, "create_unknown_params"))
			// DestinationConfig is checked before the function: checked with a
			// missing function here, and with an existing one.
			for _, fn := range []string{"doesnotexist", "exc-fn"} {
				e.sendRaw(func() error {
					_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
						FunctionName: aws.String(fn), EventSourceArn: aws.String(queue),
						DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(queue + "-dest")}}})
					return err
				})
				e.check("destination_config_failure", rec(t, all, test, "destination_config_failure"))
			}
		})
		for _, name := range []string{"test_event_source_mapping_lifecycle", "test_event_source_mapping_lifecycle_delete_function"} {
			t.Run(name, func(t *testing.T) {
				e := &replayEnv{t: t, h: e.h, clk: e.clk, client: e.client, bind: map[string]string{}}
				test := esmAPI + name
				uuid := e.create("create_response", rec(t, all, test, "create_response"))
				e.waitState(uuid, "Enabled")
				_, err := e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
				require.NoError(t, err)
				e.check("get_response", rec(t, all, test, "get_response"))
				if name == "test_event_source_mapping_lifecycle_delete_function" {
					fn := e.bind["<resource:5>"]
					_, err := e.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(fn)})
					require.NoError(t, err)
					// The recorded StatusCode member is botocore's; the status is compared.
					e.check("delete_function_response", rec(t, all, test, "delete_function_response"), "StatusCode")
					_, err = e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
					require.NoError(t, err)
					e.check("get_response_post_delete", rec(t, all, test, "get_response_post_delete"))
				}
				_, err = e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
				require.NoError(t, err)
				e.check("delete_response", rec(t, all, test, "delete_response"))
				e.waitGone(uuid)
			})
		}
		t.Run("test_create_event_source_validation", func(t *testing.T) {
			e := &replayEnv{t: t, h: e.h, clk: e.clk, client: e.client, bind: map[string]string{}}
			for _, c := range []struct {
				test, arn    string
				incompatible bool
			}{
				{esmAPI + "test_create_event_source_validation", "arn:aws:dynamodb:us-east-1:111111111111:table/table-name/stream/stream-name", true},
				{esmAPI + "test_create_event_source_validation_kinesis", "arn:aws:kinesis:us-east-1:111111111111:stream/stream-name", false},
			} {
				e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:val-fn")
				call := func(pos types.EventSourcePosition) {
					e.sendRaw(func() error {
						_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
							FunctionName: aws.String("val-fn"), EventSourceArn: aws.String(c.arn), StartingPosition: pos})
						return err
					})
				}
				call("")
				e.check("no_starting_position", rec(t, all, c.test, "no_starting_position"))
				call("invalid")
				e.check("invalid_starting_position", rec(t, all, c.test, "invalid_starting_position"))
				if c.incompatible {
					call(types.EventSourcePositionAtTimestamp)
					e.check("incompatible_starting_position", rec(t, all, c.test, "incompatible_starting_position"))
				}
			}
		})
		t.Run("test_function_name_variations", func(t *testing.T) {
			e := &replayEnv{t: t, h: e.h, clk: e.clk, client: e.client, bind: map[string]string{}}
			test := esmAPI + "test_function_name_variations"
			for _, k := range []string{"name_only_create_esm", "partial_arn_latest_create_esm", "partial_arn_version_create_esm",
				"partial_arn_alias_create_esm", "full_arn_latest_create_esm", "full_arn_version_create_esm", "full_arn_alias_create_esm"} {
				r := rec(t, all, test, k).(map[string]any)
				in, _ := e.createInput(r)
				// The forms the recorded test sent: a name, or a partial ARN
				// ("<account>:function:<name>[:q]"), or a full ARN.
				arn := aws.ToString(in.FunctionName)
				switch {
				case k == "name_only_create_esm":
					_, rest, _ := strings.Cut(arn, ":function:")
					in.FunctionName = aws.String(rest)
				case strings.HasPrefix(k, "partial_"):
					_, rest, _ := strings.Cut(arn, ":us-east-1:")
					in.FunctionName = aws.String(rest)
				}
				out, err := e.client.CreateEventSourceMapping(ctx, in)
				require.NoError(t, err, k)
				e.check(k, r)
				e.waitState(aws.ToString(out.UUID), "Enabled")
				_, err = e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: out.UUID})
				require.NoError(t, err)
				e.waitGone(aws.ToString(out.UUID))
			}
		})
		t.Run("test_create_event_filter_criteria_validation", func(t *testing.T) {
			e := &replayEnv{t: t, h: e.h, clk: e.clk, client: e.client, bind: map[string]string{}}
			r := rec(t, all, esmAPI+"test_create_event_filter_criteria_validation", "response-with-empty-filters")
			in, _ := e.createInput(r)
			in.FilterCriteria = &types.FilterCriteria{Filters: []types.Filter{}}
			_, err := e.client.CreateEventSourceMapping(ctx, in)
			require.NoError(t, err)
			e.check("response-with-empty-filters", r)
		})
	})
}

// isCreate reports whether a recorded response is a successful
// CreateEventSourceMapping answer.
func isCreate(v any) bool {
	r, ok := v.(map[string]any)
	if !ok || r["UUID"] == nil {
		return false
	}
	meta, _ := r["ResponseMetadata"].(map[string]any)
	return meta["HTTPStatusCode"] == float64(202) && (r["State"] == "Creating" || r["State"] == "Disabled")
}

// The creation answers and the answers needing no real SQS, Kinesis or
// DynamoDB of test_lambda_integration_{sqs,kinesis,dynamodbstreams}: every
// recorded create answer (each created, compared, then deleted, in one
// fake per recorded test), and the recorded errors, updates and reads.
func TestESMRecordedIntegration(t *testing.T) {
	files := []string{"test_lambda_integration_sqs.snapshot.json", "test_lambda_integration_kinesis.snapshot.json",
		"test_lambda_integration_dynamodbstreams.snapshot.json"}
	for _, file := range files {
		all := recordings(t, file)
		t.Run(strings.TrimSuffix(file, ".snapshot.json"), func(t *testing.T) {
			esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
				names := make([]string, 0, len(all))
				for n := range all {
					names = append(names, n)
				}
				sort.Strings(names)
				replayed := 0
				for _, name := range names {
					keys := make([]string, 0)
					if name == "TestDynamoDBEventSourceMapping::test_dynamodb_event_filter[date_time_conversion]" {
						continue // the recorder replaced the pattern's leaf by a placeholder: the call cannot be rebuilt
					}
					for k, v := range all[name] {
						if isCreate(v) {
							keys = append(keys, k)
						}
					}
					if len(keys) == 0 {
						continue
					}
					sort.Strings(keys)
					e := &replayEnv{t: t, h: e.h, clk: e.clk, client: e.client, bind: map[string]string{}}
					for _, k := range keys {
						var ignore []string
						if _, ok := all[name][k].(map[string]any)["EventSourceMappingArn"]; !ok {
							// Recorded in 2024, before mappings had ARNs (every newer
							// recording has one): the newer recordings stand.
							ignore = append(ignore, "EventSourceMappingArn")
							t.Logf("%s %s: recorded without EventSourceMappingArn (2024); not compared", name, k)
						}
						uuid := e.create(name+" "+k, all[name][k], ignore...)
						_, err := e.client.DeleteEventSourceMapping(t.Context(), &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
						if err != nil { // Creating: wait until it is not
							e.waitState(uuid, "Enabled")
							_, err = e.client.DeleteEventSourceMapping(t.Context(), &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
						}
						require.NoError(t, err)
						e.waitGone(uuid)
						replayed++
					}
				}
				t.Logf("%s: %d recorded create answers replayed", file, replayed)
				require.Positive(t, replayed)
			})
		})
	}
}

// The recorded errors, updates and reads of the integration recordings.
func TestESMRecordedIntegrationCalls(t *testing.T) {
	sqsRec := recordings(t, "test_lambda_integration_sqs.snapshot.json")
	ddbRec := recordings(t, "test_lambda_integration_dynamodbstreams.snapshot.json")
	kinRec := recordings(t, "test_lambda_integration_kinesis.snapshot.json")
	const sqsT = "TestSQSEventSourceMapping::"
	ctx := context.Background()
	{ // each scenario on fresh fakes, both transports
		sub := func(name string, fn func(t *testing.T, e *replayEnv)) {
			t.Run(name, func(t *testing.T) { esmReplayTransports(t, fn) })
		}
		sub("sqs default_batch_size", func(t *testing.T, e *replayEnv) {
			test := sqsT + "test_event_source_mapping_default_batch_size"
			r := rec(t, sqsRec, test, "create-event-source-mapping")
			uuid := e.create("create-event-source-mapping", r)
			bad, _ := e.createInput(r)
			bad.EventSourceArn = aws.String(aws.ToString(bad.EventSourceArn) + "-other")
			bad.BatchSize = aws.Int32(20)
			e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, bad); return err })
			e.check("invalid-create-event-source-mapping", rec(t, sqsRec, test, "invalid-create-event-source-mapping"))
			e.waitState(uuid, "Enabled")
			e.sendRaw(func() error {
				_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), BatchSize: aws.Int32(20)})
				return err
			})
			e.check("invalid-update-event-source-mapping", rec(t, sqsRec, test, "invalid-update-event-source-mapping"))
		})
		for _, c := range []struct {
			recs    map[string]map[string]any
			test    string
			key     string
			pattern string
		}{
			{sqsRec, sqsT + "test_sqs_invalid_event_filter[None]", "create_event_source_mapping_exception", "null"},
			{sqsRec, sqsT + "test_sqs_invalid_event_filter[simple string]", "create_event_source_mapping_exception", "simple string"},
			{sqsRec, sqsT + "test_sqs_invalid_event_filter[invalid_filter2]", "create_event_source_mapping_exception", `{"eventSource":"aws:sqs"}`},
			{sqsRec, sqsT + "test_sqs_invalid_event_filter[invalid_filter3]", "create_event_source_mapping_exception", `{"eventSource":[]}`},
			{ddbRec, "TestDynamoDBEventSourceMapping::test_dynamodb_invalid_event_filter[single-string]", "exception_event_source_creation", "single-string"},
			{ddbRec, `TestDynamoDBEventSourceMapping::test_dynamodb_invalid_event_filter[[{"eventName": ["INSERT"=123}]]`, "exception_event_source_creation", `[{"eventName": ["INSERT"=123}]`},
		} {
			sub(c.test, func(t *testing.T, e *replayEnv) {
				e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:filter-fn")
				in := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("filter-fn"),
					EventSourceArn: aws.String("arn:aws:sqs:us-east-1:111111111111:filter-q"),
					FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(c.pattern)}}}}
				if strings.HasPrefix(c.test, "TestDynamoDB") {
					in.EventSourceArn = aws.String("arn:aws:dynamodb:us-east-1:111111111111:table/t/stream/2026")
					in.StartingPosition = types.EventSourcePositionTrimHorizon
				}
				e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, in); return err })
				e.check(c.key, rec(t, c.recs, c.test, c.key))
			})
		}
		for _, c := range []struct {
			recs map[string]map[string]any
			test string
		}{
			{sqsRec, sqsT + "test_duplicate_event_source_mappings"},
			{kinRec, "TestKinesisSource::test_duplicate_event_source_mappings"},
			{ddbRec, "TestDynamoDBEventSourceMapping::test_duplicate_event_source_mappings"},
		} {
			sub(c.test, func(t *testing.T, e *replayEnv) {
				r := rec(t, c.recs, c.test, "create")
				e.create("create", r)
				in, _ := e.createInput(r)
				e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, in); return err })
				e.check("error", rec(t, c.recs, c.test, "error"))
			})
		}
		sub("sqs update", func(t *testing.T, e *replayEnv) {
			test := sqsT + "test_sqs_event_source_mapping_update"
			uuid := e.create("create-event-source-mapping-response", rec(t, sqsRec, test, "create-event-source-mapping-response"))
			e.waitState(uuid, "Enabled")
			updated := rec(t, sqsRec, test, "updated_esm").(map[string]any)
			fnArn := e.concrete(updated["FunctionArn"].(string))
			e.ensureFunction(fnArn)
			_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), FunctionName: aws.String(fnArn)})
			require.NoError(t, err)
			e.check("updated_esm", updated)
			e.waitState(uuid, "Enabled")
			_, err = e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
			require.NoError(t, err)
			e.check("updated_event_source_mapping", rec(t, sqsRec, test, "updated_event_source_mapping"))
		})
		sub("sqs fifo enabling", func(t *testing.T, e *replayEnv) {
			test := "test_fifo_message_group_parallelism"
			uuid := e.create("create_esm_disabled", rec(t, sqsRec, test, "create_esm_disabled"))
			_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(true)})
			require.NoError(t, err)
			e.check("update_esm_enabling", rec(t, sqsRec, test, "update_esm_enabling"))
			e.waitState(uuid, "Enabled")
			_, err = e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
			require.NoError(t, err)
			e.check("get_esm_enabled", rec(t, sqsRec, test, "get_esm_enabled"))
		})
		sub("dynamodb disabling", func(t *testing.T, e *replayEnv) {
			test := "TestDynamoDBEventSourceMapping::test_disabled_dynamodb_event_source_mapping"
			uuid := e.create("create_event_source_mapping_result", rec(t, ddbRec, test, "create_event_source_mapping_result"))
			e.waitState(uuid, "Enabled")
			_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(false)})
			require.NoError(t, err)
			// LastProcessingResult is "OK" on AWS: records were delivered
			// before the update, which this fake does not do for streams.
			e.check("update_event_source_mapping_result", rec(t, ddbRec, test, "update_event_source_mapping_result"), "LastProcessingResult")
			e.waitState(uuid, "Disabled")
		})
	}
}

// TestLambdaEventSourceMappings::test_create_event_source_self_managed,
// recorded in 2024 before mappings had ARNs: EventSourceMappingArn (which
// every newer recording has) is not compared.
func TestESMRecordedSelfManagedKafka(t *testing.T) {
	all := recordings(t, "test_lambda_api.snapshot.json")
	test := esmAPI + "test_create_event_source_self_managed"
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		ctx := context.Background()
		fnArn := e.concrete("arn:<partition>:lambda:<region>:111111111111:function:<resource:1>")
		e.ensureFunction(fnArn)
		secret := e.concrete("arn:<partition>:secretsmanager:<region>:111111111111:secret:<resource:2>")
		access := []types.SourceAccessConfiguration{{Type: types.SourceAccessTypeBasicAuth, URI: aws.String(secret)}}
		source := func(servers ...string) *types.SelfManagedEventSource {
			return &types.SelfManagedEventSource{Endpoints: map[string][]string{"KAFKA_BOOTSTRAP_SERVERS": servers}}
		}
		e.sendRaw(func() error {
			_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
				SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic"}})
			return err
		})
		e.check("missing-source-access-configuration", rec(t, all, test, "missing-source-access-configuration"))
		_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
			SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic"}, SourceAccessConfigurations: access})
		require.NoError(t, err)
		e.check("event-source-mapping-default", rec(t, all, test, "event-source-mapping-default"), "EventSourceMappingArn")
		e.sendRaw(func() error {
			_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
				SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic"}, SourceAccessConfigurations: access})
			return err
		})
		e.check("duplicate-source", rec(t, all, test, "duplicate-source"))
		_, err = e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
			SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic_2"}, SourceAccessConfigurations: access,
			StartingPosition: types.EventSourcePositionLatest, BatchSize: aws.Int32(1),
			SelfManagedKafkaEventSourceConfig: &types.SelfManagedKafkaEventSourceConfig{ConsumerGroupId: aws.String("random_id")}})
		require.NoError(t, err)
		e.check("event-source-mapping-values", rec(t, all, test, "event-source-mapping-values"), "EventSourceMappingArn")
		e.sendRaw(func() error {
			_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
				SelfManagedEventSource: source("kafka:1000", "kafka:2000"), Topics: []string{"topic"}, SourceAccessConfigurations: access})
			return err
		})
		e.check("multiple-duplicate-source", rec(t, all, test, "multiple-duplicate-source"))
	})
}

// With WithKnownEventSourcesOnly, a source the test has not made is
// refused as recorded: test_esm_with_not_existing_{sqs_queue,
// kinesis_stream,dynamodb_stream}; a declared one is accepted.
func TestESMRecordedMissingSources(t *testing.T) {
	for _, c := range []struct {
		file, test, arn string
	}{
		{"test_lambda_integration_sqs.snapshot.json", "test_esm_with_not_existing_sqs_queue", "arn:aws:sqs:us-east-1:111111111111:nope"},
		{"test_lambda_integration_kinesis.snapshot.json", "TestKinesisSource::test_esm_with_not_existing_kinesis_stream",
			"arn:aws:kinesis:us-east-1:111111111111:stream/test-foobar-81ded7e8"},
		{"test_lambda_integration_dynamodbstreams.snapshot.json", "TestDynamoDBEventSourceMapping::test_esm_with_not_existing_dynamodb_stream",
			"arn:aws:dynamodb:us-east-1:111111111111:table/test-table-4a53f4e8/stream/2025-02-22T03:03:25.490"},
	} {
		all := recordings(t, c.file)
		t.Run(c.test, func(t *testing.T) {
			esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
				ctx := context.Background()
				e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:fn")
				in := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("fn"), EventSourceArn: aws.String(c.arn)}
				if !strings.Contains(c.arn, ":sqs:") {
					in.StartingPosition = types.EventSourcePositionTrimHorizon
				}
				e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, in); return err })
				e.check("error", rec(t, all, c.test, "error"))
				require.NoError(t, e.h.fake.DeclareEventSource(c.arn))
				_, err := e.client.CreateEventSourceMapping(ctx, in)
				require.NoError(t, err)
			}, fakelambda.WithKnownEventSourcesOnly())
		})
	}
}

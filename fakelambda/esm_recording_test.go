package fakelambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
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
// real SDK client on both transports, each raw answer compared with the
// recording by the shared comparator (recording_test.go, matcher.compareRaw):
// placeholders bound across the recorded test (one <uuid:N> is one value,
// different numbers different values), <partition> and <region> fixed to the
// fake's, the names the test chose fixed to them; members sent as JSON text
// (a filter's Pattern) compact, their keys in the recorded order.

// replayEnv is one fake in account 111111111111 (the recordings') behind a
// lastAnswer, an SDK client on it, and the replay of one recorded test (file,
// id) with its matcher.
type replayEnv struct {
	t        *testing.T
	last     *lastAnswer
	clk      *clock.Mock
	client   *lambda.Client
	file, id string
	m        *matcher
}

func esmReplayTransports(t *testing.T, fn func(t *testing.T, e *replayEnv), opts ...fakelambda.Option) {
	for _, overHTTP := range []bool{false, true} {
		name := map[bool]string{false: "middleware", true: "http"}[overHTTP]
		t.Run(name, func(t *testing.T) {
			clk := clock.NewMock()
			clk.Set(epoch)
			all := append([]fakelambda.Option{fakelambda.WithClock(clk), fakelambda.WithAccountID(account)}, opts...)
			last := &lastAnswer{Fake: fakelambda.New(all...)}
			e := &replayEnv{t: t, last: last, clk: clk}
			if overHTTP {
				srv := httptest.NewServer(last)
				t.Cleanup(srv.Close)
				cfg := middleware.Config(last.Fake)
				cfg.APIOptions = nil
				e.client = lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			} else {
				e.client = lambda.NewFromConfig(middleware.Config(last))
			}
			fn(t, e)
		})
	}
}

// replay is e on the same fake for replaying recorded test id of file, with
// a fresh matcher.
func (e *replayEnv) replay(t *testing.T, file, id string) *replayEnv {
	t.Helper()
	if _, ok := loadRecordings(t, file)[id]; !ok {
		t.Fatalf("no recorded test %s in %s", id, file)
	}
	return &replayEnv{t: t, last: e.last, clk: e.clk, client: e.client, file: file, id: id,
		m: newMatcher().fix("<partition>", "aws").fix("<region>", e.last.Region())}
}

// fake is the fake behind e.
func (e *replayEnv) fake() *fakelambda.Fake { return e.last.Fake }

// recorded is recorded response key of e's test.
func (e *replayEnv) recorded(key string) any {
	e.t.Helper()
	v, ok := loadRecordings(e.t, e.file)[e.id][key]
	if !ok {
		e.t.Fatalf("no recorded %s in %s", key, e.id)
	}
	return v
}

// answer is the last raw answer.
func (e *replayEnv) answer() (int, http.Header, []byte) {
	e.last.mu.Lock()
	defer e.last.mu.Unlock()
	return e.last.status, e.last.header, e.last.body
}

// check compares the last answer with recorded response key (status, error
// code and message, every member and value). exceptMembers lists top-level
// members not compared, each with its reason at the call.
func (e *replayEnv) check(key string, exceptMembers ...string) {
	e.t.Helper()
	status, header, body := e.answer()
	diffs := except(e.m.compareRaw(e.t, e.file, e.id, key, status, header, body), exceptMembers...)
	if len(diffs) > 0 {
		e.t.Errorf("%s %s: %d differences:\n\t%s\nfake answered: %d %s", e.id, key, len(diffs), strings.Join(diffs, "\n\t"), status, body)
	}
}

// checkArnless is check of an answer recorded in 2024, before mappings had
// ARNs (every newer recording has one: the newer recordings stand):
// EventSourceMappingArn is compared with the mapping's, by its UUID.
func (e *replayEnv) checkArnless(key string) {
	e.t.Helper()
	e.check(key, "EventSourceMappingArn")
	e.requireOwnArn(key)
}

// createArnless is create of an answer recorded in 2024, compared as
// checkArnless compares.
func (e *replayEnv) createArnless(key string) string {
	e.t.Helper()
	uuid := e.create(key, "EventSourceMappingArn")
	e.requireOwnArn(key)
	return uuid
}

// requireOwnArn requires the last answer's EventSourceMappingArn to be the
// mapping's, by its UUID.
func (e *replayEnv) requireOwnArn(key string) {
	e.t.Helper()
	doc := e.lastDoc()
	require.Equal(e.t, "arn:aws:lambda:"+e.last.Region()+":"+account+":event-source-mapping:"+fmt.Sprint(doc["UUID"]),
		doc["EventSourceMappingArn"], "%s: EventSourceMappingArn", key)
}

// lastDoc is the last answer's body, decoded.
func (e *replayEnv) lastDoc() map[string]any {
	e.t.Helper()
	_, _, body := e.answer()
	doc := map[string]any{}
	require.NoError(e.t, json.Unmarshal(body, &doc), "%s", body)
	return doc
}

// checkValue compares a value the test computed (an event a function
// received) with recorded value rec.
func (e *replayEnv) checkValue(label string, rec, got any) {
	e.t.Helper()
	if diffs := e.m.compare(rec, got); len(diffs) > 0 {
		e.t.Errorf("%s %s: %d differences:\n\t%s\ngot: %s", e.id, label, len(diffs), strings.Join(diffs, "\n\t"), show(got))
	}
}

// concrete turns a recorded value's placeholders into values to send: the
// bound ones their values, the others their names ("resource-3"), which
// become their values for the comparisons.
func (e *replayEnv) concrete(s string) string {
	return placeholderRE.ReplaceAllStringFunc(s, func(p string) string {
		if v, ok := e.m.bound[p]; ok {
			return v
		}
		v := strings.NewReplacer("<", "", ">", "", ":", "-").Replace(p)
		if numbered(p) {
			e.m.bind(p, v)
		} else {
			e.m.fix(p, v)
		}
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

// createInput is the CreateEventSourceMapping call that answers recorded
// create response key: its source and function, and every member
// whose recorded value is not the kind's default (so the defaults are the
// fake's own). The function is created first when missing.
//
// A numeric member the recorder replaced by a name (the SQS batch-size
// tests' "maximum-batching-window-in-seconds") is sent as 1 and listed in
// hidden: the answer's value for it is not the recorded one (create wants 1).
func (e *replayEnv) createInput(key string) (in *lambda.CreateEventSourceMappingInput, hidden []string) {
	r := e.recorded(key).(map[string]any)
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
		for i, f := range fc["Filters"].([]any) {
			p, isString := f.(map[string]any)["Pattern"].(string)
			if !isString { // stored parsed by the recorder, its keys in the order sent
				p = orderedJSON(fmt.Sprintf("$.FilterCriteria.Filters[%d].Pattern", i), f.(map[string]any)["Pattern"],
					recordedKeyOrders(e.t, e.file, e.id)[key])
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

// orderedJSON is v as compact JSON text with the keys of each object in
// the recorded order (order: recordedKeyOrders', by the comparator's paths
// below path).
func orderedJSON(path string, v any, order map[string][]string) string {
	switch x := v.(type) {
	case map[string]any:
		items := make([]string, 0, len(x))
		for _, k := range order[path] {
			kb, _ := json.Marshal(k)
			items = append(items, string(kb)+":"+orderedJSON(path+"."+k, x[k], order))
		}
		return "{" + strings.Join(items, ",") + "}"
	case []any:
		items := make([]string, len(x))
		for i := range x {
			items[i] = orderedJSON(fmt.Sprintf("%s[%d]", path, i), x[i], order)
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// create makes the call that answers recorded response key and compares
// the answer; it returns the new mapping's UUID. A member createInput could
// not send as recorded (hidden) is compared with the 1 it sent.
func (e *replayEnv) create(key string, exceptMembers ...string) string {
	e.t.Helper()
	in, hidden := e.createInput(key)
	out, err := e.client.CreateEventSourceMapping(e.t.Context(), in)
	require.NoError(e.t, err, key)
	e.check(key, append(exceptMembers, hidden...)...)
	doc := e.lastDoc()
	for _, k := range hidden {
		require.Equal(e.t, float64(1), doc[k], "%s: %s, sent as 1", key, k)
	}
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

const (
	esmAPIFile = "test_lambda_api.snapshot.json"
	esmAPI     = "TestLambdaEventSourceMappings::"
	esmSQSFile = "test_lambda_integration_sqs.snapshot.json"
	esmDDBFile = "test_lambda_integration_dynamodbstreams.snapshot.json"
	esmKinFile = "test_lambda_integration_kinesis.snapshot.json"
)

// TestLambdaEventSourceMappings of test_lambda_api.snapshot.json, but
// test_create_event_source_self_managed (Kafka: not served, see esm.go).
func TestESMRecordedAPI(t *testing.T) {
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		ctx := t.Context()
		t.Run("test_event_source_mapping_exceptions", func(t *testing.T) {
			e := e.replay(t, esmAPIFile, esmAPI+"test_event_source_mapping_exceptions")
			e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:exc-fn")
			unknown := "00000000-1111-4222-8333-444444444444"
			e.sendRaw(func() error {
				_, err := e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(unknown)})
				return err
			})
			e.check("get_unknown_uuid")
			e.sendRaw(func() error {
				_, err := e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(unknown)})
				return err
			})
			e.check("delete_unknown_uuid")
			e.sendRaw(func() error {
				_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(unknown), Enabled: aws.Bool(false)})
				return err
			})
			e.check("update_unknown_uuid")
			e.sendRaw(func() error {
				_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("exc-fn")})
				return err
			})
			e.check("create_no_event_source_arn")
			queue := "arn:aws:sqs:us-east-1:111111111111:exc-queue"
			e.sendRaw(func() error {
				_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
					FunctionName: aws.String("doesnotexist"), EventSourceArn: aws.String(queue)})
				return err
			})
			e.check("create_unknown_params")
			// DestinationConfig is checked before the function: checked with a
			// missing function here, and with an existing one.
			for _, fn := range []string{"doesnotexist", "exc-fn"} {
				e.sendRaw(func() error {
					_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
						FunctionName: aws.String(fn), EventSourceArn: aws.String(queue),
						DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(queue + "-dest")}}})
					return err
				})
				e.check("destination_config_failure")
			}
		})
		for _, name := range []string{"test_event_source_mapping_lifecycle", "test_event_source_mapping_lifecycle_delete_function"} {
			t.Run(name, func(t *testing.T) {
				e := e.replay(t, esmAPIFile, esmAPI+name)
				uuid := e.create("create_response")
				e.waitState(uuid, "Enabled")
				_, err := e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
				require.NoError(t, err)
				e.check("get_response")
				if name == "test_event_source_mapping_lifecycle_delete_function" {
					fn := e.m.bound["<resource:5>"]
					_, err := e.client.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(fn)})
					require.NoError(t, err)
					// The recorded StatusCode member is botocore's (DeleteFunction's
					// output models the status as a member): the status is compared.
					e.check("delete_function_response", "StatusCode")
					_, err = e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
					require.NoError(t, err)
					e.check("get_response_post_delete")
				}
				_, err = e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(uuid)})
				require.NoError(t, err)
				e.check("delete_response")
				e.waitGone(uuid)
			})
		}
		t.Run("test_create_event_source_validation", func(t *testing.T) {
			for _, c := range []struct {
				test, arn    string
				incompatible bool
			}{
				{esmAPI + "test_create_event_source_validation", "arn:aws:dynamodb:us-east-1:111111111111:table/table-name/stream/stream-name", true},
				{esmAPI + "test_create_event_source_validation_kinesis", "arn:aws:kinesis:us-east-1:111111111111:stream/stream-name", false},
			} {
				e := e.replay(t, esmAPIFile, c.test)
				e.m.fix("<table-name>", "table-name").fix("<stream-name>", "stream-name") // the names sent
				e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:val-fn")
				call := func(pos types.EventSourcePosition) {
					e.sendRaw(func() error {
						_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
							FunctionName: aws.String("val-fn"), EventSourceArn: aws.String(c.arn), StartingPosition: pos})
						return err
					})
				}
				call("")
				e.check("no_starting_position")
				call("invalid")
				e.check("invalid_starting_position")
				if c.incompatible {
					call(types.EventSourcePositionAtTimestamp)
					e.check("incompatible_starting_position")
				}
			}
		})
		t.Run("test_function_name_variations", func(t *testing.T) {
			e := e.replay(t, esmAPIFile, esmAPI+"test_function_name_variations")
			for _, k := range []string{"name_only_create_esm", "partial_arn_latest_create_esm", "partial_arn_version_create_esm",
				"partial_arn_alias_create_esm", "full_arn_latest_create_esm", "full_arn_version_create_esm", "full_arn_alias_create_esm"} {
				in, _ := e.createInput(k)
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
				e.check(k)
				e.waitState(aws.ToString(out.UUID), "Enabled")
				_, err = e.client.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: out.UUID})
				require.NoError(t, err)
				e.waitGone(aws.ToString(out.UUID))
			}
		})
		t.Run("test_create_event_filter_criteria_validation", func(t *testing.T) {
			e := e.replay(t, esmAPIFile, esmAPI+"test_create_event_filter_criteria_validation")
			in, _ := e.createInput("response-with-empty-filters")
			in.FilterCriteria = &types.FilterCriteria{Filters: []types.Filter{}}
			_, err := e.client.CreateEventSourceMapping(ctx, in)
			require.NoError(t, err)
			e.check("response-with-empty-filters")
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
	for _, file := range []string{esmSQSFile, esmKinFile, esmDDBFile} {
		all := loadRecordings(t, file)
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
					e := e.replay(t, file, name)
					for _, k := range keys {
						var uuid string
						if _, ok := all[name][k].(map[string]any)["EventSourceMappingArn"]; ok {
							uuid = e.create(k)
						} else {
							uuid = e.createArnless(k)
							t.Logf("%s %s: recorded without EventSourceMappingArn (2024); compared with the UUID", name, k)
						}
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
	const sqsT = "TestSQSEventSourceMapping::"
	ctx := context.Background()
	{ // each scenario on fresh fakes, both transports
		sub := func(name string, fn func(t *testing.T, e *replayEnv)) {
			t.Run(name, func(t *testing.T) { esmReplayTransports(t, fn) })
		}
		sub("sqs default_batch_size", func(t *testing.T, e *replayEnv) {
			e = e.replay(t, esmSQSFile, sqsT+"test_event_source_mapping_default_batch_size")
			uuid := e.create("create-event-source-mapping")
			bad, _ := e.createInput("create-event-source-mapping")
			bad.EventSourceArn = aws.String(aws.ToString(bad.EventSourceArn) + "-other")
			bad.BatchSize = aws.Int32(20)
			e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, bad); return err })
			e.check("invalid-create-event-source-mapping")
			e.waitState(uuid, "Enabled")
			e.sendRaw(func() error {
				_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), BatchSize: aws.Int32(20)})
				return err
			})
			e.check("invalid-update-event-source-mapping")
		})
		for _, c := range []struct {
			file    string
			test    string
			key     string
			pattern string
		}{
			{esmSQSFile, sqsT + "test_sqs_invalid_event_filter[None]", "create_event_source_mapping_exception", "null"},
			{esmSQSFile, sqsT + "test_sqs_invalid_event_filter[simple string]", "create_event_source_mapping_exception", "simple string"},
			{esmSQSFile, sqsT + "test_sqs_invalid_event_filter[invalid_filter2]", "create_event_source_mapping_exception", `{"eventSource":"aws:sqs"}`},
			{esmSQSFile, sqsT + "test_sqs_invalid_event_filter[invalid_filter3]", "create_event_source_mapping_exception", `{"eventSource":[]}`},
			{esmDDBFile, "TestDynamoDBEventSourceMapping::test_dynamodb_invalid_event_filter[single-string]", "exception_event_source_creation", "single-string"},
			{esmDDBFile, `TestDynamoDBEventSourceMapping::test_dynamodb_invalid_event_filter[[{"eventName": ["INSERT"=123}]]`, "exception_event_source_creation", `[{"eventName": ["INSERT"=123}]`},
		} {
			sub(c.test, func(t *testing.T, e *replayEnv) {
				e = e.replay(t, c.file, c.test)
				e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:filter-fn")
				in := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("filter-fn"),
					EventSourceArn: aws.String("arn:aws:sqs:us-east-1:111111111111:filter-q"),
					FilterCriteria: &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(c.pattern)}}}}
				if strings.HasPrefix(c.test, "TestDynamoDB") {
					in.EventSourceArn = aws.String("arn:aws:dynamodb:us-east-1:111111111111:table/t/stream/2026")
					in.StartingPosition = types.EventSourcePositionTrimHorizon
				}
				e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, in); return err })
				e.check(c.key)
			})
		}
		for _, c := range []struct {
			file string
			test string
		}{
			{esmSQSFile, sqsT + "test_duplicate_event_source_mappings"},
			{esmKinFile, "TestKinesisSource::test_duplicate_event_source_mappings"},
			{esmDDBFile, "TestDynamoDBEventSourceMapping::test_duplicate_event_source_mappings"},
		} {
			sub(c.test, func(t *testing.T, e *replayEnv) {
				e = e.replay(t, c.file, c.test)
				e.create("create")
				in, _ := e.createInput("create")
				e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, in); return err })
				e.check("error")
			})
		}
		sub("sqs update", func(t *testing.T, e *replayEnv) {
			e = e.replay(t, esmSQSFile, sqsT+"test_sqs_event_source_mapping_update")
			uuid := e.create("create-event-source-mapping-response")
			e.waitState(uuid, "Enabled")
			fnArn := e.concrete(e.recorded("updated_esm").(map[string]any)["FunctionArn"].(string))
			e.ensureFunction(fnArn)
			_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), FunctionName: aws.String(fnArn)})
			require.NoError(t, err)
			e.check("updated_esm")
			e.waitState(uuid, "Enabled")
			_, err = e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
			require.NoError(t, err)
			e.check("updated_event_source_mapping")
		})
		sub("sqs fifo enabling", func(t *testing.T, e *replayEnv) {
			e = e.replay(t, esmSQSFile, "test_fifo_message_group_parallelism")
			uuid := e.create("create_esm_disabled")
			_, err := e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(true)})
			require.NoError(t, err)
			e.check("update_esm_enabling")
			e.waitState(uuid, "Enabled")
			_, err = e.client.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
			require.NoError(t, err)
			e.check("get_esm_enabled")
		})
		sub("dynamodb disabling", func(t *testing.T, e *replayEnv) {
			e = e.replay(t, esmDDBFile, "TestDynamoDBEventSourceMapping::test_disabled_dynamodb_event_source_mapping")
			uuid := e.create("create_event_source_mapping_result")
			e.waitState(uuid, "Enabled")
			// As the recorded test: a record delivered before the update
			// (esm_streams.go), so LastProcessingResult is "OK".
			stream, fn, _ := e.created()
			e.fake().SetHandler(fn, func(context.Context, []byte) ([]byte, error) { return nil, nil })
			_, err := e.fake().PutDynamoDBRecords(stream, helloWorld)
			require.NoError(t, err)
			e.clk.Add(time.Minute)
			require.Equal(t, 1, e.fake().RunEventSources(ctx))
			_, err = e.client.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), Enabled: aws.Bool(false)})
			require.NoError(t, err)
			e.check("update_event_source_mapping_result")
			e.waitState(uuid, "Disabled")
		})
	}
}

// TestLambdaEventSourceMappings::test_create_event_source_self_managed,
// recorded in 2024 before mappings had ARNs: EventSourceMappingArn (which
// every newer recording has) is compared with the mapping's (checkArnless).
func TestESMRecordedSelfManagedKafka(t *testing.T) {
	esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
		e = e.replay(t, esmAPIFile, esmAPI+"test_create_event_source_self_managed")
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
		e.check("missing-source-access-configuration")
		_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
			SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic"}, SourceAccessConfigurations: access})
		require.NoError(t, err)
		e.checkArnless("event-source-mapping-default")
		e.sendRaw(func() error {
			_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
				SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic"}, SourceAccessConfigurations: access})
			return err
		})
		e.check("duplicate-source")
		_, err = e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
			SelfManagedEventSource: source("kafka:1000"), Topics: []string{"topic_2"}, SourceAccessConfigurations: access,
			StartingPosition: types.EventSourcePositionLatest, BatchSize: aws.Int32(1),
			SelfManagedKafkaEventSourceConfig: &types.SelfManagedKafkaEventSourceConfig{ConsumerGroupId: aws.String("random_id")}})
		require.NoError(t, err)
		e.checkArnless("event-source-mapping-values")
		e.sendRaw(func() error {
			_, err := e.client.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(fnArn),
				SelfManagedEventSource: source("kafka:1000", "kafka:2000"), Topics: []string{"topic"}, SourceAccessConfigurations: access})
			return err
		})
		e.check("multiple-duplicate-source")
	})
}

// With WithKnownEventSourcesOnly, a source the test has not made is
// refused as recorded: test_esm_with_not_existing_{sqs_queue,
// kinesis_stream,dynamodb_stream}; a declared one is accepted.
func TestESMRecordedMissingSources(t *testing.T) {
	for _, c := range []struct {
		file, test, arn string
	}{
		{esmSQSFile, "test_esm_with_not_existing_sqs_queue", "arn:aws:sqs:us-east-1:111111111111:nope"},
		{esmKinFile, "TestKinesisSource::test_esm_with_not_existing_kinesis_stream",
			"arn:aws:kinesis:us-east-1:111111111111:stream/test-foobar-81ded7e8"},
		{esmDDBFile, "TestDynamoDBEventSourceMapping::test_esm_with_not_existing_dynamodb_stream",
			"arn:aws:dynamodb:us-east-1:111111111111:table/test-table-4a53f4e8/stream/2025-02-22T03:03:25.490"},
	} {
		t.Run(c.test, func(t *testing.T) {
			esmReplayTransports(t, func(t *testing.T, e *replayEnv) {
				e = e.replay(t, c.file, c.test)
				ctx := context.Background()
				e.ensureFunction("arn:aws:lambda:us-east-1:111111111111:function:fn")
				in := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("fn"), EventSourceArn: aws.String(c.arn)}
				if !strings.Contains(c.arn, ":sqs:") {
					in.StartingPosition = types.EventSourcePositionTrimHorizon
				}
				e.sendRaw(func() error { _, err := e.client.CreateEventSourceMapping(ctx, in); return err })
				e.check("error")
				require.NoError(t, e.fake().DeclareEventSource(c.arn))
				_, err := e.client.CreateEventSourceMapping(ctx, in)
				require.NoError(t, err)
			}, fakelambda.WithKnownEventSourcesOnly())
		})
	}
}

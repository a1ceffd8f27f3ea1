package fakelambda_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	golambda "github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of the Invoke answers of test_lambda.snapshot.json that need no
// real runtime (payload echo, function errors, timeouts, payload size
// limits, qualifiers, the runtime's context), on both transports, with the
// shared comparator (recording_test.go). The recorded functions' code is
// played by Go handlers (aws-lambda-go's where the recorded code reads its
// context). Answers of other operations in these tests (CreateFunction in
// LocalStack's own wrapper shape, PublishVersion of a python3.12 function,
// CloudWatch log lines) are skipped, each with its reason at done.

const invokeFile = "test_lambda.snapshot.json"

// invokeDoc is an Invoke answer shaped as botocore shows it in the
// recordings: StatusCode, the ExecutedVersion, FunctionError and LogResult
// headers, and Payload: the body decoded when it is a JSON object, else the
// body as a string ("null", "\"id\"", "" for 202 and 204).
func invokeDoc(status int, header http.Header, body []byte) map[string]any {
	doc := map[string]any{"StatusCode": float64(status),
		"ResponseMetadata": map[string]any{"HTTPStatusCode": float64(status)}}
	for k, h := range map[string]string{"ExecutedVersion": "X-Amz-Executed-Version",
		"FunctionError": "X-Amz-Function-Error", "LogResult": "X-Amz-Log-Result"} {
		if v := header.Get(h); v != "" {
			doc[k] = v
		}
	}
	var obj map[string]any
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) && json.Unmarshal(body, &obj) == nil {
		doc["Payload"] = obj
	} else {
		doc["Payload"] = string(body)
	}
	return doc
}

// invokeReplay compares Invoke answers with one recorded test's.
type invokeReplay struct {
	t       *testing.T
	last    *lastAnswer
	id      string
	m       *matcher
	matched map[string]bool
}

func newInvokeReplay(t *testing.T, id string, last *lastAnswer) *invokeReplay {
	if _, ok := loadRecordings(t, invokeFile)[id]; !ok {
		t.Fatalf("no recording %s", id)
	}
	return &invokeReplay{t: t, last: last, id: id, m: newMatcher().fix("<partition>", "aws").fix("<region>", "us-east-1"),
		matched: map[string]bool{}}
}

// match compares the last answer with recorded answer key: an error or
// another operation's answer with compareRaw; an Invoke result with compare of invokeDoc, the key order of
// the payload's objects (AWS's, or the function's, as recorded) and the
// headers the recording kept.
func (r *invokeReplay) match(key string) {
	r.t.Helper()
	r.matched[key] = true
	r.last.mu.Lock()
	status, header, body := r.last.status, r.last.header, r.last.body
	r.last.mu.Unlock()
	var diffs []string
	rec := loadRecordings(r.t, invokeFile)[r.id][key]
	if m, _ := rec.(map[string]any); m["StatusCode"] == nil { // not an Invoke result
		diffs = r.m.compareRaw(r.t, invokeFile, r.id, key, status, header, body)
	} else {
		diffs = r.m.compare(rec, invokeDoc(status, header, body))
		want := recordedKeyOrders(r.t, invokeFile, r.id)[key]
		if got, err := keyOrders("$.Payload", body); err == nil {
			paths := make([]string, 0, len(got))
			for p := range got {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			for _, p := range paths {
				if w, ok := want[p]; ok && strings.Join(w, ",") != strings.Join(got[p], ",") {
					diffs = append(diffs, fmt.Sprintf("%s: keys %q, recorded %q in this order", p, got[p], w))
				}
			}
		}
		diffs = append(diffs, r.m.compareHeaders(rec, header, body)...)
	}
	if len(diffs) > 0 {
		r.t.Errorf("%s: %d differences:\n\t%s\nfake answered: %d %.300s", key, len(diffs), strings.Join(diffs, "\n\t"), status, body)
	}
}

// done fails unless every recorded answer was matched or skipped (why:
// the reason, for the reader).
func (r *invokeReplay) done(why string, skipped ...string) {
	r.t.Helper()
	_ = why
	for _, k := range skipped {
		r.matched[k] = true
	}
	if left := unreplayed(r.t, invokeFile, r.id, r.matched); len(left) > 0 {
		r.t.Errorf("recorded answers not replayed: %q", left)
	}
}

// invokeRaw invokes and returns the SDK's error, the answer being in last.
func invokeRaw(e *env, in *lambda.InvokeInput) (*lambda.InvokeOutput, error) {
	return e.client.Invoke(e.ctx, in, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
}

func echo(_ context.Context, payload []byte) ([]byte, error) { return payload, nil }

func nothing(context.Context, []byte) ([]byte, error) { return nil, nil }

func TestReplayInvocationTypes(t *testing.T) {
	for _, rt := range []string{"python3.9", "python3.10", "nodejs16.x"} {
		for _, c := range []struct {
			test string
			typ  types.InvocationType
		}{
			{"test_invocation_type_request_response", types.InvocationTypeRequestResponse},
			{"test_invocation_type_event", types.InvocationTypeEvent},
			{"test_invocation_type_dry_run", types.InvocationTypeDryRun},
		} {
			id := "TestLambdaFeatures::" + c.test + "[" + rt + "]"
			t.Run(id, func(t *testing.T) {
				replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
					r := newInvokeReplay(t, id, last)
					e.createFunction(t, "fn-types")
					e.fake.SetHandler("fn-types", echo)
					_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-types"), InvocationType: c.typ, Payload: []byte("{}")})
					require.NoError(t, err)
					r.match("invoke-result")
					r.done("")
				})
			})
		}
	}
	for _, id := range []string{"python-RequestResponse", "python-Event", "nodejs-RequestResponse", "nodejs-Event"} {
		id := "TestLambdaFeatures::test_invocation_type_no_return_payload[" + id + "]"
		t.Run(id, func(t *testing.T) {
			replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
				r := newInvokeReplay(t, id, last)
				e.createFunction(t, "fn-none")
				e.fake.SetHandler("fn-none", nothing)
				typ := types.InvocationTypeRequestResponse
				if strings.HasSuffix(id, "Event]") {
					typ = types.InvocationTypeEvent
				}
				_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-none"), InvocationType: typ})
				require.NoError(t, err)
				r.match("invoke-result")
				r.done("")
			})
		})
	}
}

func TestReplayBasicInvoke(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaFeatures::test_basic_invoke", last)
		e.createFunction(t, "fn-basic")
		e.fake.SetHandler("fn-basic", echo)
		_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-basic"), Payload: []byte("{}")})
		require.NoError(t, err)
		r.match("lambda_invoke_result")
		r.done("CreateFunction/GetFunction of a python3.9 zip: control plane, replayed elsewhere",
			"lambda_create_fn", "lambda_create_fn_2", "lambda_get_fn", "lambda_get_fn_2")
	})
}

func TestReplayInvokeTimeouts(t *testing.T) {
	t.Run("with timeout", func(t *testing.T) {
		replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
			r := newInvokeReplay(t, "TestLambdaBehavior::test_lambda_invoke_with_timeout", last)
			e.createFunction(t, "fn-timeout")
			e.setTimeout(t, "fn-timeout", 1)
			e.fake.SetHandler("fn-timeout", func(ctx context.Context, _ []byte) ([]byte, error) {
				e.clk.Add(2 * time.Second) // the recorded code sleeps past its Timeout
				return []byte(`{}`), nil
			})
			_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-timeout"), Payload: []byte("{}")})
			require.NoError(t, err)
			r.match("invoke-result")
			r.done("LocalStack's create wrapper (CreateFunctionResponse in an object)", "create-result")
		})
	})
	t.Run("no timeout", func(t *testing.T) {
		replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
			r := newInvokeReplay(t, "TestLambdaBehavior::test_lambda_invoke_no_timeout", last)
			e.createFunction(t, "fn-timeout")
			e.setTimeout(t, "fn-timeout", 2)
			e.fake.SetHandler("fn-timeout", func(ctx context.Context, _ []byte) ([]byte, error) {
				e.clk.Add(time.Second)
				return nil, nil
			})
			_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-timeout"), Payload: []byte("{}")})
			require.NoError(t, err)
			r.match("invoke-result")
			r.done("LocalStack's create wrapper (CreateFunctionResponse in an object)", "create-result")
		})
	})
}

func TestReplayTooLargeResponse(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaBaseFeatures::test_lambda_too_large_response", last)
		e.createFunction(t, "fn-large")
		big := []byte(`"` + strings.Repeat("a", 6*1024*1024) + `"`)
		e.fake.SetHandler("fn-large", func(context.Context, []byte) ([]byte, error) { return big, nil })
		for _, key := range []string{"invoke_result", "invoke_result_2"} {
			_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-large")})
			require.NoError(t, err)
			r.match(key)
		}
		r.done("")
	})
}

func TestReplayInvokeNotFound(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaFeatures::test_invoke_exceptions", last)
		_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("doesnotexist"), Payload: []byte("{}")})
		require.Error(t, err)
		r.match("invoke_function_doesnotexist")
		r.done("")
	})
}

// versioned plays the recorded versioned code: it answers the version of
// its code, the ARN it was invoked with and the version the runtime
// reports, in the recorded order.
func versioned(label string) fakelambda.Handler {
	return golambda.NewHandler(func(ctx context.Context) (any, error) {
		lc, _ := lambdacontext.FromContext(ctx)
		return struct {
			VersionID      string `json:"version_id"`
			InvokedARN     string `json:"invoked_arn"`
			VersionFromCtx string `json:"version_from_ctx"`
		}{label, lc.InvokedFunctionArn, fakelambda.Env(ctx)["AWS_LAMBDA_FUNCTION_VERSION"]}, nil
	}).Invoke
}

func TestReplayAliasMoving(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaAliases::test_lambda_alias_moving", last)
		fn := "fn-alias-moving"
		r.m.bind("<function-name:1>", fn)
		e.createFunction(t, fn)
		e.fake.SetHandler(fn+":1", versioned("version1"))
		e.fake.SetHandler(fn+":2", versioned("version2"))
		_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		e.alias(t, fn, "alias1", "1")
		invokeAlias := func(key string, in *lambda.InvokeInput) {
			t.Helper()
			_, err := invokeRaw(e, in)
			require.NoError(t, err)
			r.match(key)
		}
		arn := "arn:aws:lambda:us-east-1:111111111111:function:" + fn
		invokeAlias("invocation_result_qualifier_v1", &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("alias1"), Payload: []byte("{}")})
		invokeAlias("invocation_result_qualifier_v1_arn", &lambda.InvokeInput{FunctionName: aws.String(arn + ":alias1"), Payload: []byte("{}")})
		e.publish(t, fn) // new code, published as 2
		invokeAlias("invocation_result_qualifier_v1_after_update", &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("alias1"), Payload: []byte("{}")})
		invokeAlias("invocation_result_qualifier_v1_after_publish", &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("alias1"), Payload: []byte("{}")})
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String(fn), Name: aws.String("alias1"), FunctionVersion: aws.String("2")})
		require.NoError(t, err)
		invokeAlias("invocation_result_qualifier_v2", &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("alias1"), Payload: []byte("{}")})
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("non-existent-alias"), Payload: []byte("{}")})
		require.Error(t, err)
		r.match("invocation_exc_not_existent")
		r.done("control-plane answers of a python3.12 function (CreateFunction, CreateAlias, UpdateFunctionCode, PublishVersion, UpdateAlias)",
			"create_response", "create_alias_response", "update_lambda_response", "second_publish_response", "update_alias_response")
	})
}

func TestReplayVersionsWithCodeChanges(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaVersions::test_lambda_versions_with_code_changes", last)
		fn := "fn-versions"
		r.m.bind("<function-name:1>", fn)
		e.createFunction(t, fn)
		for i := 1; i <= 3; i++ {
			e.fake.SetHandler(fmt.Sprintf("%s:%d", fn, i), versioned(fmt.Sprintf("version%d", i)))
		}
		call := func(key, q string) {
			t.Helper()
			in := &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte("{}")}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			_, err := invokeRaw(e, in)
			require.NoError(t, err)
			r.match(key)
		}
		_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(fn), ZipFile: []byte("code 2")})
		require.NoError(t, err)
		e.fake.SetHandler(fn+":$LATEST", versioned("version2"))
		call("invocation_result_latest", "")
		call("invocation_result_v1", "1")
		_, err = e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		call("invocation_result_v2", "2")
		_, err = e.client.UpdateFunctionCode(e.ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(fn), ZipFile: []byte("code 3"), Publish: true})
		require.NoError(t, err)
		e.fake.SetHandler(fn+":$LATEST", versioned("version3"))
		call("invocation_result_v3", "3")
		call("invocation_result_latest_end", "")
		call("invocation_result_v2_end", "2")
		call("invocation_result_v1_end", "1")
		r.done("control-plane answers of a python3.12 function (CreateFunction, PublishVersion, UpdateFunctionCode)",
			"create_response", "first_publish_response", "update_lambda_response", "second_publish_response", "update_lambda_response_with_publish")
	})
}

func TestReplayRequestIDInvoke(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestRequestIdHandling::test_request_id_invoke", last)
		e.createFunction(t, "fn-reqid")
		e.fake.SetHandler("fn-reqid", golambda.NewHandler(func(ctx context.Context) (string, error) {
			lc, _ := lambdacontext.FromContext(ctx)
			return lc.AwsRequestID, nil
		}).Invoke)
		out, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String("fn-reqid")})
		require.NoError(t, err)
		r.match("invoke_result")
		last.mu.Lock()
		require.Equal(t, `"`+last.header.Get("X-Amzn-Requestid")+`"`, string(out.Payload), "the request ID the caller gets")
		last.mu.Unlock()
		r.done("CloudWatch log lines", "log_entries")
	})
}

func TestReplayInvocationWithQualifier(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaFeatures::test_invocation_with_qualifier", last)
		fn := "fn-qualified"
		r.m.bind("<function-name:1>", fn)
		e.createFunction(t, fn)
		e.setTimeout(t, fn, 10)
		_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		e.fake.SetHandler(fn, pyContextHandler())
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("1"), LogType: types.LogTypeTail,
			Payload: []byte(`{"foo": "bar with 'quotes\""}`)})
		require.NoError(t, err)
		r.match("invocation-response")
		r.done("CreateFunction with Publish of a python3.12 function; the function's own log lines",
			"creation-response", "log_result")
	})
}

// pyContextHandler plays the recorded Python code that answers its event
// and its context.
func pyContextHandler() fakelambda.Handler {
	return golambda.NewHandler(func(ctx context.Context, event json.RawMessage) (any, error) {
		lc, _ := lambdacontext.FromContext(ctx)
		env := fakelambda.Env(ctx)
		type pyContext struct {
			InvokedFunctionARN string  `json:"invoked_function_arn"`
			FunctionVersion    string  `json:"function_version"`
			FunctionName       string  `json:"function_name"`
			MemoryLimitInMB    string  `json:"memory_limit_in_mb"`
			AwsRequestID       string  `json:"aws_request_id"`
			LogGroupName       string  `json:"log_group_name"`
			LogStreamName      string  `json:"log_stream_name"`
			ClientContext      *string `json:"client_context"`
		}
		return struct {
			Event   json.RawMessage `json:"event"`
			Context pyContext       `json:"context"`
		}{event, pyContext{lc.InvokedFunctionArn, env["AWS_LAMBDA_FUNCTION_VERSION"], env["AWS_LAMBDA_FUNCTION_NAME"],
			env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], lc.AwsRequestID, env["AWS_LAMBDA_LOG_GROUP_NAME"], env["AWS_LAMBDA_LOG_STREAM_NAME"], nil}}, nil
	}).Invoke
}

func TestReplayUploadFromS3(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaFeatures::test_upload_lambda_from_s3", last)
		fn := "fn-from-s3"
		r.m.bind("<function-name:1>", fn)
		e.createFunction(t, fn)
		e.fake.SetHandler(fn, pyContextHandler())
		_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte(`{"foo": "bar with 'quotes\""}`)})
		require.NoError(t, err)
		r.match("invocation-response")
		r.done("CreateFunction from S3 of a python function: control plane", "creation-response")
	})
}

func TestReplayLambdaEnvironment(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaFeatures::test_lambda_environment", last)
		fn := "fn-env"
		e.createFunction(t, fn)
		_, err := e.client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String(fn),
			Environment: &types.Environment{Variables: map[string]string{"Hello": "World"}}})
		require.NoError(t, err)
		// The recorded code answers its environment variables but Lambda's own.
		e.fake.SetHandler(fn, func(ctx context.Context, _ []byte) ([]byte, error) {
			vars := map[string]string{}
			for k, v := range fakelambda.Env(ctx) {
				if !strings.HasPrefix(k, "AWS_") && !strings.HasPrefix(k, "_") {
					vars[k] = v
				}
			}
			return json.Marshal(vars)
		})
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte("{}")})
		require.NoError(t, err)
		r.match("invocation-result")
		r.done("LocalStack's create wrapper; GetFunctionConfiguration of a python3.12 function: control plane",
			"creation-result", "get-configuration-result")
	})
}

func TestReplayReservedConcurrency(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaConcurrency::test_reserved_concurrency", last)
		fn := "fn-reserved"
		r.m.bind("<function-name:1>", fn)
		e.createFunction(t, fn)
		e.fake.SetHandler(fn, echo)
		_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String(fn), ReservedConcurrentExecutions: aws.Int32(0)})
		require.NoError(t, err)
		r.match("put_reserved")
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte("{}")})
		require.Error(t, err)
		r.match("exc_no_cap_requestresponse")
		_, err = e.client.PutFunctionEventInvokeConfig(e.ctx, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fn),
			MaximumRetryAttempts: aws.Int32(0), DestinationConfig: &types.DestinationConfig{
				OnFailure: &types.OnFailure{Destination: aws.String("arn:aws:sqs:us-east-1:111111111111:failures")}}})
		require.NoError(t, err)
		r.match("put_event_invoke_conf")
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), InvocationType: types.InvocationTypeEvent, Payload: []byte("{}")})
		require.NoError(t, err)
		r.match("invoke_result")
		r.done("GetFunction of a python3.12 function (control plane); the SQS message of the OnFailure destination (SQS's envelope)",
			"fn", "msg")
	})
}

func TestReplayReservedConcurrencyAsyncQueue(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaConcurrency::test_reserved_concurrency_async_queue", last)
		fn := "fn-async-queue"
		e.createFunction(t, fn)
		_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String(fn), ReservedConcurrentExecutions: aws.Int32(1)})
		require.NoError(t, err)
		r.match("put_fn_concurrency")
		// An async event holds the one slot while a synchronous call comes.
		running, release := make(chan struct{}), make(chan struct{})
		e.fake.SetHandler(fn, func(context.Context, []byte) ([]byte, error) {
			close(running)
			<-release
			return nil, nil
		})
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), InvocationType: types.InvocationTypeEvent, Payload: []byte("{}")})
		require.NoError(t, err)
		ran := make(chan int)
		go func() { ran <- e.fake.RunQueued(e.ctx) }()
		<-running
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte("{}")})
		require.Error(t, err)
		r.match("too_many_requests_exc")
		close(release)
		require.Equal(t, 1, <-ran)
		r.done("GetFunction of a python3.12 function: control plane", "fn")
	})
}

func TestReplayLambdaWithContext(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaFeatures::test_lambda_with_context", last)
		fn := "fn-context"
		r.m.bind("<function-name:1>", fn)
		e.createFunction(t, fn)
		// The recorded Node.js code answers its context, client context as sent.
		e.fake.SetHandler(fn, golambda.NewHandler(func(ctx context.Context) (any, error) {
			lc, _ := lambdacontext.FromContext(ctx)
			env := fakelambda.Env(ctx)
			type nodeContext struct {
				CallbackWaits      bool            `json:"callbackWaitsForEmptyEventLoop"`
				FunctionVersion    string          `json:"functionVersion"`
				FunctionName       string          `json:"functionName"`
				MemoryLimitInMB    string          `json:"memoryLimitInMB"`
				LogGroupName       string          `json:"logGroupName"`
				LogStreamName      string          `json:"logStreamName"`
				ClientContext      json.RawMessage `json:"clientContext"`
				InvokedFunctionArn string          `json:"invokedFunctionArn"`
				AwsRequestID       string          `json:"awsRequestId"`
			}
			return struct {
				Context nodeContext `json:"context"`
			}{nodeContext{true, env["AWS_LAMBDA_FUNCTION_VERSION"], env["AWS_LAMBDA_FUNCTION_NAME"], env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"],
				env["AWS_LAMBDA_LOG_GROUP_NAME"], env["AWS_LAMBDA_LOG_STREAM_NAME"], fakelambda.ClientContext(ctx),
				lc.InvokedFunctionArn, lc.AwsRequestID}}, nil
		}).Invoke)
		cc := base64.StdEncoding.EncodeToString([]byte(`{"custom":{"foo":"bar"},"client":{"snap":["crackle","pop"]},"env":{"fizz":"buzz"}}`))
		_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), ClientContext: aws.String(cc), Payload: []byte("{}")})
		require.NoError(t, err)
		r.match("invocation")
		r.done("LocalStack's create wrapper (CreateFunctionResponse in an object)", "creation")
	})
}

func TestReplayHandlerUpdate(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaVersions::test_lambda_handler_update", last)
		fn := "fn-handler-update"
		e.createFunction(t, fn)
		handler := func(name string) fakelambda.Handler {
			return func(context.Context, []byte) ([]byte, error) { return []byte(`{"handler": "` + name + `"}`), nil }
		}
		e.fake.SetHandler(fn, handler("handler"))
		_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte("{}")})
		require.NoError(t, err)
		r.match("invoke_result_handler_one")
		e.fake.SetHandler(fn, handler("handler_two")) // UpdateFunctionConfiguration's new Handler
		for _, key := range []string{"invoke_result_handler_two", "invoke_result_handler_two_postpublish"} {
			_, err := invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: []byte("{}")})
			require.NoError(t, err)
			r.match(key)
		}
		r.done("control-plane answers of a python3.12 function", "update_function_configuration_result", "get_function_result")
	})
}

func TestReplayConcurrencyBlock(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newInvokeReplay(t, "TestLambdaConcurrency::test_lambda_concurrency_block", last)
		fn := "fn-block"
		e.createFunction(t, fn)
		e.fake.SetHandler(fn, echo)
		_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String(fn), ReservedConcurrentExecutions: aws.Int32(1)})
		require.NoError(t, err)
		r.match("reserved_concurrency_result")
		hello := []byte(`{"hello": "world"}`)
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: hello})
		require.NoError(t, err)
		r.match("invoke_latest_before_block")
		e.putPC(t, fn, "1", 1)
		r.match("provisioned_concurrency_result")
		e.clk.Add(fakelambda.DefaultAllocationDelay)
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: hello})
		require.Error(t, err)
		r.match("invoke_latest_first_exc")
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("1"), Payload: hello})
		require.NoError(t, err)
		r.match("invoke_v1_after_block")
		_, err = invokeRaw(e, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: hello})
		require.Error(t, err)
		r.match("invoke_latest_second_exc")
		r.done("PublishVersion of a python3.12 function: control plane", "v1_result")
	})
}

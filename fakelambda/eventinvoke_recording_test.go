package fakelambda_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

// Replays of TestLambdaEventInvokeConfig of test_lambda_api.snapshot.json:
// the recorded calls on both transports, each recorded answer compared with
// the fake's raw answer by the shared comparator (permReplay,
// permissions_recording_test.go). The answers of PublishVersion and
// CreateAlias the recorded tests keep (fn_version_result, fn_alias_result,
// publish_version_result) describe a python3.12 function built by
// LocalStack's fixture; the lifecycle replays cover those operations.

func eicPut(fn string) *lambda.PutFunctionEventInvokeConfigInput {
	return &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fn)}
}

func TestReplayEventInvokeConfigExceptions(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaEventInvokeConfig::test_lambda_eventinvokeconfig_exceptions", last)
		fn, other := "eic-fn-1a2b", "eic-other-3c4d"
		arnPrefix := "arn:aws:lambda:us-east-1:" + account + ":function:"
		e.createFunction(t, fn)
		e.createFunction(t, other)
		e.publish(t, fn)
		e.alias(t, fn, "eventinvokealias", "1")
		put := func(key string, in *lambda.PutFunctionEventInvokeConfigInput, wantErr bool) {
			t.Helper()
			_, err := e.client.PutFunctionEventInvokeConfig(e.ctx, in)
			if wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			r.match(key)
		}
		retries := func(in *lambda.PutFunctionEventInvokeConfigInput, n int32) *lambda.PutFunctionEventInvokeConfigInput {
			in.MaximumRetryAttempts = aws.Int32(n)
			return in
		}
		qual := func(in *lambda.PutFunctionEventInvokeConfigInput, q string) *lambda.PutFunctionEventInvokeConfigInput {
			in.Qualifier = aws.String(q)
			return in
		}
		dest := func(in *lambda.PutFunctionEventInvokeConfigInput, onSuccess, onFailure *types.OnSuccess, failure *types.OnFailure) *lambda.PutFunctionEventInvokeConfigInput {
			in.DestinationConfig = &types.DestinationConfig{OnSuccess: onSuccess, OnFailure: failure}
			return in
		}
		put("put_functionname_name_notfound", retries(eicPut("doesnotexist"), 1), true)
		put("put_functionname_arn_notfound", retries(eicPut(arnPrefix+"doesnotexist"), 1), true)
		put("put_functionname_nootherargs", eicPut("doesnotexist"), true)
		put("put_destination_lambda_doesntexist", dest(eicPut(fn), &types.OnSuccess{Destination: aws.String(arnPrefix + "doesnotexist")}, nil, nil), true)
		put("put_destination_recursive", dest(eicPut(fn), &types.OnSuccess{Destination: aws.String(arnPrefix + fn)}, nil, nil), true)
		put("put_destination_other_lambda", dest(eicPut(fn), &types.OnSuccess{Destination: aws.String(arnPrefix + other)}, nil, nil), false)
		put("put_destination_invalid_service_arn", dest(eicPut(fn), &types.OnSuccess{Destination: aws.String("arn:aws:iam:us-east-1:" + account + ":function:" + fn)}, nil, nil), true)
		put("put_destination_success_no_destination_arn", dest(eicPut(fn), &types.OnSuccess{}, nil, nil), false)
		put("put_destination_failure_no_destination_arn", dest(eicPut(fn), nil, nil, &types.OnFailure{}), false)
		put("put_destination_invalid_arn_pattern", dest(eicPut(fn), nil, nil, &types.OnFailure{Destination: aws.String("arn:aws:_-/!lambda:us-east-1:" + account + ":function:" + fn)}), true)
		put("put_destination_latest", retries(eicPut(fn), 1), false)
		put("put_destination_latest_explicit_qualifier", qual(retries(eicPut(fn), 1), "$LATEST"), false)
		put("put_destination_version", qual(retries(eicPut(fn), 1), "1"), false)
		put("put_alias_functionname_qualifier", qual(retries(eicPut(fn), 1), "eventinvokealias"), false)
		put("put_alias_doesnotexist", qual(retries(eicPut(fn), 1), "doesnotexist"), true)
		put("put_alias_qualifiedarn", retries(eicPut(arnPrefix+fn+":eventinvokealias"), 1), false)
		put("put_alias_qualifiedarn_qualifier", qual(retries(eicPut(arnPrefix+fn+":eventinvokealias"), 1), "eventinvokealias"), false)
		put("put_alias_qualifiedarn_qualifierconflict", qual(retries(eicPut(arnPrefix+fn+":eventinvokealias"), 1), "$LATEST"), true)
		put("put_alias_shorthand", retries(eicPut(fn+":eventinvokealias"), 1), false)
		put("put_alias_shorthand_qualifier", qual(retries(eicPut(fn+":eventinvokealias"), 1), "eventinvokealias"), false)
		put("put_alias_shorthand_qualifierconflict", qual(retries(eicPut(fn+":eventinvokealias"), 1), "$LATEST"), true)
		put("put_version_shorthand", retries(eicPut(fn+":1"), 1), false)
		put("put_shorthand_qualifier_match", qual(retries(eicPut(fn+":$LATEST"), 1), "$LATEST"), false)
		put("put_shorthand_qualifier_mismatch_1", qual(retries(eicPut(fn+":$LATEST"), 1), "1"), true)
		put("put_shorthand_qualifier_mismatch_2", qual(retries(eicPut(fn+":1"), 1), "$LATEST"), true)
		put("put_shorthand_qualifier_mismatch_3", qual(retries(eicPut(fn+":1"), 1), "eventinvokealias"), true)
		in := retries(eicPut(fn), 2)
		in.MaximumEventAgeInSeconds = aws.Int32(21600)
		put("put_maxevent_maxvalue_result", in, false)
		in = retries(eicPut(fn), 2)
		in.MaximumEventAgeInSeconds = aws.Int32(60)
		put("put_pre_overwrite", in, false)
		put("put_post_overwrite", retries(eicPut(fn), 0), false)
		put("second_overwrite_existing_response", retries(eicPut(fn), 0), false)
		_, err := e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("get_post_overwrite")
		in = retries(eicPut(fn), 2)
		in.MaximumEventAgeInSeconds = aws.Int32(60)
		put("pre_update_response", in, false)
		update := func(key string, in *lambda.UpdateFunctionEventInvokeConfigInput, wantErr bool) {
			t.Helper()
			_, err := e.client.UpdateFunctionEventInvokeConfig(e.ctx, in)
			if wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			r.match(key)
		}
		update("update_response", &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumRetryAttempts: aws.Int32(0)}, false)
		update("update_response_existing", &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumRetryAttempts: aws.Int32(0)}, false)
		_, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("list_configs")
		del := func(key, name, q string, wantErr bool) {
			t.Helper()
			in := &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String(name)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			_, err := e.client.DeleteFunctionEventInvokeConfig(e.ctx, in)
			if wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			r.match(key)
		}
		del("delete_latest", fn, "$LATEST", false)
		del("delete_version", fn, "1", false)
		del("delete_alias", fn, "eventinvokealias", false)
		_, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("list_configs_postdelete")
		del("delete_function_not_found", fn, "", true)
		del("delete_function_doesnotexist", "doesnotexist", "", true)
		_, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("doesnotexist")})
		require.Error(t, err)
		r.match("list_function_doesnotexist")
		get := func(key, name, q string) {
			t.Helper()
			in := &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(name)}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			_, err := e.client.GetFunctionEventInvokeConfig(e.ctx, in)
			require.Error(t, err)
			r.match(key)
		}
		get("get_function_doesnotexist", "doesnotexist", "")
		get("get_qualifier_doesnotexist", fn, "doesnotexist")
		update("update_eventinvokeconfig_function_doesnotexist", &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("doesnotexist"), MaximumRetryAttempts: aws.Int32(0)}, true)
		get("get_eventinvokeconfig_doesnotexist", fn, "eventinvokealias")
		update("update_eventinvokeconfig_config_doesnotexist_with_qualifier", &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(arnPrefix + fn + ":eventinvokealias"), MaximumRetryAttempts: aws.Int32(0)}, true)
		update("update_eventinvokeconfig_config_doesnotexist_without_qualifier", &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(arnPrefix + fn), MaximumRetryAttempts: aws.Int32(0)}, true)
		r.done("fn_version_result", "fn_alias_result")
	})
}

func TestReplayEventInvokeConfigLifecycle(t *testing.T) {
	replayTransports(t, func(t *testing.T, e *env, last *lastAnswer) {
		r := newReplay(t, "TestLambdaEventInvokeConfig::test_lambda_eventinvokeconfig_lifecycle", last)
		fn := "eic-life-5e6f"
		e.createFunction(t, fn)
		_, err := e.client.PutFunctionEventInvokeConfig(e.ctx, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumRetryAttempts: aws.Int32(0)})
		require.NoError(t, err)
		r.match("put_invokeconfig_retries_0")
		_, err = e.client.PutFunctionEventInvokeConfig(e.ctx, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumEventAgeInSeconds: aws.Int32(60)})
		require.NoError(t, err)
		r.match("put_invokeconfig_eventage_60")
		_, err = e.client.UpdateFunctionEventInvokeConfig(e.ctx, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumEventAgeInSeconds: aws.Int32(60)})
		require.NoError(t, err)
		r.match("update_invokeconfig_eventage_nochange")
		_, err = e.client.UpdateFunctionEventInvokeConfig(e.ctx, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumRetryAttempts: aws.Int32(1)})
		require.NoError(t, err)
		r.match("update_invokeconfig_retries")
		_, err = e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("get_invokeconfig")
		_, err = e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("$LATEST")})
		require.NoError(t, err)
		r.match("get_invokeconfig_latest")
		_, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("list_single_invokeconfig")
		e.publish(t, fn)
		_, err = e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("1")})
		require.Error(t, err)
		r.match("get_invokeconfig_postpublish")
		_, err = e.client.PutFunctionEventInvokeConfig(e.ctx, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("1"), MaximumEventAgeInSeconds: aws.Int32(120)})
		require.NoError(t, err)
		r.match("put_published_invokeconfig")
		_, err = e.client.GetFunctionEventInvokeConfig(e.ctx, &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), Qualifier: aws.String("1")})
		require.NoError(t, err)
		r.match("get_published_invokeconfig")
		// Paging: MaxItems=1 walks both configs.
		out, err := e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(fn), MaxItems: aws.Int32(1)})
		require.NoError(t, err)
		require.Len(t, out.FunctionEventInvokeConfigs, 1)
		require.NotNil(t, out.NextMarker)
		out2, err := e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(fn), MaxItems: aws.Int32(1), Marker: out.NextMarker})
		require.NoError(t, err)
		require.Len(t, out2.FunctionEventInvokeConfigs, 1)
		require.Nil(t, out2.NextMarker)
		require.NotEqual(t, *out.FunctionEventInvokeConfigs[0].FunctionArn, *out2.FunctionEventInvokeConfigs[0].FunctionArn)
		_, err = e.client.DeleteFunctionEventInvokeConfig(e.ctx, &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		_, err = e.client.ListFunctionEventInvokeConfigs(e.ctx, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(fn)})
		require.NoError(t, err)
		r.match("list_paging_nolimit_postdelete")
		r.done("publish_version_result")
	})
}

package fakelambda_test

import (
	"net/url"
	"strconv"
	"testing"
)

// The calls of LocalStack's TestLambdaLayer (tests/aws/services/lambda_/test_lambda_api.py),
// replayed against the recordings. See layers_recording_test.go.

const lrLayers = "/2018-10-31/layers/"

func (r *lrReplayer) publishLayer(name string, in map[string]any) lrAnswer {
	r.t.Helper()
	body := map[string]any{"Content": map[string]any{"ZipFile": lrB64(lrDummyLayer)}}
	for k, v := range in {
		body[k] = v
	}
	return r.call("POST", lrLayers+name+"/versions", body)
}

// createFunction creates a function as LocalStack's create_lambda_function
// fixture does (python, handler.handler, 30 s, no environment variables).
func (r *lrReplayer) createFunction(name string, extra map[string]any) lrAnswer {
	r.t.Helper()
	body := map[string]any{"FunctionName": name, "Runtime": "python3.12", "Handler": "handler.handler", "Timeout": 30,
		"Role": "arn:aws:iam::" + account + ":role/lambda-role", "Environment": map[string]any{"Variables": map[string]any{}}, "Code": map[string]any{"ZipFile": lrB64([]byte("function code"))}}
	for k, v := range extra {
		body[k] = v
	}
	out := r.call("POST", "/2015-03-31/functions", body)
	if out.doc["State"] == "Pending" {
		r.wait(name) // LocalStack's fixture waits for Active, as real code must
	}
	return out
}

// wait polls like the SDK waiters FunctionActiveV2 and FunctionUpdatedV2
// until name is Active and no update is in progress (a transition ends once
// a read has shown it).
func (r *lrReplayer) wait(name string) {
	r.t.Helper()
	for range 5 {
		doc := r.call("GET", "/2015-03-31/functions/"+name+"/configuration", nil).doc
		if doc["State"] != "Pending" && doc["LastUpdateStatus"] != "InProgress" {
			return
		}
	}
	r.t.Fatalf("%s never became ready", name)
}

func TestReplayLayerCompatibilities(t *testing.T) {
	lists := [][]any{
		{"nodejs24.x", "nodejs22.x", "nodejs20.x", "nodejs18.x", "nodejs16.x", "nodejs14.x", "nodejs12.x", "python3.14", "python3.13", "python3.12", "python3.11", "python3.10", "python3.9", "python3.8", "python3.7"},
		{"java25", "java21", "java17", "java11", "java8.al2", "java8", "dotnet10", "dotnet8", "dotnet6", "dotnetcore3.1", "go1.x", "ruby3.4", "ruby3.3", "ruby3.2", "ruby2.7"},
		{"provided.al2023", "provided.al2", "provided"},
	}
	for i, runtimes := range lists {
		lrTransports(t, "TestLambdaLayer::test_layer_compatibilities[runtimes"+strconv.Itoa(i)+"]", func(t *testing.T, r *lrReplayer) {
			r.match("publish_result", r.publishLayer("testlayer-compat", map[string]any{
				"CompatibleRuntimes": runtimes, "CompatibleArchitectures": []any{"arm64", "x86_64"}}))
		})
	}
}

func TestReplayLayerExceptions(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_exceptions", func(t *testing.T, r *lrReplayer) {
		name := "testlayer-exc"
		pub := r.publishLayer(name, map[string]any{"CompatibleRuntimes": []any{"python3.12"}, "CompatibleArchitectures": []any{"x86_64"}})
		r.match("publish_result", pub)
		layerArn := pub.str("LayerArn")

		r.match("list_layers_exc_compatibleruntime_invalid", r.call("GET", "/2018-10-31/layers?CompatibleRuntime=runtimedoesnotexist", nil))
		r.match("list_layers_exc_compatiblearchitecture_invalid", r.call("GET", "/2018-10-31/layers?CompatibleArchitecture=archdoesnotexist", nil))
		r.match("list_nonexistent_layer", r.call("GET", lrLayers+"layerdoesnotexist/versions", nil))
		r.match("get_layer_version_exc_layer_doesnotexist", r.call("GET", lrLayers+"layerdoesnotexist/versions/1", nil))
		r.match("get_layer_version_exc_layer_version_doesnotexist_negative", r.call("GET", lrLayers+name+"/versions/-1", nil))
		r.match("get_layer_version_exc_layer_version_doesnotexist_zero", r.call("GET", lrLayers+name+"/versions/0", nil))
		r.match("get_layer_version_exc_layer_version_doesnotexist_2", r.call("GET", lrLayers+name+"/versions/2", nil))
		r.match("get_layer_version_by_arn_exc_invalidarn", r.call("GET", "/2018-10-31/layers?find=LayerVersion&Arn="+url.QueryEscape(layerArn), nil))
		r.match("get_layer_version_by_arn_exc_nonexistentversion", r.call("GET", "/2018-10-31/layers?find=LayerVersion&Arn="+url.QueryEscape(layerArn+":2"), nil))
		r.match("delete_nonexistent_response", r.call("DELETE", lrLayers+"layerdoesnotexist/versions/1", nil))
		r.match("delete_nonexistent_version_response", r.call("DELETE", lrLayers+name+"/versions/2", nil))
		r.match("delete_layer_response", r.call("DELETE", lrLayers+name+"/versions/1", nil))
		r.match("delete_layer_again_response", r.call("DELETE", lrLayers+name+"/versions/1", nil))
		r.match("delete_layer_version_exc_layerversion_invalid_version", r.call("DELETE", lrLayers+name+"/versions/-1", nil))

		r.match("publish_empty_result", r.publishLayer("testlayer-empty", map[string]any{"CompatibleRuntimes": []any{}, "CompatibleArchitectures": []any{}}))
		r.match("publish_layer_version_exc_invalid_runtime_arch", r.publishLayer("testlayer-2",
			map[string]any{"CompatibleRuntimes": []any{"invalidruntime"}, "CompatibleArchitectures": []any{"invalidarch"}}))
		r.match("publish_layer_version_exc_partially_invalid_values", r.publishLayer("testlayer-3",
			map[string]any{"CompatibleRuntimes": []any{"invalidruntime", "invalidruntime2", "nodejs20.x"}, "CompatibleArchitectures": []any{"invalidarch", "x86_64"}}))
	})
}

func TestReplayLayerFunctionExceptions(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_function_exceptions", func(t *testing.T, r *lrReplayer) {
		name := "testlayer-fn"
		in := map[string]any{"CompatibleRuntimes": []any{}, "CompatibleArchitectures": []any{"x86_64"}}
		p1, p2, p3 := r.publishLayer(name, in), r.publishLayer(name, in), r.publishLayer(name, in)
		r.match("publish_result", p1)
		r.match("publish_result_2", p2)
		r.match("publish_result_3", p3)
		fn := "fn-layer"
		r.createFunction(fn, nil)
		r.match("get_fn_result", r.call("GET", "/2015-03-31/functions/"+fn, nil))

		update := func(layers ...any) lrAnswer {
			return r.call("PUT", "/2015-03-31/functions/"+fn+"/configuration", map[string]any{"Layers": layers})
		}
		v1, v2, v3, layerArn := p1.str("LayerVersionArn"), p2.str("LayerVersionArn"), p3.str("LayerVersionArn"), p1.str("LayerArn")
		r.match("two_layer_versions_single_function_exc", update(v1, v2))
		r.match("three_layer_versions_single_function_exc", update(v1, v2, v3))
		r.match("two_identical_layer_versions_single_function_exc", update(v1, v1))
		r.match("add_nonexistent_layer_exc", update(layerArn[:len(layerArn)-len(name)]+"doesnotexist:1"))
		r.match("add_nonexistent_layer_version_exc", update(layerArn+":9"))
		r.match("add_layer_arn_without_version_exc", update(layerArn))

		// The same layer in another region (the request's SigV4 scope), then
		// a function of that name (it exists: Lambda checks the layers first).
		other := r.call("POST", lrLayers+name+"/versions", map[string]any{"Content": map[string]any{"ZipFile": lrB64(lrDummyLayer)},
			"CompatibleRuntimes": []any{}, "CompatibleArchitectures": []any{"x86_64"}},
			"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/lambda/aws4_request, SignedHeaders=host, Signature=00")
		r.match("create_function_with_layer_in_different_region", r.createFunction(fn, map[string]any{"Layers": []any{other.str("LayerVersionArn")}}))
	})
}

func TestReplayLayerFunctionQuota(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_function_quota_exception", func(t *testing.T, r *lrReplayer) {
		var arns []any
		for n := 1; n <= 6; n++ {
			p := r.publishLayer("testlayer-"+strconv.Itoa(n), map[string]any{"CompatibleRuntimes": []any{}, "CompatibleArchitectures": []any{"x86_64"}})
			arns = append(arns, p.str("LayerVersionArn"))
		}
		r.match("create_function_with_six_layers", r.createFunction("fn-layer", map[string]any{"Layers": arns}))
	})
}

func TestReplayLayerLifecycle(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_lifecycle", func(t *testing.T, r *lrReplayer) {
		fn, name := "fn-layer", "testlayer-life"
		r.createFunction(fn, nil)
		r.match("get_fn_result", r.call("GET", "/2015-03-31/functions/"+fn, nil))
		r.match("get_fn_config_result", r.call("GET", "/2015-03-31/functions/"+fn+"/configuration", nil))
		in := map[string]any{"CompatibleRuntimes": []any{"python3.12"}, "LicenseInfo": "licenseinfo-1", "Description": "description-1",
			"CompatibleArchitectures": []any{"x86_64"}}
		p1 := r.publishLayer(name, in)
		r.match("publish_result", p1)
		r.match("publish_result_2", r.publishLayer(name, in))
		v1 := p1.str("LayerVersionArn")
		r.match("update_fn_config", r.call("PUT", "/2015-03-31/functions/"+fn+"/configuration", map[string]any{"Layers": []any{v1}}))
		r.wait(fn)
		r.match("get_fn_config", r.call("GET", "/2015-03-31/functions/"+fn+"/configuration", nil))
		r.match("get_layer_ver_result", r.call("GET", lrLayers+name+"/versions/1", nil))
		r.match("get_layer_by_arn_version", r.call("GET", "/2018-10-31/layers?find=LayerVersion&Arn="+url.QueryEscape(v1), nil))
		r.match("list_layer_versions_predelete", r.call("GET", lrLayers+name+"/versions", nil))
		r.match("delete_layer_1", r.call("DELETE", lrLayers+name+"/versions/1", nil))
		r.match("get_fn_config_postdelete", r.call("GET", "/2015-03-31/functions/"+fn+"/configuration", nil))
		r.match("delete_layer_2", r.call("DELETE", lrLayers+name+"/versions/2", nil))
		r.match("list_layer_versions_postdelete", r.call("GET", lrLayers+name+"/versions", nil))
		r.match("publish_result_3", r.publishLayer(name, in))
	})
}

func TestReplayLayerS3Content(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_s3_content", func(t *testing.T, r *lrReplayer) {
		r.match("publish_layer_result", r.call("POST", lrLayers+"bucket-layer/versions",
			map[string]any{"Content": map[string]any{"S3Bucket": "bucket", "S3Key": "/layercontent.zip"}}))
	})
}

func TestReplayLayerPolicyExceptions(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_policy_exceptions", func(t *testing.T, r *lrReplayer) {
		name := "layer4policy"
		r.match("publish_result", r.publishLayer(name, map[string]any{"CompatibleRuntimes": []any{"python3.12"}, "CompatibleArchitectures": []any{"x86_64"}}))
		r.match("layer_permission_nopolicy_get", r.call("GET", lrLayers+name+"/versions/1/policy", nil))
		perm := func(layer string, version int, action, sid, query string) lrAnswer {
			return r.call("POST", lrLayers+layer+"/versions/"+strconv.Itoa(version)+"/policy"+query,
				map[string]any{"Action": action, "Principal": "*", "StatementId": sid})
		}
		r.match("add_layer_permission_result", perm(name, 1, "lambda:GetLayerVersion", "s1", ""))
		r.match("layer_permission_action_invalid", perm(name, 1, "*", "s-x1", ""))
		r.match("layer_permission_duplicate_statement", perm(name, 1, "lambda:GetLayerVersion", "s1", ""))
		r.match("layer_permission_wrong_revision", perm(name, 1, "lambda:GetLayerVersion", "s2", "?RevisionId=wrong"))
		r.match("layer_permission_layername_doesnotexist_add", perm(name+"-doesnotexist", 1, "lambda:GetLayerVersion", "s-x2", ""))
		r.match("layer_permission_layername_doesnotexist_get", r.call("GET", lrLayers+name+"-doesnotexist/versions/1/policy", nil))
		r.match("layer_permission_layername_doesnotexist_remove", r.call("DELETE", lrLayers+name+"-doesnotexist/versions/1/policy/s1", nil))
		r.match("layer_permission_layerversion_doesnotexist_add", perm(name, 2, "lambda:GetLayerVersion", "s-x3", ""))
		r.match("layer_permission_layerversion_doesnotexist_get", r.call("GET", lrLayers+name+"/versions/2/policy", nil))
		r.match("layer_permission_layerversion_doesnotexist_remove", r.call("DELETE", lrLayers+name+"/versions/2/policy/s1", nil))
		r.match("layer_permission_statementid_doesnotexist_remove", r.call("DELETE", lrLayers+name+"/versions/1/policy/doesnotexist", nil))
		r.match("layer_permission_wrong_revision_remove", r.call("DELETE", lrLayers+name+"/versions/1/policy/s1?RevisionId=wrong", nil))
	})
}

func TestReplayLayerPolicyLifecycle(t *testing.T) {
	lrTransports(t, "TestLambdaLayer::test_layer_policy_lifecycle", func(t *testing.T, r *lrReplayer) {
		name := "layer4policy"
		r.match("publish_result", r.publishLayer(name, map[string]any{"CompatibleRuntimes": []any{"python3.12"}, "CompatibleArchitectures": []any{"x86_64"}}))
		add := func(sid string) lrAnswer {
			return r.call("POST", lrLayers+name+"/versions/1/policy", map[string]any{"Action": "lambda:GetLayerVersion", "Principal": "*", "StatementId": sid})
		}
		r.match("add_policy_s1", add("s1"))
		r.match("get_layer_version_policy", r.call("GET", lrLayers+name+"/versions/1/policy", nil))
		r.match("add_policy_s2", add("s2"))
		r.match("get_layer_version_policy_postadd2", r.call("GET", lrLayers+name+"/versions/1/policy", nil))
		r.match("remove_s2", r.call("DELETE", lrLayers+name+"/versions/1/policy/s2", nil))
		r.match("get_layer_version_policy_postdeletes2", r.call("GET", lrLayers+name+"/versions/1/policy", nil))
	})
}

package fakelambda_test

import (
	"net/url"
	"testing"
)

// The calls of LocalStack's TestCodeSigningConfig and
// TestLambdaAccountSettings::test_account_settings_total_code_size, replayed
// against the recordings. See layers_recording_test.go.

const lrCSCs = "/2020-04-22/code-signing-configs"

func (r *lrReplayer) createCSC() lrAnswer {
	r.t.Helper()
	return r.call("POST", lrCSCs, map[string]any{
		"Description":         "Testing CodeSigning Config",
		"AllowedPublishers":   map[string]any{"SigningProfileVersionArns": []any{"arn:aws:signer:" + r.region + ":" + account + ":/signing-profiles/test"}},
		"CodeSigningPolicies": map[string]any{"UntrustedArtifactOnDeployment": "Enforce"},
	})
}

func TestReplayFunctionCodeSigningConfig(t *testing.T) {
	lrTransports(t, "TestCodeSigningConfig::test_function_code_signing_config", func(t *testing.T, r *lrReplayer) {
		fn := "lambda_func-csc"
		r.createFunction(fn, nil)
		created := r.createCSC()
		r.match("create_code_signing_config", created)
		arn := created.str("CodeSigningConfig", "CodeSigningConfigArn")
		path := lrCSCs + "/" + url.PathEscape(arn)
		r.match("update_code_signing_config", r.call("PUT", path, map[string]any{"CodeSigningPolicies": map[string]any{"UntrustedArtifactOnDeployment": "Warn"}}))
		r.match("get_code_signing_config", r.call("GET", path, nil))
		r.match("put_function_code_signing_config", r.call("PUT", "/2020-06-30/functions/"+fn+"/code-signing-config", map[string]any{"CodeSigningConfigArn": arn}))
		r.match("get_function_code_signing_config", r.call("GET", "/2020-06-30/functions/"+fn+"/code-signing-config", nil))
		// Recorded: the last config of the account's list (others' configs
		// were in it too).
		list := r.call("GET", lrCSCs, nil)
		items, _ := list.doc["CodeSigningConfigs"].([]any)
		if len(items) == 0 {
			t.Fatalf("ListCodeSigningConfigs: %s", list.body)
		}
		r.matchValue("list_code_signing_configs", items[len(items)-1])
		r.match("list_functions_by_code_signing_config", r.call("GET", path+"/functions", nil))
		r.match("delete_function_code_signing_config", r.call("DELETE", "/2020-06-30/functions/"+fn+"/code-signing-config", nil))
		r.match("delete_code_signing_config", r.call("DELETE", path, nil))
	})
}

func TestReplayCodeSigningNotFound(t *testing.T) {
	lrTransports(t, "TestCodeSigningConfig::test_code_signing_not_found_excs", func(t *testing.T, r *lrReplayer) {
		fn, missingFn := "lambda_func-csc", "csc-test-doesnotexist"
		r.createFunction(fn, nil)
		created := r.createCSC()
		r.match("create_code_signing_config", created)
		arn := created.str("CodeSigningConfig", "CodeSigningConfigArn")
		invalid := arn[:len(arn)-1] + "x"
		if invalid == arn {
			invalid = arn[:len(arn)-1] + "y"
		}
		r.m.fix("<csc_arn_invalid>", invalid)
		path, invalidPath := lrCSCs+"/"+url.PathEscape(arn), lrCSCs+"/"+url.PathEscape(invalid)
		fnPath := func(name string) string { return "/2020-06-30/functions/" + name + "/code-signing-config" }

		r.match("delete_csc_notfound", r.call("DELETE", invalidPath, nil))
		r.match("nothing_to_delete_response", r.call("DELETE", fnPath(fn), nil))
		r.match("delete_function_csc_fnnotfound", r.call("DELETE", fnPath(missingFn), nil))
		r.match("put_function_csc_invalid_fnname", r.call("PUT", fnPath(missingFn), map[string]any{"CodeSigningConfigArn": arn}))
		r.match("put_function_csc_invalid_csc_arn", r.call("PUT", fnPath(fn), map[string]any{"CodeSigningConfigArn": invalid}))
		r.match("put_function_csc_invalid_both", r.call("PUT", fnPath(missingFn), map[string]any{"CodeSigningConfigArn": invalid}))
		r.match("update_csc_invalid_csc_arn", r.call("PUT", invalidPath, map[string]any{"Description": "new-description"}))
		r.match("update_csc_noupdates", r.call("PUT", invalidPath, map[string]any{}))
		r.match("update_csc_noupdate_response", r.call("PUT", path, map[string]any{}))
		r.match("get_csc_invalid", r.call("GET", invalidPath, nil))
		r.match("get_function_csc_fnwithoutcsc", r.call("GET", fnPath(fn), nil))
		r.match("get_function_csc_nonexistingfn", r.call("GET", fnPath(missingFn), nil))
		r.match("list_functions_by_csc_fnwithoutcsc", r.call("GET", path+"/functions", nil))
		r.match("list_functions_by_csc_invalid_cscarn", r.call("GET", invalidPath+"/functions", nil))
	})
}

// The recorded differences of AccountUsage.TotalCodeSize: a 276-byte
// function zip, published; a 169-byte layer, twice.
func TestReplayAccountSettingsTotalCodeSize(t *testing.T) {
	lrTransports(t, "TestLambdaAccountSettings::test_account_settings_total_code_size", func(t *testing.T, r *lrReplayer) {
		total := func() float64 {
			as := r.call("GET", "/2016-08-19/account-settings", nil)
			usage, _ := as.doc["AccountUsage"].(map[string]any)
			n, _ := usage["TotalCodeSize"].(float64)
			return n
		}
		zip := make([]byte, 276)
		t0 := total()
		r.createFunction("lambda_func-size", map[string]any{"Code": map[string]any{"ZipFile": lrB64(zip)}})
		t1 := total()
		r.matchValue("total_code_size_diff_create_function", t1-t0)
		r.call("PUT", "/2015-03-31/functions/lambda_func-size/code", map[string]any{"ZipFile": lrB64(zip), "Publish": true})
		t2 := total()
		r.matchValue("total_code_size_diff_update_function", t2-t1)
		r.publishLayer("testlayer-size", nil)
		t3 := total()
		r.matchValue("total_code_size_diff_publish_layer", t3-t2)
		r.publishLayer("testlayer-size", nil)
		r.matchValue("total_code_size_diff_publish_layer_version", total()-t3)
	})
}

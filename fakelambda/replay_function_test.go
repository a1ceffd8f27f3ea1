package fakelambda_test

import (
	"strconv"
	"strings"
)

// Replays of TestLambdaFunction.

func invokePath(name string) string { return fnp(name) + "/invocations" }

// fails lets a setup call fail: the fake differs there, and a later
// comparison says how.
func fails(c rcall) rcall { c.fail = true; return c }

// withStatusCode adds the status as botocore shows it for DeleteFunction,
// whose output models it as the member StatusCode.
func withStatusCode(doc map[string]any) map[string]any {
	doc["StatusCode"] = doc["ResponseMetadata"].(map[string]any)["HTTPStatusCode"]
	return doc
}

// errorShape is how test_function_name_and_qualifier_validation recorded an
// error: {Code, Message}, or for "N validation errors detected: a; b"
// {Code, Count, Errors}.
func errorShape(doc map[string]any) map[string]any {
	e, _ := doc["Error"].(map[string]any)
	if e == nil {
		return doc
	}
	msg, _ := e["Message"].(string)
	out := map[string]any{"Code": e["Code"]}
	if head, rest, ok := strings.Cut(msg, " detected: "); ok && strings.HasSuffix(head, "error") || ok && strings.HasSuffix(head, "errors") {
		n, _ := strconv.Atoi(strings.Fields(head)[0])
		errs := []any{}
		for _, s := range strings.Split(rest, "; ") {
			errs = append(errs, s)
		}
		out["Count"], out["Errors"] = float64(n), errs
		return out
	}
	out["Message"] = msg
	return out
}

// nameCase is one parameter of test_function_name_and_qualifier_validation:
// the FunctionName and Qualifier sent to GetFunction, DeleteFunction and
// Invoke, and the FunctionName sent to CreateFunction (the two joined).
type nameCase struct{ id, name, qualifier string }

func (c nameCase) q() string {
	if c.qualifier == "" {
		return ""
	}
	return "Qualifier=" + c.qualifier
}

func (c nameCase) createName() string {
	if c.qualifier == "" {
		return c.name
	}
	return c.name + ":" + c.qualifier
}

func registerNameValidation() {
	a := strings.Repeat
	full := "arn:aws:lambda:us-east-1:111111111111:function:"
	bad := "arn:aws:lambda:invalid-region:111111111111:function:"
	cases := []nameCase{
		{"invalid_characters_in_function_name", "my-function!", ""},
		{"invalid_characters_in_qualifier", "my-function", "invalid!"},
		{"qualifier_too_long0", "my-function", a("a", 129)},
		{"qualifier_too_long", "my-function", a("a", 129)},
		{"qualifier_too_long1", "my-function", a("a", 65)},
		{"function_name_and_qualifier_too_long", "my-function", a("a", 65)},
		{"invalid_account_id_in_partial_arn", "invalid-account:function:my-function", ""},
		{"invalid_region_in_arn", bad + "my-function", ""},
		{"non_lambda_arn", "arn:aws:ec2:us-east-1:111111111111:instance:i-1234567890abcdef0", ""},
		{"function_name_too_long", a("a", 65), ""},
		{"function_name_too_long_and_invalid_region", bad + "my-function" + a("a", 170), ""},
		{"full_arn_and_qualifier_too_long_and_invalid_region", bad + "my-function-" + a("a", 170), a("a", 129)},
		{"full_arn_with_multiple_qualifiers", full + "my-function:1:2", ""},
		{"incomplete_arn", "arn:aws:lambda:us-east-1:111111111111:function", ""},
		{"partial_arn_with_extra_qualifier", "function:my-function:$LATEST:extra", ""},
		{"latest_version_with_additional_qualifier", full + "my-function:$LATEST", "1"},
		{"lowercase_latest_qualifier", full + "my-function:$latest", ""},
		{"missing_region_in_arn", "arn:aws:lambda::111111111111:function:my-function", ""},
		{"missing_account_id_in_arn", "arn:aws:lambda:us-east-1::function:my-function", ""},
		{"misspelled_latest_in_arn", full + "my-function:$LATES", ""},
		{"function_name_is_single_invalid", "*", ""},
	}
	for _, c := range cases {
		id := func(op string) string {
			return "TestLambdaFunction::test_function_name_and_qualifier_validation[" + c.id + "-" + op + "]"
		}
		register(
			replay{id: id("get_function"), calls: seq(get("get_function_exception", fnp(c.name)).q(c.q()).shaped(errorShape))},
			replay{id: id("delete_function"), calls: seq(del("delete_function_exception", fnp(c.name)).q(c.q()).shaped(errorShape))},
			replay{id: id("invoke"), calls: seq(post("invoke_exception", invokePath(c.name), "{}").q(c.q()).shaped(errorShape))},
		)
		switch c.id {
		case "qualifier_too_long1", "incomplete_arn", "function_name_and_qualifier_too_long":
			// The test records nothing for CreateFunction here.
		default:
			register(replay{id: id("create_function"), calls: seq(createAWS("create_function_exception", plain(c.createName(), "python3.12")).shaped(errorShape))})
		}
	}
}

func registerFunctions() {
	f := "fn-1"
	arn := arnp + f
	other := "arn:aws:lambda:eu-central-1:111111111111:function:" + f
	mismatch := func(op string, call func(key, path string) rcall) replay {
		fn := "arn:aws:lambda:us-east-1:111111111111:function:some-function"
		return replay{id: "TestLambdaFunction::test_ops_with_arn_qualifier_mismatch[" + op + "]", calls: seq(
			call("not_match_exception", fn+":1").q("Qualifier=$LATEST"),
			call("match_exception", fn+":$LATEST").q("Qualifier=$LATEST"),
		)}
	}
	ops := map[string]func(key, name string) rcall{
		"get_function":                     func(k, n string) rcall { return get(k, fnp(n)) },
		"get_function_configuration":       func(k, n string) rcall { return get(k, fnp(n)+"/configuration") },
		"delete_function":                  func(k, n string) rcall { return del(k, fnp(n)) },
		"get_function_code_signing_config": func(k, n string) rcall { return get(k, "/2020-06-30/functions/"+n+"/code-signing-config") },
		"get_function_concurrency":         func(k, n string) rcall { return get(k, getConcPath(n)) },
		"get_function_url_config":          func(k, n string) rcall { return get(k, "/2021-10-31/functions/"+n+"/url") },
		"get_function_event_invoke_config": func(k, n string) rcall { return get(k, "/2019-09-25/functions/"+n+"/event-invoke-config") },
		"invoke":                           func(k, n string) rcall { return post(k, invokePath(n), "{}") },
	}
	withPath := func(op string) func(key, path string) rcall {
		return func(k, p string) rcall { return ops[op](k, p) }
	}
	register(
		mismatch("delete_function", withPath("delete_function")),
		mismatch("get_function", withPath("get_function")),
		mismatch("get_function_configuration", withPath("get_function_configuration")),
	)
	for _, op := range []string{"get_function", "get_function_configuration", "get_function_event_invoke_config"} {
		register(replay{id: "TestLambdaFunction::test_ops_on_nonexisting_version[" + op + "]", calls: seq(
			create("", fixture(f, "python3.12", map[string]any{"Description": "Initial description"})),
			ops[op]("version_not_found_exception", f).q("Qualifier=1221"),
		)})
	}
	for _, op := range []string{"delete_function", "get_function", "get_function_configuration", "get_function_url_config",
		"get_function_code_signing_config", "get_function_event_invoke_config", "get_function_concurrency"} {
		register(replay{id: "TestLambdaFunction::test_ops_on_nonexisting_fn[" + op + "]", calls: seq(
			ops[op]("not_found_exception", "i-dont-exist-1"),
		)})
	}
	for _, op := range []string{"get_function", "get_function_configuration", "get_function_url_config", "get_function_code_signing_config",
		"get_function_event_invoke_config", "get_function_concurrency", "delete_function", "invoke"} {
		register(replay{id: "TestLambdaFunction::test_get_function_wrong_region[" + op + "]", calls: seq(
			create("", fixture(f, "python3.12", map[string]any{"Description": "Initial description"})),
			ops[op]("wrong_region_exception", other),
		)})
	}
	s3 := map[string]any{"S3Bucket": "fakelambda-code", "S3Key": "code/code-function.zip"}
	register(
		replay{id: "TestLambdaFunction::test_function_lifecycle", calls: seq(
			create("create_response", fixture(f, "python3.12", map[string]any{"MemorySize": 256, "Timeout": 5})),
			get("get_function_response", fnp(f)),
			updateConfig("update_func_conf_response", f, map[string]any{"Runtime": "python3.11", "Description": "Changed-Description",
				"MemorySize": 512, "Timeout": 10, "Environment": map[string]any{"Variables": map[string]any{"ENV_A": "a"}}}),
			waitFor(f),
			get("get_function_response_postupdate", fnp(f)),
			updateCode("update_code_response", f, map[string]any{"ZipFile": zip("version 2")}),
			waitFor(f),
			get("get_function_response_postcodeupdate", fnp(f)),
			del("delete_response", fnp(f)).shaped(withStatusCode),
			del("delete_postdelete", fnp(f)),
		)},
		replay{id: "TestLambdaFunction::test_redundant_updates", calls: seq(
			create("create_response", fixture(f, "python3.12", map[string]any{"Description": "Initial description"})),
			updateConfig("first_update_result", f, map[string]any{"Description": "1st update description"}),
			waitFor(f),
			get("get_fn_config_result", fnp(f)+"/configuration"),
			get("get_fn_result", fnp(f)),
			updateConfig("redundant_update_result", f, map[string]any{"Description": "1st update description"}),
			waitFor(f),
			get("get_fn_result_after_redundant_update", fnp(f)),
		)},
		replay{id: "TestLambdaFunction::test_delete_on_nonexisting_version", calls: seq(
			create("", fixture(f, "python3.12", map[string]any{"Description": "Initial description"})),
			del("", fnp(f)).q("Qualifier=1233"), // a missing version: 204, twice
			del("", fnp(f)).q("Qualifier=1233"),
			del("", fnp(f)),
			del("delete_function_response_non_existent", fnp(f)),
			del("delete_function_response_non_existent_with_qualifier", fnp(f)).q("Qualifier=1233"),
		)},
		replay{id: "TestLambdaFunction::test_lambda_code_location_zipfile", calls: seq(
			createAWS("create-response-zip-file", plain(f, "python3.12")),
			waitFor(f),
			get("get-function-response", fnp(f)),
			updateCode("update-function-response", f, map[string]any{"ZipFile": zip("version 2")}),
			get("get-function-response-updated", fnp(f)),
		)},
		replay{id: "TestLambdaFunction::test_lambda_code_location_s3", calls: seq(
			createAWS("create_response_s3", plain(f, "python3.12", map[string]any{"Code": s3})),
			waitFor(f),
			get("get-function-response", fnp(f)),
			updateCode("update-function-response", f, s3),
			get("get-function-response-updated", fnp(f)),
		)},
		replay{id: "TestLambdaFunction::test_lambda_code_location_s3_errors", calls: seq(
			createAWS("create-error-wrong-bucket", plain(f, "python3.12", map[string]any{"Code": map[string]any{"S3Bucket": "doesnotexist-bucket", "S3Key": "code.zip"}})),
			createAWS("create-error-wrong-key", plain("fn-3", "python3.12", map[string]any{"Code": map[string]any{"S3Bucket": "fakelambda-code", "S3Key": "doesnotexist.zip"}})),
			createAWS("", plain("fn-2", "python3.12")),
			updateCode("update-error-wrong-bucket", "fn-2", map[string]any{"S3Bucket": "doesnotexist-bucket", "S3Key": "code.zip"}),
			updateCode("update-error-wrong-key", "fn-2", map[string]any{"S3Bucket": "fakelambda-code", "S3Key": "doesnotexist.zip"}),
		)},
		replay{id: "TestLambdaFunction::test_function_arns", calls: seq(
			create("create-function-arn-response", fixture(arnp+"test-function-arn-1", "python3.12")),
			create("create-function-partial-arn-response", fixture("111111111111:function:test-partial-arn-1", "python3.12")),
			createAWS("invalid_function_name_exc", plain("invalid:function:name", "python3.12")),
			createAWS("long_function_name_exc", plain(strings.Repeat("a", 65), "python3.12")),
			createAWS("long_function_arn_exc", plain(arnp+strings.Repeat("a", 140-len(arnp)+1), "python3.12")),
			createAWS("function_arn_other_region_exc", plain("arn:aws:lambda:ap-southeast-1:111111111111:function:test-function-arn-2", "python3.12")),
			createAWS("function_arn_other_account_exc", plain("arn:aws:lambda:us-east-1:123456789012:function:test-function-arn-3", "python3.12")),
		)},
		replay{id: "TestLambdaFunction::test_create_lambda_exceptions", calls: seq(
			createAWS("invalid_role_arn_exc", plain(f, "python3.9", map[string]any{"Role": "r1"})),
			createAWS("invalid_runtime_exc", plain(f, "non-existent-runtime")),
			createAWS("uppercase_runtime_exc", plain(f, "PYTHON3.9")),
			createAWS("multiple_architectures", plain(f, "python3.9", map[string]any{"Architectures": []string{"x86_64", "arm64"}})),
			createAWS("uppercase_architecture", plain(f, "python3.9", map[string]any{"Architectures": []string{"X86_64"}})),
			createAWS("invalid_zip_exc", plain(f, "python3.9", map[string]any{"Code": map[string]any{"ZipFile": "dGhpcyBpcyBub3QgYSB6aXBmaWxlLCBqdXN0IGEgcmFuZG9tIHN0cmluZw=="}})),
		)},
		replay{id: "TestLambdaFunction::test_update_lambda_exceptions", calls: seq(
			createAWS("", plain(f, "python3.12")),
			updateConfig("invalid_role_arn_exc", f, map[string]any{"Role": "r1"}),
			updateConfig("invalid_runtime_exc", f, map[string]any{"Runtime": "non-existent-runtime"}),
			updateConfig("uppercase_runtime_exc", f, map[string]any{"Runtime": "PYTHON3.9"}),
		)},
		replay{id: "TestLambdaFunction::test_list_functions", calls: seq(
			create("create_response_1", fixture("list-fn-1", "python3.12", map[string]any{"Publish": true})),
			create("create_response_2", fixture("list-fn-2", "python3.12")),
			get("list_functions_invalid_functionversion", fnPath).q("FunctionVersion=invalid"),
			get("list_all", fnPath).q("FunctionVersion=ALL").shaped(paginated),
			get("list_default", fnPath).shaped(paginated),
		)},
		replay{id: "TestLambdaFunction::test_vpc_config", calls: seq(
			create("create_response", fixture(f, "python3.12", map[string]any{"MemorySize": 256, "Timeout": 5,
				"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-0aaa1111"}, "SecurityGroupIds": []string{"sg-0aaa1111"}}})),
			get("get_function_response", fnp(f)),
			updateConfig("update_vpcconfig_update_response", f, map[string]any{
				"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-0bbb2222"}, "SecurityGroupIds": []string{"sg-0bbb2222"}}}),
			waitFor(f),
			get("update_vpcconfig_get_function_response", fnp(f)),
			updateConfig("delete_vpcconfig_update_response", f, map[string]any{
				"VpcConfig": map[string]any{"SubnetIds": []string{}, "SecurityGroupIds": []string{}}}),
			waitFor(f),
			get("delete_vpcconfig_get_function_response", fnp(f)),
		)},
		replay{id: "TestLambdaFunction::test_invalid_vpc_config_subnet", calls: seq(
			createAWS("create-response-non-existent-subnet-id", plain(f, "python3.12", map[string]any{
				"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-0123456789abcdef0"}, "SecurityGroupIds": []string{"sg-0aaa1111"}}})),
			createAWS("create-response-invalid-format-subnet-id", plain(f, "python3.12", map[string]any{
				"VpcConfig": map[string]any{"SubnetIds": []string{"invalid-subnet-id"}, "SecurityGroupIds": []string{"sg-0aaa1111"}}})),
		)},
		replay{id: "TestLambdaFunction::test_invalid_vpc_config_security_group", calls: seq(
			createAWS("create-response-non-existent-security-group", plain(f, "python3.12", map[string]any{
				"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-0aaa1111"}, "SecurityGroupIds": []string{"sg-0123456789abcdef0"}}})),
			createAWS("create-response-invalid-format-security-group", plain(f, "python3.12", map[string]any{
				"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-0aaa1111"}, "SecurityGroupIds": []string{"invalid-sg-id"}}})),
		)},
		replay{id: "TestLambdaFunction::test_invalid_invoke", calls: seq(
			post("invoke_function_name_pattern_exc", invokePath("arn:aws:lambda:us-east-1:123400000000@function:myfn"), "{}"),
		)},
		replay{id: "TestLambdaFunction::test_lambda_concurrent_code_updates", calls: seq(
			createAWS("create-function-response", fixture(f, "python3.12", map[string]any{"Environment": nil, "Timeout": nil})),
			waitFor(f),
			updateCode("", f, map[string]any{"ZipFile": zip("version 2")}),
			updateCode("update-during-in-progress-update-exc", f, map[string]any{"ZipFile": zip("version 3")}),
		)},
		replay{id: "TestLambdaFunction::test_lambda_concurrent_config_updates", calls: seq(
			create("create-function-response", fixture(f, "python3.12")),
			updateConfig("", f, map[string]any{"Description": "first"}),
			updateConfig("update-during-in-progress-update-exc", f, map[string]any{"Description": "second"}),
		)},
	)
	_ = arn
	registerNameValidation()
}

func init() { registerFunctions() }

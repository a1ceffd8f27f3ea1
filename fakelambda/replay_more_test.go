package fakelambda_test

import (
	"encoding/base64"
	"strings"
)

// Replays of TestRuntimeValidation, TestLambdaSizeLimits, TestLoggingConfig,
// TestLambdaSnapStart, TestLambdaImages.

// image is a fixed ECR image URI (the fake has no ECR).
func image(repo string) string {
	return "111111111111.dkr.ecr.us-east-1.amazonaws.com/" + repo + ":latest"
}

func registerMore() {
	f := "fn-1"
	for _, rt := range []string{"dotnetcore3.1", "go1.x", "java8", "nodejs12.x", "nodejs14.x", "provided", "python3.7", "ruby2.7"} {
		register(replay{id: "TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled[" + rt + "]", calls: seq(
			createAWS("deprecation_error", plain(f, rt)),
		)})
	}

	env := func(vars map[string]any) map[string]any {
		return map[string]any{"Environment": map[string]any{"Variables": vars}}
	}
	register(
		replay{id: "TestLambdaSizeLimits::test_large_environment_variables_fails", calls: seq(
			createAWS("failed_create_fn_result", fixture(f, "python3.12", env(map[string]any{"LARGE_VAR": strings.Repeat("x", 4*1024-6-9)}))),
			fails(get("", fnp(f))), // not created
		)},
		replay{id: "TestLambdaSizeLimits::test_large_environment_fails_multiple_keys", calls: seq(
			// SMALL_VAR first: the message prints the variables in the order sent.
			createAWS("failured_create_fn_result_multi_key", fixture(f, "python3.12")).rawBody(
				`{"FunctionName":"fn-1","Runtime":"python3.12","Handler":"handler.handler","Role":"` + suRole + `","Timeout":30,` +
					`"Code":{"ZipFile":"` + zip(f) + `"},"Environment":{"Variables":{"SMALL_VAR":"ok","LARGE_VAR":"` + strings.Repeat("x", 4064) + `"}}}`),
		)},
		replay{id: "TestLambdaSizeLimits::test_lambda_envvars_near_limit_succeeds", calls: seq(
			create("successful_create_fn_result", fixture(f, "python3.12", env(map[string]any{"LARGE_VAR": strings.Repeat("x", 4*1024-7-9)}))),
			get("", fnp(f)),
		)},
		// The large zip comes from S3: the fake keeps the location only
		// (CodeSize is recorded as any value).
		replay{id: "TestLambdaSizeLimits::test_large_lambda", calls: seq(
			createAWS("create_function_large_zip", plain(f, "python3.12", map[string]any{"Handler": "handler.handler", "Timeout": 10,
				"PackageType": nil, "Code": map[string]any{"S3Bucket": "fakelambda-code", "S3Key": "large.zip"}})),
			waitFor(f),
		)},
		replay{id: "TestLambdaSizeLimits::test_oversized_request_create_lambda", big: true, calls: seq(
			createAWS("invalid_param_exc", nil).lazyBody(func() string { return bigCreate(strings.Repeat("A", 70167212)) }),
		)},
		replay{id: "TestLambdaSizeLimits::test_oversized_zipped_create_lambda", big: true, calls: seq(
			// A zip of more than 50 MB in a request under the request limit.
			createAWS("invalid_param_exc", nil).lazyBody(func() string {
				return bigCreate(strings.Repeat("A", base64.StdEncoding.EncodedLen(52428800+1)))
			}),
		)},
	)

	logging := func(id string, createLC map[string]any, updates ...map[string]any) replay {
		extra := map[string]any{"MemorySize": 256, "Timeout": 5}
		if createLC != nil {
			extra["LoggingConfig"] = createLC
		}
		calls := seq(
			create("create_response", fixture(f, "python3.12", extra)),
			get("get_function_response", fnp(f)),
			get("function_config", fnp(f)+"/configuration"),
		)
		for i, u := range updates {
			sfx := ""
			if i > 0 {
				sfx = "_v2"
			}
			calls = append(calls,
				updateConfig("updated_config"+sfx, f, map[string]any{"LoggingConfig": u}),
				waitFor(f),
				get("received_config"+sfx, fnp(f)+"/configuration"))
		}
		return replay{id: "TestLoggingConfig::" + id, calls: calls}
	}
	jsonLogs := map[string]any{"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"}
	register(
		logging("test_function_advanced_logging_configuration", jsonLogs,
			map[string]any{"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO", "LogGroup": "cool_lambda"}),
		logging("test_advanced_logging_configuration_format_switch", nil,
			map[string]any{"LogFormat": "JSON"}, map[string]any{"LogFormat": "Text"}),
		logging("test_function_partial_advanced_logging_configuration_update[partial_config0]", nil, map[string]any{"LogFormat": "JSON"}),
		logging("test_function_partial_advanced_logging_configuration_update[partial_config1]", nil,
			map[string]any{"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG"}),
		logging("test_function_partial_advanced_logging_configuration_update[partial_config2]", nil,
			map[string]any{"LogFormat": "JSON", "SystemLogLevel": "DEBUG"}),
		logging("test_function_partial_advanced_logging_configuration_update[partial_config3]", nil, map[string]any{"LogGroup": "cool_lambda"}),
	)

	handlers := map[string]string{"java11": "echo.Handler", "java17": "echo.Handler", "java21": "echo.Handler", "java25": "echo.Handler",
		"python3.12": "handler.handler", "python3.13": "handler.handler",
		"dotnet8": "dotnet::Dotnet.Function::FunctionHandler", "dotnet10": "dotnet::Dotnet.Function::FunctionHandler"}
	for rt, h := range handlers {
		body := plain(f, rt, map[string]any{"Handler": h, "MemorySize": 1024, "Timeout": 5, "PackageType": nil})
		register(
			replay{id: "TestLambdaSnapStart::test_snapstart_lifecycle[" + rt + "]", calls: seq(
				createAWS("create_function_response", body),
				waitFor(f),
				publish("", f, map[string]any{"Description": "version1"}),
				get("get_function_response_latest", fnp(f)),
				get("get_function_response_version_1", fnp(f+":1")),
			)},
			replay{id: "TestLambdaSnapStart::test_snapstart_update_function_configuration[" + rt + "]", calls: seq(
				createAWS("create_function_response", body),
				waitFor(f),
				updateConfig("update_function_response", f, map[string]any{"SnapStart": map[string]any{"ApplyOn": "PublishedVersions"}}),
			)},
		)
	}
	register(replay{id: "TestLambdaSnapStart::test_snapstart_exceptions", calls: seq(
		createAWS("create_function_invalid_snapstart_apply", plain(f, "java11", map[string]any{"Handler": "cloud.localstack.sample.LambdaHandlerWithLib",
			"SnapStart": map[string]any{"ApplyOn": "invalidOption"}})),
	)})

	img := func(extra ...map[string]any) map[string]any {
		b := map[string]any{"FunctionName": f, "Role": suRole, "Code": map[string]any{"ImageUri": image("test-repo-1")},
			"PackageType": "Image", "Environment": map[string]any{"Variables": map[string]any{"CUSTOM_ENV": "test"}}}
		for _, e := range extra {
			for k, v := range e {
				b[k] = v
			}
		}
		return b
	}
	register(
		replay{id: "TestLambdaImages::test_lambda_image_crud", calls: seq(
			createAWS("create-image-response", img()),
			waitFor(f),
			get("get-function-code-response", fnp(f)),
			get("get-function-config-response", fnp(f)+"/configuration"),
			updateCode("image-to-zipfile-error", f, map[string]any{"ZipFile": zip(f)}),
			updateCode("update-function-code-response", f, map[string]any{"ImageUri": image("test-repo-2")}),
			waitFor(f),
			get("get-function-code-response-after-update", fnp(f)),
			get("get-function-config-response-after-update", fnp(f)+"/configuration"),
		)},
		replay{id: "TestLambdaImages::test_lambda_zip_file_to_image", calls: seq(
			createAWS("create-image-response", plain(f, "python3.12", map[string]any{"Handler": "handler.handler", "PackageType": nil})),
			waitFor(f),
			get("get-function-code-response", fnp(f)),
			get("get-function-config-response", fnp(f)+"/configuration"),
			updateCode("zipfile-to-image-error", f, map[string]any{"ImageUri": image("test-repo-1")}),
			get("get-function-code-response-after-update", fnp(f)),
			get("get-function-config-response-after-update", fnp(f)+"/configuration"),
		)},
		replay{id: "TestLambdaImages::test_lambda_image_and_image_config_crud", calls: seq(
			createAWS("create-image-with-config-response", img(map[string]any{"ImageConfig": map[string]any{
				"EntryPoint": []string{"sh"}, "Command": []string{"-c", "echo test"}, "WorkingDirectory": "/app1"}})),
			waitFor(f),
			get("get-function-code-with-config-response", fnp(f)),
			get("get-function-config-with-config-response", fnp(f)+"/configuration"),
			updateConfig("update-function-code-response", f, map[string]any{"ImageConfig": map[string]any{
				"Command": []string{"-c", "echo test1"}, "WorkingDirectory": "/app1"}}),
			waitFor(f),
			get("get-function-code-response-after-update", fnp(f)),
			get("get-function-config-response-after-update", fnp(f)+"/configuration"),
			updateConfig("update-function-code-delete-imageconfig-response", f, map[string]any{"ImageConfig": map[string]any{}}),
			waitFor(f),
			get("get-function-code-response-after-delete-imageconfig", fnp(f)),
			get("get-function-config-response-after-delete-imageconfig", fnp(f)+"/configuration"),
		)},
		replay{id: "TestLambdaImages::test_lambda_image_versions", calls: seq(
			createAWS("create_image_response", img(map[string]any{"Publish": true})),
			get("get_function_result", fnp(f)).saving(map[string]string{"sha": "Configuration.CodeSha256"}),
			get("list_versions_result", fnp(f)+"/versions"),
			updateConfig("first_update_response", f, map[string]any{"Description": "Second version :)"}),
			waitFor(f),
			get("first_update_get_function", fnp(f)),
			publish("invalid_sha_publish", f, map[string]any{"Description": "Second version description :)", "CodeSha256": strings.Repeat("a", 64)}),
			publish("first_publish_response", f, map[string]any{"Description": "Second version description :)", "CodeSha256": "{{sha}}"}),
			updateConfig("second_update_response", f, map[string]any{"Description": "Third version :)"}),
			waitFor(f),
			get("second_update_get_function", fnp(f)),
			publish("second_publish_response", f, map[string]any{"Description": "Third version description :)"}),
		)},
	)
}

// bigCreate is a CreateFunction body with the given base64 zip, built
// without encoding/json (tens of megabytes).
func bigCreate(zipFile string) string {
	return `{"FunctionName":"fn-1","Runtime":"python3.12","Handler":"index.handler","Role":"` + suRole +
		`","PackageType":"Zip","Code":{"ZipFile":"` + zipFile + `"}}`
}

// lazyBody sends the body body() builds when the call is made.
func (c rcall) lazyBody(body func() string) rcall { c.body = body; return c }

// rawBody sends body as is (key order matters to the answer).
func (c rcall) rawBody(body string) rcall { c.body = body; return c }

func init() { registerMore() }

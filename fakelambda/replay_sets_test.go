package fakelambda_test

// Which replayed responses are not compared (notReproducible), with the
// reason. The lifecycle and elsewhere sets (compared, differences only
// logged) are empty: every other recorded response must match.

const (
	// Not reproducible.
	nrLayers       = "PublishLayerVersion is not served by the fake"
	nrNotServed    = "the operation is not served by the fake (function URLs, event invoke configs)"
	nrS3           = "needs S3: the code's size and SHA-256 come from the object's bytes, and a missing bucket or key is S3's answer; the fake keeps only the location"
	nrEC2          = "needs EC2: whether a subnet or security group exists is EC2's answer"
	nrUnzip        = "the fake does not unzip code: any bytes are accepted as a zip"
	nrClientSide   = "botocore's own parameter validation, not an answer of Lambda"
	nrNotServedESM = "not a function part: event source mappings and capacity providers are not served by the fake"
	nrUnzipSize    = "needs the unzipped size of the code (a zip over 250 MB unzipped, from S3): the fake neither fetches nor unzips code"
	nrStale        = "stale recording: not in test_lambda_api.validation.json, recorded before Lambda answered LoggingConfig, SnapStart and RuntimeVersionConfig (python3.9); test_publish_with_wrong_sha256 records the same calls as AWS answers them now"
)

func init() {
	set := func(m map[string]string, reason, id string, keys ...string) {
		for _, k := range keys {
			m[id+"/"+k] = reason
		}
	}
	fn := "TestLambdaFunction::"
	set(notReproducible, nrS3, fn+"test_lambda_code_location_s3", "update-function-response", "get-function-response-updated")
	set(notReproducible, nrS3, fn+"test_lambda_code_location_s3_errors", "create-error-wrong-bucket", "create-error-wrong-key", "update-error-wrong-bucket", "update-error-wrong-key")
	set(notReproducible, nrEC2, fn+"test_invalid_vpc_config_subnet", "create-response-non-existent-subnet-id")
	set(notReproducible, nrEC2, fn+"test_invalid_vpc_config_security_group", "create-response-non-existent-security-group")
	set(notReproducible, nrUnzip, fn+"test_create_lambda_exceptions", "invalid_zip_exc")
	set(notReproducible, nrClientSide, fn+"test_create_lambda_exceptions", "empty_architectures")

	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_create_tag_on_esm_create", "*")
	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_tag_exceptions[event_source_mapping]", "*")
	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_tag_lifecycle[event_source_mapping]", "*")
	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_tag_exceptions[capacity_provider]", "*")
	set(notReproducible, nrUnzipSize, "TestLambdaSizeLimits::test_oversized_lambda", "*")
	set(notReproducible, nrUnzipSize, "TestLambdaSizeLimits::test_oversized_unzipped_lambda", "*")

	set(notReproducible, nrLayers, "TestLambdaAccountSettings::test_account_settings_total_code_size",
		"total_code_size_diff_publish_layer", "total_code_size_diff_publish_layer_version")
	set(notReproducible, nrStale, "TestLambdaVersions::test_publish_with_wrong_revisionid", "create_response", "get_fn_response", "publish_result")
}

package fakelambda_test

// Which replayed responses are compared but only logged (lifecycle,
// elsewhere) or not compared (notReproducible), with the reason.

const (
	// Lifecycle reasons.
	lcActiveRevision = "Pending->Active gives $LATEST a new RevisionId"
	lcUpdateRevision = "an update completing gives $LATEST a new RevisionId"
	lcInProgress     = "a version published by UpdateFunctionCode(Publish) is Pending, and $LATEST InProgress, at the first read"
	lcReadInProgress = "the first read after an update shows LastUpdateStatus InProgress"
	lc409            = "a change while an update is in progress is a 409 ResourceConflictException"

	// Fixes needed in files of the lifecycle work.
	elPublishOnCreate = "CreateFunction with Publish answers $LATEST's configuration with an unqualified FunctionArn, Version \"1\" and $LATEST's RevisionId (internal/state/functions.go CreateFunction)"
	elPublishRevision = "PublishVersion gives $LATEST a new RevisionId (internal/state/functions.go publish)"
	elListRuntime     = "ListFunctions leaves out RuntimeVersionConfig, as ListVersionsByFunction now does (fakelambda/functions.go listFunctions, or internal/state/functions.go Listed)"
	elDeleteLatest    = "DeleteFunction with Qualifier $LATEST answers InvalidParameterValueException '$LATEST version cannot be deleted without deleting the function.' (fakelambda/functions.go deleteFunction / internal/state/functions.go DeleteFunction)"
	elDeleteAlias     = "DeleteFunction with a qualifier that is not a version number answers InvalidParameterValueException 'Deletion of aliases is not currently supported.' (fakelambda/functions.go deleteFunction / internal/state/functions.go DeleteFunction)"
	elResolvedImage   = "GetFunction answers an image's Code.ResolvedImageUri as <repository>@sha256:<CodeSha256> (fakelambda/functions.go getFunction; CodeSha256 is now the image digest in hex)"
	elImageZip        = "UpdateFunctionCode refuses ZipFile/S3 code for an Image function ('Please provide ImageUri when updating a function with packageType Image.') and ImageUri for a Zip function ('Please don't provide ImageUri when updating a function with packageType Zip.') (internal/state/functions.go UpdateFunctionCode)"
	elDeleteMissing   = "DeleteFunction of a missing function names it without the qualifier, and of a missing version of an existing function succeeds (internal/state/functions.go DeleteFunction)"

	// Not reproducible.
	nrPermissions  = "AddPermission is not served by the fake"
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
	set(lifecycle, lcActiveRevision, "TestLambdaRevisions::test_function_revisions_basic", "get_function_response_rev2")
	set(lifecycle, lcUpdateRevision, "TestLambdaRevisions::test_function_revisions_basic", "get_function_response_rev4", "get_function_response_rev6")
	set(lifecycle, lcActiveRevision, "TestLambdaRevisions::test_function_revisions_version_and_alias", "get_function_active_rev2")
	set(elsewhere, elPublishRevision, "TestLambdaRevisions::test_function_revisions_version_and_alias", "get_function_latest_rev3", "get_function_latest_rev4")
	set(lifecycle, lcActiveRevision, "TestLambdaVersions::test_version_lifecycle", "get_function_result", "list_versions_result")
	set(lifecycle, lcUpdateRevision, "TestLambdaVersions::test_version_lifecycle", "first_update_get_function",
		"list_versions_result_after_third_publish", "list_versions_result_after_deletion_of_first_version")
	set(lifecycle, lcActiveRevision, "TestLambdaVersions::test_publish_with_wrong_sha256", "get_fn_response")
	set(lifecycle, lcActiveRevision, "TestLambdaVersions::test_publish_with_update", "get_function_result")
	set(lifecycle, lcInProgress, "TestLambdaVersions::test_publish_with_update", "update_function_code_result",
		"get_function_version_result", "get_function_latest_result")
	set(elsewhere, elPublishOnCreate, "TestLambdaVersions::test_publish_version_on_create", "create_response",
		"get_function_version_result", "list_versions_result", "repeated_publish_response", "list_versions_result_after_publish")
	set(elsewhere, elPublishOnCreate, "TestLambdaAlias::test_notfound_and_invalid_routingconfigs", "create_response", "publish_v1")

	fn := "TestLambdaFunction::"
	set(lifecycle, lcActiveRevision, fn+"test_function_lifecycle", "get_function_response")
	set(lifecycle, lcUpdateRevision, fn+"test_function_lifecycle", "get_function_response_postupdate", "get_function_response_postcodeupdate")
	set(lifecycle, lcUpdateRevision, fn+"test_redundant_updates", "get_fn_config_result", "get_fn_result", "get_fn_result_after_redundant_update")
	set(lifecycle, lcActiveRevision, fn+"test_lambda_code_location_zipfile", "get-function-response")
	set(lifecycle, lcReadInProgress, fn+"test_lambda_code_location_zipfile", "get-function-response-updated")
	set(lifecycle, lcActiveRevision, fn+"test_lambda_code_location_s3", "get-function-response")
	set(lifecycle, lcActiveRevision, fn+"test_vpc_config", "get_function_response")
	set(lifecycle, lcUpdateRevision, fn+"test_vpc_config", "update_vpcconfig_get_function_response", "delete_vpcconfig_get_function_response")
	set(lifecycle, lc409, fn+"test_lambda_concurrent_code_updates", "update-during-in-progress-update-exc")
	set(lifecycle, lc409, fn+"test_lambda_concurrent_config_updates", "update-during-in-progress-update-exc")
	set(lifecycle, lcActiveRevision+"; "+elListRuntime, fn+"test_list_functions", "list_default")
	set(elsewhere, elListRuntime+"; and "+lcActiveRevision, fn+"test_list_functions", "list_all")
	set(elsewhere, elPublishOnCreate, fn+"test_list_functions", "create_response_1")
	set(elsewhere, elDeleteLatest, fn+"test_ops_with_arn_qualifier_mismatch[delete_function]", "match_exception")
	set(elsewhere, elDeleteMissing, fn+"test_delete_on_nonexisting_version", "delete_function_response_non_existent_with_qualifier")
	for _, p := range []string{"qualifier_too_long1", "function_name_and_qualifier_too_long"} {
		set(elsewhere, elDeleteAlias, fn+"test_function_name_and_qualifier_validation["+p+"-delete_function]", "delete_function_exception")
	}
	set(elsewhere, elDeleteMissing, fn+"test_function_name_and_qualifier_validation[lowercase_latest_qualifier-delete_function]", "delete_function_exception")
	for _, op := range []string{"get_function_url_config"} { // get_function_event_invoke_config is served (eventinvoke.go)
		set(notReproducible, nrNotServed, fn+"test_ops_on_nonexisting_fn["+op+"]", "not_found_exception")
		set(notReproducible, nrNotServed, fn+"test_get_function_wrong_region["+op+"]", "wrong_region_exception")
	}
	set(notReproducible, nrS3, fn+"test_lambda_code_location_s3", "update-function-response", "get-function-response-updated")
	set(notReproducible, nrS3, fn+"test_lambda_code_location_s3_errors", "create-error-wrong-bucket", "create-error-wrong-key", "update-error-wrong-bucket", "update-error-wrong-key")
	set(notReproducible, nrEC2, fn+"test_invalid_vpc_config_subnet", "create-response-non-existent-subnet-id")
	set(notReproducible, nrEC2, fn+"test_invalid_vpc_config_security_group", "create-response-non-existent-security-group")
	set(notReproducible, nrUnzip, fn+"test_create_lambda_exceptions", "invalid_zip_exc")
	set(notReproducible, nrClientSide, fn+"test_create_lambda_exceptions", "empty_architectures")

	for _, id := range []string{"test_function_advanced_logging_configuration", "test_advanced_logging_configuration_format_switch",
		"test_function_partial_advanced_logging_configuration_update[partial_config0]", "test_function_partial_advanced_logging_configuration_update[partial_config1]",
		"test_function_partial_advanced_logging_configuration_update[partial_config2]", "test_function_partial_advanced_logging_configuration_update[partial_config3]"} {
		set(lifecycle, lcActiveRevision, "TestLoggingConfig::"+id, "get_function_response", "function_config")
		set(lifecycle, lcUpdateRevision, "TestLoggingConfig::"+id, "received_config", "received_config_v2")
	}
	for _, rt := range []string{"java11", "java17", "java21", "java25", "python3.12", "python3.13", "dotnet8", "dotnet10"} {
		set(lifecycle, lcActiveRevision, "TestLambdaSnapStart::test_snapstart_lifecycle["+rt+"]", "get_function_response_latest")
	}
	img := "TestLambdaImages::"
	set(lifecycle, lcActiveRevision, img+"test_lambda_image_crud", "get-function-config-response")
	set(lifecycle, lcUpdateRevision, img+"test_lambda_image_crud", "get-function-config-response-after-update")
	set(elsewhere, elResolvedImage+"; and "+lcActiveRevision, img+"test_lambda_image_crud", "get-function-code-response")
	set(elsewhere, elResolvedImage+"; and "+lcUpdateRevision, img+"test_lambda_image_crud", "get-function-code-response-after-update")
	set(elsewhere, elImageZip, img+"test_lambda_image_crud", "image-to-zipfile-error")
	set(lifecycle, lcActiveRevision, img+"test_lambda_image_and_image_config_crud", "get-function-config-with-config-response")
	set(lifecycle, lcUpdateRevision, img+"test_lambda_image_and_image_config_crud", "get-function-config-response-after-update",
		"get-function-config-response-after-delete-imageconfig")
	set(elsewhere, elResolvedImage+"; and "+lcActiveRevision, img+"test_lambda_image_and_image_config_crud", "get-function-code-with-config-response")
	set(elsewhere, elResolvedImage+"; and "+lcUpdateRevision, img+"test_lambda_image_and_image_config_crud", "get-function-code-response-after-update",
		"get-function-code-response-after-delete-imageconfig")
	set(elsewhere, elPublishOnCreate, img+"test_lambda_image_versions", "create_image_response", "list_versions_result")
	set(elsewhere, elResolvedImage+"; and "+lcUpdateRevision, img+"test_lambda_image_versions", "get_function_result", "first_update_get_function", "second_update_get_function")
	set(lifecycle, lcActiveRevision, img+"test_lambda_zip_file_to_image", "get-function-code-response", "get-function-config-response")
	set(elsewhere, elImageZip, img+"test_lambda_zip_file_to_image", "zipfile-to-image-error",
		"get-function-code-response-after-update", "get-function-config-response-after-update")

	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_create_tag_on_esm_create", "*")
	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_tag_exceptions[event_source_mapping]", "*")
	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_tag_lifecycle[event_source_mapping]", "*")
	set(notReproducible, nrNotServedESM, "TestLambdaTag::test_tag_exceptions[capacity_provider]", "*")
	set(notReproducible, nrUnzipSize, "TestLambdaSizeLimits::test_oversized_lambda", "*")
	set(notReproducible, nrUnzipSize, "TestLambdaSizeLimits::test_oversized_unzipped_lambda", "*")

	set(notReproducible, nrPermissions, "TestLambdaRevisions::test_function_revisions_permissions", "add_permission_revision_exception")
	set(notReproducible, nrLayers, "TestLambdaAccountSettings::test_account_settings_total_code_size",
		"total_code_size_diff_publish_layer", "total_code_size_diff_publish_layer_version")
	set(notReproducible, nrStale, "TestLambdaVersions::test_publish_with_wrong_revisionid", "create_response", "get_fn_response", "publish_result")
}

package fakelambda_test

// Which replayed responses are compared but only logged (lifecycle,
// elsewhere) or not compared (notReproducible), with the reason.

const (
	// Lifecycle reasons.
	lcActiveRevision = "Pending->Active gives $LATEST a new RevisionId"
	lcUpdateRevision = "an update completing gives $LATEST a new RevisionId"
	lcInProgress     = "a version published by UpdateFunctionCode(Publish) is Pending, and $LATEST InProgress, at the first read"

	// Fixes needed in files of the lifecycle work.
	elPublishOnCreate = "CreateFunction with Publish answers $LATEST's configuration with an unqualified FunctionArn, Version \"1\" and $LATEST's RevisionId (internal/state/functions.go CreateFunction)"
	elPublishRevision = "PublishVersion gives $LATEST a new RevisionId (internal/state/functions.go publish)"

	// Not reproducible.
	nrPermissions = "AddPermission is not served by the fake"
	nrLayers      = "PublishLayerVersion is not served by the fake"
	nrStale       = "stale recording: not in test_lambda_api.validation.json, recorded before Lambda answered LoggingConfig, SnapStart and RuntimeVersionConfig (python3.9); test_publish_with_wrong_sha256 records the same calls as AWS answers them now"
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

	set(notReproducible, nrPermissions, "TestLambdaRevisions::test_function_revisions_permissions", "add_permission_revision_exception")
	set(notReproducible, nrLayers, "TestLambdaAccountSettings::test_account_settings_total_code_size",
		"total_code_size_diff_publish_layer", "total_code_size_diff_publish_layer_version")
	set(notReproducible, nrStale, "TestLambdaVersions::test_publish_with_wrong_revisionid", "create_response", "get_fn_response", "publish_result")
}

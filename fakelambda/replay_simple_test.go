package fakelambda_test

import (
	"fmt"
	"strings"
)

// Replays of the classes whose operations are simplest: reserved and
// provisioned concurrency, account settings, recursion, versions, aliases,
// revisions, tags.

const arnp = "arn:aws:lambda:us-east-1:111111111111:function:"

func fnp(name string) string         { return fnPath + "/" + name }
func tagsPath(arn string) string     { return "/2017-03-31/tags/" + arn }
func concPath(name string) string    { return "/2017-10-31/functions/" + name + "/concurrency" }
func getConcPath(name string) string { return "/2019-09-30/functions/" + name + "/concurrency" }
func provPath(name string) string {
	return "/2019-09-30/functions/" + name + "/provisioned-concurrency"
}
func recPath(name string) string   { return "/2024-08-31/functions/" + name + "/recursion-config" }
func aliasPath(name string) string { return fnp(name) + "/aliases" }

const accountSettings = "/2016-08-19/account-settings/"

// publish is PublishVersion with the given body (nil for none).
func publish(key, name string, body any) rcall { return post(key, fnp(name)+"/versions", body) }

func updateConfig(key, name string, body any) rcall {
	return put(key, fnp(name)+"/configuration", body)
}
func updateCode(key, name string, body any) rcall { return put(key, fnp(name)+"/code", body) }

// codeSize is a zip of exactly n bytes (CodeSize is its length).
func codeSize(n int) string { return zip(strings.Repeat("x", n-4)) }

// totalCodeSize saves the account's TotalCodeSize as variable v.
func totalCodeSize(v string) rcall {
	return get("", accountSettings).saving(map[string]string{v: "AccountUsage.TotalCodeSize"})
}

func init() {
	f := "fn-1"
	register(
		// TestLambdaReservedConcurrency
		replay{id: "TestLambdaReservedConcurrency::test_function_concurrency_exceptions", calls: seq(
			put("put_function_concurrency_with_function_name_doesnotexist", concPath("doesnotexist"), map[string]any{"ReservedConcurrentExecutions": 1}),
			put("put_function_concurrency_with_function_name_doesnotexist_and_invalid_concurrency", concPath("doesnotexist"), map[string]any{"ReservedConcurrentExecutions": 0}),
			create("", fixture(f, "python3.12")),
			get("", fnp(f)+"/configuration").q("Qualifier=$LATEST"),
			put("put_function_concurrency_with_qualified_arn", concPath(arnp+f+":$LATEST"), map[string]any{"ReservedConcurrentExecutions": 0}),
		)},
		replay{id: "TestLambdaReservedConcurrency::test_function_concurrency_limits", calls: seq(
			create("", fixture(f, "python3.12")),
			get("", accountSettings),
			put("put_function_concurrency_account_limit_exceeded", concPath(f), map[string]any{"ReservedConcurrentExecutions": 1001}),
			put("put_function_concurrency_below_unreserved_min_value", concPath(f), map[string]any{"ReservedConcurrentExecutions": 1000}),
		)},
		replay{id: "TestLambdaReservedConcurrency::test_function_concurrency", calls: seq(
			create("", fixture(f, "python3.12")),
			put("put_function_concurrency_with_reserved_0", concPath(f), map[string]any{"ReservedConcurrentExecutions": 0}),
			put("put_function_concurrency_with_reserved_1", concPath(f), map[string]any{"ReservedConcurrentExecutions": 1}),
			get("get_function_concurrency", getConcPath(f)),
			del("delete_response", concPath(f)),
			get("get_function_concurrency_after_delete", getConcPath(f)),
		)},

		// TestLambdaAccountSettings
		replay{id: "TestLambdaAccountSettings::test_account_settings", calls: seq(
			get("acc_settings_modded", accountSettings).shaped(sortedKeys("AccountLimit", "AccountUsage")),
		)},
		replay{id: "TestLambdaAccountSettings::test_account_settings_total_code_size", calls: seq(
			totalCodeSize("t0"),
			create("", fixture(f, "python3.12", map[string]any{"Handler": "index.handler", "Code": map[string]any{"ZipFile": codeSize(276)}})),
			totalCodeSize("t1").withValue("total_code_size_diff_create_function", diff("t1", "t0")),
			updateCode("", f, map[string]any{"ZipFile": codeSize(276), "Publish": true}),
			totalCodeSize("t2").withValue("total_code_size_diff_update_function", diff("t2", "t1")),
		)},
		replay{id: "TestLambdaAccountSettings::test_account_settings_total_code_size_config_update", calls: seq(
			totalCodeSize("t0"),
			create("", fixture(f, "nodejs16.x", map[string]any{"Code": map[string]any{"ZipFile": codeSize(300)}})),
			totalCodeSize("t1").withValue("is_total_code_size_diff_create_function_more_than_200", more("t1", "t0", 200)),
			updateConfig("", f, map[string]any{"Runtime": "nodejs18.x"}),
			waitFor(f),
			totalCodeSize("t2").withValue("total_code_size_diff_update_function_configuration", diff("t2", "t1")),
			publish("", f, map[string]any{"Description": "actually publish the config update"}),
			waitFor(f),
			totalCodeSize("t3").withValue("is_total_code_size_diff_publish_version_after_config_update_more_than_200", more("t3", "t2", 200)),
		)},

		// TestLambdaRecursion
		replay{id: "TestLambdaRecursion::test_put_function_recursion_config_allow", calls: seq(
			create("", fixture(f, "python3.12")),
			put("put_recursion_config_response", recPath(f), map[string]any{"RecursiveLoop": "Allow"}),
			get("get_recursion_config_response", recPath(f)),
		)},
		replay{id: "TestLambdaRecursion::test_put_function_recursion_config_default_terminate", calls: seq(
			create("", fixture(f, "python3.12")),
			get("get_recursion_default_terminate_response", recPath(f)),
		)},
		replay{id: "TestLambdaRecursion::test_put_function_recursion_config_invalid_value", calls: seq(
			create("", fixture(f, "python3.12")),
			put("put_recursion_invalid_value_error", recPath(f), map[string]any{"RecursiveLoop": "InvalidValue"}),
		)},

		// TestLambdaProvisionedConcurrency
		replay{id: "TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions", calls: seq(
			create("", fixture(f, "python3.12")),
			publish("publish_version_result", f, nil),
			get("get_provisioned_config_doesnotexist", provPath(f)).q("Qualifier=1"),
			get("get_provisioned_functionname_doesnotexist", provPath("doesnotexist")).q("Qualifier=noalias"),
			get("get_provisioned_qualifier_doesnotexist", provPath(f)).q("Qualifier=noalias"),
			get("get_provisioned_version_doesnotexist", provPath(f)).q("Qualifier=10"),
			get("get_provisioned_latest", provPath(f)).q("Qualifier=$LATEST"),
			get("list_provisioned_noconfigs", provPath(f)).q("List=ALL"),
			get("list_provisioned_functionname_doesnotexist", provPath("doesnotexist")).q("List=ALL"),
			del("delete_provisioned_functionname_doesnotexist", provPath("doesnotexist")).q("Qualifier=1"),
			del("delete_provisioned_qualifier_doesnotexist", provPath(f)).q("Qualifier=noalias"),
			del("delete_provisioned_version_doesnotexist", provPath(f)).q("Qualifier=10"),
			del("delete_provisioned_latest", provPath(f)).q("Qualifier=$LATEST"),
			del("delete_provisioned_config_doesnotexist", provPath(f)).q("Qualifier=1"),
			put("put_provisioned_invalid_param_0", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 0}).q("Qualifier=1"),
			put("put_provisioned_functionname_doesnotexist_alias", provPath("doesnotexist"), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=noalias"),
			put("put_provisioned_functionname_doesnotexist_version", provPath("doesnotexist"), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=1"),
			put("put_provisioned_qualifier_doesnotexist", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=doesnotexist"),
			put("put_provisioned_version_doesnotexist", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=10"),
			put("put_provisioned_latest", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=$LATEST"),
		)},
		replay{id: "TestLambdaProvisionedConcurrency::test_provisioned_concurrency_limits", calls: seq(
			create("", fixture(f, "python3.12")),
			publish("", f, nil),
			get("", accountSettings),
			put("put_provisioned_concurrency_account_limit_exceeded", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1001}).q("Qualifier=1"),
			put("put_provisioned_concurrency_below_unreserved_min_value", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1000}).q("Qualifier=1"),
		)},
		replay{id: "TestLambdaProvisionedConcurrency::test_lambda_provisioned_lifecycle", calls: seq(
			create("", fixture(f, "python3.12")),
			publish("publish_version_result", f, nil),
			waitFor(f),
			post("create_alias_result", aliasPath(f), map[string]any{"Name": "alias-1", "FunctionVersion": "1"}),
			put("put_provisioned_on_version", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=1"),
			put("put_provisioned_on_alias_versionconflict", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=alias-1"),
			rcall{advance: 2 * 60e9},
			get("", provPath(f)).q("Qualifier=1"),
			del("delete_provisioned_version", provPath(f)).q("Qualifier=1"),
			get("get_provisioned_version_postdelete", provPath(f)).q("Qualifier=1"),
			put("put_provisioned_on_alias", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=alias-1"),
			put("put_provisioned_on_version_conflict", provPath(f), map[string]any{"ProvisionedConcurrentExecutions": 1}).q("Qualifier=1"),
			del("delete_alias_result", aliasPath(f)+"/alias-1"),
			get("get_provisioned_alias_postaliasdelete", provPath(f)).q("Qualifier=alias-1"),
			get("list_response_postdeletes", provPath(f)).q("List=ALL"),
		)},
	)
	registerTags()
	registerVersions()
	registerAliases()
	registerRevisions()
}

func registerTags() {
	f := "fn-tag-1"
	arn := arnp + f
	tag := func(key, arn string, tags map[string]any) rcall {
		return post(key, tagsPath(arn), map[string]any{"Tags": tags})
	}
	untag := func(key, arn string, keys ...string) rcall {
		q := make([]string, len(keys))
		for i, k := range keys {
			q[i] = "tagKeys=" + k
		}
		return del(key, tagsPath(arn)).q(strings.Join(q, "&"))
	}
	list := func(key, arn string) rcall { return get(key, tagsPath(arn)) }
	lifecycle := func() []rcall {
		return seq(
			create("", fixture(f, "python3.12")),
			get("", fnp(f)),
			tag("tag_single_response", arn, map[string]any{"A": "tag-a"}),
			list("tag_single_response_listtags", arn),
			tag("tag_multiple_response", arn, map[string]any{"B": "tag-b", "C": "tag-c"}),
			list("tag_multiple_response_listtags", arn),
			tag("tag_overlap_response", arn, map[string]any{"C": "tag-c-newsuffix", "D": "tag-d"}),
			list("tag_overlap_response_listtags", arn),
			untag("untag_single_response", arn, "A"),
			list("untag_single_response_listtags", arn),
			untag("untag_multiple_response", arn, "B", "C"),
			list("untag_multiple_response_listtags", arn),
			untag("untag_nonexisting_response", arn, "F"),
			list("untag_nonexisting_response_listtags", arn),
			untag("untag_existing_and_nonexisting_response", arn, "D", "F"),
			list("untag_existing_and_nonexisting_response_listtags", arn),
		)
	}
	fifty := map[string]any{}
	for k := range 50 {
		fifty[fmt.Sprintf("%d_key", k)] = fmt.Sprintf("%d_value", k)
	}
	fiftyOne := map[string]any{}
	for k := range 51 {
		fiftyOne[fmt.Sprintf("%d_key", k)] = fmt.Sprintf("%d_value", k)
	}
	fourTags := map[string]any{"key_b": "value_b", "key_c": "value_c", "key_d": "value_d", "key_e": "value_e"}
	register(
		replay{id: "TestLambdaTag::test_create_tag_on_fn_create", calls: seq(
			create("", fixture(f, "python3.12", map[string]any{"Tags": map[string]any{"testtag": "tag-abc123"}})),
			get("get_function_result", fnp(f)),
			list("list_tags_result", arn),
		)},
		replay{id: "TestLambdaTag::test_tag_lifecycle", calls: lifecycle()},
		replay{id: "TestLambdaTag::test_tag_lifecycle[lambda_function]", calls: lifecycle()},
		replay{id: "TestLambdaTag::test_tag_nonexisting_resource", calls: seq(
			create("", fixture(f, "python3.12")),
			get("", fnp(f)),
			get("pre_delete_get_function", fnp(arn)),
			del("", fnp(arn)),
			tag("not_found_exception_tag", arn, map[string]any{"A": "B"}),
			untag("not_found_exception_untag", arn, "A"),
			list("not_found_exception_list", arn),
		)},
		replay{id: "TestLambdaTag::test_tag_exceptions[lambda_function]", calls: seq(
			create("", fixture(f, "python3.12")),
			tag("not_found_exception_tag", arnp+"fn-missing", map[string]any{"A": "B"}),
			untag("not_found_exception_untag", arnp+"fn-missing", "A"),
			list("not_found_exception_list", arnp+"fn-missing"),
			tag("aliased_arn_exception", arn+":alias", map[string]any{"A": "B"}),
			tag("invalid_arn_exception", "arn:aws:lambda:us-east-1:111111111111:foobar:fn-missing", map[string]any{"A": "B"}),
		)},
		replay{id: "TestLambdaTags::test_tag_exceptions", calls: seq(
			create("", fixture(f, "python3.12")),
			get("", fnp(f)),
			tag("tag_lambda_invalidarn", "arn:aws:something", map[string]any{"key_a": "value_a"}),
			tag("tag_lambda_doesnotexist", arnp+"doesnotexist", map[string]any{"key_a": "value_a"}),
			tag("tag_lambda_qualifier_doesnotexist", arn+":v1", map[string]any{"key_a": "value_a"}),
			list("list_tag_lambda_empty", arn),
			untag("untag_nomatch", arn, "somekey"),
			untag("untag_empty_keys", arn),
			tag("tag_empty_tags", arn, map[string]any{}),
			tag("", arn, map[string]any{"a_key": "a_value", "b_key": "b_value"}),
			untag("", arn, "a_key", "c_key"),
		)},
		replay{id: "TestLambdaTags::test_tag_limits", calls: seq(
			create("", fixture(f, "python3.12")),
			get("", fnp(f)),
			tag("tag_lambda_too_many_tags", arn, fiftyOne),
			tag("tag_response", arn, fifty),
			list("list_tags_response", arn),
			get("get_fn_response", fnp(f)),
			tag("tag_lambda_too_many_tags_additional", arn, map[string]any{"a_key": "a_value"}),
			createAWS("create_function_invalid_tags", fixture("fn-tag-2", "python3.12", map[string]any{"Tags": fiftyOne})),
		)},
		replay{id: "TestLambdaTags::test_tag_versions", calls: seq(
			create("", fixture(f, "python3.12", map[string]any{"Tags": map[string]any{"key_a": "value_a"}})),
			publish("", f, nil),
			tag("tag_resource_exception", arn+":1", fourTags),
			tag("tag_resource_latest_exception", arn+":$LATEST", fourTags),
		)},
		replay{id: "TestLambdaTags::test_tag_lifecycle", calls: seq(
			create("", fixture(f, "python3.12", map[string]any{"Tags": map[string]any{"key_a": "value_a"}})),
			get("", fnp(f)),
			list("list_tags_response_postfncreate", arn), get("get_fn_response_postfncreate", fnp(arn)),
			tag("tag_resource_response", arn, fourTags),
			list("list_tags_response_postaddtags", arn), get("get_fn_response_postaddtags", fnp(arn)),
			tag("tag_resource_overwrite", arn, map[string]any{"key_b": "value_b", "key_c": "value_x"}),
			list("list_tags_response_overwrite", arn), get("get_fn_response_overwrite", fnp(arn)),
			untag("", arn, "key_c", "key_d"),
			list("list_tags_response_postuntag", arn), get("get_fn_response_postuntag", fnp(arn)),
			untag("", arn, "key_a", "key_b", "key_e"),
			list("list_tags_response_postuntagall", arn), get("get_fn_response_postuntagall", fnp(arn)),
			del("", fnp(f)),
			list("list_tags_postdelete", arn),
		)},
	)
}

func registerVersions() {
	f := "fn-v-1"
	register(
		replay{id: "TestLambdaVersions::test_publish_version_on_create", calls: seq(
			createAWS("create_response", plain(f, "python3.12", map[string]any{"Publish": true})),
			get("get_function_result", fnp(f)),
			get("get_function_version_result", fnp(f)).q("Qualifier=1"),
			get("get_function_latest_result", fnp(f)).q("Qualifier=$LATEST"),
			get("list_versions_result", fnp(f)+"/versions"),
			publish("repeated_publish_response", f, map[string]any{"Description": "Repeated version description :)"}),
			get("list_versions_result_after_publish", fnp(f)+"/versions"),
		)},
		replay{id: "TestLambdaVersions::test_version_lifecycle", calls: seq(
			createAWS("create_response", plain(f, "python3.12", map[string]any{"Description": "No version :("})),
			get("get_function_result", fnp(f)),
			get("list_versions_result", fnp(f)+"/versions"),
			updateConfig("first_update_response", f, map[string]any{"Description": "First version :)"}),
			waitFor(f),
			get("first_update_get_function", fnp(f)),
			publish("first_publish_response", f, map[string]any{"Description": "First version description :)"}),
			get("first_publish_get_function", fnp(f)).q("Qualifier=1"),
			get("first_publish_get_function_config", fnp(f)+"/configuration").q("Qualifier=1"),
			updateConfig("second_update_response", f, map[string]any{"Description": "Second version :))"}),
			waitFor(f),
			get("first_publish_get_function_after_update", fnp(f)).q("Qualifier=1"),
			publish("second_publish_response", f, nil),
			publish("third_publish_response", f, map[string]any{"Description": "Third version description :)))"}),
			get("list_versions_result_after_third_publish", fnp(f)+"/versions"),
			del("", fnp(f)).q("Qualifier=1"),
			get("list_versions_result_after_deletion_of_first_version", fnp(f)+"/versions"),
		)},
		replay{id: "TestLambdaVersions::test_publish_with_wrong_revisionid", calls: seq(
			createAWS("create_response", plain(f, "python3.9")),
			get("get_fn_response", fnp(f)).saving(map[string]string{"rev": "Configuration.RevisionId"}),
			publish("publish_wrong_revisionid_exc", f, map[string]any{"RevisionId": "somenonexistentrevisionid"}),
			publish("publish_result", f, map[string]any{"RevisionId": "{{rev}}"}),
		)},
		replay{id: "TestLambdaVersions::test_publish_with_wrong_sha256", calls: seq(
			createAWS("create_response", plain(f, "python3.12")),
			get("get_fn_response", fnp(f)).saving(map[string]string{"sha": "Configuration.CodeSha256"}),
			publish("publish_wrong_sha256_exc", f, map[string]any{"CodeSha256": "somenonexistentsha256"}),
			publish("publish_result", f, map[string]any{"CodeSha256": "{{sha}}"}),
		)},
		replay{id: "TestLambdaVersions::test_publish_with_update", calls: seq(
			createAWS("create_response", plain(f, "python3.12")),
			get("get_function_result", fnp(f)),
			updateCode("update_function_code_result", f, map[string]any{"ZipFile": zip("v2"), "Publish": true}),
			get("get_function_version_result", fnp(f)).q("Qualifier=1"),
			get("get_function_latest_result", fnp(f)).q("Qualifier=$LATEST"),
		)},
	)
}

func registerAliases() {
	f := "alias-fn-1"
	staging := map[string]any{"Environment": map[string]any{"Variables": map[string]any{"testenv": "staging"}}}
	prod := map[string]any{"Environment": map[string]any{"Variables": map[string]any{"testenv": "prod"}}}
	alias := func(key string, body map[string]any) rcall { return post(key, aliasPath(f), body) }
	weights := func(w map[string]any) map[string]any { return map[string]any{"AdditionalVersionWeights": w} }
	register(
		replay{id: "TestLambdaAlias::test_alias_lifecycle", calls: seq(
			createAWS("create_response", plain(f, "python3.12", staging)),
			publish("publish_v1", f, nil),
			updateConfig("", f, prod),
			waitFor(f),
			publish("publish_v2", f, nil),
			alias("create_alias_1_1", map[string]any{"Name": "aliasname1_1", "FunctionVersion": "1", "Description": "custom-alias",
				"RoutingConfig": weights(map[string]any{"2": 0.2})}).saving(map[string]string{"arn11": "AliasArn"}),
			get("get_alias_1_1", aliasPath(f)+"/aliasname1_1"),
			get("get_function_alias_1_1", fnp(f)).q("Qualifier=aliasname1_1"),
			get("get_function_byarn_alias_1_1", fnp("{{arn11}}")),
			get("get_function_alias_notfound_exc", fnp(f)).q("Qualifier=aliasdoesnotexist"),
			get("get_function_alias_byarn_notfound_exc", fnp(arnp+f+":aliasdoesnotexist")),
			alias("create_alias_1_2", map[string]any{"Name": "aliasname1_2", "FunctionVersion": "1", "Description": "custom-alias"}),
			get("get_alias_1_2", aliasPath(f)+"/aliasname1_2"),
			alias("create_alias_1_3", map[string]any{"Name": "aliasname1_3", "FunctionVersion": "1"}),
			get("get_alias_1_3", aliasPath(f)+"/aliasname1_3"),
			alias("create_alias_2", map[string]any{"Name": "aliasname2", "FunctionVersion": "2", "Description": "custom-alias"}),
			get("get_alias_2", aliasPath(f)+"/aliasname2"),
			get("list_aliases_for_fnname", aliasPath(f)).shaped(paginated),
			put("update_alias_1_1", aliasPath(f)+"/aliasname1_1", map[string]any{"RoutingConfig": weights(map[string]any{})}),
			get("get_alias_1_1_after_update", aliasPath(f)+"/aliasname1_1"),
			get("list_aliases_for_fnname_after_update", aliasPath(f)),
			put("update_alias_1_2", aliasPath(f)+"/aliasname1_2", map[string]any{}),
			get("get_alias_1_2_after_update", aliasPath(f)+"/aliasname1_2"),
			get("list_aliases_for_fnname_after_update_2", aliasPath(f)),
			get("list_aliases_for_version", aliasPath(f)).q("FunctionVersion=1"),
			del("delete_alias_response", aliasPath(f)+"/aliasname1_1"),
			get("list_aliases_for_fnname_afterdelete", aliasPath(f)),
		)},
		replay{id: "TestLambdaAlias::test_notfound_and_invalid_routingconfigs", calls: seq(
			createAWS("create_response", plain(f, "python3.12", staging, map[string]any{"Publish": true})),
			publish("publish_v1", f, nil),
			updateConfig("", f, prod),
			waitFor(f),
			publish("publish_v2", f, nil),
			alias("routing_config_exc_toomany", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"1": 0.8, "2": 0.2})}),
			alias("routing_config_exc_toohigh", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"2": 2})}),
			alias("routing_config_exc_subzero", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"2": -1})}),
			alias("routing_config_exc_sameversion", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"1": 0.5})}),
			alias("target_version_doesnotexist", map[string]any{"Name": "custom", "FunctionVersion": "10", "RoutingConfig": weights(map[string]any{"2": 0.5})}),
			alias("routing_config_exc_version_doesnotexist", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"10": 0.5})}),
			alias("target_version_exc_version_latest", map[string]any{"Name": "custom", "FunctionVersion": "$LATEST", "RoutingConfig": weights(map[string]any{"1": 0.5})}),
			alias("routing_config_exc_version_latest", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"$LATEST": 0.5})}),
			alias("create-alias-latest", map[string]any{"Name": "custom-latest", "FunctionVersion": "$LATEST"}),
			post("routing_config_exc_fn_doesnotexist", aliasPath(f+"-unknown"), map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"2": 0.5})}),
			alias("create_alias_empty_routingconfig", map[string]any{"Name": "custom-empty-routingconfig", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{})}),
			alias("create_alias_response", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"2": 0.5})}),
			alias("routing_config_exc_already_exist", map[string]any{"Name": "custom", "FunctionVersion": "1", "RoutingConfig": weights(map[string]any{"2": 0.5})}),
			get("alias_does_not_exist_esc", aliasPath(f)+"/non-existent"),
		)},
		replay{id: "TestLambdaAlias::test_alias_naming", calls: seq(
			createAWS("create_response", plain(f, "python3.12", staging)),
			publish("publish_v1", f, nil),
			alias("create_alias_date", map[string]any{"Name": "2024-01-02", "FunctionVersion": "1", "Description": "custom-alias"}),
			get("get_alias_date", aliasPath(f)+"/2024-01-02"),
			alias("create_alias_number_exception", map[string]any{"Name": "2024", "FunctionVersion": "1", "Description": "custom-alias"}),
		)},
		replay{id: "TestLambdaAlias::test_non_existent_alias_deletion", calls: seq(
			createAWS("create_response", plain(f, "python3.12", staging)),
			del("delete_alias_response", aliasPath(f)+"/non-existent"),
		)},
		replay{id: "TestLambdaAlias::test_non_existent_alias_update", calls: seq(
			createAWS("create_response", plain(f, "python3.12", staging)),
			put("update_alias_response", aliasPath(f)+"/non-existent", map[string]any{"Description": "something"}),
		)},
	)
}

func registerRevisions() {
	f := "fn-rev-1"
	register(
		replay{id: "TestLambdaRevisions::test_function_revisions_basic", calls: seq(
			create("create_function_response_rev1", fixture(f, "python3.12", map[string]any{"Handler": "index.handler", "Environment": map[string]any{"Variables": map[string]any{}}})),
			get("get_function_response_rev2", fnp(f)).saving(map[string]string{"rev2": "Configuration.RevisionId"}),
			updateCode("update_function_revision_exception", f, map[string]any{"ZipFile": zip(f), "RevisionId": "wrong"}),
			updateCode("update_function_code_response_rev3", f, map[string]any{"ZipFile": zip(f), "RevisionId": "{{rev2}}"}),
			waitFor(f),
			get("get_function_response_rev4", fnp(f)).saving(map[string]string{"rev4": "Configuration.RevisionId"}),
			updateConfig("update_function_configuration_revision_exception", f, map[string]any{"Runtime": "python3.8", "RevisionId": "wrong"}),
			updateConfig("update_function_configuration_response_rev5", f, map[string]any{"Runtime": "python3.8", "RevisionId": "{{rev4}}"}),
			waitFor(f),
			get("get_function_response_rev6", fnp(f)),
		)},
		replay{id: "TestLambdaRevisions::test_function_revisions_version_and_alias", calls: seq(
			create("create_function_response_rev1", fixture(f, "python3.12")),
			get("get_function_active_rev2", fnp(f)).saving(map[string]string{"rev2": "Configuration.RevisionId"}),
			publish("publish_version_revision_exception", f, map[string]any{"RevisionId": "wrong"}),
			publish("publish_version_response_rev_v1", f, map[string]any{"RevisionId": "{{rev2}}"}),
			get("get_function_published_version_rev_v2", fnp(f)).q("Qualifier=1"),
			get("get_function_latest_rev3", fnp(f)),
			post("create_alias_response_rev_a1", aliasPath(f), map[string]any{"Name": "revision_alias", "FunctionVersion": "1"}).saving(map[string]string{"a1": "RevisionId"}),
			get("get_function_latest_rev4", fnp(f)),
			get("get_function_published_version_rev_v3", fnp(f)).q("Qualifier=1"),
			put("update_alias_revision_exception", aliasPath(f)+"/revision_alias", map[string]any{"RevisionId": "wrong"}),
			put("update_alias_response_rev_a2", aliasPath(f)+"/revision_alias", map[string]any{"Description": "something changed", "RevisionId": "{{a1}}"}),
		)},
		replay{id: "TestLambdaRevisions::test_function_revisions_permissions", calls: seq(
			create("", fixture(f, "python3.12")),
			get("", fnp(f)),
			post("add_permission_revision_exception", fnp(f)+"/policy", map[string]any{"StatementId": "s3", "Action": "lambda:InvokeFunction",
				"Principal": "s3.amazonaws.com", "RevisionId": "wrong"}),
		)},
	)
}

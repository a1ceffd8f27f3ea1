package model

import (
	"net/url"
	"strings"
	"testing"
)

// Every ValidationException of reference/aws-recordings that an operation's
// input explains, reproduced by Validate. Each case cites its recording
// (test id and response key; test_lambda_api.snapshot.json unless said
// otherwise) and carries the message as recorded, placeholders filled in by
// fill with the values the request used.

const (
	role   = "arn:aws:iam::111111111111:role/r"
	zip    = `{"ZipFile":"UEsDBA=="}`
	fnBody = `"FunctionName":"f1","Role":"` + role + `","Code":` + zip + `,"Handler":"index.handler","Runtime":"python3.12"`
)

func TestRecordedValidationMessages(t *testing.T) {
	const urlQualifier = `((?!^\d+$)^[0-9a-zA-Z-_]+$)`
	longARN := "arn:aws:lambda:us-east-1:111111111111:function:" + strings.Repeat("a", 140-47+1)
	esm := "arn:aws:lambda:us-east-1:111111111111:event-source-mapping:0f2b0a3c-1234-4abc-9def-0123456789ab"
	cases := []struct {
		name string
		req  request
		want string
	}{
		// test_lambda.snapshot.json TestLambdaURL::test_lambda_url_invalid_invoke_mode invoke_function_invalid_invoke_type
		{"invoke mode", request{op: "CreateFunctionUrlConfig", labels: labels("FunctionName", "f1"), body: `{"AuthType":"NONE","InvokeMode":"UNKNOWN"}`},
			"1 validation error detected: Value 'UNKNOWN' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]"},
		// TestLambdaAlias::test_notfound_and_invalid_routingconfigs routing_config_exc_toohigh (boto3 sent the weight as 2)
		{"weight too high", request{op: "CreateAlias", labels: labels("FunctionName", "f1"), body: `{"Name":"custom","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"2":2}}}`},
			"1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]"},
		// ... routing_config_exc_subzero
		{"weight below zero", request{op: "CreateAlias", labels: labels("FunctionName", "f1"), body: `{"Name":"custom","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"2":-1}}}`},
			"1 validation error detected: Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]"},
		// ... routing_config_exc_version_latest
		{"weight key $LATEST", request{op: "CreateAlias", labels: labels("FunctionName", "f1"), body: `{"Name":"custom","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"$LATEST":0.5}}}`},
			"1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]"},
		// TestLambdaEventInvokeConfig::test_lambda_eventinvokeconfig_exceptions put_destination_invalid_arn_pattern
		{"destination pattern", request{op: "PutFunctionEventInvokeConfig", labels: labels("FunctionName", "f1"),
			body: `{"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:_-/!lambda:us-east-1:111111111111:function:f1"}}}`},
			fill(`1 validation error detected: Value 'arn:<partition>:_-/!lambda:<region>:111111111111:function:<function-name:1>' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: $|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`, "<function-name:1>", "f1")},
		// TestLambdaTags::test_tag_exceptions tag_lambda_invalidarn
		{"tag resource pattern", request{op: "TagResource", labels: labels("Resource", "arn:aws:something"), body: `{"Tags":{"a":"b"}}`},
			fill(`1 validation error detected: Value 'arn:<partition>:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`)},
		// TestLambdaTags::test_tag_exceptions untag_empty_keys (TagKeys=[] sends no tagKeys)
		{"untag without keys", request{op: "UntagResource", labels: labels("Resource", "arn:aws:lambda:us-east-1:111111111111:function:f1")},
			"1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"},
		// TestLambdaTag::test_tag_exceptions[lambda_function] invalid_arn_exception (also [event_source_mapping], [capacity_provider])
		{"tag unknown resource type", request{op: "TagResource", labels: labels("Resource", "arn:aws:lambda:us-east-1:111111111111:foobar:res1"), body: `{"Tags":{"a":"b"}}`},
			fill(`1 validation error detected: Value 'arn:<partition>:lambda:<region>:111111111111:foobar:<resource-name>' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`, "<resource-name>", "res1")},
		// TestLambdaTag::test_tag_exceptions[event_source_mapping] aliased_arn_exception
		{"tag aliased mapping", request{op: "TagResource", labels: labels("Resource", esm+":alias"), body: `{"Tags":{"a":"b"}}`},
			fill(`1 validation error detected: Value 'arn:<partition>:lambda:<region>:111111111111:event-source-mapping:<resource-name>:alias' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`, "<resource-name>", "0f2b0a3c-1234-4abc-9def-0123456789ab")},
		// TestLambdaTag::test_tag_exceptions[capacity_provider] aliased_arn_exception
		{"tag aliased capacity provider", request{op: "TagResource", labels: labels("Resource", "arn:aws:lambda:us-east-1:111111111111:capacity-provider:cp1:alias"), body: `{"Tags":{"a":"b"}}`},
			fill(`1 validation error detected: Value 'arn:<partition>:lambda:<region>:111111111111:capacity-provider:<resource-name>:alias' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`, "<resource-name>", "cp1")},
		// TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions put_provisioned_invalid_param_0
		{"provisioned zero", request{op: "PutProvisionedConcurrencyConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"1"}}, body: `{"ProvisionedConcurrentExecutions":0}`},
			"1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		// TestLambdaUrl::test_url_config_exceptions create_function_url_config_qualifier_version (and _name_doesnotexist_qualifier)
		{"url create version", request{op: "CreateFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"1"}}, body: `{"AuthType":"NONE"}`},
			"1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// ... create_function_url_config_qualifier_version_doesnotexist
		{"url create version 2", request{op: "CreateFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"2"}}, body: `{"AuthType":"NONE"}`},
			"1 validation error detected: Value '2' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// ... create_function_url_config_qualifier_latest
		{"url create $LATEST", request{op: "CreateFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"$LATEST"}}, body: `{"AuthType":"NONE"}`},
			"1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// ... get_function_url_config_qualifier_version
		{"url get version", request{op: "GetFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"1"}}},
			"1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// ... get_function_url_config_qualifier_latest
		{"url get $LATEST", request{op: "GetFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"$LATEST"}}},
			"1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// ... delete_function_url_config_qualifier_version_doesnotexist
		{"url delete version", request{op: "DeleteFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"2"}}},
			"1 validation error detected: Value '2' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// ... update_function_url_config_qualifier_latest
		{"url update $LATEST", request{op: "UpdateFunctionUrlConfig", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"$LATEST"}}, body: `{"AuthType":"NONE"}`},
			"1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier},
		// TestLambdaPermissions::test_permission_exceptions add_permission_invalid_statement_id
		{"statement id", request{op: "AddPermission", labels: labels("FunctionName", "f1"), body: `{"StatementId":"example.com","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"}`},
			"1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"},
		// ... add_permission_fn_qualifier_invalid
		{"permission qualifier", request{op: "AddPermission", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {"invalid-qualifier-with-?-char"}},
			body: `{"StatementId":"s1","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"}`},
			`1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`},
		// TestLambdaFunction::test_create_lambda_exceptions invalid_role_arn_exc
		{"create role", request{op: "CreateFunction", body: `{"FunctionName":"f1","Role":"r1","Code":` + zip + `}`},
			`1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`},
		// TestLambdaFunction::test_update_lambda_exceptions invalid_role_arn_exc
		{"update role", request{op: "UpdateFunctionConfiguration", labels: labels("FunctionName", "f1"), body: `{"Role":"r1"}`},
			`1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`},
		// TestLambdaFunction::test_create_lambda_exceptions multiple_architectures
		{"two architectures", request{op: "CreateFunction", body: `{` + fnBody + `,"Architectures":["x86_64","arm64"]}`},
			"1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"},
		// ... uppercase_architecture
		{"uppercase architecture", request{op: "CreateFunction", body: `{` + fnBody + `,"Architectures":["X86_64"]}`},
			"1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"},
		// TestLambdaFunction::test_list_functions list_functions_invalid_functionversion
		{"list functions version", request{op: "ListFunctions", query: url.Values{"FunctionVersion": {"invalid"}}},
			"1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]"},
		// TestLambdaLayer::test_layer_exceptions list_layers_exc_compatibleruntime_invalid
		{"list layers runtime", request{op: "ListLayers", query: url.Values{"CompatibleRuntime": {"runtimedoesnotexist"}}},
			"1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: [ruby3.5, ruby2.6, dotnetcore1.0, python3.7, nodejs8.10, nasa, ruby2.7, python2.7-greengrass, dotnetcore2.0, python3.8, java21, dotnet6, dotnetcore2.1, python3.9, java11, nodejs6.10, provided, dotnetcore3.1, dotnet8, java25, java17, nodejs, nodejs4.3, java8.al2, go1.x, dotnet10, nodejs20.x, go1.9, byol, nodejs10.x, provided.al2023, nodejs22.x, python3.10, java8, nodejs12.x, python3.11, nodejs24.x, nodejs8.x, python3.12, nodejs14.x, nodejs8.9, nodejs26.x, python3.13, python3.14, nodejs16.x, python3.15, provided.al2, nodejs4.3-edge, nodejs18.x, ruby3.2, python3.4, ruby3.3, ruby3.4, ruby2.5, python3.6, python2.7]"},
		// ... list_layers_exc_compatiblearchitecture_invalid
		{"list layers architecture", request{op: "ListLayers", query: url.Values{"CompatibleArchitecture": {"archdoesnotexist"}}},
			"1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]"},
		// ... get_layer_version_by_arn_exc_invalidarn
		{"layer arn without version", request{op: "GetLayerVersionByArn", query: url.Values{"Arn": {"arn:aws:lambda:us-east-1:111111111111:layer:l1"}}},
			fill(`1 validation error detected: Value 'arn:<partition>:lambda:<region>:111111111111:layer:<resource:1>' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`, "<resource:1>", "l1")},
		// ... publish_layer_version_exc_invalid_runtime_arch
		{"layer runtimes and architectures", request{op: "PublishLayerVersion", labels: labels("LayerName", "l1"),
			body: `{"Content":` + zip + `,"CompatibleRuntimes":["invalidruntime"],"CompatibleArchitectures":["invalidarch"]}`},
			"2 validation errors detected: Value '[invalidruntime]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]; Value '[invalidarch]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"},
		// ... publish_layer_version_exc_partially_invalid_values
		{"layer runtimes partly valid", request{op: "PublishLayerVersion", labels: labels("LayerName", "l1"),
			body: `{"Content":` + zip + `,"CompatibleRuntimes":["invalidruntime","invalidruntime2","nodejs20.x"],"CompatibleArchitectures":["invalidarch","x86_64"]}`},
			"2 validation errors detected: Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]; Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"},
		// TestLambdaLayer::test_layer_policy_exceptions layer_permission_action_invalid
		{"layer permission action", request{op: "AddLayerVersionPermission", labels: labels("LayerName", "l1", "VersionNumber", "1"),
			body: `{"StatementId":"s1","Action":"*","Principal":"*"}`},
			"1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion"},
		// TestLambdaLayer::test_layer_function_exceptions add_layer_arn_without_version_exc
		{"function layer without version", request{op: "CreateFunction", body: `{` + fnBody + `,"Layers":["arn:aws:lambda:us-east-1:111111111111:layer:l1"]}`},
			fill(`1 validation error detected: Value '[arn:<partition>:lambda:<region>:111111111111:layer:<resource:1>]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]`, "<resource:1>", "l1")},
		// TestLambdaEventSourceMappings::test_create_event_source_validation invalid_starting_position (and _kinesis)
		{"starting position", request{op: "CreateEventSourceMapping",
			body: `{"FunctionName":"f1","EventSourceArn":"arn:aws:dynamodb:us-east-1:111111111111:table/t/stream/s","StartingPosition":"invalid"}`},
			"1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"},
		// TestLambdaSnapStart::test_snapstart_exceptions create_function_invalid_snapstart_apply
		{"snapstart apply on", request{op: "CreateFunction", body: `{` + fnBody + `,"SnapStart":{"ApplyOn":"invalidOption"}}`},
			"1 validation error detected: Value 'invalidOption' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]"},
		// TestLambdaFunction::test_function_arns invalid_function_name_exc
		{"function name pattern", request{op: "CreateFunction", body: `{"FunctionName":"invalid:function:name","Role":"` + role + `","Code":` + zip + `}`},
			`1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`},
		// ... long_function_arn_exc (the ARN is one character over 140)
		{"function arn too long", request{op: "CreateFunction", body: `{"FunctionName":"` + longARN + `","Role":"` + role + `","Code":` + zip + `}`},
			fill("1 validation error detected: Value 'arn:<partition>:lambda:<region>:111111111111:function:<function-name>' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140", "<function-name>", strings.Repeat("a", 94))},
		// TestLambdaAlias::test_alias_naming create_alias_number_exception
		{"numeric alias", request{op: "CreateAlias", labels: labels("FunctionName", "f1"), body: `{"Name":"2024","FunctionVersion":"1"}`},
			"1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"},
		// TestLambdaFunction::test_invalid_invoke invoke_function_name_pattern_exc
		{"invoke name pattern", request{op: "Invoke", labels: labels("FunctionName", "arn:aws:lambda:us-east-1:123400000000@function:myfn")},
			fill(`1 validation error detected: Value 'arn:<partition>:lambda:<region>:123400000000@function:myfn' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`)},
		// TestLambdaRecursion::test_put_function_recursion_config_invalid_value put_recursion_invalid_value_error
		{"recursive loop", request{op: "PutFunctionRecursionConfig", labels: labels("FunctionName", "f1"), body: `{"RecursiveLoop":"InvalidValue"}`},
			"1 validation error detected: Value 'InvalidValue' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]"},
		// TestLambdaFunction::test_invalid_vpc_config_subnet create-response-invalid-format-subnet-id
		{"subnet id", request{op: "CreateFunction", body: `{` + fnBody + `,"VpcConfig":{"SubnetIds":["subnet-ABC"],"SecurityGroupIds":["sg-1"]}}`},
			fill("1 validation error detected: Value '[<subnet_id_2>]' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: subnet-[0-9a-z]*]", "<subnet_id_2>", "subnet-ABC")},
		// TestLambdaFunction::test_invalid_vpc_config_security_group create-response-invalid-format-security-group
		{"security group id", request{op: "CreateFunction", body: `{` + fnBody + `,"VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["group-1"]}}`},
			fill("1 validation error detected: Value '[<security_group_id_2>]' at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: sg-[0-9a-zA-Z]*]", "<security_group_id_2>", "group-1")},
	}
	// TestLambdaUrl::test_url_config_exceptions: every {create,get,update,delete}_function_url_config_
	// {name_doesnotexist_qualifier, qualifier_version, qualifier_version_doesnotexist, qualifier_latest}.
	for _, op := range []string{"CreateFunctionUrlConfig", "GetFunctionUrlConfig", "UpdateFunctionUrlConfig", "DeleteFunctionUrlConfig"} {
		for _, q := range []string{"1", "2", "$LATEST"} {
			req := request{op: op, labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {q}}}
			if op == "CreateFunctionUrlConfig" {
				req.body = `{"AuthType":"NONE"}`
			}
			cases = append(cases, struct {
				name string
				req  request
				want string
			}{op + " " + q, req, "1 validation error detected: Value '" + q + "' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: " + urlQualifier})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.req.message(t); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// Recorded answers that are not constraint violations of the input: the
// service's own checks. Validate must let these requests through, and
// InvalidRuntimeMessage words the runtime one.
func TestRecordedServiceChecksPass(t *testing.T) {
	// TestLambdaFunction::test_create_lambda_exceptions invalid_runtime_exc and
	// uppercase_runtime_exc: InvalidParameterValueException, not ValidationException.
	for _, rt := range []string{"non-existent-runtime", "PYTHON3.9"} {
		req := request{op: "CreateFunction", body: `{"FunctionName":"f1","Role":"` + role + `","Code":` + zip + `,"Runtime":"` + rt + `"}`}
		if got := req.message(t); got != "" {
			t.Errorf("Runtime %s: got %s", rt, got)
		}
		req = request{op: "UpdateFunctionConfiguration", labels: labels("FunctionName", "f1"), body: `{"Runtime":"` + rt + `"}`}
		if got := req.message(t); got != "" {
			t.Errorf("update Runtime %s: got %s", rt, got)
		}
	}
	want := "Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2] or be a valid ARN"
	if got := InvalidRuntimeMessage("PYTHON3.9"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !SupportedRuntime("python3.12") || SupportedRuntime("PYTHON3.9") {
		t.Error("SupportedRuntime")
	}
	// TestLambdaFunction::test_function_arns long_function_name_exc: a 65-character
	// name is refused by the service (InvalidParameterValueException, 64), not
	// by the model's 140.
	long := request{op: "CreateFunction", body: `{"FunctionName":"` + strings.Repeat("a", 65) + `","Role":"` + role + `","Code":` + zip + `}`}
	if got := long.message(t); got != "" {
		t.Errorf("65-character name: got %s", got)
	}
	// test_create_event_source_validation no_starting_position: a Kinesis or
	// DynamoDB mapping without StartingPosition is the service's check.
	esm := request{op: "CreateEventSourceMapping", body: `{"FunctionName":"f1","EventSourceArn":"arn:aws:kinesis:us-east-1:111111111111:stream/s"}`}
	if got := esm.message(t); got != "" {
		t.Errorf("no StartingPosition: got %s", got)
	}
}

package model

import "strings"

// Where Lambda answers differently from its own model (botocore's copy of it,
// see constraints_gen.go), these overrides make Validate answer like Lambda.
// Each cites its evidence: a key of reference/aws-recordings
// (test_lambda_api.snapshot.json unless said otherwise), whose message the
// tests in recordings_test.go reproduce. Patterns Go's RE2 cannot compile
// (look-arounds) get hand-written matchers here; their printed text stays the
// model's.

// shapeOverrides fix a shape wherever it is used, by shape name.
var shapeOverrides = map[string]func(*shape){
	// Lambda prints and applies the pattern with the (eusc-)? region prefix
	// the model lacks: TestLambdaFunction::test_function_arns
	// invalid_function_name_exc.
	"FunctionName": func(s *shape) {
		s.pattern = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
		s.match = fastPath(plainName, mustRegexp(s.pattern))
	},
	// The same (eusc-)? prefix: TestLambdaFunction::test_invalid_invoke
	// invoke_function_name_pattern_exc (Invoke; recorded 2025-11-25).
	// Lambda also takes a "$latest" qualifier in any case, and answers not
	// found: TestLambdaFunction::test_function_name_and_qualifier_validation
	// [lowercase_latest_qualifier-get_function] (and -invoke, -delete_function;
	// CreateFunction's FunctionName refuses it).
	"NamespacedFunctionName": func(s *shape) {
		s.pattern = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`
		re := mustRegexp(s.pattern)
		s.match = fastPath(plainDottedName, func(v string) bool { return re(v) || re(FoldLatest(v)) })
	},
	// No recording: the model's pattern, with the bare-name shortcut (a bare
	// name always matches) so the common case skips the regexp.
	"UnqualifiedFunctionName": func(s *shape) {
		s.match = fastPath(plainName, mustRegexp(s.pattern))
	},
	// Lambda's pattern adds (eusc-)? and layer ARNs:
	// TestLambdaTags::test_tag_exceptions tag_lambda_invalidarn,
	// TestLambdaTag::test_tag_exceptions[*] invalid_arn_exception and
	// aliased_arn_exception.
	"TaggableResource": func(s *shape) {
		s.pattern = `arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`
	},
	// Lambda allows 2048 characters (the model says 140) and a different
	// pattern: TestLambdaLayer::test_layer_function_exceptions
	// add_layer_arn_without_version_exc (CreateFunction Layers) and
	// TestLambdaLayer::test_layer_exceptions get_layer_version_by_arn_exc_invalidarn.
	"LayerVersionArn": func(s *shape) {
		s.max = 2048
		s.pattern = `(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`
	},
	// (eusc-)? again: TestLambdaEventInvokeConfig::test_lambda_eventinvokeconfig_exceptions
	// put_destination_invalid_arn_pattern.
	"DestinationArn": func(s *shape) {
		s.pattern = `$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`
	},
	// The model gives subnet and security group IDs no constraints; Lambda
	// checks length and pattern, and its list messages carry no "Member must
	// not be null": TestLambdaFunction::test_invalid_vpc_config_subnet
	// create-response-invalid-format-subnet-id and
	// test_invalid_vpc_config_security_group create-response-invalid-format-security-group.
	"SubnetId":         idShape(`subnet-[0-9a-z]*`),
	"SecurityGroupId":  idShape(`sg-[0-9a-zA-Z]*`),
	"SubnetIds":        func(s *shape) { s.sparse = true },
	"SecurityGroupIds": func(s *shape) { s.sparse = true },

	// Model drift, not a recording: the botocore installed here (see
	// botocoreVersion) predates the model reference/wire-protocol.md §2 read
	// (botocore commit 885f434f, 2026-07-30), where Timeout is 1..5400 (the
	// older model has no maximum). fakelambda's tests expect 5400
	// (functions_test.go:265, badinput_test.go:111).
	"Timeout": func(s *shape) { s.hasMax, s.max = true, 5400 },

	// Enum sets Lambda prints in an order other than the model's.
	// TestLambdaURL::test_lambda_url_invalid_invoke_mode (test_lambda.snapshot.json)
	// invoke_function_invalid_invoke_type.
	"InvokeMode": func(s *shape) { s.enumText = "[RESPONSE_STREAM, BUFFERED]" },
	// TestLambdaRecursion::test_put_function_recursion_config_invalid_value
	// put_recursion_invalid_value_error.
	"RecursiveLoop": func(s *shape) { s.enumText = "[Terminate, Allow]" },
	// TestLambdaEventSourceMappings::test_create_event_source_validation
	// invalid_starting_position.
	"EventSourcePosition": func(s *shape) { s.enumText = "[LATEST, AT_TIMESTAMP, TRIM_HORIZON]" },

	// Look-arounds RE2 cannot compile: hand-written matchers, model text.
	// (?!^[0-9]+$)([a-zA-Z0-9-_]+): TestLambdaAlias::test_alias_naming
	// create_alias_number_exception.
	"Alias": func(s *shape) { s.match = notAllDigits(makeSet("a-zA-Z0-9-_")) },
	// ((?!^\d+$)^[0-9a-zA-Z-_]+$): TestLambdaUrl::test_url_config_exceptions
	// *_qualifier_version, *_qualifier_latest.
	"FunctionUrlQualifier": func(s *shape) { s.match = notAllDigits(makeSet("0-9a-zA-Z-_")) },
	// [0-9A-Za-z\.\-_]*(?<!\.): no recording.
	"S3Bucket": func(s *shape) {
		set := makeSet("0-9A-Za-z._-")
		s.match = func(v string) bool { return set.all(v) && !strings.HasSuffix(v, ".") }
	},
	// (^(?!(system\x2e)))(^[_a-zA-Z0-9])([^$]*): no recording.
	"CollectionName": func(s *shape) {
		first := makeSet("_a-zA-Z0-9")
		s.match = func(v string) bool {
			return v != "" && !strings.HasPrefix(v, "system.") && first.has(v[0]) && !strings.Contains(v, "$")
		}
	},
}

// memberOverrides fix one operation's member, by "Operation.Member"; the
// member gets its own copy of the shape.
var memberOverrides = map[string]func(*member){
	// Lambda does not answer a bad Runtime with a ValidationException but with
	// InvalidParameterValueException (see InvalidRuntimeMessage):
	// TestLambdaFunction::test_create_lambda_exceptions invalid_runtime_exc,
	// uppercase_runtime_exc; test_update_lambda_exceptions likewise.
	"CreateFunction.Runtime":              noEnum,
	"UpdateFunctionConfiguration.Runtime": noEnum,
	// The filter accepts and prints Lambda's full runtime list, not the
	// model's: TestLambdaLayer::test_layer_exceptions
	// list_layers_exc_compatibleruntime_invalid. ListLayerVersions has the
	// same member (assumed alike; not recorded).
	"ListLayers.CompatibleRuntime":        allRuntimes,
	"ListLayerVersions.CompatibleRuntime": allRuntimes,
	// Lambda prints the supported runtimes when it refuses a layer runtime,
	// without the list wrapper: TestLambdaLayer::test_layer_exceptions
	// publish_layer_version_exc_invalid_runtime_arch,
	// publish_layer_version_exc_partially_invalid_values. It accepts every
	// runtime it knows, deprecated ones included:
	// TestLambdaLayer::test_layer_compatibilities[runtimes0..2] (python3.7,
	// nodejs12.x, java8, go1.x, dotnetcore3.1, ruby2.7, provided).
	"PublishLayerVersion.CompatibleRuntimes": func(m *member) {
		el := *m.shape.member
		el.enum = strings.Split(knownRuntimes[1:len(knownRuntimes)-1], ", ")
		el.enumText = "[" + strings.Join(supportedRuntimes, ", ") + "]"
		m.shape.member = &el
		m.shape.flatEnum = true
	},
}

// supportedRuntimes are the runtimes Lambda lists, in its order, when it
// refuses a runtime of a function or layer (TestLambdaFunction::test_create_lambda_exceptions
// invalid_runtime_exc; TestLambdaLayer::test_layer_exceptions
// publish_layer_version_exc_invalid_runtime_arch).
var supportedRuntimes = strings.Split("nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2", ", ")

// knownRuntimes is Lambda's whole runtime enum, in its order
// (TestLambdaLayer::test_layer_exceptions list_layers_exc_compatibleruntime_invalid).
const knownRuntimes = "[ruby3.5, ruby2.6, dotnetcore1.0, python3.7, nodejs8.10, nasa, ruby2.7, python2.7-greengrass, dotnetcore2.0, python3.8, java21, dotnet6, dotnetcore2.1, python3.9, java11, nodejs6.10, provided, dotnetcore3.1, dotnet8, java25, java17, nodejs, nodejs4.3, java8.al2, go1.x, dotnet10, nodejs20.x, go1.9, byol, nodejs10.x, provided.al2023, nodejs22.x, python3.10, java8, nodejs12.x, python3.11, nodejs24.x, nodejs8.x, python3.12, nodejs14.x, nodejs8.9, nodejs26.x, python3.13, python3.14, nodejs16.x, python3.15, provided.al2, nodejs4.3-edge, nodejs18.x, ruby3.2, python3.4, ruby3.3, ruby3.4, ruby2.5, python3.6, python2.7]"

func noEnum(m *member) { m.shape.enum, m.shape.enumText = nil, "" }

func allRuntimes(m *member) {
	m.shape.enumText = knownRuntimes
	m.shape.enum = strings.Split(knownRuntimes[1:len(knownRuntimes)-1], ", ")
}

// idShape gives a VPC ID shape Lambda's constraints: 0..1024 characters and pat.
func idShape(pat string) func(*shape) {
	return func(s *shape) {
		s.hasMin, s.min, s.hasMax, s.max, s.pattern = true, 0, true, 1024, pat
	}
}

// InvalidRuntimeMessage is the message of the InvalidParameterValueException
// Lambda answers to CreateFunction and UpdateFunctionConfiguration with an
// unknown Runtime (the value is printed without quotes).
func InvalidRuntimeMessage(runtime string) string {
	return "Value " + runtime + " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [" +
		strings.Join(supportedRuntimes, ", ") + "] or be a valid ARN"
}

// SupportedRuntime reports whether Lambda accepts rt as a function runtime.
func SupportedRuntime(rt string) bool {
	for _, s := range supportedRuntimes {
		if s == rt {
			return true
		}
	}
	return false
}

// notAllDigits matches a non-empty string of set's bytes that is not all
// digits: the (?!^[0-9]+$) look-ahead patterns.
func notAllDigits(set asciiSet) func(string) bool {
	return func(v string) bool {
		if v == "" || !set.all(v) {
			return false
		}
		for i := 0; i < len(v); i++ {
			if v[i] < '0' || v[i] > '9' {
				return true
			}
		}
		return false
	}
}

// plainName reports whether s is a bare function name, [a-zA-Z0-9-_]+: every
// function-name pattern accepts one, so the regexp can be skipped.
func plainName(s string) bool { return s != "" && nameChars.all(s) }

// plainDottedName is plainName with dots, for NamespacedFunctionName.
func plainDottedName(s string) bool { return s != "" && dottedNameChars.all(s) }

var (
	nameChars       = makeSet("a-zA-Z0-9-_")
	dottedNameChars = makeSet("a-zA-Z0-9-_.")
)

// fastPath accepts what quick accepts, and asks full otherwise.
func fastPath(quick, full func(string) bool) func(string) bool {
	return func(s string) bool { return quick(s) || full(s) }
}

// mustRegexp compiles a pattern (whole-value match) that RE2 accepts.
func mustRegexp(pat string) func(string) bool { return compilePattern("override", pat) }

// FoldLatest writes a trailing ":$latest" qualifier in any case as
// ":$LATEST" (Lambda takes it in a NamespacedFunctionName); other values are
// returned as they are.
func FoldLatest(v string) string {
	const q = ":$LATEST"
	if n := len(v); n > len(q) && strings.EqualFold(v[n-len(q):], q) {
		return v[:n-len(q)] + q
	}
	return v
}

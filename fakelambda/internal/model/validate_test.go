package model

import (
	"net/http"
	"net/url"
	"testing"
)

// Behaviour beyond the recordings: how nested members, lists of structures,
// sensitive values, headers and numbers are reported.
func TestValidateShapes(t *testing.T) {
	cases := []struct {
		name string
		req  request
		want string
	}{
		// Lambda hides sensitive values. The message as AWS answered it, quoted in
		// github.com/trek10inc/serverless-secrets/issues/39 (2018): single-letter
		// variable names break [a-zA-Z]([a-zA-Z0-9_])+.
		{"sensitive map", request{op: "CreateFunction", body: `{` + fnBody + `,"Environment":{"Variables":{"a":"x","b":"y"}}}`},
			"1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"},
		{"nested enum", request{op: "UpdateFunctionConfiguration", labels: labels("FunctionName", "f1"), body: `{"TracingConfig":{"Mode":"On"}}`},
			"1 validation error detected: Value 'On' at 'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [Active, PassThrough]"},
		{"list of structures", request{op: "CreateFunction", body: `{` + fnBody + `,"FileSystemConfigs":[{"Arn":"arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-0123456789abcdef0"}]}`},
			"1 validation error detected: Value null at 'fileSystemConfigs.1.member.localMountPath' failed to satisfy constraint: Member must not be null"},
		{"length and pattern both", request{op: "GetFunction", labels: labels("FunctionName", "f1"), query: url.Values{"Qualifier": {""}}},
			`2 validation errors detected: Value '' at 'qualifier' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`},
		{"labels before body, model order", request{op: "CreateAlias", labels: labels("FunctionName", "a b"), body: `{"Name":"1","FunctionVersion":"x"}`},
			`3 validation errors detected: Value 'a b' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?; ` +
				`Value '1' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+); ` +
				`Value 'x' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\$LATEST(\.PUBLISHED)?|[0-9]+)`},
		{"null list element", request{op: "CreateFunction", body: `{` + fnBody + `,"Architectures":[null]}`},
			"1 validation error detected: Value '[null]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"},
		{"header missing is fine", request{op: "Invoke", labels: labels("FunctionName", "f1"), header: http.Header{}}, ""},
		{"header log type", request{op: "Invoke", labels: labels("FunctionName", "f1"), header: http.Header{"X-Amz-Log-Type": {"All"}}},
			"1 validation error detected: Value 'All' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]"},
		{"wrong JSON types are the decoder's", request{op: "CreateFunction", body: `{"FunctionName":5,"Role":true,"Code":"x","Timeout":"3","MemorySize":1.5}`}, ""},
		{"valid ARN forms", request{op: "GetFunction", labels: labels("FunctionName", "arn:aws:lambda:eusc-de-east-1:123456789012:function:f1:$LATEST.PUBLISHED")}, ""},
		{"label number", request{op: "GetLayerVersion", labels: labels("LayerName", "l1", "VersionNumber", "3")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.req.message(t); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

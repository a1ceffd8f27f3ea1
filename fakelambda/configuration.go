package fakelambda

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	apimodel "github.com/fakeaws/lambda/fakelambda/internal/model"
	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// The function configuration (state.FunctionConfiguration and friends) is
// the state machine's; this file checks the wire constraints of its inputs.

// validateConfig checks ranges and patterns of the given members of a
// CreateFunction or UpdateFunctionConfiguration.
func validateConfig(v *validation, in *state.ConfigUpdate) {
	if in.Role != nil && !roleRE.MatchString(*in.Role) {
		v.pattern("role", *in.Role, rolePattern)
	}
	if in.Handler != nil {
		if len(*in.Handler) > 128 {
			v.maxLen("handler", *in.Handler, 128)
		} else if *in.Handler != "" && strings.ContainsAny(*in.Handler, " \t\r\n") {
			v.pattern("handler", *in.Handler, `[^\s]+`)
		}
	}
	if in.Description != nil && len(*in.Description) > 256 {
		v.maxLen("description", *in.Description, 256)
	}
	if in.Timeout != nil {
		if *in.Timeout < 1 {
			v.atLeast("timeout", *in.Timeout, 1)
		} else if *in.Timeout > 5400 {
			v.atMost("timeout", *in.Timeout, 5400)
		}
	}
	if in.MemorySize != nil {
		if *in.MemorySize < 128 {
			v.atLeast("memorySize", *in.MemorySize, 128)
		} else if *in.MemorySize > 32768 {
			v.atMost("memorySize", *in.MemorySize, 32768)
		}
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" && in.TracingConfig.Mode != "Active" && in.TracingConfig.Mode != "PassThrough" {
		v.enum("tracingConfig.mode", in.TracingConfig.Mode, "Active", "PassThrough")
	}
	if in.EphemeralStorage != nil {
		if s := int64(in.EphemeralStorage.Size); s < 512 {
			v.atLeast("ephemeralStorage.size", s, 512)
		} else if s > 10240 {
			v.atMost("ephemeralStorage.size", s, 10240)
		}
	}
	if d := in.DurableConfig; d != nil {
		// On the wire the model checks these first; seeding comes here.
		// 0 means omitted (its default is filled in).
		if n := int64(d.RetentionPeriodInDays); n < 0 {
			v.atLeast("durableConfig.retentionPeriodInDays", n, 1)
		} else if n > 90 {
			v.atMost("durableConfig.retentionPeriodInDays", n, 90)
		}
		if n := int64(d.ExecutionTimeout); n < 0 {
			v.atLeast("durableConfig.executionTimeout", n, 1)
		} else if n > 31622400 {
			v.atMost("durableConfig.executionTimeout", n, 31622400)
		}
	}
}

// checkFunctionMembers runs Lambda's own checks of CreateFunction and
// UpdateFunctionConfiguration members, after the model's constraints and
// before the operation: an unknown or deprecated Runtime and environment
// variables over 4 KB are InvalidParameterValueExceptions. raw is the body.
func checkFunctionMembers(op string, body map[string]any, raw []byte) *APIError {
	switch op {
	case OpCreateFunction:
		code, _ := body["Code"].(map[string]any)
		if e := checkZipSize(code["ZipFile"]); e != nil {
			return e
		}
	case OpUpdateFunctionCode:
		return checkZipSize(body["ZipFile"])
	case OpUpdateFunctionConfiguration:
	default:
		return nil
	}
	if rt, ok := body["Runtime"].(string); ok {
		if e := checkRuntime(rt); e != nil {
			return e
		}
	}
	if tags, ok := body["Tags"].(map[string]any); ok && len(tags) > state.MaxTags {
		return errInvalidParam(state.ErrTooManyTags) // TestLambdaTags::test_tag_limits create_function_invalid_tags
	}
	if _, ok := body["Environment"].(map[string]any); ok {
		return checkEnvironmentSize(raw)
	}
	return nil
}

// checkRuntime answers a runtime Lambda does not accept for creating or
// updating a function: one it no longer supports (TestRuntimeValidation::
// test_create_deprecated_function_runtime_with_validation_enabled
// deprecation_error), or one it does not know
// (TestLambdaFunction::test_create_lambda_exceptions invalid_runtime_exc,
// uppercase_runtime_exc).
func checkRuntime(rt string) *APIError {
	switch {
	case apimodel.SupportedRuntime(rt):
		return nil
	case state.DeprecatedRuntime(rt):
		return errInvalidParam("The runtime parameter of " + rt + " is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.")
	default:
		return errInvalidParam(apimodel.InvalidRuntimeMessage(rt))
	}
}

// envLimit is the most bytes a function's environment variables may take,
// measured as the compact JSON of Variables in the order sent
// (TestLambdaSizeLimits: 4096 bytes pass, 4097 fail).
const envLimit = 4096

// checkEnvironmentSize refuses Environment.Variables over envLimit with
// Lambda's message, which prints the string it measured
// (TestLambdaSizeLimits::test_large_environment_fails_multiple_keys).
func checkEnvironmentSize(raw []byte) *APIError {
	measured, ok := variablesJSON(raw)
	if !ok || len(measured) <= envLimit {
		return nil
	}
	return errInvalidParam("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: " + measured)
}

// variablesJSON re-encodes the body's Environment.Variables compactly, in
// the order sent. ok is false when there are none or the body is not the
// expected JSON (the operation answers that).
func variablesJSON(raw []byte) (string, bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return "", false
	}
	var env map[string]json.RawMessage
	if json.Unmarshal(top["Environment"], &env) != nil || env["Variables"] == nil {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(env["Variables"]))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; dec.More(); i++ {
		k, err := dec.Token()
		if err != nil {
			return "", false
		}
		var v string
		if dec.Decode(&v) != nil {
			return "", false
		}
		if i > 0 {
			b.WriteByte(',')
		}
		jsonString(&b, k.(string))
		b.WriteByte(':')
		jsonString(&b, v)
	}
	b.WriteByte('}')
	return b.String(), true
}

// zipLimit is the largest zip Lambda takes in a request, decoded
// (TestLambdaSizeLimits::test_oversized_zipped_create_lambda).
const zipLimit = 52428800

// checkZipSize refuses a base64 ZipFile whose bytes exceed zipLimit.
func checkZipSize(zipFile any) *APIError {
	s, ok := zipFile.(string)
	if !ok || len(s) <= zipLimit {
		return nil
	}
	if base64.StdEncoding.DecodedLen(len(s))-strings.Count(s[max(0, len(s)-2):], "=") <= zipLimit {
		return nil
	}
	return &APIError{Code: "RequestEntityTooLargeException", StatusCode: 413, Type: "User",
		Message: fmt.Sprintf("Zipped size must be smaller than %d bytes", zipLimit)}
}

package fakelambda

import (
	"strings"

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
}

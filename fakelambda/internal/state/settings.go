package state

// Function settings: the recursion configuration.

// Recursive-loop settings. A new function has RecursiveTerminate.
const (
	RecursiveTerminate = "Terminate"
	RecursiveAllow     = "Allow"
)

// RecursiveLoop is the function's recursion setting (GetFunctionRecursionConfig).
func (r *Region) RecursiveLoop(function, qualifier string) (string, *Error) {
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return "", e
	}
	if fn.recursiveLoop == "" {
		return RecursiveTerminate, nil
	}
	return fn.recursiveLoop, nil
}

// PutRecursiveLoop sets the function's recursion setting
// (PutFunctionRecursionConfig) and returns it. The wire has checked loop
// against the enum.
func (r *Region) PutRecursiveLoop(function, qualifier, loop string) (string, *Error) {
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return "", e
	}
	fn.recursiveLoop = loop
	return loop, nil
}

// RuntimeManagement is a version's runtime management configuration.
type RuntimeManagement struct {
	// UpdateRuntimeOn is "Auto" (the default), "FunctionUpdate" or "Manual".
	UpdateRuntimeOn string
	// RuntimeVersionArn is the pinned runtime version, for Manual only.
	RuntimeVersionArn string
	// FunctionArn is the function's ARN, qualified when a qualifier was given.
	FunctionArn string
}

// runtimeTarget resolves the function and version of the runtime
// management operations: $LATEST (also when no qualifier is given) or a
// published version; an alias is refused.
func (r *Region) runtimeTarget(function, qualifier string) (*function, Target, *Error) {
	fn, t, e := r.resolve(function, qualifier, Lookup{})
	if e != nil {
		return nil, Target{}, e
	}
	if t.Alias {
		return nil, Target{}, errInvalidParam("The runtime management configuration applies to $LATEST or a published version, not to an alias.")
	}
	return fn, t, nil
}

// RuntimeManagement answers GetRuntimeManagementConfig.
func (r *Region) RuntimeManagement(function, qualifier string) (RuntimeManagement, *Error) {
	fn, t, e := r.runtimeTarget(function, qualifier)
	if e != nil {
		return RuntimeManagement{}, e
	}
	rm, ok := fn.runtimeMgmt[t.Version]
	if !ok {
		rm = RuntimeManagement{UpdateRuntimeOn: "Auto"}
	}
	rm.FunctionArn = r.ARN(t)
	return rm, nil
}

// PutRuntimeManagement answers PutRuntimeManagementConfig. A Manual mode
// needs a RuntimeVersionArn; the others drop it.
func (r *Region) PutRuntimeManagement(function, qualifier, updateOn, runtimeVersionArn string) (RuntimeManagement, *Error) {
	fn, t, e := r.runtimeTarget(function, qualifier)
	if e != nil {
		return RuntimeManagement{}, e
	}
	switch {
	case updateOn == "Manual" && runtimeVersionArn == "":
		return RuntimeManagement{}, errInvalidParam("RuntimeVersionArn is required when UpdateRuntimeOn is Manual.")
	case updateOn != "Manual":
		runtimeVersionArn = ""
	}
	if fn.runtimeMgmt == nil {
		fn.runtimeMgmt = map[string]RuntimeManagement{}
	}
	rm := RuntimeManagement{UpdateRuntimeOn: updateOn, RuntimeVersionArn: runtimeVersionArn}
	fn.runtimeMgmt[t.Version] = rm
	rm.FunctionArn = r.ARN(t)
	return rm, nil
}

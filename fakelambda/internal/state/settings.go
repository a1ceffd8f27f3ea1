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

// ScalingConfig is a FunctionScalingConfig: the execution environments of a
// published version (Lambda Managed Instances). Nil members were not given.
type ScalingConfig struct {
	MinExecutionEnvironments, MaxExecutionEnvironments *int
}

// Scaling is GetFunctionScalingConfig's answer.
type Scaling struct {
	FunctionArn        string
	Requested, Applied *ScalingConfig // nil when none was put
	FunctionState      string         // the version's State
}

// scalingTarget resolves the published version of the scaling operations:
// a version number, or "$LATEST.PUBLISHED" for the newest published version.
func (r *Region) scalingTarget(function, qualifier string) (*function, string, *Error) {
	fn, e := r.function(function, "", "")
	if e != nil {
		return nil, "", e
	}
	v := qualifier
	if v == LatestPublished {
		v = fn.latestPublished() // resolve.go
	}
	if fn.versions[v] == nil {
		return nil, "", errFunctionNotFound(r.QualifiedARN(fn.name, qualifier))
	}
	return fn, v, nil
}

// PutScaling answers PutFunctionScalingConfig: the requested configuration
// of a published version, applied at once (the fake runs no managed
// instances), and the version's State.
func (r *Region) PutScaling(function, qualifier string, c ScalingConfig) (string, *Error) {
	fn, v, e := r.scalingTarget(function, qualifier)
	if e != nil {
		return "", e
	}
	if fn.scaling == nil {
		fn.scaling = map[string]ScalingConfig{}
	}
	fn.scaling[v] = ScalingConfig{MinExecutionEnvironments: cloneInt(c.MinExecutionEnvironments),
		MaxExecutionEnvironments: cloneInt(c.MaxExecutionEnvironments)}
	return versionState(fn.versions[v]), nil
}

// Scaling answers GetFunctionScalingConfig.
func (r *Region) Scaling(function, qualifier string) (Scaling, *Error) {
	fn, v, e := r.scalingTarget(function, qualifier)
	if e != nil {
		return Scaling{}, e
	}
	out := Scaling{FunctionArn: r.QualifiedARN(fn.name, v), FunctionState: versionState(fn.versions[v])}
	if c, ok := fn.scaling[v]; ok {
		req := ScalingConfig{cloneInt(c.MinExecutionEnvironments), cloneInt(c.MaxExecutionEnvironments)}
		app := ScalingConfig{cloneInt(c.MinExecutionEnvironments), cloneInt(c.MaxExecutionEnvironments)}
		out.Requested, out.Applied = &req, &app
	}
	return out, nil
}

func versionState(ver *fnVersion) string {
	if ver.cfg.State == "" {
		return "Active"
	}
	return ver.cfg.State
}

func cloneInt(p *int) *int {
	if p == nil {
		return nil
	}
	n := *p
	return &n
}

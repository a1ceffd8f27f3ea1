package fakelambda

import "github.com/fakeaws/lambda/fakelambda/internal/state"

// Function settings: PutFunctionRecursionConfig, GetFunctionRecursionConfig.
// Their FunctionName is unqualified (the model's pattern refuses a
// qualifier); RecursiveLoop's enum is checked by the model's constraints.

type recursionConfig struct{ RecursiveLoop string }

func (f *Fake) getFunctionRecursionConfig(rq *request) *response {
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	loop, se := f.regionOf(rq).RecursiveLoop(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, recursionConfig{loop})
}

func (f *Fake) putFunctionRecursionConfig(rq *request) *response {
	var in recursionConfig
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	loop, se := f.regionOf(rq).PutRecursiveLoop(name, q, in.RecursiveLoop)
	if se != nil {
		return failState(se)
	}
	return answer(200, recursionConfig{loop})
}

// Runtime management: PutRuntimeManagementConfig, GetRuntimeManagementConfig
// on $LATEST (also when no Qualifier is given) or a published version.
// UpdateRuntimeOn's enum and RuntimeVersionArn's pattern are checked by the
// model's constraints.

type runtimeManagementConfig struct {
	UpdateRuntimeOn   string
	RuntimeVersionArn *string `json:",omitempty"`
	FunctionArn       string
}

func (f *Fake) runtimeManagementTarget(rq *request) (name, qualifier string, e *APIError) {
	ref, e := f.resolveName(rq, nil, shapeNamespacedName)
	if e != nil {
		return "", "", e
	}
	qp, _ := rq.query("Qualifier")
	q, e := mergeQualifier(ref, qp)
	return ref.Name, q, e
}

func runtimeManagementAnswer(rm state.RuntimeManagement) runtimeManagementConfig {
	out := runtimeManagementConfig{UpdateRuntimeOn: rm.UpdateRuntimeOn, FunctionArn: rm.FunctionArn}
	if rm.RuntimeVersionArn != "" {
		out.RuntimeVersionArn = &rm.RuntimeVersionArn
	}
	return out
}

func (f *Fake) getRuntimeManagementConfig(rq *request) *response {
	name, q, e := f.runtimeManagementTarget(rq)
	if e != nil {
		return fail(e)
	}
	rm, se := f.regionOf(rq).RuntimeManagement(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, runtimeManagementAnswer(rm))
}

func (f *Fake) putRuntimeManagementConfig(rq *request) *response {
	var in struct {
		UpdateRuntimeOn   string
		RuntimeVersionArn string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.runtimeManagementTarget(rq)
	if e != nil {
		return fail(e)
	}
	rm, se := f.regionOf(rq).PutRuntimeManagement(name, q, in.UpdateRuntimeOn, in.RuntimeVersionArn)
	if se != nil {
		return failState(se)
	}
	return answer(200, runtimeManagementAnswer(rm))
}

// Function scaling (Lambda Managed Instances): PutFunctionScalingConfig,
// GetFunctionScalingConfig on a published version (a number, or
// $LATEST.PUBLISHED for the newest). The fake runs no managed instances, so
// a requested configuration is applied at once.

type scalingConfig struct {
	MinExecutionEnvironments *int `json:",omitempty"`
	MaxExecutionEnvironments *int `json:",omitempty"`
}

func (f *Fake) scalingTarget(rq *request) (name, qualifier string, e *APIError) {
	// The name is unqualified: a qualifier in it gets Lambda's usual refusal.
	var v validation
	q, present := rq.query("Qualifier")
	if !present {
		v.required("qualifier")
	}
	ref, e := f.resolveName(rq, v, shapeFunctionName)
	if e != nil {
		return "", "", e
	}
	if ref.Qualifier != "" {
		_, se := f.regionOf(rq).Resolve(ref.Name, ref.Qualifier, state.Lookup{Unqualified: true})
		return "", "", apiError(se)
	}
	return ref.Name, q, nil
}

func (f *Fake) putFunctionScalingConfig(rq *request) *response {
	var in struct{ FunctionScalingConfig *scalingConfig }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.scalingTarget(rq)
	if e != nil {
		return fail(e)
	}
	var c state.ScalingConfig
	if in.FunctionScalingConfig != nil {
		c = state.ScalingConfig{MinExecutionEnvironments: in.FunctionScalingConfig.MinExecutionEnvironments,
			MaxExecutionEnvironments: in.FunctionScalingConfig.MaxExecutionEnvironments}
	}
	st, se := f.regionOf(rq).PutScaling(name, q, c)
	if se != nil {
		return failState(se)
	}
	return answer(202, struct{ FunctionState string }{st})
}

func (f *Fake) getFunctionScalingConfig(rq *request) *response {
	name, q, e := f.scalingTarget(rq)
	if e != nil {
		return fail(e)
	}
	sc, se := f.regionOf(rq).Scaling(name, q)
	if se != nil {
		return failState(se)
	}
	out := struct {
		FunctionArn                    string
		AppliedFunctionScalingConfig   *scalingConfig `json:",omitempty"`
		RequestedFunctionScalingConfig *scalingConfig `json:",omitempty"`
	}{FunctionArn: sc.FunctionArn}
	if sc.Requested != nil {
		out.RequestedFunctionScalingConfig = &scalingConfig{sc.Requested.MinExecutionEnvironments, sc.Requested.MaxExecutionEnvironments}
		out.AppliedFunctionScalingConfig = &scalingConfig{sc.Applied.MinExecutionEnvironments, sc.Applied.MaxExecutionEnvironments}
	}
	return answer(200, out)
}

package fakelambda

import (
	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Code-signing configurations: CreateCodeSigningConfig, GetCodeSigningConfig,
// UpdateCodeSigningConfig, DeleteCodeSigningConfig, ListCodeSigningConfigs,
// ListFunctionsByCodeSigningConfig, and a function's binding to one:
// PutFunctionCodeSigningConfig, GetFunctionCodeSigningConfig,
// DeleteFunctionCodeSigningConfig. The {CodeSigningConfigArn} label is the
// config's ARN; one of another account or region is not found. The fake
// does not verify code signatures.

type cscOut struct{ CodeSigningConfig state.CodeSigningConfig }

func (f *Fake) createCodeSigningConfig(rq *request) *response {
	var in state.CodeSigningUpdate
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	return answer(201, cscOut{f.regionOf(rq).CreateCodeSigningConfig(in, rq.now)})
}

func (f *Fake) getCodeSigningConfig(rq *request) *response {
	c, se := f.regionOf(rq).CodeSigningConfig(rq.label("CodeSigningConfigArn"))
	if se != nil {
		return failState(se)
	}
	return answer(200, cscOut{c})
}

func (f *Fake) updateCodeSigningConfig(rq *request) *response {
	var in state.CodeSigningUpdate
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	in.Tags = nil // not a member of UpdateCodeSigningConfig
	c, se := f.regionOf(rq).UpdateCodeSigningConfig(rq.label("CodeSigningConfigArn"), in, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, cscOut{c})
}

func (f *Fake) deleteCodeSigningConfig(rq *request) *response {
	if se := f.regionOf(rq).DeleteCodeSigningConfig(rq.label("CodeSigningConfigArn")); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) listCodeSigningConfigs(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 10000, 50, 10000)
	if e := v.err(); e != nil {
		return fail(e)
	}
	page, next, e := paginate(f.regionOf(rq).CodeSigningConfigs(), func(c state.CodeSigningConfig) string {
		return c.CodeSigningConfigArn
	}, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		CodeSigningConfigs []state.CodeSigningConfig
		NextMarker         string `json:",omitempty"`
	}{CodeSigningConfigs: page, NextMarker: next}
	if out.CodeSigningConfigs == nil {
		out.CodeSigningConfigs = []state.CodeSigningConfig{}
	}
	return answer(200, out)
}

func (f *Fake) listFunctionsByCodeSigningConfig(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 10000, 50, 10000)
	if e := v.err(); e != nil {
		return fail(e)
	}
	arns, se := f.regionOf(rq).FunctionsByCodeSigningConfig(rq.label("CodeSigningConfigArn"))
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(arns, func(s string) string { return s }, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		FunctionArns []string
		NextMarker   string `json:",omitempty"`
	}{FunctionArns: append([]string{}, page...), NextMarker: next}
	return answer(200, out)
}

// functionCSC is what Put and GetFunctionCodeSigningConfig answer.
type functionCSC struct{ CodeSigningConfigArn, FunctionName string }

func (f *Fake) putFunctionCodeSigningConfig(rq *request) *response {
	var in struct{ CodeSigningConfigArn string }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).PutFunctionCodeSigningConfig(name, q, in.CodeSigningConfigArn); se != nil {
		return failState(se)
	}
	return answer(200, functionCSC{in.CodeSigningConfigArn, name})
}

// getFunctionCodeSigningConfig answers GET
// /2020-06-30/functions/{FunctionName}/code-signing-config: an empty object
// for a function without a config, as Lambda answers (recorded, although
// the model marks both members required).
func (f *Fake) getFunctionCodeSigningConfig(rq *request) *response {
	ref, e := f.resolveName(rq, nil, shapeNamespacedName)
	if e != nil {
		return fail(e)
	}
	arn, se := f.regionOf(rq).FunctionCodeSigningConfig(ref.Name, ref.Qualifier)
	if se != nil {
		return failState(se)
	}
	if arn == "" {
		return answer(200, struct{}{})
	}
	return answer(200, functionCSC{arn, ref.Name})
}

func (f *Fake) deleteFunctionCodeSigningConfig(rq *request) *response {
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).DeleteFunctionCodeSigningConfig(name, q); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

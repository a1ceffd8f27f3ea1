package fakelambda

import (
	"strings"

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

// Tags on code-signing configs: the TagResource, UntagResource and ListTags
// rows serve these wrappers, which take a code-signing-config ARN
// (TaggableResource includes them) and hand every other resource to the
// tags' own adapters (tags.go).

// cscTagTarget reports whether the {Resource} label is a well-formed
// code-signing-config ARN, and the region holding it (nil when it is of
// another partition, region or account: not found here).
func (f *Fake) cscTagTarget(rq *request) (arn string, r *state.Region, ok bool) {
	arn = rq.fnParam
	if len(arn) > 256 || !strings.Contains(arn, ":code-signing-config:") {
		return "", nil, false
	}
	m := taggableRE.FindStringSubmatch(arn)
	if m == nil {
		return "", nil, false
	}
	if m[1] == state.Partition(rq.region) && m[2] == rq.region && m[3] == rq.account {
		r = f.regionOf(rq)
	}
	return arn, r, true
}

// cscNotFound is a missing config of a tag operation (not recorded: the
// config operations' own 404).
func cscNotFound(arn string) *response {
	return fail(&APIError{Code: "ResourceNotFoundException", StatusCode: 404,
		Message: "The Lambda code signing configuration " + arn + " can not be found."})
}

func (f *Fake) listTagsAny(rq *request) *response {
	arn, r, ok := f.cscTagTarget(rq)
	if !ok {
		return f.listTags(rq)
	}
	if r == nil {
		return cscNotFound(arn)
	}
	tags, se := r.CodeSigningConfigTags(arn)
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ Tags map[string]string }{tags})
}

func (f *Fake) tagResourceAny(rq *request) *response {
	arn, r, ok := f.cscTagTarget(rq)
	if !ok {
		return f.tagResource(rq)
	}
	var in struct{ Tags map[string]string }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	if r == nil {
		return cscNotFound(arn)
	}
	if se := r.TagCodeSigningConfig(arn, in.Tags); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) untagResourceAny(rq *request) *response {
	arn, r, ok := f.cscTagTarget(rq)
	if !ok {
		return f.untagResource(rq)
	}
	if r == nil {
		return cscNotFound(arn)
	}
	if se := r.UntagCodeSigningConfig(arn, rq.values()["tagKeys"]); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// createFunctionCSC checks CreateFunction's CodeSigningConfigArn before the
// function is created, and returns what binds the new function to it
// (nothing when the member is absent). Not recorded: a missing config is
// answered as PutFunctionCodeSigningConfig answers it.
func (f *Fake) createFunctionCSC(rq *request) (bind func(name string), e *state.Error) {
	var in struct{ CodeSigningConfigArn *string }
	_ = decode(rq, &in) // the body decoded already
	if in.CodeSigningConfigArn == nil || *in.CodeSigningConfigArn == "" {
		return func(string) {}, nil
	}
	arn, r := *in.CodeSigningConfigArn, f.regionOf(rq)
	if _, e := r.CodeSigningConfig(arn); e != nil {
		return nil, state.ErrCodeSigningConfigNotFound(arn)
	}
	return func(name string) { _ = r.PutFunctionCodeSigningConfig(name, "", arn) }, nil
}

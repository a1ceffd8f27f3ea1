package fakelambda

import (
	"regexp"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Tags: ListTags, TagResource, UntagResource on /2017-03-31/tags/{Resource}.
// The tags are the function's own (state/tags.go): CreateFunction's Tags, and what
// GetFunction answers.

// taggableResourcePattern is the model's TaggableResource pattern, as printed
// in ValidationException messages (with "(eusc-)?" in the region, like the
// other patterns here).
const taggableResourcePattern = `arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`

// taggableRE matches taggableResourcePattern and captures the partition,
// region, account, function name and qualifier (the last two only for a
// function ARN).
var taggableRE = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*):lambda:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):(?:function:([a-zA-Z0-9\-_]+)(?::(\$LATEST|[a-zA-Z0-9\-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9\-_]+)$`)

// tagTarget validates the {Resource} label (and whatever v already holds)
// and resolves it to the name of a function in the request's region and
// account. Lambda checks, in order: the ARN's length and pattern, that a
// function ARN is unqualified, then that the resource exists (state).
// Code-signing-config, event source mapping and capacity provider ARNs
// never get here (codesigning.go, esm.go, capacityproviders.go serve
// them). An ARN of another partition,
// region or account names no function here: name is "" then.
func (f *Fake) tagTarget(rq *request, v validation) (name string, e *APIError) {
	res := rq.fnParam
	switch {
	case len(res) < 1:
		v.minLen("resource", res, 1)
	case len(res) > 256:
		v.maxLen("resource", res, 256)
	}
	m := taggableRE.FindStringSubmatch(res)
	if m == nil && len(res) >= 1 {
		v.pattern("resource", res, taggableResourcePattern)
	}
	if e := v.err(); e != nil {
		return "", e
	}
	partitionID, region, account, name, qualifier := m[1], m[2], m[3], m[4], m[5]
	if name == "" {
		return "", errNotFound("The resource you requested does not exist.")
	}
	if qualifier != "" {
		return "", errInvalidParam("Tags on function aliases and versions are not supported. Please specify a function ARN.")
	}
	if partitionID != state.Partition(rq.region) || region != rq.region || account != rq.account {
		return "", nil
	}
	return name, nil
}

func (f *Fake) listTags(rq *request) *response {
	if uuid := esmUUIDOf(rq.fnParam); uuid != "" { // an event source mapping's tags (esm.go; added by the esm branch)
		return f.listESMTags(rq, uuid)
	}
	if cp := cpTagName(rq.fnParam); cp != "" { // a capacity provider's tags (capacityproviders.go; added by the cap branch)
		return f.listCPTags(rq, cp)
	}
	name, e := f.tagTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	tags, se := f.regionOf(rq).Tags(name, rq.fnParam)
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ Tags map[string]string }{tags})
}

func (f *Fake) tagResource(rq *request) *response {
	var in struct{ Tags map[string]string }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	if in.Tags == nil {
		v.required("tags")
	}
	if uuid := esmUUIDOf(rq.fnParam); uuid != "" { // an event source mapping's tags (esm.go; added by the esm branch)
		return f.tagESM(rq, v, uuid, in.Tags)
	}
	if cp := cpTagName(rq.fnParam); cp != "" { // a capacity provider's tags (capacityproviders.go; added by the cap branch)
		return f.tagCP(rq, v, cp, in.Tags)
	}
	name, e := f.tagTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).TagResource(name, rq.fnParam, in.Tags); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) untagResource(rq *request) *response {
	var v validation
	if _, ok := rq.query("tagKeys"); !ok {
		v.required("tagKeys")
	}
	if uuid := esmUUIDOf(rq.fnParam); uuid != "" { // an event source mapping's tags (esm.go; added by the esm branch)
		return f.untagESM(rq, v, uuid)
	}
	if cp := cpTagName(rq.fnParam); cp != "" { // a capacity provider's tags (capacityproviders.go; added by the cap branch)
		return f.untagCP(rq, v, cp)
	}
	name, e := f.tagTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).UntagResource(name, rq.fnParam, rq.q["tagKeys"]); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

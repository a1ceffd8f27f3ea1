package fakelambda

import (
	"maps"
	"regexp"
)

// Tags: ListTags, TagResource, UntagResource on /2017-03-31/tags/{Resource}.
// The tags are the function's own (fn.tags): CreateFunction's Tags, and what
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
// and resolves it to a function of this fake. Lambda checks, in order: the
// ARN's length and pattern, that a function ARN is unqualified, then that the
// resource exists. The fake has no code-signing configs, event-source
// mappings or capacity providers, so their ARNs are never found.
func (f *Fake) tagTarget(rq *request, v validation) (*function, *APIError) {
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
		return nil, e
	}
	partitionID, region, account, name, qualifier := m[1], m[2], m[3], m[4], m[5]
	if name == "" {
		return nil, errNotFound("The resource you requested does not exist.")
	}
	if qualifier != "" {
		return nil, errInvalidParam("Tags on function aliases and versions are not supported. Please specify a function ARN.")
	}
	fn := f.state.functions[name]
	if fn == nil || partitionID != partition(f.cfg.region) || region != f.cfg.region || account != f.cfg.accountID {
		return nil, errFunctionNotFound(res)
	}
	return fn, nil
}

func (f *Fake) listTags(rq *request) *response {
	fn, e := f.tagTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	out := struct{ Tags map[string]string }{Tags: maps.Clone(fn.tags)}
	if out.Tags == nil {
		out.Tags = map[string]string{}
	}
	return answer(200, out)
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
	fn, e := f.tagTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	if len(in.Tags) > 0 && fn.tags == nil {
		fn.tags = make(map[string]string, len(in.Tags))
	}
	maps.Copy(fn.tags, in.Tags)
	return answer(204, nil)
}

func (f *Fake) untagResource(rq *request) *response {
	var v validation
	if _, ok := rq.query("tagKeys"); !ok {
		v.required("tagKeys")
	}
	fn, e := f.tagTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	for _, k := range rq.q["tagKeys"] {
		delete(fn.tags, k)
	}
	if len(fn.tags) == 0 {
		fn.tags = nil
	}
	return answer(204, nil)
}

package fakelambda

import (
	"regexp"
	"strconv"
)

// Versions: PublishVersion and ListVersionsByFunction.

var regexpRegion = regexp.MustCompile(`^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}$`)

func itoa(n int) string { return strconv.Itoa(n) }

func (f *Fake) publishVersion(rq *request) *response {
	var in struct {
		CodeSha256  *string
		Description *string
		RevisionId  *string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	if in.Description != nil && len(*in.Description) > 256 {
		v.maxLen("description", *in.Description, 256)
	}
	fn, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	if in.CodeSha256 != nil && *in.CodeSha256 != "" && *in.CodeSha256 != fn.latest.cfg.CodeSha256 {
		return fail(errInvalidParam("CodeSHA256 (" + *in.CodeSha256 + ") is different from current CodeSHA256 in $LATEST (" +
			fn.latest.cfg.CodeSha256 + "). Please try again with the CodeSHA256 in $LATEST."))
	}
	if e := checkRevision(in.RevisionId, fn.latest.cfg.RevisionId); e != nil {
		return fail(e)
	}
	ver := f.publish(fn, in.Description, rq.now)
	return answer(201, ver.cfg.clone())
}

func (f *Fake) listVersionsByFunction(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 10000, 50, 50)
	ref, e := f.resolveName(rq, v, shapeNamespacedName)
	if e != nil {
		return fail(e)
	}
	fn := f.state.functions[ref.Name]
	if fn == nil {
		return fail(errFunctionNotFound(f.functionARN(ref.Name)))
	}
	keys := append([]string{""}, fn.sortedVersions()...)
	page, next, e := paginate(keys, func(k string) string {
		if k == "" {
			return ""
		}
		return padVersion(k)
	}, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Versions   []functionConfiguration
		NextMarker string `json:"NextMarker,omitempty"`
	}{Versions: make([]functionConfiguration, 0, len(page)), NextMarker: next}
	for _, k := range page {
		if k == "" {
			c := listed(fn.latest.cfg)
			c.FunctionArn = f.qualifiedARN(fn.name, "$LATEST")
			out.Versions = append(out.Versions, c)
			continue
		}
		out.Versions = append(out.Versions, listed(fn.versions[k].cfg))
	}
	return answer(200, out)
}

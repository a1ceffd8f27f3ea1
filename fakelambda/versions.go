package fakelambda

import (
	"regexp"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Versions: PublishVersion and ListVersionsByFunction.

var regexpRegion = regexp.MustCompile(`^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}$`)

func (f *Fake) publishVersion(rq *request) *response {
	var in struct {
		CodeSha256  *string
		Description *string
		RevisionId  *string
		PublishTo   *string // LATEST_PUBLISHED, the model's one value
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	if in.Description != nil && len(*in.Description) > 256 {
		v.maxLen("description", *in.Description, 256)
	}
	name, q, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	out, se := r.PublishVersion(name, q, in.CodeSha256, in.Description, in.RevisionId, rq.now)
	if se != nil {
		return failState(se)
	}
	if in.PublishTo != nil {
		// The version published is the one $LATEST.PUBLISHED names from now
		// on (the newest); answered with that pseudo-version's ARN, as
		// GetFunctionConfiguration answers it, and the version's number.
		out.FunctionArn = r.QualifiedARN(name, state.LatestPublished)
	}
	return answer(201, out)
}

func (f *Fake) listVersionsByFunction(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 10000, 50, 50)
	ref, e := f.resolveName(rq, v, shapeNamespacedName)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	versions, se := r.Versions(ref.Name)
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(versions, func(k string) string {
		if k == "$LATEST" {
			return ""
		}
		return padVersion(k)
	}, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Versions   []state.FunctionConfiguration
		NextMarker string `json:"NextMarker,omitempty"`
	}{Versions: make([]state.FunctionConfiguration, 0, len(page)), NextMarker: next}
	for _, k := range page {
		c, _ := r.Listed(state.VersionKey{Function: ref.Name, Version: k}, rq.now)
		if k == "$LATEST" {
			c.FunctionArn = r.QualifiedARN(ref.Name, "$LATEST")
		}
		out.Versions = append(out.Versions, c)
	}
	return answer(200, out)
}

package fakelambda

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Aliases: CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases.

type routingConfig struct {
	AdditionalVersionWeights map[string]float64
}

type aliasOutput struct {
	AliasArn        string
	Name            string
	FunctionVersion string
	Description     string
	RoutingConfig   *routingConfig `json:",omitempty"`
	RevisionId      string
}

func (f *Fake) aliasOutput(fn *function, a *alias) aliasOutput {
	out := aliasOutput{
		AliasArn:        f.qualifiedARN(fn.name, a.Name),
		Name:            a.Name,
		FunctionVersion: a.FunctionVersion,
		Description:     a.Description,
		RevisionId:      a.RevisionId,
	}
	if len(a.Weights) > 0 {
		w := make(map[string]float64, len(a.Weights))
		for k, v := range a.Weights {
			w[k] = v
		}
		out.RoutingConfig = &routingConfig{AdditionalVersionWeights: w}
	}
	return out
}

// validateAliasName checks an alias name: 1..128 characters, not all digits.
func validateAliasName(v *validation, name string) {
	v.text("name", name, 1, 128, aliasPattern, func(s string) bool {
		return aliasNameRE.MatchString(s) && !isVersionNumber(s)
	})
}

// validateVersion checks a FunctionVersion member.
func validateVersion(v *validation, ver string) {
	v.text("functionVersion", ver, 1, 1024, versionPattern, versionRE.MatchString)
}

// validateRouting checks weights are within [0, 1].
func validateRouting(v *validation, rc *routingConfig) {
	if rc == nil {
		return
	}
	keys := make([]string, 0, len(rc.AdditionalVersionWeights))
	bad := false
	for k, w := range rc.AdditionalVersionWeights {
		keys = append(keys, k+"="+strconv.FormatFloat(w, 'f', -1, 64))
		if w < 0 || w > 1 {
			bad = true
		}
	}
	if bad {
		sort.Strings(keys)
		v.add("Value '{%s}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]", strings.Join(keys, ", "))
	}
}

// checkRouting applies Lambda's rules for a routing config on an alias
// pointing at version.
func (f *Fake) checkRouting(fn *function, version string, rc *routingConfig) *APIError {
	if rc == nil || len(rc.AdditionalVersionWeights) == 0 {
		return nil
	}
	if len(rc.AdditionalVersionWeights) > 1 {
		return errInvalidParam("Number of items in AdditionalVersionWeights cannot be greater than 1")
	}
	if version == "$LATEST" {
		return errInvalidParam("$LATEST is not supported for an alias pointing to more than 1 version")
	}
	for k := range rc.AdditionalVersionWeights {
		if k == version {
			return errInvalidParam(fmt.Sprintf("Invalid function version %s. Function version %s is already included in routing configuration.", k, k))
		}
		if !isVersionNumber(k) {
			var v validation
			v.pattern("routingConfig.additionalVersionWeights", k, "[0-9]+")
			return v.err()
		}
		if fn.versions[k] == nil {
			return errFunctionNotFound(f.qualifiedARN(fn.name, k))
		}
	}
	return nil
}

// versionExists reports whether ver is $LATEST or a published version of fn.
func versionExists(fn *function, ver string) bool {
	return ver == "$LATEST" || fn.versions[ver] != nil
}

func (f *Fake) createAlias(rq *request) *response {
	var in struct {
		Name            *string
		FunctionVersion *string
		Description     *string
		RoutingConfig   *routingConfig
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	if in.Name == nil {
		v.required("name")
	} else {
		validateAliasName(&v, *in.Name)
	}
	if in.FunctionVersion == nil {
		v.required("functionVersion")
	} else {
		validateVersion(&v, *in.FunctionVersion)
	}
	if in.Description != nil && len(*in.Description) > 256 {
		v.maxLen("description", *in.Description, 256)
	}
	validateRouting(&v, in.RoutingConfig)
	fn, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	name, ver := *in.Name, *in.FunctionVersion
	rq.qualifier = name
	if fn.aliases[name] != nil {
		return fail(errConflict("Alias already exists: " + f.qualifiedARN(fn.name, name)))
	}
	if !versionExists(fn, ver) {
		return fail(errFunctionNotFound(f.qualifiedARN(fn.name, ver)))
	}
	if e := f.checkRouting(fn, ver, in.RoutingConfig); e != nil {
		return fail(e)
	}
	a := &alias{Name: name, FunctionVersion: ver, RevisionId: f.newRevision()}
	if in.Description != nil {
		a.Description = *in.Description
	}
	if in.RoutingConfig != nil && len(in.RoutingConfig.AdditionalVersionWeights) > 0 {
		a.Weights = in.RoutingConfig.AdditionalVersionWeights
	}
	fn.aliases[name] = a
	return answer(201, f.aliasOutput(fn, a))
}

// aliasTarget resolves {FunctionName} and {Name} of GetAlias, UpdateAlias and
// DeleteAlias.
func (f *Fake) aliasTarget(rq *request, v validation) (*function, *APIError) {
	validateAliasName(&v, rq.name)
	return f.function(rq, v)
}

func (f *Fake) getAlias(rq *request) *response {
	fn, e := f.aliasTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	a := fn.aliases[rq.name]
	if a == nil {
		return fail(errNotFound("Cannot find alias arn: " + f.qualifiedARN(fn.name, rq.name)))
	}
	return answer(200, f.aliasOutput(fn, a))
}

func (f *Fake) updateAlias(rq *request) *response {
	var in struct {
		FunctionVersion *string
		Description     *string
		RoutingConfig   *routingConfig
		RevisionId      *string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	if in.FunctionVersion != nil {
		validateVersion(&v, *in.FunctionVersion)
	}
	if in.Description != nil && len(*in.Description) > 256 {
		v.maxLen("description", *in.Description, 256)
	}
	validateRouting(&v, in.RoutingConfig)
	fn, e := f.aliasTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	a := fn.aliases[rq.name]
	if a == nil {
		return fail(errNotFound("Alias not found: " + f.qualifiedARN(fn.name, rq.name)))
	}
	if e := checkRevision(in.RevisionId, a.RevisionId); e != nil {
		return fail(e)
	}
	ver := a.FunctionVersion
	if in.FunctionVersion != nil {
		ver = *in.FunctionVersion
	}
	if !versionExists(fn, ver) {
		return fail(errFunctionNotFound(f.qualifiedARN(fn.name, ver)))
	}
	rc := &routingConfig{AdditionalVersionWeights: a.Weights}
	if in.RoutingConfig != nil {
		rc = in.RoutingConfig
	}
	if e := f.checkRouting(fn, ver, rc); e != nil {
		return fail(e)
	}
	moved := ver != a.FunctionVersion
	if moved && ver == "$LATEST" && fn.pcs[a.Name] != nil {
		return fail(errInvalidParam("Provisioned Concurrency Configs cannot be applied to unpublished function versions."))
	}
	if moved && fn.pcs[a.Name] != nil && fn.pcs[ver] != nil {
		return fail(errConflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"))
	}
	a.FunctionVersion = ver
	if in.Description != nil {
		a.Description = *in.Description
	}
	a.Weights = nil
	if len(rc.AdditionalVersionWeights) > 0 {
		a.Weights = rc.AdditionalVersionWeights
	}
	a.RevisionId = f.newRevision()
	if moved {
		f.reprovision(fn, a.Name, rq.now)
	}
	return answer(200, f.aliasOutput(fn, a))
}

func (f *Fake) deleteAlias(rq *request) *response {
	fn, e := f.aliasTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	delete(fn.aliases, rq.name)
	delete(fn.pcs, rq.name)
	return answer(204, nil)
}

func (f *Fake) listAliases(rq *request) *response {
	var v validation
	fv, filter := rq.query("FunctionVersion")
	if filter {
		validateVersion(&v, fv)
	}
	marker, size := pageParams(rq, &v, 10000, 50, 10000)
	fn, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	names := make([]string, 0, len(fn.aliases))
	for name, a := range fn.aliases {
		if !filter || a.FunctionVersion == fv || a.Weights[fv] > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	page, next, e := paginate(names, func(s string) string { return s }, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Aliases    []aliasOutput
		NextMarker string `json:"NextMarker,omitempty"`
	}{Aliases: make([]aliasOutput, 0, len(page)), NextMarker: next}
	for _, name := range page {
		out.Aliases = append(out.Aliases, f.aliasOutput(fn, fn.aliases[name]))
	}
	return answer(200, out)
}

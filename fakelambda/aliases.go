package fakelambda

import (
	"sort"
	"strconv"
	"strings"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
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

func aliasOut(a state.Alias) aliasOutput {
	out := aliasOutput{AliasArn: a.AliasArn, Name: a.Name, FunctionVersion: a.FunctionVersion,
		Description: a.Description, RevisionId: a.RevisionId}
	if len(a.Weights) > 0 {
		out.RoutingConfig = &routingConfig{AdditionalVersionWeights: a.Weights}
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
	fn, fq, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	var weights map[string]float64
	if in.RoutingConfig != nil {
		weights = in.RoutingConfig.AdditionalVersionWeights
	}
	r := f.regionOf(rq)
	if fq == "" && r.Exists(fn) {
		rq.qualifier = *in.Name // the call log names the alias once the function resolved
	}
	a, se := r.CreateAlias(fn, fq, *in.Name, *in.FunctionVersion, in.Description, weights)
	if se != nil {
		return failState(se)
	}
	return answer(201, aliasOut(a))
}

// aliasTarget resolves {FunctionName} and {Name} of GetAlias, UpdateAlias and
// DeleteAlias.
func (f *Fake) aliasTarget(rq *request, v validation) (name, qualifier string, e *APIError) {
	validateAliasName(&v, rq.name)
	return f.function(rq, v)
}

func (f *Fake) getAlias(rq *request) *response {
	fn, fq, e := f.aliasTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	a, se := f.regionOf(rq).Alias(fn, fq, rq.name)
	if se != nil {
		return failState(se)
	}
	return answer(200, aliasOut(a))
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
	fn, fq, e := f.aliasTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	up := state.AliasUpdate{FunctionVersion: in.FunctionVersion, Description: in.Description, RevisionId: in.RevisionId}
	if in.RoutingConfig != nil {
		up.Routing, up.Weights = true, in.RoutingConfig.AdditionalVersionWeights
	}
	a, se := f.regionOf(rq).UpdateAlias(fn, fq, rq.name, up, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, aliasOut(a))
}

func (f *Fake) deleteAlias(rq *request) *response {
	fn, fq, e := f.aliasTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).DeleteAlias(fn, fq, rq.name); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) listAliases(rq *request) *response {
	var v validation
	fv, filter := rq.query("FunctionVersion")
	if filter {
		validateVersion(&v, fv)
	}
	marker, size := pageParams(rq, &v, 10000, 50, 10000)
	fn, fq, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	aliases, se := f.regionOf(rq).Aliases(fn, fq, filter, fv)
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(aliases, func(a state.Alias) string { return a.Name }, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Aliases    []aliasOutput
		NextMarker string `json:"NextMarker,omitempty"`
	}{Aliases: make([]aliasOutput, 0, len(page)), NextMarker: next}
	for _, a := range page {
		out.Aliases = append(out.Aliases, aliasOut(a))
	}
	return answer(200, out)
}

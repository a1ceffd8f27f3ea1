package state

import (
	"fmt"
	"maps"
	"sort"
	"time"
)

// alias is a named pointer to a version, with optional weighted routing.
type alias struct {
	name     string
	version  string
	desc     string
	weights  map[string]float64
	revision string
}

// Alias is an alias as Lambda answers it.
type Alias struct {
	AliasArn        string
	Name            string
	FunctionVersion string
	Description     string
	// Weights is the routing config's AdditionalVersionWeights (a copy);
	// nil without weighted routing.
	Weights    map[string]float64
	RevisionId string
}

func (r *Region) aliasView(fn *function, a *alias) Alias {
	out := Alias{
		AliasArn:        r.QualifiedARN(fn.name, a.name),
		Name:            a.name,
		FunctionVersion: a.version,
		Description:     a.desc,
		RevisionId:      a.revision,
	}
	if len(a.weights) > 0 {
		out.Weights = maps.Clone(a.weights)
	}
	return out
}

// checkRouting applies Lambda's rules for additional version weights on an
// alias pointing at version.
func (r *Region) checkRouting(fn *function, version string, weights map[string]float64) *Error {
	if len(weights) == 0 {
		return nil
	}
	if len(weights) > 1 {
		return errInvalidParam("Number of items in AdditionalVersionWeights cannot be greater than 1")
	}
	if version == "$LATEST" {
		// Without Type, as recorded (TestLambdaAlias::test_notfound_and_invalid_routingconfigs
		// target_version_exc_version_latest).
		return errInvalidParamNoType("$LATEST is not supported for an alias pointing to more than 1 version")
	}
	for k := range weights {
		if k == version {
			return errInvalidParam(fmt.Sprintf("Invalid function version %s. Function version %s is already included in routing configuration.", k, k))
		}
		if !isVersionNumber(k) {
			return errValidation("Value '" + k + "' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+")
		}
		if fn.versions[k] == nil {
			return errFunctionNotFound(r.QualifiedARN(fn.name, k))
		}
	}
	return nil
}

// versionExists reports whether ver is $LATEST or a published version of fn.
func versionExists(fn *function, ver string) bool {
	return ver == "$LATEST" || fn.versions[ver] != nil
}

// CreateAlias creates alias name of function fn pointing at version, with
// optional weights.
func (r *Region) CreateAlias(fn, qualifier, name, version string, description *string, weights map[string]float64) (Alias, *Error) {
	// A missing function is named with the version the alias would point
	// at (TestLambdaAlias::test_notfound_and_invalid_routingconfigs
	// routing_config_exc_fn_doesnotexist).
	f, e := r.function(fn, qualifier, version)
	if e != nil {
		return Alias{}, e
	}
	if f.aliases[name] != nil {
		return Alias{}, errConflict("Alias already exists: " + r.QualifiedARN(f.name, name))
	}
	if !versionExists(f, version) {
		return Alias{}, errFunctionNotFound(r.QualifiedARN(f.name, version))
	}
	if e := r.checkRouting(f, version, weights); e != nil {
		return Alias{}, e
	}
	a := &alias{name: name, version: version, revision: r.newID()}
	if description != nil {
		a.desc = *description
	}
	if len(weights) > 0 {
		a.weights = maps.Clone(weights)
	}
	f.aliases[name] = a
	return r.aliasView(f, a), nil
}

// Alias answers GetAlias.
func (r *Region) Alias(fn, qualifier, name string) (Alias, *Error) {
	f, e := r.function(fn, qualifier, "")
	if e != nil {
		return Alias{}, e
	}
	a := f.aliases[name]
	if a == nil {
		return Alias{}, errNotFound("Cannot find alias arn: " + r.QualifiedARN(f.name, name))
	}
	return r.aliasView(f, a), nil
}

// AliasUpdate is UpdateAlias's input; nil members are not changed.
type AliasUpdate struct {
	FunctionVersion *string
	Description     *string
	// Routing says Weights replaces the routing config (an empty Weights
	// removes it).
	Routing    bool
	Weights    map[string]float64
	RevisionId *string
}

// UpdateAlias changes alias name. Moving an alias with provisioned
// concurrency to another version starts a new allocation.
func (r *Region) UpdateAlias(fn, qualifier, name string, in AliasUpdate, now time.Time) (Alias, *Error) {
	f, e := r.function(fn, qualifier, "")
	if e != nil {
		return Alias{}, e
	}
	a := f.aliases[name]
	if a == nil {
		return Alias{}, errNotFound("Alias not found: " + r.QualifiedARN(f.name, name))
	}
	if e := checkRevision(in.RevisionId, a.revision); e != nil {
		return Alias{}, e
	}
	ver := a.version
	if in.FunctionVersion != nil {
		ver = *in.FunctionVersion
	}
	if !versionExists(f, ver) {
		return Alias{}, errFunctionNotFound(r.QualifiedARN(f.name, ver))
	}
	weights := a.weights
	if in.Routing {
		weights = in.Weights
	}
	if e := r.checkRouting(f, ver, weights); e != nil {
		return Alias{}, e
	}
	moved := ver != a.version
	if moved && ver == "$LATEST" && f.pcs[a.name] != nil {
		return Alias{}, errInvalidParam("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	}
	if moved && f.pcs[a.name] != nil && f.pcs[ver] != nil {
		return Alias{}, errConflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
	}
	a.version = ver
	if in.Description != nil {
		a.desc = *in.Description
	}
	if in.Routing {
		a.weights = nil
		if len(in.Weights) > 0 {
			a.weights = maps.Clone(in.Weights)
		}
	}
	a.revision = r.newID()
	if moved {
		r.reprovision(f, a.name, now)
	}
	return r.aliasView(f, a), nil
}

// DeleteAlias deletes alias name, with its provisioned-concurrency config.
// A missing alias is no error.
func (r *Region) DeleteAlias(fn, qualifier, name string) *Error {
	f, e := r.function(fn, qualifier, "")
	if e != nil {
		return e
	}
	delete(f.aliases, name)
	delete(f.pcs, name)
	r.dropPolicies(f.name, name, false) // permissions cascade: the alias's policy
	// async invoke configs cascade: the alias's config
	r.dropEventInvokeConfigs(f.name, name, false)
	return nil
}

// Aliases lists the aliases of fn, sorted by name; with filter, only those
// routing to version.
func (r *Region) Aliases(fn, qualifier string, filter bool, version string) ([]Alias, *Error) {
	f, e := r.function(fn, qualifier, "")
	if e != nil {
		return nil, e
	}
	names := make([]string, 0, len(f.aliases))
	for name, a := range f.aliases {
		if !filter || a.version == version || a.weights[version] > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]Alias, 0, len(names))
	for _, name := range names {
		out = append(out, r.aliasView(f, f.aliases[name]))
	}
	return out, nil
}

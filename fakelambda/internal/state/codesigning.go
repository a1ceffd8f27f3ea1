package state

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"sort"
	"time"
)

// Code-signing configurations: Create/Get/Update/Delete/ListCodeSigningConfigs,
// Put/Get/DeleteFunctionCodeSigningConfig, ListFunctionsByCodeSigningConfig.
// A config belongs to an account and region; a function uses at most one.
// The fake does not verify signatures.

// csc is one code-signing configuration.
type csc struct {
	cfg  CodeSigningConfig
	tags map[string]string
}

// cscUse binds a function to a config. fn tells the function apart from a
// later one of the same name: a deleted function's binding is stale.
type cscUse struct {
	fn  *function
	arn string
}

// CodeSigningConfig is Lambda's CodeSigningConfig.
type CodeSigningConfig struct {
	CodeSigningConfigId  string
	CodeSigningConfigArn string
	Description          string
	AllowedPublishers    AllowedPublishers
	CodeSigningPolicies  CodeSigningPolicies
	LastModified         string
}

// AllowedPublishers lists the signing profiles a config trusts.
type AllowedPublishers struct {
	SigningProfileVersionArns []string
}

// CodeSigningPolicies says what happens to unsigned code.
type CodeSigningPolicies struct {
	UntrustedArtifactOnDeployment string
}

func (c CodeSigningConfig) clone() CodeSigningConfig {
	c.AllowedPublishers.SigningProfileVersionArns = slices.Clone(c.AllowedPublishers.SigningProfileVersionArns)
	return c
}

// CodeSigningUpdate is CreateCodeSigningConfig's and
// UpdateCodeSigningConfig's input; nil means "not given".
type CodeSigningUpdate struct {
	Description         *string
	AllowedPublishers   *AllowedPublishers
	CodeSigningPolicies *CodeSigningPolicies
	Tags                map[string]string
}

func (in *CodeSigningUpdate) apply(c *CodeSigningConfig) {
	if in.Description != nil {
		c.Description = *in.Description
	}
	if in.AllowedPublishers != nil {
		c.AllowedPublishers.SigningProfileVersionArns = slices.Clone(in.AllowedPublishers.SigningProfileVersionArns)
	}
	if in.CodeSigningPolicies != nil && in.CodeSigningPolicies.UntrustedArtifactOnDeployment != "" {
		c.CodeSigningPolicies.UntrustedArtifactOnDeployment = in.CodeSigningPolicies.UntrustedArtifactOnDeployment
	}
}

// CreateCodeSigningConfig creates a config with a fresh ID
// (csc-<17 of [a-z0-9]>). Its policy is Warn unless given.
func (r *Region) CreateCodeSigningConfig(in CodeSigningUpdate, now time.Time) CodeSigningConfig {
	sum := sha256.Sum256([]byte(r.newID())) // any ID the store's generator gives: 17 of [a-z0-9]
	id := "csc-" + hex.EncodeToString(sum[:])[:17]
	c := CodeSigningConfig{
		CodeSigningConfigId:  id,
		CodeSigningConfigArn: "arn:" + Partition(r.region) + ":lambda:" + r.region + ":" + r.account + ":code-signing-config:" + id,
		CodeSigningPolicies:  CodeSigningPolicies{UntrustedArtifactOnDeployment: "Warn"},
		LastModified:         fnTimestamp(now),
	}
	in.apply(&c)
	if r.cscs == nil {
		r.cscs = map[string]*csc{}
	}
	r.cscs[c.CodeSigningConfigArn] = &csc{cfg: c, tags: maps.Clone(in.Tags)}
	return c.clone()
}

// errCSCNotFound is the 404 of the config operations (no Type in the body).
func errCSCNotFound(arn string) *Error {
	return &Error{Code: "ResourceNotFoundException", Status: 404, NoType: true,
		Message: "The Lambda code signing configuration " + arn + " can not be found."}
}

// CodeSigningConfig answers GetCodeSigningConfig.
func (r *Region) CodeSigningConfig(arn string) (CodeSigningConfig, *Error) {
	c := r.cscs[arn]
	if c == nil {
		return CodeSigningConfig{}, errCSCNotFound(arn)
	}
	return c.cfg.clone(), nil
}

// UpdateCodeSigningConfig changes the given members; with none, it answers
// the config unchanged.
func (r *Region) UpdateCodeSigningConfig(arn string, in CodeSigningUpdate, now time.Time) (CodeSigningConfig, *Error) {
	c := r.cscs[arn]
	if c == nil {
		return CodeSigningConfig{}, errCSCNotFound(arn)
	}
	if in.Description != nil || in.AllowedPublishers != nil || in.CodeSigningPolicies != nil {
		in.apply(&c.cfg)
		c.cfg.LastModified = fnTimestamp(now)
	}
	return c.cfg.clone(), nil
}

// DeleteCodeSigningConfig deletes a config no function uses.
func (r *Region) DeleteCodeSigningConfig(arn string) *Error {
	if r.cscs[arn] == nil {
		return errCSCNotFound(arn)
	}
	if len(r.cscUsers(arn)) > 0 {
		// Not recorded: the model documents the conflict, not its message.
		return errConflict("The code signing configuration " + arn + " cannot be deleted because it is used by one or more functions.")
	}
	delete(r.cscs, arn)
	return nil
}

// CodeSigningConfigs lists the region's configs, by ARN.
func (r *Region) CodeSigningConfigs() []CodeSigningConfig {
	arns := slices.Sorted(maps.Keys(r.cscs))
	out := make([]CodeSigningConfig, len(arns))
	for i, arn := range arns {
		out[i] = r.cscs[arn].cfg.clone()
	}
	return out
}

// cscUsers lists, sorted, the names of the functions that use config arn,
// forgetting bindings of deleted functions.
func (r *Region) cscUsers(arn string) []string {
	var names []string
	for name, u := range r.cscFns {
		switch {
		case r.functions[name] != u.fn:
			delete(r.cscFns, name) // the function was deleted
		case u.arn == arn:
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// FunctionsByCodeSigningConfig answers ListFunctionsByCodeSigningConfig:
// the unqualified ARNs of the functions that use the config.
func (r *Region) FunctionsByCodeSigningConfig(arn string) ([]string, *Error) {
	if r.cscs[arn] == nil {
		return nil, errCSCNotFound(arn)
	}
	names := r.cscUsers(arn)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = r.FunctionARN(n)
	}
	return out, nil
}

// ErrCodeSigningConfigNotFound is the 404 of a function operation naming a
// missing config.
func ErrCodeSigningConfigNotFound(arn string) *Error {
	return &Error{Code: "CodeSigningConfigNotFoundException", Status: 404,
		Message: "The code signing configuration cannot be found. Check that the provided configuration is not deleted: " + arn + "."}
}

// PutFunctionCodeSigningConfig makes function use config arn. The config is
// looked up before the function.
func (r *Region) PutFunctionCodeSigningConfig(function, qualifier, arn string) *Error {
	if r.cscs[arn] == nil {
		return ErrCodeSigningConfigNotFound(arn)
	}
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return e
	}
	if r.cscFns == nil {
		r.cscFns = map[string]cscUse{}
	}
	r.cscFns[fn.name] = cscUse{fn: fn, arn: arn}
	return nil
}

// FunctionCodeSigningConfig answers GetFunctionCodeSigningConfig: the ARN of
// the function's config, "" when it has none.
func (r *Region) FunctionCodeSigningConfig(function, qualifier string) (string, *Error) {
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return "", e
	}
	if u, ok := r.cscFns[fn.name]; ok && u.fn == fn {
		return u.arn, nil
	}
	return "", nil
}

// DeleteFunctionCodeSigningConfig removes the function's config, if any.
func (r *Region) DeleteFunctionCodeSigningConfig(function, qualifier string) *Error {
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return e
	}
	delete(r.cscFns, fn.name)
	return nil
}

// CodeSigningConfigTags answers ListTags on a config's ARN (never nil).
func (r *Region) CodeSigningConfigTags(arn string) (map[string]string, *Error) {
	c := r.cscs[arn]
	if c == nil {
		return nil, errCSCNotFound(arn)
	}
	out := maps.Clone(c.tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

// TagCodeSigningConfig adds or replaces tags on a config.
func (r *Region) TagCodeSigningConfig(arn string, tags map[string]string) *Error {
	c := r.cscs[arn]
	if c == nil {
		return errCSCNotFound(arn)
	}
	if c.tags == nil {
		c.tags = map[string]string{}
	}
	maps.Copy(c.tags, tags)
	return nil
}

// UntagCodeSigningConfig removes tags from a config.
func (r *Region) UntagCodeSigningConfig(arn string, keys []string) *Error {
	c := r.cscs[arn]
	if c == nil {
		return errCSCNotFound(arn)
	}
	for _, k := range keys {
		delete(c.tags, k)
	}
	return nil
}

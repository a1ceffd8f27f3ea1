package state

import (
	"maps"
	"sort"
	"strconv"
	"strings"
	"time"
)

// function is a Lambda function: $LATEST, its published versions, aliases,
// provisioned-concurrency configs, reserved concurrency and tags.
type function struct {
	name        string
	latest      *fnVersion
	versions    map[string]*fnVersion // by version number
	nextVersion int
	aliases     map[string]*alias
	pcs         map[string]*pcConfig // by the qualifier the config was put on
	reserved    *int
	tags        map[string]string
	// recursiveLoop is the recursion setting (settings.go); "" is Lambda's
	// default, Terminate.
	recursiveLoop string
	// runtimeMgmt is each version's runtime management configuration
	// (settings.go), by version ("$LATEST" or a number); absent is Auto.
	// Version numbers are never reused, so a deleted version's entry is
	// never read again.
	runtimeMgmt map[string]RuntimeManagement
	// scaling is each published version's requested scaling configuration
	// (settings.go), by version number.
	scaling map[string]ScalingConfig
	// publishedDesc is $LATEST's Description when the last version was
	// published (the version may carry PublishVersion's own).
	publishedDesc string
	pcKeys        []string // sorted qualifiers of pcs for List; may hold deleted ones; nil after setPC adds one (provisioned.go)
}

// fnVersion is $LATEST or one published version.
type fnVersion struct {
	cfg  FunctionConfiguration
	code CodeLocation
	tr   *transition // the creation or update in progress; nil when settled (lifecycle.go)
}

// version returns $LATEST or the published version q, or nil.
func (fn *function) version(q string) *fnVersion {
	if q == "$LATEST" || q == "" {
		return fn.latest
	}
	return fn.versions[q]
}

// sortedVersions lists published version numbers in ascending order.
func (fn *function) sortedVersions() []string {
	vs := make([]string, 0, len(fn.versions))
	for v := range fn.versions {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return versionLess(vs[i], vs[j]) })
	return vs
}

func versionLess(a, b string) bool {
	ai, _ := strconv.Atoi(a)
	bi, _ := strconv.Atoi(b)
	return ai < bi
}

// fnTimestamp formats a function LastModified: "2020-04-10T19:06:32.563+0000".
func fnTimestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000") + "+0000"
}

// NewFunction is what CreateFunction creates.
type NewFunction struct {
	Name          string
	Qualifier     string // a qualifier in the name: refused
	Code          Code
	Publish       bool
	PackageType   string // "Zip" when empty
	Architectures []string
	Tags          map[string]string
	Config        ConfigUpdate
	// Ready makes the function Active with its update Successful at once
	// (seeding); otherwise it is Pending, as Lambda's is, for as long as
	// its transition plan says (lifecycle.go). Without transitions the
	// answer still says Pending, and the function is Active for the next
	// request.
	Ready bool
}

// CreateFunction creates a function, publishing version 1 when asked, and
// answers $LATEST's configuration (with Version "1" when published).
func (r *Region) CreateFunction(in NewFunction, now time.Time) (FunctionConfiguration, *Error) {
	if in.Qualifier != "" {
		return FunctionConfiguration{}, errUnqualifiedOnly()
	}
	if len(in.Architectures) > 1 {
		return FunctionConfiguration{}, errInvalidParam("Only one architecture is supported per function.")
	}
	pkg := in.PackageType
	if pkg == "" {
		pkg = "Zip"
	}
	if in.Code.Empty() {
		return FunctionConfiguration{}, errInvalidParam("Please provide a source for function code.")
	}
	c := &in.Config
	if pkg == "Zip" && (c.Runtime == nil || *c.Runtime == "" || c.Handler == nil || *c.Handler == "") {
		return FunctionConfiguration{}, errInvalidParam("Runtime and Handler are mandatory parameters for functions created with deployment packages.")
	}
	if pkg == "Image" && in.Code.ImageUri == "" {
		return FunctionConfiguration{}, errInvalidParam("Please provide ImageUri when PackageType is Image.")
	}
	layers, e := r.resolveLayers(c.Layers) // layers.go; Lambda checks Layers before the name is taken
	if e != nil {
		return FunctionConfiguration{}, e
	}
	if r.functions[in.Name] != nil {
		return FunctionConfiguration{}, errConflict("Function already exist: " + in.Name)
	}
	arch := in.Architectures
	if len(arch) == 0 {
		arch = []string{"x86_64"}
	}
	cfg := FunctionConfiguration{
		FunctionName:     in.Name,
		FunctionArn:      r.FunctionARN(in.Name),
		Timeout:          3,
		MemorySize:       128,
		Version:          "$LATEST",
		TracingConfig:    &TracingConfig{Mode: "PassThrough"},
		PackageType:      pkg,
		Architectures:    append([]string(nil), arch...),
		EphemeralStorage: &EphemeralStorage{Size: 512},
		SnapStart:        &SnapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		LoggingConfig:    &LoggingConfig{LogFormat: "Text", LogGroup: "/aws/lambda/" + in.Name},
	}
	c.apply(&cfg)
	if e := r.bindCapacityProvider(&cfg, true, nil, now); e != nil { // capacityprovider_functions.go (added by the cap branch)
		return FunctionConfiguration{}, e
	}
	cfg.Layers = layers // layers.go: with their code sizes
	loc := in.Code.apply(&cfg)
	cfg.LastModified = fnTimestamp(now)
	cfg.RevisionId = r.newID()

	fn := &function{
		name:     in.Name,
		latest:   &fnVersion{cfg: cfg, code: loc},
		versions: map[string]*fnVersion{},
		aliases:  map[string]*alias{},
		pcs:      map[string]*pcConfig{},
	}
	if len(in.Tags) > 0 {
		fn.tags = maps.Clone(in.Tags)
	}
	r.functions[in.Name] = fn
	ver := fn.latest
	if in.Ready {
		settled(&ver.cfg)
	} else {
		r.begin(fn.name, ver, false, now)
	}
	out := ver.cfg.Clone()
	if in.Publish {
		// Recorded (TestLambdaVersions::test_publish_version_on_create,
		// TestLambdaAlias::test_notfound_and_invalid_routingconfigs): the
		// answer is $LATEST's configuration, its unqualified FunctionArn and
		// RevisionId, with the published version's number.
		out.Version = r.publish(fn, nil, !in.Ready, now).cfg.Version
	}
	if !in.Ready && ver.tr == nil {
		// Without transitions, the answer still says Pending.
		out.State, out.StateReason, out.StateReasonCode = "Pending", reasonCreating, reasonCodeCreating
		out.LastUpdateStatus = ""
	}
	return out, nil
}

// FunctionView is what GetFunction answers: the configuration the target
// designates (with the target's ARN), its code, and the function's tags and
// reserved concurrency.
type FunctionView struct {
	Config   FunctionConfiguration
	Code     CodeLocation
	Tags     map[string]string // a copy; nil when none
	Reserved *int              // nil when not set
}

// Function answers GetFunction and GetFunctionConfiguration at now
// (withTags false, for the latter, leaves Tags and Reserved nil). The read
// shows a creation or update in progress, which lets it end (lifecycle.go).
func (r *Region) Function(name, qualifier string, withTags bool, now time.Time) (FunctionView, *Error) {
	fn, t, e := r.resolve(name, qualifier, Lookup{})
	if e != nil {
		return FunctionView{}, e
	}
	ver := fn.version(t.Version)
	observe(ver, now)
	out := FunctionView{Config: ver.cfg.Clone(), Code: ver.code}
	out.Config.FunctionArn = r.ARN(t)
	if withTags {
		out.Tags = maps.Clone(fn.tags)
		if fn.reserved != nil {
			n := *fn.reserved
			out.Reserved = &n
		}
	}
	return out, nil
}

// settled marks a configuration Active with its last update Successful.
func settled(c *FunctionConfiguration) {
	c.State, c.StateReason, c.StateReasonCode = activeState(c), "", "" // ActiveNonInvocable: capacityprovider_functions.go (added by the cap branch)
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "Successful", "", ""
}

// updated is the answer to an update of $LATEST: the new configuration, with
// the update in progress as Lambda reports it, even when the function has no
// transitions and later reads see it done.
func updated(cfg FunctionConfiguration) FunctionConfiguration {
	out := cfg.Clone()
	out.LastUpdateStatus = "InProgress"
	out.LastUpdateStatusReason = reasonCreating
	out.LastUpdateStatusReasonCode = reasonCodeCreating
	return out
}

// CodeUpdate is UpdateFunctionCode's input.
type CodeUpdate struct {
	Code          Code
	Publish       bool
	DryRun        bool
	RevisionId    *string
	Architectures []string
}

// UpdateFunctionCode replaces $LATEST's code (and publishes it when asked).
func (r *Region) UpdateFunctionCode(name, qualifier string, in CodeUpdate, now time.Time) (FunctionConfiguration, *Error) {
	fn, e := r.function(name, qualifier, "")
	if e != nil {
		return FunctionConfiguration{}, e
	}
	if in.Code.Empty() {
		return FunctionConfiguration{}, errInvalidParam("Please provide a source for function code.")
	}
	if len(in.Architectures) > 1 {
		return FunctionConfiguration{}, errInvalidParam("Only one architecture is supported per function.")
	}
	// The code must be of the function's package type (recorded:
	// TestLambdaImages::test_lambda_image_crud image-to-zipfile-error,
	// test_lambda_zip_file_to_image zipfile-to-image-error).
	switch image := in.Code.ImageUri != ""; {
	case fn.latest.cfg.PackageType == "Image" && !image:
		return FunctionConfiguration{}, errInvalidParam("Please provide ImageUri when updating a function with packageType Image.")
	case fn.latest.cfg.PackageType != "Image" && image:
		return FunctionConfiguration{}, errInvalidParam("Please don't provide ImageUri when updating a function with packageType Zip.")
	}
	if e := r.idle(fn, now); e != nil {
		return FunctionConfiguration{}, e
	}
	if e := checkRevision(in.RevisionId, fn.latest.cfg.RevisionId); e != nil {
		return FunctionConfiguration{}, e
	}
	cfg := fn.latest.cfg.Clone()
	loc := in.Code.apply(&cfg)
	if len(in.Architectures) == 1 {
		cfg.Architectures = []string{in.Architectures[0]}
	}
	if in.DryRun {
		return updated(cfg), nil
	}
	cfg.LastModified = fnTimestamp(now)
	cfg.RevisionId = r.newID()
	fn.latest = &fnVersion{cfg: cfg, code: loc}
	on := r.begin(fn.name, fn.latest, true, now)
	if in.Publish {
		ver := r.publish(fn, nil, on, now)
		if ver.tr == nil {
			return updated(ver.cfg), nil // without transitions, as answered before
		}
		return ver.cfg.Clone(), nil // the new version, Pending
	}
	return updated(fn.latest.cfg), nil
}

// UpdateFunctionConfiguration changes $LATEST's configuration.
func (r *Region) UpdateFunctionConfiguration(name, qualifier string, in ConfigUpdate, now time.Time) (FunctionConfiguration, *Error) {
	fn, e := r.function(name, qualifier, "")
	if e != nil {
		return FunctionConfiguration{}, e
	}
	if e := r.idle(fn, now); e != nil {
		return FunctionConfiguration{}, e
	}
	if e := checkRevision(in.RevisionId, fn.latest.cfg.RevisionId); e != nil {
		return FunctionConfiguration{}, e
	}
	cfg := fn.latest.cfg.Clone()
	in.apply(&cfg)
	if e := r.bindCapacityProvider(&cfg, false, fn.latest.cfg.CapacityProviderConfig, now); e != nil { // capacityprovider_functions.go (added by the cap branch)
		return FunctionConfiguration{}, e
	}
	if e := r.applyLayers(&in, &cfg); e != nil { // layers.go: Layers' ARNs and code sizes
		return FunctionConfiguration{}, e
	}
	if cfg.PackageType == "Zip" && (cfg.Runtime == "" || cfg.Handler == "") {
		return FunctionConfiguration{}, errInvalidParam("Runtime and Handler are mandatory parameters for functions created with deployment packages.")
	}
	cfg.LastModified = fnTimestamp(now)
	cfg.RevisionId = r.newID()
	fn.latest = &fnVersion{cfg: cfg, code: fn.latest.code}
	r.begin(fn.name, fn.latest, true, now)
	return updated(fn.latest.cfg), nil
}

// DeleteFunction deletes a function with everything it has (qualifier "")
// or one published version with its provisioned-concurrency config.
//
// As recorded (TestLambdaFunction::test_delete_on_nonexisting_version,
// test_function_name_and_qualifier_validation[*-delete_function],
// test_ops_with_arn_qualifier_mismatch[delete_function]), Lambda judges the
// qualifier before looking the function up: $LATEST and alias names are
// refused even for a function that does not exist; a missing function is
// named without the qualifier; deleting a version that does not exist, of a
// function that does, succeeds.
func (r *Region) DeleteFunction(name, qualifier string) *Error {
	q := qualifier
	switch {
	case q == "$LATEST":
		return errInvalidParam("$LATEST version cannot be deleted without deleting the function.")
	case q != "" && isAliasName(q):
		return errInvalidParam("Deletion of aliases is not currently supported.")
	}
	fn, e := r.function(name, "", "")
	if e != nil {
		return e
	}
	switch {
	case q == "":
		delete(r.functions, fn.name)
		r.dropPolicies(fn.name, "", true) // permissions cascade: every policy of the function
		// async invoke configs cascade: every config of the function
		r.dropEventInvokeConfigs(fn.name, "", true)
		r.dropURLs(fn.name, "", true) // function URLs cascade (urls.go): every URL config of the function
	case fn.versions[q] == nil:
		// A version that does not exist (or a qualifier that is neither a
		// version nor an alias name, such as "$latest"; inferred): nothing
		// to delete.
	default:
		var refs []string
		for name, a := range fn.aliases {
			if _, weighted := a.weights[q]; a.version == q || weighted {
				refs = append(refs, name)
			}
		}
		if len(refs) > 0 {
			sort.Strings(refs)
			return errConflict("Unable to delete version because the following aliases reference it: [" + strings.Join(refs, ", ") + "]")
		}
		delete(fn.versions, q)
		delete(fn.pcs, q)
		r.dropPolicies(fn.name, q, false) // permissions cascade: the version's policy
		// async invoke configs cascade: the version's config
		r.dropEventInvokeConfigs(fn.name, q, false)
	}
	return nil
}

// isAliasName reports whether q could name an alias: Lambda's alias pattern
// (?!^[0-9]+$)([a-zA-Z0-9-_]+), a name that is not a version number.
func isAliasName(q string) bool {
	for i := 0; i < len(q); i++ {
		c := q[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return q != "" && !isVersionNumber(q)
}

// VersionKey names $LATEST (Version "$LATEST") or a published version of a
// function.
type VersionKey struct{ Function, Version string }

// FunctionNames lists the region's function names, sorted.
func (r *Region) FunctionNames() []string {
	names := make([]string, 0, len(r.functions))
	for name := range r.functions {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Versions lists $LATEST then the published versions of function name, in
// order.
func (r *Region) Versions(name string) ([]string, *Error) {
	fn, _, e := r.resolve(name, "", Lookup{})
	if e != nil {
		return nil, e
	}
	return append([]string{"$LATEST"}, fn.sortedVersions()...), nil
}

// Listed is a configuration at now as the list operations show it: without
// State, StateReason, LastUpdateStatus and RuntimeVersionConfig (recorded:
// TestLambdaFunction::test_list_functions, TestLambdaVersions::
// test_version_lifecycle). $LATEST's FunctionArn is unqualified. ok is false
// when the function or version does not exist.
func (r *Region) Listed(k VersionKey, now time.Time) (cfg FunctionConfiguration, ok bool) {
	fn := r.functions[k.Function]
	if fn == nil {
		return FunctionConfiguration{}, false
	}
	ver := fn.version(k.Version)
	if ver == nil {
		return FunctionConfiguration{}, false
	}
	settle(ver, now)
	c := ver.cfg.Clone()
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	c.RuntimeVersionConfig = nil
	return c, true
}

// PublishVersion publishes $LATEST as a new version, or answers the newest
// version when nothing changed since it was published.
func (r *Region) PublishVersion(name, qualifier string, codeSha256, description, revisionID *string, now time.Time) (FunctionConfiguration, *Error) {
	fn, e := r.function(name, qualifier, "")
	if e != nil {
		return FunctionConfiguration{}, e
	}
	if e := r.idle(fn, now); e != nil {
		return FunctionConfiguration{}, e
	}
	if codeSha256 != nil && *codeSha256 != "" && *codeSha256 != fn.latest.cfg.CodeSha256 {
		return FunctionConfiguration{}, errInvalidParam("CodeSHA256 (" + *codeSha256 + ") is different from current CodeSHA256 in $LATEST (" +
			fn.latest.cfg.CodeSha256 + "). Please try again with the CodeSHA256 in $LATEST.")
	}
	if e := checkRevision(revisionID, fn.latest.cfg.RevisionId); e != nil {
		return FunctionConfiguration{}, e
	}
	if e := r.lmiCanPublish(fn, now); e != nil { // a capacity provider's version limit (added by the cap branch)
		return FunctionConfiguration{}, e
	}
	before := fn.nextVersion
	ver := r.publish(fn, description, fn.latest.cfg.CapacityProviderConfig != nil, now) // a capacity provider's version starts Pending (added by the cap branch)
	if fn.nextVersion != before {
		// A new version gives $LATEST a new RevisionId (recorded:
		// TestLambdaRevisions::test_function_revisions_version_and_alias
		// get_function_latest_rev3); answering the newest, unchanged, does
		// not (TestLambdaVersions::test_publish_version_on_create).
		fn.latest.cfg.RevisionId = r.newID()
	}
	return r.lmiPublished(ver, fn.nextVersion != before, now), nil // Pending for a capacity provider's new version (added by the cap branch)
}

// publish makes $LATEST a new published version, or returns the newest
// version when nothing changed since it was published. A version published
// along with a creation or an update in progress (pending) is Pending
// itself, with the same plan; PublishVersion's is Active at once, as
// recorded.
func (r *Region) publish(fn *function, description *string, pending bool, now time.Time) *fnVersion {
	// Unchanged since the last publish, and that version still exists: it is
	// the answer. When it was deleted, a new version is published. Versions
	// never change, so the last one, with $LATEST's description of then, is
	// $LATEST as it was published.
	if last := fn.versions[strconv.Itoa(fn.nextVersion)]; last != nil {
		was := last.cfg
		was.Description = fn.publishedDesc
		if samePublishable(&fn.latest.cfg, &was) {
			// Settled first: a version published along with the creation is
			// Active, with a new RevisionId, once the creation is over
			// (TestLambdaAlias::test_notfound_and_invalid_routingconfigs
			// publish_v1).
			settle(last, now)
			return last
		}
	}
	fn.nextVersion++
	num := strconv.Itoa(fn.nextVersion)
	cfg := fn.latest.cfg.Clone()
	cfg.Version = num
	cfg.FunctionArn = r.QualifiedARN(fn.name, num)
	if description != nil {
		cfg.Description = *description
	}
	cfg.RevisionId = r.newID()
	cfg.LastModified = fnTimestamp(now)
	settled(&cfg)
	ver := &fnVersion{cfg: cfg, code: fn.latest.code}
	if pending && r.begin(fn.name, ver, false, now) {
		ver.tr.with = fn.latest.tr
	}
	r.awaitProvider(ver, now) // capacityprovider_functions.go: a Pending provider holds the version Pending
	fn.versions[num] = ver
	fn.publishedDesc = fn.latest.cfg.Description
	return ver
}

// Exists reports whether function name exists.
func (r *Region) Exists(name string) bool { return r.functions[name] != nil }

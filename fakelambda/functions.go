package fakelambda

import (
	"maps"
	"sort"
	"strings"
	"time"
)

// Functions: CreateFunction, GetFunction, GetFunctionConfiguration,
// UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction,
// ListFunctions.

// resolveName validates the {FunctionName} label and checks it names this
// fake's region and account.
func (f *Fake) resolveName(rq *request, v validation, shape nameShape) (fnRef, *APIError) {
	ref, nameOK := validateFunctionName(&v, rq.fnParam, shape)
	if e := v.err(); e != nil || !nameOK {
		return fnRef{}, e
	}
	return ref, f.foreignRef(ref)
}

// unqualifiedOnly is Lambda's answer when a function-level operation gets a
// version or alias.
func unqualifiedOnly() *APIError {
	return errInvalidParam("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
}

// checkRevision compares a given RevisionId with the current one.
func checkRevision(given *string, current string) *APIError {
	if given != nil && *given != "" && *given != current {
		return errPrecondition()
	}
	return nil
}

type createFunctionInput struct {
	FunctionName  *string
	Code          *codeInput
	Publish       bool
	PackageType   string
	Architectures []string
	Tags          map[string]string
	configInput
}

func (f *Fake) createFunction(rq *request) *response {
	var in createFunctionInput
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	if in.FunctionName == nil {
		v.required("functionName")
	}
	if in.Role == nil {
		v.required("role")
	}
	if in.Code == nil {
		v.required("code")
	}
	var ref fnRef
	nameOK := false
	if in.FunctionName != nil {
		ref, nameOK = validateFunctionName(&v, *in.FunctionName, shapeFunctionName)
	}
	in.configInput.validate(&v)
	if in.PackageType != "" && in.PackageType != "Zip" && in.PackageType != "Image" {
		v.enum("packageType", in.PackageType, "Zip", "Image")
	}
	for _, a := range in.Architectures {
		if a != "x86_64" && a != "arm64" {
			v.enum("architectures", a, "x86_64", "arm64")
		}
	}
	if e := v.err(); e != nil || !nameOK {
		return fail(e)
	}
	rq.function = ref.Name
	if e := f.foreignRef(ref); e != nil {
		return fail(e)
	}
	if len(ref.Name) > 64 {
		return fail(errInvalidParam("1 validation error detected: Value '" + ref.Name + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"))
	}
	if ref.Qualifier != "" {
		return fail(unqualifiedOnly())
	}
	if len(in.Architectures) > 1 {
		return fail(errInvalidParam("Only one architecture is supported per function."))
	}
	pkg := in.PackageType
	if pkg == "" {
		pkg = "Zip"
	}
	if in.Code.empty() {
		return fail(errInvalidParam("Please provide a source for function code."))
	}
	if pkg == "Zip" && (in.Runtime == nil || *in.Runtime == "" || in.Handler == nil || *in.Handler == "") {
		return fail(errInvalidParam("Runtime and Handler are mandatory parameters for functions created with deployment packages."))
	}
	if pkg == "Image" && in.Code.ImageUri == "" {
		return fail(errInvalidParam("Please provide ImageUri when PackageType is Image."))
	}
	if f.state.functions[ref.Name] != nil {
		return fail(errConflict("Function already exist: " + ref.Name))
	}

	arch := in.Architectures
	if len(arch) == 0 {
		arch = []string{"x86_64"}
	}
	cfg := functionConfiguration{
		FunctionName:     ref.Name,
		FunctionArn:      f.functionARN(ref.Name),
		Timeout:          3,
		MemorySize:       128,
		Version:          "$LATEST",
		TracingConfig:    &tracingConfig{Mode: "PassThrough"},
		PackageType:      pkg,
		Architectures:    append([]string(nil), arch...),
		EphemeralStorage: &ephemeralStorage{Size: 512},
		SnapStart:        &snapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		LoggingConfig:    &loggingConfig{LogFormat: "Text", LogGroup: "/aws/lambda/" + ref.Name},
	}
	in.configInput.apply(&cfg)
	loc := in.Code.apply(&cfg)
	cfg.LastModified = fnTimestamp(rq.now)
	cfg.RevisionId = f.newRevision()
	cfg.State, cfg.LastUpdateStatus = "Active", "Successful"

	fn := &function{
		name:     ref.Name,
		latest:   &fnVersion{cfg: cfg, code: loc},
		versions: map[string]*fnVersion{},
		aliases:  map[string]*alias{},
		pcs:      map[string]*pcConfig{},
	}
	if len(in.Tags) > 0 {
		fn.tags = make(map[string]string, len(in.Tags))
		for k, val := range in.Tags {
			fn.tags[k] = val
		}
	}
	f.state.functions[ref.Name] = fn

	out := cfg.clone()
	if in.Publish {
		out = f.publish(fn, nil, rq.now).cfg.clone()
	}
	out.State, out.StateReason, out.StateReasonCode = "Pending", "The function is being created.", "Creating"
	out.LastUpdateStatus = ""
	return answer(201, out)
}

// target resolves a NamespacedFunctionName and an optional Qualifier query to
// a function and the version it designates, for GetFunction and
// GetFunctionConfiguration. arn is the ARN to report: qualified when a
// qualifier was given.
func (f *Fake) target(rq *request) (fn *function, ver *fnVersion, arn string, e *APIError) {
	var v validation
	qp := qualifierParam(rq, &v)
	ref, e := f.resolveName(rq, v, shapeNamespacedName)
	if e != nil {
		return nil, nil, "", e
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return nil, nil, "", e
	}
	fn = f.state.functions[ref.Name]
	if fn == nil {
		return nil, nil, "", errFunctionNotFound(f.qualifiedARN(ref.Name, q))
	}
	switch {
	case q == "":
		return fn, fn.latest, f.functionARN(fn.name), nil
	case q == "$LATEST":
		return fn, fn.latest, f.qualifiedARN(fn.name, q), nil
	case isVersionNumber(q):
		if ver = fn.versions[q]; ver != nil {
			return fn, ver, f.qualifiedARN(fn.name, q), nil
		}
	default:
		if a := fn.aliases[q]; a != nil {
			return fn, fn.version(a.FunctionVersion), f.qualifiedARN(fn.name, q), nil
		}
	}
	return nil, nil, "", errFunctionNotFound(f.qualifiedARN(fn.name, q))
}

func (f *Fake) getFunctionConfiguration(rq *request) *response {
	_, ver, arn, e := f.target(rq)
	if e != nil {
		return fail(e)
	}
	cfg := ver.cfg.clone()
	cfg.FunctionArn = arn
	return answer(200, cfg)
}

func (f *Fake) getFunction(rq *request) *response {
	fn, ver, arn, e := f.target(rq)
	if e != nil {
		return fail(e)
	}
	cfg := ver.cfg.clone()
	cfg.FunctionArn = arn
	type code struct {
		RepositoryType   string
		Location         string `json:",omitempty"`
		ImageUri         string `json:",omitempty"`
		ResolvedImageUri string `json:",omitempty"`
	}
	type concurrency struct{ ReservedConcurrentExecutions int }
	out := struct {
		Configuration functionConfiguration
		Code          code
		Tags          map[string]string `json:",omitempty"`
		Concurrency   *concurrency      `json:",omitempty"`
	}{Configuration: cfg, Tags: maps.Clone(fn.tags)}
	if ver.code.ImageUri != "" {
		out.Code = code{RepositoryType: "ECR", ImageUri: ver.code.ImageUri, ResolvedImageUri: ver.code.ImageUri}
	} else {
		out.Code = code{RepositoryType: "S3", Location: "https://awslambda-" + f.cfg.region + "-tasks.s3." + f.cfg.region +
			".amazonaws.com/snapshots/" + f.cfg.accountID + "/" + fn.name + "-" + strings.ToLower(cfg.RevisionId) + "?fakelambda=1"}
	}
	if fn.reserved != nil {
		out.Concurrency = &concurrency{*fn.reserved}
	}
	return answer(200, out)
}

// qualifierParam reads and checks the optional Qualifier query parameter of
// GetFunction, GetFunctionConfiguration and Invoke.
func qualifierParam(rq *request, v *validation) string {
	qp, present := rq.query("Qualifier")
	if present {
		v.text("qualifier", qp, 1, 128, invokeQualifierPattern, invokeQualRE.MatchString)
	}
	return qp
}

// function resolves an unqualified {FunctionName} to an existing function.
func (f *Fake) function(rq *request, v validation) (*function, *APIError) {
	return f.unqualifiedFunction(rq, v, "")
}

// unqualifiedFunction resolves an unqualified {FunctionName} to an existing
// function; a missing one is reported with its ARN and, when set,
// ":"+missingQualifier.
func (f *Fake) unqualifiedFunction(rq *request, v validation, missingQualifier string) (*function, *APIError) {
	ref, e := f.resolveName(rq, v, shapeFunctionName)
	if e != nil {
		return nil, e
	}
	if ref.Qualifier != "" {
		return nil, unqualifiedOnly()
	}
	fn := f.state.functions[ref.Name]
	if fn == nil {
		return nil, errFunctionNotFound(f.qualifiedARN(ref.Name, missingQualifier))
	}
	return fn, nil
}

// updated answers an update of $LATEST: the new configuration, with the
// update in progress as Lambda reports it; later reads see it done.
func updated(cfg functionConfiguration) *response {
	out := cfg.clone()
	out.LastUpdateStatus = "InProgress"
	out.LastUpdateStatusReason = "The function is being created."
	out.LastUpdateStatusReasonCode = "Creating"
	return answer(200, out)
}

func (f *Fake) updateFunctionCode(rq *request) *response {
	var in struct {
		codeInput
		Publish       bool
		DryRun        bool
		RevisionId    *string
		Architectures []string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	for _, a := range in.Architectures {
		if a != "x86_64" && a != "arm64" {
			v.enum("architectures", a, "x86_64", "arm64")
		}
	}
	fn, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	if in.codeInput.empty() {
		return fail(errInvalidParam("Please provide a source for function code."))
	}
	if len(in.Architectures) > 1 {
		return fail(errInvalidParam("Only one architecture is supported per function."))
	}
	if e := checkRevision(in.RevisionId, fn.latest.cfg.RevisionId); e != nil {
		return fail(e)
	}
	cfg := fn.latest.cfg.clone()
	loc := in.codeInput.apply(&cfg)
	if len(in.Architectures) == 1 {
		cfg.Architectures = []string{in.Architectures[0]}
	}
	if in.DryRun {
		return updated(cfg)
	}
	cfg.LastModified = fnTimestamp(rq.now)
	cfg.RevisionId = f.newRevision()
	fn.latest = &fnVersion{cfg: cfg, code: loc}
	if in.Publish {
		return updated(f.publish(fn, nil, rq.now).cfg)
	}
	return updated(cfg)
}

func (f *Fake) updateFunctionConfiguration(rq *request) *response {
	var in configInput
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	in.validate(&v)
	fn, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	if e := checkRevision(in.RevisionId, fn.latest.cfg.RevisionId); e != nil {
		return fail(e)
	}
	cfg := fn.latest.cfg.clone()
	in.apply(&cfg)
	if cfg.PackageType == "Zip" && (cfg.Runtime == "" || cfg.Handler == "") {
		return fail(errInvalidParam("Runtime and Handler are mandatory parameters for functions created with deployment packages."))
	}
	cfg.LastModified = fnTimestamp(rq.now)
	cfg.RevisionId = f.newRevision()
	fn.latest = &fnVersion{cfg: cfg, code: fn.latest.code}
	return updated(cfg)
}

func (f *Fake) deleteFunction(rq *request) *response {
	var v validation
	qp, present := rq.query("Qualifier")
	if present && !invokeQualRE.MatchString(qp) {
		v.pattern("qualifier", qp, invokeQualifierPattern)
	}
	ref, e := f.resolveName(rq, v, shapeNamespacedName)
	if e != nil {
		return fail(e)
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return fail(e)
	}
	fn := f.state.functions[ref.Name]
	if fn == nil {
		return fail(errFunctionNotFound(f.qualifiedARN(ref.Name, q)))
	}
	switch {
	case q == "":
		delete(f.state.functions, fn.name)
	case q == "$LATEST":
		return fail(errInvalidParam("$LATEST version cannot be deleted without deleting the function."))
	case !isVersionNumber(q):
		return fail(errInvalidParam("Deletion of aliases is not currently supported."))
	case fn.versions[q] == nil:
		return fail(errFunctionNotFound(f.qualifiedARN(fn.name, q)))
	default:
		var refs []string
		for name, a := range fn.aliases {
			if _, weighted := a.Weights[q]; a.FunctionVersion == q || weighted {
				refs = append(refs, name)
			}
		}
		if len(refs) > 0 {
			sort.Strings(refs)
			return fail(errConflict("Unable to delete version because the following aliases reference it: [" + strings.Join(refs, ", ") + "]"))
		}
		delete(fn.versions, q)
		delete(fn.pcs, q)
	}
	return answer(204, nil)
}

// listed is a configuration as the list operations show it: without State,
// StateReason and LastUpdateStatus.
func listed(cfg functionConfiguration) functionConfiguration {
	c := cfg.clone()
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	return c
}

func (f *Fake) listFunctions(rq *request) *response {
	var v validation
	all := false
	if fv, ok := rq.query("FunctionVersion"); ok {
		if fv != "ALL" {
			v.enum("functionVersion", fv, "ALL")
		}
		all = true
	}
	if mr, ok := rq.query("MasterRegion"); ok && mr != "ALL" && !regexpRegion.MatchString(mr) {
		v.pattern("masterRegion", mr, `ALL|(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}`)
	}
	marker, size := pageParams(rq, &v, 10000, 50, 50)
	if e := v.err(); e != nil {
		return fail(e)
	}
	type item struct {
		key string
		cfg functionConfiguration
	}
	names := make([]string, 0, len(f.state.functions))
	for name := range f.state.functions {
		names = append(names, name)
	}
	sort.Strings(names)
	var items []item
	for _, name := range names {
		fn := f.state.functions[name]
		// "\x00" sorts before every character a name may hold, so keys sort
		// like names, and a function's versions right after it.
		items = append(items, item{name + "\x00", fn.latest.cfg})
		if all {
			for _, vn := range fn.sortedVersions() {
				items = append(items, item{name + "\x00" + padVersion(vn), fn.versions[vn].cfg})
			}
		}
	}
	page, next, e := paginate(items, func(it item) string { return it.key }, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Functions  []functionConfiguration
		NextMarker string `json:"NextMarker,omitempty"`
	}{Functions: make([]functionConfiguration, 0, len(page)), NextMarker: next}
	for _, it := range page {
		c := listed(it.cfg)
		if all && c.Version == "$LATEST" {
			c.FunctionArn += ":$LATEST"
		}
		out.Functions = append(out.Functions, c)
	}
	return answer(200, out)
}

// padVersion makes version numbers sort as strings.
func padVersion(v string) string {
	return strings.Repeat("0", max(0, 12-len(v))) + v
}

// publish makes $LATEST a new published version, or returns the newest
// version when nothing changed since it was published. Callers hold f.mu.
func (f *Fake) publish(fn *function, description *string, now time.Time) *fnVersion {
	fp := fn.latest.cfg.fingerprint()
	// Unchanged since the last publish, and that version still exists: it is
	// the answer. When it was deleted, a new version is published.
	if last := fn.versions[itoa(fn.nextVersion)]; last != nil && fp == fn.publishedFP {
		return last
	}
	fn.nextVersion++
	num := itoa(fn.nextVersion)
	cfg := fn.latest.cfg.clone()
	cfg.Version = num
	cfg.FunctionArn = f.qualifiedARN(fn.name, num)
	if description != nil {
		cfg.Description = *description
	}
	cfg.RevisionId = f.newRevision()
	cfg.LastModified = fnTimestamp(now)
	cfg.State, cfg.LastUpdateStatus = "Active", "Successful"
	ver := &fnVersion{cfg: cfg, code: fn.latest.code}
	fn.versions[num] = ver
	fn.publishedFP = fp
	return ver
}

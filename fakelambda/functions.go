package fakelambda

import (
	"strings"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Functions: CreateFunction, GetFunction, GetFunctionConfiguration,
// UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction,
// ListFunctions.

// resolveName validates the {FunctionName} label and checks it names the
// request's region and account.
func (f *Fake) resolveName(rq *request, v validation, shape nameShape) (fnRef, *APIError) {
	ref, nameOK := validateFunctionName(&v, rq.fnParam, shape)
	if e := v.err(); e != nil || !nameOK {
		return fnRef{}, e
	}
	return ref, foreignRef(rq, ref)
}

type createFunctionInput struct {
	FunctionName  *string
	Code          *state.Code
	Publish       bool
	PublishTo     *string // LATEST_PUBLISHED (the model's enum): publishes too
	PackageType   string
	Architectures []string
	Tags          map[string]string
	state.ConfigUpdate
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
	validateConfig(&v, &in.ConfigUpdate)
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
	if e := foreignRef(rq, ref); e != nil {
		return fail(e)
	}
	if len(ref.Name) > 64 {
		return fail(errInvalidParam("1 validation error detected: Value '" + ref.Name + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"))
	}
	csc, se := f.createFunctionCSC(rq) // codesigning.go: CodeSigningConfigArn must name a config
	if se != nil {
		return failState(se)
	}
	out, e := f.regionOf(rq).CreateFunction(state.NewFunction{Name: ref.Name, Qualifier: ref.Qualifier, Code: *in.Code, Publish: in.Publish || in.PublishTo != nil,
		PackageType: in.PackageType, Architectures: in.Architectures, Tags: in.Tags, Config: in.ConfigUpdate}, rq.now)
	if e != nil {
		return failState(e)
	}
	csc(ref.Name) // codesigning.go: binds the function to it
	return answer(201, out)
}

// target resolves a NamespacedFunctionName and an optional Qualifier query
// to a function name and qualifier, for GetFunction,
// GetFunctionConfiguration, GetPolicy and Invoke.
func (f *Fake) target(rq *request, v validation) (name, qualifier string, e *APIError) {
	qp := qualifierParam(rq, &v)
	ref, e := f.resolveName(rq, v, shapeNamespacedName)
	if e != nil {
		return "", "", e
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return "", "", e
	}
	return ref.Name, q, nil
}

func (f *Fake) getFunctionConfiguration(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	view, se := f.regionOf(rq).Function(name, q, false, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, view.Config)
}

func (f *Fake) getFunction(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	view, se := f.regionOf(rq).Function(name, q, true, rq.now)
	if se != nil {
		return failState(se)
	}
	type code struct {
		RepositoryType   string
		Location         string `json:",omitempty"`
		ImageUri         string `json:",omitempty"`
		ResolvedImageUri string `json:",omitempty"`
	}
	type concurrency struct{ ReservedConcurrentExecutions int }
	out := struct {
		Configuration state.FunctionConfiguration
		Code          code
		Tags          map[string]string `json:",omitempty"`
		Concurrency   *concurrency      `json:",omitempty"`
	}{Configuration: view.Config, Tags: view.Tags}
	if view.Code.ImageUri != "" {
		out.Code = code{RepositoryType: "ECR", ImageUri: view.Code.ImageUri,
			ResolvedImageUri: state.ResolvedImageURI(view.Code.ImageUri, view.Config.CodeSha256)}
	} else {
		out.Code = code{RepositoryType: "S3", Location: "https://awslambda-" + rq.region + "-tasks.s3." + rq.region +
			".amazonaws.com/snapshots/" + rq.account + "/" + view.Config.FunctionName + "-" + strings.ToLower(view.Config.RevisionId) + "?fakelambda=1"}
	}
	if view.Reserved != nil {
		out.Concurrency = &concurrency{*view.Reserved}
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

// function validates an unqualified-function {FunctionName} and returns the
// name and the qualifier it carries (which the state refuses).
func (f *Fake) function(rq *request, v validation) (name, qualifier string, e *APIError) {
	ref, e := f.resolveName(rq, v, shapeFunctionName)
	if e != nil {
		return "", "", e
	}
	return ref.Name, ref.Qualifier, nil
}

func (f *Fake) updateFunctionCode(rq *request) *response {
	var in struct {
		state.Code
		Publish       bool
		PublishTo     *string // LATEST_PUBLISHED (the model's enum): publishes too
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
	name, q, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	out, se := f.regionOf(rq).UpdateFunctionCode(name, q, state.CodeUpdate{Code: in.Code, Publish: in.Publish || in.PublishTo != nil,
		DryRun: in.DryRun, RevisionId: in.RevisionId, Architectures: in.Architectures}, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, out)
}

func (f *Fake) updateFunctionConfiguration(rq *request) *response {
	var in state.ConfigUpdate
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	validateConfig(&v, &in)
	name, q, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	out, se := f.regionOf(rq).UpdateFunctionConfiguration(name, q, in, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, out)
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
	if se := f.regionOf(rq).DeleteFunction(ref.Name, q); se != nil {
		return failState(se)
	}
	return answer(204, nil)
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
	r := f.regionOf(rq)
	var keys []state.VersionKey
	for _, name := range r.FunctionNames() {
		keys = append(keys, state.VersionKey{Function: name, Version: "$LATEST"})
		if all {
			vs, _ := r.Versions(name)
			for _, vn := range vs[1:] {
				keys = append(keys, state.VersionKey{Function: name, Version: vn})
			}
		}
	}
	// "\x00" sorts before every character a name may hold, so keys sort
	// like names, and a function's versions right after it.
	page, next, e := paginate(keys, func(k state.VersionKey) string {
		if k.Version == "$LATEST" {
			return k.Function + "\x00"
		}
		return k.Function + "\x00" + padVersion(k.Version)
	}, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		Functions  []state.FunctionConfiguration
		NextMarker string `json:"NextMarker,omitempty"`
	}{Functions: make([]state.FunctionConfiguration, 0, len(page)), NextMarker: next}
	for _, k := range page {
		c, _ := r.Listed(k, rq.now)
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

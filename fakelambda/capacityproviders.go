package fakelambda

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Capacity providers (Lambda Managed Instances): CreateCapacityProvider,
// GetCapacityProvider, UpdateCapacityProvider, DeleteCapacityProvider,
// ListCapacityProviders, ListFunctionVersionsByCapacityProvider, and tags
// on a provider's ARN (arn:aws:lambda:<region>:<account>:capacity-provider:<name>).
// The state machine is internal/state/capacityproviders.go: defaults
// (architecture x86_64, scaling mode Auto, MaxVCpuCount 400), states
// derived from the clock. Here: the wire shapes and the provider's name in
// its forms (a name or an ARN).
//
// States, as the function lifecycle's (lifecycle.go): Create answers
// Pending and Delete answers Deleting; by default the first Get or List
// afterwards still shows it and the next one the outcome (Active, or the
// provider gone), so a waiter finishes after a poll or two with no clock to
// move. WithTransition applies to providers as to functions (a fake-wide
// FailTransitionAfter fails every provider's creation too);
// WithoutTransitions settles them at once (for every request after the
// change's own); SetCapacityProviderTransition, per provider, overrides
// both.

// SetCapacityProviderTransition sets how the creation and deletion of the
// capacity provider name (a name, in the fake's default region and account,
// or an ARN) that begin afterwards end, overriding WithoutTransitions:
// CompleteAfter(d) holds Pending (or Deleting) for d on the fake's clock
// (d = 0: until a Get or List has shown it), then makes it Active (or
// gone); FailTransitionAfter(d, code, reason) ends a creation Failed
// instead (a deletion always ends gone). A capacity provider's answer has
// no reason member: code and reason become the StateReasonCode and
// StateReason of the function versions published on the failed provider
// (they are Failed at once). The provider need not exist yet; Reset
// forgets the setting.
func (f *Fake) SetCapacityProviderTransition(name string, t Transition) {
	account, region := f.cfg.accountID, f.cfg.region
	if m := cpArnRE.FindStringSubmatch(name); m != nil {
		region, account, name = m[2], m[3], m[4]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store.Region(account, region).SetCapacityProviderTransition(name, t.t)
}

// cpArnRE matches a capacity provider ARN (the model's CapacityProviderArn
// pattern) and captures its partition, region, account and name.
var cpArnRE = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*):lambda:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):capacity-provider:([a-zA-Z0-9\-_]+)$`)

// cpName resolves a CapacityProviderName (a name or an ARN, the model's
// pattern checked already) to a name in the request's region and account;
// an ARN of another partition, region or account is not found here.
func cpName(rq *request, given string) (string, *APIError) {
	m := cpArnRE.FindStringSubmatch(given)
	if m == nil {
		return given, nil
	}
	if m[1] != state.Partition(rq.region) || m[2] != rq.region || m[3] != rq.account {
		return "", apiError(state.ErrCapacityProviderNotFound(given))
	}
	return m[4], nil
}

type capacityProviderOut struct {
	CapacityProvider state.CapacityProvider
}

func (f *Fake) createCapacityProvider(rq *request) *response {
	var in struct {
		CapacityProviderName          string
		VpcConfig                     state.CPVpcConfig
		PermissionsConfig             state.CPPermissionsConfig
		InstanceRequirements          *state.CPInstanceRequirements
		CapacityProviderScalingConfig *state.CPScalingConfig
		KmsKeyArn                     string
		Tags                          map[string]string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, e := cpName(rq, in.CapacityProviderName)
	if e != nil {
		// Not recorded: creating a provider by another region's or account's ARN.
		return fail(errInvalidParam("The capacity provider ARN " + in.CapacityProviderName + " does not belong to this account and region."))
	}
	out, se := f.regionOf(rq).CreateCapacityProvider(state.CapacityProviderInput{
		Name: name, VpcConfig: in.VpcConfig, PermissionsConfig: in.PermissionsConfig,
		InstanceRequirements: in.InstanceRequirements, Scaling: in.CapacityProviderScalingConfig,
		KmsKeyArn: in.KmsKeyArn, Tags: in.Tags,
	}, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, capacityProviderOut{out})
}

func (f *Fake) getCapacityProvider(rq *request) *response {
	name, e := cpName(rq, rq.label("CapacityProviderName"))
	if e != nil {
		return fail(e)
	}
	out, se := f.regionOf(rq).GetCapacityProvider(name, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, capacityProviderOut{out})
}

func (f *Fake) updateCapacityProvider(rq *request) *response {
	var in struct{ CapacityProviderScalingConfig *state.CPScalingConfig }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, e := cpName(rq, rq.label("CapacityProviderName"))
	if e != nil {
		return fail(e)
	}
	out, se := f.regionOf(rq).UpdateCapacityProvider(name, in.CapacityProviderScalingConfig, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, capacityProviderOut{out})
}

func (f *Fake) deleteCapacityProvider(rq *request) *response {
	name, e := cpName(rq, rq.label("CapacityProviderName"))
	if e != nil {
		return fail(e)
	}
	out, se := f.regionOf(rq).DeleteCapacityProvider(name, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, capacityProviderOut{out})
}

func (f *Fake) listCapacityProviders(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil {
		return fail(e)
	}
	st, _ := rq.query("State")
	all := f.regionOf(rq).ListCapacityProviders(st, rq.now)
	page, next, e := paginate(all, func(p state.CapacityProvider) string { return p.CapacityProviderArn }, marker, size)
	if e != nil {
		return fail(e)
	}
	if page == nil {
		page = []state.CapacityProvider{}
	}
	return answer(200, struct {
		CapacityProviders []state.CapacityProvider
		NextMarker        string `json:",omitempty"`
	}{page, next})
}

func (f *Fake) listFunctionVersionsByCapacityProvider(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil {
		return fail(e)
	}
	name, e := cpName(rq, rq.label("CapacityProviderName"))
	if e != nil {
		return fail(e)
	}
	arn, all, se := f.regionOf(rq).ListFunctionVersionsByCapacityProvider(name, rq.now)
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(all, func(v state.CPVersion) string { return v.FunctionArn }, marker, size)
	if e != nil {
		return fail(e)
	}
	if page == nil {
		page = []state.CPVersion{}
	}
	return answer(200, struct {
		CapacityProviderArn string
		FunctionVersions    []state.CPVersion
		NextMarker          string `json:",omitempty"`
	}{arn, page, next})
}

// Tags on capacity providers: tags.go hands ListTags, TagResource and
// UntagResource on a capacity-provider ARN here.

// cpTagName returns the name of the provider a tags {Resource} names, ""
// when it is not a well-formed capacity-provider ARN.
func cpTagName(res string) string {
	if len(res) > 256 || !strings.Contains(res, ":capacity-provider:") || !taggableRE.MatchString(res) {
		return ""
	}
	return res[strings.LastIndexByte(res, ':')+1:]
}

// cpTagRegion is the region holding the provider ARN of the request, nil
// when it is another partition's, region's or account's.
func (f *Fake) cpTagRegion(rq *request) *state.Region {
	if _, e := cpName(rq, rq.fnParam); e != nil {
		return nil
	}
	return f.regionOf(rq)
}

func (f *Fake) listCPTags(rq *request, name string) *response {
	r := f.cpTagRegion(rq)
	if r == nil {
		return failState(state.ErrCapacityProviderNotFound(rq.fnParam))
	}
	tags, se := r.CapacityProviderTags(name, rq.fnParam, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ Tags map[string]string }{tags})
}

func (f *Fake) tagCP(rq *request, v validation, name string, tags map[string]string) *response {
	if e := v.err(); e != nil {
		return fail(e)
	}
	r := f.cpTagRegion(rq)
	if r == nil {
		return failState(state.ErrCapacityProviderNotFound(rq.fnParam))
	}
	if se := r.TagCapacityProvider(name, rq.fnParam, tags, rq.now); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) untagCP(rq *request, v validation, name string) *response {
	if e := v.err(); e != nil {
		return fail(e)
	}
	r := f.cpTagRegion(rq)
	if r == nil {
		return failState(state.ErrCapacityProviderNotFound(rq.fnParam))
	}
	if se := r.UntagCapacityProvider(name, rq.fnParam, rq.values()["tagKeys"], rq.now); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// cpControl serves the control API's capacity provider endpoint (control.go
// hands it every path it does not know):
//
//	PUT /_fakelambda/capacity-provider-transition {"CapacityProvider","Delay":"90s","FailReasonCode":"...","FailReason":"..."}
//
// as SetCapacityProviderTransition: CapacityProvider is a name or an ARN;
// with FailReasonCode the provider's creation ends Failed.
func (f *Fake) cpControl(r *http.Request, path string) (body any, cerr *controlError, ok bool) {
	if path != "capacity-provider-transition" {
		return nil, nil, false
	}
	if e := allow(r, http.MethodPut); e != nil {
		return nil, e, true
	}
	var in struct{ CapacityProvider, Delay, FailReasonCode, FailReason string }
	if e := decodeControl(r, &in); e != nil {
		return nil, e, true
	}
	if in.CapacityProvider == "" {
		return nil, badRequest(`CapacityProvider is required: the capacity provider name or ARN the plan is for`), true
	}
	d, e := delayField(in.Delay)
	if e != nil {
		return nil, e, true
	}
	if in.FailReason != "" && in.FailReasonCode == "" {
		return nil, badRequest(`FailReason needs a FailReasonCode, e.g. "InsufficientCapacity"`), true
	}
	t := CompleteAfter(d)
	if in.FailReasonCode != "" {
		t = FailTransitionAfter(d, in.FailReasonCode, in.FailReason)
	}
	f.SetCapacityProviderTransition(in.CapacityProvider, t)
	return struct{}{}, nil, true
}

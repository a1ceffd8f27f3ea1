package state

import (
	"maps"
	"slices"
	"time"
)

// Capacity providers (Lambda Managed Instances): Create, Get, Update,
// Delete and ListCapacityProviders, ListFunctionVersionsByCapacityProvider,
// and the tags of a provider. A provider belongs to its account and region.
//
// A provider's State is derived at each request from what is stored: the
// transition a change began (Pending after Create, Deleting after Delete),
// when, its plan, and whether a read has shown it. As for the function
// lifecycle (lifecycle.go), a plan with a Delay lasts that long on the
// clock; with none, the transition is over once a read (Get or List) has
// shown it. Pending then ends Active, or Failed when the plan says so;
// Deleting ends with the provider gone. The plan is the provider's own
// (SetCapacityProviderTransition), else the store's Transition, as for
// functions; with Store.NoTransitions (and no plan set for the provider) a
// change settles at once. No timer runs.

// Capacity provider states (the model's CapacityProviderState).
const (
	CPPending  = "Pending"
	CPActive   = "Active"
	CPFailed   = "Failed"
	CPDeleting = "Deleting"
)

// Capacity provider defaults and limits (reference: capacity-providers.md,
// durable-engine.md §4).
const (
	CPDefaultArchitecture = "x86_64"
	CPDefaultScalingMode  = "Auto"
	CPDefaultMaxVCpuCount = 400
	// MaxCapacityProviders is the most providers an account may have in a
	// region (CapacityProviderLimitExceededException beyond).
	MaxCapacityProviders = 1000
	// MaxVersionsPerCapacityProvider is the most function versions bound to
	// one provider (FunctionVersionsPerCapacityProviderLimitExceededException).
	MaxVersionsPerCapacityProvider = 100
)

// CPVpcConfig is a provider's VpcConfig.
type CPVpcConfig struct {
	SubnetIds        []string
	SecurityGroupIds []string
}

// CPPermissionsConfig is a provider's PermissionsConfig.
type CPPermissionsConfig struct {
	CapacityProviderOperatorRoleArn string
}

// CPInstanceRequirements is a provider's InstanceRequirements.
type CPInstanceRequirements struct {
	Architectures         []string
	AllowedInstanceTypes  []string `json:",omitempty"`
	ExcludedInstanceTypes []string `json:",omitempty"`
}

// CPScalingPolicy is a TargetTrackingScalingPolicy.
type CPScalingPolicy struct {
	PredefinedMetricType string
	TargetValue          float64
}

// CPScalingConfig is a provider's CapacityProviderScalingConfig.
type CPScalingConfig struct {
	MaxVCpuCount    *int              `json:",omitempty"`
	ScalingMode     string            `json:",omitempty"`
	ScalingPolicies []CPScalingPolicy `json:",omitempty"`
}

// CapacityProvider is a provider as answered.
type CapacityProvider struct {
	CapacityProviderArn           string
	State                         string
	VpcConfig                     CPVpcConfig
	PermissionsConfig             CPPermissionsConfig
	InstanceRequirements          *CPInstanceRequirements `json:",omitempty"`
	CapacityProviderScalingConfig *CPScalingConfig        `json:",omitempty"`
	KmsKeyArn                     string                  `json:",omitempty"`
	LastModified                  string                  `json:",omitempty"`
}

// CapacityProviderInput is CreateCapacityProvider's input (the wire has
// checked it against the model's constraints).
type CapacityProviderInput struct {
	Name                 string
	VpcConfig            CPVpcConfig
	PermissionsConfig    CPPermissionsConfig
	InstanceRequirements *CPInstanceRequirements
	Scaling              *CPScalingConfig
	KmsKeyArn            string
	Tags                 map[string]string
}

// CPVersion is an item of ListFunctionVersionsByCapacityProvider.
type CPVersion struct {
	FunctionArn string
	State       string
}

// capacityProvider is a stored provider.
type capacityProvider struct {
	cfg  CapacityProvider // State is the settled one
	tags map[string]string

	// The transition in progress: trans is "" when settled.
	trans string
	since time.Time
	plan  Transition
	seen  bool // a read has shown trans
	// atOnce settles the transition at the next request (NoTransitions).
	atOnce bool
	// failCode and failReason say why a Failed provider failed.
	failCode, failReason string
}

// capState is a region's capacity providers; nil until the first.
type capState struct {
	providers map[string]*capacityProvider // by name
	plans     map[string]Transition        // SetCapacityProviderTransition's, by name
}

func (r *Region) caps() *capState {
	if r.cap == nil {
		r.cap = &capState{providers: map[string]*capacityProvider{}}
	}
	return r.cap
}

// CapacityProviderARN is the ARN of provider name in this region.
func (r *Region) CapacityProviderARN(name string) string {
	return "arn:" + Partition(r.region) + ":lambda:" + r.region + ":" + r.account + ":capacity-provider:" + name
}

// ErrCapacityProviderNotFound is the answer for a provider that does not
// exist: the message recorded for the tag operations on a provider's ARN
// (TestLambdaTag::test_tag_exceptions[capacity_provider]); the fake uses it
// for every operation.
func ErrCapacityProviderNotFound(arn string) *Error {
	return errNotFound("Capacity provider not found: " + arn)
}

// SetCapacityProviderTransition sets how the transitions (creation,
// deletion) of provider name that begin afterwards end, overriding the
// store's defaults. A deletion ignores FailCode: it always ends gone.
func (r *Region) SetCapacityProviderTransition(name string, t Transition) {
	c := r.caps()
	if c.plans == nil {
		c.plans = map[string]Transition{}
	}
	c.plans[name] = t
}

// cpPlan is the plan of a transition beginning on provider name, and false
// when it settles at once.
func (r *Region) cpPlan(name string) (Transition, bool) {
	if t, ok := r.caps().plans[name]; ok {
		return t, true
	}
	if r.store.NoTransitions {
		return Transition{}, false
	}
	return r.store.Transition, true // WithTransition's, as for functions
}

// settleCP completes p's transition when it is over at now; observe says
// the caller shows the state (a read). It reports whether p is gone.
func (r *Region) settleCP(p *capacityProvider, now time.Time, observe bool) (gone bool) {
	if p.trans == "" {
		return false
	}
	done := false
	if p.atOnce {
		done = true
	} else if p.plan.Delay > 0 {
		done = !now.Before(p.since.Add(p.plan.Delay))
	} else {
		done = p.seen
		if observe {
			p.seen = true
		}
	}
	if !done {
		return false
	}
	switch {
	case p.trans == CPDeleting:
		delete(r.cap.providers, nameOfCPArn(p.cfg.CapacityProviderArn))
		return true
	case p.plan.FailCode != "" || p.plan.FailReason != "":
		p.cfg.State = CPFailed
		p.failCode, p.failReason = p.plan.FailCode, p.plan.FailReason
	default:
		p.cfg.State = CPActive
	}
	p.trans = ""
	return false
}

func nameOfCPArn(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == ':' {
			return arn[i+1:]
		}
	}
	return arn
}

// begin starts transition trans on p at now (settling it at once when its
// plan says so).
func (r *Region) beginCP(p *capacityProvider, name, trans string, now time.Time) {
	plan, on := r.cpPlan(name)
	p.trans, p.since, p.plan, p.seen, p.atOnce = trans, now, plan, false, !on
}

// view is p as answered now.
func (p *capacityProvider) view() CapacityProvider {
	out := p.cfg
	if p.trans != "" {
		out.State = p.trans
	}
	out.VpcConfig.SubnetIds = slices.Clone(out.VpcConfig.SubnetIds)
	out.VpcConfig.SecurityGroupIds = slices.Clone(out.VpcConfig.SecurityGroupIds)
	if out.VpcConfig.SecurityGroupIds == nil {
		out.VpcConfig.SecurityGroupIds = []string{}
	}
	if ir := out.InstanceRequirements; ir != nil {
		out.InstanceRequirements = &CPInstanceRequirements{Architectures: slices.Clone(ir.Architectures),
			AllowedInstanceTypes: slices.Clone(ir.AllowedInstanceTypes), ExcludedInstanceTypes: slices.Clone(ir.ExcludedInstanceTypes)}
	}
	if sc := out.CapacityProviderScalingConfig; sc != nil {
		out.CapacityProviderScalingConfig = &CPScalingConfig{MaxVCpuCount: cloneInt(sc.MaxVCpuCount),
			ScalingMode: sc.ScalingMode, ScalingPolicies: slices.Clone(sc.ScalingPolicies)}
	}
	return out
}

// provider finds provider name at now (a read observes its state when observe).
func (r *Region) provider(name string, now time.Time, observe bool) (*capacityProvider, *Error) {
	if r.cap != nil {
		if p := r.cap.providers[name]; p != nil && !r.settleCP(p, now, observe) {
			return p, nil
		}
	}
	return nil, ErrCapacityProviderNotFound(r.CapacityProviderARN(name))
}

// CreateCapacityProvider creates a provider, answered Pending, with the
// defaults filled in: architecture x86_64, scaling mode Auto, MaxVCpuCount
// 400.
func (r *Region) CreateCapacityProvider(in CapacityProviderInput, now time.Time) (CapacityProvider, *Error) {
	c := r.caps()
	arn := r.CapacityProviderARN(in.Name)
	if _, e := r.provider(in.Name, now, false); e == nil {
		return CapacityProvider{}, errConflict("Capacity provider already exists: " + arn)
	}
	if ir := in.InstanceRequirements; ir != nil && len(ir.AllowedInstanceTypes) > 0 && len(ir.ExcludedInstanceTypes) > 0 {
		return CapacityProvider{}, errInvalidParam("AllowedInstanceTypes and ExcludedInstanceTypes cannot both be specified.")
	}
	if len(in.Tags) > MaxTags {
		return CapacityProvider{}, errInvalidParam(ErrTooManyTags)
	}
	n := 0
	for _, p := range c.providers {
		if !r.settleCP(p, now, false) {
			n++
		}
	}
	if n >= MaxCapacityProviders {
		return CapacityProvider{}, &Error{Code: "CapacityProviderLimitExceededException", Status: 400,
			Message: "Capacity provider limit exceeded for this account. The limit is 1000 capacity providers."}
	}
	ir := CPInstanceRequirements{}
	if in.InstanceRequirements != nil {
		ir = *in.InstanceRequirements
	}
	if len(ir.Architectures) == 0 {
		ir.Architectures = []string{CPDefaultArchitecture}
	}
	sc := CPScalingConfig{}
	if in.Scaling != nil {
		sc = *in.Scaling
	}
	fillScaling(&sc)
	p := &capacityProvider{cfg: CapacityProvider{
		CapacityProviderArn:  arn,
		State:                CPPending,
		VpcConfig:            in.VpcConfig,
		PermissionsConfig:    in.PermissionsConfig,
		InstanceRequirements: &ir,
		KmsKeyArn:            in.KmsKeyArn,
		LastModified:         fnTimestamp(now),
	}}
	p.cfg.CapacityProviderScalingConfig = &sc
	p.cfg = p.view() // copies of the input's slices
	if len(in.Tags) > 0 {
		p.tags = maps.Clone(in.Tags)
	}
	c.providers[in.Name] = p
	r.beginCP(p, in.Name, CPPending, now)
	return p.view(), nil
}

func fillScaling(sc *CPScalingConfig) {
	if sc.ScalingMode == "" {
		sc.ScalingMode = CPDefaultScalingMode
	}
	if sc.MaxVCpuCount == nil {
		n := CPDefaultMaxVCpuCount
		sc.MaxVCpuCount = &n
	}
}

// GetCapacityProvider answers provider name, observing its state.
func (r *Region) GetCapacityProvider(name string, now time.Time) (CapacityProvider, *Error) {
	p, e := r.provider(name, now, true)
	if e != nil {
		return CapacityProvider{}, e
	}
	return p.view(), nil
}

// errCPInTransition refuses a change of a provider being created or deleted.
func errCPInTransition(arn, state string) *Error {
	return errConflict("The capacity provider " + arn + " is in state " + state + " and cannot be modified. Try again later.")
}

// UpdateCapacityProvider replaces the provider's scaling configuration
// (the only updatable part; unset members take their defaults) and bumps
// LastModified; its State stays. One being created or deleted refuses
// (ResourceConflictException).
func (r *Region) UpdateCapacityProvider(name string, sc *CPScalingConfig, now time.Time) (CapacityProvider, *Error) {
	p, e := r.provider(name, now, false)
	if e != nil {
		return CapacityProvider{}, e
	}
	if p.trans != "" {
		return CapacityProvider{}, errCPInTransition(p.cfg.CapacityProviderArn, p.trans)
	}
	if sc != nil {
		next := CPScalingConfig{MaxVCpuCount: cloneInt(sc.MaxVCpuCount), ScalingMode: sc.ScalingMode,
			ScalingPolicies: slices.Clone(sc.ScalingPolicies)}
		fillScaling(&next)
		p.cfg.CapacityProviderScalingConfig = &next
	}
	p.cfg.LastModified = fnTimestamp(now)
	return p.view(), nil
}

// DeleteCapacityProvider starts deleting provider name and answers it
// Deleting; it is gone once the deletion completes. One that function
// versions still use refuses (ResourceConflictException, with the words
// Terraform's provider retries on); deleting one already Deleting answers
// it again.
func (r *Region) DeleteCapacityProvider(name string, now time.Time) (CapacityProvider, *Error) {
	p, e := r.provider(name, now, false)
	if e != nil {
		return CapacityProvider{}, e
	}
	if p.trans == CPDeleting {
		return p.view(), nil
	}
	if len(r.cpVersions(p.cfg.CapacityProviderArn, now)) > 0 {
		return CapacityProvider{}, errConflict("The capacity provider " + p.cfg.CapacityProviderArn +
			" is in use by function versions. To delete this capacity provider, first remove its association with all function versions.")
	}
	r.beginCP(p, name, CPDeleting, now)
	p.plan.FailCode, p.plan.FailReason = "", ""
	return p.view(), nil
}

// ListCapacityProviders answers the providers, by name, in state (any when
// ""), observing their states.
func (r *Region) ListCapacityProviders(state string, now time.Time) []CapacityProvider {
	out := []CapacityProvider{}
	if r.cap == nil {
		return out
	}
	for _, name := range slices.Sorted(maps.Keys(r.cap.providers)) {
		p := r.cap.providers[name]
		if r.settleCP(p, now, true) {
			continue
		}
		v := p.view()
		if state != "" && v.State != state {
			continue
		}
		out = append(out, v)
	}
	return out
}

// ListFunctionVersionsByCapacityProvider answers the provider's ARN and the
// function versions bound to it, by ARN.
func (r *Region) ListFunctionVersionsByCapacityProvider(name string, now time.Time) (string, []CPVersion, *Error) {
	p, e := r.provider(name, now, true)
	if e != nil {
		return "", nil, e
	}
	return p.cfg.CapacityProviderArn, r.cpVersions(p.cfg.CapacityProviderArn, now), nil
}

// cpVersions lists, by ARN, the function versions bound to the provider arn.
func (r *Region) cpVersions(arn string, now time.Time) []CPVersion {
	out := r.boundVersions(arn, now)
	slices.SortFunc(out, func(a, b CPVersion) int {
		switch {
		case a.FunctionArn < b.FunctionArn:
			return -1
		case a.FunctionArn > b.FunctionArn:
			return 1
		}
		return 0
	})
	return out
}

// CapacityProviderTags answers a copy of provider name's tags (never nil);
// arn names it in a "not found".
func (r *Region) CapacityProviderTags(name, arn string, now time.Time) (map[string]string, *Error) {
	p, e := r.provider(name, now, false)
	if e != nil {
		return nil, ErrCapacityProviderNotFound(arn)
	}
	out := maps.Clone(p.tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

// TagCapacityProvider adds or replaces tags on provider name, with the
// function tags' rules (tags.go).
func (r *Region) TagCapacityProvider(name, arn string, tags map[string]string, now time.Time) *Error {
	p, e := r.provider(name, now, false)
	if e != nil {
		return ErrCapacityProviderNotFound(arn)
	}
	if len(tags) == 0 {
		return errInvalidParam("An error occurred and the request cannot be processed.")
	}
	n := len(p.tags)
	for k := range tags {
		if _, ok := p.tags[k]; !ok {
			n++
		}
	}
	if n > MaxTags {
		return errInvalidParam(ErrTooManyTags)
	}
	if p.tags == nil {
		p.tags = make(map[string]string, len(tags))
	}
	maps.Copy(p.tags, tags)
	return nil
}

// UntagCapacityProvider removes the tags keys from provider name.
func (r *Region) UntagCapacityProvider(name, arn string, keys []string, now time.Time) *Error {
	p, e := r.provider(name, now, false)
	if e != nil {
		return ErrCapacityProviderNotFound(arn)
	}
	for _, k := range keys {
		delete(p.tags, k)
	}
	return nil
}

// CapacityProviderFailure is why provider name failed ("" when it has not),
// for the versions bound to it.
func (r *Region) CapacityProviderFailure(name string, now time.Time) (code, reason string, failed bool) {
	p, e := r.provider(name, now, false)
	if e != nil || p.cfg.State != CPFailed || p.trans != "" {
		return "", "", false
	}
	return p.failCode, p.failReason, true
}

package state

import (
	"slices"
	"strconv"
	"time"
)

// Functions bound to capacity providers (Lambda Managed Instances):
// CreateFunction's and UpdateFunctionConfiguration's CapacityProviderConfig,
// the constraints Lambda enforces on such a function, $LATEST's State
// ActiveNonInvocable, and the versions ListFunctionVersionsByCapacityProvider
// lists (and DeleteCapacityProvider refuses to orphan).

// CapacityProviderConfig is a function's CapacityProviderConfig.
type CapacityProviderConfig struct {
	LambdaManagedInstancesCapacityProviderConfig LMIConfig
}

// LMIConfig is LambdaManagedInstancesCapacityProviderConfig.
type LMIConfig struct {
	CapacityProviderArn                   string
	PerExecutionEnvironmentMaxConcurrency *int     `json:",omitempty"`
	ExecutionEnvironmentMemoryGiBPerVCpu  *float64 `json:",omitempty"`
}

// Defaults of LambdaManagedInstancesCapacityProviderConfig (LocalStack's;
// durable-engine.md §4) and the smallest memory of a bound function.
const (
	LMIDefaultMemoryGiBPerVCpu = 2.0
	LMIDefaultMaxConcurrency   = 16
	LMIMinMemorySize           = 2048
)

// lmiRuntimes are the runtimes Lambda Managed Instances support
// (durable-engine.md §4: nodejs22/24, python3.13/3.14, java21/25,
// dotnet8/10; LocalStack also accepts provided.al2023).
var lmiRuntimes = []string{"nodejs22.x", "nodejs24.x", "python3.13", "python3.14", "java21", "java25", "dotnet8", "dotnet10", "provided.al2023"}

// StateActiveNonInvocable is $LATEST's State for a function bound to a
// capacity provider: it runs only as published versions.
const StateActiveNonInvocable = "ActiveNonInvocable"

// activeState is the State a settled configuration has: Active, or
// ActiveNonInvocable for $LATEST of a function bound to a capacity provider.
func activeState(c *FunctionConfiguration) string {
	if c.CapacityProviderConfig != nil && c.Version == "$LATEST" {
		return StateActiveNonInvocable
	}
	return "Active"
}

func cloneCPC(c *CapacityProviderConfig) *CapacityProviderConfig {
	if c == nil {
		return nil
	}
	l := c.LambdaManagedInstancesCapacityProviderConfig
	return &CapacityProviderConfig{LMIConfig{CapacityProviderArn: l.CapacityProviderArn,
		PerExecutionEnvironmentMaxConcurrency: cloneInt(l.PerExecutionEnvironmentMaxConcurrency),
		ExecutionEnvironmentMemoryGiBPerVCpu:  clonePtr(l.ExecutionEnvironmentMemoryGiBPerVCpu)}}
}

// bindCapacityProvider checks cfg (a function's $LATEST as it would be
// after a CreateFunction, when prev is nil and creating, or an
// UpdateFunctionConfiguration from prev) against its CapacityProviderConfig
// and fills in the config's defaults. Messages where Lambda's are not known
// are the fake's own (see the README).
func (r *Region) bindCapacityProvider(cfg *FunctionConfiguration, creating bool, prev *CapacityProviderConfig, now time.Time) *Error {
	cpc := cfg.CapacityProviderConfig
	if cpc == nil {
		return nil
	}
	if !creating && prev == nil {
		return errInvalidParam("CapacityProviderConfig isn't supported for Lambda Default functions.") // LocalStack's words
	}
	l := &cpc.LambdaManagedInstancesCapacityProviderConfig
	arn := l.CapacityProviderArn
	name := nameOfCPArn(arn)
	if arn != r.CapacityProviderARN(name) {
		return ErrCapacityProviderNotFound(arn)
	}
	p, e := r.provider(name, now, false)
	if e != nil {
		return e
	}
	if p.trans == CPDeleting {
		return ErrCapacityProviderNotFound(arn)
	}
	if cfg.PackageType == "Zip" && !slices.Contains(lmiRuntimes, cfg.Runtime) {
		return errInvalidParam("Runtime Enum " + cfg.Runtime + " does not support specified feature: Lambda Managed Instances") // LocalStack's words
	}
	if cfg.MemorySize < LMIMinMemorySize {
		return errInvalidParam("MemorySize must be at least " + strconv.Itoa(LMIMinMemorySize) + " MB for functions that use a capacity provider.")
	}
	want := CPDefaultArchitecture
	if ir := p.cfg.InstanceRequirements; ir != nil && len(ir.Architectures) > 0 {
		want = ir.Architectures[0]
	}
	if len(cfg.Architectures) > 0 && cfg.Architectures[0] != want {
		return errInvalidParam("The function's architecture (" + cfg.Architectures[0] + ") does not match the architecture of capacity provider " + arn + " (" + want + ").")
	}
	if prev == nil || prev.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn != arn {
		if e := r.cpRoom(arn, now); e != nil {
			return e
		}
	}
	if l.ExecutionEnvironmentMemoryGiBPerVCpu == nil {
		v := LMIDefaultMemoryGiBPerVCpu
		l.ExecutionEnvironmentMemoryGiBPerVCpu = &v
	}
	if l.PerExecutionEnvironmentMaxConcurrency == nil {
		n := LMIDefaultMaxConcurrency
		l.PerExecutionEnvironmentMaxConcurrency = &n
	}
	return nil
}

// boundVersions lists the function versions ($LATEST and published ones)
// bound to the provider arn, with their States at now.
func (r *Region) boundVersions(arn string, now time.Time) []CPVersion {
	out := []CPVersion{}
	for _, name := range r.FunctionNames() {
		fn := r.functions[name]
		vers := append([]*fnVersion{fn.latest}, nil)[:1]
		for _, v := range fn.sortedVersions() {
			vers = append(vers, fn.versions[v])
		}
		for _, ver := range vers {
			c := ver.cfg.CapacityProviderConfig
			if c == nil || c.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn != arn {
				continue
			}
			settle(ver, now)
			out = append(out, CPVersion{FunctionArn: r.QualifiedARN(name, ver.cfg.Version), State: ver.cfg.State})
		}
	}
	return out
}

// lmiPublished is PublishVersion's answer for the version ver. A new
// version of a function bound to a capacity provider is answered Pending
// (StateReasonCode Creating), as Lambda launches its execution environments,
// even when the fake has no transitions and later reads see it Active. On a
// Failed provider the version fails at once, with the provider's failure
// code and reason (SetCapacityProviderTransition) as StateReasonCode and
// StateReason.
func (r *Region) lmiPublished(ver *fnVersion, fresh bool, now time.Time) FunctionConfiguration {
	c := ver.cfg.CapacityProviderConfig
	if !fresh || c == nil {
		return ver.cfg.Clone()
	}
	if code, reason, failed := r.CapacityProviderFailure(nameOfCPArn(c.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn), now); failed {
		ver.tr = nil
		ver.cfg.State, ver.cfg.StateReasonCode, ver.cfg.StateReason = "Failed", code, reason
		return ver.cfg.Clone()
	}
	out := ver.cfg.Clone()
	if out.State == "Active" {
		out.State, out.StateReason, out.StateReasonCode = "Pending", reasonCreating, reasonCodeCreating
	}
	return out
}

// cpRoom answers FunctionVersionsPerCapacityProviderLimitExceededException
// when the provider arn has MaxVersionsPerCapacityProvider versions bound.
func (r *Region) cpRoom(arn string, now time.Time) *Error {
	if len(r.boundVersions(arn, now)) < MaxVersionsPerCapacityProvider {
		return nil
	}
	return &Error{Code: "FunctionVersionsPerCapacityProviderLimitExceededException", Status: 400,
		Message: "The capacity provider " + arn + " has reached the limit of " + strconv.Itoa(MaxVersionsPerCapacityProvider) + " function versions."}
}

// lmiCanPublish refuses PublishVersion of a function bound to a provider
// that has no room for another version, unless the publish would answer
// the newest version unchanged (publish's own test).
func (r *Region) lmiCanPublish(fn *function, now time.Time) *Error {
	c := fn.latest.cfg.CapacityProviderConfig
	if c == nil {
		return nil
	}
	if last := fn.versions[strconv.Itoa(fn.nextVersion)]; last != nil {
		was := last.cfg
		was.Description = fn.publishedDesc
		if samePublishable(&fn.latest.cfg, &was) {
			return nil
		}
	}
	return r.cpRoom(c.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn, now)
}

// awaitProvider holds ver, a version just published, Pending while its
// capacity provider is Pending: Lambda launches the version's execution
// environments on the provider's instances. Once the provider is Active the
// version ends its transition as planned (at once when the fake has no
// transitions, after its next look); when the provider fails, the version fails with the
// provider's failure code and reason. Inferred: AWS's behaviour for a
// version published on a Pending provider is not recorded.
func (r *Region) awaitProvider(ver *fnVersion, now time.Time) {
	c := ver.cfg.CapacityProviderConfig
	if c == nil {
		return
	}
	name := nameOfCPArn(c.LambdaManagedInstancesCapacityProviderConfig.CapacityProviderArn)
	p, e := r.provider(name, now, false)
	if e != nil || p.trans != CPPending {
		return
	}
	wait := func(now time.Time) (done, failed bool, code, reason string) {
		// Looking at the waiting version looks at its provider: a provider
		// whose transition lasts until a read has shown it (no Delay) ends
		// it, so version waiters alone see both settle.
		p, e := r.provider(name, now, true)
		if e != nil { // gone (a bound version keeps it; defensive)
			return true, true, "", ""
		}
		if p.trans == CPPending {
			return false, false, "", ""
		}
		code, reason, failed = r.CapacityProviderFailure(name, now)
		return true, failed, code, reason
	}
	if ver.tr == nil {
		// No transition of its own: it ends as soon as the provider settles.
		ver.tr = &transition{start: now, observed: true, rev: r.newID()}
		ver.cfg.State, ver.cfg.StateReason, ver.cfg.StateReasonCode = "Pending", reasonCreating, reasonCodeCreating
	}
	ver.tr.wait = wait
}

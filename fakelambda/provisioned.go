package fakelambda

import (
	"encoding/base64"
	"fmt"
	"sort"
	"time"
)

// Provisioned concurrency: Put, Get, Delete and ListProvisionedConcurrencyConfigs.

// pcOutput is a provisioned-concurrency config as Lambda answers it.
type pcOutput struct {
	FunctionArn                              string `json:"FunctionArn,omitempty"`
	RequestedProvisionedConcurrentExecutions int
	AvailableProvisionedConcurrentExecutions int
	AllocatedProvisionedConcurrentExecutions int
	Status                                   string
	StatusReason                             string `json:"StatusReason,omitempty"`
	LastModified                             string
}

func (pc *pcConfig) output(st pcStatus) pcOutput {
	return pcOutput{
		RequestedProvisionedConcurrentExecutions: pc.requested,
		AvailableProvisionedConcurrentExecutions: st.Available,
		AllocatedProvisionedConcurrentExecutions: st.Allocated,
		Status:                                   st.Status,
		StatusReason:                             st.Reason,
		LastModified:                             pcTimestamp(pc.putAt),
	}
}

// pcTarget resolves the FunctionName and Qualifier of Put, Get and Delete to
// an existing function and a published version or alias. latestMsg is the
// operation's answer to $LATEST. v holds validation errors found so far
// (Put's body); they are answered first.
func (f *Fake) pcTarget(rq *request, v validation, latestMsg string) (*function, string, *APIError) {
	ref, nameOK := validateFunctionName(&v, rq.fnParam, shapeFunctionName)
	qp, present := rq.query("Qualifier")
	if present {
		v.text("qualifier", qp, 1, 128, pcQualifierPattern, pcQualifierRE.MatchString)
	} else {
		v.required("qualifier")
	}
	if e := v.err(); e != nil || !nameOK {
		return nil, "", e
	}
	if e := f.foreignRef(ref); e != nil {
		return nil, "", e
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return nil, "", e
	}
	if q == "$LATEST" {
		return nil, "", errInvalidParam(latestMsg)
	}
	fn := f.state.functions[ref.Name]
	missing := fn == nil
	if !missing {
		if isVersionNumber(q) {
			missing = fn.versions[q] == nil
		} else {
			missing = fn.aliases[q] == nil
		}
	}
	if missing {
		if isVersionNumber(q) {
			return nil, "", errFunctionNotFound(f.qualifiedARN(ref.Name, q))
		}
		return nil, "", errNotFound("Cannot find alias arn: " + f.qualifiedARN(ref.Name, q))
	}
	return fn, q, nil
}

func (f *Fake) putProvisionedConcurrencyConfig(rq *request) *response {
	var in struct{ ProvisionedConcurrentExecutions *int64 }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	switch {
	case in.ProvisionedConcurrentExecutions == nil:
		v.required("provisionedConcurrentExecutions")
	case *in.ProvisionedConcurrentExecutions < 1:
		v.atLeast("provisionedConcurrentExecutions", *in.ProvisionedConcurrentExecutions, 1)
	}
	fn, q, e := f.pcTarget(rq, v, "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	if e != nil {
		return fail(e)
	}
	n64 := *in.ProvisionedConcurrentExecutions
	if a := fn.aliases[q]; a != nil && a.FunctionVersion == "$LATEST" {
		return fail(errInvalidParam("Provisioned Concurrency Configs cannot be applied to unpublished function versions."))
	}
	if a := fn.aliases[q]; a != nil && len(a.Weights) > 0 {
		return fail(errInvalidParam("Alias with weights can not be used with Provisioned Concurrency"))
	}
	if fn.reserved != nil {
		if int64(fn.totalPC(q))+n64 > int64(*fn.reserved) {
			return fail(errInvalidParam("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"))
		}
	} else {
		free := f.unreserved(fn.name) - fn.totalPC(q)
		if n64 > int64(free) {
			return fail(errInvalidParamNoType(fmt.Sprintf("Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [%d].", free)))
		}
		if int64(free)-n64 < int64(f.cfg.minUnreserved()) {
			return fail(errInvalidParamNoType(fmt.Sprintf("Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", f.cfg.minUnreserved())))
		}
	}
	if a := fn.aliases[q]; a != nil {
		if fn.pcs[a.FunctionVersion] != nil {
			return fail(errConflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"))
		}
	} else {
		for name, a := range fn.aliases {
			if a.FunctionVersion == q && fn.pcs[name] != nil {
				return fail(errConflict("Version is pointed by a Provisioned Concurrency alias"))
			}
		}
	}
	pc := &pcConfig{requested: int(n64), putAt: rq.now, startAt: rq.now, alloc: f.allocationFor(fn.name, q)}
	fn.setPC(q, pc)
	out := pc.output(pcStatus{Status: "IN_PROGRESS"})
	return answer(202, out)
}

func (f *Fake) getProvisionedConcurrencyConfig(rq *request) *response {
	fn, q, e := f.pcTarget(rq, nil, "The function resource provided must be an alias or a published version.")
	if e != nil {
		return fail(e)
	}
	pc := fn.pcs[q]
	if pc == nil {
		return fail(&APIError{Code: "ProvisionedConcurrencyConfigNotFoundException", StatusCode: 404, Type: "User",
			Message: "No Provisioned Concurrency Config found for this function"})
	}
	return answer(200, pc.output(pc.statusAt(rq.now)))
}

func (f *Fake) deleteProvisionedConcurrencyConfig(rq *request) *response {
	fn, q, e := f.pcTarget(rq, nil, "The function resource provided must be an alias or a published version.")
	if e != nil {
		return fail(e)
	}
	delete(fn.pcs, q)
	return answer(204, nil)
}

func (f *Fake) listProvisionedConcurrencyConfigs(rq *request) *response {
	var v validation
	ref, nameOK := validateFunctionName(&v, rq.fnParam, shapeFunctionName)
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil || !nameOK {
		return fail(e)
	}
	if e := f.foreignRef(ref); e != nil {
		return fail(e)
	}
	fn := f.state.functions[ref.Name]
	if fn == nil {
		return fail(errFunctionNotFound(f.functionARN(ref.Name)))
	}
	page, next, e := paginate(fn.pageKeys(marker, size), func(q string) string { return q }, marker, size)
	if e != nil {
		return fail(e)
	}
	items := make([]pcOutput, 0, len(page))
	for _, q := range page {
		pc := fn.pcs[q]
		o := pc.output(pc.statusAt(rq.now))
		o.FunctionArn = f.qualifiedARN(fn.name, q)
		items = append(items, o)
	}
	out := struct {
		ProvisionedConcurrencyConfigs []pcOutput
		NextMarker                    string `json:"NextMarker,omitempty"`
	}{items, next}
	return answer(200, out)
}

// setPC puts a config on qualifier q. A new qualifier invalidates the
// sorted key cache of List.
func (fn *function) setPC(q string, pc *pcConfig) {
	if fn.pcs[q] == nil {
		fn.pcKeys = nil
	}
	fn.pcs[q] = pc
}

// pageKeys returns, sorted, the first size+1 qualifiers with a config at or
// after the marker's key (from the start when the marker is empty or
// invalid; paginate then reports it). It reads a sorted cache of the keys,
// so a page costs the same however many configs the function has. Only
// setPC adds keys, and it drops the cache; keys deleted elsewhere (alias or
// version deletion, DeleteProvisionedConcurrencyConfig) stay in the cache
// and are skipped, until they are half of it and it is rebuilt.
func (fn *function) pageKeys(marker string, size int) []string {
	if fn.pcKeys == nil || len(fn.pcKeys) > 2*len(fn.pcs)+16 {
		keys := make([]string, 0, len(fn.pcs))
		for q := range fn.pcs {
			keys = append(keys, q)
		}
		sort.Strings(keys)
		fn.pcKeys = keys
	}
	from := ""
	if k, err := base64.RawURLEncoding.DecodeString(marker); err == nil {
		from = string(k)
	}
	out := make([]string, 0, size+1)
	for i := sort.SearchStrings(fn.pcKeys, from); i < len(fn.pcKeys) && len(out) < size+1; i++ {
		if q := fn.pcKeys[i]; fn.pcs[q] != nil {
			out = append(out, q)
		}
	}
	return out
}

// reprovision restarts the allocation of an alias's config after the alias
// moved to another version: IN_PROGRESS again, keeping what was allocated,
// then READY (or FAILED) on the new version. LastModified does not change.
func (f *Fake) reprovision(fn *function, aliasName string, now time.Time) {
	pc := fn.pcs[aliasName]
	if pc == nil {
		return
	}
	st := pc.statusAt(now)
	pc.carried = st.Allocated
	pc.startAt = now
	pc.alloc = f.allocationFor(fn.name, aliasName)
}

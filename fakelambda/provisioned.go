package fakelambda

import (
	"encoding/base64"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
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

func pcOut(pc state.ProvisionedConcurrency) pcOutput {
	return pcOutput{
		RequestedProvisionedConcurrentExecutions: pc.Requested,
		AvailableProvisionedConcurrentExecutions: pc.Available,
		AllocatedProvisionedConcurrentExecutions: pc.Allocated,
		Status:                                   pc.Status,
		StatusReason:                             pc.StatusReason,
		LastModified:                             pcTimestamp(pc.LastModified),
	}
}

// pcTarget validates the FunctionName and Qualifier of Put, Get and Delete
// and returns the function name and qualifier. v holds validation errors
// found so far (Put's body); they are answered first.
func (f *Fake) pcTarget(rq *request, v validation) (name, qualifier string, e *APIError) {
	ref, nameOK := validateFunctionName(&v, rq.fnParam, shapeFunctionName)
	qp, present := rq.query("Qualifier")
	if present {
		v.text("qualifier", qp, 1, 128, pcQualifierPattern, pcQualifierRE.MatchString)
	} else {
		v.required("qualifier")
	}
	if e := v.err(); e != nil || !nameOK {
		return "", "", e
	}
	if e := foreignRef(rq, ref); e != nil {
		return "", "", e
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return "", "", e
	}
	return ref.Name, q, nil
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
	name, q, e := f.pcTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	pc, se := f.regionOf(rq).PutProvisionedConcurrency(name, q, *in.ProvisionedConcurrentExecutions, false, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(202, pcOut(pc))
}

func (f *Fake) getProvisionedConcurrencyConfig(rq *request) *response {
	name, q, e := f.pcTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	pc, se := f.regionOf(rq).ProvisionedConcurrency(name, q, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, pcOut(pc))
}

func (f *Fake) deleteProvisionedConcurrencyConfig(rq *request) *response {
	name, q, e := f.pcTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).DeleteProvisionedConcurrency(name, q); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

func (f *Fake) listProvisionedConcurrencyConfigs(rq *request) *response {
	var v validation
	ref, nameOK := validateFunctionName(&v, rq.fnParam, shapeFunctionName)
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil || !nameOK {
		return fail(e)
	}
	if e := foreignRef(rq, ref); e != nil {
		return fail(e)
	}
	// The page starts at the marker's key (from the start when the marker
	// is empty or invalid; paginate then reports it), one more than the
	// page to know the next marker.
	from := ""
	if k, err := base64.RawURLEncoding.DecodeString(marker); err == nil {
		from = string(k)
	}
	r := f.regionOf(rq)
	pcs, se := r.ProvisionedConcurrencyPage(ref.Name, from, size+1, rq.now)
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(pcs, func(pc state.ProvisionedConcurrency) string { return pc.Qualifier }, marker, size)
	if e != nil {
		return fail(e)
	}
	items := make([]pcOutput, 0, len(page))
	for _, pc := range page {
		o := pcOut(pc)
		o.FunctionArn = r.QualifiedARN(ref.Name, pc.Qualifier)
		items = append(items, o)
	}
	out := struct {
		ProvisionedConcurrencyConfigs []pcOutput
		NextMarker                    string `json:"NextMarker,omitempty"`
	}{items, next}
	return answer(200, out)
}

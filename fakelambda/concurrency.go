package fakelambda

import "fmt"

// Reserved concurrency and account settings: PutFunctionConcurrency,
// GetFunctionConcurrency, DeleteFunctionConcurrency, GetAccountSettings.

// concurrencyTarget resolves the {FunctionName} of the reserved-concurrency
// operations: unqualified only, and a missing function is reported with
// ":$LATEST" as Lambda does.
func (f *Fake) concurrencyTarget(rq *request, v validation) (*function, *APIError) {
	return f.unqualifiedFunction(rq, v, "$LATEST")
}

type reservedOutput struct {
	ReservedConcurrentExecutions *int `json:",omitempty"`
}

func (f *Fake) putFunctionConcurrency(rq *request) *response {
	var in struct{ ReservedConcurrentExecutions *int64 }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	var v validation
	switch {
	case in.ReservedConcurrentExecutions == nil:
		v.required("reservedConcurrentExecutions")
	case *in.ReservedConcurrentExecutions < 0:
		v.atLeast("reservedConcurrentExecutions", *in.ReservedConcurrentExecutions, 0)
	}
	fn, e := f.concurrencyTarget(rq, v)
	if e != nil {
		return fail(e)
	}
	r := *in.ReservedConcurrentExecutions
	if pc := fn.totalPC(""); r < int64(pc) {
		return fail(errInvalidParamNoType(fmt.Sprintf(" ReservedConcurrentExecutions  %d should not be lower than function's total provisioned concurrency [%d].", r, pc)))
	}
	if r > 0 && int64(f.unreserved(fn.name))-r < int64(f.cfg.minUnreserved()) {
		return fail(errInvalidParamNoType(fmt.Sprintf("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", f.cfg.minUnreserved())))
	}
	n := int(r)
	fn.reserved = &n
	return answer(200, reservedOutput{&n})
}

func (f *Fake) getFunctionConcurrency(rq *request) *response {
	fn, e := f.concurrencyTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	out := reservedOutput{}
	if fn.reserved != nil {
		n := *fn.reserved
		out.ReservedConcurrentExecutions = &n
	}
	return answer(200, out)
}

func (f *Fake) deleteFunctionConcurrency(rq *request) *response {
	fn, e := f.concurrencyTarget(rq, nil)
	if e != nil {
		return fail(e)
	}
	fn.reserved = nil
	return answer(204, nil)
}

// Lambda's fixed code-size quotas.
const (
	codeSizeUnzipped = 262144000
	codeSizeZipped   = 52428800
	totalCodeSize    = 80530636800
)

func (f *Fake) getAccountSettings(rq *request) *response {
	var used int64
	for _, fn := range f.state.functions {
		used += fn.latest.cfg.CodeSize
		for _, ver := range fn.versions {
			used += ver.cfg.CodeSize
		}
	}
	type limit struct {
		TotalCodeSize                  int64
		CodeSizeUnzipped               int64
		CodeSizeZipped                 int64
		ConcurrentExecutions           int
		UnreservedConcurrentExecutions int
	}
	type usage struct {
		TotalCodeSize int64
		FunctionCount int
	}
	out := struct {
		AccountLimit limit
		AccountUsage usage
	}{
		AccountLimit: limit{totalCodeSize, codeSizeUnzipped, codeSizeZipped, f.cfg.limit, max(0, f.unreserved(""))},
		AccountUsage: usage{used, len(f.state.functions)},
	}
	return answer(200, out)
}

package fakelambda

// Reserved concurrency and account settings: PutFunctionConcurrency,
// GetFunctionConcurrency, DeleteFunctionConcurrency, GetAccountSettings.

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
	name, q, e := f.function(rq, v)
	if e != nil {
		return fail(e)
	}
	n, se := f.regionOf(rq).PutReservedConcurrency(name, q, *in.ReservedConcurrentExecutions)
	if se != nil {
		return failState(se)
	}
	return answer(200, reservedOutput{&n})
}

func (f *Fake) getFunctionConcurrency(rq *request) *response {
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	n, se := f.regionOf(rq).ReservedConcurrency(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, reservedOutput{n})
}

func (f *Fake) deleteFunctionConcurrency(rq *request) *response {
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).DeleteReservedConcurrency(name, q); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// Lambda's fixed code-size quotas.
const (
	codeSizeUnzipped = 262144000
	codeSizeZipped   = 52428800
	totalCodeSize    = 80530636800
)

func (f *Fake) getAccountSettings(rq *request) *response {
	as := f.regionOf(rq).AccountSettings()
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
		AccountLimit: limit{totalCodeSize, codeSizeUnzipped, codeSizeZipped, as.ConcurrentExecutions, as.UnreservedConcurrentExecutions},
		AccountUsage: usage{as.TotalCodeSize, as.FunctionCount},
	}
	return answer(200, out)
}

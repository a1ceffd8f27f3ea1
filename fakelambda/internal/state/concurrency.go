package state

import "fmt"

// claimed is what fn takes from the account's concurrency: its reserved
// concurrency when set (provisioned concurrency is carved out of it), else its
// provisioned concurrency.
func (fn *function) claimed() int {
	if fn.reserved != nil {
		return *fn.reserved
	}
	return fn.totalPC("")
}

// unreserved is the account's UnreservedConcurrentExecutions in this region,
// leaving out the claim of the function named except.
func (r *Region) unreserved(except string) int {
	n := r.store.Limit
	for name, fn := range r.functions {
		if name != except {
			n -= fn.claimed()
		}
	}
	return n
}

// reservedMissing is what the reserved-concurrency operations append to the
// ARN of a missing function, as Lambda does: ":$LATEST".
const reservedMissing = "$LATEST"

// PutReservedConcurrency sets the function's reserved concurrency to n.
func (r *Region) PutReservedConcurrency(function, qualifier string, n int64) (int, *Error) {
	fn, e := r.function(function, qualifier, reservedMissing)
	if e != nil {
		return 0, e
	}
	if pc := fn.totalPC(""); n < int64(pc) {
		return 0, errInvalidParamNoType(fmt.Sprintf(" ReservedConcurrentExecutions  %d should not be lower than function's total provisioned concurrency [%d].", n, pc))
	}
	if n > 0 && int64(r.unreserved(fn.name))-n < int64(r.store.MinUnreserved) {
		return 0, errInvalidParamNoType(fmt.Sprintf("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", r.store.MinUnreserved))
	}
	v := int(n)
	fn.reserved = &v
	return v, nil
}

// ReservedConcurrency is the function's reserved concurrency (a copy), nil
// when none is set.
func (r *Region) ReservedConcurrency(function, qualifier string) (*int, *Error) {
	// Named without ":$LATEST", unlike Put (TestLambdaFunction::
	// test_ops_on_nonexisting_fn[get_function_concurrency]).
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return nil, e
	}
	if fn.reserved == nil {
		return nil, nil
	}
	n := *fn.reserved
	return &n, nil
}

// DeleteReservedConcurrency removes the function's reserved concurrency.
func (r *Region) DeleteReservedConcurrency(function, qualifier string) *Error {
	fn, e := r.function(function, qualifier, reservedMissing)
	if e != nil {
		return e
	}
	fn.reserved = nil
	return nil
}

// AccountSettings is the region's share of GetAccountSettings.
type AccountSettings struct {
	ConcurrentExecutions           int
	UnreservedConcurrentExecutions int
	TotalCodeSize                  int64 // code size of every version of every function
	FunctionCount                  int
}

// AccountSettings answers GetAccountSettings.
func (r *Region) AccountSettings() AccountSettings {
	var used int64
	for _, fn := range r.functions {
		used += fn.latest.cfg.CodeSize
		for _, ver := range fn.versions {
			used += ver.cfg.CodeSize
		}
	}
	used += r.layersCodeSize() // layers.go: layer versions count too
	return AccountSettings{ConcurrentExecutions: r.store.Limit, UnreservedConcurrentExecutions: max(0, r.unreserved("")),
		TotalCodeSize: used, FunctionCount: len(r.functions)}
}

package fakelambda

import "github.com/fakeaws/lambda/fakelambda/internal/state"

// Reads of function settings the fake does not model, answered as Lambda
// answers them for a function that has none: GetPolicy, which is how tools
// look for a resource-based policy. (GetFunctionCodeSigningConfig moved to
// codesigning.go.)

// getPolicy answers GET /2015-03-31/functions/{FunctionName}/policy. The
// fake has no AddPermission, so no function, version or alias has a
// resource-based policy: once the target resolves, the answer is Lambda's
// 404 for a missing policy.
func (f *Fake) getPolicy(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	if _, se := f.regionOf(rq).Resolve(name, q, state.Lookup{}); se != nil {
		return failState(se)
	}
	return fail(errNotFound("The resource you requested does not exist."))
}

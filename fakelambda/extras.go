package fakelambda

import "github.com/fakeaws/lambda/fakelambda/internal/state"

// Reads of function settings the fake does not model, answered as Lambda
// answers them for a function that has none: GetFunctionCodeSigningConfig
// and GetPolicy. Terraform's aws_lambda_function reads the code-signing
// config on every refresh (in the aws partition), and GetPolicy is how
// tools look for a resource-based policy.

// getFunctionCodeSigningConfig answers GET
// /2020-06-30/functions/{FunctionName}/code-signing-config. A function
// without a code-signing config has CodeSigningConfigArn "" (both members
// are required in the model's output).
func (f *Fake) getFunctionCodeSigningConfig(rq *request) *response {
	ref, e := f.resolveName(rq, nil, shapeNamespacedName)
	if e != nil {
		return fail(e)
	}
	t, se := f.regionOf(rq).Resolve(ref.Name, ref.Qualifier, state.Lookup{Unqualified: true})
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ CodeSigningConfigArn, FunctionName string }{"", t.Function})
}

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

package fakelambda

import "github.com/fakeaws/lambda/fakelambda/internal/state"

// Reads of function settings the fake does not model, answered as Lambda
// answers them for a function that has none: GetFunctionCodeSigningConfig.
// Terraform's aws_lambda_function reads the code-signing config on every
// refresh (in the aws partition). (GetPolicy is in permissions.go.)

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

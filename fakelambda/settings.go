package fakelambda

// Function settings: PutFunctionRecursionConfig, GetFunctionRecursionConfig.
// Their FunctionName is unqualified (the model's pattern refuses a
// qualifier); RecursiveLoop's enum is checked by the model's constraints.

type recursionConfig struct{ RecursiveLoop string }

func (f *Fake) getFunctionRecursionConfig(rq *request) *response {
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	loop, se := f.regionOf(rq).RecursiveLoop(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, recursionConfig{loop})
}

func (f *Fake) putFunctionRecursionConfig(rq *request) *response {
	var in recursionConfig
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.function(rq, nil)
	if e != nil {
		return fail(e)
	}
	loop, se := f.regionOf(rq).PutRecursiveLoop(name, q, in.RecursiveLoop)
	if se != nil {
		return failState(se)
	}
	return answer(200, recursionConfig{loop})
}

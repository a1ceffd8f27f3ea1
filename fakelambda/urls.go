package fakelambda

import (
	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Function URLs: CreateFunctionUrlConfig, GetFunctionUrlConfig,
// UpdateFunctionUrlConfig, DeleteFunctionUrlConfig and
// ListFunctionUrlConfigs. A URL lives on a function (its $LATEST) or on an
// alias, never on a version or an explicit $LATEST: the model's Qualifier
// pattern refuses those with AWS's ValidationException before these
// adapters run. The URL is https://<url-id>.lambda-url.<region>.on.aws/,
// the url-id 32 characters [a-z0-9], deterministic for a seed (WithSeed).
// How a request reaches a URL's handler: urlinvoke.go.

// urlTimeFormat is how CreationTime and LastModifiedTime are written. The
// recordings mask them; ISO-8601 with microseconds and "Z" is the fake's
// choice (the model documents "YYYY-MM-DDThh:mm:ss.sTZD").
const urlTimeFormat = "2006-01-02T15:04:05.000000Z"

// corsJSON is Cors on the wire.
type corsJSON struct {
	AllowCredentials *bool    `json:",omitempty"`
	AllowHeaders     []string `json:",omitempty"`
	AllowMethods     []string `json:",omitempty"`
	AllowOrigins     []string `json:",omitempty"`
	ExposeHeaders    []string `json:",omitempty"`
	MaxAge           *int     `json:",omitempty"`
}

type urlInput struct {
	AuthType   *string
	Cors       *corsJSON
	InvokeMode *string
}

func (in urlInput) state() state.URLInput {
	out := state.URLInput{AuthType: in.AuthType, InvokeMode: in.InvokeMode}
	if c := in.Cors; c != nil {
		out.Cors = &state.Cors{AllowCredentials: c.AllowCredentials, AllowHeaders: c.AllowHeaders,
			AllowMethods: c.AllowMethods, AllowOrigins: c.AllowOrigins, ExposeHeaders: c.ExposeHeaders, MaxAge: c.MaxAge}
	}
	return out
}

type urlOutput struct {
	FunctionUrl      string
	FunctionArn      string
	AuthType         string
	Cors             *corsJSON `json:",omitempty"`
	CreationTime     string
	LastModifiedTime string `json:",omitempty"`
	InvokeMode       string `json:",omitempty"`
}

// functionURL is a URL config's address.
func functionURL(c state.URLConfig) string {
	return "https://" + c.ID + ".lambda-url." + c.Region + ".on.aws/"
}

// urlOut writes c as the operations answer it: Create without
// LastModifiedTime; Create and Update with InvokeMode only when set; Get
// and List always with both (InvokeMode BUFFERED when never set), as
// recorded (TestLambdaUrl::test_url_config_lifecycle).
func urlOut(r *state.Region, c state.URLConfig, modified, defaultMode bool) urlOutput {
	out := urlOutput{FunctionUrl: functionURL(c), FunctionArn: r.QualifiedARN(c.Function, c.Qualifier),
		AuthType: c.AuthType, CreationTime: c.Created.UTC().Format(urlTimeFormat), InvokeMode: c.InvokeMode}
	if modified {
		out.LastModifiedTime = c.Modified.UTC().Format(urlTimeFormat)
	}
	if defaultMode && out.InvokeMode == "" {
		out.InvokeMode = "BUFFERED"
	}
	if cs := c.Cors; cs != nil {
		out.Cors = &corsJSON{AllowCredentials: cs.AllowCredentials, AllowHeaders: cs.AllowHeaders,
			AllowMethods: cs.AllowMethods, AllowOrigins: cs.AllowOrigins, ExposeHeaders: cs.ExposeHeaders, MaxAge: cs.MaxAge}
	}
	return out
}

// urlTarget resolves {FunctionName} (the FunctionName shape: no
// ".PUBLISHED") and the Qualifier query. A qualifier carried by the name is
// held to the Qualifier pattern as the query's is (the fake's inference:
// Lambda's answer to "f:1" is not recorded).
func (f *Fake) urlTarget(rq *request) (name, qualifier string, e *APIError) {
	ref, e := f.resolveName(rq, nil, shapeFunctionName)
	if e != nil {
		return "", "", e
	}
	qp, _ := rq.query("Qualifier")
	if q := ref.Qualifier; q != "" && (q == "$LATEST" || isVersionNumber(q)) {
		return "", "", &APIError{Code: "ValidationException", StatusCode: 400,
			Message: "1 validation error detected: Value '" + q + "' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)"}
	}
	q, e := mergeQualifier(ref, qp)
	if e != nil {
		return "", "", e
	}
	return ref.Name, q, nil
}

// createFunctionUrlConfig answers POST
// /2021-10-31/functions/{FunctionName}/url: 201.
func (f *Fake) createFunctionUrlConfig(rq *request) *response {
	var in urlInput
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.urlTarget(rq)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	c, se := r.CreateURL(name, q, in.state(), rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(201, urlOut(r, c, false, false))
}

// getFunctionUrlConfig answers GET /2021-10-31/functions/{FunctionName}/url.
func (f *Fake) getFunctionUrlConfig(rq *request) *response {
	name, q, e := f.urlTarget(rq)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	c, se := r.URL(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, urlOut(r, c, true, true))
}

// updateFunctionUrlConfig answers PUT
// /2021-10-31/functions/{FunctionName}/url: members left out stay as they
// are; Cors, when given, replaces the old one.
func (f *Fake) updateFunctionUrlConfig(rq *request) *response {
	var in urlInput
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.urlTarget(rq)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	c, se := r.UpdateURL(name, q, in.state(), rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, urlOut(r, c, true, false))
}

// deleteFunctionUrlConfig answers DELETE
// /2021-10-31/functions/{FunctionName}/url: 204. Only the named scope's
// URL goes (recorded: test_url_config_deletion_without_qualifier). Where
// the name's qualifier and Qualifier disagree, AWS answered an internal
// failure; the fake answers the 400 the other operations answer.
func (f *Fake) deleteFunctionUrlConfig(rq *request) *response {
	name, q, e := f.urlTarget(rq)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).DeleteURL(name, q); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// listFunctionUrlConfigs answers GET
// /2021-10-31/functions/{FunctionName}/urls: the function's URL and its
// aliases', paged by Marker and MaxItems (at most 50).
func (f *Fake) listFunctionUrlConfigs(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil {
		return fail(e)
	}
	name, q, e := f.urlTarget(rq)
	if e != nil {
		return fail(e)
	}
	if q != "" {
		return fail(errInvalidParam("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN."))
	}
	r := f.regionOf(rq)
	cs, se := r.URLs(name)
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(cs, func(c state.URLConfig) string { return c.Qualifier }, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		FunctionUrlConfigs []urlOutput
		NextMarker         string `json:"NextMarker,omitempty"`
	}{FunctionUrlConfigs: make([]urlOutput, 0, len(page)), NextMarker: next}
	for _, c := range page {
		out.FunctionUrlConfigs = append(out.FunctionUrlConfigs, urlOut(r, c, true, true))
	}
	return answer(200, out)
}

// FunctionURL returns the URL of function's URL config (qualifier "" for the
// function's own, or an alias), e.g.
// "https://abc...xyz.lambda-url.us-east-1.on.aws/", and whether it has one.
// function may be a name or an ARN (its account and region then count).
func (f *Fake) FunctionURL(function, qualifier string) (string, bool) {
	account, region, name, q := f.scope(function, qualifier)
	f.mu.Lock()
	defer f.mu.Unlock()
	c, e := f.store.Region(account, region).URL(name, q)
	if e != nil {
		return "", false
	}
	return functionURL(c), true
}

package fakelambda

import (
	"net/url"
	"strings"
)

// operation is one Lambda API operation the fake serves.
type operation struct {
	fn func(f *Fake, rq *request) *response
	// unlocked operations take f.mu themselves (Invoke runs handlers unlocked).
	unlocked bool
}

// operations maps SDK operation names to their implementations.
var operations map[string]operation

func init() {
	operations = map[string]operation{
		"CreateFunction":                     {fn: (*Fake).createFunction},
		"GetFunction":                        {fn: (*Fake).getFunction},
		"GetFunctionConfiguration":           {fn: (*Fake).getFunctionConfiguration},
		"UpdateFunctionCode":                 {fn: (*Fake).updateFunctionCode},
		"UpdateFunctionConfiguration":        {fn: (*Fake).updateFunctionConfiguration},
		"DeleteFunction":                     {fn: (*Fake).deleteFunction},
		"ListFunctions":                      {fn: (*Fake).listFunctions},
		"PublishVersion":                     {fn: (*Fake).publishVersion},
		"ListVersionsByFunction":             {fn: (*Fake).listVersionsByFunction},
		"CreateAlias":                        {fn: (*Fake).createAlias},
		"GetAlias":                           {fn: (*Fake).getAlias},
		"UpdateAlias":                        {fn: (*Fake).updateAlias},
		"DeleteAlias":                        {fn: (*Fake).deleteAlias},
		"ListAliases":                        {fn: (*Fake).listAliases},
		"PutProvisionedConcurrencyConfig":    {fn: (*Fake).putProvisionedConcurrencyConfig},
		"GetProvisionedConcurrencyConfig":    {fn: (*Fake).getProvisionedConcurrencyConfig},
		"DeleteProvisionedConcurrencyConfig": {fn: (*Fake).deleteProvisionedConcurrencyConfig},
		"ListProvisionedConcurrencyConfigs":  {fn: (*Fake).listProvisionedConcurrencyConfigs},
		"PutFunctionConcurrency":             {fn: (*Fake).putFunctionConcurrency},
		"GetFunctionConcurrency":             {fn: (*Fake).getFunctionConcurrency},
		"DeleteFunctionConcurrency":          {fn: (*Fake).deleteFunctionConcurrency},
		"GetAccountSettings":                 {fn: (*Fake).getAccountSettings},
		"Invoke":                             {fn: (*Fake).invoke, unlocked: true},
		"ListTags":                           {fn: (*Fake).listTags},
		"TagResource":                        {fn: (*Fake).tagResource},
		"UntagResource":                      {fn: (*Fake).untagResource},
		"GetFunctionCodeSigningConfig":       {fn: (*Fake).getFunctionCodeSigningConfig},
		"GetPolicy":                          {fn: (*Fake).getPolicy},
	}
}

// functionSubRoutes maps /2015-03-31/functions/{FunctionName}/{sub} and a
// method to an operation (a package-level table: a map literal in route
// would be rebuilt on every call).
var functionSubRoutes = map[string]map[string]string{
	"configuration": {"GET": "GetFunctionConfiguration", "PUT": "UpdateFunctionConfiguration"},
	"code":          {"PUT": "UpdateFunctionCode"},
	"versions":      {"POST": "PublishVersion", "GET": "ListVersionsByFunction"},
	"aliases":       {"POST": "CreateAlias", "GET": "ListAliases"},
	"invocations":   {"POST": "Invoke"},
	"policy":        {"GET": "GetPolicy"},
}

// Method tables of the other routes with path labels.
var (
	functionRoutes = map[string]string{"GET": "GetFunction", "DELETE": "DeleteFunction"}
	aliasRoutes    = map[string]string{"GET": "GetAlias", "PUT": "UpdateAlias", "DELETE": "DeleteAlias"}
	pcRoutes       = map[string]string{"PUT": "PutProvisionedConcurrencyConfig", "DELETE": "DeleteProvisionedConcurrencyConfig"}
	reservedRoutes = map[string]string{"PUT": "PutFunctionConcurrency", "DELETE": "DeleteFunctionConcurrency"}
	tagRoutes      = map[string]string{"GET": "ListTags", "POST": "TagResource", "DELETE": "UntagResource"}
)

// routed is the operation a request maps to, with its path labels.
type routed struct {
	op   string
	fn   string // {FunctionName}
	name string // alias {Name}
}

// route maps a method and path to an operation. Path labels are decoded
// segment by segment, so an escaped "/" inside a label cannot change the route.
func route(method string, u *url.URL) (routed, bool) {
	raw := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		d, err := url.PathUnescape(s)
		if err != nil {
			return routed{}, false
		}
		segs[i] = d
	}
	// "/2016-08-19/account-settings/" is account-settings. "/2015-03-31/functions/"
	// is CreateFunction for POST; for GET and DELETE it is an empty
	// {FunctionName} (the SDK sends that for FunctionName ""), which
	// validation then refuses instead of listing functions.
	// "/2017-03-31/tags/" is an empty {Resource}, refused by validation.
	if len(segs) == 3 && segs[2] == "" && segs[1] != "tags" && (segs[1] != "functions" || method == "POST") {
		segs = segs[:2]
	}
	if len(segs) < 2 {
		return routed{}, false
	}
	date, kind := segs[0], segs[1]
	if kind == "account-settings" && len(segs) == 2 && date == "2016-08-19" && method == "GET" {
		return routed{op: "GetAccountSettings"}, true
	}
	if kind == "tags" && len(segs) == 3 && date == "2017-03-31" {
		rt := routed{op: tagRoutes[method], fn: segs[2]} // {Resource}: an ARN
		return rt, rt.op != ""
	}
	if kind != "functions" {
		return routed{}, false
	}
	if len(segs) == 2 {
		if date != "2015-03-31" {
			return routed{}, false
		}
		switch method {
		case "POST":
			return routed{op: "CreateFunction"}, true
		case "GET":
			return routed{op: "ListFunctions"}, true
		}
		return routed{}, false
	}
	rt := routed{fn: segs[2]}
	sub := ""
	if len(segs) >= 4 {
		sub = segs[3]
	}
	switch {
	case date == "2015-03-31" && len(segs) == 3:
		rt.op = functionRoutes[method]
	case date == "2015-03-31" && len(segs) == 4:
		rt.op = functionSubRoutes[sub][method]
	case date == "2015-03-31" && len(segs) == 5 && sub == "aliases":
		rt.name = segs[4]
		rt.op = aliasRoutes[method]
	case date == "2019-09-30" && len(segs) == 4 && sub == "provisioned-concurrency":
		rt.op = pcRoutes[method]
		if method == "GET" {
			rt.op = "GetProvisionedConcurrencyConfig"
			// Parse the query only when it can hold List (Get is the hot path).
			if strings.ContainsAny(u.RawQuery, "L%") && u.Query().Get("List") == "ALL" {
				rt.op = "ListProvisionedConcurrencyConfigs"
			}
		}
	case date == "2019-09-30" && len(segs) == 4 && sub == "concurrency":
		if method == "GET" {
			rt.op = "GetFunctionConcurrency"
		}
	case date == "2017-10-31" && len(segs) == 4 && sub == "concurrency":
		rt.op = reservedRoutes[method]
	case date == "2020-06-30" && len(segs) == 4 && sub == "code-signing-config":
		if method == "GET" {
			rt.op = "GetFunctionCodeSigningConfig"
		}
	}
	return rt, rt.op != ""
}

// callTarget resolves the function and qualifier a call is about, for the
// call log and fault matching. Unparseable names are kept as given.
func (f *Fake) callTarget(rq *request) (function, qualifier string) {
	if rq.fnParam == "" && rq.op == "CreateFunction" {
		var in struct{ FunctionName string }
		_ = decode(rq, &in)
		return in.FunctionName, ""
	}
	function = rq.fnParam
	if ref, ok := parseFunctionName(rq.fnParam); ok {
		function, qualifier = ref.Name, ref.Qualifier
	}
	if q, ok := rq.query("Qualifier"); ok && q != "" {
		qualifier = q
	}
	if rq.name != "" {
		qualifier = rq.name
	}
	return function, qualifier
}

// Body limits. Lambda accepts a 50 MB zip, base64-encoded, on CreateFunction
// and UpdateFunctionCode, and 6 MB payloads on Invoke.
const (
	codeBodyLimit    = 69905067
	syncPayloadLimit = 6291456
	eventPayload     = 1048576
	otherBodyLimit   = 1 << 20
)

func bodyLimit(op string) int {
	switch op {
	case "CreateFunction", "UpdateFunctionCode":
		return codeBodyLimit
	case "Invoke":
		return syncPayloadLimit
	}
	return otherBodyLimit
}

func tooLargeCode(op string) string {
	if op == "Invoke" {
		return "RequestTooLargeException"
	}
	return "RequestEntityTooLargeException"
}

// wireOpName is the operation's name in Lambda's size-limit messages.
func wireOpName(op string) string {
	if op == "Invoke" {
		return "InvokeFunction"
	}
	return op
}

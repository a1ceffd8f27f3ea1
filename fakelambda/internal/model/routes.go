package model

// Route is an operation's HTTP binding, as Lambda's model states it.
type Route struct {
	Operation string // SDK operation name, e.g. "GetProvisionedConcurrencyConfig"
	Method    string // "GET", "POST", "PUT" or "DELETE"
	// URI is the request URI template, e.g.
	// "/2019-09-30/functions/{FunctionName}/provisioned-concurrency"; some
	// carry a literal query ("?List=ALL", "?find=LayerVersion").
	URI string
	// Status is the model's success status. (Lambda's own answer can differ:
	// DeleteFunction answers 204, the model says 200.)
	Status int
}

// Routes returns every operation of the model, sorted by name (a new slice
// each call).
func Routes() []Route {
	out := make([]Route, len(operationDefs))
	for i, d := range operationDefs {
		out[i] = Route{Operation: d.name, Method: d.method, URI: d.uri, Status: d.status}
	}
	return out
}

// RouteOf returns the route of the operation op.
func RouteOf(op string) (Route, bool) {
	o := ops[op]
	if o == nil {
		return Route{}, false
	}
	return Route{Operation: o.def.name, Method: o.def.method, URI: o.def.uri, Status: o.def.status}, true
}

package fakelambda

import (
	"math/rand"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// TestModel's share of the async invocation configuration operations
// (randomOp and model.apply call in here): Put, Update, Get, Delete and
// List on $LATEST, and InvokeAsync, (named or not), a version or an alias, with
// MaximumRetryAttempts as the config's content.

// eventInvokeRandomOp fills in op for the async invocation config kinds.
func eventInvokeRandomOp(rng *rand.Rand, op *mOp, fn, alias, ver string) {
	op.q = []string{"", "$LATEST", alias, ver}[rng.Intn(4)]
	op.n = rng.Intn(3)
	name, query := fn, ""
	if op.q != "" {
		if rng.Intn(3) == 0 {
			name += ":" + op.q
		} else {
			query = "?Qualifier=" + url.QueryEscape(op.q)
		}
	}
	path := "/2019-09-25/functions/" + name + "/event-invoke-config"
	op.key = "FunctionArn,MaximumRetryAttempts,message"
	body := []byte(`{"MaximumRetryAttempts":` + strconv.Itoa(op.n) + `}`)
	switch op.kind {
	case "putEIC":
		op.method, op.target, op.body = "PUT", path+query, body
	case "updateEIC":
		op.method, op.target, op.body = "POST", path+query, body
	case "getEIC":
		op.method, op.target = "GET", path+query
	case "deleteEIC":
		op.method, op.target, op.key = "DELETE", path+query, "message"
	case "invokeAsync":
		op.method, op.target, op.body, op.key = "POST", "/2014-11-13/functions/"+name+"/invoke-async"+query, []byte(`{"n":1}`), ""
	case "listEIC":
		op.q = ""
		op.method, op.target = "GET", "/2019-09-25/functions/"+fn+"/event-invoke-config/list"
		op.key = "FunctionEventInvokeConfigs.*.FunctionArn,FunctionEventInvokeConfigs.*.MaximumRetryAttempts,message"
	}
}

// eicKey orders scopes as ListFunctionEventInvokeConfigs does.
func eicKey(scope string) string {
	switch {
	case scope == "$LATEST":
		return "0"
	case isVersionNumber(scope):
		return "1" + strconv.Itoa(1e9+atoi(scope))
	}
	return "2" + scope
}

// applyEventInvoke is model.apply for the async invocation config kinds;
// ok is false for the other kinds.
func (m *model) applyEventInvoke(op mOp) (answer string, ok bool) {
	switch op.kind {
	case "putEIC", "updateEIC", "getEIC", "deleteEIC", "listEIC":
	case "invokeAsync":
		if fn := m.fns[op.fn]; fn == nil || op.q != "" && op.q != "$LATEST" && !fn.exists(op.q) {
			return notFound, true
		}
		return "202", true
	default:
		return "", false
	}
	const noFunction = notFound + " message=The function doesn't exist."
	fn := m.fns[op.fn]
	scope := op.q
	if scope == "" {
		scope = "$LATEST"
	}
	arn := modelARN + op.fn + ":" + scope
	noConfig := notFound + " message=The function " + arn + " doesn't have an EventInvokeConfig"
	exists := fn != nil && (scope == "$LATEST" || fn.exists(scope))
	n, has := 0, false
	if fn != nil {
		n, has = fn.eic[scope]
	}
	switch op.kind {
	case "putEIC", "updateEIC":
		if !exists {
			return noFunction, true
		}
		if op.kind == "updateEIC" && !has {
			return noConfig, true
		}
		if fn.eic == nil {
			fn.eic = map[string]int{}
		}
		fn.eic[scope] = op.n
		return ans(200, "FunctionArn", arn, "MaximumRetryAttempts", op.n), true
	case "getEIC":
		if !has {
			return noConfig, true
		}
		return ans(200, "FunctionArn", arn, "MaximumRetryAttempts", n), true
	case "deleteEIC":
		if !has {
			return noConfig, true
		}
		delete(fn.eic, scope)
		return noContent, true
	}
	if fn == nil {
		return noFunction, true
	}
	scopes := make([]string, 0, len(fn.eic))
	for s := range fn.eic {
		scopes = append(scopes, s)
	}
	slices.SortFunc(scopes, func(a, b string) int { return strings.Compare(eicKey(a), eicKey(b)) })
	arns, retries := make([]any, len(scopes)), make([]any, len(scopes))
	for i, s := range scopes {
		arns[i], retries[i] = modelARN+op.fn+":"+s, fn.eic[s]
	}
	return ans(200, "FunctionEventInvokeConfigs.*.FunctionArn", arns, "FunctionEventInvokeConfigs.*.MaximumRetryAttempts", retries), true
}

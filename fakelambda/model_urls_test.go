package fakelambda

import (
	"math/rand"
	"slices"
	"strings"
)

// TestModel's share of the function URL operations (randomOp and
// model.apply call in here): Create, Get, Update, Delete and
// ListFunctionUrlConfigs on the function, an alias, a version or $LATEST
// (the last two refused by the Qualifier pattern). The model keeps each
// function's URL configs by the *mFn, so deleting a function drops them
// and re-creating it starts with none; deleting an alias keeps its URL
// config (it answers again once the alias is back).

var urlKinds = []struct {
	kind string
	w    int
}{
	{"createURL", 3}, {"getURL", 2}, {"updateURL", 2}, {"deleteURL", 1}, {"listURLs", 1},
}

// mURLs is the model's URL configs: function -> scope ("" or an alias) -> AuthType.
type mURLs map[*mFn]map[string]string

const urlPatternMsg = "400 ValidationException message=1 validation error detected: Value '%s' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)"

// randomURLOp fills in op for the URL kinds; false for other kinds.
func randomURLOp(rng *rand.Rand, op *mOp, fn, alias, ver string) bool {
	switch op.kind {
	case "createURL", "getURL", "updateURL", "deleteURL", "listURLs":
	default:
		return false
	}
	op.q = []string{"", "", alias, alias, ver, "$LATEST"}[rng.Intn(6)]
	p := "/2021-10-31/functions/" + fn + "/url"
	if op.q != "" {
		p += "?Qualifier=" + strings.ReplaceAll(op.q, "$", "%24")
	}
	op.key = "AuthType,FunctionArn,message"
	switch op.kind {
	case "createURL":
		op.tagKeys = []string{[]string{"NONE", "AWS_IAM"}[rng.Intn(2)]}
		op.method, op.target, op.body = "POST", p, []byte(`{"AuthType":"`+op.tagKeys[0]+`"}`)
	case "getURL":
		op.method, op.target = "GET", p
	case "updateURL":
		op.tagKeys = []string{[]string{"NONE", "AWS_IAM", ""}[rng.Intn(3)]}
		body := `{}`
		if op.tagKeys[0] != "" {
			body = `{"AuthType":"` + op.tagKeys[0] + `"}`
		}
		op.method, op.target, op.body = "PUT", p, []byte(body)
	case "deleteURL":
		op.method, op.target, op.key = "DELETE", p, "message"
	case "listURLs":
		op.q = ""
		op.method, op.target, op.key = "GET", "/2021-10-31/functions/"+fn+"/urls", "FunctionUrlConfigs.*.AuthType,FunctionUrlConfigs.*.FunctionArn,message"
	}
	return true
}

// applyURL is model.apply for the URL kinds; ok is false for the others.
func (m *model) applyURL(op mOp) (answer string, ok bool) {
	switch op.kind {
	case "createURL", "getURL", "updateURL", "deleteURL", "listURLs":
	default:
		return "", false
	}
	if op.q == "$LATEST" || isVersionNumber(op.q) {
		return strings.Replace(urlPatternMsg, "%s", op.q, 1), true
	}
	fnMissing := notFound + " message=Function does not exist"
	resMissing := notFound + " message=The resource you requested does not exist."
	fn := m.fns[op.fn]
	if m.urls == nil {
		m.urls = mURLs{}
	}
	scopeOK := fn != nil && (op.q == "" || fn.exists(op.q))
	arn := modelARN + op.fn
	if op.q != "" {
		arn += ":" + op.q
	}
	cur, has := "", false
	if scopeOK {
		cur, has = m.urls[fn][op.q]
	}
	switch op.kind {
	case "createURL":
		switch {
		case !scopeOK:
			return fnMissing, true
		case has:
			return conflict + " message=Failed to create function url config for [functionArn = " + arn + "]. Error message:  FunctionUrlConfig exists for this Lambda function", true
		}
		if m.urls[fn] == nil {
			m.urls[fn] = map[string]string{}
		}
		m.urls[fn][op.q] = op.tagKeys[0]
		return ans(201, "AuthType", op.tagKeys[0], "FunctionArn", arn), true
	case "getURL":
		if !has {
			return resMissing, true
		}
		return ans(200, "AuthType", cur, "FunctionArn", arn), true
	case "updateURL":
		switch {
		case !scopeOK:
			return fnMissing, true
		case !has:
			return resMissing, true
		}
		if op.tagKeys[0] != "" {
			cur = op.tagKeys[0]
			m.urls[fn][op.q] = cur
		}
		return ans(200, "AuthType", cur, "FunctionArn", arn), true
	case "deleteURL":
		if !has {
			return resMissing, true
		}
		delete(m.urls[fn], op.q)
		return "204", true
	default: // listURLs
		if fn == nil {
			return fnMissing, true
		}
		auths, arns := []any{}, []any{}
		for _, q := range slices.Sorted(func(yield func(string) bool) {
			for q := range m.urls[fn] {
				if !yield(q) {
					return
				}
			}
		}) {
			a := modelARN + op.fn
			if q != "" {
				a += ":" + q
			}
			auths, arns = append(auths, m.urls[fn][q]), append(arns, a)
		}
		return ans(200, "FunctionUrlConfigs.*.AuthType", auths, "FunctionUrlConfigs.*.FunctionArn", arns), true
	}
}

package fakelambda

import (
	"math/rand"
	"net/url"
	"strconv"
	"strings"
)

// TestModel's share of the permission operations (randomOp and model.apply
// call in here): AddPermission, RemovePermission, GetPolicy and the
// full-document Get/Put/DeleteResourcePolicy on the function, $LATEST, a
// version or an alias, with the exact Statement and Policy texts as keys.

// mPerm is what a permission operation sends.
type mPerm struct {
	sid, principal string
}

// mPolicy is a scope's policy in the model: its Id and statements' texts.
type mPolicy struct {
	id    string
	sids  []string
	texts []string
}

func (p *mPolicy) text() string {
	return `{"Version":"2012-10-17","Id":"` + p.id + `","Statement":[` + strings.Join(p.texts, ",") + `]}`
}

// The document PutResourcePolicy sends (with the Sid filled in).
func putDoc(sid string) string {
	return `{"Version":"2012-10-17","Id":"doc","Statement":[{"Sid":"` + sid + `","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}]}`
}

// permissionRandomOp fills in op for the permission kinds.
func permissionRandomOp(rng *rand.Rand, op *mOp, fn, alias, ver string) {
	op.q = []string{"", "", "$LATEST", alias, ver}[rng.Intn(5)]
	op.perm = &mPerm{sid: "s" + strconv.Itoa(rng.Intn(3))}
	op.badRevision = rng.Intn(12) == 0
	name, query := fn, ""
	if op.q != "" {
		if rng.Intn(3) == 0 {
			name += ":" + op.q
		} else {
			query = "?Qualifier=" + url.QueryEscape(op.q)
		}
	}
	arn := modelARN + fn
	if op.q != "" {
		arn += ":" + op.q
	}
	op.key = "message"
	switch op.kind {
	case "addPermission":
		op.perm.principal = []string{"s3.amazonaws.com", "s3.amazonaws.com", "123456789012", "bad.example.com"}[rng.Intn(4)]
		body := `{"StatementId":"` + op.perm.sid + `","Action":"lambda:InvokeFunction","Principal":"` + op.perm.principal + `"`
		if op.badRevision {
			body += `,"RevisionId":"not-the-revision"`
		}
		op.method, op.target, op.body = "POST", "/2015-03-31/functions/"+name+"/policy"+query, []byte(body+"}")
		op.key = "Statement,message"
	case "removePermission":
		if op.badRevision {
			if query == "" {
				query = "?RevisionId=not-the-revision"
			} else {
				query += "&RevisionId=not-the-revision"
			}
		}
		op.method, op.target = "DELETE", "/2015-03-31/functions/"+name+"/policy/"+op.perm.sid+query
	case "getRP":
		op.method, op.target, op.key = "GET", "/2026-07-09/resource-policy/"+arn, "Policy,message"
	case "putRP":
		body := `{"Policy":` + strconv.Quote(putDoc(op.perm.sid))
		if op.badRevision {
			body += `,"RevisionId":"not-the-revision"`
		}
		op.method, op.target, op.body, op.key = "PUT", "/2026-07-09/resource-policy/"+arn, []byte(body+"}"), "Policy,message"
	case "deleteRP":
		target := "/2026-07-09/resource-policy/" + arn
		if op.badRevision {
			target += "?RevisionId=not-the-revision"
		}
		op.method, op.target = "DELETE", target
	}
}

const (
	msgNoResource   = notFound + " message=The resource you requested does not exist."
	msgNoPolicy     = notFound + " message=No policy is associated with the given resource."
	msgPrecondition = "412 PreconditionFailedException message=The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"
	msgLatest       = invalid + " message=We currently do not support adding policies for $LATEST."
)

// scopeMissing is the 404 of a missing version or alias (AddPermission's
// wording), "" when q exists.
func (fn *mFn) scopeMissing(name, q string) string {
	switch {
	case q == "" || fn.exists(q):
		return ""
	case isVersionNumber(q):
		return functionNotFound(modelARN + name + ":" + q)
	}
	return notFound + " message=Cannot find alias arn: " + modelARN + name + ":" + q
}

// applyPermission is model.apply for the permission kinds and GetPolicy;
// ok is false for the other kinds.
func (m *model) applyPermission(op mOp) (answer string, ok bool) {
	switch op.kind {
	case "getPolicy", "getRP", "addPermission", "removePermission", "putRP", "deleteRP":
	default:
		return "", false
	}
	fn := m.fns[op.fn]
	arn := modelARN + op.fn
	if op.q != "" {
		arn += ":" + op.q
	}
	var p *mPolicy
	if fn != nil {
		p = fn.policies[op.q]
	}
	switch op.kind {
	case "getPolicy", "getRP":
		if fn == nil || op.q == "$LATEST" || fn.scopeMissing(op.fn, op.q) != "" || p == nil {
			return msgNoResource, true
		}
		return ans(200, "Policy", p.text()), true
	case "addPermission", "putRP":
		switch {
		case op.q == "$LATEST":
			return msgLatest, true
		case fn == nil:
			return functionNotFound(arn), true
		case fn.scopeMissing(op.fn, op.q) != "":
			return fn.scopeMissing(op.fn, op.q), true
		case op.badRevision:
			return msgPrecondition, true
		}
		if op.kind == "putRP" {
			np := &mPolicy{id: "doc", sids: []string{op.perm.sid},
				texts: []string{`{"Sid":"` + op.perm.sid + `","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}`}}
			fn.setPolicy(op.q, np)
			return ans(200, "Policy", np.text()), true
		}
		if p != nil {
			for _, s := range p.sids {
				if s == op.perm.sid {
					return conflict + " message=The statement id (" + s + ") provided already exists. Please provide a new statement id, or remove the existing statement.", true
				}
			}
		}
		var principal string
		switch op.perm.principal {
		case "s3.amazonaws.com":
			principal = `{"Service":"s3.amazonaws.com"}`
		case "123456789012":
			principal = `{"AWS":"arn:aws:iam::123456789012:root"}`
		default:
			return invalid + " message=The provided principal was invalid. Please check the principal and try again.", true
		}
		text := `{"Sid":"` + op.perm.sid + `","Effect":"Allow","Principal":` + principal + `,"Action":"lambda:InvokeFunction","Resource":"` + arn + `"}`
		np := &mPolicy{id: "default"}
		if p != nil {
			np.id = p.id
			np.sids, np.texts = append(np.sids, p.sids...), append(np.texts, p.texts...)
		}
		np.sids, np.texts = append(np.sids, op.perm.sid), append(np.texts, text)
		fn.setPolicy(op.q, np)
		return ans(201, "Statement", text), true
	case "removePermission":
		switch {
		case fn == nil:
			return notFound + " message=No policy found for: " + arn, true
		case op.q == "$LATEST":
			return msgNoPolicy, true
		case fn.scopeMissing(op.fn, op.q) != "":
			return fn.scopeMissing(op.fn, op.q), true
		case p == nil:
			return msgNoPolicy, true
		}
		at := -1
		for i, s := range p.sids {
			if s == op.perm.sid {
				at = i
			}
		}
		if at < 0 {
			return notFound + " message=Statement " + op.perm.sid + " is not found in resource policy.", true
		}
		if op.badRevision {
			return msgPrecondition, true
		}
		np := &mPolicy{id: p.id}
		for i := range p.sids {
			if i != at {
				np.sids, np.texts = append(np.sids, p.sids[i]), append(np.texts, p.texts[i])
			}
		}
		fn.setPolicy(op.q, np)
		return noContent, true
	case "deleteRP":
		switch {
		case op.q == "$LATEST":
			return msgNoResource, true
		case fn == nil:
			return functionNotFound(arn), true
		case fn.scopeMissing(op.fn, op.q) != "":
			return fn.scopeMissing(op.fn, op.q), true
		case p == nil:
			return msgNoResource, true
		case op.badRevision:
			return msgPrecondition, true
		}
		fn.setPolicy(op.q, nil)
		return noContent, true
	}
	return "", false
}

// setPolicy stores scope q's policy; nil or empty removes it.
func (fn *mFn) setPolicy(q string, p *mPolicy) {
	if p == nil || len(p.sids) == 0 {
		delete(fn.policies, q)
		return
	}
	if fn.policies == nil {
		fn.policies = map[string]*mPolicy{}
	}
	fn.policies[q] = p
}

package fakelambda

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Permissions: AddPermission, RemovePermission, GetPolicy, and the
// full-document GetResourcePolicy, PutResourcePolicy and
// DeleteResourcePolicy (aws-sdk-go-v2 only). Both families share one policy
// per function scope (the function, a version, an alias), kept in the state
// as Go values; this file writes them as Lambda's JSON text, compact and in
// AWS's key order: a statement's Sid, Effect, Principal, Action, Resource,
// Condition; a policy's Version, Id, Statement.

type addPermissionInput struct {
	StatementId, Action, Principal                                                  string
	SourceArn, SourceAccount, EventSourceToken, PrincipalOrgID, FunctionUrlAuthType string
	InvokedViaFunctionUrl                                                           bool
	RevisionId                                                                      *string
}

// addPermission answers POST /2015-03-31/functions/{FunctionName}/policy:
// 201 {"Statement": "<the statement's JSON text>"}.
func (f *Fake) addPermission(rq *request) *response {
	var in addPermissionInput
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	st, se := f.regionOf(rq).AddPermission(name, q, state.Permission{
		Sid: in.StatementId, Action: in.Action, Principal: in.Principal,
		SourceArn: in.SourceArn, SourceAccount: in.SourceAccount, PrincipalOrgID: in.PrincipalOrgID,
		EventSourceToken: in.EventSourceToken, FunctionUrlAuthType: in.FunctionUrlAuthType,
		InvokedViaFunctionUrl: in.InvokedViaFunctionUrl, RevisionId: in.RevisionId,
	}, func(p state.Policy) int { return len(policyJSON(p)) })
	if se != nil {
		return failState(se)
	}
	return answer(201, struct{ Statement string }{statementJSON(st)})
}

// removePermission answers DELETE
// /2015-03-31/functions/{FunctionName}/policy/{StatementId}: 204. Its
// RevisionId is in the query (AddPermission's is in the body).
func (f *Fake) removePermission(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	var rev *string
	if r, ok := rq.query("RevisionId"); ok {
		rev = &r
	}
	if se := f.regionOf(rq).RemovePermission(name, q, rq.label("StatementId"), rev); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

type policyOutput struct{ Policy, RevisionId string }

// getPolicy answers GET /2015-03-31/functions/{FunctionName}/policy. Lambda
// answers one 404, "The resource you requested does not exist.", for a
// missing function, version, alias or policy.
func (f *Fake) getPolicy(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	p, se := f.regionOf(rq).GetPolicy(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, policyOutput{policyJSON(p), p.RevisionId})
}

// resourceArn reads the {ResourceArn} label of the full-document
// operations: a complete function ARN, qualified or not, of the request's
// region and account.
func (f *Fake) resourceArn(rq *request) (name, qualifier string, e *APIError) {
	arn := rq.label("ResourceArn")
	ref, ok := parseFunctionName(arn)
	if !ok || !strings.HasPrefix(arn, "arn:") || ref.Region == "" || ref.Account == "" {
		return "", "", errInvalidParam("The resource ARN is not valid: it must be the complete ARN of a function, a version or an alias.")
	}
	if e := foreignRef(rq, ref); e != nil {
		return "", "", e
	}
	return ref.Name, ref.Qualifier, nil
}

// getResourcePolicy answers GET /2026-07-09/resource-policy/{ResourceArn}:
// the policy AddPermission and PutResourcePolicy built, as GetPolicy
// answers it.
func (f *Fake) getResourcePolicy(rq *request) *response {
	name, q, e := f.resourceArn(rq)
	if e != nil {
		return fail(e)
	}
	p, se := f.regionOf(rq).GetPolicy(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, policyOutput{policyJSON(p), p.RevisionId})
}

// putResourcePolicy answers PUT /2026-07-09/resource-policy/{ResourceArn}:
// the document replaces the scope's policy (statements AddPermission added
// included) and is answered as stored, with the policy's new RevisionId.
func (f *Fake) putResourcePolicy(rq *request) *response {
	var in struct {
		Policy     *string
		RevisionId *string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	if in.Policy == nil {
		var v validation
		v.required("policy")
		return fail(v.err())
	}
	doc, e := parsePolicyDocument(*in.Policy)
	if e != nil {
		return fail(e)
	}
	name, q, e := f.resourceArn(rq)
	if e != nil {
		return fail(e)
	}
	if n := len(policyJSON(doc)); n > state.PolicyLimit {
		return fail(&APIError{Code: "PolicyLengthExceededException", StatusCode: 400, Type: "User",
			Message: "The final policy size (" + strconv.Itoa(n) + ") is bigger than the limit (" + strconv.Itoa(state.PolicyLimit) + ")."})
	}
	p, se := f.regionOf(rq).PutPolicy(name, q, doc, in.RevisionId)
	if se != nil {
		return failState(se)
	}
	return answer(200, policyOutput{policyJSON(p), p.RevisionId})
}

// deleteResourcePolicy answers DELETE
// /2026-07-09/resource-policy/{ResourceArn}: 204; RevisionId in the query.
func (f *Fake) deleteResourcePolicy(rq *request) *response {
	name, q, e := f.resourceArn(rq)
	if e != nil {
		return fail(e)
	}
	var rev *string
	if r, ok := rq.query("RevisionId"); ok {
		rev = &r
	}
	if se := f.regionOf(rq).DeletePolicy(name, q, rev); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// errBadPolicy is the answer to a PutResourcePolicy document that is not a
// policy (the message is the fake's: Lambda's is not recorded).
func errBadPolicy() *APIError {
	return errInvalidParam("The policy document is not valid: it must be a JSON object with a Statement.")
}

// parsePolicyDocument reads a document PutResourcePolicy is given: a JSON
// object with Version, Id and Statement (one statement object or a list of
// them). Each statement is kept as its compacted JSON text, keys in the
// order given.
func parsePolicyDocument(text string) (state.Policy, *APIError) {
	var doc struct {
		Version   *string
		Id        *string
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil || len(doc.Statement) == 0 {
		return state.Policy{}, errBadPolicy()
	}
	var raws []json.RawMessage
	switch bytes.TrimSpace(doc.Statement)[0] {
	case '[':
		if err := json.Unmarshal(doc.Statement, &raws); err != nil {
			return state.Policy{}, errBadPolicy()
		}
	case '{':
		raws = []json.RawMessage{doc.Statement}
	default:
		return state.Policy{}, errBadPolicy()
	}
	out := state.Policy{}
	if doc.Version != nil {
		out.Version = *doc.Version
	}
	if doc.Id != nil {
		out.ID = *doc.Id
	}
	for _, raw := range raws {
		var st struct{ Sid *string }
		if len(bytes.TrimSpace(raw)) == 0 || bytes.TrimSpace(raw)[0] != '{' || json.Unmarshal(raw, &st) != nil {
			return state.Policy{}, errBadPolicy()
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) != nil {
			return state.Policy{}, errBadPolicy()
		}
		s := state.Statement{Raw: buf.String()}
		if st.Sid != nil {
			s.Sid = *st.Sid
		}
		out.Statements = append(out.Statements, s)
	}
	if len(out.Statements) == 0 {
		return state.Policy{}, errBadPolicy()
	}
	return out, nil
}

// policyJSON writes a policy as Lambda does:
// {"Version":"2012-10-17","Id":"default","Statement":[...]}.
func policyJSON(p state.Policy) string {
	var b strings.Builder
	b.WriteByte('{')
	sep := ""
	if p.Version != "" {
		b.WriteString(`"Version":`)
		jsonString(&b, p.Version)
		sep = ","
	}
	if p.ID != "" {
		b.WriteString(sep + `"Id":`)
		jsonString(&b, p.ID)
		sep = ","
	}
	b.WriteString(sep + `"Statement":[`)
	for i, s := range p.Statements {
		if i > 0 {
			b.WriteByte(',')
		}
		writeStatement(&b, s)
	}
	b.WriteString("]}")
	return b.String()
}

// statementJSON writes one statement as AddPermission answers it.
func statementJSON(s state.Statement) string {
	var b strings.Builder
	writeStatement(&b, s)
	return b.String()
}

func writeStatement(b *strings.Builder, s state.Statement) {
	if s.Raw != "" {
		b.WriteString(s.Raw)
		return
	}
	b.WriteString(`{"Sid":`)
	jsonString(b, s.Sid)
	b.WriteString(`,"Effect":"Allow","Principal":`)
	if s.PrincipalKind == state.PrincipalAny {
		b.WriteString(`"*"`)
	} else {
		b.WriteString(`{"` + s.PrincipalKind + `":`)
		jsonString(b, s.PrincipalValue)
		b.WriteByte('}')
	}
	b.WriteString(`,"Action":`)
	jsonString(b, s.Action)
	b.WriteString(`,"Resource":`)
	jsonString(b, s.Resource)
	if len(s.Conditions) > 0 {
		// Operators in the order of their first condition, each with its
		// keys in order.
		b.WriteString(`,"Condition":{`)
		done := map[string]bool{}
		first := true
		for _, c := range s.Conditions {
			if done[c.Operator] {
				continue
			}
			done[c.Operator] = true
			if !first {
				b.WriteByte(',')
			}
			first = false
			jsonString(b, c.Operator)
			b.WriteString(":{")
			n := 0
			for _, d := range s.Conditions {
				if d.Operator != c.Operator {
					continue
				}
				if n > 0 {
					b.WriteByte(',')
				}
				n++
				jsonString(b, d.Key)
				b.WriteByte(':')
				jsonString(b, d.Value)
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

// jsonString writes s as a JSON string: quotes, backslashes and control
// characters escaped; no HTML escaping (Lambda sends <, > and & as is).
func jsonString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\ufffd`)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

package fakelambda

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// The hand-written policy writer produces valid, compact JSON that decodes
// back to what was written (invalid UTF-8 as U+FFFD, as encoding/json
// decodes it), whatever the strings hold.
func FuzzPolicyJSON(f *testing.F) {
	f.Add("s3", "lambda:InvokeFunction", "arn:aws:s3:::b", "o-1234567890", "2012-10-17")
	f.Add("q\"uote", "back\\slash", "new\nline\t<&>", "\x00\x1f\x7f", "\xff\xfe")
	f.Add("", "*", "ünïcödé ✓", "\u2028\u2029", "id")
	f.Fuzz(func(t *testing.T, sid, action, source, org, id string) {
		st := state.Statement{Sid: sid, PrincipalKind: state.PrincipalService, PrincipalValue: source, Action: action, Resource: org,
			Conditions: []state.Condition{
				{Operator: "StringEquals", Key: "aws:PrincipalOrgID", Value: org},
				{Operator: "ArnLike", Key: "AWS:SourceArn", Value: source},
				{Operator: "StringEquals", Key: "k", Value: id}}}
		text := policyJSON(state.Policy{Version: "2012-10-17", ID: id, Statements: []state.Statement{st, {Sid: "raw", Raw: `{"Sid":"raw"}`}}})
		if !json.Valid([]byte(text)) {
			t.Fatalf("invalid JSON: %s", text)
		}
		var doc struct {
			Version, Id string
			Statement   []struct {
				Sid, Effect, Action, Resource string
				Principal                     map[string]string
				Condition                     map[string]map[string]string
			}
		}
		if err := json.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatal(err)
		}
		fix := func(s string) string { // each invalid byte is one U+FFFD
			var b strings.Builder
			for _, r := range s {
				b.WriteRune(r)
			}
			return b.String()
		}
		got := doc.Statement[0]
		if doc.Id != fix(id) || got.Sid != fix(sid) || got.Action != fix(action) || got.Resource != fix(org) || got.Principal["Service"] != fix(source) ||
			got.Condition["ArnLike"]["AWS:SourceArn"] != fix(source) || got.Condition["StringEquals"]["aws:PrincipalOrgID"] != fix(org) ||
			got.Condition["StringEquals"]["k"] != fix(id) || doc.Statement[1].Sid != "raw" {
			t.Fatalf("round trip: %s", text)
		}
		if utf8.ValidString(sid+action+source+org+id) && strings.ContainsAny(text, "\n\t") {
			t.Fatalf("not compact or control characters unescaped: %q", text)
		}
	})
}

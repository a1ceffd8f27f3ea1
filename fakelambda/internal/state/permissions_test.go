package state

import (
	"reflect"
	"testing"
)

func perm(sid, principal string) Permission {
	return Permission{Sid: sid, Action: "lambda:InvokeFunction", Principal: principal}
}

// Scopes, their errors, RevisionIds and copies.
func TestPermissionScopes(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v, nil, nil); e != nil {
		t.Fatal(e)
	}
	_, e := r.AddPermission("f", "$LATEST", perm("s", "*"), nil)
	wantErr(t, e, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.")
	_, e = r.AddPermission("g", "", perm("s", "*"), nil)
	wantErr(t, e, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:g")
	_, e = r.AddPermission("f", "9", perm("s", "*"), nil)
	wantErr(t, e, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f:9")
	_, e = r.AddPermission("f", "nope", perm("s", "*"), nil)
	wantErr(t, e, "ResourceNotFoundException", "Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:f:nope")
	_, e = r.AddPermission("f", "a$b", perm("s", "*"), nil)
	wantErr(t, e, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f:a$b")

	for _, q := range []string{"", v, "live"} {
		in := perm("s", "210987654321")
		in.SourceArn, in.SourceAccount = "arn:aws:s3:::b", "123456789012"
		st, e := r.AddPermission("f", q, in, nil)
		if e != nil {
			t.Fatal(e)
		}
		if st.Resource != r.QualifiedARN("f", q) || st.PrincipalKind != PrincipalAWS || st.PrincipalValue != "arn:aws:iam::210987654321:root" {
			t.Fatalf("%q: %+v", q, st)
		}
		want := []Condition{{"StringEquals", "AWS:SourceAccount", "123456789012"}, {"ArnLike", "AWS:SourceArn", "arn:aws:s3:::b"}}
		if !reflect.DeepEqual(st.Conditions, want) {
			t.Fatalf("conditions %+v", st.Conditions)
		}
		st.Conditions[0].Value = "changed" // a copy
	}
	p, e := r.GetPolicy("f", "")
	if e != nil || p.Statements[0].Conditions[0].Value != "123456789012" || p.Version != PolicyVersion || p.ID != PolicyID {
		t.Fatalf("%+v %v", p, e)
	}
	p.Statements[0].Sid = "changed"
	if again, _ := r.GetPolicy("f", ""); again.Statements[0].Sid != "s" || again.RevisionId != p.RevisionId {
		t.Fatalf("GetPolicy answered state: %+v", again)
	}
	if got := r.PolicyScopes("f"); !reflect.DeepEqual(got, []string{"", v, "live"}) {
		t.Fatalf("scopes %v", got)
	}
	if err := r.CheckInvariants(t0); err != nil {
		t.Fatal(err)
	}

	// A refused change changes nothing, the RevisionId included.
	_, e = r.AddPermission("f", "", perm("s", "*"), nil)
	wantErr(t, e, "ResourceConflictException", "The statement id (s) provided already exists. Please provide a new statement id, or remove the existing statement.")
	_, e = r.AddPermission("f", "", perm("t", "nobody"), nil)
	wantErr(t, e, "InvalidParameterValueException", "The provided principal was invalid. Please check the principal and try again.")
	_, e = r.AddPermission("f", "", perm("t", "*"), func(Policy) int { return PolicyLimit + 1 })
	wantErr(t, e, "PolicyLengthExceededException", "The final policy size (20481) is bigger than the limit (20480).")
	if after, _ := r.GetPolicy("f", ""); after.RevisionId != p.RevisionId || len(after.Statements) != 1 {
		t.Fatalf("refused adds changed the policy: %+v", after)
	}
}

// Principals AddPermission accepts, and how it writes them.
func TestClassifyPrincipal(t *testing.T) {
	r := newRegion()
	for p, want := range map[string][2]string{
		"*":                                 {PrincipalAny, ""},
		"s3.amazonaws.com":                  {PrincipalService, "s3.amazonaws.com"},
		"alexa-appkit.amazon.com":           {PrincipalService, "alexa-appkit.amazon.com"},
		"123456789012":                      {PrincipalAWS, "arn:aws:iam::123456789012:root"},
		"arn:aws:iam::123456789012:role/r":  {PrincipalAWS, "arn:aws:iam::123456789012:role/r"},
		"arn:aws:sts::123456789012:x/y":     {"", ""},
		"invalid.nonaws.com":                {"", ""},
		".amazonaws.com":                    {"", ""},
		"12345678901":                       {"", ""},
		"arn:aws:iam::123456789012:user/me": {PrincipalAWS, "arn:aws:iam::123456789012:user/me"},
	} {
		kind, value, ok := r.ClassifyPrincipal(p)
		if ok != (want[0] != "") || kind != want[0] || value != want[1] {
			t.Errorf("%s: %s %s %v", p, kind, value, ok)
		}
	}
	cn := (&Store{NewID: func() string { return "x" }}).Region("123456789012", "cn-north-1")
	if _, v, _ := cn.ClassifyPrincipal("123456789012"); v != "arn:aws-cn:iam::123456789012:root" {
		t.Errorf("cn root: %s", v)
	}
}

// RemovePermission's errors and order, and the last statement taking the
// policy with it.
func TestRemovePermissionState(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	wantErr(t, r.RemovePermission("g", "", "s", nil), "ResourceNotFoundException", "No policy found for: arn:aws:lambda:us-east-1:123456789012:function:g")
	wantErr(t, r.RemovePermission("f", "", "s", nil), "ResourceNotFoundException", "No policy is associated with the given resource.")
	wantErr(t, r.RemovePermission("f", "$LATEST", "s", nil), "ResourceNotFoundException", "No policy is associated with the given resource.")
	for _, sid := range []string{"a", "b"} {
		if _, e := r.AddPermission("f", "", perm(sid, "*"), nil); e != nil {
			t.Fatal(e)
		}
	}
	p, _ := r.GetPolicy("f", "")
	bad := "nope"
	wantErr(t, r.RemovePermission("f", "", "c", &bad), "ResourceNotFoundException", "Statement c is not found in resource policy.")
	wantErr(t, r.RemovePermission("f", "", "a", &bad), "PreconditionFailedException",
		"The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
	if e := r.RemovePermission("f", "", "a", &p.RevisionId); e != nil {
		t.Fatal(e)
	}
	if e := r.RemovePermission("f", "", "b", nil); e != nil {
		t.Fatal(e)
	}
	_, e := r.GetPolicy("f", "")
	wantErr(t, e, "ResourceNotFoundException", "The resource you requested does not exist.")
	if len(r.policies) != 0 {
		t.Fatalf("empty policy kept: %v", r.policies)
	}
}

// Deleting a function, version or alias drops their policies; a policy
// left behind fails CheckInvariants.
func TestPermissionCascadesState(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v, nil, nil); e != nil {
		t.Fatal(e)
	}
	v2 := mustPublish(t, r, "f")
	for _, q := range []string{"", v, v2, "live"} {
		if _, e := r.AddPermission("f", q, perm("s", "*"), nil); e != nil {
			t.Fatal(e)
		}
	}
	if e := r.DeleteAlias("f", "", "live"); e != nil {
		t.Fatal(e)
	}
	if e := r.DeleteFunction("f", v2); e != nil {
		t.Fatal(e)
	}
	if got := r.PolicyScopes("f"); !reflect.DeepEqual(got, []string{"", v}) {
		t.Fatalf("scopes after deleting the alias and version %s: %v", v2, got)
	}
	if e := r.DeleteFunction("f", ""); e != nil {
		t.Fatal(e)
	}
	if len(r.policies) != 0 {
		t.Fatalf("policies of a deleted function: %v", r.policies)
	}
	if err := r.CheckInvariants(t0); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, r, "f")
	r.setPolicy("f", "ghost", &policy{statements: []Statement{{Sid: "s"}}})
	if err := r.CheckInvariants(t0); err == nil {
		t.Fatal("a policy of a missing alias passed CheckInvariants")
	}
}

// PutPolicy replaces the statements AddPermission added; DeletePolicy
// removes the policy.
func TestPutAndDeletePolicy(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	if _, e := r.AddPermission("f", "", perm("s", "*"), nil); e != nil {
		t.Fatal(e)
	}
	before, _ := r.GetPolicy("f", "")
	bad := "nope"
	_, e := r.PutPolicy("f", "", Policy{Version: "2012-10-17", Statements: []Statement{{Sid: "x", Raw: `{"Sid":"x"}`}}}, &bad)
	wantErr(t, e, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
	put, e := r.PutPolicy("f", "", Policy{Version: "2012-10-17", Statements: []Statement{{Sid: "x", Raw: `{"Sid":"x"}`}}}, &before.RevisionId)
	if e != nil || put.ID != "" || len(put.Statements) != 1 || put.Statements[0].Sid != "x" || put.RevisionId == before.RevisionId {
		t.Fatalf("%+v %v", put, e)
	}
	wantErr(t, r.DeletePolicy("f", "", &bad), "PreconditionFailedException",
		"The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id")
	if e := r.DeletePolicy("f", "", &put.RevisionId); e != nil {
		t.Fatal(e)
	}
	wantErr(t, r.DeletePolicy("f", "", nil), "ResourceNotFoundException", "The resource you requested does not exist.")
	_, e = r.PutPolicy("f", "$LATEST", Policy{Statements: []Statement{{Sid: "x", Raw: "{}"}}}, nil)
	wantErr(t, e, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.")
}

package state

import "testing"

// One resolution, with each operation's words for what is missing.
func TestResolve(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v, nil, nil); e != nil {
		t.Fatal(e)
	}
	const arn = "arn:aws:lambda:us-east-1:123456789012:function:"
	ok := []struct {
		q    string
		want Target
	}{
		{"", Target{Function: "f", Version: "$LATEST"}},
		{"$LATEST", Target{Function: "f", Qualifier: "$LATEST", Version: "$LATEST"}},
		{"1", Target{Function: "f", Qualifier: "1", Version: "1"}},
		{"live", Target{Function: "f", Qualifier: "live", Version: "1", Alias: true}},
	}
	for _, c := range ok {
		got, e := r.Resolve("f", c.q, Lookup{})
		if e != nil || got != c.want {
			t.Errorf("Resolve(f, %q) = %+v, %v; want %+v", c.q, got, e, c.want)
		}
	}
	if got := r.ARN(Target{Function: "f", Qualifier: "live"}); got != arn+"f:live" {
		t.Errorf("ARN = %s", got)
	}
	bad := []struct {
		name, q   string
		l         Lookup
		code, msg string
	}{
		{"g", "", Lookup{}, "ResourceNotFoundException", "Function not found: " + arn + "g"},
		{"g", "", Lookup{Unqualified: true, MissingQualifier: "$LATEST"}, "ResourceNotFoundException", "Function not found: " + arn + "g:$LATEST"},
		{"g", "blue", Lookup{}, "ResourceNotFoundException", "Function not found: " + arn + "g:blue"},
		{"f", "2", Lookup{}, "ResourceNotFoundException", "Function not found: " + arn + "f:2"},
		{"f", "blue", Lookup{}, "ResourceNotFoundException", "Function not found: " + arn + "f:blue"},
		{"f", "live", Lookup{Unqualified: true}, "InvalidParameterValueException", "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN."},
		{"g", "$LATEST", Lookup{Published: "no $LATEST"}, "InvalidParameterValueException", "no $LATEST"},
		{"g", "blue", Lookup{Published: "x"}, "ResourceNotFoundException", "Cannot find alias arn: " + arn + "g:blue"},
		{"f", "blue", Lookup{Published: "x"}, "ResourceNotFoundException", "Cannot find alias arn: " + arn + "f:blue"},
		{"f", "2", Lookup{Published: "x"}, "ResourceNotFoundException", "Function not found: " + arn + "f:2"},
	}
	for _, c := range bad {
		_, e := r.Resolve(c.name, c.q, c.l)
		wantErr(t, e, c.code, c.msg)
	}
}

// Regions are separate: a function of one is not found in another, and
// ARNs name the region and account.
func TestRegionsAreSeparate(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	eu := r.store.Region("111111111111", "eu-west-1")
	if eu == r || r.store.Region("123456789012", "us-east-1") != r {
		t.Fatal("Region must return one region per account and region")
	}
	_, e := eu.Resolve("f", "", Lookup{})
	wantErr(t, e, "ResourceNotFoundException", "Function not found: arn:aws:lambda:eu-west-1:111111111111:function:f")
	if got := r.store.Region("123456789012", "cn-north-1").FunctionARN("f"); got != "arn:aws-cn:lambda:cn-north-1:123456789012:function:f" {
		t.Errorf("cn ARN %s", got)
	}
}

package fakelambda

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseFunctionName(t *testing.T) {
	cases := []struct {
		in   string
		want fnRef
		ok   bool
	}{
		{"f", fnRef{Name: "f"}, true},
		{"my-function_1", fnRef{Name: "my-function_1"}, true},
		{"f:1", fnRef{Name: "f", Qualifier: "1"}, true},
		{"f:$LATEST", fnRef{Name: "f", Qualifier: "$LATEST"}, true},
		{"f:$LATEST.PUBLISHED", fnRef{Name: "f", Qualifier: "$LATEST.PUBLISHED"}, true},
		{"f:BLUE", fnRef{Name: "f", Qualifier: "BLUE"}, true},
		{"my-function:live", fnRef{Name: "my-function", Qualifier: "live"}, true},
		{"dotted.name", fnRef{Name: "dotted.name"}, true},
		{"123456789012:function:f", fnRef{Name: "f", Account: "123456789012"}, true},
		{"123456789012:function:f:7", fnRef{Name: "f", Qualifier: "7", Account: "123456789012"}, true},
		{"us-east-1:123456789012:function:f", fnRef{Name: "f", Region: "us-east-1", Account: "123456789012"}, true},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", fnRef{Name: "f", Region: "us-east-1", Account: "123456789012"}, true},
		{"arn:aws:lambda:us-west-2:123456789012:function:f:BLUE", fnRef{Name: "f", Qualifier: "BLUE", Region: "us-west-2", Account: "123456789012"}, true},
		{"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", fnRef{Name: "f", Region: "us-gov-west-1", Account: "123456789012"}, true},
		{"arn:aws-cn:lambda:cn-north-1:123456789012:function:f:$LATEST", fnRef{Name: "f", Qualifier: "$LATEST", Region: "cn-north-1", Account: "123456789012"}, true},
		{"arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f", fnRef{Name: "f", Region: "eusc-de-east-1", Account: "123456789012"}, true},
		{"", fnRef{}, false},
		{"a b", fnRef{}, false},
		{"f/1", fnRef{}, false},
		{"f:1:2", fnRef{}, false},
		{"f:", fnRef{}, false},
		{":f", fnRef{}, false},
		{"f:a.b", fnRef{}, false},
		{"arn:aws:s3:::bucket", fnRef{}, false},
		{"g\xff", fnRef{}, false},
	}
	for _, c := range cases {
		got, ok := parseFunctionName(c.in)
		require.Equal(t, c.ok, ok, "%q", c.in)
		require.Equal(t, c.want, got, "%q", c.in)
	}
}

func TestValidateFunctionNameShapes(t *testing.T) {
	// Dots and $LATEST.PUBLISHED are NamespacedFunctionName only.
	for _, s := range []string{"dotted.name", "f:$LATEST.PUBLISHED"} {
		var v validation
		_, ok := validateFunctionName(&v, s, shapeFunctionName)
		require.False(t, ok, s)
		require.Equal(t, "1 validation error detected: Value '"+s+"' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "+functionNamePattern, v.err().Message)
		v = nil
		ref, ok := validateFunctionName(&v, s, shapeNamespacedName)
		require.True(t, ok, s)
		require.Nil(t, v.err())
		require.NotEmpty(t, ref.Name)
	}
	var v validation
	_, ok := validateFunctionName(&v, strings.Repeat("a", 141), shapeFunctionName)
	require.False(t, ok)
	require.Len(t, v, 1)
	v = nil
	_, ok = validateFunctionName(&v, strings.Repeat("a", 141), shapeNamespacedName)
	require.True(t, ok)
}

func TestMergeQualifier(t *testing.T) {
	q, e := mergeQualifier(fnRef{Name: "f", Qualifier: "1"}, "")
	require.Nil(t, e)
	require.Equal(t, "1", q)
	q, e = mergeQualifier(fnRef{Name: "f"}, "BLUE")
	require.Nil(t, e)
	require.Equal(t, "BLUE", q)
	q, e = mergeQualifier(fnRef{Name: "f", Qualifier: "BLUE"}, "BLUE")
	require.Nil(t, e)
	require.Equal(t, "BLUE", q)
	_, e = mergeQualifier(fnRef{Name: "f", Qualifier: "1"}, "2")
	require.Equal(t, "InvalidParameterValueException", e.Code)
	require.Equal(t, "The derived qualifier from the function name does not match the specified qualifier.", e.Message)
}

func TestForeignRef(t *testing.T) {
	f := New(WithRegion("eu-west-1"), WithAccountID("111111111111"))
	rq := &request{account: "111111111111", region: "eu-west-1"}
	require.Nil(t, foreignRef(rq, fnRef{Name: "f"}))
	require.Nil(t, foreignRef(rq, fnRef{Name: "f", Region: "eu-west-1", Account: "111111111111"}))
	e := foreignRef(rq, fnRef{Name: "f", Region: "us-east-1", Account: "111111111111"})
	require.Equal(t, "Functions from 'us-east-1' are not reachable in this region ('eu-west-1')", e.Message)
	require.Equal(t, 404, e.status())
	e = foreignRef(rq, fnRef{Name: "f", Qualifier: "2", Account: "222222222222"})
	require.Equal(t, "Function not found: arn:aws:lambda:eu-west-1:222222222222:function:f:2", e.Message)
	require.Equal(t, "arn:aws:lambda:eu-west-1:111111111111:function:f:BLUE", f.store.Region(f.cfg.accountID, f.cfg.region).QualifiedARN("f", "BLUE"))
	require.Equal(t, "arn:aws-cn:lambda:cn-north-1:123456789012:function:f", New(WithRegion("cn-north-1")).store.Region("123456789012", "cn-north-1").FunctionARN("f"))
}

package model

import (
	"math"
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

func TestRoutes(t *testing.T) {
	routes := Routes()
	if len(routes) != 85 {
		t.Fatalf("%d operations, want the model's 85", len(routes))
	}
	for _, r := range routes {
		if _, ok := ops[r.Operation]; !ok {
			t.Errorf("%s: not in the table", r.Operation)
		}
	}
	r, ok := RouteOf("PutProvisionedConcurrencyConfig")
	want := Route{Operation: "PutProvisionedConcurrencyConfig", Method: "PUT", URI: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", Status: 202}
	if !ok || r != want {
		t.Errorf("RouteOf = %+v, %v", r, ok)
	}
	if _, ok := RouteOf("Nope"); ok {
		t.Error("RouteOf(Nope)")
	}
	routes[0].Method = "X"
	if Routes()[0].Method == "X" {
		t.Error("Routes returns the table itself")
	}
	if v := Validate("Nope", Input{}); v != nil {
		t.Errorf("unknown operation: %v", v)
	}
}

// The fast matchers (character-class tables, bare-name shortcuts, hand-written
// look-around matchers) must agree with the pattern they stand for.
func TestMatchersAgreeWithPatterns(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := "aZ09-_.$:/ @!?é\x00" + "arn:aws:lambda:us-east-1:123456789012:function:"
	sample := func() string {
		n := rng.Intn(12)
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	// Java look-arounds rewritten for RE2 by hand, for this comparison only.
	equivalent := map[string]string{
		"Alias":                "[a-zA-Z0-9-_]*[a-zA-Z-_][a-zA-Z0-9-_]*",
		"FunctionUrlQualifier": "[0-9a-zA-Z-_]*[a-zA-Z-_][0-9a-zA-Z-_]*",
		"S3Bucket":             `([0-9A-Za-z\.\-_]*[0-9A-Za-z\-_])?`,
		"CollectionName":       `([_a-zA-Z0-9][^$]*)`,
	}
	seen := map[*shape]bool{}
	var shapes []*shape
	for _, op := range ops {
		var walk func(s *shape)
		walk = func(s *shape) {
			if s == nil || seen[s] {
				return
			}
			seen[s] = true
			shapes = append(shapes, s)
			walk(s.member)
			walk(s.key)
			walk(s.value)
			for i := range s.members {
				walk(s.members[i].shape)
			}
		}
		for i := range op.members {
			walk(op.members[i].shape)
		}
	}
	for _, s := range shapes {
		if s.match == nil {
			continue
		}
		pat := s.pattern
		if e, ok := equivalent[s.name]; ok {
			pat = e
		}
		re := regexp.MustCompile(`^(?:` + pat + `)$`)
		for i := 0; i < 3000; i++ {
			v := sample()
			if s.name == "CollectionName" && strings.HasPrefix(v, "system.") {
				continue
			}
			if got, want := s.match(v), re.MatchString(v); got != want {
				t.Errorf("%s: match(%q) = %v, pattern %s says %v", s.name, v, got, pat, want)
				break
			}
		}
	}
	if seen := len(shapes); seen < 100 {
		t.Errorf("walked only %d shapes", seen)
	}
}

func TestHandMatchers(t *testing.T) {
	alias := ops["GetAlias"].members[1].shape.match
	for v, want := range map[string]bool{"live": true, "2024": false, "": false, "v1": true, "a.b": false, "1-2": true} {
		if alias(v) != want {
			t.Errorf("alias %q: %v", v, !want)
		}
	}
	var coll func(string) bool
	for _, m := range shapesByName("DocumentDBEventSourceConfig").members {
		if m.name == "CollectionName" {
			coll = m.shape.match
		}
	}
	for v, want := range map[string]bool{"orders": true, "system.users": false, "systemx": true, "_a": true, "a$b": false, "": false, "-a": false} {
		if coll(v) != want {
			t.Errorf("collection %q: %v", v, !want)
		}
	}
}

// shapesByName finds a compiled shape by walking the table.
func shapesByName(name string) *shape {
	var found *shape
	var walk func(s *shape)
	walk = func(s *shape) {
		if s == nil || found != nil {
			return
		}
		if s.name == name {
			found = s
			return
		}
		walk(s.member)
		walk(s.key)
		walk(s.value)
		for i := range s.members {
			walk(s.members[i].shape)
		}
	}
	for _, op := range ops {
		for i := range op.members {
			walk(op.members[i].shape)
		}
	}
	return found
}

func TestJavaDouble(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0.0", 1: "1.0", -1: "-1.0", 2: "2.0", 0.5: "0.5", 1.5: "1.5", 0.001: "0.001", 1e-4: "1.0E-4",
		1e7: "1.0E7", 1234567: "1234567.0", 1.25e10: "1.25E10", math.Inf(1): "Infinity", math.Copysign(0, -1): "-0.0",
	} {
		if got := javaDouble(f); got != want {
			t.Errorf("javaDouble(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestMessage(t *testing.T) {
	if got := Message([]string{"a"}); got != "1 validation error detected: a" {
		t.Error(got)
	}
	if got := Message([]string{"a", "b"}); got != "2 validation errors detected: a; b" {
		t.Error(got)
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"FunctionName": "functionName", "KMSKeyArn": "kMSKeyArn", "UUID": "uUID", "x": "x", "": ""} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q", in, got)
		}
	}
}

// Sequence patterns are matched by a loop, not a regexp: they must agree.
func TestSequenceMatchers(t *testing.T) {
	values := []string{"", "a", "ab", "a_1", "1a", "123456789012", "12345678901", "1234567890123", "o-abcdefghij",
		"o-abcdefghi", "o-" + strings.Repeat("a", 32), "o-" + strings.Repeat("a", 33), "lambda:GetLayerVersion",
		"lambda:GetLayerVersionX", "x y", "é", "a\nb", "$LATEST", "subnet-", "subnet-0a", "subnet-A", "\xff"}
	for _, pat := range []string{`\d{12}`, `o-[a-z0-9]{10,32}`, `[a-zA-Z]([a-zA-Z0-9_])+`, `(|[a-zA-Z0-9$_-]+)`,
		`[^\s]+`, `.*`, `lambda:GetLayerVersion`, `subnet-[0-9a-z]*`, `[0-9]+`, `[a-z]?`, `a{2,}`} {
		m := seqMatcher(pat)
		if m == nil {
			t.Errorf("%s: not matched as a sequence", pat)
			continue
		}
		re := regexp.MustCompile(`^(?:` + pat + `)$`)
		for _, v := range values {
			if got, want := m(v), re.MatchString(v); got != want {
				t.Errorf("%s on %q: %v, regexp says %v", pat, v, got, want)
			}
		}
	}
	for _, pat := range []string{`ab|cd`, `[a-z]*[0-9]`, `(?i)abc`, `(ab)+`} {
		if seqMatcher(pat) != nil {
			t.Errorf("%s: taken for a sequence", pat)
		}
	}
}

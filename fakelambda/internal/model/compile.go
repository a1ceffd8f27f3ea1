package model

import (
	"fmt"
	"net/textproto"
	"regexp"
	"regexp/syntax"
	"strings"
)

// shape is a compiled shapeDef: what Validate walks. Built once at package
// initialization (overrides applied, patterns compiled) and never changed.
type shape struct {
	name           string
	typ            typeKind
	hasMin, hasMax bool
	min, max       float64
	pattern        string            // as printed
	match          func(string) bool // full match of pattern; nil when the shape has none
	enum           []string          // accepted values
	enumText       string            // the printed set, "[a, b]", in Lambda's order
	member         *shape            // list element
	key, value     *shape            // map key and value
	sparse         bool              // list or map: null elements are allowed
	sensitive      bool              // the value is not printed: "Value at 'x' failed ..."
	flatEnum       bool              // list: element enum violations are printed without the "Member must satisfy constraint: [...]" wrapper
	members        []member          // structure members, in model order
}

// member is a compiled structure member.
type member struct {
	name     string // model name
	field    string // as printed in messages: lowerCamel, e.g. "functionName"
	key      string // JSON name, label name, query name or canonical header name
	loc      location
	required bool
	shape    *shape
}

// operation is a compiled operation.
type operation struct {
	def     operationDef
	members []member // the input shape's members; nil when the operation has no input
}

// ops is the compiled table, by operation name. Read-only after init.
var ops = compileOps()

func compileOps() map[string]*operation {
	shapes := make(map[string]*shape, len(shapeDefs))
	var build func(name string) *shape
	build = func(name string) *shape {
		if s := shapes[name]; s != nil {
			return s
		}
		d, ok := shapeDefs[name]
		if !ok {
			panic("model: unknown shape " + name)
		}
		s := &shape{name: name, typ: d.typ, hasMin: d.hasMin, hasMax: d.hasMax, min: d.min, max: d.max,
			pattern: d.pattern, enum: d.enum, sparse: d.sparse, sensitive: d.sensitive}
		shapes[name] = s
		if d.member != "" {
			s.member = build(d.member)
		}
		if d.key != "" {
			s.key, s.value = build(d.key), build(d.value)
		}
		for _, md := range d.members {
			m := member{name: md.name, field: lowerFirst(md.name), loc: md.loc, required: md.required, shape: build(md.shape)}
			switch {
			case md.loc == inHeader:
				m.key = textproto.CanonicalMIMEHeaderKey(md.locName)
			case md.locName != "":
				m.key = md.locName
			default:
				m.key = md.name
			}
			s.members = append(s.members, m)
		}
		return s
	}
	for name := range shapeDefs {
		build(name)
	}
	for name, fix := range shapeOverrides {
		s := shapes[name]
		if s == nil {
			panic("model: override of unknown shape " + name)
		}
		fix(s)
	}
	for _, s := range shapes {
		finish(s)
	}
	out := make(map[string]*operation, len(operationDefs))
	for _, d := range operationDefs {
		op := &operation{def: d}
		if d.input != "" {
			op.members = append([]member(nil), shapes[d.input].members...)
		}
		out[d.name] = op
	}
	for key, fix := range memberOverrides {
		opName, memberName, _ := strings.Cut(key, ".")
		op := out[opName]
		if op == nil {
			panic("model: override of unknown operation " + key)
		}
		found := false
		for i := range op.members {
			if op.members[i].name == memberName {
				m := &op.members[i]
				c := *m.shape // members share shapes: an override changes a copy
				m.shape = &c
				fix(m)
				finish(m.shape)
				found = true
			}
		}
		if !found {
			panic("model: override of unknown member " + key)
		}
	}
	return out
}

// finish compiles a shape's pattern (unless an override gave a matcher) and
// prints its enum set (unless an override gave Lambda's order).
func finish(s *shape) {
	if s.pattern != "" && s.match == nil {
		s.match = compilePattern(s.name, s.pattern)
	}
	if len(s.enum) > 0 && s.enumText == "" {
		s.enumText = "[" + strings.Join(s.enum, ", ") + "]"
	}
}

// compilePattern turns a model pattern (Java syntax, matched against the
// whole value) into a matcher. A pattern that is one ASCII character class
// repeated ("[a-z0-9-_]+") becomes a table lookup; others a regexp. A pattern
// RE2 cannot compile must have a hand-written matcher in overrides.go.
func compilePattern(name, pat string) func(string) bool {
	if m := classMatcher(pat); m != nil {
		return m
	}
	re, err := regexp.Compile(`^(?:` + pat + `)$`)
	if err != nil {
		panic(fmt.Sprintf("model: shape %s: pattern %q needs a hand-written matcher in overrides.go: %v", name, pat, err))
	}
	return re.MatchString
}

// classMatcher returns a matcher for patterns of the form C+ or C* (maybe in
// a group) where C is a class of ASCII characters, or nil.
func classMatcher(pat string) func(string) bool {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if (re.Op != syntax.OpPlus && re.Op != syntax.OpStar) || re.Sub[0].Op != syntax.OpCharClass {
		return nil
	}
	var set asciiSet
	r := re.Sub[0].Rune
	for i := 0; i < len(r); i += 2 {
		if r[i+1] >= 128 {
			return nil
		}
		for c := r[i]; c <= r[i+1]; c++ {
			set[c/64] |= 1 << (c % 64)
		}
	}
	plus := re.Op == syntax.OpPlus
	return func(s string) bool {
		if plus && s == "" {
			return false
		}
		return set.all(s)
	}
}

// asciiSet is a set of ASCII bytes.
type asciiSet [2]uint64

func (a *asciiSet) has(c byte) bool { return c < 128 && a[c/64]&(1<<(c%64)) != 0 }

// all reports whether every byte of s is in a.
func (a *asciiSet) all(s string) bool {
	for i := 0; i < len(s); i++ {
		if !a.has(s[i]) {
			return false
		}
	}
	return true
}

// makeSet builds an asciiSet of the listed bytes and ranges ("a-z").
func makeSet(spec string) asciiSet {
	var a asciiSet
	for i := 0; i < len(spec); i++ {
		lo, hi := spec[i], spec[i]
		if i+2 < len(spec) && spec[i+1] == '-' {
			hi = spec[i+2]
			i += 2
		}
		for c := int(lo); c <= int(hi); c++ {
			a[c/64] |= 1 << (c % 64)
		}
	}
	return a
}

// lowerFirst is a member name as Lambda prints it: FunctionName ->
// functionName, KMSKeyArn -> kMSKeyArn.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

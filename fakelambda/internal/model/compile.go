package model

import (
	"net/textproto"
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

// lowerFirst is a member name as Lambda prints it: FunctionName ->
// functionName, KMSKeyArn -> kMSKeyArn.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

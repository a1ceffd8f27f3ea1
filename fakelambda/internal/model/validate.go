package model

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Input is one request as Validate sees it. Any part may be nil.
type Input struct {
	// Label returns the decoded value of a path label by its model name
	// ("FunctionName", "Name", "Resource", ...), e.g. (*http.Request).PathValue.
	// When nil, every label reads as "" (and breaks its minimum length).
	Label func(name string) string
	// Query is the parsed query string, e.g. r.URL.Query().
	Query url.Values
	// Header holds the request headers.
	Header http.Header
	// Body is the JSON body decoded into map[string]any by encoding/json with
	// UseNumber (numbers as json.Number); nil when the request has none.
	Body map[string]any
}

// Validate checks the input of the operation op (an SDK operation name, e.g.
// "CreateFunction") against Lambda's constraints and returns the violations,
// worded and ordered as Lambda does; nil when there are none or op is
// unknown. Type mismatches (a string where a number belongs, a number too big
// to parse) are not violations here: they are the JSON decoder's to refuse.
func Validate(op string, in Input) []string {
	o := ops[op]
	if o == nil {
		return nil
	}
	var v []string
	// Lambda reports the query string's violations before the others
	// (TestLambdaFunction::test_function_name_and_qualifier_validation
	// [full_arn_and_qualifier_too_long_and_invalid_region-get_function]:
	// qualifier, then functionName).
	for i := range o.members {
		if m := &o.members[i]; m.loc == inQuery {
			validateMember(&v, m, in)
		}
	}
	for i := range o.members {
		if m := &o.members[i]; m.loc != inQuery {
			validateMember(&v, m, in)
		}
	}
	return v
}

// validateMember checks one member of the input.
func validateMember(v *[]string, m *member, in Input) {
	switch m.loc {
	case inURI:
		s := ""
		if in.Label != nil {
			s = in.Label(m.key)
		}
		checkText(v, m, s, nil)
	case inQuery:
		vals, ok := in.Query[m.key]
		if !ok {
			nullMember(v, m, nil)
			return
		}
		checkText(v, m, first(vals), vals)
	case inHeader:
		vals, ok := in.Header[m.key]
		if !ok {
			nullMember(v, m, nil)
			return
		}
		checkText(v, m, first(vals), vals)
	case inBody:
		val, ok := in.Body[m.key]
		if !ok || val == nil {
			nullMember(v, m, nil)
			return
		}
		check(v, m.shape, val, nil, m.field)
	case inPayload:
		if m.shape.typ == typeStructure && in.Body != nil {
			check(v, m.shape, in.Body, nil, m.field)
		}
	}
}

// Message joins violations as Lambda's ValidationException message does:
// "1 validation error detected: X" or "2 validation errors detected: X; Y".
func Message(violations []string) string {
	if len(violations) == 1 {
		return "1 validation error detected: " + violations[0]
	}
	return strconv.Itoa(len(violations)) + " validation errors detected: " + strings.Join(violations, "; ")
}

// path is where a value sits: a chain of fields, built into a string only
// when a violation is reported.
type path struct {
	parent *path
	field  string
	index  int // > 0: the parent is a list and this is its index-th element (1-based)
}

// at returns the printed path of field under p: "tracingConfig.mode",
// "fileSystemConfigs.1.member.arn".
func at(p *path, field string) string {
	if p == nil {
		return field
	}
	return at(p.parent, p.field) + seg(p) + "." + field
}

func seg(p *path) string {
	if p.index > 0 {
		return "." + strconv.Itoa(p.index) + ".member"
	}
	return ""
}

// violation appends one "Value ... at ... failed to satisfy constraint" line.
// value is printed as given ("null", "'x'"); "" (a sensitive value) prints
// as "Value at 'field' ...", as Lambda hides environment variables.
func violation(v *[]string, value string, p *path, field, constraint string) {
	if value == "" {
		*v = append(*v, "Value at '"+at(p, field)+"' failed to satisfy constraint: "+constraint)
		return
	}
	*v = append(*v, "Value "+value+" at '"+at(p, field)+"' failed to satisfy constraint: "+constraint)
}

// shown is the printed form of a value of sh: quoted, or "" when sh is
// sensitive.
func shown(sh *shape, text string) string {
	if sh.sensitive {
		return ""
	}
	return "'" + text + "'"
}

func nullMember(v *[]string, m *member, p *path) {
	if m.required {
		violation(v, "null", p, m.field, "Member must not be null")
	}
}

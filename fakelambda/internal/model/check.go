package model

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The walk over one value and its shape: check words the violations, bad
// only detects them (without allocating), so a valid input costs no
// allocation and a path is built only for a violation.

// first is vals[0], or "" when vals is empty.
func first(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return vals[0]
}

// checkText checks a label, query or header member, whose value is text: s,
// or all of vals for a list.
func checkText(v *[]string, m *member, s string, vals []string) {
	sh := m.shape
	switch sh.typ {
	case typeString:
		checkString(v, sh, s, nil, m.field)
	case typeInteger, typeLong, typeDouble:
		check(v, sh, json.Number(s), nil, m.field)
	case typeList:
		list := make([]any, len(vals))
		for i, s := range vals {
			list[i] = s
		}
		check(v, sh, list, nil, m.field)
	}
}

// check checks a non-null value of shape sh at p.field.
func check(v *[]string, sh *shape, val any, p *path, field string) {
	switch sh.typ {
	case typeString:
		if s, ok := val.(string); ok {
			checkString(v, sh, s, p, field)
		}
	case typeInteger, typeLong, typeDouble:
		if n, i, ok := number(sh, val); ok {
			if sh.hasMin && n < sh.min {
				violation(v, shown(sh, formatValueOf(sh, n, i)), p, field, "Member must have value greater than or equal to "+formatNumber(sh, sh.min))
			}
			if sh.hasMax && n > sh.max {
				violation(v, shown(sh, formatValueOf(sh, n, i)), p, field, "Member must have value less than or equal to "+formatNumber(sh, sh.max))
			}
		}
	case typeList:
		if list, ok := val.([]any); ok {
			checkList(v, sh, list, p, field)
		}
	case typeMap:
		if m, ok := val.(map[string]any); ok {
			checkMap(v, sh, m, p, field)
		}
	case typeStructure:
		obj, ok := val.(map[string]any)
		if !ok {
			return
		}
		var sub *path // built only when a member breaks a constraint: a valid input allocates nothing
		for i := range sh.members {
			m := &sh.members[i]
			mv, ok := obj[m.key]
			missing := !ok || mv == nil
			if missing && !m.required || !missing && !bad(m.shape, mv) {
				continue
			}
			if sub == nil {
				sub = &path{parent: p, field: field}
			}
			if missing {
				nullMember(v, m, sub)
			} else {
				check(v, m.shape, mv, sub, m.field)
			}
		}
	}
}

// checkString checks a string's length, then its pattern, then its enum,
// reporting each constraint it breaks.
func checkString(v *[]string, sh *shape, s string, p *path, field string) {
	if !stringBad(sh, s) {
		return
	}
	q := shown(sh, printable(s))
	if sh.hasMin || sh.hasMax {
		n := float64(length(s))
		if sh.hasMin && n < sh.min {
			violation(v, q, p, field, "Member must have length greater than or equal to "+formatNumber(sh, sh.min))
		}
		if sh.hasMax && n > sh.max {
			violation(v, q, p, field, "Member must have length less than or equal to "+formatNumber(sh, sh.max))
		}
	}
	if sh.match != nil && !sh.match(s) {
		violation(v, q, p, field, "Member must satisfy regular expression pattern: "+sh.pattern)
	}
	if sh.enum != nil && !inEnum(sh.enum, s) {
		violation(v, q, p, field, "Member must satisfy enum value set: "+sh.enumText)
	}
}

// stringBad reports whether s breaks any constraint of sh.
func stringBad(sh *shape, s string) bool {
	if sh.hasMin || sh.hasMax {
		n := float64(length(s))
		if sh.hasMin && n < sh.min || sh.hasMax && n > sh.max {
			return true
		}
	}
	return sh.match != nil && !sh.match(s) || sh.enum != nil && !inEnum(sh.enum, s)
}

func inEnum(enum []string, s string) bool {
	for _, e := range enum {
		if e == s {
			return true
		}
	}
	return false
}

// checkList checks a list's length, then its elements: scalar elements are
// reported once for the whole list, structures member by member.
func checkList(v *[]string, sh *shape, list []any, p *path, field string) {
	n := float64(len(list))
	if sh.hasMin && n < sh.min {
		violation(v, shown(sh, formatValue(sh, list)), p, field, "Member must have length greater than or equal to "+formatNumber(sh, sh.min))
	}
	if sh.hasMax && n > sh.max {
		violation(v, shown(sh, formatValue(sh, list)), p, field, "Member must have length less than or equal to "+formatNumber(sh, sh.max))
	}
	el := sh.member
	if el.typ == typeStructure {
		for i, e := range list {
			sub := path{parent: p, field: field, index: i + 1}
			if e == nil {
				if !sh.sparse {
					*v = append(*v, "Value null at '"+at(p, field)+seg(&sub)+"' failed to satisfy constraint: Member must not be null")
				}
				continue
			}
			obj, ok := e.(map[string]any)
			if !ok {
				continue
			}
			for j := range el.members {
				m := &el.members[j]
				mv, ok := obj[m.key]
				if !ok || mv == nil {
					nullMember(v, m, &sub)
					continue
				}
				check(v, m.shape, mv, &sub, m.field)
			}
		}
		return
	}
	for _, e := range list {
		if e == nil && !sh.sparse || e != nil && bad(el, e) {
			if sh.flatEnum {
				violation(v, shown(sh, formatValue(sh, list)), p, field, "Member must satisfy enum value set: "+el.enumText)
			} else {
				violation(v, shown(sh, formatValue(sh, list)), p, field, "Member must satisfy constraint: "+constraints(el, !sh.sparse))
			}
			return
		}
	}
}

// checkMap checks a map's length, then its keys, then its values, each
// reported once for the whole map.
func checkMap(v *[]string, sh *shape, m map[string]any, p *path, field string) {
	n := float64(len(m))
	if sh.hasMin && n < sh.min {
		violation(v, shown(sh, formatValue(sh, m)), p, field, "Member must have length greater than or equal to "+formatNumber(sh, sh.min))
	}
	if sh.hasMax && n > sh.max {
		violation(v, shown(sh, formatValue(sh, m)), p, field, "Member must have length less than or equal to "+formatNumber(sh, sh.max))
	}
	badKey, badValue := false, false
	for k, e := range m { // one pass: keys, then values, are each reported once
		if !badKey && stringBad(sh.key, k) {
			badKey = true
		}
		if !badValue && (e == nil && !sh.sparse || e != nil && bad(sh.value, e)) {
			badValue = true
		}
		if badKey && badValue {
			break
		}
	}
	if badKey {
		violation(v, shown(sh, formatValue(sh, m)), p, field, "Map keys must satisfy constraint: "+constraints(sh.key, false))
	}
	if badValue {
		violation(v, shown(sh, formatValue(sh, m)), p, field, "Map value must satisfy constraint: "+constraints(sh.value, !sh.sparse))
	}
}

// bad reports whether a non-null value breaks a constraint of sh, without
// wording anything (no allocation).
func bad(sh *shape, val any) bool {
	switch sh.typ {
	case typeString:
		s, ok := val.(string)
		return ok && stringBad(sh, s)
	case typeInteger, typeLong, typeDouble:
		n, _, ok := number(sh, val)
		return ok && (sh.hasMin && n < sh.min || sh.hasMax && n > sh.max)
	case typeList:
		list, ok := val.([]any)
		if !ok {
			return false
		}
		if n := float64(len(list)); sh.hasMin && n < sh.min || sh.hasMax && n > sh.max {
			return true
		}
		for _, e := range list {
			if e == nil && !sh.sparse || e != nil && bad(sh.member, e) {
				return true
			}
		}
	case typeMap:
		m, ok := val.(map[string]any)
		if !ok {
			return false
		}
		if n := float64(len(m)); sh.hasMin && n < sh.min || sh.hasMax && n > sh.max {
			return true
		}
		for k, e := range m {
			if stringBad(sh.key, k) || e == nil && !sh.sparse || e != nil && bad(sh.value, e) {
				return true
			}
		}
	case typeStructure:
		obj, ok := val.(map[string]any)
		if !ok {
			return false
		}
		for i := range sh.members {
			m := &sh.members[i]
			mv, ok := obj[m.key]
			if !ok || mv == nil {
				if m.required {
					return true
				}
				continue
			}
			if bad(m.shape, mv) {
				return true
			}
		}
	}
	return false
}

// constraints lists every constraint of sh, as Lambda prints an element's:
// "[Member must have length less than or equal to 2048, ..., Member must not be null]".
func constraints(sh *shape, notNull bool) string {
	var c []string
	noun := "value"
	if sh.typ != typeInteger && sh.typ != typeLong && sh.typ != typeDouble {
		noun = "length"
	}
	if sh.hasMax {
		c = append(c, "Member must have "+noun+" less than or equal to "+formatNumber(sh, sh.max))
	}
	if sh.hasMin {
		c = append(c, "Member must have "+noun+" greater than or equal to "+formatNumber(sh, sh.min))
	}
	if sh.pattern != "" {
		c = append(c, "Member must satisfy regular expression pattern: "+sh.pattern)
	}
	if sh.enumText != "" {
		c = append(c, "Member must satisfy enum value set: "+sh.enumText)
	}
	if notNull {
		c = append(c, "Member must not be null")
	}
	return "[" + strings.Join(c, ", ") + "]"
}

// number reads a numeric value of sh, as a float64 and, for integer shapes,
// exactly as an int64: ok is false for a value of the wrong type or a number
// an integer member cannot hold.
func number(sh *shape, val any) (f float64, i int64, ok bool) {
	var s string
	switch x := val.(type) {
	case json.Number:
		s = string(x)
	case float64:
		return x, int64(x), true
	default:
		return 0, 0, false
	}
	if sh.typ == typeDouble {
		f, err := strconv.ParseFloat(s, 64)
		return f, 0, err == nil
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return float64(i), i, err == nil
}

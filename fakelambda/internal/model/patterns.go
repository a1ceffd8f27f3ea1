package model

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// Matchers for the model's patterns. Lambda matches a pattern against the
// whole value (Java's Matcher.matches).

// compilePattern turns a model pattern (Java syntax, matched against the
// whole value) into a matcher. A pattern that is a sequence of characters and
// character classes where only the last repeats ("[a-zA-Z]([a-zA-Z0-9_])+",
// "subnet-[0-9a-z]*", "\d{12}") becomes a loop over the value; others a
// regexp. A pattern RE2 cannot compile must have a hand-written matcher in
// overrides.go.
func compilePattern(name, pat string) func(string) bool {
	if m := seqMatcher(pat); m != nil {
		return m
	}
	re, err := regexp.Compile(`^(?:` + pat + `)$`)
	if err != nil {
		panic(fmt.Sprintf("model: shape %s: pattern %q needs a hand-written matcher in overrides.go: %v", name, pat, err))
	}
	return re.MatchString
}

// seqItem is one step of a sequence pattern: a character class taken
// min..max times (max < 0: unbounded).
type seqItem struct {
	class    runeClass
	min, max int
}

// seqMatcher returns a matcher for a sequence pattern, or nil.
func seqMatcher(pat string) func(string) bool {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil
	}
	items, ok := flatten(re)
	if !ok {
		return nil
	}
	for i, it := range items {
		if it.min != it.max && i != len(items)-1 {
			return nil // only the last step may vary: then greedy matching is exact
		}
	}
	return func(s string) bool {
		for _, it := range items {
			if it.min == it.max { // a fixed step: exactly min characters
				for n := 0; n < it.min; n++ {
					r, size := utf8.DecodeRuneInString(s)
					if s == "" || !it.class.has(r) {
						return false
					}
					s = s[size:]
				}
				continue
			}
			n := 0 // the last, varying step: all that is left
			for s != "" {
				r, size := utf8.DecodeRuneInString(s)
				if !it.class.has(r) {
					return false
				}
				s = s[size:]
				n++
			}
			return n >= it.min && (it.max < 0 || n <= it.max)
		}
		return s == ""
	}
}

// flatten turns a parsed pattern into sequence steps; ok is false when it is
// not a sequence.
func flatten(re *syntax.Regexp) ([]seqItem, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return nil, true
	case syntax.OpCapture:
		return flatten(re.Sub[0])
	case syntax.OpConcat:
		var out []seqItem
		for _, sub := range re.Sub {
			items, ok := flatten(sub)
			if !ok {
				return nil, false
			}
			out = append(out, items...)
		}
		return out, true
	case syntax.OpLiteral, syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		if re.Op == syntax.OpLiteral {
			if re.Flags&syntax.FoldCase != 0 {
				return nil, false
			}
			out := make([]seqItem, len(re.Rune))
			for i, r := range re.Rune {
				out[i] = seqItem{class: newRuneClass([]rune{r, r}), min: 1, max: 1}
			}
			return out, true
		}
		c, ok := single(re)
		return []seqItem{{class: c, min: 1, max: 1}}, ok
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		c, ok := single(re.Sub[0])
		if !ok {
			return nil, false
		}
		it := seqItem{class: c}
		switch re.Op {
		case syntax.OpStar:
			it.min, it.max = 0, -1
		case syntax.OpPlus:
			it.min, it.max = 1, -1
		case syntax.OpQuest:
			it.min, it.max = 0, 1
		default:
			it.min, it.max = re.Min, re.Max
		}
		return []seqItem{it}, true
	case syntax.OpAlternate:
		// (|X): X optional, when X is one step starting at 0 or 1.
		if len(re.Sub) != 2 || re.Sub[0].Op != syntax.OpEmptyMatch {
			return nil, false
		}
		items, ok := flatten(re.Sub[1])
		if !ok || len(items) != 1 || items[0].min > 1 {
			return nil, false
		}
		items[0].min = 0
		return items, true
	}
	return nil, false
}

// single returns the class of a one-character node (maybe in a group).
func single(re *syntax.Regexp) (runeClass, bool) {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	switch re.Op {
	case syntax.OpCharClass:
		return newRuneClass(re.Rune), true
	case syntax.OpAnyCharNotNL:
		return newRuneClass([]rune{0, '\n' - 1, '\n' + 1, utf8.MaxRune}), true
	case syntax.OpAnyChar:
		return newRuneClass([]rune{0, utf8.MaxRune}), true
	case syntax.OpLiteral:
		if len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0 {
			return newRuneClass([]rune{re.Rune[0], re.Rune[0]}), true
		}
	}
	return runeClass{}, false
}

// runeClass is a set of runes: a table for ASCII, ranges above.
type runeClass struct {
	ascii  asciiSet
	ranges []rune // pairs lo, hi of the non-ASCII part
}

func newRuneClass(r []rune) runeClass {
	var c runeClass
	for i := 0; i+1 < len(r); i += 2 {
		lo, hi := r[i], r[i+1]
		for x := lo; x <= hi && x < 128; x++ {
			c.ascii[x/64] |= 1 << (x % 64)
		}
		if hi >= 128 {
			c.ranges = append(c.ranges, max(lo, 128), hi)
		}
	}
	return c
}

func (c *runeClass) has(r rune) bool {
	if r < 128 {
		return c.ascii[r/64]&(1<<(r%64)) != 0
	}
	for i := 0; i < len(c.ranges); i += 2 {
		if c.ranges[i] <= r && r <= c.ranges[i+1] {
			return true
		}
	}
	return false
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

package model

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Values and bounds are printed as Lambda's Java service prints them.

// formatNumber prints a bound of sh: an integer for lengths and integer
// shapes, a Java double ("1.0") for doubles.
func formatNumber(sh *shape, f float64) string {
	if sh.typ == typeDouble {
		return javaDouble(f)
	}
	return strconv.FormatInt(int64(f), 10)
}

// formatValueOf prints a number value of sh.
func formatValueOf(sh *shape, f float64, i int64) string {
	if sh.typ == typeDouble {
		return javaDouble(f)
	}
	return strconv.FormatInt(i, 10)
}

// javaDouble formats f as Java's Double.toString: "2.0", "-0.5", "1.0E7",
// "1.0E-4".
func javaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d[.ddd]e±XX
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// printable is s with invalid UTF-8 replaced, as a Java string shows it.
func printable(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// length is the length of s as the model counts it: characters, not bytes.
func length(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// formatValue prints a decoded JSON value as Java's toString prints the
// service's object: lists "[a, b]", maps "{k=v}" (keys sorted: Lambda's
// own order is a hash order), strings bare, numbers as Java prints them.
func formatValue(sh *shape, val any) string {
	var b strings.Builder
	writeValue(&b, sh, val)
	return b.String()
}

// writeValue writes val, a value of shape sh (nil when unknown).
func writeValue(b *strings.Builder, sh *shape, val any) {
	var el, key, value *shape
	if sh != nil {
		el, key, value = sh.member, sh.key, sh.value
	}
	switch x := val.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(printable(x))
	case json.Number:
		if sh != nil && sh.typ == typeDouble {
			if f, err := strconv.ParseFloat(string(x), 64); err == nil {
				b.WriteString(javaDouble(f))
				return
			}
		}
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			b.WriteString(strconv.FormatInt(i, 10))
		} else if f, err := strconv.ParseFloat(string(x), 64); err == nil {
			b.WriteString(javaDouble(f))
		} else {
			b.WriteString(string(x))
		}
	case float64:
		b.WriteString(javaDouble(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, el, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, key, k)
			b.WriteByte('=')
			writeValue(b, value, x[k])
		}
		b.WriteByte('}')
	}
}

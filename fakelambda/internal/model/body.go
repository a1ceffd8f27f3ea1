package model

import (
	"encoding/json"
	"unicode/utf8"
	"unsafe"
)

// DecodeBody decodes a request body for Validate: a JSON object into
// map[string]any, numbers as json.Number, as encoding/json with UseNumber
// would. ok is false when b is not one well-formed JSON object (the
// operation's own decoding then answers InvalidRequestContentException).
//
// It runs on every request with a body, so it allocates only the maps and
// lists (encoding/json's decoder costs ten allocations more for a one-member
// body): plain strings, keys and numbers share b's memory, so the caller must
// not modify b while it uses doc.
func DecodeBody(b []byte) (doc map[string]any, ok bool) {
	if !json.Valid(b) {
		return nil, false
	}
	d := bodyDecoder{b: b, ok: true}
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, false
	}
	m, ok := d.value().(map[string]any)
	return m, ok && d.ok
}

// bodyDecoder walks a document json.Valid has accepted.
type bodyDecoder struct {
	b  []byte
	i  int
	ok bool
}

func (d *bodyDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

// value decodes the value at d.i.
func (d *bodyDecoder) value() any {
	d.space()
	switch c := d.b[d.i]; {
	case c == '{':
		d.i++
		m := map[string]any{}
		d.space()
		if d.b[d.i] == '}' {
			d.i++
			return m
		}
		for {
			d.space()
			k := d.str()
			if !d.ok {
				return nil
			}
			d.space()
			d.i++ // ':'
			v := d.value()
			if !d.ok {
				return nil
			}
			m[k] = v // the last of duplicate keys wins, as in encoding/json
			d.space()
			if d.b[d.i] == '}' {
				d.i++
				return m
			}
			d.i++ // ','
		}
	case c == '[':
		d.i++
		list := []any{}
		d.space()
		if d.b[d.i] == ']' {
			d.i++
			return list
		}
		for {
			v := d.value()
			if !d.ok {
				return nil
			}
			list = append(list, v)
			d.space()
			if d.b[d.i] == ']' {
				d.i++
				return list
			}
			d.i++ // ','
		}
	case c == '"':
		return d.str()
	case c == 't':
		d.i += 4
		return true
	case c == 'f':
		d.i += 5
		return false
	case c == 'n':
		d.i += 4
		return nil
	default:
		start := d.i
		for d.i < len(d.b) {
			switch d.b[d.i] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return json.Number(view(d.b[start:d.i]))
			}
			d.i++
		}
		return json.Number(view(d.b[start:d.i]))
	}
}

// str decodes the string at d.i (its opening quote).
func (d *bodyDecoder) str() string {
	start := d.i + 1
	plain := true
	for d.i = start; d.b[d.i] != '"'; d.i++ {
		c := d.b[d.i]
		if c == '\\' {
			plain = false
			d.i++ // skip the escaped byte (a quote, say)
		} else if c >= utf8.RuneSelf {
			plain = false // invalid UTF-8 becomes U+FFFD in encoding/json
		}
	}
	raw := d.b[start-1 : d.i+1]
	d.i++
	if plain {
		return view(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		d.ok = false
	}
	return s
}

// view is b as a string without a copy (see DecodeBody).
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

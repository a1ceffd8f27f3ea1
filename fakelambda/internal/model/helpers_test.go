package model

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// request is a test's request, in wire terms.
type request struct {
	op     string
	labels map[string]string
	query  url.Values
	header http.Header
	body   string // JSON; "" for none
}

// input builds the Input a caller would: the body decoded with UseNumber.
func (r request) input(t testing.TB) Input {
	t.Helper()
	in := Input{Query: r.query, Header: r.header}
	if r.labels != nil {
		in.Label = func(name string) string { return r.labels[name] }
	}
	if r.body != "" {
		dec := json.NewDecoder(bytes.NewReader([]byte(r.body)))
		dec.UseNumber()
		if err := dec.Decode(&in.Body); err != nil {
			t.Fatalf("body %s: %v", r.body, err)
		}
	}
	return in
}

// message is the ValidationException message Validate's violations make, or
// "" when there are none.
func (r request) message(t testing.TB) string {
	t.Helper()
	v := Validate(r.op, r.input(t))
	if len(v) == 0 {
		return ""
	}
	return Message(v)
}

// fill replaces the recordings' placeholders with the values a test used.
func fill(recorded string, values ...string) string {
	r := strings.NewReplacer(append([]string{"<partition>", "aws", "<region>", "us-east-1"}, values...)...)
	return r.Replace(recorded)
}

func labels(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

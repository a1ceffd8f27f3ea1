package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// stdDecode is what DecodeBody must agree with: encoding/json with UseNumber.
func stdDecode(b []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || doc == nil || dec.More() || !json.Valid(b) {
		return nil, false
	}
	return doc, true
}

var bodySeeds = []string{
	`{}`, ` { } `, `{"a":1}`, `{"ProvisionedConcurrentExecutions":10}`, `{"a":-1.5e3,"b":[1,"x",true,false,null,{}],"c":{"d":[]}}`,
	`{"s":"q\"uote\\back\/slash\u00e9\n"}`, `{"k\u0041":"v"}`, `{"a":1,"a":2}`, `{"u":"é ü"}`, "{\"bad\":\"\xff\"}",
	`[]`, `"x"`, `1`, `null`, `{"a":1}x`, `{"a":}`, `{"a":1,}`, ``, `{"a":"\ud800"}`, `{"n":99999999999999999999999}`,
	"{\"t\":\"\t\"}", `{"a" : [ 1 , 2 ] , "b" : { "c" : null } }`,
}

func TestDecodeBodyAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range bodySeeds {
		got, ok := DecodeBody([]byte(s))
		want, wantOK := stdDecode([]byte(s))
		if ok != wantOK || !reflect.DeepEqual(got, want) {
			t.Errorf("DecodeBody(%q) = %#v, %v; encoding/json: %#v, %v", s, got, ok, want, wantOK)
		}
	}
}

func FuzzDecodeBody(f *testing.F) {
	for _, s := range bodySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := DecodeBody(b)
		want, wantOK := stdDecode(b)
		if ok != wantOK || !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodeBody(%q) = %#v, %v; encoding/json: %#v, %v", b, got, ok, want, wantOK)
		}
	})
}

func BenchmarkDecodeBody(b *testing.B) {
	body := []byte(`{"ProvisionedConcurrentExecutions":10}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		DecodeBody(body)
	}
}

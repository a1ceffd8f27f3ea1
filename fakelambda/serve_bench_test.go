package fakelambda

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type nopW struct{ h map[string][]string }

func (w *nopW) Header() http.Header         { return w.h }
func (w *nopW) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopW) WriteHeader(int)             {}

// benchServe measures the fake's own work for one call: ServeHTTP on a prepared
// request (signed-looking, so the scope is parsed), no SDK, no socket. The
// call log grows as in a long test run.
func benchServe(b *testing.B, method, target string, body []byte) {
	f := New(WithAllocation(ReadyAfter(0)))
	do := func(m, t string, bd []byte) int {
		r := httptest.NewRequest(m, t, bytes.NewReader(bd))
		w := httptest.NewRecorder()
		f.ServeHTTP(w, r)
		return w.Code
	}
	do("POST", "/2015-03-31/functions", []byte(`{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"emlw"}}`))
	do("GET", "/2015-03-31/functions/f", nil)
	do("POST", "/2015-03-31/functions/f/versions", []byte(`{}`))
	do("POST", "/2015-03-31/functions/f/aliases", []byte(`{"Name":"BLUE","FunctionVersion":"1"}`))
	do("PUT", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=BLUE", []byte(`{"ProvisionedConcurrentExecutions":10}`))
	_ = time.Second
	r := httptest.NewRequest(method, target, nil)
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDFAKELAMBDA/20260102/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	w := &nopW{h: map[string][]string{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Body = nopCloser{bytes.NewReader(body)}
		clear(w.h)
		f.ServeHTTP(w, r)
	}
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func BenchmarkServePut(b *testing.B) {
	benchServe(b, "PUT", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=BLUE", []byte(`{"ProvisionedConcurrentExecutions":10}`))
}
func BenchmarkServeGet(b *testing.B) {
	benchServe(b, "GET", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=BLUE", nil)
}

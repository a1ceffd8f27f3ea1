package fakelambda

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// FuzzSigV4 signs arbitrary requests with the SDK's own signer and requires
// the fake's verification (sigv4.go, written without the SDK) to accept
// them, and to refuse them signed with another secret.
func FuzzSigV4(f *testing.F) {
	for _, s := range handlerSeeds {
		f.Add(s.method, s.path, s.query, s.hk, s.hv, []byte(s.body))
	}
	f.Add("GET", "/2015-03-31/functions/a%20b/configuration", "Qualifier=%24LATEST&x=a+b&x=%7E&y", "X-Amz-Meta", "  two   spaces ", []byte(nil))
	sigCodes := map[string]bool{"MissingAuthenticationTokenException": true, "UnrecognizedClientException": true,
		"InvalidSignatureException": true, "IncompleteSignatureException": true}
	f.Fuzz(func(t *testing.T, method, path, query, hk, hv string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, controlPrefix) {
			return
		}
		u, err := url.Parse("https://lambda.us-east-1.amazonaws.com" + path)
		if err != nil || strings.HasPrefix(u.Path, controlPrefix) || !validMethod(method) {
			return
		}
		u.RawQuery = query
		fk := New(WithCredentials("AKIDFUZZ", "fuzz-secret"))
		sign := func(secret string) *http.Request {
			r := httptest.NewRequest("GET", "/", bytes.NewReader(body))
			r.Method, r.URL, r.RequestURI, r.Host = method, u, u.RequestURI(), u.Host
			if hk = http.CanonicalHeaderKey(hk); hk != "" && validHeader(hk, hv) && hk != "Authorization" {
				r.Header.Set(hk, hv)
			}
			sum := sha256.Sum256(body)
			err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIDFUZZ", SecretAccessKey: secret},
				r, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			if err != nil {
				t.Skip(err)
			}
			return r
		}
		w := httptest.NewRecorder()
		fk.ServeHTTP(w, sign("fuzz-secret"))
		if code := w.Header().Get("X-Amzn-Errortype"); sigCodes[code] {
			t.Fatalf("%s %s?%s [%s: %q]: a request signed by the SDK was refused: %s %s", method, path, query, hk, hv, code, w.Body)
		}
		w = httptest.NewRecorder()
		fk.ServeHTTP(w, sign("another-secret"))
		if code := w.Header().Get("X-Amzn-Errortype"); w.Code != 403 || code != "InvalidSignatureException" {
			t.Fatalf("%s %s?%s: signed with the wrong secret, answered %d %s", method, path, query, w.Code, code)
		}
	})
}

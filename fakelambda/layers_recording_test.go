package fakelambda_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of the recorded responses of TestLambdaLayer, TestCodeSigningConfig
// and TestLambdaAccountSettings::test_account_settings_total_code_size
// (test_lambda_api.snapshot.json): the calls LocalStack's tests make, sent
// on both transports (the fake's handler in-process, and over HTTP), each
// raw answer compared with its recording by the shared comparator
// (recording_test.go, matcher.compareRaw): placeholders bound across the
// test, <partition> and <region> fixed to the fake's; the members Lambda
// sends as JSON text (a layer policy's Policy and Statement) compact, their
// keys in AWS's recorded order; the headers a recording kept. Every recorded
// response must be replayed. The fake runs in the recorded account.

const lrFile = "test_lambda_api.snapshot.json"

// lrReplayer sends raw calls to a fake and compares answers with one
// recorded test.
type lrReplayer struct {
	t      *testing.T
	send   func(r *http.Request) (int, http.Header, []byte)
	id     string
	m      *matcher
	region string
	seen   map[string]bool // the recorded responses compared
}

// lrAnswer is one raw answer of the fake, and its body decoded.
type lrAnswer struct {
	status int
	header http.Header
	body   []byte
	doc    map[string]any
}

// lrTransports runs fn on a fake in the recordings' account, once
// in-process and once over HTTP, replaying recorded test id.
func lrTransports(t *testing.T, id string, fn func(t *testing.T, r *lrReplayer)) {
	if _, ok := loadRecordings(t, lrFile)[id]; !ok {
		t.Fatalf("no recording of %s", id)
	}
	run := func(t *testing.T, fake *fakelambda.Fake, send func(*http.Request) (int, http.Header, []byte)) {
		r := &lrReplayer{t: t, send: send, id: id, region: fake.Region(), seen: map[string]bool{},
			m: newMatcher().fix("<partition>", "aws").fix("<region>", fake.Region())}
		fn(t, r)
		if missed := unreplayed(t, lrFile, id, r.seen); len(missed) > 0 {
			t.Errorf("recorded responses not replayed: %v", missed)
		}
	}
	t.Run("in-process", func(t *testing.T) {
		fake := fakelambda.New(fakelambda.WithAccountID(account))
		run(t, fake, func(r *http.Request) (int, http.Header, []byte) {
			w := httptest.NewRecorder()
			fake.ServeHTTP(w, r)
			return w.Code, w.Header(), w.Body.Bytes()
		})
	})
	t.Run("http", func(t *testing.T) {
		srv := fakelambda.NewServer(t, fakelambda.WithAccountID(account))
		run(t, srv.Fake, func(r *http.Request) (int, http.Header, []byte) {
			req, err := http.NewRequest(r.Method, srv.URL+r.URL.RequestURI(), r.Body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = r.Header
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header, b
		})
	})
}

// call sends a request (body: nil, or marshalled to JSON; header: name,
// value pairs) and returns the raw answer.
func (r *lrReplayer) call(method, target string, body any, header ...string) lrAnswer {
	r.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			r.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	a := lrAnswer{doc: map[string]any{}}
	a.status, a.header, a.body = r.send(req)
	if len(a.body) > 0 {
		if err := json.Unmarshal(a.body, &a.doc); err != nil {
			r.t.Fatalf("%s %s: answer is not a JSON object: %s", method, target, a.body)
		}
	}
	return a
}

// match compares a raw answer with recorded response key.
func (r *lrReplayer) match(key string, a lrAnswer) {
	r.t.Helper()
	r.seen[key] = true
	if diffs := r.m.compareRaw(r.t, lrFile, r.id, key, a.status, a.header, a.body); len(diffs) > 0 {
		r.t.Errorf("%s: %d differences:\n\t%s\nfake answered: %d %s", key, len(diffs), strings.Join(diffs, "\n\t"), a.status, a.body)
	}
}

// matchValue compares a value the test computed (a list's item, a
// difference of sizes) with recorded response key.
func (r *lrReplayer) matchValue(key string, got any) {
	r.t.Helper()
	r.seen[key] = true
	rec, ok := loadRecordings(r.t, lrFile)[r.id][key]
	if !ok {
		r.t.Fatalf("no recorded response %s/%s", r.id, key)
	}
	if diffs := r.m.compare(rec, got); len(diffs) > 0 {
		r.t.Errorf("%s: %d differences:\n\t%s\ngot: %s", key, len(diffs), strings.Join(diffs, "\n\t"), show(got))
	}
}

// lrDummyLayer is a zip of the size of LocalStack's dummylayer (169 bytes,
// recorded as total_code_size_diff_publish_layer).
var lrDummyLayer = bytes.Repeat([]byte{'L'}, 169)

func lrB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// str reads a string member of an answer's body.
func (a lrAnswer) str(path ...string) string {
	var v any = a.doc
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

package fakelambda_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of the recorded responses of TestLambdaLayer, TestCodeSigningConfig
// and TestLambdaAccountSettings::test_account_settings_total_code_size
// (test_lambda_api.snapshot.json): the calls LocalStack's tests make, sent
// on both transports (the fake's handler in-process, and over HTTP), each
// answer compared with its recording. A placeholder (<resource:1>, date,
// ...) matches any value, the same one wherever it repeats within a test.
//
// The comparator here is small and self-contained, to be replaced by the
// shared one (fakelambda/recording_test.go on another branch).

const lrRecordingsFile = "../../shared/reference/aws-recordings/test_lambda_api.snapshot.json"

// recording is the recorded-content of one test of the snapshot file.
func lrRecording(t *testing.T, test string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(lrRecordingsFile)
	if err != nil {
		t.Skipf("recordings not available: %v", err)
	}
	var all map[string]struct {
		RecordedContent map[string]any `json:"recorded-content"`
	}
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	rec, ok := all["tests/aws/services/lambda_/test_lambda_api.py::"+test]
	if !ok {
		t.Fatalf("no recording of %s", test)
	}
	return rec.RecordedContent
}

// lrReplayer sends raw calls to a fake and compares answers with a recording.
type lrReplayer struct {
	t      *testing.T
	fake   *fakelambda.Fake
	send   func(r *http.Request) (int, http.Header, []byte)
	rec    map[string]any
	bind   map[string]string // placeholder -> the value it stood for
	region string
	// seen lists the recorded keys compared, to check none is left out.
	seen map[string]bool
}

// lrAccount is the account of the recordings.
const lrAccount = "111111111111"

// lrTransports runs fn on a fake with the recordings' account, once
// in-process and once over HTTP.
func lrTransports(t *testing.T, test string, fn func(t *testing.T, r *lrReplayer)) {
	rec := lrRecording(t, test)
	run := func(t *testing.T, send func(fake *fakelambda.Fake) func(*http.Request) (int, http.Header, []byte), overHTTP bool) {
		var fake *fakelambda.Fake
		var s func(*http.Request) (int, http.Header, []byte)
		if overHTTP {
			srv := fakelambda.NewServer(t, fakelambda.WithAccountID(lrAccount))
			fake = srv.Fake
			s = func(r *http.Request) (int, http.Header, []byte) {
				u := srv.URL + r.URL.RequestURI()
				req, err := http.NewRequest(r.Method, u, r.Body)
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
			}
		} else {
			fake = fakelambda.New(fakelambda.WithAccountID(lrAccount))
			s = send(fake)
		}
		r := &lrReplayer{t: t, fake: fake, send: s, rec: rec, bind: map[string]string{}, region: fake.Region(), seen: map[string]bool{}}
		fn(t, r)
		var missed []string
		for k := range rec {
			if !r.seen[k] {
				missed = append(missed, k)
			}
		}
		sort.Strings(missed)
		if len(missed) > 0 {
			t.Errorf("recorded responses not replayed: %v", missed)
		}
	}
	t.Run("in-process", func(t *testing.T) {
		run(t, func(fake *fakelambda.Fake) func(*http.Request) (int, http.Header, []byte) {
			return func(r *http.Request) (int, http.Header, []byte) {
				w := httptest.NewRecorder()
				fake.ServeHTTP(w, r)
				return w.Code, w.Header(), w.Body.Bytes()
			}
		}, false)
	})
	t.Run("http", func(t *testing.T) { run(t, nil, true) })
}

// call sends a request (body: nil, or marshalled to JSON) and returns the
// answer as botocore shows it: the body's members, Error{Code, Message} for
// an error, ResponseMetadata.HTTPStatusCode.
func (r *lrReplayer) call(method, target string, body any, header ...string) map[string]any {
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
	status, h, b := r.send(req)
	doc := map[string]any{}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &doc); err != nil {
			r.t.Fatalf("%s %s: answer is not a JSON object: %s", method, target, b)
		}
	}
	if code := h.Get("X-Amzn-Errortype"); code != "" {
		msg, _ := doc["Message"].(string)
		if m, ok := doc["message"].(string); ok {
			msg = m
		}
		doc["Error"] = map[string]any{"Code": code, "Message": msg}
		if code == "ValidationException" {
			// Not a shape of Lambda's model: botocore shows no members.
			delete(doc, "message")
			delete(doc, "Message")
		}
	}
	doc["ResponseMetadata"] = map[string]any{"HTTPHeaders": map[string]any{}, "HTTPStatusCode": float64(status)}
	return doc
}

// match compares got with the recording key.
func (r *lrReplayer) match(key string, got any) {
	r.t.Helper()
	want, ok := r.rec[key]
	if !ok {
		r.t.Fatalf("no recorded response %q", key)
	}
	r.seen[key] = true
	if diffs := r.compare(key, want, got, nil); len(diffs) > 0 {
		g, _ := json.Marshal(got)
		r.t.Errorf("%s differs from the recording:\n  %s\n  answer: %s", key, strings.Join(diffs, "\n  "), g)
	}
}

// value is the value a placeholder was bound to ("" when unbound).
func (r *lrReplayer) value(placeholder string) string { return r.bind[placeholder] }

var lrPlaceholderRE = regexp.MustCompile(`<[a-zA-Z0-9_-]+(?::\d+)?>`)

// compare reports where got differs from want; ignore lists keys to skip.
func (r *lrReplayer) compare(path string, want, got any, ignore []string) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			if s, isStr := got.(string); isStr && json.Unmarshal([]byte(s), &g) == nil {
				ok = true // a JSON document carried as a string (Policy, Statement)
			}
		}
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %v", path, got)}
		}
		var diffs []string
		for k, wv := range w {
			if k == "HTTPHeaders" || slices.Contains(ignore, k) {
				continue
			}
			gv, has := g[k]
			if !has {
				diffs = append(diffs, fmt.Sprintf("%s.%s: missing (want %v)", path, k, wv))
				continue
			}
			diffs = append(diffs, r.compare(path+"."+k, wv, gv, nil)...)
		}
		for k, gv := range g {
			if _, has := w[k]; !has && !slices.Contains(ignore, k) {
				diffs = append(diffs, fmt.Sprintf("%s.%s: not recorded (answer has %v)", path, k, gv))
			}
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want %v, got %v", path, w, got)}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, r.compare(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], nil)...)
		}
		return diffs
	case string:
		gs := fmt.Sprint(got)
		if w == "date" || w == "datetime" {
			if gs == "" {
				return []string{path + ": want a timestamp, got none"}
			}
			return nil
		}
		if !r.matchText(w, gs) {
			return []string{fmt.Sprintf("%s: want %q, got %q", path, w, gs)}
		}
		return nil
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
		}
		return nil
	}
}

// matchText matches a recorded string, placeholders included, binding
// them.
func (r *lrReplayer) matchText(want, got string) bool {
	locs := lrPlaceholderRE.FindAllStringIndex(want, -1)
	if len(locs) == 0 {
		return want == got
	}
	var pat strings.Builder
	var names []string
	pat.WriteString("^")
	last := 0
	for _, l := range locs {
		pat.WriteString(regexp.QuoteMeta(want[last:l[0]]))
		names = append(names, want[l[0]:l[1]])
		pat.WriteString("(.+?)")
		last = l[1]
	}
	pat.WriteString(regexp.QuoteMeta(want[last:]) + "$")
	m := regexp.MustCompile(pat.String()).FindStringSubmatch(got)
	if m == nil {
		return false
	}
	for i, name := range names {
		if !strings.Contains(name, ":") {
			continue // unnumbered (<code-size>, <layer-location>): any value each time
		}
		if v, bound := r.bind[name]; bound && v != m[i+1] {
			return false
		}
		r.bind[name] = m[i+1]
	}
	return true
}

// bindAs binds a placeholder before its first recorded use.
func (r *lrReplayer) bindAs(placeholder, value string) { r.bind[placeholder] = value }

// lrDummyLayer is a zip of the size of LocalStack's dummylayer (169 bytes,
// recorded as total_code_size_diff_publish_layer).
var lrDummyLayer = bytes.Repeat([]byte{'L'}, 169)

func lrB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// str reads a string member of an answer.
func lrStr(doc map[string]any, path ...string) string {
	var v any = doc
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

package fakelambda_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Recordings of real AWS answers (reference/aws-recordings, see its README)
// and a comparator of the fake's answers with them.
//
// The checkout sits beside shared/ (in CI /work/main and /work/shared; a
// worktree /work/wt-x likewise), so from this package's directory the
// recordings are ../../shared/reference/aws-recordings.

const recordingsDir = "../../shared/reference/aws-recordings"

// recordedTest is one test's recorded responses, by the names the test gave them.
type recordedTest map[string]any

var recordingsCache sync.Map // file name -> map[string]recordedTest (or error)

// loadRecordings reads a snapshot file, skipping the test when it is absent.
// Test ids are the part after "test_x.py::" (Class::test[param]).
func loadRecordings(t testing.TB, file string) map[string]recordedTest {
	t.Helper()
	if v, ok := recordingsCache.Load(file); ok {
		return v.(map[string]recordedTest)
	}
	raw, err := os.ReadFile(filepath.Join(recordingsDir, file))
	if os.IsNotExist(err) {
		t.Skipf("recordings not found: %s (the checkout is not beside shared/)", filepath.Join(recordingsDir, file))
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]struct {
		Recorded map[string]any `json:"recorded-content"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out := make(map[string]recordedTest, len(doc))
	for id, v := range doc {
		full := id
		if _, short, ok := strings.Cut(id, ".py::"); ok {
			id = short
		}
		// Two paths can share a short id (test_lambda.snapshot.json has
		// test_invoke_exceptions under tests/aws/lambda_/, never validated,
		// and tests/aws/services/lambda_/): the services one stands, whatever
		// the map's order.
		if _, dup := out[id]; dup && !strings.Contains(full, "/services/") {
			continue
		}
		out[id] = v.Recorded
	}
	recordingsCache.Store(file, out)
	return out
}

// answer is what the fake answered one call, shaped as botocore shows a
// response in the recordings: the decoded JSON body plus
// ResponseMetadata.HTTPStatusCode; an error adds Error{Code, Message}, Code
// from X-Amzn-Errortype and Message from the body's message or Message.
func answerDoc(status int, header http.Header, body []byte) (map[string]any, error) {
	doc := map[string]any{}
	if len(strings.TrimSpace(string(body))) > 0 {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, fmt.Errorf("body is not JSON: %v: %q", err, body)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("body is not a JSON object: %q", body)
		}
		doc = m
	}
	if status >= 300 {
		code := header.Get("X-Amzn-Errortype")
		code, _, _ = strings.Cut(code, ":")
		if !modeledError[code] {
			// botocore shows only the modeled members of an error shape;
			// an error Lambda's model does not declare shows none.
			body := doc
			doc = map[string]any{}
			if m, ok := body["message"]; ok {
				doc["Error"] = map[string]any{"Code": code, "Message": m}
			} else if m, ok := body["Message"]; ok {
				doc["Error"] = map[string]any{"Code": code, "Message": m}
			} else {
				doc["Error"] = map[string]any{"Code": code, "Message": nil}
			}
			doc["ResponseMetadata"] = map[string]any{"HTTPStatusCode": float64(status)}
			return doc, nil
		}
		msg, ok := doc["message"]
		if !ok {
			msg = doc["Message"]
		}
		doc["Error"] = map[string]any{"Code": code, "Message": msg}
	}
	doc["ResponseMetadata"] = map[string]any{"HTTPStatusCode": float64(status)}
	return doc, nil
}

// modeledError is the error shapes Lambda's API model declares (botocore
// shows their members, Type and Message or message, beside Error).
// ValidationException, UnknownOperationException and the like are not.
var modeledError = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`CallbackTimeoutException CapacityProviderLimitExceededException
		CodeSigningConfigNotFoundException CodeStorageExceededException CodeVerificationFailedException
		DurableExecutionAlreadyStartedException EC2AccessDeniedException EC2ThrottledException
		EC2UnexpectedException EFSIOException EFSMountConnectivityException EFSMountFailureException
		EFSMountTimeoutException ENILimitReachedException FunctionVersionsPerCapacityProviderLimitExceededException
		InvalidCodeSignatureException InvalidParameterValueException InvalidRequestContentException
		InvalidRuntimeException InvalidSecurityGroupIDException InvalidSubnetIDException InvalidZipFileException
		KMSAccessDeniedException KMSDisabledException KMSInvalidStateException KMSNotFoundException
		NoPublishedVersionException PolicyLengthExceededException PreconditionFailedException
		ProvisionedConcurrencyConfigNotFoundException PublicPolicyException RecursiveInvocationException
		RequestTooLargeException ResourceConflictException ResourceInUseException ResourceNotFoundException
		ResourceNotReadyException SerializedRequestEntityTooLargeException ServiceException
		SnapStartException SnapStartNotReadyException SnapStartTimeoutException SubnetIPAddressLimitReachedException
		TooManyRequestsException UnsupportedMediaTypeException`) {
		modeledError[c] = true
	}
}

// matcher compares answers with recordings within one recorded test: a
// numbered placeholder (<uuid:2>, <function-name:1>) stands for one value
// wherever it repeats in the test, and different placeholders for different
// values; an unnumbered one (<code-size>, <partition>) for any value; "date"
// and "datetime" for a timestamp.
type matcher struct {
	bound map[string]string // placeholder -> value
	owner map[string]string // value -> placeholder
}

func newMatcher() *matcher {
	return &matcher{bound: map[string]string{}, owner: map[string]string{}}
}

var placeholderRE = regexp.MustCompile(`<[a-zA-Z0-9_.-]+(?::\d+)?>`)

// numbered reports whether ph is a numbered placeholder, bound across the test.
func numbered(ph string) bool { return strings.Contains(ph, ":") }

// lenRE is a recording's <a:len(N)>: N letters "a" (LocalStack's
// transformer for long names), a literal.
var lenRE = regexp.MustCompile(`<a:len\((\d+)\)>`)

func expandLen(s string) string {
	if !strings.Contains(s, "<a:len(") {
		return s
	}
	return lenRE.ReplaceAllStringFunc(s, func(m string) string {
		var n int
		fmt.Sscanf(m, "<a:len(%d)>", &n)
		return strings.Repeat("a", n)
	})
}

var timestampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}`)

// exampleTimestampRE is LocalStack's timestamp placeholder with an example
// value, <timestamp:2022-07-13T13:48:01.000Z> (the stream on-failure
// records): any timestamp, like "datetime".
var exampleTimestampRE = regexp.MustCompile(`^<timestamp:\d{4}-[^>]*>$`)

// compare compares got with recorded and returns every difference as
// "path: recorded X, got Y". Bindings of placeholders persist in m for the
// next calls of the same test (only when the whole answer matched nothing
// contradictory is irrelevant: a binding is made at first sight).
func (m *matcher) compare(recorded, got any) []string {
	var diffs []string
	m.walk("$", recorded, got, &diffs)
	return diffs
}

func (m *matcher) walk(path string, rec, got any, diffs *[]string) {
	add := func(format string, a ...any) {
		*diffs = append(*diffs, path+": "+fmt.Sprintf(format, a...))
	}
	switch r := rec.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			add("recorded an object, got %s", show(got))
			return
		}
		keys := make([]string, 0, len(r)+len(g))
		for k := range r {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := r[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			rv, rok := r[k]
			gv, gok := g[k]
			sub := path + "." + k
			switch {
			case k == "ResponseMetadata" && rok && gok:
				rm, _ := rv.(map[string]any)
				gm, _ := gv.(map[string]any)
				m.walk(sub+".HTTPStatusCode", rm["HTTPStatusCode"], gm["HTTPStatusCode"], diffs)
			case !gok:
				*diffs = append(*diffs, fmt.Sprintf("%s: recorded %s, got no key", sub, show(rv)))
			case !rok:
				*diffs = append(*diffs, fmt.Sprintf("%s: recorded no key, got %s", sub, show(gv)))
			default:
				m.walk(sub, rv, gv, diffs)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			add("recorded a list, got %s", show(got))
			return
		}
		if len(r) != len(g) {
			add("recorded %d items %s, got %d items %s", len(r), show(r), len(g), show(g))
			return
		}
		for i := range r {
			m.walk(fmt.Sprintf("%s[%d]", path, i), r[i], g[i], diffs)
		}
	case string:
		r = expandLen(r)
		if r == "date" || r == "datetime" || exampleTimestampRE.MatchString(r) {
			switch g := got.(type) {
			case string:
				if !timestampRE.MatchString(g) {
					add("recorded a timestamp, got %q", g)
				}
			case float64:
			default:
				add("recorded a timestamp, got %s", show(got))
			}
			return
		}
		if placeholderRE.FindStringIndex(r) == nil {
			if g, ok := got.(string); !ok || g != r {
				add("recorded %q, got %s", r, show(got))
			}
			return
		}
		if loc := placeholderRE.FindStringIndex(r); loc[0] == 0 && loc[1] == len(r) && !numbered(r) {
			if v, ok := m.bound[r]; ok && got != v { // fixed (fix)
				add("recorded %s (%q), got %s", r, v, show(got))
			} else if got == nil {
				add("recorded %s, got null", r)
			}
			return // any value, numbers too (<code-size>)
		}
		g, ok := got.(string)
		if !ok {
			add("recorded %q, got %s", r, show(got))
			return
		}
		if msg := m.matchString(r, g); msg != "" {
			add("recorded %q, got %q: %s", r, g, msg)
		}
	default: // numbers, booleans, null
		if !jsonEqual(rec, got) {
			add("recorded %s, got %s", show(rec), show(got))
		}
	}
}

// matchString matches got against a recorded string with placeholders,
// binding the numbered ones. It returns "" on a match, else why not.
func (m *matcher) matchString(rec, got string) string {
	locs := placeholderRE.FindAllStringIndex(rec, -1)
	var expr strings.Builder
	expr.WriteString("^")
	var groups []string
	last := 0
	for _, l := range locs {
		expr.WriteString(regexp.QuoteMeta(rec[last:l[0]]))
		ph := rec[l[0]:l[1]]
		if v, ok := m.bound[ph]; ok {
			expr.WriteString(regexp.QuoteMeta(v))
		} else {
			expr.WriteString("([^:]+?)") // no placeholder spans an ARN's ":"
			groups = append(groups, ph)
		}
		last = l[1]
	}
	expr.WriteString(regexp.QuoteMeta(rec[last:]))
	expr.WriteString("$")
	re, err := regexp.Compile(expr.String())
	if err != nil {
		return err.Error()
	}
	sub := re.FindStringSubmatch(got)
	if sub == nil {
		return "no match"
	}
	// Bind, checking that one placeholder repeated within rec got one value
	// and that no two placeholders share a value.
	local := map[string]string{}
	for i, ph := range groups {
		v := sub[i+1]
		if prev, ok := local[ph]; ok && prev != v {
			return fmt.Sprintf("%s is both %q and %q", ph, prev, v)
		}
		local[ph] = v
	}
	for ph, v := range local {
		if !numbered(ph) {
			continue
		}
		if o, ok := m.owner[v]; ok && o != ph {
			return fmt.Sprintf("%s is %q, which is already %s", ph, v, o)
		}
	}
	for ph, v := range local {
		if numbered(ph) {
			m.bound[ph], m.owner[v] = v, ph
		}
	}
	return ""
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// TestMatcher tests the comparator itself.
func TestMatcher(t *testing.T) {
	ok := func(diffs []string) {
		t.Helper()
		if len(diffs) != 0 {
			t.Errorf("want no differences, got %q", diffs)
		}
	}
	want := func(diffs []string, wants ...string) {
		t.Helper()
		if len(diffs) != len(wants) {
			t.Fatalf("want %d differences %q, got %q", len(wants), wants, diffs)
		}
		for i, w := range wants {
			if !strings.HasPrefix(diffs[i], w) {
				t.Errorf("difference %d: want prefix %q, got %q", i, w, diffs[i])
			}
		}
	}
	rec := map[string]any{
		"FunctionArn":  "arn:<partition>:lambda:<region>:111111111111:function:<function-name:1>",
		"FunctionName": "<function-name:1>",
		"RevisionId":   "<uuid:1>",
		"CodeSize":     "<code-size>",
		"LastModified": "date",
		"Timeout":      float64(3),
		"ResponseMetadata": map[string]any{
			"HTTPHeaders": map[string]any{}, "HTTPStatusCode": float64(201)},
	}
	got := map[string]any{
		"FunctionArn":      "arn:aws:lambda:us-east-1:111111111111:function:f1",
		"FunctionName":     "f1",
		"RevisionId":       "r1",
		"CodeSize":         float64(42),
		"LastModified":     "2026-01-02T03:04:05.000+0000",
		"Timeout":          float64(3),
		"ResponseMetadata": map[string]any{"HTTPStatusCode": float64(201)},
	}
	t.Run("match", func(t *testing.T) { ok(newMatcher().compare(rec, got)) })
	t.Run("placeholder consistency within an answer", func(t *testing.T) {
		g := clone(got)
		g["FunctionName"] = "f2"
		want(newMatcher().compare(rec, g), "$.FunctionName")
	})
	t.Run("placeholder consistency across answers", func(t *testing.T) {
		m := newMatcher()
		ok(m.compare(rec, got))
		g := clone(got)
		g["RevisionId"] = "r2"
		want(m.compare(rec, g), "$.RevisionId: recorded \"<uuid:1>\"")
		rec2 := clone(rec)
		rec2["RevisionId"] = "<uuid:2>"
		want(m.compare(rec2, got), "$.RevisionId: recorded \"<uuid:2>\", got \"r1\": <uuid:2> is \"r1\", which is already <uuid:1>")
		ok(m.compare(rec2, g))
	})
	t.Run("missing key", func(t *testing.T) {
		g := clone(got)
		delete(g, "Timeout")
		want(newMatcher().compare(rec, g), "$.Timeout: recorded 3, got no key")
	})
	t.Run("extra key", func(t *testing.T) {
		g := clone(got)
		g["State"] = "Active"
		want(newMatcher().compare(rec, g), "$.State: recorded no key, got \"Active\"")
	})
	t.Run("every difference", func(t *testing.T) {
		g := clone(got)
		g["Timeout"] = float64(4)
		g["LastModified"] = "yesterday"
		g["ResponseMetadata"] = map[string]any{"HTTPStatusCode": float64(200)}
		want(newMatcher().compare(rec, g), "$.LastModified", "$.ResponseMetadata.HTTPStatusCode: recorded 201, got 200", "$.Timeout: recorded 3, got 4")
	})
	t.Run("lists", func(t *testing.T) {
		want(newMatcher().compare([]any{"a", "b"}, []any{"a"}), "$: recorded 2 items")
		want(newMatcher().compare([]any{"a", "b"}, []any{"a", "c"}), "$[1]")
	})
	t.Run("error answers", func(t *testing.T) {
		h := http.Header{"X-Amzn-Errortype": {"ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"}}
		doc, err := answerDoc(404, h, []byte(`{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:111111111111:function:x"}`))
		if err != nil {
			t.Fatal(err)
		}
		rec := map[string]any{
			"Error":            map[string]any{"Code": "ResourceNotFoundException", "Message": "Function not found: arn:<partition>:lambda:<region>:111111111111:function:<fn:1>"},
			"Message":          "Function not found: arn:<partition>:lambda:<region>:111111111111:function:<fn:1>",
			"Type":             "User",
			"ResponseMetadata": map[string]any{"HTTPStatusCode": float64(404)},
		}
		ok(newMatcher().compare(rec, doc))
		rec["message"] = rec["Message"]
		delete(rec, "Message")
		want(newMatcher().compare(rec, doc), "$.Message: recorded no key", "$.message: recorded")
	})
	t.Run("fixed placeholders", func(t *testing.T) {
		m := newMatcher().fix("<partition>", "aws").fix("<region>", "us-east-1")
		ok(m.compare(rec, got))
		g := clone(got)
		g["FunctionArn"] = "arn:aws:lambda:eu-west-1:111111111111:function:f1"
		want(m.compare(rec, g), "$.FunctionArn: recorded")
		want(m.compare(map[string]any{"Region": "<region>"}, map[string]any{"Region": "eu-west-1"}), "$.Region: recorded <region> (\"us-east-1\")")
		ok(newMatcher().compare(rec, g)) // unfixed: any region
	})
	t.Run("JSON text", func(t *testing.T) {
		rec := map[string]any{"Policy": map[string]any{"Version": "2012-10-17", "Statement": []any{
			map[string]any{"Sid": "s3", "Resource": "arn:<partition>:lambda:<region>:111111111111:function:<resource:1>"}}}}
		order, err := keyOrders("$", []byte(`{"Policy":{"Version":"2012-10-17","Statement":[{"Sid":"s3","Resource":"x"}]}}`))
		if err != nil {
			t.Fatal(err)
		}
		text := func(s string) []string {
			t.Helper()
			doc, diffs := jsonText(rec, map[string]any{"Policy": s}, order)
			return append(diffs, newMatcher().compare(rec, doc)...)
		}
		ok(text(`{"Version":"2012-10-17","Statement":[{"Sid":"s3","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}]}`))
		want(text(`{"Statement":[{"Sid":"s3","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}],"Version":"2012-10-17"}`),
			`$.Policy: keys ["Statement" "Version"], recorded ["Version" "Statement"] in this order`)
		want(text(`{"Version":"2012-10-17","Statement":[{"Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Sid":"s3"}]}`),
			`$.Policy.Statement[0]: keys ["Resource" "Sid"], recorded ["Sid" "Resource"] in this order`)
		want(text(`{"Version": "2012-10-17","Statement":[{"Sid":"s3","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}]}`),
			"$.Policy: JSON text not compact")
		want(text(`{"Version":"2012-10-17","Statement":[{"Sid":"s4","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}]}`),
			`$.Policy.Statement[0].Sid: recorded "s3", got "s4"`)
		want(text(`not json`), "$.Policy: recorded an object, got \"not json\", not JSON text", "$.Policy: recorded an object")
	})
	t.Run("headers", func(t *testing.T) {
		rec := map[string]any{"ResponseMetadata": map[string]any{"HTTPStatusCode": float64(412), "HTTPHeaders": map[string]any{
			"content-length": "2", "content-type": "application/json", "date": "Tue, 25 Nov 2025 03:22:17 GMT",
			"x-amzn-errortype": "PreconditionFailedException", "x-amzn-requestid": "<uuid:1>"}}}
		h := http.Header{"Content-Type": {"application/json"}, "X-Amzn-Errortype": {"PreconditionFailedException"}}
		ok(newMatcher().compareHeaders(rec, h, []byte("{}")))
		want(newMatcher().compareHeaders(rec, h, []byte("{ }")), `$.ResponseMetadata.HTTPHeaders.content-length: recorded "2", got "3"`)
		delete(h, "Content-Type")
		want(newMatcher().compareHeaders(rec, h, []byte("{}")), `$.ResponseMetadata.HTTPHeaders.content-type: recorded "application/json", got no header`)
		ok(newMatcher().compareHeaders(map[string]any{"ResponseMetadata": map[string]any{"HTTPHeaders": map[string]any{}}}, h, nil))
	})
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ---- members sent as JSON text, raw headers, fixed placeholders ----

// fix binds an unnumbered placeholder (<partition>, <region>) to one value
// for the whole test, for a test that knows it: the comparator then wants
// exactly v wherever the recording shows ph.
func (m *matcher) fix(ph, v string) *matcher {
	m.bound[ph] = v
	return m
}

// keyOrders is the key order of every object of a JSON document, by the
// comparator's path ($.Policy.Statement[0]), under prefix.
func keyOrders(prefix string, data []byte) (map[string][]string, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	out := map[string][]string{}
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			keys := []string{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				keys = append(keys, k.(string))
				if err := walk(path + "." + k.(string)); err != nil {
					return err
				}
			}
			out[path] = keys
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	return out, walk(prefix)
}

var keyOrderCache sync.Map // file name -> map[test id]map[response]map[path][]string

// recordedKeyOrders is the key order of every object of every recorded
// response of test id in file: response -> path -> keys. loadRecordings'
// maps lose it; it is evidence inside JSON text (the README).
func recordedKeyOrders(t testing.TB, file, id string) map[string]map[string][]string {
	t.Helper()
	loadRecordings(t, file) // skips when absent
	if v, ok := keyOrderCache.Load(file); ok {
		return v.(map[string]map[string]map[string][]string)[id]
	}
	raw, err := os.ReadFile(filepath.Join(recordingsDir, file))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]struct {
		Recorded map[string]json.RawMessage `json:"recorded-content"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out := map[string]map[string]map[string][]string{}
	for tid, v := range doc {
		full := tid
		if _, short, ok := strings.Cut(tid, ".py::"); ok {
			tid = short
		}
		if _, dup := out[tid]; dup && !strings.Contains(full, "/services/") { // as loadRecordings
			continue
		}
		out[tid] = map[string]map[string][]string{}
		for key, r := range v.Recorded {
			if out[tid][key], err = keyOrders("$", r); err != nil {
				t.Fatalf("%s: %s/%s: %v", file, tid, key, err)
			}
		}
	}
	keyOrderCache.Store(file, out)
	return out[id]
}

// jsonText decodes the members of got that Lambda sends as JSON text (a
// policy's Statement and Policy): a string where the recording shows an
// object. The text must be compact and its objects must have their keys in
// the recorded order (order: the recorded response's, from
// recordedKeyOrders); jsonText returns got with the text decoded, for
// compare, and those differences.
func jsonText(rec any, got map[string]any, order map[string][]string) (map[string]any, []string) {
	var diffs []string
	var walk func(path string, rec, got any) any
	walk = func(path string, rec, got any) any {
		switch r := rec.(type) {
		case map[string]any:
			switch g := got.(type) {
			case string:
				var c bytes.Buffer
				if err := json.Compact(&c, []byte(g)); err != nil {
					diffs = append(diffs, fmt.Sprintf("%s: recorded an object, got %q, not JSON text: %v", path, g, err))
					return got
				}
				if c.String() != g {
					diffs = append(diffs, fmt.Sprintf("%s: JSON text not compact: %q", path, g))
				}
				orders, _ := keyOrders(path, []byte(g))
				paths := make([]string, 0, len(orders))
				for p := range orders {
					paths = append(paths, p)
				}
				sort.Strings(paths)
				for _, p := range paths {
					if w, ok := order[p]; ok && strings.Join(w, ",") != strings.Join(orders[p], ",") {
						diffs = append(diffs, fmt.Sprintf("%s: keys %q, recorded %q in this order", p, orders[p], w))
					}
				}
				var v any
				_ = json.Unmarshal([]byte(g), &v)
				return v
			case map[string]any:
				out := make(map[string]any, len(g))
				for k, gv := range g {
					out[k] = walk(path+"."+k, r[k], gv)
				}
				return out
			}
		case []any:
			if g, ok := got.([]any); ok && len(g) == len(r) {
				out := make([]any, len(g))
				for i := range g {
					out[i] = walk(fmt.Sprintf("%s[%d]", path, i), r[i], g[i])
				}
				return out
			}
		}
		return got
	}
	return walk("$", rec, got).(map[string]any), diffs
}

// volatileHeader is the recorded headers that differ on every call.
var volatileHeader = map[string]bool{"connection": true, "date": true, "x-amzn-requestid": true}

// compareHeaders compares the headers a recording kept
// (ResponseMetadata.HTTPHeaders; most recordings keep none) with the fake's,
// but the volatile ones; content-length is the body's length.
func (m *matcher) compareHeaders(rec any, header http.Header, body []byte) []string {
	r, _ := rec.(map[string]any)
	rm, _ := r["ResponseMetadata"].(map[string]any)
	hs, _ := rm["HTTPHeaders"].(map[string]any)
	keys := make([]string, 0, len(hs))
	for k := range hs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var diffs []string
	for _, k := range keys {
		if volatileHeader[k] {
			continue
		}
		path := "$.ResponseMetadata.HTTPHeaders." + k
		var got any
		if vs := header.Values(k); len(vs) > 0 {
			got = strings.Join(vs, ",")
		}
		if k == "content-length" {
			got = fmt.Sprint(len(body))
		}
		if got == nil {
			diffs = append(diffs, fmt.Sprintf("%s: recorded %s, got no header", path, show(hs[k])))
			continue
		}
		m.walk(path, hs[k], got, &diffs)
	}
	return diffs
}

// compareRaw compares a raw answer with recorded response key of test id in
// file: compare of answerDoc, JSON text members decoded (jsonText) and the
// headers the recording kept (compareHeaders).
func (m *matcher) compareRaw(t testing.TB, file, id, key string, status int, header http.Header, body []byte) []string {
	t.Helper()
	rec, ok := loadRecordings(t, file)[id][key]
	if !ok {
		return []string{fmt.Sprintf("no recorded response %s/%s", id, key)}
	}
	doc, err := answerDoc(status, header, body)
	if err != nil {
		return []string{err.Error()}
	}
	doc, diffs := jsonText(rec, doc, recordedKeyOrders(t, file, id)[key])
	diffs = append(diffs, m.compare(rec, doc)...)
	return append(diffs, m.compareHeaders(rec, header, body)...)
}

// unreplayed is the responses recorded for test id in file that matched
// does not list, sorted.
func unreplayed(t testing.TB, file, id string, matched map[string]bool) []string {
	t.Helper()
	var out []string
	for k := range loadRecordings(t, file)[id] {
		if !matched[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// bind binds numbered placeholder ph to v, for a test that chose v (a name
// it sent): compare then wants v wherever ph stands, and no other numbered
// placeholder may be v.
func (m *matcher) bind(ph, v string) *matcher {
	m.bound[ph], m.owner[v] = v, ph
	return m
}

// except drops the differences at the top-level members names from diffs
// (compare's or compareRaw's), for a test that compares those members
// otherwise or not at all, saying why at the call. Placeholders inside them
// may have been bound: except members without numbered ones.
func except(diffs []string, names ...string) []string {
	var out []string
next:
	for _, d := range diffs {
		for _, n := range names {
			if p := "$." + n; strings.HasPrefix(d, p+":") || strings.HasPrefix(d, p+".") || strings.HasPrefix(d, p+"[") {
				continue next
			}
		}
		out = append(out, d)
	}
	return out
}

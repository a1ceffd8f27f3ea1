package fakelambda_test

import (
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
		if _, short, ok := strings.Cut(id, ".py::"); ok {
			id = short
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
		if r == "date" || r == "datetime" {
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
			if got == nil {
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
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

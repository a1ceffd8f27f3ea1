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
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
)

// Replays of recorded AWS tests (test_lambda_api.snapshot.json): each entry
// makes the calls the recorded test made, in order, over raw HTTP (recorded
// tests deliberately send input an SDK would refuse), and compares each
// answer the test recorded with the recording (recording_test.go). Both
// transports: the fake's ServeHTTP in-process, and an httptest server.
//
// Calls come from LocalStack's test source (tests/aws/services/lambda_/
// test_lambda_api.py): its parameters and order, not its code.

// rcall is one call of a replay.
type rcall struct {
	key    string // the recorded response compared with; "" for a call the test did not record (must succeed)
	sub    string // compare with this member of the recorded response (the fixture's CreateFunctionResponse)
	method string
	path   string
	query  string
	body   any // JSON-encoded; a string is sent as is
	// save stores members of the answer for later calls: variable name ->
	// dotted path in the answer ("Configuration.RevisionId"); a path, query
	// or body uses it as {{name}}.
	save map[string]string
	// shape turns the answer into what the test recorded (a paginator's
	// merged result, the sorted keys of account settings).
	shape func(doc map[string]any) map[string]any
	// wait polls GetFunctionConfiguration until the function's State is
	// Active and LastUpdateStatus is not InProgress (the SDK waiters
	// FunctionActiveV2 and FunctionUpdatedV2), advancing the clock; the
	// other fields are unused.
	wait string
	// fail lets a setup call (key "") fail: the test expected an error it
	// did not record.
	fail bool
	// advance moves the clock (the test waited); the other fields are unused.
	advance time.Duration
	// valueKey is a recorded value the test computed from answers (after
	// this call's save): value computes it from the saved variables.
	valueKey string
	value    func(vars map[string]string) any
}

// replay is one recorded test.
type replay struct {
	id    string // Class::test[param]
	calls []rcall
	// big marks a replay that sends a body of tens of megabytes: under the
	// race detector it takes ~45 s and ~3 GB, so it runs there only with
	// FAKELAMBDA_BIG_BODIES=1 (it always runs without -race, in ~3 s).
	big bool
}

// Answers that depend on the function lifecycle (Pending/InProgress,
// transitions that change RevisionId, 409 while an update is in progress):
// compared, but differences are logged, not failed. Key: "id/response".
// FAKELAMBDA_REPLAY_STRICT=1 fails them (and the elsewhere ones), to see
// what is left. Empty: the lifecycle has landed and every such answer must
// match.
var lifecycle = map[string]string{}

// Recorded responses the fake cannot reproduce, with the reason. Key:
// "id/response" ("id/*": the whole test). The calls are made, their
// answers not compared.
var notReproducible = map[string]string{}

// Answers that need a fix in a file other work owns: compared and logged
// like lifecycle, until that fix lands. Key: "id/response". Empty: every
// such fix has landed.
var elsewhere = map[string]string{}

const (
	account = "111111111111"
	suRole  = "arn:aws:iam::111111111111:role/lambda-su-role"
)

// zip is deterministic "code" for a function; the fake does not unzip.
func zip(s string) string { return base64.StdEncoding.EncodeToString([]byte("PK\x03\x04" + s)) }

// fixture is the body LocalStack's create_lambda_function fixture sends:
// handler.handler, a 30 s timeout, empty environment, the su role.
func fixture(name, runtime string, extra ...map[string]any) map[string]any {
	b := map[string]any{
		"FunctionName": name,
		"Runtime":      runtime,
		"Handler":      "handler.handler",
		"Role":         suRole,
		"Timeout":      30,
		"Environment":  map[string]any{"Variables": map[string]any{}},
		"Code":         map[string]any{"ZipFile": zip(name)},
	}
	for _, e := range extra {
		for k, v := range e {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
	}
	return b
}

// plain is the body of a create_lambda_function_aws call (no fixture defaults).
func plain(name, runtime string, extra ...map[string]any) map[string]any {
	b := map[string]any{
		"FunctionName": name,
		"Runtime":      runtime,
		"Handler":      "index.handler",
		"Role":         suRole,
		"PackageType":  "Zip",
		"Code":         map[string]any{"ZipFile": zip(name)},
	}
	for _, e := range extra {
		for k, v := range e {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
	}
	return b
}

const fnPath = "/2015-03-31/functions"

// create makes the fixture's CreateFunction compared with key's
// CreateFunctionResponse, then waits for Active like the fixture.
func create(key string, body map[string]any) []rcall {
	c := rcall{key: key, method: "POST", path: fnPath, body: body}
	if key != "" {
		c.sub = "CreateFunctionResponse"
	}
	return []rcall{c, waitFor(body["FunctionName"].(string))}
}

// createAWS is create_lambda_function_aws: no waiting.
func createAWS(key string, body map[string]any) rcall {
	return rcall{key: key, method: "POST", path: fnPath, body: body}
}

func waitFor(name string) rcall { return rcall{wait: name} }

func get(key, path string) rcall { return rcall{key: key, method: "GET", path: path} }
func del(key, path string) rcall { return rcall{key: key, method: "DELETE", path: path} }
func post(key, path string, body any) rcall {
	return rcall{key: key, method: "POST", path: path, body: body}
}
func put(key, path string, body any) rcall {
	return rcall{key: key, method: "PUT", path: path, body: body}
}

func (c rcall) withValue(key string, f func(map[string]string) any) rcall {
	c.valueKey, c.value = key, f
	return c
}

// diff is the difference of two saved numbers.
func diff(a, b string) func(map[string]string) any {
	return func(vars map[string]string) any { return float64(num(vars[a]) - num(vars[b])) }
}

// more reports whether saved a exceeds saved b by more than n.
func more(a, b string, n int64) func(map[string]string) any {
	return func(vars map[string]string) any { return num(vars[a])-num(vars[b]) > n }
}

func num(s string) int64 {
	var f float64
	fmt.Sscan(s, &f)
	return int64(f)
}

func (c rcall) q(query string) rcall                { c.query = query; return c }
func (c rcall) saving(vars map[string]string) rcall { c.save = vars; return c }
func (c rcall) shaped(f func(map[string]any) map[string]any) rcall {
	c.shape = f
	return c
}

// seq flattens calls and call lists.
func seq(parts ...any) []rcall {
	var out []rcall
	for _, p := range parts {
		switch p := p.(type) {
		case rcall:
			out = append(out, p)
		case []rcall:
			out = append(out, p...)
		default:
			panic(fmt.Sprintf("seq: %T", p))
		}
	}
	return out
}

// replays is the table, filled by the replays_*.go files' init functions.
var replays []replay

func register(rs ...replay) { replays = append(replays, rs...) }

// TestRecordedReplays replays every entry on both transports.
func TestRecordedReplays(t *testing.T) {
	recs := loadRecordings(t, "test_lambda_api.snapshot.json")
	seen := map[string]bool{}
	for _, r := range replays {
		if seen[r.id] {
			t.Fatalf("%s: two entries", r.id)
		}
		seen[r.id] = true
		rec, ok := recs[r.id]
		if !ok {
			t.Errorf("%s: no such recorded test", r.id)
			continue
		}
		t.Run(r.id, func(t *testing.T) {
			if r.big && raceEnabled && os.Getenv("FAKELAMBDA_BIG_BODIES") == "" {
				t.Skip("a body of tens of megabytes under the race detector: set FAKELAMBDA_BIG_BODIES=1 to run it")
			}
			t.Parallel()
			checkCoverage(t, r, rec)
			for _, tr := range []string{"inprocess", "http"} {
				t.Run(tr, func(t *testing.T) { runReplay(t, r, rec, tr == "http") })
			}
		})
	}
}

// checkCoverage fails when a recorded response of the test is neither
// replayed nor listed as not reproducible.
func checkCoverage(t *testing.T, r replay, rec recordedTest) {
	done := map[string]bool{}
	for _, c := range r.calls {
		if c.key != "" {
			if _, ok := rec[c.key]; !ok {
				t.Errorf("call compared with %q, which the test did not record", c.key)
			}
			done[c.key] = true
		}
		if c.valueKey != "" {
			done[c.valueKey] = true
		}
	}
	if notReproducible[r.id+"/*"] != "" {
		return
	}
	for k := range rec {
		if !done[k] && notReproducible[r.id+"/"+k] == "" {
			t.Errorf("recorded response %q is not replayed", k)
		}
	}
}

// do sends one request and returns the answer as recorded-shaped JSON.
type doer func(method, path, query string, body []byte) (int, http.Header, []byte)

func runReplay(t *testing.T, r replay, rec recordedTest, overHTTP bool) {
	clk := clock.NewMock()
	clk.Set(epoch)
	opts := []fakelambda.Option{fakelambda.WithClock(clk), fakelambda.WithAccountID(account)}
	var do doer
	if overHTTP {
		srv := fakelambda.NewServer(t, opts...)
		hc := &http.Client{Transport: &http.Transport{}}
		t.Cleanup(hc.CloseIdleConnections)
		do = func(method, path, query string, body []byte) (int, http.Header, []byte) {
			u := srv.URL + path
			if query != "" {
				u += "?" + query
			}
			req, err := http.NewRequest(method, u, bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode, resp.Header, b
		}
	} else {
		f := fakelambda.New(opts...)
		do = func(method, path, query string, body []byte) (int, http.Header, []byte) {
			u := "https://lambda.us-east-1.amazonaws.com" + path
			if query != "" {
				u += "?" + query
			}
			req := httptest.NewRequest(method, u, bytes.NewReader(body))
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			w := httptest.NewRecorder()
			f.ServeHTTP(w, req)
			return w.Code, w.Header(), w.Body.Bytes()
		}
	}
	m := newMatcher()
	vars := map[string]string{}
	// pending is the function a successful create or update left in
	// transition. The recorded tests wait for Active/Successful (LocalStack's
	// fixtures and tests use the SDK waiters) unless their next call is a
	// read whose recorded answer shows the transition, or a call whose
	// recorded answer is the 409 of a function in transition (the
	// concurrent-update tests change the function again at once).
	pending := ""
	for i, c := range r.calls {
		if c.wait != "" {
			waitReady(t, do, clk, c.wait)
			pending = ""
			continue
		}
		if pending != "" && c.advance == 0 {
			p := subst(c.path, vars)
			if !(c.method == "GET" && strings.HasPrefix(p, fnPath+"/"+pending) && inTransition(rec[c.key])) && !inTransitionConflict(rec[c.key]) {
				waitReady(t, do, clk, pending)
			}
			pending = ""
		}
		if c.advance > 0 {
			clk.Add(c.advance)
			continue
		}
		path, query := subst(c.path, vars), subst(c.query, vars)
		var body []byte
		switch b := c.body.(type) {
		case nil:
		case string:
			body = []byte(subst(b, vars))
		case func() string:
			body = []byte(b())
		default:
			raw, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			body = []byte(subst(string(raw), vars))
		}
		status, header, out := do(c.method, path, query, body)
		doc, err := answerDoc(status, header, out)
		if err != nil {
			t.Fatalf("call %d %s %s: %v", i, c.method, path, err)
		}
		if name := transitioned(c.method, path, status, doc); name != "" {
			pending = name
		}
		for name, p := range c.save {
			v, ok := lookup(doc, p)
			if !ok {
				t.Fatalf("call %d %s %s: no %s in %s", i, c.method, path, p, out)
			}
			vars[name] = fmt.Sprint(v)
		}
		if c.valueKey != "" && notReproducible[r.id+"/"+c.valueKey] == "" {
			report(t, r.id, c.valueKey, m.compare(rec[c.valueKey], c.value(vars)), c.method+" "+path)
		}
		if c.key == "" {
			if status >= 300 && !c.fail {
				t.Fatalf("call %d %s %s %s: %d %s", i, c.method, path, body, status, out)
			}
			continue
		}
		if notReproducible[r.id+"/"+c.key] != "" {
			continue
		}
		recorded := rec[c.key]
		if c.sub != "" {
			recorded = recorded.(map[string]any)[c.sub]
		}
		if c.shape != nil {
			doc = c.shape(doc)
		}
		report(t, r.id, c.key, m.compare(recorded, doc), c.method+" "+path)
	}
}

// report fails the test with every difference, or logs them when the
// response is in the lifecycle set.
func report(t *testing.T, id, key string, diffs []string, call string) {
	t.Helper()
	if len(diffs) == 0 {
		return
	}
	msg := fmt.Sprintf("%s/%s (%s): %d differences:\n\t%s", id, key, call, len(diffs), strings.Join(diffs, "\n\t"))
	strict := os.Getenv("FAKELAMBDA_REPLAY_STRICT") != "" // fail the logged ones too
	switch {
	case strict:
		t.Error(msg)
	case lifecycle[id+"/"+key] != "":
		t.Logf("lifecycle (%s): %s", lifecycle[id+"/"+key], msg)
	case elsewhere[id+"/"+key] != "":
		t.Logf("needs a fix elsewhere (%s): %s", elsewhere[id+"/"+key], msg)
	default:
		t.Error(msg)
	}
}

// inTransition reports whether a recorded answer shows a function Pending or
// an update InProgress.
func inTransition(recorded any) bool {
	doc, _ := recorded.(map[string]any)
	if c, ok := doc["Configuration"].(map[string]any); ok {
		doc = c
	}
	return doc["State"] == "Pending" || doc["LastUpdateStatus"] == "InProgress"
}

// inTransitionConflict reports whether a recorded answer is the 409 Lambda
// answers a change to a function that is Pending or being updated.
func inTransitionConflict(recorded any) bool {
	doc, _ := recorded.(map[string]any)
	e, _ := doc["Error"].(map[string]any)
	msg, _ := e["Message"].(string)
	return e["Code"] == "ResourceConflictException" && strings.HasPrefix(msg, "The operation cannot be performed at this time.")
}

// transitioned names the function a call left in transition: a created
// function (Pending), or one whose code or configuration was updated
// (InProgress).
func transitioned(method, path string, status int, doc map[string]any) string {
	switch {
	case method == "POST" && path == fnPath && status == 201:
	case method == "PUT" && status == 200 && (strings.HasSuffix(path, "/configuration") || strings.HasSuffix(path, "/code")):
	default:
		return ""
	}
	name, _ := doc["FunctionName"].(string)
	return name
}

// waitReady polls like the SDK waiters FunctionActiveV2/FunctionUpdatedV2.
func waitReady(t *testing.T, do doer, clk *clock.Mock, name string) {
	t.Helper()
	for range 30 {
		status, header, out := do("GET", fnPath+"/"+name+"/configuration", "", nil)
		doc, err := answerDoc(status, header, out)
		if err != nil || status != 200 {
			t.Fatalf("waiting for %s: %d %s", name, status, out)
		}
		if doc["State"] != "Pending" && doc["LastUpdateStatus"] != "InProgress" {
			return
		}
		clk.Add(5 * time.Second)
	}
	t.Fatalf("%s never became ready", name)
}

func subst(s string, vars map[string]string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s = strings.ReplaceAll(s, "{{"+k+"}}", vars[k])
	}
	return s
}

func lookup(doc map[string]any, path string) (any, bool) {
	var cur any = doc
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// sortedKeys shapes the answer as test_account_settings recorded it: the
// named members replaced by their sorted keys.
func sortedKeys(members ...string) func(map[string]any) map[string]any {
	return func(doc map[string]any) map[string]any {
		for _, k := range members {
			obj, _ := doc[k].(map[string]any)
			keys := []any{}
			for kk := range obj {
				keys = append(keys, kk)
			}
			sort.Slice(keys, func(i, j int) bool { return keys[i].(string) < keys[j].(string) })
			doc[k] = keys
		}
		return doc
	}
}

// paginated shapes one page as a paginator's build_full_result: no
// ResponseMetadata, no markers.
func paginated(doc map[string]any) map[string]any {
	delete(doc, "ResponseMetadata")
	delete(doc, "NextMarker")
	return doc
}

// replayedClasses are the recorded classes this table covers.
var replayedClasses = []string{"TestLambdaFunction", "TestLambdaVersions", "TestLambdaAlias", "TestLambdaRevisions",
	"TestLambdaTag", "TestLambdaTags", "TestLambdaReservedConcurrency", "TestLambdaProvisionedConcurrency",
	"TestLambdaAccountSettings", "TestLambdaSizeLimits", "TestRuntimeValidation", "TestLoggingConfig",
	"TestLambdaSnapStart", "TestLambdaImages", "TestPartialARNMatching", "TestLambdaRecursion"}

// TestRecordedCoverage fails when a recorded test of the replayed classes has
// no entry in the table and is not listed as not reproducible ("id/*").
func TestRecordedCoverage(t *testing.T) {
	recs := loadRecordings(t, "test_lambda_api.snapshot.json")
	have := map[string]bool{}
	for _, r := range replays {
		have[r.id] = true
	}
	// class -> tests, recorded responses, compared, of which logged as
	// lifecycle or needing a fix elsewhere (the rest must match)
	counts := map[string][5]int{}
	for id, rec := range recs {
		class, _, _ := strings.Cut(id, "::")
		if !slices.Contains(replayedClasses, class) {
			continue
		}
		c := counts[class]
		c[0]++
		c[1] += len(rec)
		switch {
		case len(rec) == 0: // nothing recorded (TestPartialARNMatching, some parameters)
		case have[id]:
			for k := range rec {
				key := id + "/" + k
				if notReproducible[key] != "" {
					continue
				}
				c[2]++
				switch {
				case lifecycle[key] != "":
					c[3]++
				case elsewhere[key] != "":
					c[4]++
				}
			}
		case notReproducible[id+"/*"] == "":
			t.Errorf("%s: recorded, not replayed", id)
		}
		counts[class] = c
	}
	for _, class := range replayedClasses {
		c := counts[class]
		t.Logf("%-34s %3d tests, %3d recorded responses, %3d compared: %3d must match, %3d lifecycle, %3d need a fix elsewhere",
			class, c[0], c[1], c[2], c[2]-c[3]-c[4], c[3], c[4])
	}
}

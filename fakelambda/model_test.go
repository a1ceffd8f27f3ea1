package fakelambda

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestModel applies random sequences of operations to the fake and to a
// small reference model of functions (their code, description and memory),
// versions, aliases, provisioned and reserved concurrency and tags, and
// requires the same answers: status, error code, and the key fields of
// successes (some errors' messages too). Every operation the model sends
// must succeed at least once over the seeds.
func TestModel(t *testing.T) {
	seen := map[string]int{}
	succeeded := map[string]bool{}
	defer func() {
		keys := make([]string, 0, len(seen))
		for k := range seen {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%5d  %s", seen[k], k)
		}
	}()
	for seed := int64(1); seed <= 40; seed++ {
		t.Run(strconv.FormatInt(seed, 10), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			f := New(WithClock(fuzzClock{fuzzEpoch}), WithoutTransitions(), WithConcurrencyLimit(200), WithMinUnreserved(40))
			f.SetDurableHandler("d", modelDurable) // durable_model_test.go
			m := &model{limit: 200, minUnres: 40, fns: map[string]*mFn{}}
			var trace []string
			for i := 0; i < 300; i++ {
				op := m.bindDurable(m.bindESM(m.bindCSC(randomOp(rng)))) // model_layers_test.go, esm_internal_test.go, durable_model_test.go
				want := m.apply(op)
				w := do(f, op.method, op.target, op.header, op.body)
				m.learnCSC(op, w)
				m.observeESM(op, w)
				m.observeDurable(op, w) // durable_model_test.go
				got := answerOf(w, op.key)
				seen[op.kind+" -> "+strings.SplitN(got, "=", 2)[0]]++
				if w.Code < 300 || got == policyMissing {
					succeeded[op.kind] = true
				}
				trace = append(trace, fmt.Sprintf("%s %s %v %s -> %s", op.method, op.target, op.header, op.body, got))
				if got != want {
					t.Fatalf("step %d: fake answered %s, model %s\n%s", i, got, want, strings.Join(trace, "\n"))
				}
			}
		})
	}
	if t.Failed() {
		return
	}
	for _, k := range opKinds {
		if !succeeded[k.kind] {
			t.Errorf("%s never succeeded in %d seeds: the model does not exercise it", k.kind, 40)
		}
	}
}

// mOp is one operation: the request, what the model needs of it, and the
// answer fields to compare.
type mOp struct {
	kind, fn, q string // q: qualifier, alias name, or version, as the kind needs
	n           int
	method      string
	target      string
	header      http.Header
	body        []byte
	key         string // comma-separated: the answer's fields compared on success (see answerOf)

	desc              *string
	mem, size         int
	publish, dryRun   bool
	badRevision       bool
	qualifiedResource bool              // a tags operation on a qualified ARN
	tags              map[string]string // CreateFunction's, TagResource's
	loop              string            // PutFunctionRecursionConfig's RecursiveLoop; PutRuntimeManagementConfig's UpdateRuntimeOn
	tagKeys           []string          // UntagResource's
	invocationType    string
	marker            string // ListProvisionedConcurrencyConfigs' Marker: the key it starts at
	perm              *mPerm // the permission operations' (permissions_model_test.go)
}

// opKinds are the operations randomOp sends, with their weights.
var opKinds = append([]struct {
	kind string
	w    int
}{
	{"create", 2}, {"delete", 1}, {"getFunction", 3}, {"getConfig", 2}, {"config", 3}, {"updateCode", 3},
	{"listFunctions", 1}, {"deleteVersion", 2}, {"publish", 4}, {"listVersions", 2},
	{"createAlias", 4}, {"updateAlias", 2}, {"getAlias", 2}, {"deleteAlias", 1}, {"listAliases", 2},
	{"putPC", 6}, {"getPC", 3}, {"deletePC", 3}, {"listPC", 2},
	{"putReserved", 2}, {"deleteReserved", 1}, {"getReserved", 1}, {"account", 1},
	{"invoke", 4}, {"tag", 3}, {"untag", 2}, {"listTags", 2}, {"getPolicy", 1}, {"getCSC", 1},
	{"putRecursion", 1}, {"getRecursion", 1}, {"putRuntime", 1}, {"getRuntime", 1}, {"putScaling", 1}, {"getScaling", 1},
	{"addPermission", 4}, {"removePermission", 2}, {"getRP", 1}, {"putRP", 1}, {"deleteRP", 1}, // permissions_model_test.go
	{"createESM", 3}, {"getESM", 2}, {"updateESM", 2}, {"deleteESM", 1}, {"listESM", 1}, // esm_internal_test.go
	{"putEIC", 2}, {"updateEIC", 1}, {"getEIC", 1}, {"deleteEIC", 1}, {"listEIC", 1}, {"invokeAsync", 1}, // eventinvoke_model_test.go
}, append(extraKinds, append(urlKinds, append(cpKinds, durKinds...)...)...)...) // durable executions: durable_model_test.go; layers and code signing: model_layers_test.go; URLs: model_urls_test.go; capacity providers: capacityproviders_model_test.go

var opWeight = func() int {
	n := 0
	for _, k := range opKinds {
		n += k.w
	}
	return n
}()

const modelARN = "arn:aws:lambda:us-east-1:123456789012:function:"

func randomOp(rng *rand.Rand) mOp {
	fn := []string{"a", "b"}[rng.Intn(2)]
	alias := []string{"X", "Y"}[rng.Intn(2)]
	ver := strconv.Itoa(1 + rng.Intn(2))
	q := []string{alias, ver}[rng.Intn(2)]
	n := 1 + rng.Intn(70)
	fp := "/2015-03-31/functions/" + fn
	pc := "/2019-09-30/functions/" + fn + "/provisioned-concurrency?Qualifier=" + q
	// readQ is a qualifier for the reads and Invoke, "" for none, and
	// readPath the function name with it, in the path or the query.
	readQ := []string{"", "$LATEST", alias, ver}[rng.Intn(4)]
	readName, readQuery := fn, ""
	if readQ != "" {
		if rng.Intn(3) == 0 {
			readName = fn + ":" + readQ
		} else {
			readQuery = "?Qualifier=" + readQ
		}
	}
	kind := ""
	for r := rng.Intn(opWeight); ; {
		k := opKinds[0]
		for _, k = range opKinds {
			if r < k.w {
				break
			}
			r -= k.w
		}
		kind = k.kind
		break
	}
	if isDurKind(kind) && rng.Intn(6) == 0 { // durable executions need their function d: durable_model_test.go
		kind, fn = "create", "d"
	}
	op := mOp{kind: kind, fn: fn}
	switch kind {
	case "create":
		op.method, op.target, op.key = "POST", "/2015-03-31/functions", "Version"
		op.publish = rng.Intn(4) == 0
		if rng.Intn(3) == 0 {
			op.tags = map[string]string{"k1": "v0"}
		}
		body := `{"FunctionName":"` + fn + `","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"emlw"}`
		if op.publish {
			body += `,"Publish":true`
		}
		if op.tags != nil {
			body += `,"Tags":{"k1":"v0"}`
		}
		op.body = []byte(body + "}")
	case "delete":
		op.method, op.target = "DELETE", fp
	case "getFunction", "getConfig", "getPolicy":
		op.q = readQ
		op.method = "GET"
		op.target = "/2015-03-31/functions/" + readName + readQuery
		switch kind {
		case "getFunction":
			op.key = "Configuration.Version,Configuration.Description,Configuration.MemorySize,Configuration.CodeSize,Tags,Concurrency.ReservedConcurrentExecutions"
		case "getConfig":
			op.target = "/2015-03-31/functions/" + readName + "/configuration" + readQuery
			op.key = "Version,Description,MemorySize,CodeSize"
		case "getPolicy":
			op.target = "/2015-03-31/functions/" + readName + "/policy" + readQuery
			op.key = "Policy,message"
		}
	case "config":
		var in []string
		if r := rng.Intn(3); r > 0 {
			d := []string{"one", "two"}[rng.Intn(2)]
			op.desc = &d
			in = append(in, `"Description":"`+d+`"`)
		}
		if r := rng.Intn(3); r > 0 || op.desc == nil {
			op.mem = []int{128, 256}[rng.Intn(2)]
			in = append(in, `"MemorySize":`+strconv.Itoa(op.mem))
		}
		if rng.Intn(10) == 0 {
			op.badRevision = true
			in = append(in, `"RevisionId":"not-the-revision"`)
		}
		op.method, op.target, op.key = "PUT", fp+"/configuration", "Version,Description,MemorySize"
		op.body = []byte("{" + strings.Join(in, ",") + "}")
	case "updateCode":
		zip := []string{"emlw", "bmV3ZXIh"}[rng.Intn(2)] // "zip", "newer!"
		op.size = len(must64(zip))
		op.publish, op.dryRun, op.badRevision = rng.Intn(3) == 0, rng.Intn(6) == 0, rng.Intn(10) == 0
		body := `{"ZipFile":"` + zip + `","Publish":` + strconv.FormatBool(op.publish) + `,"DryRun":` + strconv.FormatBool(op.dryRun)
		if op.badRevision {
			body += `,"RevisionId":"not-the-revision"`
		}
		op.method, op.target, op.key, op.body = "PUT", fp+"/code", "Version,CodeSize", []byte(body+"}")
	case "listFunctions":
		op.method, op.target, op.key = "GET", "/2015-03-31/functions", "Functions.*.FunctionName,Functions.*.Version"
		if rng.Intn(2) == 0 {
			op.q = "ALL"
			op.target += "?FunctionVersion=ALL"
		}
	case "deleteVersion":
		op.q, op.method, op.target = ver, "DELETE", fp+"?Qualifier="+ver
	case "publish":
		op.method, op.target, op.body, op.key = "POST", fp+"/versions", []byte(`{}`), "Version"
	case "listVersions":
		op.method, op.target, op.key = "GET", fp+"/versions", "Versions.*.Version,Versions.*.Description,Versions.*.MemorySize,Versions.*.CodeSize"
	case "createAlias":
		op.q, op.n, op.method, op.target, op.key = alias, atoi(ver), "POST", fp+"/aliases", "FunctionVersion"
		op.body = []byte(`{"Name":"` + alias + `","FunctionVersion":"` + ver + `"}`)
	case "updateAlias":
		op.q, op.n, op.method, op.target, op.key = alias, atoi(ver), "PUT", fp+"/aliases/"+alias, "FunctionVersion"
		op.body = []byte(`{"FunctionVersion":"` + ver + `"}`)
	case "getAlias":
		op.q, op.method, op.target, op.key = alias, "GET", fp+"/aliases/"+alias, "FunctionVersion"
	case "deleteAlias":
		op.q, op.method, op.target = alias, "DELETE", fp+"/aliases/"+alias
	case "listAliases":
		op.method, op.target, op.key = "GET", fp+"/aliases", "Aliases.*.Name,Aliases.*.FunctionVersion"
		if rng.Intn(3) == 0 {
			op.q = ver
			op.target += "?FunctionVersion=" + ver
		}
	case "putPC":
		op.q, op.n, op.method, op.target, op.key = q, n, "PUT", pc, "RequestedProvisionedConcurrentExecutions"
		op.body = []byte(`{"ProvisionedConcurrentExecutions":` + strconv.Itoa(n) + `}`)
	case "getPC":
		op.q, op.method, op.target, op.key = q, "GET", pc, "RequestedProvisionedConcurrentExecutions"
	case "deletePC":
		op.q, op.method, op.target = q, "DELETE", pc
	case "listPC":
		op.n = 1 + rng.Intn(3)
		op.method = "GET"
		op.target = "/2019-09-30/functions/" + fn + "/provisioned-concurrency?List=ALL&MaxItems=" + strconv.Itoa(op.n)
		if rng.Intn(3) == 0 {
			op.marker = []string{"1", "2", "X", "Y"}[rng.Intn(4)]
			op.target += "&Marker=" + base64.RawURLEncoding.EncodeToString([]byte(op.marker))
		}
		op.key = "ProvisionedConcurrencyConfigs.*.FunctionArn,ProvisionedConcurrencyConfigs.*.RequestedProvisionedConcurrentExecutions,NextMarker"
	case "putReserved":
		r := rng.Intn(180)
		if rng.Intn(5) == 0 {
			r = 0 // throttles every invocation
		}
		op.n, op.method, op.target, op.key = r, "PUT", "/2017-10-31/functions/"+fn+"/concurrency", "ReservedConcurrentExecutions"
		op.body = []byte(`{"ReservedConcurrentExecutions":` + strconv.Itoa(r) + `}`)
	case "deleteReserved":
		op.method, op.target = "DELETE", "/2017-10-31/functions/"+fn+"/concurrency"
	case "getReserved":
		op.method, op.target, op.key = "GET", "/2019-09-30/functions/"+fn+"/concurrency", "ReservedConcurrentExecutions"
	case "account":
		op.method, op.target, op.key = "GET", "/2016-08-19/account-settings", "AccountLimit.UnreservedConcurrentExecutions"
	case "invoke":
		op.q = readQ
		op.invocationType = []string{"RequestResponse", "RequestResponse", "", "Event", "DryRun"}[rng.Intn(5)]
		if op.invocationType != "" {
			op.header = http.Header{"X-Amz-Invocation-Type": {op.invocationType}}
		}
		if op.invocationType == "" || op.invocationType == "RequestResponse" {
			op.key = "@X-Amz-Executed-Version"
		}
		op.method, op.target, op.body = "POST", "/2015-03-31/functions/"+readName+"/invocations"+readQuery, []byte(`{"n":`+strconv.Itoa(n)+`}`)
		if op.invocationType != "Event" && rng.Intn(3) == 0 { // InvokeWithResponseStream answers as Invoke (stream.go)
			op.target = "/2021-11-15/functions/" + readName + "/response-streaming-invocations" + readQuery
		}
	case "tag", "untag", "listTags":
		arn := modelARN + fn
		if rng.Intn(6) == 0 {
			op.qualifiedResource = true
			arn += ":" + q
		}
		if rng.Intn(2) == 0 {
			arn = strings.ReplaceAll(arn, ":", "%3A")
		}
		op.target = "/2017-03-31/tags/" + arn
		op.key = "message"
		switch kind {
		case "tag":
			op.method = "POST"
			op.tags = map[string]string{}
			for i := 0; i < 1+rng.Intn(2); i++ {
				op.tags["k"+strconv.Itoa(1+rng.Intn(3))] = "v" + strconv.Itoa(rng.Intn(2))
			}
			b, _ := json.Marshal(struct{ Tags map[string]string }{op.tags})
			op.body = b
		case "untag":
			op.method = "DELETE"
			var qs []string
			for i := 0; i < 1+rng.Intn(2); i++ {
				k := "k" + strconv.Itoa(1+rng.Intn(3))
				op.tagKeys = append(op.tagKeys, k)
				qs = append(qs, "tagKeys="+k)
			}
			op.target += "?" + strings.Join(qs, "&")
		case "listTags":
			op.method = "GET"
			op.key = "Tags,message"
		}
	case "putRecursion":
		op.loop = []string{"Allow", "Terminate", "Sometimes"}[rng.Intn(3)]
		op.method, op.target, op.key = "PUT", "/2024-08-31/functions/"+fn+"/recursion-config", "RecursiveLoop"
		op.body = []byte(`{"RecursiveLoop":"` + op.loop + `"}`)
	case "getRecursion":
		op.method, op.target, op.key = "GET", "/2024-08-31/functions/"+fn+"/recursion-config", "RecursiveLoop"
	case "putScaling", "getScaling":
		op.q = []string{ver, "$LATEST.PUBLISHED", "$LATEST"}[rng.Intn(3)]
		op.n = rng.Intn(20)
		op.method, op.target, op.key = "GET", "/2025-11-30/functions/"+fn+"/function-scaling-config?Qualifier="+url.QueryEscape(op.q),
			"RequestedFunctionScalingConfig.MinExecutionEnvironments"
		if kind == "putScaling" {
			op.method, op.key = "PUT", "FunctionState"
			op.body = []byte(`{"FunctionScalingConfig":{"MinExecutionEnvironments":` + strconv.Itoa(op.n) + `}}`)
		}
	case "putRuntime", "getRuntime":
		op.q = []string{"", "$LATEST", ver, alias}[rng.Intn(4)]
		op.method, op.target, op.key = "GET", "/2021-07-20/functions/"+fn+"/runtime-management-config", "UpdateRuntimeOn"
		if op.q != "" {
			op.target += "?Qualifier=" + url.QueryEscape(op.q)
		}
		if kind == "putRuntime" {
			op.loop = []string{"Auto", "FunctionUpdate", "Sometimes"}[rng.Intn(3)]
			op.method, op.body = "PUT", []byte(`{"UpdateRuntimeOn":"`+op.loop+`"}`)
		}
	case "getCSC":
		name := fn
		if rng.Intn(4) == 0 {
			op.q = ver
			name += ":" + ver
		}
		op.method, op.target, op.key = "GET", "/2020-06-30/functions/"+name+"/code-signing-config", "FunctionName,CodeSigningConfigArn"
	case "addPermission", "removePermission", "getRP", "putRP", "deleteRP":
		permissionRandomOp(rng, &op, fn, alias, ver)
	case "createESM", "getESM", "updateESM", "deleteESM", "listESM": // esm_internal_test.go
		op = randomESMOp(rng, op)
	case "putEIC", "updateEIC", "getEIC", "deleteEIC", "listEIC", "invokeAsync":
		eventInvokeRandomOp(rng, &op, fn, alias, ver) // eventinvoke_model_test.go
	default:
		if !randomExtraOp(rng, &op) && !randomURLOp(rng, &op, fn, alias, ver) && !randomCPOp(rng, &op) && !randomDurableOp(rng, &op) { // layers and code signing: model_layers_test.go; URLs: model_urls_test.go; capacity providers: capacityproviders_model_test.go
			panic("randomOp: no request for " + kind)
		}
	}
	return op
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func must64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// answerOf reduces an answer to "status code" or "status field=value ...".
// key lists, comma-separated, the fields compared on success: a JSON path
// ("a.b"; "*" projects every element of an array), or "@Header" for a
// header. "message" in key adds the error's message to an error.
func answerOf(w *httptest.ResponseRecorder, key string) string {
	var keys []string
	if key != "" {
		keys = strings.Split(key, ",")
	}
	if w.Code >= 300 {
		s := fmt.Sprintf("%d %s", w.Code, w.Header().Get("X-Amzn-Errortype"))
		if slices.Contains(keys, "message") {
			var e struct{ Message string } // matches "message" and "Message"
			_ = json.Unmarshal(w.Body.Bytes(), &e)
			s += " message=" + e.Message
		}
		return s
	}
	parts := []string{strconv.Itoa(w.Code)}
	var v any
	_ = json.Unmarshal(w.Body.Bytes(), &v)
	for _, k := range keys {
		switch {
		case k == "message":
		case strings.HasPrefix(k, "@"):
			parts = append(parts, k+"="+w.Header().Get(k[1:]))
		default:
			parts = append(parts, k+"="+fmt.Sprint(project(v, strings.Split(k, "."))))
		}
	}
	return strings.Join(parts, " ")
}

// project follows path in a decoded JSON value; "*" maps the rest of the
// path over an array. Integral numbers become ints.
func project(v any, path []string) any {
	if len(path) == 0 {
		if fl, ok := v.(float64); ok && fl == float64(int(fl)) {
			return int(fl)
		}
		return v
	}
	if path[0] == "*" {
		arr, _ := v.([]any)
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = project(e, path[1:])
		}
		return out
	}
	obj, _ := v.(map[string]any)
	return project(obj[path[0]], path[1:])
}

// ans is the model's answer: status and fields, as answerOf renders them;
// kv alternates field names and values.
func ans(status int, kv ...any) string {
	parts := []string{strconv.Itoa(status)}
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, fmt.Sprintf("%s=%v", kv[i], kv[i+1]))
	}
	return strings.Join(parts, " ")
}

type model struct {
	limit, minUnres int
	fns             map[string]*mFn
	ext             *mExtra   // layers and code signing: model_layers_test.go
	esms            []*mESM   // event source mappings, in creation order (esm_internal_test.go; added by the esm branch)
	urls            mURLs     // function URLs: model_urls_test.go
	cps             mCPs      // capacity providers: capacityproviders_model_test.go (added by the cap branch)
	dur             *mDurable // durable executions of d: durable_model_test.go
}

// mCfg is what the model knows of a configuration: what its operations
// change. Two configurations are equal when Lambda's fingerprint is.
type mCfg struct {
	desc      string
	mem, size int
}

type mFn struct {
	latest    mCfg
	published mCfg         // $LATEST when last published
	versions  map[int]mCfg // published versions
	next      int          // the highest version number published
	aliases   map[string]int
	pcs       map[string]int // qualifier -> requested
	reserved  *int
	tags      map[string]string
	loop      string              // RecursiveLoop; "" is Terminate
	runtime   map[string]string   // UpdateRuntimeOn by version ("$LATEST" or a number); absent is Auto
	scaling   map[int]int         // requested MinExecutionEnvironments by version
	policies  map[string]*mPolicy // by scope: "", a version, an alias (permissions_model_test.go)
	eic       map[string]int      // async invoke configs' MaximumRetryAttempts by scope (eventinvoke_model_test.go)
}

func (fn *mFn) hasVersion(n int) bool {
	_, ok := fn.versions[n]
	return ok
}

func (fn *mFn) totalPC(except string) int {
	n := 0
	for q, r := range fn.pcs {
		if q != except {
			n += r
		}
	}
	return n
}

func (m *model) unreserved(except string) int {
	n := m.limit
	for name, fn := range m.fns {
		if name == except {
			continue
		}
		if fn.reserved != nil {
			n -= *fn.reserved
		} else {
			n -= fn.totalPC("")
		}
	}
	return n
}

const (
	notFound  = "404 ResourceNotFoundException"
	conflict  = "409 ResourceConflictException"
	invalid   = "400 InvalidParameterValueException"
	noPC      = "404 ProvisionedConcurrencyConfigNotFoundException"
	noContent = "204"
	// policyMissing is GetPolicy's answer on an existing function, version
	// or alias: the fake has no resource-based policies.
	policyMissing = notFound + " message=The resource you requested does not exist."
)

func ok(status int, key string, v any) string { return fmt.Sprintf("%d %s=%v", status, key, v) }

// functionNotFound is the 404 naming the function's ARN, with its message.
func functionNotFound(arn string) string {
	return notFound + " message=Function not found: " + arn
}

// exists reports whether q names a published version or an alias of fn.
func (fn *mFn) exists(q string) bool {
	if n, err := strconv.Atoi(q); err == nil {
		return fn.hasVersion(n)
	}
	_, ok := fn.aliases[q]
	return ok
}

// resolve is what a read's qualifier designates: the configuration and
// its version.
func (fn *mFn) resolve(q string) (mCfg, string, bool) {
	switch {
	case q == "" || q == "$LATEST":
		return fn.latest, "$LATEST", true
	case isVersionNumber(q):
		c, ok := fn.versions[atoi(q)]
		return c, q, ok
	default:
		v, ok := fn.aliases[q]
		return fn.versions[v], strconv.Itoa(v), ok
	}
}

// publish is PublishVersion: a new version, or the last one when $LATEST
// has not changed since it was published and it still exists.
func (fn *mFn) publish() int {
	if fn.hasVersion(fn.next) && fn.latest == fn.published {
		return fn.next
	}
	fn.next++
	fn.versions[fn.next] = fn.latest
	fn.published = fn.latest
	return fn.next
}

func (fn *mFn) sortedVersions() []int {
	vs := slices.Collect(maps.Keys(fn.versions))
	slices.Sort(vs)
	return vs
}

// tagsOrNil is fn's tags as GetFunction answers them: absent when none.
func (fn *mFn) tagsOrNil() any {
	if len(fn.tags) == 0 {
		return nil
	}
	return fn.tags
}

func (m *model) apply(op mOp) string {
	if a, ok := m.applyCP(op); ok { // capacity providers (settles them first): capacityproviders_model_test.go
		return a
	}
	if a, ok := m.applyDurable(op); ok { // durable executions: durable_model_test.go
		return a
	}
	if strings.HasSuffix(op.kind, "ESM") { // event source mappings: esm_internal_test.go
		return m.applyESM(op)
	}
	if a, ok := m.applyPermission(op); ok {
		return a
	}
	if a, ok := m.applyEventInvoke(op); ok { // eventinvoke_model_test.go
		return a
	}
	if a, ok := m.applyURL(op); ok { // function URLs: model_urls_test.go
		return a
	}
	if s, ok := m.applyExtra(op); ok { // layers and code signing: model_layers_test.go
		return s
	}
	fn := m.fns[op.fn]
	if op.kind == "putRuntime" && op.loop == "Sometimes" {
		return "400 ValidationException" // the enum, before the function is looked up
	}
	if op.kind == "putRuntime" || op.kind == "getRuntime" {
		return m.applyRuntime(op)
	}
	if op.kind == "putScaling" || op.kind == "getScaling" {
		return m.applyScaling(op)
	}
	if op.kind == "putRecursion" && op.loop != "Allow" && op.loop != "Terminate" {
		return "400 ValidationException" // the enum, before the function is looked up
	}
	switch op.kind {
	case "create":
		if fn != nil {
			return conflict
		}
		fn = &mFn{latest: mCfg{mem: 128, size: 3}, versions: map[int]mCfg{}, aliases: map[string]int{}, pcs: map[string]int{},
			tags: maps.Clone(op.tags)}
		m.fns[op.fn] = fn
		if op.publish {
			return ok(201, op.key, fn.publish())
		}
		return ok(201, op.key, "$LATEST")
	case "account":
		return ok(200, op.key, max(0, m.unreserved("")))
	case "listFunctions":
		var names, versions []string
		for _, name := range slices.Sorted(maps.Keys(m.fns)) {
			names, versions = append(names, name), append(versions, "$LATEST")
			if op.q == "ALL" {
				for _, v := range m.fns[name].sortedVersions() {
					names, versions = append(names, name), append(versions, strconv.Itoa(v))
				}
			}
		}
		return ans(200, "Functions.*.FunctionName", names, "Functions.*.Version", versions)
	case "tag", "untag", "listTags":
		// The ARN is checked before the function is looked up.
		if op.qualifiedResource {
			return invalid + " message=Tags on function aliases and versions are not supported. Please specify a function ARN."
		}
		if fn == nil {
			return functionNotFound(modelARN + op.fn)
		}
	case "getCSC":
		if op.q != "" {
			return invalid
		}
	}
	if fn == nil {
		switch op.kind {
		case "getPolicy":
			arn := modelARN + op.fn
			if op.q != "" {
				arn += ":" + op.q
			}
			return functionNotFound(arn)
		}
		return notFound
	}
	switch op.kind {
	case "delete":
		delete(m.fns, op.fn)
		return noContent
	case "getFunction", "getConfig", "getPolicy":
		c, v, found := fn.resolve(op.q)
		switch {
		case !found && op.kind == "getPolicy":
			return functionNotFound(modelARN + op.fn + ":" + op.q)
		case !found:
			return notFound
		case op.kind == "getPolicy":
			return policyMissing
		case op.kind == "getConfig":
			return ans(200, "Version", v, "Description", c.desc, "MemorySize", c.mem, "CodeSize", c.size)
		}
		var reserved any
		if fn.reserved != nil {
			reserved = *fn.reserved
		}
		return ans(200, "Configuration.Version", v, "Configuration.Description", c.desc, "Configuration.MemorySize", c.mem,
			"Configuration.CodeSize", c.size, "Tags", fn.tagsOrNil(), "Concurrency.ReservedConcurrentExecutions", reserved)
	case "config":
		if op.badRevision {
			return "412 PreconditionFailedException"
		}
		if op.desc != nil {
			fn.latest.desc = *op.desc
		}
		if op.mem != 0 {
			fn.latest.mem = op.mem
		}
		return ans(200, "Version", "$LATEST", "Description", fn.latest.desc, "MemorySize", fn.latest.mem)
	case "updateCode":
		if op.badRevision {
			return "412 PreconditionFailedException"
		}
		if op.dryRun {
			return ans(200, "Version", "$LATEST", "CodeSize", op.size)
		}
		fn.latest.size = op.size
		if op.publish {
			v := fn.publish()
			return ans(200, "Version", v, "CodeSize", fn.versions[v].size)
		}
		return ans(200, "Version", "$LATEST", "CodeSize", op.size)
	case "deleteVersion":
		n := atoi(op.q)
		if !fn.hasVersion(n) {
			return noContent // a missing version of an existing function: nothing to delete
		}
		for _, v := range fn.aliases {
			if v == n {
				return conflict
			}
		}
		delete(fn.versions, n)
		delete(fn.pcs, op.q)
		delete(fn.policies, op.q) // permissions cascade
		delete(fn.eic, op.q)      // async invoke configs cascade
		return noContent
	case "publish":
		return ok(201, op.key, strconv.Itoa(fn.publish()))
	case "listVersions":
		vs, descs, mems, sizes := []string{"$LATEST"}, []string{fn.latest.desc}, []int{fn.latest.mem}, []int{fn.latest.size}
		for _, v := range fn.sortedVersions() {
			c := fn.versions[v]
			vs, descs, mems, sizes = append(vs, strconv.Itoa(v)), append(descs, c.desc), append(mems, c.mem), append(sizes, c.size)
		}
		return ans(200, "Versions.*.Version", vs, "Versions.*.Description", descs, "Versions.*.MemorySize", mems, "Versions.*.CodeSize", sizes)
	case "createAlias":
		if _, dup := fn.aliases[op.q]; dup {
			return conflict
		}
		if !fn.hasVersion(op.n) {
			return notFound
		}
		fn.aliases[op.q] = op.n
		return ok(201, op.key, op.n)
	case "updateAlias":
		cur, has := fn.aliases[op.q]
		if !has || !fn.hasVersion(op.n) {
			return notFound
		}
		if op.n != cur && fn.pcs[op.q] > 0 && fn.pcs[strconv.Itoa(op.n)] > 0 {
			return conflict
		}
		fn.aliases[op.q] = op.n
		return ok(200, op.key, op.n)
	case "getAlias":
		v, has := fn.aliases[op.q]
		if !has {
			return notFound
		}
		return ok(200, op.key, v)
	case "deleteAlias":
		delete(fn.aliases, op.q)
		delete(fn.pcs, op.q)
		delete(fn.policies, op.q) // permissions cascade
		delete(fn.eic, op.q)      // async invoke configs cascade
		return noContent
	case "listAliases":
		var names, versions []string
		for _, a := range slices.Sorted(maps.Keys(fn.aliases)) {
			if v := strconv.Itoa(fn.aliases[a]); op.q == "" || v == op.q {
				names, versions = append(names, a), append(versions, v)
			}
		}
		return ans(200, "Aliases.*.Name", names, "Aliases.*.FunctionVersion", versions)
	case "putPC":
		if !fn.exists(op.q) {
			return notFound
		}
		if fn.reserved != nil {
			if fn.totalPC(op.q)+op.n > *fn.reserved {
				return invalid
			}
		} else {
			free := m.unreserved(op.fn) - fn.totalPC(op.q)
			if op.n > free || free-op.n < m.minUnres {
				return invalid
			}
		}
		if v, isAlias := fn.aliases[op.q]; isAlias {
			if fn.pcs[strconv.Itoa(v)] > 0 {
				return conflict
			}
		} else {
			for a, v := range fn.aliases {
				if strconv.Itoa(v) == op.q && fn.pcs[a] > 0 {
					return conflict
				}
			}
		}
		fn.pcs[op.q] = op.n
		return ok(202, op.key, op.n)
	case "getPC":
		if !fn.exists(op.q) {
			return notFound
		}
		r, has := fn.pcs[op.q]
		if !has {
			return noPC
		}
		return ok(200, op.key, r)
	case "deletePC":
		if !fn.exists(op.q) {
			return notFound
		}
		delete(fn.pcs, op.q)
		return noContent
	case "listPC":
		var arns []string
		var reqs []int
		var next any
		for _, q := range slices.Sorted(maps.Keys(fn.pcs)) {
			if q < op.marker {
				continue
			}
			if len(arns) == op.n {
				next = base64.RawURLEncoding.EncodeToString([]byte(q))
				break
			}
			arns, reqs = append(arns, modelARN+op.fn+":"+q), append(reqs, fn.pcs[q])
		}
		return ans(200, "ProvisionedConcurrencyConfigs.*.FunctionArn", arns,
			"ProvisionedConcurrencyConfigs.*.RequestedProvisionedConcurrentExecutions", reqs, "NextMarker", next)
	case "putReserved":
		if op.n < fn.totalPC("") || op.n > 0 && m.unreserved(op.fn)-op.n < m.minUnres {
			return invalid
		}
		r := op.n
		fn.reserved = &r
		return ok(200, op.key, r)
	case "deleteReserved":
		fn.reserved = nil
		return noContent
	case "getReserved":
		if fn.reserved == nil {
			return ok(200, op.key, nil)
		}
		return ok(200, op.key, *fn.reserved)
	case "invoke":
		_, v, found := fn.resolve(op.q)
		switch {
		case !found:
			return notFound
		case op.invocationType == "DryRun":
			return noContent
		case op.invocationType == "Event":
			return "202"
		}
		// Provisioned concurrency is never READY (the clock does not move),
		// so an invocation is on-demand: throttled when the function's
		// reserved concurrency leaves none beyond its provisioned
		// concurrency, or the account has none unreserved.
		if fn.reserved != nil && *fn.reserved-fn.totalPC("") <= 0 || fn.reserved == nil && m.unreserved("") <= 0 {
			return "429 TooManyRequestsException"
		}
		return ans(200, op.key, v)
	case "tag":
		if fn.tags == nil {
			fn.tags = map[string]string{}
		}
		maps.Copy(fn.tags, op.tags)
		return noContent
	case "untag":
		for _, k := range op.tagKeys {
			delete(fn.tags, k)
		}
		return noContent
	case "listTags":
		tags := fn.tags
		if tags == nil {
			tags = map[string]string{}
		}
		return ans(200, "Tags", tags)
	case "getCSC":
		return ans(200, "FunctionName", op.fn, "CodeSigningConfigArn", "")
	case "putRecursion":
		fn.loop = op.loop
		return ok(200, op.key, op.loop)
	case "getRecursion":
		if fn.loop == "" {
			return ok(200, op.key, "Terminate")
		}
		return ok(200, op.key, fn.loop)
	}
	panic("unknown op " + op.kind)
}

// applyRuntime predicts Put/GetRuntimeManagementConfig: on $LATEST (also
// unqualified) or an existing version; an alias is refused.
func (m *model) applyRuntime(op mOp) string {
	fn := m.fns[op.fn]
	if fn == nil {
		return notFound
	}
	v := "$LATEST"
	switch {
	case op.q == "" || op.q == "$LATEST":
	case strings.Trim(op.q, "0123456789") == "":
		n, _ := strconv.Atoi(op.q)
		if !fn.hasVersion(n) {
			return notFound
		}
		v = op.q
	default:
		if _, ok := fn.aliases[op.q]; !ok {
			return notFound
		}
		return invalid
	}
	if op.kind == "putRuntime" {
		if fn.runtime == nil {
			fn.runtime = map[string]string{}
		}
		fn.runtime[v] = op.loop
		return ok(200, op.key, op.loop)
	}
	if mode, set := fn.runtime[v]; set {
		return ok(200, op.key, mode)
	}
	return ok(200, op.key, "Auto")
}

// applyScaling predicts Put/GetFunctionScalingConfig: on a published
// version (a number, or $LATEST.PUBLISHED for the newest); $LATEST is
// refused by the model's pattern.
func (m *model) applyScaling(op mOp) string {
	if op.q == "$LATEST" {
		return "400 ValidationException"
	}
	fn := m.fns[op.fn]
	if fn == nil {
		return notFound
	}
	v := 0
	if op.q == "$LATEST.PUBLISHED" {
		for n := range fn.versions {
			v = max(v, n)
		}
	} else {
		v, _ = strconv.Atoi(op.q)
	}
	if !fn.hasVersion(v) {
		return notFound
	}
	if op.kind == "putScaling" {
		if fn.scaling == nil {
			fn.scaling = map[int]int{}
		}
		fn.scaling[v] = op.n
		return ok(202, op.key, "Active")
	}
	if n, set := fn.scaling[v]; set {
		return ok(200, op.key, n)
	}
	return ok(200, op.key, nil)
}

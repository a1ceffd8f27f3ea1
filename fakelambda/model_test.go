package fakelambda

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestModel applies random sequences of operations to the fake and to a
// small reference model of functions, versions, aliases, provisioned and
// reserved concurrency, and requires the same answers: status, error code,
// and the key fields of successes.
func TestModel(t *testing.T) {
	seen := map[string]int{}
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
			f := New(WithClock(fuzzClock{fuzzEpoch}), WithConcurrencyLimit(200), WithMinUnreserved(40))
			m := &model{limit: 200, minUnres: 40, fns: map[string]*mFn{}}
			var trace []string
			for i := 0; i < 300; i++ {
				op := randomOp(rng)
				want := m.apply(op)
				w := do(f, op.method, op.target, nil, op.body)
				got := answerOf(w.Code, w.Header().Get("X-Amzn-Errortype"), w.Body.Bytes(), op.key)
				seen[op.kind+" -> "+strings.SplitN(got, "=", 2)[0]]++
				trace = append(trace, fmt.Sprintf("%s %s %s -> %s", op.method, op.target, op.body, got))
				if got != want {
					t.Fatalf("step %d: fake answered %s, model %s\n%s", i, got, want, strings.Join(trace, "\n"))
				}
			}
		})
	}
}

// mOp is one operation: the request, and the answer field to compare.
type mOp struct {
	kind, fn, q string
	n           int
	method      string
	target      string
	body        []byte
	key         string // JSON field compared on success
}

func randomOp(rng *rand.Rand) mOp {
	fn := []string{"a", "b"}[rng.Intn(2)]
	alias := []string{"X", "Y"}[rng.Intn(2)]
	ver := strconv.Itoa(1 + rng.Intn(2))
	q := []string{alias, ver}[rng.Intn(2)]
	n := 1 + rng.Intn(70)
	fp := "/2015-03-31/functions/" + fn
	pc := "/2019-09-30/functions/" + fn + "/provisioned-concurrency?Qualifier=" + q
	k := rng.Intn(60)
	switch {
	case k < 2:
		k = 0 // create
	case k < 3:
		k = 1 // delete: rare, so state builds up
	case k >= 15:
		k = []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 11, 11, 12, 13, 13, 14}[(k-15)%17]
	}
	switch k {
	case 0:
		return mOp{kind: "create", fn: fn, method: "POST", target: "/2015-03-31/functions", body: createBody(fn)}
	case 1:
		return mOp{kind: "delete", fn: fn, method: "DELETE", target: fp}
	case 2:
		return mOp{kind: "deleteVersion", fn: fn, q: ver, method: "DELETE", target: fp + "?Qualifier=" + ver}
	case 3:
		d := []string{"one", "two"}[rng.Intn(2)]
		return mOp{kind: "config", fn: fn, q: d, method: "PUT", target: fp + "/configuration", body: []byte(`{"Description":"` + d + `"}`)}
	case 4, 5:
		return mOp{kind: "publish", fn: fn, method: "POST", target: fp + "/versions", body: []byte(`{}`), key: "Version"}
	case 6:
		return mOp{kind: "createAlias", fn: fn, q: alias, n: atoi(ver), method: "POST", target: fp + "/aliases",
			body: []byte(`{"Name":"` + alias + `","FunctionVersion":"` + ver + `"}`), key: "FunctionVersion"}
	case 7:
		return mOp{kind: "updateAlias", fn: fn, q: alias, n: atoi(ver), method: "PUT", target: fp + "/aliases/" + alias,
			body: []byte(`{"FunctionVersion":"` + ver + `"}`), key: "FunctionVersion"}
	case 8:
		return mOp{kind: "getAlias", fn: fn, q: alias, method: "GET", target: fp + "/aliases/" + alias, key: "FunctionVersion"}
	case 9:
		return mOp{kind: "deleteAlias", fn: fn, q: alias, method: "DELETE", target: fp + "/aliases/" + alias}
	case 10:
		return mOp{kind: "putPC", fn: fn, q: q, n: n, method: "PUT", target: pc,
			body: []byte(`{"ProvisionedConcurrentExecutions":` + strconv.Itoa(n) + `}`), key: "RequestedProvisionedConcurrentExecutions"}
	case 11:
		return mOp{kind: "getPC", fn: fn, q: q, method: "GET", target: pc, key: "RequestedProvisionedConcurrentExecutions"}
	case 12:
		return mOp{kind: "deletePC", fn: fn, q: q, method: "DELETE", target: pc}
	case 13:
		r := rng.Intn(180)
		if rng.Intn(3) == 0 {
			return mOp{kind: "deleteReserved", fn: fn, method: "DELETE", target: "/2017-10-31/functions/" + fn + "/concurrency"}
		}
		return mOp{kind: "putReserved", fn: fn, n: r, method: "PUT", target: "/2017-10-31/functions/" + fn + "/concurrency",
			body: []byte(`{"ReservedConcurrentExecutions":` + strconv.Itoa(r) + `}`), key: "ReservedConcurrentExecutions"}
	default:
		return mOp{kind: "account", method: "GET", target: "/2016-08-19/account-settings", key: "AccountLimit.UnreservedConcurrentExecutions"}
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// answerOf reduces an answer to "status code" or "status field=value".
func answerOf(status int, code string, body []byte, key string) string {
	if status >= 300 {
		return fmt.Sprintf("%d %s", status, code)
	}
	if key == "" {
		return strconv.Itoa(status)
	}
	var v any
	_ = json.Unmarshal(body, &v)
	for _, k := range strings.Split(key, ".") {
		obj, _ := v.(map[string]any)
		v = obj[k]
	}
	if fl, ok := v.(float64); ok {
		v = int(fl)
	}
	return fmt.Sprintf("%d %s=%v", status, key, v)
}

type model struct {
	limit, minUnres int
	fns             map[string]*mFn
}

type mFn struct {
	desc, publishedDesc string
	versions            map[int]bool
	next                int            // the highest version number published
	aliases             map[string]int // alias -> version
	pcs                 map[string]int // qualifier -> requested
	reserved            *int
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
)

func ok(status int, key string, v any) string { return fmt.Sprintf("%d %s=%v", status, key, v) }

// exists reports whether q names a published version or an alias of fn.
func (fn *mFn) exists(q string) bool {
	if n, err := strconv.Atoi(q); err == nil {
		return fn.versions[n]
	}
	_, ok := fn.aliases[q]
	return ok
}

func (m *model) apply(op mOp) string {
	fn := m.fns[op.fn]
	if op.kind == "create" {
		if fn != nil {
			return conflict
		}
		m.fns[op.fn] = &mFn{versions: map[int]bool{}, aliases: map[string]int{}, pcs: map[string]int{}}
		return "201"
	}
	if op.kind == "account" {
		return ok(200, op.key, max(0, m.unreserved("")))
	}
	if fn == nil {
		return notFound
	}
	switch op.kind {
	case "delete":
		delete(m.fns, op.fn)
		return noContent
	case "deleteVersion":
		n := atoi(op.q)
		if !fn.versions[n] {
			return notFound
		}
		for _, v := range fn.aliases {
			if v == n {
				return conflict
			}
		}
		delete(fn.versions, n)
		delete(fn.pcs, op.q)
		return noContent
	case "config":
		fn.desc = op.q
		return "200"
	case "publish":
		if fn.versions[fn.next] && fn.desc == fn.publishedDesc {
			return ok(201, op.key, strconv.Itoa(fn.next))
		}
		fn.next++
		fn.versions[fn.next] = true
		fn.publishedDesc = fn.desc
		return ok(201, op.key, strconv.Itoa(fn.next))
	case "createAlias":
		if _, dup := fn.aliases[op.q]; dup {
			return conflict
		}
		if !fn.versions[op.n] {
			return notFound
		}
		fn.aliases[op.q] = op.n
		return ok(201, op.key, op.n)
	case "updateAlias":
		cur, has := fn.aliases[op.q]
		if !has || !fn.versions[op.n] {
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
		return noContent
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
	}
	panic("unknown op " + op.kind)
}

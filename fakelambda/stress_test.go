package fakelambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/fakeaws/lambda/fakelambda/durable"
	"maps"
	"math/rand"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStress runs many goroutines on one fake, mixing every operation
// (Invoke included, with handlers that overlap), and checks the fake's
// invariants after each step. Each worker ends with hotSteps on one
// function, so that every pair of operations (GetFunction and TagResource,
// say) meets on the same resources. Run it under -race.
func TestStress(t *testing.T) {
	const workers, steps, hotSteps = 8, 250, 150
	clk := NewManualClock(fuzzEpoch)
	f := New(WithClock(clk), WithoutTransitions(), WithAllocation(ReadyAfter(30*time.Second)), WithConcurrencyLimit(300), WithMinUnreserved(50))
	var stable = []string{"s0", "s1", "s2"} // never deleted: every published version must survive
	var churn = []string{"c0", "c1", "c2"}
	all := append(append([]string{}, stable...), churn...)
	var inFlight atomic.Int64
	for _, name := range all {
		f.SetHandler(name, func(ctx context.Context, p []byte) ([]byte, error) {
			inFlight.Add(1)
			defer inFlight.Add(-1)
			time.Sleep(time.Duration(len(p)%3) * 100 * time.Microsecond)
			if len(p)%5 == 0 {
				return nil, errors.New("boom")
			}
			return p, nil
		})
	}
	// c2 and s2 are durable functions (durable.go): their invocations start
	// executions that wait for a callback, answered at random.
	for _, name := range []string{"c2", "s2"} {
		f.SetDurableHandler(name, durable.Wrap(func(c durable.Context, p json.RawMessage) (json.RawMessage, error) {
			if _, err := durable.Step(c, "s", func(durable.StepContext) (json.RawMessage, error) { return p, nil }); err != nil {
				return nil, err
			}
			return durable.WaitForCallback[json.RawMessage](c, "cb", nil)
		}))
	}
	for _, name := range stable {
		if w := do(f, "POST", "/2015-03-31/functions", nil, createBody(name)); w.Code != 201 {
			t.Fatalf("create %s: %d %s", name, w.Code, w.Body)
		}
	}

	var (
		pubMu     sync.Mutex
		published = map[string]string{} // "fn:version" -> RevisionId answered by PublishVersion
		opCount   atomic.Int64
		statuses  sync.Map // op -> *atomic.Int64 per status, for the log
	)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			for i := 0; i < steps+hotSteps; i++ {
				name := all[rng.Intn(len(all))]
				if i >= steps {
					name = stable[0] // every worker on one function
				}
				churning := name[0] == 'c'
				method, target, body := stressOp(rng, name, churning)
				if i >= steps && rng.Intn(2) == 0 {
					// Reads that answer tags, and writes of tags.
					method, target, body = stressTagsOp(rng, name)
				}
				var resp *httptest.ResponseRecorder
				if i < steps {
					resp = do(f, method, target, nil, body)
				} else {
					resp = doPausing(f, method, target, body)
				}
				stressDurableSaw(resp) // durable_stress_test.go
				opCount.Add(1)
				key := fmt.Sprintf("%s %d", method, resp.Code)
				c, _ := statuses.LoadOrStore(key, new(atomic.Int64))
				c.(*atomic.Int64).Add(1)
				if resp.Code >= 500 {
					errs <- fmt.Errorf("%s %s: %d %s", method, target, resp.Code, resp.Body)
					return
				}
				if method == "POST" && resp.Code == 201 && len(target) > 9 && target[len(target)-9:] == "/versions" && strings.HasPrefix(target, "/2015-03-31/") { // not PublishLayerVersion
					var out struct{ Version, RevisionId string }
					_ = json.Unmarshal(resp.Body.Bytes(), &out)
					k := name + ":" + out.Version
					pubMu.Lock()
					prev, seen := published[k]
					if !churning {
						published[k] = out.RevisionId
					}
					pubMu.Unlock()
					if seen && prev != out.RevisionId && !churning {
						errs <- fmt.Errorf("version %s answered twice with RevisionIds %s and %s", k, prev, out.RevisionId)
						return
					}
				}
				if rng.Intn(10) == 0 {
					clk.Advance(time.Duration(rng.Intn(20)) * time.Second)
				}
				if err := checkInvariants(f); err != nil {
					errs <- fmt.Errorf("after %s %s (%d): %v", method, target, resp.Code, err)
					return
				}
			}
		}(int64(w) + 1)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	// ListTags and GetFunction answer the same tags.
	for _, name := range stable {
		var lt struct{ Tags map[string]string }
		var gf struct{ Tags map[string]string }
		w1 := do(f, "GET", "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:"+name, nil, nil)
		w2 := do(f, "GET", "/2015-03-31/functions/"+name, nil, nil)
		if w1.Code != 200 || w2.Code != 200 || json.Unmarshal(w1.Body.Bytes(), &lt) != nil || json.Unmarshal(w2.Body.Bytes(), &gf) != nil {
			t.Errorf("%s: ListTags %d %s, GetFunction %d %s", name, w1.Code, w1.Body, w2.Code, w2.Body)
			continue
		}
		if lt.Tags == nil || !maps.Equal(lt.Tags, gf.Tags) {
			t.Errorf("%s: ListTags answers %v, GetFunction %v", name, lt.Tags, gf.Tags)
		}
	}
	// No lost or duplicated versions on the functions never deleted.
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.store.Region(f.cfg.accountID, f.cfg.region)
	for k, rev := range published {
		name, ver, _ := cut(k)
		fn, ok := r.FunctionInfo(name, f.now())
		if got, found := fn.VersionRevisions[ver]; !ok || !found {
			t.Errorf("published version %s is lost", k)
			continue
		} else if got != rev {
			t.Errorf("version %s has RevisionId %s; PublishVersion answered %s", k, got, rev)
		}
	}
	for _, name := range stable {
		fn, _ := r.FunctionInfo(name, f.now())
		for n := 1; n <= fn.LastVersion; n++ {
			if _, ok := fn.VersionRevisions[strconv.Itoa(n)]; !ok {
				t.Errorf("%s: version %d missing (next is %d)", name, n, fn.LastVersion+1)
			}
		}
		if len(fn.VersionRevisions) != fn.LastVersion {
			t.Errorf("%s: %d versions, numbered up to %d", name, len(fn.VersionRevisions), fn.LastVersion)
		}
	}
	// Every invocation gave its slot back.
	if err := r.CheckIdle(); err != nil || inFlight.Load() != 0 {
		t.Errorf("in flight after the run: %v, handlers %d", err, inFlight.Load())
	}
	t.Logf("%d operations, %d workers", opCount.Load(), workers)
	statuses.Range(func(k, v any) bool { t.Logf("  %-12s %d", k, v.(*atomic.Int64).Load()); return true })
}

func cut(k string) (string, string, bool) {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == ':' {
			return k[:i], k[i+1:], true
		}
	}
	return k, "", false
}

func createBody(name string) []byte {
	return []byte(`{"FunctionName":"` + name + `","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"emlw"}}`)
}

// stressOp picks a random operation on function name.
func stressOp(rng *rand.Rand, name string, churning bool) (method, target string, body []byte) {
	fnPath := "/2015-03-31/functions/" + name
	pcPath := "/2019-09-30/functions/" + name + "/provisioned-concurrency"
	quals := []string{"A", "B", "1", "2", "3"}
	q := quals[rng.Intn(len(quals))]
	v := strconv.Itoa(1 + rng.Intn(3))
	tags := "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:" + name
	tk := "k" + strconv.Itoa(rng.Intn(3))
	switch rng.Intn(60) { // 51..55: Invoke (the default); 56, 57: capacity providers (added by the cap branch); 58, 59: durable executions
	case 0:
		return "POST", "/2015-03-31/functions", createBody(name)
	case 1:
		if churning {
			return "DELETE", fnPath, nil
		}
		return "GET", fnPath, nil
	case 2:
		if churning {
			return "DELETE", fnPath + "?Qualifier=" + v, nil
		}
		return "GET", fnPath + "/configuration", nil
	case 3:
		return "PUT", fnPath + "/code", []byte(`{"ZipFile":"` + b64(strconv.Itoa(rng.Int())) + `"}`)
	case 4:
		return "PUT", fnPath + "/configuration", []byte(`{"Description":"d` + strconv.Itoa(rng.Int()) + `"}`)
	case 5, 6:
		return "POST", fnPath + "/versions", []byte(`{}`)
	case 7:
		return "GET", fnPath + "/versions?MaxItems=" + strconv.Itoa(1+rng.Intn(5)), nil
	case 8:
		body := `{"Name":"` + q[:1] + `","FunctionVersion":"` + v + `"}`
		if rng.Intn(3) == 0 {
			body = `{"Name":"` + q[:1] + `","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"2":0.3}}}`
		}
		return "POST", fnPath + "/aliases", []byte(body)
	case 9:
		return "PUT", fnPath + "/aliases/" + []string{"A", "B"}[rng.Intn(2)], []byte(`{"FunctionVersion":"` + v + `"}`)
	case 10:
		return "DELETE", fnPath + "/aliases/" + []string{"A", "B"}[rng.Intn(2)], nil
	case 11:
		return "GET", fnPath + "/aliases", nil
	case 12, 13:
		return "PUT", pcPath + "?Qualifier=" + q, []byte(`{"ProvisionedConcurrentExecutions":` + strconv.Itoa(1+rng.Intn(60)) + `}`)
	case 14:
		return "GET", pcPath + "?Qualifier=" + q, nil
	case 15:
		return "DELETE", pcPath + "?Qualifier=" + q, nil
	case 16:
		return "GET", pcPath + "?List=ALL&MaxItems=2", nil
	case 17:
		return "PUT", "/2017-10-31/functions/" + name + "/concurrency", []byte(`{"ReservedConcurrentExecutions":` + strconv.Itoa([]int{0, 1, 2, rng.Intn(150)}[rng.Intn(4)]) + `}`)
	case 18:
		return "DELETE", "/2017-10-31/functions/" + name + "/concurrency", nil
	case 19:
		return "GET", "/2019-09-30/functions/" + name + "/concurrency", nil
	case 20:
		return "GET", "/2016-08-19/account-settings", nil
	case 21:
		return "GET", "/2015-03-31/functions?MaxItems=3", nil
	case 22:
		return "GET", fnPath + "/aliases/" + []string{"A", "B"}[rng.Intn(2)], nil
	case 23:
		// GetFunction answers the function's tags: with TagResource and
		// UntagResource below on the same functions, the race detector sees
		// whether the answer shares the tags with the state.
		if rng.Intn(2) == 0 {
			return "GET", fnPath + "?Qualifier=" + q, nil
		}
		return "GET", fnPath, nil
	case 24:
		if rng.Intn(2) == 0 {
			return "GET", fnPath + "/policy?Qualifier=" + q, nil
		}
		return "GET", fnPath + "/policy", nil
	case 25:
		return "GET", "/2020-06-30/functions/" + name + "/code-signing-config", nil
	case 26:
		return "GET", tags, nil
	case 27, 28:
		return "POST", tags, []byte(`{"Tags":{"` + tk + `":"v` + strconv.Itoa(rng.Intn(1000)) + `","k3":"fixed"}}`)
	case 29:
		if rng.Intn(2) == 0 {
			return "DELETE", tags + "?tagKeys=" + tk + "&tagKeys=k3", nil
		}
		return "DELETE", tags + "?tagKeys=" + tk, nil
	case 30:
		return "PUT", "/2024-08-31/functions/" + name + "/recursion-config", []byte(`{"RecursiveLoop":"` + []string{"Allow", "Terminate"}[rng.Intn(2)] + `"}`)
	case 31:
		return "GET", "/2024-08-31/functions/" + name + "/recursion-config", nil
	case 32, 33, 34, 35:
		return stressPermissionOp(rng, name, q) // permissions_stress_test.go
	case 36, 37:
		return stressExtraOp(rng, name) // layers and code signing: stress_layers_test.go
	case 49:
		return "PUT", "/2025-11-30/functions/" + name + "/function-scaling-config?Qualifier=" + v, []byte(`{"FunctionScalingConfig":{"MinExecutionEnvironments":3}}`)
	case 50:
		return "GET", "/2025-11-30/functions/" + name + "/function-scaling-config?Qualifier=%24LATEST.PUBLISHED", nil
	case 43:
		return "PUT", "/2021-07-20/functions/" + name + "/runtime-management-config?Qualifier=" + q, []byte(`{"UpdateRuntimeOn":"FunctionUpdate"}`)
	case 44:
		return "GET", "/2021-07-20/functions/" + name + "/runtime-management-config", nil
	case 38, 39, 40, 41, 42:
		return stressESMOp(rng, name) // esm_test.go (added by the esm branch)
	case 45, 46:
		return stressEventInvokeOp(rng, name, q) // async invoke configs: eventinvoke_stress_test.go
	case 47, 48:
		return stressURLOp(rng, name, q) // function URLs: urls_stress_test.go
	case 56, 57:
		return stressCapacityProviderOp(rng, name) // capacityproviders_stress_test.go
	case 58, 59:
		return stressDurableOp(rng, name) // durable_stress_test.go
	default:
		target = fnPath + "/invocations"
		if rng.Intn(4) == 0 { // InvokeWithResponseStream (stream.go)
			target = "/2021-11-15/functions/" + name + "/response-streaming-invocations"
		}
		if rng.Intn(2) == 0 {
			target += "?Qualifier=" + q
		}
		return "POST", target, []byte(`{"n":` + strconv.Itoa(rng.Intn(1000)) + `}`)
	}
}

// pausingWriter is a ResponseWriter that yields when the fake has encoded
// its answer and writes it, after it released its lock: other workers then
// change the state before this one synchronizes with them again (taking the
// lock, or the fake's buffer pool), so the race detector sees an answer
// that shares memory with the state and was encoded unlocked.
type pausingWriter struct {
	*httptest.ResponseRecorder
	paused bool
}

func (w *pausingWriter) WriteHeader(status int) {
	if !w.paused {
		w.paused = true
		runtime.Gosched()
		time.Sleep(200 * time.Microsecond)
	}
	w.ResponseRecorder.WriteHeader(status)
}

// doPausing is do with a pausingWriter.
func doPausing(f *Fake, method, target string, body []byte) *httptest.ResponseRecorder {
	w := &pausingWriter{ResponseRecorder: httptest.NewRecorder()}
	f.ServeHTTP(w, httptest.NewRequest(method, target, bytes.NewReader(body)))
	return w.ResponseRecorder
}

// stressTagsOp picks GetFunction, or a tags operation, on function name.
func stressTagsOp(rng *rand.Rand, name string) (method, target string, body []byte) {
	for {
		method, target, body = stressOp(rng, name, false)
		if strings.HasPrefix(target, "/2017-03-31/tags/") || method == "GET" && strings.HasPrefix(target, "/2015-03-31/functions/"+name) &&
			!strings.Contains(target[len("/2015-03-31/functions/"+name):], "/") {
			return method, target, body
		}
	}
}

func b64(s string) string {
	const tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out []byte
	for i := 0; i+2 < len(s); i += 3 {
		n := int(s[i])<<16 | int(s[i+1])<<8 | int(s[i+2])
		out = append(out, tbl[n>>18&63], tbl[n>>12&63], tbl[n>>6&63], tbl[n&63])
	}
	return string(out)
}

// checkInvariants checks, at one instant, what must always hold:
// Available <= Allocated <= Requested on every config; provisioned and
// reserved concurrency leave at least the minimum unreserved; provisioned
// concurrency fits in reserved; GetAccountSettings agrees with the resources;
// versions, aliases and configs point at what exists; no negative load.
func checkInvariants(f *Fake) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	r := f.store.Region(f.cfg.accountID, f.cfg.region)
	if err := r.CheckInvariants(now); err != nil {
		return err
	}
	resp := f.getAccountSettings(&request{now: now, account: f.cfg.accountID, region: f.cfg.region})
	b, _ := json.Marshal(resp.body)
	var as struct {
		AccountLimit struct{ ConcurrentExecutions, UnreservedConcurrentExecutions int }
		AccountUsage struct{ FunctionCount int }
	}
	if err := json.Unmarshal(b, &as); err != nil {
		return err
	}
	want := r.AccountSettings()
	if as.AccountLimit.UnreservedConcurrentExecutions != want.UnreservedConcurrentExecutions || as.AccountUsage.FunctionCount != want.FunctionCount ||
		as.AccountLimit.ConcurrentExecutions != f.cfg.limit {
		return fmt.Errorf("GetAccountSettings says %s; the state says %+v", b, want)
	}
	return nil
}

// Package bench measures fakelambda against the floor: the same real
// lambda.Client answered by a canned handler that does no work. See
// BENCHMARKS.md and ratios.sh.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"go.uber.org/goleak"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var ctx = context.Background()

// Canned answers: what the fake answers for the same calls, byte for byte in
// shape, so the SDK does the same decoding work on both sides.
var (
	cannedGet    = []byte(`{"RequestedProvisionedConcurrentExecutions":10,"AvailableProvisionedConcurrentExecutions":10,"AllocatedProvisionedConcurrentExecutions":10,"Status":"READY","LastModified":"2026-01-02T03:04:05+0000"}`)
	cannedPut    = []byte(`{"RequestedProvisionedConcurrentExecutions":10,"AvailableProvisionedConcurrentExecutions":0,"AllocatedProvisionedConcurrentExecutions":0,"Status":"IN_PROGRESS","LastModified":"2026-01-02T03:04:05+0000"}`)
	cannedInvoke = []byte(`{"ok":true}`)
)

// canned is the floor: a handler that reads the request and writes a fixed
// valid answer with Lambda's headers, doing no other work.
var canned = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	h := w.Header()
	h.Set("X-Amzn-Requestid", "6f1c0f6e-2a4b-4c7d-8e9f-0a1b2c3d4e5f")
	h.Set("Content-Type", "application/json")
	var status int
	var body []byte
	switch r.Method {
	case http.MethodPut:
		status, body = 202, cannedPut
	case http.MethodPost:
		status, body = 200, cannedInvoke
		h.Set("X-Amz-Executed-Version", "1")
	default:
		status, body = 200, cannedGet
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
})

// inProcess returns a client served by h through the middleware.
func inProcess(h http.Handler) *lambda.Client {
	return lambda.NewFromConfig(middleware.Config(h))
}

// overHTTP returns a client talking to url over loopback HTTP.
func overHTTP(tb testing.TB, url string) *lambda.Client {
	tb.Helper()
	cfg := middleware.Config(fakelambda.New(fakelambda.WithoutTransitions()))
	cfg.APIOptions = nil
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	hc := &http.Client{Transport: tr}
	tb.Cleanup(tr.CloseIdleConnections)
	return lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.BaseEndpoint = aws.String(url)
		o.HTTPClient = hc
	})
}

// cannedServer starts an httptest server with the canned handler.
func cannedServer(tb testing.TB) string {
	srv := httptest.NewServer(canned)
	tb.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv.URL
}

// populate creates function "f" with version 1, alias BLUE and a READY
// provisioned-concurrency config of 10 on BLUE, plus n-1 more functions.
func populate(tb testing.TB, c *lambda.Client, n int) {
	tb.Helper()
	for i := 0; i < n; i++ {
		name := "f"
		if i > 0 {
			name = "f" + strconv.Itoa(i)
		}
		must(tb, err1(c.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(name),
			Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
			Runtime:      types.RuntimeProvidedal2023,
			Handler:      aws.String("bootstrap"),
			Code:         &types.FunctionCode{ZipFile: []byte("zip")},
		})))
		if i > 0 {
			continue
		}
		must(tb, err1(c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})))
		must(tb, err1(c.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String(name),
			Name: aws.String("BLUE"), FunctionVersion: aws.String("1")})))
		putPC(tb, c)
	}
}

func putPC(tb testing.TB, c *lambda.Client) {
	must(tb, err1(c.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("f"), Qualifier: aws.String("BLUE"), ProvisionedConcurrentExecutions: aws.Int32(10)})))
}

func getPC(tb testing.TB, c *lambda.Client) {
	must(tb, err1(c.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("f"), Qualifier: aws.String("BLUE")})))
}

func invoke(tb testing.TB, c *lambda.Client) {
	out, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f"), Qualifier: aws.String("BLUE"),
		Payload: []byte(`{"ok":true}`)})
	must(tb, err)
	if out.FunctionError != nil {
		tb.Fatalf("function error %s", *out.FunctionError)
	}
}

func err1[T any](_ T, err error) error { return err }

func must(tb testing.TB, err error) {
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
}

// newFake is a fake whose allocations are READY at once, without the
// function lifecycle (what is measured is the cost of calls).
func newFake(opts ...fakelambda.Option) *fakelambda.Fake {
	return fakelambda.New(append([]fakelambda.Option{fakelambda.WithAllocation(fakelambda.ReadyAfter(0)), fakelambda.WithoutTransitions()}, opts...)...)
}

type call func(testing.TB, *lambda.Client)

var ops = []struct {
	name string
	call call
}{
	{"Get", getPC},
	{"Put", putPC},
	{"Invoke", invoke},
}

// BenchmarkCall is the headline: each operation through the fake and through
// the canned floor, in-process and over loopback HTTP. Sub-benchmark names
// are Op/transport/target; ratios.sh divides fake by floor.
func BenchmarkCall(b *testing.B) {
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			b.Run("inproc/fake", func(b *testing.B) {
				f := newFake()
				c := inProcess(f)
				populate(b, c, 1)
				setHandler(f)
				run(b, c, op.call)
			})
			b.Run("inproc/floor", func(b *testing.B) {
				run(b, inProcess(canned), op.call)
			})
			b.Run("http/fake", func(b *testing.B) {
				srv := fakelambda.NewServer(b, fakelambda.WithAllocation(fakelambda.ReadyAfter(0)), fakelambda.WithoutTransitions())
				c := overHTTP(b, srv.URL)
				populate(b, c, 1)
				setHandler(srv.Fake)
				run(b, c, op.call)
			})
			b.Run("http/floor", func(b *testing.B) {
				run(b, overHTTP(b, cannedServer(b)), op.call)
			})
		})
	}
}

func run(b *testing.B, c *lambda.Client, fn call) {
	fn(b, c) // warm up: connections, client caches
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fn(b, c)
	}
}

// BenchmarkNewFirstCall is New() plus the first call: what one test pays to
// get a fake and a client.
func BenchmarkNewFirstCall(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		f := fakelambda.New(fakelambda.WithoutTransitions())
		c := inProcess(f)
		_, err := c.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
		must(b, err)
	}
}

// BenchmarkScale measures Get and one ListProvisionedConcurrencyConfigs page
// as state grows: n functions in the account (function "f" has the config),
// and one function with n provisioned-concurrency configs (one per version).
func BenchmarkScale(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprintf("functions=%d", n), func(b *testing.B) {
			f := newFake()
			c := inProcess(f)
			populate(b, c, n)
			b.Run("Get", func(b *testing.B) { run(b, c, getPC) })
			b.Run("ListPage", func(b *testing.B) { run(b, c, listPage) })
		})
	}
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprintf("configs=%d", n), func(b *testing.B) {
			f := newFake(fakelambda.WithConcurrencyLimit(n + 1000))
			c := inProcess(f)
			populateConfigs(b, c, n)
			b.Run("Get", func(b *testing.B) { run(b, c, getPC) })
			b.Run("ListPage", func(b *testing.B) { run(b, c, listPage) })
		})
	}
}

// populateConfigs creates function "f" with n published versions, each with
// provisioned concurrency 1, and alias BLUE with 10.
func populateConfigs(tb testing.TB, c *lambda.Client, n int) {
	populate(tb, c, 1)
	for i := 2; i <= n+1; i++ {
		must(tb, err1(c.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("f"), Description: aws.String(strconv.Itoa(i))})))
		v, err := c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		must(tb, err)
		must(tb, err1(c.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: v.Version, ProvisionedConcurrentExecutions: aws.Int32(1)})))
	}
}

// listPage reads a middle page of f's configs (a page with a Marker).
func listPage(tb testing.TB, c *lambda.Client) {
	out, err := c.ListProvisionedConcurrencyConfigs(ctx, &lambda.ListProvisionedConcurrencyConfigsInput{
		FunctionName: aws.String("f"), MaxItems: aws.Int32(5)})
	must(tb, err)
	if out.NextMarker == nil {
		return
	}
	_, err = c.ListProvisionedConcurrencyConfigs(ctx, &lambda.ListProvisionedConcurrencyConfigsInput{
		FunctionName: aws.String("f"), MaxItems: aws.Int32(5), Marker: out.NextMarker})
	must(tb, err)
}

// BenchmarkManyFakes keeps b.N fakes alive at once in one process, each
// with one function, version, alias and config, and reports the live heap per
// fake. Run it with -benchtime=1000x for 1,000 fakes.
func BenchmarkManyFakes(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fakes := make([]*fakelambda.Fake, b.N)
	for i := range fakes {
		fakes[i] = newFake()
		populate(b, inProcess(fakes[i]), 1)
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(b.N), "heapB/fake")
	runtime.KeepAlive(fakes)
}

// BenchmarkParallelFakes runs one fake and client per goroutine, as parallel
// tests do.
func BenchmarkParallelFakes(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		f := newFake()
		c := inProcess(f)
		populate(b, c, 1)
		for pb.Next() {
			getPC(b, c)
		}
	})
}

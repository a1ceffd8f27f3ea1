package fakelambda_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// ctl makes one control call in-process and returns the status and body.
func ctl(t *testing.T, h http.Handler, method, path, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	return rec.Code, rec.Body.String()
}

// ctlOK makes a control call that must answer 200 and returns its body.
func ctlOK(t *testing.T, h http.Handler, method, path, body string) string {
	t.Helper()
	code, out := ctl(t, h, method, path, body)
	require.Equal(t, http.StatusOK, code, out)
	return out
}

// manualEnv is a fake on a ManualClock with an in-process SDK client.
type manualEnv struct {
	*env
	mclk *fakelambda.ManualClock
}

func newManualEnv(t *testing.T) manualEnv {
	clk := fakelambda.NewManualClock(epoch)
	f := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	return manualEnv{env: &env{fake: f, ctx: context.Background(), client: lambda.NewFromConfig(middleware.Config(f)),
		clk: clock.NewMock()}, mclk: clk}
}

// blueWithPC creates my-function, version 1, alias BLUE and puts 100 on BLUE.
func (e manualEnv) blueWithPC(t *testing.T) {
	t.Helper()
	e.createFunction(t, "my-function")
	_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("my-function")})
	require.NoError(t, err)
	e.alias(t, "my-function", "BLUE", "1")
	e.putPC(t, "my-function", "BLUE", 100)
}

func TestControlHealth(t *testing.T) {
	f := fakelambda.New(fakelambda.WithRegion("eu-west-1"), fakelambda.WithAccountID("111122223333"))
	require.Equal(t, `{"AccountId":"111122223333","Region":"eu-west-1","Status":"ok"}`+"\n",
		ctlOK(t, f, "GET", "/_fakelambda/health", ""))
	f.Close()
	require.Equal(t, `{"AccountId":"111122223333","Region":"eu-west-1","Status":"closed"}`+"\n",
		ctlOK(t, f, "GET", "/_fakelambda/health", ""))
	require.Empty(t, f.Calls())
}

func TestControlClockAdvancesProvisionedConcurrency(t *testing.T) {
	e := newManualEnv(t)
	e.blueWithPC(t)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "my-function", "BLUE").Status)

	require.Equal(t, `{"Now":"2026-01-02T03:05:34Z","Waiting":0}`+"\n",
		ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"89s"}`))
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "my-function", "BLUE").Status)
	ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"1s"}`)
	get := e.getPC(t, "my-function", "BLUE")
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, get.Status)
	require.Equal(t, int32(100), *get.AllocatedProvisionedConcurrentExecutions)
	require.Equal(t, "2026-01-02T03:04:05+0000", *get.LastModified)

	require.Equal(t, `{"Now":"2027-01-01T00:00:00.5Z","Waiting":0}`+"\n",
		ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Set":"2027-01-01T01:00:00.5+01:00"}`))
	require.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 5e8, time.UTC), e.mclk.Now().UTC())
	// Setting the current time is allowed and changes nothing.
	require.Equal(t, `{"Now":"2027-01-01T00:00:00.5Z","Waiting":0}`+"\n",
		ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Set":"2027-01-01T00:00:00.5Z"}`))
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "my-function", "BLUE").Status)

	for _, c := range e.fake.Calls() {
		require.NotContains(t, c.Operation, "fakelambda")
	}
	require.Len(t, e.fake.Calls(), 8) // create, publish, alias, put, 4 gets: no control calls
}

// A Set before the fake's time is refused, naming that time; it used to be
// answered 200 and then every Advance was absorbed by the fake (which keeps
// the latest instant it saw) until the clock caught up again.
func TestControlClockSetBackIsRefused(t *testing.T) {
	e := newManualEnv(t)
	ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Set":"2027-01-01T00:00:00.5Z"}`)

	code, body := ctl(t, e.fake, "POST", "/_fakelambda/clock", `{"Set":"2026-06-01T00:00:00+02:00"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, `{"Message":"Set: 2026-05-31T22:00:00Z is before the fake's current time 2027-01-01T00:00:00.5Z; `+
		`the clock cannot go back. Set 2027-01-01T00:00:00.5Z or later, or use Advance"}`+"\n", body)
	require.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 5e8, time.UTC), e.mclk.Now().UTC(), "the refused Set did not move the clock")

	// Every later move moves the fake's time.
	require.Equal(t, `{"Now":"2027-01-01T00:00:01.5Z","Waiting":0}`+"\n",
		ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"1s"}`))
	require.Equal(t, `{"Now":"2027-01-01T00:01:00Z","Waiting":0}`+"\n",
		ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Set":"2027-01-01T00:01:00Z"}`))
}

// A mock clock moved back from Go: the fake keeps its latest time, so an
// Advance that would not move it by what was asked is refused (409) until the
// clock is Set forward again.
func TestControlClockBehindTheFake(t *testing.T) {
	clk := clock.NewMock()
	clk.Set(epoch)
	f := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	ctlOK(t, f, "POST", "/_fakelambda/clock", `{"Advance":"1h"}`)
	clk.Set(epoch) // back, from Go

	code, body := ctl(t, f, "POST", "/_fakelambda/clock", `{"Advance":"1m"}`)
	require.Equal(t, http.StatusConflict, code)
	require.Equal(t, `{"Message":"the clock reads 2026-01-02T03:04:05Z, behind the fake's time 2026-01-02T04:04:05Z `+
		`(it was moved back from Go, and the fake's time never goes back); an Advance of 1m0s would not move the fake's time by 1m0s: `+
		`Set the clock to 2026-01-02T04:04:05Z or later first"}`+"\n", body)
	require.Equal(t, epoch, clk.Now().UTC(), "the refused Advance did not move the clock")

	code, _ = ctl(t, f, "POST", "/_fakelambda/clock", `{"Set":"2026-01-02T04:00:00Z"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, `{"Now":"2026-01-02T04:04:05Z","Waiting":0}`+"\n",
		ctlOK(t, f, "POST", "/_fakelambda/clock", `{"Set":"2026-01-02T04:04:05Z"}`))
	require.Equal(t, `{"Now":"2026-01-02T04:05:05Z","Waiting":0}`+"\n",
		ctlOK(t, f, "POST", "/_fakelambda/clock", `{"Advance":"1m"}`))
}

// yieldingClock is a settable clock whose Set yields before it stores, which
// widens the window between the control API's "not back" check and the move.
type yieldingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *yieldingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *yieldingClock) Set(t time.Time) {
	runtime.Gosched()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Concurrent Sets through the control API never move the clock back: each is
// checked and applied in turn, so the clock ends at the latest accepted Set.
func TestControlClockConcurrentSets(t *testing.T) {
	for name, clk := range map[string]fakelambda.Clock{"ManualClock": fakelambda.NewManualClock(epoch),
		"benbjohnson": clock.NewMock(), "yielding": &yieldingClock{t: epoch}} {
		t.Run(name, func(t *testing.T) {
			f := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
			var mu sync.Mutex
			var latest time.Time
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for j := range 20 {
						at := epoch.Add(time.Duration((j*8+i)*7%160) * time.Second)
						rec := httptest.NewRecorder()
						f.ServeHTTP(rec, httptest.NewRequest("POST", "/_fakelambda/clock",
							strings.NewReader(`{"Set":"`+at.Format(time.RFC3339)+`"}`)))
						mu.Lock()
						switch rec.Code {
						case http.StatusOK:
							if at.After(latest) {
								latest = at
							}
						case http.StatusBadRequest: // before the fake's time
						default:
							t.Errorf("Set %s: %d %s", at, rec.Code, rec.Body)
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			require.Equal(t, latest, clk.Now().UTC())
		})
	}
}

func TestControlClockWorksWithBenbjohnsonMock(t *testing.T) {
	clk := clock.NewMock()
	clk.Set(epoch)
	f := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	ctlOK(t, f, "POST", "/_fakelambda/clock", `{"Advance":"2m"}`)
	require.Equal(t, epoch.Add(2*time.Minute), clk.Now().UTC())
	ctlOK(t, f, "POST", "/_fakelambda/clock", `{"Set":"2030-01-01T00:00:00Z"}`)
	require.Equal(t, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), clk.Now().UTC())
}

type nowOnly struct{}

func (nowOnly) Now() time.Time { return epoch }

func TestControlClockConflictWhenNotSettable(t *testing.T) {
	code, body := ctl(t, fakelambda.New(), "POST", "/_fakelambda/clock", `{"Advance":"90s"}`)
	require.Equal(t, http.StatusConflict, code)
	require.Equal(t, `{"Message":"the clock cannot be moved: this fake reads the real clock (time.Now); run cmd/fakelambda with -clock=manual, or give the fake a settable clock such as fakelambda.NewManualClock"}`+"\n", body)

	code, body = ctl(t, fakelambda.New(fakelambda.WithClock(nowOnly{})), "POST", "/_fakelambda/clock", `{"Set":"2026-01-01T00:00:00Z"}`)
	require.Equal(t, http.StatusConflict, code)
	require.Contains(t, body, `this fake reads a fakelambda_test.nowOnly, which has no Advance/Add or Set method`)
}

func TestControlBadRequests(t *testing.T) {
	f := fakelambda.New(fakelambda.WithClock(fakelambda.NewManualClock(epoch)))
	for _, tc := range []struct{ method, path, body, want string }{
		{"POST", "/_fakelambda/clock", ``, `request body must be a JSON object`},
		{"POST", "/_fakelambda/clock", `{"Advance":`, `bad request body: unexpected EOF`},
		{"POST", "/_fakelambda/clock", `{}`, `give exactly one of \"Advance\" (a duration, e.g. \"90s\") or \"Set\" (RFC 3339, e.g. \"2026-01-01T00:00:00Z\")`},
		{"POST", "/_fakelambda/clock", `{"Advance":"1s","Set":"2026-01-01T00:00:00Z"}`, `give exactly one of \"Advance\" (a duration, e.g. \"90s\") or \"Set\" (RFC 3339, e.g. \"2026-01-01T00:00:00Z\")`},
		{"POST", "/_fakelambda/clock", `{"Advance":"90"}`, `Advance: \"90\" is not a duration; use Go's form, e.g. \"90s\" or \"2m\"`},
		{"POST", "/_fakelambda/clock", `{"Advance":"-1s"}`, `Advance: \"-1s\" is negative; the clock cannot go back`},
		{"POST", "/_fakelambda/clock", `{"Set":"yesterday"}`, `Set: \"yesterday\" is not an RFC 3339 time, e.g. \"2026-01-01T00:00:00Z\"`},
		{"POST", "/_fakelambda/clock", `{"Advance":"1s"} {}`, `bad request body: more than one JSON value`},
		{"POST", "/_fakelambda/faults", `{"Operation":"Get","Error":{"Code":"ServiceException"}}`, `Operation: \"Get\" is not an operation of Lambda's API; use the SDK operation name, e.g. \"GetProvisionedConcurrencyConfig\", or leave it out to match any`},
		{"POST", "/_fakelambda/faults", `{"Err":{"Code":"ServiceException"}}`, `bad request body: unknown field \"Err\"`},
		{"POST", "/_fakelambda/faults", `{"Count":"2","Error":{"Code":"ServiceException"}}`, `bad request body: Count must be a JSON integer, not string`},
		{"POST", "/_fakelambda/faults", `{"Count":-1,"Error":{"Code":"ServiceException"}}`, `Skip and Count must not be negative (got Skip 0, Count -1)`},
		{"POST", "/_fakelambda/faults", `{"Error":{"Message":"x"}}`, `Error.Code is required, e.g. \"TooManyRequestsException\", or \"ConnectionReset\" to drop the connection`},
		{"POST", "/_fakelambda/faults", `{"Error":{"Code":"X","StatusCode":200}}`, `Error.StatusCode: 200 is not an error status (300-599)`},
		{"POST", "/_fakelambda/faults", `{"Error":{"Code":"X","RetryAfter":-1}}`, `Error.RetryAfter: -1 is negative`},
		{"POST", "/_fakelambda/faults", `{"Operation":"Invoke"}`, `a fault needs an \"Error\", a \"Delay\", or both`},
		{"POST", "/_fakelambda/faults", `{"Delay":"2 seconds"}`, `Delay: \"2 seconds\" is not a duration; use Go's form, e.g. \"90s\" or \"2m\"`},
		{"PUT", "/_fakelambda/allocation", `{"Qualifier":"BLUE"}`, `Function is required: the function name or ARN the plan is for`},
		{"PUT", "/_fakelambda/allocation", `{"Function":"f","Delay":"-5s"}`, `Delay: \"-5s\" is negative`},
		{"PUT", "/_fakelambda/allocation", `[]`, `bad request body: cannot unmarshal array into Go value of type struct { Function string; Qualifier string; Delay string; FailReason string }`},
	} {
		code, body := ctl(t, f, tc.method, tc.path, tc.body)
		require.Equal(t, http.StatusBadRequest, code, "%s %s", tc.path, tc.body)
		require.Equal(t, `{"Message":"`+tc.want+`"}`+"\n", body, "%s %s", tc.path, tc.body)
	}
	require.Empty(t, f.Calls())
	require.Equal(t, `{"Calls":[]}`+"\n", ctlOK(t, f, "GET", "/_fakelambda/calls", ""))
}

func TestControlUnknownPathAndMethod(t *testing.T) {
	f := fakelambda.New()
	code, body := ctl(t, f, "GET", "/_fakelambda/nope", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, `{"Message":"no control endpoint /_fakelambda/nope; see health, clock, faults, allocation, transition, reset, calls under /_fakelambda/"}`+"\n", body)

	req := httptest.NewRequest("GET", "/_fakelambda/reset", nil)
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	require.Equal(t, "POST", rec.Header().Get("Allow"))
	require.Equal(t, `{"Message":"method GET not allowed on /_fakelambda/reset; use POST"}`+"\n", rec.Body.String())

	code, body = ctl(t, f, "DELETE", "/_fakelambda/faults/fault-9", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, `{"Message":"no fault with Id \"fault-9\" (removed, reset, or never added)"}`+"\n", body)
}

func TestControlFaultsOverHTTP(t *testing.T) {
	srv := fakelambda.NewServer(t, fakelambda.WithoutTransitions(), fakelambda.WithClock(fakelambda.NewManualClock(epoch)))
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	cfg := middleware.Config(srv.Fake)
	cfg.APIOptions = nil
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.HTTPClient = hc
	})
	ctx := context.Background()
	post := func(path, body string) (int, string) {
		req, err := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := hc.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}

	code, body := post("/_fakelambda/faults", `{"Operation":"GetAccountSettings","Count":2,
		"Error":{"Code":"TooManyRequestsException","Message":"Rate exceeded","Type":"User","Reason":"CallerRateLimitExceeded"}}`)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, `{"Id":"fault-1"}`+"\n", body)

	_, err := client.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{}) // 2 throttles, then success
	require.NoError(t, err)
	calls := srv.Fake.Calls()
	require.Len(t, calls, 3)
	require.Equal(t, fakelambda.Call{Operation: "GetAccountSettings", StatusCode: 429, ErrorCode: "TooManyRequestsException", Faulted: true, At: epoch}, bare(calls[0]))
	require.Equal(t, fakelambda.Call{Operation: "GetAccountSettings", StatusCode: 200, At: epoch}, bare(calls[2]))
	require.Equal(t, `{"Fired":2,"Id":"fault-1"}`+"\n", ctlOK(t, srv.Fake, "GET", "/_fakelambda/faults/fault-1", ""))

	// A typed error with every member, answered exactly once the Skip is used up.
	ctlOK(t, srv.Fake, "POST", "/_fakelambda/faults", `{"Operation":"GetProvisionedConcurrencyConfig","Function":"arn:aws:lambda:us-east-1:123456789012:function:my-function:BLUE","Skip":1,
		"Error":{"Code":"ResourceNotFoundException","StatusCode":404,"Message":"Function not found: x","Type":"User"}}`)
	get := func() error {
		_, err := client.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("my-function"), Qualifier: aws.String("BLUE")})
		return err
	}
	requireAPIError[*types.ResourceNotFoundException](t, get(), 404, "ResourceNotFoundException", // skipped: the real answer
		"Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:my-function:BLUE")
	requireAPIError[*types.ResourceNotFoundException](t, get(), 404, "ResourceNotFoundException", "Function not found: x")
	require.Equal(t, `{"Fired":1,"Id":"fault-2"}`+"\n", ctlOK(t, srv.Fake, "DELETE", "/_fakelambda/faults/fault-2", ""))
	code, _ = ctl(t, srv.Fake, "DELETE", "/_fakelambda/faults/fault-2", "")
	require.Equal(t, http.StatusNotFound, code)

	// A dropped connection, then DELETE /faults removes every fault, Go's too.
	ctlOK(t, srv.Fake, "POST", "/_fakelambda/faults", `{"Operation":"ListFunctions","Error":{"Code":"ConnectionReset"}}`)
	goFault := srv.Fake.AddFault(fakelambda.Fault{Operation: "GetAccountSettings", Err: fakelambda.ServiceError("boom")})
	_, err = client.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	require.Error(t, err)
	n := len(srv.Fake.Calls())
	require.Equal(t, fakelambda.Call{Operation: "ListFunctions", ErrorCode: "ConnectionReset", Faulted: true, At: epoch}, bare(srv.Fake.Calls()[n-1]))
	require.Equal(t, "{}\n", ctlOK(t, srv.Fake, "DELETE", "/_fakelambda/faults", ""))
	_, err = client.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	require.NoError(t, err)
	_, err = client.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
	require.NoError(t, err)
	require.Equal(t, 0, goFault.Fired())
	code, _ = ctl(t, srv.Fake, "GET", "/_fakelambda/faults/fault-3", "")
	require.Equal(t, http.StatusNotFound, code)
}

func TestControlDelayFaultWaitsOnManualClock(t *testing.T) {
	e := newManualEnv(t)
	ctlOK(t, e.fake, "POST", "/_fakelambda/faults", `{"Operation":"GetAccountSettings","Count":1,"Delay":"2s"}`)
	done := make(chan error, 1)
	go func() {
		_, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		done <- err
	}()
	for e.fake.Waiting() == 0 { // the call has reached the fault's Delay
		runtime.Gosched()
	}
	require.Equal(t, `{"Now":"2026-01-02T03:04:05Z","Waiting":1}`+"\n", ctlOK(t, e.fake, "GET", "/_fakelambda/clock", ""))
	ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"1s"}`)
	select {
	case err := <-done:
		t.Fatalf("call answered before its delay: %v", err)
	default:
	}
	ctlOK(t, e.fake, "POST", "/_fakelambda/clock", `{"Advance":"1s"}`)
	require.NoError(t, <-done)
	require.Equal(t, []fakelambda.Call{{Operation: "GetAccountSettings", StatusCode: 200, At: epoch.Add(2 * time.Second)}}, bareAll(e.fake.Calls()))
}

func TestControlAllocation(t *testing.T) {
	e := newManualEnv(t)
	require.Equal(t, "{}\n", ctlOK(t, e.fake, "PUT", "/_fakelambda/allocation",
		`{"Function":"my-function","Qualifier":"BLUE","Delay":"30s","FailReason":"FUNCTION_ERROR_INIT_FAILURE"}`))
	e.blueWithPC(t)
	e.mclk.Advance(29 * time.Second)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "my-function", "BLUE").Status)
	e.mclk.Advance(time.Second)
	get := e.getPC(t, "my-function", "BLUE")
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumFailed, get.Status)
	require.Equal(t, "FUNCTION_ERROR_INIT_FAILURE", *get.StatusReason)
	require.Equal(t, int32(0), *get.AllocatedProvisionedConcurrentExecutions)

	// No FailReason: READY after Delay (absent Delay is 0).
	ctlOK(t, e.fake, "PUT", "/_fakelambda/allocation", `{"Function":"my-function"}`)
	e.putPC(t, "my-function", "BLUE", 5)
	e.mclk.Advance(30 * time.Second)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumFailed, e.getPC(t, "my-function", "BLUE").Status) // BLUE's own plan wins
	e.publish(t, "my-function")
	e.alias(t, "my-function", "GREEN", "2")
	e.putPC(t, "my-function", "GREEN", 5)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "my-function", "GREEN").Status)
}

func TestControlResetAndCalls(t *testing.T) {
	e := newManualEnv(t)
	e.createFunction(t, "my-function")
	ctlOK(t, e.fake, "POST", "/_fakelambda/faults", `{"Operation":"GetFunction","Error":{"Code":"ServiceException","Message":"boom","Type":"Service"}}`)
	_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my-function"), Qualifier: aws.String("$LATEST")})
	require.Error(t, err)

	const scope = `"Region":"us-east-1","AccountID":"123456789012"`
	get := func(id string) string {
		return `{"Operation":"GetFunction","Function":"my-function","Qualifier":"$LATEST","StatusCode":500,"ErrorCode":"ServiceException","Faulted":true,"At":"2026-01-02T03:04:05Z","RequestID":"` + id + `",` + scope + `}`
	}
	require.Equal(t, `{"Calls":[`+
		`{"Operation":"CreateFunction","Function":"my-function","Qualifier":"","StatusCode":201,"ErrorCode":"","Faulted":false,"At":"2026-01-02T03:04:05Z","RequestID":"910a2dec-8902-4cc1-a9e4-9b199086d8d3",`+
		`"Input":{"Code":{"ZipFile":"emlwOm15LWZ1bmN0aW9u"},"FunctionName":"my-function","Handler":"bootstrap","Role":"arn:aws:iam::123456789012:role/lambda-role","Runtime":"provided.al2023"},`+scope+`},`+
		get("1d0b14e4-db01-4fed-b463-9455a00830b9")+`,`+get("6e73e372-e233-4aca-b4fb-3e889a6f8753")+`,`+get("63033b0c-a389-435a-86ba-1b65e242da1b")+
		`]}`+"\n", ctlOK(t, e.fake, "GET", "/_fakelambda/calls", ""))

	require.Equal(t, "{}\n", ctlOK(t, e.fake, "POST", "/_fakelambda/reset", ""))
	require.Equal(t, `{"Calls":[]}`+"\n", ctlOK(t, e.fake, "GET", "/_fakelambda/calls", ""))
	code, _ := ctl(t, e.fake, "GET", "/_fakelambda/faults/fault-1", "")
	require.Equal(t, http.StatusNotFound, code)
	_, err = e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my-function")})
	requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
		"Function not found: arn:aws:lambda:us-east-1:123456789012:function:my-function")
	// Ids are never reused after a reset.
	require.Equal(t, `{"Id":"fault-2"}`+"\n", ctlOK(t, e.fake, "POST", "/_fakelambda/faults", `{"Error":{"Code":"ServiceException"}}`))

	var decoded struct{ Calls []fakelambda.Call }
	require.NoError(t, json.Unmarshal([]byte(ctlOK(t, e.fake, "GET", "/_fakelambda/calls", "")), &decoded))
	require.Len(t, decoded.Calls, 1)
}

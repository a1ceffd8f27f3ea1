package fakelambda_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Function URL invocations with net/http clients: over HTTP (an httptest
// server, the URL's host in the Host header) and in-process (URLClient).

// urlEnv is an env with a way to send HTTP requests to function URLs.
type urlEnv struct {
	*env
	do func(req *http.Request) *http.Response // req's URL is the function URL's
}

// urlTransports runs fn with URL requests sent over HTTP and in-process.
func urlTransports(t *testing.T, fn func(t *testing.T, e *urlEnv), opts ...fakelambda.Option) {
	t.Helper()
	t.Run("http", func(t *testing.T) {
		e := newEnv(t, true, opts...)
		srv := httptest.NewServer(e.fake) // the same handler the API's server runs
		t.Cleanup(srv.Close)
		hc := &http.Client{Transport: &http.Transport{}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		t.Cleanup(hc.CloseIdleConnections)
		fn(t, &urlEnv{env: e, do: func(req *http.Request) *http.Response {
			u, _ := url.Parse(srv.URL)
			req.Host = req.URL.Host
			req.URL.Scheme, req.URL.Host = u.Scheme, u.Host
			resp, err := hc.Do(req)
			require.NoError(t, err)
			return resp
		}})
	})
	t.Run("in-process", func(t *testing.T) {
		e := newEnv(t, false, opts...)
		c := e.fake.URLClient()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		fn(t, &urlEnv{env: e, do: func(req *http.Request) *http.Response {
			resp, err := c.Do(req)
			require.NoError(t, err)
			return resp
		}})
	})
}

// newURL creates function fn with a URL of authType and returns the URL.
func (e *urlEnv) newURL(t *testing.T, fn string, authType types.FunctionUrlAuthType, cors *types.Cors) string {
	t.Helper()
	e.createFunction(t, fn)
	out, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: authType, Cors: cors})
	require.NoError(t, err)
	return aws.ToString(out.FunctionUrl)
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	return string(b)
}

func newReq(t *testing.T, method, u string, body []byte) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	require.NoError(t, err)
	return req
}

func TestURLInvokeEvent(t *testing.T) {
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		var mu sync.Mutex
		var events []map[string]any
		e.fake.SetHandler("echo", func(ctx context.Context, payload []byte) ([]byte, error) {
			var ev map[string]any
			require.NoError(t, json.Unmarshal(payload, &ev))
			mu.Lock()
			events = append(events, ev)
			mu.Unlock()
			return []byte(`{"statusCode":201,"headers":{"X-Out":"yes","Content-Type":"text/plain"},"cookies":["a=1; Path=/","b=2"],"body":"aGkgdGhlcmU=","isBase64Encoded":true}`), nil
		})
		u := e.newURL(t, "echo", types.FunctionUrlAuthTypeNone, nil)
		id := strings.TrimSuffix(strings.TrimPrefix(u, "https://"), ".lambda-url.us-east-1.on.aws/")
		require.Len(t, id, 32)

		req := newReq(t, "POST", u+"pa%2Fth/1?q=query&multi=foo&multi=%2Fbar", []byte(`{"foo":"bar"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "test/echo")
		req.Header.Set("Extra-Headers", "With WeiRd CapS")
		req.Header.Add("Cookie", "c1=v1; c2=v2")
		resp := e.do(req)
		require.Equal(t, 201, resp.StatusCode)
		require.Equal(t, "hi there", readAll(t, resp))
		require.Equal(t, "yes", resp.Header.Get("X-Out"))
		require.Equal(t, "text/plain", resp.Header.Get("Content-Type"))
		require.Equal(t, []string{"a=1; Path=/", "b=2"}, resp.Header.Values("Set-Cookie"))
		reqID := resp.Header.Get("X-Amzn-Requestid")
		require.NotEmpty(t, reqID)

		require.Len(t, events, 1)
		ev := events[0]
		require.Equal(t, "2.0", ev["version"])
		require.Equal(t, "$default", ev["routeKey"])
		require.Equal(t, "/pa%2Fth/1", ev["rawPath"])
		require.Equal(t, "q=query&multi=foo&multi=%2Fbar", ev["rawQueryString"])
		require.Equal(t, []any{"c1=v1", "c2=v2"}, ev["cookies"])
		require.Equal(t, map[string]any{"q": "query", "multi": "foo,/bar"}, ev["queryStringParameters"])
		h := ev["headers"].(map[string]any)
		require.Equal(t, "application/json", h["content-type"])
		require.Equal(t, "With WeiRd CapS", h["extra-headers"])
		require.Equal(t, "13", h["content-length"]) // on both transports
		require.Equal(t, id+".lambda-url.us-east-1.on.aws", h["host"])
		require.NotContains(t, h, "cookie")
		require.Equal(t, `{"foo":"bar"}`, ev["body"])
		require.Equal(t, false, ev["isBase64Encoded"])
		rc := ev["requestContext"].(map[string]any)
		require.Equal(t, "anonymous", rc["accountId"])
		require.Equal(t, id, rc["apiId"])
		require.Equal(t, id+".lambda-url.us-east-1.on.aws", rc["domainName"])
		require.Equal(t, id, rc["domainPrefix"])
		require.Equal(t, reqID, rc["requestId"])
		require.Equal(t, "$default", rc["routeKey"])
		require.Equal(t, "$default", rc["stage"])
		require.Equal(t, "02/Jan/2026:03:04:05 +0000", rc["time"])
		require.Equal(t, float64(epoch.UnixMilli()), rc["timeEpoch"])
		hp := rc["http"].(map[string]any)
		require.Equal(t, "POST", hp["method"])
		require.Equal(t, "/pa%2Fth/1", hp["path"])
		require.Equal(t, "HTTP/1.1", hp["protocol"])
		require.Equal(t, "127.0.0.1", hp["sourceIp"])
		require.Equal(t, "test/echo", hp["userAgent"])
		require.NotContains(t, rc, "authorizer")

		// A binary body arrives base64-encoded; no body, no "body".
		req = newReq(t, "PUT", u, []byte{0, 1, 2, 0xff})
		req.Header.Set("Content-Type", "application/octet-stream")
		readAll(t, e.do(req))
		readAll(t, e.do(newReq(t, "GET", u, nil)))
		require.Len(t, events, 3)
		require.Equal(t, "AAEC/w==", events[1]["body"])
		require.Equal(t, true, events[1]["isBase64Encoded"])
		require.Equal(t, "/", events[1]["rawPath"])
		require.NotContains(t, events[2], "body")
		require.NotContains(t, events[2], "queryStringParameters")
		require.NotContains(t, events[2], "cookies")

		// The invocations are calls and count in Metrics.
		calls := e.fake.Calls()
		last := calls[len(calls)-1]
		require.Equal(t, fakelambda.OpInvokeFunctionUrl, last.Operation)
		require.Equal(t, "echo", last.Function)
		require.Equal(t, 201, last.StatusCode)
		require.Equal(t, 3, e.fake.Metrics("echo", "").Invocations)
	})
}

// The handler's answer, mapped as recorded (TestLambdaURL::
// test_lambda_url_invocation[*], test_lambda.snapshot.json).
func TestURLInvokeResponseMapping(t *testing.T) {
	cases := []struct {
		param, out string
		status     int
		body, ct   string
	}{
		{"dict", `{"hello": "world"}`, 200, `{"hello":"world"}`, "application/json"},
		{"http-response", `{"statusCode": 200, "body": "body123"}`, 200, "body123", "application/json"},
		{"http-response-json", `{"statusCode": 200, "body": "{\"hello\": \"world\"}"}`, 200, `{"hello": "world"}`, "application/json"},
		{"list-mixed", `["hello", 3, true]`, 200, `["hello",3,true]`, "application/json"},
		{"string", `"hello"`, 200, "hello", "application/json"},
		{"integer", `3`, 200, "3", "application/json"},
		{"float", `3.1`, 200, "3.1", "application/json"},
		{"boolean", `true`, 200, "true", "application/json"},
		{"", `{"statusCode": 404, "body": {"a": 1}}`, 404, `{"a":1}`, "application/json"},
		{"", `{"statusCode": 302, "headers": {"location": "/x"}}`, 302, ``, "application/json"},
		{"", `null`, 200, `null`, "application/json"},
	}
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		var out string
		e.fake.SetHandler("m", func(ctx context.Context, payload []byte) ([]byte, error) { return []byte(out), nil })
		u := e.newURL(t, "m", types.FunctionUrlAuthTypeNone, nil)
		noRedirect := func(req *http.Request) *http.Response { return e.do(req) }
		for _, c := range cases {
			out = c.out
			resp := noRedirect(newReq(t, "GET", u, nil))
			body := readAll(t, resp)
			require.Equal(t, c.status, resp.StatusCode, c.out)
			require.Equal(t, c.body, body, c.out)
			require.Equal(t, c.ct, resp.Header.Get("Content-Type"), c.out)
			if c.param == "" {
				continue
			}
			m := newMatcher()
			doc := map[string]any{"statuscode": float64(resp.StatusCode), "headers": map[string]any{
				"Content-Length": resp.Header.Get("Content-Length"), "Content-Type": resp.Header.Get("Content-Type")}}
			var obj map[string]any
			if json.Unmarshal([]byte(body), &obj) == nil {
				doc["content"] = obj
			} else {
				doc["content"] = body
			}
			rec := loadRecordings(t, urlInvokeFile)["TestLambdaURL::test_lambda_url_invocation["+c.param+"]"]["lambda_url_invocation"]
			require.NotNil(t, rec, c.param)
			require.Empty(t, m.compare(rec, doc), c.param)
		}
	})
}

func TestURLInvokeAuth(t *testing.T) {
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		var events [][]byte
		e.fake.SetHandler("iam", func(ctx context.Context, payload []byte) ([]byte, error) {
			events = append(events, payload)
			return []byte(`"ok"`), nil
		})
		u := e.newURL(t, "iam", types.FunctionUrlAuthTypeAwsIam, nil)
		forbidden := `{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}`

		resp := e.do(newReq(t, "GET", u, nil))
		require.Equal(t, 403, resp.StatusCode)
		require.Equal(t, "AccessDeniedException", resp.Header.Get("X-Amzn-Errortype"))
		require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		require.Equal(t, forbidden, readAll(t, resp))
		require.Empty(t, events)

		sign := func(req *http.Request, body []byte, key, secret, service string) {
			sum := sha256.Sum256(body)
			require.NoError(t, v4.NewSigner().SignHTTP(e.ctx, aws.Credentials{AccessKeyID: key, SecretAccessKey: secret},
				req, hex.EncodeToString(sum[:]), service, "us-east-1", e.clk.Now()))
		}
		body := []byte(`{"x":1}`)
		req := newReq(t, "POST", u+"signed", body)
		req.Header.Set("Content-Type", "application/json")
		sign(req, body, "AKIDEXAMPLE", "secret", "lambda")
		resp = e.do(req)
		require.Equal(t, 200, resp.StatusCode)
		require.Equal(t, "ok", readAll(t, resp))
		require.Len(t, events, 1)
		var ev struct {
			RequestContext struct {
				AccountID  string
				Authorizer struct {
					IAM struct{ AccessKey, AccountID string }
				}
			}
			Body string
		}
		require.NoError(t, json.Unmarshal(events[0], &ev))
		require.Equal(t, "123456789012", ev.RequestContext.AccountID)
		require.Equal(t, "AKIDEXAMPLE", ev.RequestContext.Authorizer.IAM.AccessKey)
		require.Equal(t, `{"x":1}`, ev.Body)

		// Signed for another service: refused.
		req = newReq(t, "GET", u, nil)
		sign(req, nil, "AKIDEXAMPLE", "secret", "s3")
		resp = e.do(req)
		require.Equal(t, 403, resp.StatusCode)
		require.Equal(t, forbidden, readAll(t, resp))

		// An unknown url-id: 403 {"Message":null}.
		resp = e.do(newReq(t, "GET", "https://0123456789abcdefghijklmnopqrstuv.lambda-url.us-east-1.on.aws/", nil))
		require.Equal(t, 403, resp.StatusCode)
		require.Equal(t, "AccessDeniedException", resp.Header.Get("X-Amzn-Errortype"))
		require.Equal(t, `{"Message":null}`, readAll(t, resp))
	})
}

// With WithCredentials, an AWS_IAM URL wants a signature that verifies.
func TestURLInvokeAuthWithCredentials(t *testing.T) {
	f := fakelambda.New(fakelambda.WithCredentials("AKID", "right"), fakelambda.WithoutTransitions())
	require.NoError(t, f.SeedFunction(fakelambda.FunctionSpec{Name: "f"}))
	cfg := lambda.New(lambda.Options{Region: "us-east-1", HTTPClient: f.URLClient(), BaseEndpoint: aws.String("https://lambda.us-east-1.amazonaws.com"),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "right"}, nil
		})})
	out, err := cfg.CreateFunctionUrlConfig(context.Background(), &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("f"), AuthType: types.FunctionUrlAuthTypeAwsIam})
	require.NoError(t, err)
	for secret, status := range map[string]int{"right": 200, "wrong": 403} {
		req := newReq(t, "GET", aws.ToString(out.FunctionUrl), nil)
		sum := sha256.Sum256(nil)
		require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: secret},
			req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now()))
		resp, err := f.URLClient().Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, status, resp.StatusCode, secret)
	}
}

func TestURLInvokeCORS(t *testing.T) {
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		ran := 0
		e.fake.SetHandler("c", func(ctx context.Context, payload []byte) ([]byte, error) { ran++; return []byte(`{}`), nil })
		u := e.newURL(t, "c", types.FunctionUrlAuthTypeAwsIam, &types.Cors{AllowOrigins: []string{"https://app.example"},
			AllowMethods: []string{"GET", "POST"}, AllowHeaders: []string{"x-custom"}, ExposeHeaders: []string{"x-out"},
			AllowCredentials: aws.Bool(true), MaxAge: aws.Int32(600)})
		pre := func(origin string) *http.Response {
			req := newReq(t, "OPTIONS", u+"any", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			return e.do(req)
		}
		resp := pre("https://app.example")
		readAll(t, resp)
		require.Equal(t, 200, resp.StatusCode) // unsigned, on an AWS_IAM URL: preflights are not signed
		require.Equal(t, "https://app.example", resp.Header.Get("Access-Control-Allow-Origin"))
		require.Equal(t, "GET,POST", resp.Header.Get("Access-Control-Allow-Methods"))
		require.Equal(t, "x-custom", resp.Header.Get("Access-Control-Allow-Headers"))
		require.Equal(t, "600", resp.Header.Get("Access-Control-Max-Age"))
		require.Equal(t, "true", resp.Header.Get("Access-Control-Allow-Credentials"))
		resp = pre("https://evil.example")
		readAll(t, resp)
		require.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
		require.Zero(t, ran)

		_, err := e.client.UpdateFunctionUrlConfig(e.ctx, &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String("c"), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		req := newReq(t, "GET", u, nil)
		req.Header.Set("Origin", "https://app.example")
		resp = e.do(req)
		readAll(t, resp)
		require.Equal(t, 200, resp.StatusCode)
		require.Equal(t, 1, ran)
		require.Equal(t, "https://app.example", resp.Header.Get("Access-Control-Allow-Origin"))
		require.Equal(t, "x-out", resp.Header.Get("Access-Control-Expose-Headers"))
	})
}

// An alias's URL runs the alias's handler; after DeleteAlias it answers 403
// Forbidden, as recorded (TestLambdaURL::test_lambda_url_persists_after_alias_delete).
func TestURLInvokeAliasFaultsErrors(t *testing.T) {
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		e.createFunction(t, "a")
		v := e.publish(t, "a")
		e.alias(t, "a", "live", v)
		e.fake.SetHandler("a:live", func(ctx context.Context, payload []byte) ([]byte, error) { return []byte(`"live"`), nil })
		e.fake.SetHandler("a", func(ctx context.Context, payload []byte) ([]byte, error) { return nil, errors.New("boom") })
		out, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("a"), Qualifier: aws.String("live"), AuthType: types.FunctionUrlAuthTypeNone})
		require.NoError(t, err)
		u := aws.ToString(out.FunctionUrl)
		resp := e.do(newReq(t, "GET", u, nil))
		require.Equal(t, "live", readAll(t, resp))
		require.Equal(t, 1, e.fake.Metrics("a", "live").Invocations)

		// A fault on InvokeFunctionUrl.
		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpInvokeFunctionUrl, Function: "a", Qualifier: "live", Count: 1, Err: fakelambda.Throttled("")})
		resp = e.do(newReq(t, "GET", u, nil))
		readAll(t, resp)
		require.Equal(t, 429, resp.StatusCode)
		require.Equal(t, 1, h.Fired())
		calls := e.fake.Calls()
		require.True(t, calls[len(calls)-1].Faulted)
		require.Equal(t, fakelambda.OpInvokeFunctionUrl, calls[len(calls)-1].Operation)

		// A function error: 502.
		u2 := e.newURLOn(t, "a")
		resp = e.do(newReq(t, "GET", u2, nil))
		require.Equal(t, 502, resp.StatusCode)
		require.Equal(t, "Internal Server Error", readAll(t, resp))
		require.Equal(t, 1, e.fake.Metrics("a", "").Errors)

		_, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("a"), Name: aws.String("live")})
		require.NoError(t, err)
		resp = e.do(newReq(t, "GET", u, nil))
		body := readAll(t, resp)
		m := newMatcher()
		doc := map[string]any{"status_code": float64(resp.StatusCode), "headers": map[string]any{"x-amzn-ErrorType": resp.Header.Get("X-Amzn-Errortype")}}
		var content map[string]any
		require.NoError(t, json.Unmarshal([]byte(body), &content))
		doc["content"] = content
		rec := loadRecordings(t, urlInvokeFile)["TestLambdaURL::test_lambda_url_persists_after_alias_delete"]["invoke_deleted_alias_url_response_delayed"]
		require.Empty(t, m.compare(rec, doc))

		// Deleting the function: its URLs answer as unknown.
		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("a")})
		require.NoError(t, err)
		resp = e.do(newReq(t, "GET", u2, nil))
		require.Equal(t, `{"Message":null}`, readAll(t, resp))
	})
}

func (e *urlEnv) newURLOn(t *testing.T, fn string) string {
	out, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(fn), AuthType: types.FunctionUrlAuthTypeNone})
	require.NoError(t, err)
	return aws.ToString(out.FunctionUrl)
}

// The response carries the invocation's request id (recorded:
// TestRequestIdHandling::test_request_id_invoke_url).
func TestURLInvokeRequestID(t *testing.T) {
	urlTransports(t, func(t *testing.T, e *urlEnv) {
		var got string
		e.fake.SetHandler("r", func(ctx context.Context, payload []byte) ([]byte, error) {
			got = fakelambda.RequestID(ctx)
			return []byte(`"hi"`), nil
		})
		u := e.newURL(t, "r", types.FunctionUrlAuthTypeNone, nil)
		resp := e.do(newReq(t, "GET", u, nil))
		body := readAll(t, resp)
		m := newMatcher()
		doc := map[string]any{"content": body, "statuscode": float64(resp.StatusCode), "headers": map[string]any{"x-amzn-RequestId": resp.Header.Get("X-Amzn-Requestid")}}
		rec := loadRecordings(t, urlInvokeFile)["TestRequestIdHandling::test_request_id_invoke_url"]["lambda_url_invocation"]
		require.Empty(t, m.compare(rec, doc))
		require.Equal(t, got, resp.Header.Get("X-Amzn-Requestid"))
	})
}

package fakelambda

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Function URL invocations: an HTTP request to a function's URL
// (CreateFunctionUrlConfig) runs the function's Handler (SetHandler) with
// Lambda's payload format 2.0 event, and the Handler's answer is mapped back
// to an HTTP response as Lambda maps it.
//
// Addressing. A request reaches a URL by its Host header,
// "<url-id>.lambda-url.<region>.on.aws" (any port), on the fake's own
// handler, so the API's port serves URLs too:
//
//	srv := fakelambda.NewServer(t)
//	// ... CreateFunctionUrlConfig gives https://<url-id>.lambda-url.us-east-1.on.aws/
//	req, _ := http.NewRequest("GET", srv.URL+"/path?x=1", nil)
//	req.Host = "<url-id>.lambda-url.us-east-1.on.aws"
//	resp, _ := srv.Client().Do(req)
//
// or, with cmd/fakelambda: curl -H 'Host: <url-id>.lambda-url.us-east-1.on.aws' http://127.0.0.1:9001/path.
// In-process, URLClient (or RoundTripper) sends requests for the URL
// itself to the fake without sockets: fake.URLClient().Get(functionURL + "path").
//
// Auth. A NONE URL is open (the fake does not ask for the resource-based
// policy statement AWS also requires). An AWS_IAM URL demands a SigV4
// signature for service "lambda" (Authorization header); with
// WithCredentials it must also verify. Otherwise: 403, x-amzn-ErrorType
// AccessDeniedException, {"Message":"Forbidden. For troubleshooting
// Function URL authorization issues, see: ..."}. An unknown url-id: 403
// {"Message":null}. A URL whose alias was deleted: 403 Forbidden.
//
// CORS. With a Cors config, a preflight (OPTIONS with Origin and
// Access-Control-Request-Method) is answered 200 from it without running the
// function (and without auth, as browsers do not sign preflights); other
// responses to an allowed Origin get Access-Control-Allow-Origin,
// -Allow-Credentials and -Expose-Headers.
//
// Accounting. Each URL request is a call in Calls with Operation
// OpInvokeFunctionUrl (not an SDK operation), counts in Metrics like an
// Invoke (admission, throttling, provisioned concurrency), and can be
// matched by a Fault (Operation OpInvokeFunctionUrl, Function, Qualifier =
// the URL's alias): the fault's error is answered with its status.

// OpInvokeFunctionUrl names function URL invocations in Calls, AddFault
// and WithRateLimit. It is not an operation of the SDK's Lambda client.
const OpInvokeFunctionUrl = "InvokeFunctionUrl"

// urlInvokeRow is the table's special case for URL invocations: named (in
// byName, so AddFault and WithRateLimit accept it, and the call log can
// name it) but never routed, and not in operations (README's table, the
// coverage tests).
var urlInvokeRow = &opRow{name: OpInvokeFunctionUrl, method: "*", path: "/<function url>", limit: syncPayloadLimit,
	tooLarge: "RequestEntityTooLargeException", wireName: "InvokeFunction"}

func init() {
	urlInvokeRow.index = len(operations)
	byName[OpInvokeFunctionUrl] = urlInvokeRow
}

// rowName names the operation of a call log entry (op is a row index).
func rowName(op int) string {
	if op == urlInvokeRow.index {
		return OpInvokeFunctionUrl
	}
	return operations[op].name
}

const (
	urlForbidden     = "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"
	urlHostSuffix    = ".on.aws"
	urlHostMid       = ".lambda-url."
	urlEventTimeFmt  = "02/Jan/2006:15:04:05 -0700"
	errAccessDenied  = "AccessDeniedException"
	urlInternalError = "Internal Server Error"
)

// urlHost parses a function URL's host, "<url-id>.lambda-url.<region>.on.aws"
// with or without a port.
func urlHost(host string) (id, region string, ok bool) {
	if !strings.Contains(host, urlHostMid) {
		return "", "", false
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	rest, ok := strings.CutSuffix(host, urlHostSuffix)
	if !ok {
		return "", "", false
	}
	id, region, ok = strings.Cut(rest, urlHostMid)
	if !ok || id == "" || region == "" || strings.Contains(id, ".") || strings.Contains(region, ".") {
		return "", "", false
	}
	return id, region, true
}

// urlError is a URL invocation's error answer: {"Message":...} with
// x-amzn-ErrorType (msg nil writes "Message":null).
func urlError(status int, code string, msg *string) *response {
	b, _ := json.Marshal(struct{ Message *string }{msg})
	return &response{status: status, raw: b, header: map[string]string{"Content-Type": "application/json", "X-Amzn-Errortype": code}}
}

func strp(s string) *string { return &s }

// serveURL answers an HTTP request to a function URL.
func (f *Fake) serveURL(w http.ResponseWriter, r *http.Request, id, region string) {
	rq := &request{r: r, row: urlInvokeRow, op: OpInvokeFunctionUrl}
	f.mu.Lock()
	f.seq++
	rq.seq = f.seq
	rq.reqID = f.uuid(f.seq)
	rq.now = f.now()
	st := f.store
	reg, cfg, found := st.URLByID(id)
	if found && cfg.Region != region {
		found = false
	}
	rq.account, rq.region = f.cfg.accountID, region
	if found {
		rq.account, rq.function, rq.qualifier = cfg.Account, cfg.Function, cfg.Qualifier
	}
	f.mu.Unlock()

	if f.closed.Load() {
		f.finish(w, rq, fail(ServiceError("fakelambda: the fake is closed")), false)
		return
	}
	if !found {
		f.finishURL(w, rq, urlError(http.StatusForbidden, errAccessDenied, nil))
		return
	}
	body, readErr := readBody(r, syncPayloadLimit)
	if readErr != nil {
		e := errBadContent("Could not read the request body: " + readErr.Error())
		if errors.Is(readErr, errBodyTooLarge) {
			e = errTooLarge(urlInvokeRow.tooLarge, syncPayloadLimit, urlInvokeRow.wireName)
		}
		f.finishURL(w, rq, urlError(e.status(), e.Code, &e.Message))
		return
	}
	rq.body = body
	if f.serveFault(w, rq) {
		return
	}
	origin := r.Header.Get("Origin")
	if cfg.Cors != nil && r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != "" {
		f.finishURL(w, rq, preflight(cfg.Cors, origin))
		return
	}
	if cfg.AuthType == "AWS_IAM" {
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !f.urlSigned(r, region) {
			f.finishURL(w, rq, urlError(http.StatusForbidden, errAccessDenied, strp(urlForbidden)))
			return
		}
	}
	resp := f.invokeURL(rq, reg, cfg, body)
	if resp == nil {
		return // the caller has gone
	}
	if cfg.Cors != nil && origin != "" {
		corsHeaders(resp, cfg.Cors, origin)
	}
	f.finishURL(w, rq, resp)
}

// finishURL records the call and writes resp (its raw body and headers).
func (f *Fake) finishURL(w http.ResponseWriter, rq *request, resp *response) {
	code := ""
	if c, ok := resp.header["X-Amzn-Errortype"]; ok && resp.status >= 400 {
		code = c
	}
	f.record(rq, resp.status, code, false)
	h := w.Header()
	h["X-Amzn-Requestid"] = []string{rq.reqID}
	if resp.stream != nil { // a RESPONSE_STREAM URL (streamURL)
		for k, v := range resp.header {
			h.Set(k, v)
		}
		w.WriteHeader(resp.status)
		resp.stream(w)
		return
	}
	for k, v := range resp.header {
		h.Set(k, v)
	}
	for _, c := range resp.cookies() {
		h.Add("Set-Cookie", c)
	}
	h["Content-Length"] = []string{strconv.Itoa(len(resp.raw))}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.raw)
}

// urlCookiesHeader carries a mapped response's cookies in response.header
// (one Set-Cookie each), NUL-separated.
const urlCookiesHeader = "\x00cookies"

func (resp *response) cookies() []string {
	c, ok := resp.header[urlCookiesHeader]
	if !ok {
		return nil
	}
	delete(resp.header, urlCookiesHeader)
	return strings.Split(c, "\x00")
}

// urlSigned reports whether r carries a SigV4 signature for Lambda: any
// well-formed one, or, with WithCredentials, one that verifies.
func (f *Fake) urlSigned(r *http.Request, region string) bool {
	h := r.Header.Get("Authorization")
	if h == "" {
		return false
	}
	a, e := parseAuthorization(h)
	if e != nil || a.service != "lambda" {
		return false
	}
	return f.verifySignature(r, region) == nil
}

// invokeURL runs the URL's function with the event of rq and maps its
// answer; nil when the caller went away meanwhile.
func (f *Fake) invokeURL(rq *request, r *state.Region, cfg state.URLConfig, body []byte) *response {
	f.mu.Lock()
	if cfg.Qualifier != "" && !r.AliasExists(cfg.Function, cfg.Qualifier) {
		f.mu.Unlock()
		return urlError(http.StatusForbidden, errAccessDenied, strp(urlForbidden))
	}
	t, se := r.Resolve(cfg.Function, cfg.Qualifier, state.Lookup{Invoke: true}) // unqualified: $LATEST, or $LATEST.PUBLISHED (capacity providers)
	if se == nil {
		se = r.Invocable(t, rq.now)
	}
	if e := f.rateLimited(rq); e != nil && se == nil {
		f.mu.Unlock()
		return urlError(e.status(), e.Code, &e.Message)
	}
	var s *state.Slot
	var version string
	if se == nil {
		version = r.InvokeVersion(t, f.draw)
		s, se = r.Admit(t.Function, t.Qualifier, version, rq.now)
	}
	if se != nil {
		f.mu.Unlock()
		return urlError(se.Status, se.Code, &se.Message)
	}
	caller, _ := f.scopeOf(rq.r) // an AWS_IAM caller's account: its access key's (scope.go)
	if cfg.InvokeMode == "RESPONSE_STREAM" {
		sh := f.inv.streamHandlerFor(rq.account, rq.region, t.Function, t.Qualifier, version)
		f.mu.Unlock()
		return f.streamURL(rq, r, s, sh, queuedInfo(r, t.Function, t.Qualifier, rq.reqID), urlEvent(rq, cfg, body, caller))
	}
	h := f.inv.handlerFor(rq.account, rq.region, t.Function, t.Qualifier, version)
	f.mu.Unlock()

	event := urlEvent(rq, cfg, body, caller)
	ctx := rq.r.Context()
	out := f.execute(ctx, r, s, h, queuedInfo(r, t.Function, t.Qualifier, rq.reqID), event)
	if ctx.Err() != nil {
		f.record(rq, 0, "RequestCanceled", false)
		panic(http.ErrAbortHandler) // the caller has gone: answer nothing
	}
	if out.errType != "" {
		// Lambda's answer to a function error on a URL is not recorded: the
		// fake answers 502, as API Gateway does for a failed integration.
		return &response{status: http.StatusBadGateway, raw: []byte(urlInternalError),
			header: map[string]string{"Content-Type": "text/plain; charset=utf-8", "X-Amzn-Errortype": "Function.Unhandled"}}
	}
	return mapURLResponse(out.payload)
}

// The payload format 2.0 event.
type (
	urlEventJSON struct {
		Version               string            `json:"version"`
		RouteKey              string            `json:"routeKey"`
		RawPath               string            `json:"rawPath"`
		RawQueryString        string            `json:"rawQueryString"`
		Cookies               []string          `json:"cookies,omitempty"`
		Headers               map[string]string `json:"headers"`
		QueryStringParameters map[string]string `json:"queryStringParameters,omitempty"`
		RequestContext        urlRequestContext `json:"requestContext"`
		Body                  *string           `json:"body,omitempty"`
		IsBase64Encoded       bool              `json:"isBase64Encoded"`
	}
	urlRequestContext struct {
		AccountID    string         `json:"accountId"`
		APIID        string         `json:"apiId"`
		Authorizer   *urlAuthorizer `json:"authorizer,omitempty"`
		DomainName   string         `json:"domainName"`
		DomainPrefix string         `json:"domainPrefix"`
		HTTP         urlHTTP        `json:"http"`
		RequestID    string         `json:"requestId"`
		RouteKey     string         `json:"routeKey"`
		Stage        string         `json:"stage"`
		Time         string         `json:"time"`
		TimeEpoch    int64          `json:"timeEpoch"`
	}
	urlHTTP struct {
		Method    string `json:"method"`
		Path      string `json:"path"`
		Protocol  string `json:"protocol"`
		SourceIP  string `json:"sourceIp"`
		UserAgent string `json:"userAgent"`
	}
	urlAuthorizer struct {
		IAM urlIAM `json:"iam"`
	}
	urlIAM struct {
		AccessKey       string  `json:"accessKey"`
		AccountID       string  `json:"accountId"`
		CallerID        string  `json:"callerId"`
		CognitoIdentity *string `json:"cognitoIdentity"`
		PrincipalOrgID  *string `json:"principalOrgId"`
		UserArn         string  `json:"userArn"`
		UserID          string  `json:"userId"`
	}
)

// urlEvent builds the event Lambda gives a function for a URL request.
// Header names are lower-cased and repeated headers joined with ","; the
// Cookie header becomes cookies; repeated query parameters are joined with
// ","; a body is text unless its Content-Type is not textual (then base64,
// isBase64Encoded true). For NONE URLs requestContext.accountId is
// "anonymous"; AWS_IAM URLs get the caller's account and an iam authorizer
// built from the access key.
func urlEvent(rq *request, cfg state.URLConfig, body []byte, caller string) []byte {
	r := rq.r
	domain := cfg.ID + urlHostMid + cfg.Region + urlHostSuffix
	ev := urlEventJSON{Version: "2.0", RouteKey: "$default", RawPath: r.URL.EscapedPath(), RawQueryString: r.URL.RawQuery,
		Headers: map[string]string{}}
	if ev.RawPath == "" {
		ev.RawPath = "/"
	}
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if lk == "cookie" {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						ev.Cookies = append(ev.Cookies, c)
					}
				}
			}
			continue
		}
		ev.Headers[lk] = strings.Join(vs, ",")
	}
	ev.Headers["host"] = domain
	if r.ContentLength > 0 { // over HTTP the header is there; in-process only the field
		ev.Headers["content-length"] = strconv.FormatInt(r.ContentLength, 10)
	}
	sourceIP := "127.0.0.1"
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && h != "" {
		sourceIP = h
	}
	if _, ok := ev.Headers["x-forwarded-for"]; !ok {
		ev.Headers["x-forwarded-for"] = sourceIP
	}
	ev.Headers["x-forwarded-proto"] = "https"
	ev.Headers["x-forwarded-port"] = "443"
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil && len(q) > 0 {
		ev.QueryStringParameters = make(map[string]string, len(q))
		for k, vs := range q {
			ev.QueryStringParameters[k] = strings.Join(vs, ",")
		}
	}
	if len(body) > 0 {
		s := string(body)
		if !textual(r.Header.Get("Content-Type")) {
			s = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
		ev.Body = &s
	}
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	ev.RequestContext = urlRequestContext{AccountID: "anonymous", APIID: cfg.ID, DomainName: domain, DomainPrefix: cfg.ID,
		HTTP:      urlHTTP{Method: r.Method, Path: ev.RawPath, Protocol: proto, SourceIP: sourceIP, UserAgent: r.Header.Get("User-Agent")},
		RequestID: rq.reqID, RouteKey: "$default", Stage: "$default",
		Time: rq.now.UTC().Format(urlEventTimeFmt), TimeEpoch: rq.now.UnixMilli()}
	if cfg.AuthType == "AWS_IAM" {
		key := ""
		if a, e := parseAuthorization(r.Header.Get("Authorization")); e == nil {
			key = a.accessKeyID
		}
		ev.RequestContext.AccountID = caller
		ev.RequestContext.Authorizer = &urlAuthorizer{IAM: urlIAM{AccessKey: key, AccountID: caller, CallerID: key,
			UserArn: "arn:" + state.Partition(cfg.Region) + ":iam::" + caller + ":root", UserID: caller}}
	}
	buf := marshal(ev)
	defer bufs.Put(buf)
	return bytes.Clone(buf.Bytes())
}

// textual reports whether a body of this Content-Type reaches the function
// as text: text/*, JSON, JavaScript and XML (the fake's reading of Lambda's
// rule; form and multipart bodies, anything else and no type: base64).
func textual(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"),
		mt == "application/json", strings.HasSuffix(mt, "+json"),
		mt == "application/javascript", mt == "application/xml", strings.HasSuffix(mt, "+xml"):
		return true
	}
	return false
}

// mapURLResponse maps a function's answer to the HTTP response, as Lambda
// does for payload format 2.0: a JSON object with "statusCode" is an HTTP
// response (statusCode, headers, cookies, body, isBase64Encoded); any other
// JSON is a 200 application/json body (a JSON string's text, other JSON
// compacted); anything that is not JSON is sent as it is.
func mapURLResponse(payload []byte) *response {
	resp := &response{status: http.StatusOK, header: map[string]string{"Content-Type": "application/json"}}
	var v any
	if err := json.Unmarshal(payload, &v); err != nil {
		resp.raw = payload
		return resp
	}
	obj, isObj := v.(map[string]any)
	if _, has := obj["statusCode"]; !isObj || !has {
		if s, ok := v.(string); ok {
			resp.raw = []byte(s)
			return resp
		}
		var b bytes.Buffer
		_ = json.Compact(&b, payload)
		resp.raw = b.Bytes()
		return resp
	}
	var hr struct {
		StatusCode      json.Number     `json:"statusCode"`
		Headers         map[string]any  `json:"headers"`
		Cookies         []string        `json:"cookies"`
		Body            json.RawMessage `json:"body"`
		IsBase64Encoded bool            `json:"isBase64Encoded"`
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&hr); err != nil {
		return &response{status: http.StatusBadGateway, raw: []byte(urlInternalError),
			header: map[string]string{"Content-Type": "text/plain; charset=utf-8", "X-Amzn-Errortype": "Function.ResponseMappingError"}}
	}
	if n, err := strconv.Atoi(hr.StatusCode.String()); err == nil && n >= 100 && n <= 999 {
		resp.status = n
	}
	for k, v := range hr.Headers {
		if s, ok := v.(string); ok {
			resp.header[http.CanonicalHeaderKey(k)] = s
		} else {
			b, _ := json.Marshal(v)
			resp.header[http.CanonicalHeaderKey(k)] = string(b)
		}
	}
	if len(hr.Cookies) > 0 {
		resp.header[urlCookiesHeader] = strings.Join(hr.Cookies, "\x00")
	}
	var body string
	switch {
	case len(hr.Body) == 0 || string(hr.Body) == "null":
	case hr.Body[0] == '"':
		_ = json.Unmarshal(hr.Body, &body)
	default:
		var b bytes.Buffer
		_ = json.Compact(&b, hr.Body)
		body = b.String()
	}
	resp.raw = []byte(body)
	if hr.IsBase64Encoded {
		if b, err := base64.StdEncoding.DecodeString(body); err == nil {
			resp.raw = b
		}
	}
	return resp
}

// preflight answers a CORS preflight from the URL's Cors config: 200, and
// the Access-Control headers when the Origin is allowed.
func preflight(c *state.Cors, origin string) *response {
	resp := &response{status: http.StatusOK, header: map[string]string{}}
	allow, ok := allowedOrigin(c, origin)
	if !ok {
		return resp
	}
	resp.header["Access-Control-Allow-Origin"] = allow
	if len(c.AllowMethods) > 0 {
		resp.header["Access-Control-Allow-Methods"] = strings.Join(c.AllowMethods, ",")
	}
	if len(c.AllowHeaders) > 0 {
		resp.header["Access-Control-Allow-Headers"] = strings.Join(c.AllowHeaders, ",")
	}
	if c.MaxAge != nil {
		resp.header["Access-Control-Max-Age"] = strconv.Itoa(*c.MaxAge)
	}
	if c.AllowCredentials != nil && *c.AllowCredentials {
		resp.header["Access-Control-Allow-Credentials"] = "true"
	}
	resp.header["Vary"] = "Origin"
	return resp
}

// corsHeaders adds the CORS headers of an actual (not preflight) response.
func corsHeaders(resp *response, c *state.Cors, origin string) {
	allow, ok := allowedOrigin(c, origin)
	if !ok {
		return
	}
	if resp.header == nil {
		resp.header = map[string]string{}
	}
	resp.header["Access-Control-Allow-Origin"] = allow
	if len(c.ExposeHeaders) > 0 {
		resp.header["Access-Control-Expose-Headers"] = strings.Join(c.ExposeHeaders, ",")
	}
	if c.AllowCredentials != nil && *c.AllowCredentials {
		resp.header["Access-Control-Allow-Credentials"] = "true"
	}
	resp.header["Vary"] = "Origin"
}

// allowedOrigin is the Access-Control-Allow-Origin for origin: "*" when
// the config allows any origin, origin itself when listed.
func allowedOrigin(c *state.Cors, origin string) (string, bool) {
	if slices.Contains(c.AllowOrigins, "*") {
		return "*", true
	}
	for _, o := range c.AllowOrigins {
		if strings.EqualFold(o, origin) {
			return origin, true
		}
	}
	return "", false
}

// URLClient returns an http.Client whose requests the fake serves
// in-process, without sockets (see RoundTripper). Use it with a function
// URL as CreateFunctionUrlConfig or FunctionURL gives it:
//
//	resp, err := fake.URLClient().Get(functionURL + "hello?x=1")
func (f *Fake) URLClient() *http.Client {
	return &http.Client{Transport: f.RoundTripper()}
}

// RoundTripper returns an http.RoundTripper that hands every request to the
// fake's ServeHTTP in-process: requests to a function URL
// (https://<url-id>.lambda-url.<region>.on.aws/...) invoke its function,
// others are Lambda API calls. A dropped connection (ErrConnectionReset) is
// returned as an error.
func (f *Fake) RoundTripper() http.RoundTripper { return urlTransport{f} }

type urlTransport struct{ f *Fake }

func (t urlTransport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	r := req.Clone(req.Context())
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	if r.Proto == "" {
		r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.1", 1, 1
	}
	r.RemoteAddr = "127.0.0.1:0"
	r.RequestURI = req.URL.RequestURI()
	defer func() {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			resp, err = nil, errors.New("fakelambda: connection reset by the fake")
		}
	}()
	rec := httptest.NewRecorder()
	t.f.ServeHTTP(rec, r)
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}

// streamURL answers a request to a RESPONSE_STREAM URL: the function's
// StreamHandler (or its Handler, as one chunk) writes the HTTP body as it
// goes, each Write flushed over HTTP (in-process the body arrives whole when
// the handler returns: the fake starts no goroutine). The status is 200 and
// the Content-Type application/octet-stream, Lambda's defaults for a
// streamed body without the metadata prelude (which the fake does not
// parse). The status is sent before the handler runs, so a handler that
// fails ends the body where it stopped (counted as an error in Metrics). The
// slot is released whatever happens.
func (f *Fake) streamURL(rq *request, r *state.Region, s *state.Slot, h StreamHandler, info *invocationInfo, event []byte) *response {
	run := func(w http.ResponseWriter) {
		failed := true
		defer func() {
			f.mu.Lock()
			r.Release(s, failed)
			f.mu.Unlock()
		}()
		rc := http.NewResponseController(w)
		_ = rc.Flush()
		bw := &urlBodyWriter{w: w, rc: rc}
		out := runHandler(rq.r.Context(), func(ctx context.Context, payload []byte) ([]byte, error) {
			return nil, h(ctx, payload, bw)
		}, info, event)
		bw.close()
		failed = out.errType != ""
		if rq.r.Context().Err() != nil {
			panic(http.ErrAbortHandler) // the caller has gone: answer nothing more
		}
	}
	return &response{status: http.StatusOK, header: map[string]string{"Content-Type": "application/octet-stream"}, stream: run}
}

// urlBodyWriter is a streamed URL's body: each Write is flushed, and writes
// after the handler returned are refused.
type urlBodyWriter struct {
	mu     sync.Mutex
	w      io.Writer
	rc     *http.ResponseController
	closed bool
}

func (b *urlBodyWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, errStreamClosed
	}
	n, err := b.w.Write(p)
	_ = b.rc.Flush()
	return n, err
}

func (b *urlBodyWriter) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
}

package fakelambda

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// callIn runs one operation as a request of account in region would run (as
// ServeHTTP will once it takes them from the SigV4 credential scope), and
// returns the status and the JSON answer (or the error).
func callIn(f *Fake, account, region, method, target, body string) (int, string) {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	rt, ok := route(r.Method, r.URL)
	if !ok {
		panic("no route for " + method + " " + target)
	}
	rq := &request{r: r, op: rt.op, fnParam: rt.fn, name: rt.name, body: []byte(body), account: account, region: region}
	var resp *response
	if operations[rq.op].unlocked {
		f.mu.Lock()
		rq.now = f.now()
		f.mu.Unlock()
		resp = operations[rq.op].fn(f, rq)
	} else {
		f.mu.Lock()
		rq.now = f.now()
		resp = f.runLocked(rq)
		f.mu.Unlock()
	}
	w := httptest.NewRecorder()
	writeResponse(w, rq, resp)
	return w.Code, w.Body.String()
}

// State, ARNs, messages, handlers and metrics belong to the request's
// account and region, not the fake's defaults.
func TestRequestsBelongToTheirRegion(t *testing.T) {
	f := New()
	const eu, acct = "eu-west-1", "111111111111"
	code, body := callIn(f, acct, eu, "POST", "/2015-03-31/functions",
		`{"FunctionName":"f","Role":"arn:aws:iam::111111111111:role/r","Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"emlw"}}`)
	require.Equal(t, 201, code, body)
	var cfg struct{ FunctionArn string }
	require.NoError(t, json.Unmarshal([]byte(body), &cfg))
	require.Equal(t, "arn:aws:lambda:eu-west-1:111111111111:function:f", cfg.FunctionArn)

	code, body = callIn(f, acct, eu, "GET", "/2015-03-31/functions/f", "")
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `"Location":"https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/111111111111/f-`)

	// The default region and account do not see it.
	code, body = callIn(f, f.cfg.accountID, f.cfg.region, "GET", "/2015-03-31/functions/f", "")
	require.Equal(t, 404, code)
	require.Contains(t, body, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f")

	// "Not reachable" is relative to the request's region.
	code, body = callIn(f, acct, eu, "GET", "/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:f", "")
	require.Equal(t, 404, code)
	require.Contains(t, body, "Functions from 'us-east-1' are not reachable in this region ('eu-west-1')")

	// Tags by the request region's ARN.
	code, body = callIn(f, acct, eu, "POST", "/2017-03-31/tags/arn:aws:lambda:eu-west-1:111111111111:function:f", `{"Tags":{"a":"1"}}`)
	require.Equal(t, 204, code, body)
	code, body = callIn(f, f.cfg.accountID, f.cfg.region, "GET", "/2017-03-31/tags/arn:aws:lambda:eu-west-1:111111111111:function:f", "")
	require.Equal(t, 404, code, body)

	// Handlers and metrics by ARN.
	arn := "arn:aws:lambda:eu-west-1:111111111111:function:f"
	f.SetHandler(arn, func(context.Context, []byte) ([]byte, error) { return []byte(`"eu"`), nil })
	f.SetHandler("f", func(context.Context, []byte) ([]byte, error) { return []byte(`"default"`), nil })
	code, body = callIn(f, acct, eu, "POST", "/2015-03-31/functions/f/invocations", `{}`)
	require.Equal(t, 200, code)
	require.Equal(t, `"eu"`, body)
	require.Equal(t, 1, f.Metrics(arn, "").Invocations)
	require.Equal(t, 0, f.Metrics("f", "").Invocations)

	// Account limits apply per region.
	code, body = callIn(f, acct, eu, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":900}`)
	require.Equal(t, 200, code, body)
	code, body = callIn(f, f.cfg.accountID, f.cfg.region, "GET", "/2016-08-19/account-settings", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"UnreservedConcurrentExecutions":1000`)
}

package fakelambda

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// callIn sends one request as a client of account in region sends it: with
// a SigV4 Authorization header scoped to region, its access key id the
// twelve-digit account (the fake reads the scope without verifying it), and
// returns the status and the body.
func callIn(f *Fake, account, region, method, target, body string) (int, string) {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+account+"/20260102/"+region+
		"/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	w := httptest.NewRecorder()
	f.ServeHTTP(w, r)
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

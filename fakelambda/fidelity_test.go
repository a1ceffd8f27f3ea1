package fakelambda_test

// Fidelity tests: the fake's answers checked against the facts recorded from
// real Lambda in shared/reference (aws-behaviour.md, wire-protocol.md). Most
// cases assert the raw bytes on the wire (status, headers, exact JSON body),
// since clients other than aws-sdk-go-v2 parse the raw body; the rest go
// through the real SDK on both transports.

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// fidFake is a fake on a mock clock at epoch.
func fidFake(t *testing.T, opts ...fakelambda.Option) (*fakelambda.Fake, *clock.Mock) {
	t.Helper()
	clk := clock.NewMock()
	clk.Set(epoch)
	return fakelambda.New(append([]fakelambda.Option{fakelambda.WithClock(clk), fakelambda.WithoutTransitions()}, opts...)...), clk
}

// send serves one raw request; hdr holds header name/value pairs.
func send(t *testing.T, h http.Handler, method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.NotEmpty(t, w.Header().Get("X-Amzn-Requestid"), "%s %s answered without x-amzn-RequestId", method, target)
	return w
}

// mustSend is send that requires status.
func mustSend(t *testing.T, h http.Handler, method, target, body string, status int, hdr ...string) string {
	t.Helper()
	w := send(t, h, method, target, body, hdr...)
	require.Equal(t, status, w.Code, "%s %s: %s", method, target, w.Body.String())
	return w.Body.String()
}

// requireRawError asserts an error answer byte for byte: status,
// X-Amzn-Errortype, Content-Type and the exact JSON body.
func requireRawError(t *testing.T, w *httptest.ResponseRecorder, status int, code, body string) {
	t.Helper()
	require.Equal(t, status, w.Code, w.Body.String())
	require.Equal(t, code, w.Header().Get("X-Amzn-Errortype"))
	require.Equal(t, "application/json", w.Header().Get("Content-Type"))
	require.Equal(t, body, w.Body.String())
}

// keys returns the sorted top-level keys of a JSON object.
func keys(t *testing.T, body string) []string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// rawFunction creates function name over raw HTTP and publishes n versions.
func rawFunction(t *testing.T, h http.Handler, name string, versions int) {
	t.Helper()
	mustSend(t, h, "POST", "/2015-03-31/functions", `{"FunctionName":"`+name+`","Role":"arn:aws:iam::123456789012:role/r",`+
		`"Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"UEsDBA=="}}`, 201)
	for i := 1; i <= versions; i++ {
		mustSend(t, h, "PUT", "/2015-03-31/functions/"+name+"/configuration", `{"Description":"v`+strconv.Itoa(i)+`"}`, 200)
		mustSend(t, h, "POST", "/2015-03-31/functions/"+name+"/versions", "", 201)
	}
}

const (
	pcPath   = "/2019-09-30/functions/"
	pcLayout = `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$`
	fnLayout = `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$`
)

func pcURL(fn, q string) string { return pcPath + fn + "/provisioned-concurrency?Qualifier=" + q }

func putPCBody(n int) string { return `{"ProvisionedConcurrentExecutions":` + jsonInt(n) + `}` }

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

// Every error of aws-behaviour.md §2 and wire-protocol.md §4.6-4.7, as raw
// bytes: the message key's casing, Type present or absent, exact text.
func TestFidelityRawErrorBodies(t *testing.T) {
	f, _ := fidFake(t)
	rawFunction(t, f, "f", 2)
	mustSend(t, f, "POST", "/2015-03-31/functions/f/aliases", `{"Name":"A","FunctionVersion":"1"}`, 201)
	mustSend(t, f, "POST", "/2015-03-31/functions/f/aliases", `{"Name":"W","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"2":0.5}}}`, 201)

	rnf := func(msg string) string { return `{"Message":"` + msg + `","Type":"User"}` }
	ipv := func(msg string) string { return `{"Type":"User","message":"` + msg + `"}` }
	noType := func(msg string) string { return `{"message":"` + msg + `"}` }
	cases := []struct {
		name, method, target, body string
		status                     int
		code, want                 string
	}{
		{"P1 zero", "PUT", pcURL("f", "1"), putPCBody(0), 400, "ValidationException",
			noType("1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"P1b negative", "PUT", pcURL("f", "1"), putPCBody(-1), 400, "ValidationException",
			noType("1 validation error detected: Value '-1' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"P1 before lookup", "PUT", pcURL("doesnotexist", "1"), putPCBody(0), 400, "ValidationException",
			noType("1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"P2", "PUT", pcURL("doesnotexist", "noalias"), putPCBody(1), 404, "ResourceNotFoundException",
			rnf("Cannot find alias arn: " + arnPrefix + "doesnotexist:noalias")},
		{"P3", "PUT", pcURL("doesnotexist", "1"), putPCBody(1), 404, "ResourceNotFoundException",
			rnf("Function not found: " + arnPrefix + "doesnotexist:1")},
		{"P4", "PUT", pcURL("f", "doesnotexist"), putPCBody(1), 404, "ResourceNotFoundException",
			rnf("Cannot find alias arn: " + arnPrefix + "f:doesnotexist")},
		{"P5", "PUT", pcURL("f", "10"), putPCBody(1), 404, "ResourceNotFoundException",
			rnf("Function not found: " + arnPrefix + "f:10")},
		{"P6", "PUT", pcURL("f", "%24LATEST"), putPCBody(1), 400, "InvalidParameterValueException",
			ipv("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")},
		{"P6 before lookup", "PUT", pcURL("doesnotexist", "%24LATEST"), putPCBody(1), 400, "InvalidParameterValueException",
			ipv("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")},
		{"P10", "PUT", pcURL("f", "1"), putPCBody(1001), 400, "InvalidParameterValueException",
			noType("Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000].")},
		{"P11 at limit", "PUT", pcURL("f", "1"), putPCBody(1000), 400, "InvalidParameterValueException",
			noType("Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")},
		{"P11 901", "PUT", pcURL("f", "1"), putPCBody(901), 400, "InvalidParameterValueException",
			noType("Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")},
		{"P12", "PUT", pcURL("f", "W"), putPCBody(1), 400, "InvalidParameterValueException",
			ipv("Alias with weights can not be used with Provisioned Concurrency")},
		{"P13", "PUT", pcPath + "f:1/provisioned-concurrency?Qualifier=2", putPCBody(1), 400, "InvalidParameterValueException",
			ipv("The derived qualifier from the function name does not match the specified qualifier.")},
		{"P14", "PUT", pcPath + "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Af/provisioned-concurrency?Qualifier=1", putPCBody(1),
			404, "ResourceNotFoundException", rnf("Functions from 'eu-west-1' are not reachable in this region ('us-east-1')")},
		{"G1", "GET", pcURL("f", "1"), "", 404, "ProvisionedConcurrencyConfigNotFoundException",
			ipv("No Provisioned Concurrency Config found for this function")},
		{"G1 alias", "GET", pcURL("f", "A"), "", 404, "ProvisionedConcurrencyConfigNotFoundException",
			ipv("No Provisioned Concurrency Config found for this function")},
		{"G2", "GET", pcURL("doesnotexist", "noalias"), "", 404, "ResourceNotFoundException",
			rnf("Cannot find alias arn: " + arnPrefix + "doesnotexist:noalias")},
		{"G3", "GET", pcURL("f", "noalias"), "", 404, "ResourceNotFoundException", rnf("Cannot find alias arn: " + arnPrefix + "f:noalias")},
		{"G4", "GET", pcURL("f", "10"), "", 404, "ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "f:10")},
		{"G5", "GET", pcURL("f", "%24LATEST"), "", 400, "InvalidParameterValueException",
			ipv("The function resource provided must be an alias or a published version.")},
		{"G9", "GET", pcURL("doesnotexist", "1"), "", 404, "ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "doesnotexist:1")},
		{"D1", "DELETE", pcURL("doesnotexist", "1"), "", 404, "ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "doesnotexist:1")},
		{"D2", "DELETE", pcURL("f", "noalias"), "", 404, "ResourceNotFoundException", rnf("Cannot find alias arn: " + arnPrefix + "f:noalias")},
		{"D3", "DELETE", pcURL("f", "10"), "", 404, "ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "f:10")},
		{"D4", "DELETE", pcURL("f", "%24LATEST"), "", 400, "InvalidParameterValueException",
			ipv("The function resource provided must be an alias or a published version.")},
		{"L2", "GET", pcPath + "doesnotexist/provisioned-concurrency?List=ALL", "", 404, "ResourceNotFoundException",
			rnf("Function not found: " + arnPrefix + "doesnotexist")},
		{"L4", "GET", pcPath + "f/provisioned-concurrency?List=ALL&MaxItems=51", "", 400, "ValidationException",
			noType("1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"4.1 missing function", "PUT", "/2017-10-31/functions/doesnotexist/concurrency", `{"ReservedConcurrentExecutions":0}`, 404,
			"ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "doesnotexist:$LATEST")},
		{"4.1 qualified", "PUT", "/2017-10-31/functions/" + arnPrefix + "f:1/concurrency", `{"ReservedConcurrentExecutions":1}`, 400,
			"InvalidParameterValueException", ipv("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")},
		{"4.1 above limit", "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":1001}`, 400,
			"InvalidParameterValueException", noType("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")},
		{"4.1 below min", "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":901}`, 400,
			"InvalidParameterValueException", noType("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")},
		{"GetFunction missing", "GET", "/2015-03-31/functions/nope", "", 404, "ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "nope")},
		{"Invoke missing", "POST", "/2015-03-31/functions/nope/invocations", "{}", 404, "ResourceNotFoundException", rnf("Function not found: " + arnPrefix + "nope:$LATEST")},
		{"GetAlias missing", "GET", "/2015-03-31/functions/f/aliases/nope", "", 404, "ResourceNotFoundException", rnf("Cannot find alias arn: " + arnPrefix + "f:nope")},
		{"UpdateAlias missing", "PUT", "/2015-03-31/functions/f/aliases/nope", "{}", 404, "ResourceNotFoundException", rnf("Alias not found: " + arnPrefix + "f:nope")},
		{"CreateAlias duplicate", "POST", "/2015-03-31/functions/f/aliases", `{"Name":"A","FunctionVersion":"1"}`, 409, "ResourceConflictException",
			ipv("Alias already exists: " + arnPrefix + "f:A")},
		{"UpdateAlias revision", "PUT", "/2015-03-31/functions/f/aliases/A", `{"RevisionId":"nope"}`, 412, "PreconditionFailedException",
			ipv("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")},
		{"DeleteFunction alias", "DELETE", "/2015-03-31/functions/f?Qualifier=A", "", 400, "InvalidParameterValueException",
			ipv("Deletion of aliases is not currently supported.")},
		{"DeleteFunction $LATEST", "DELETE", "/2015-03-31/functions/f?Qualifier=%24LATEST", "", 400, "InvalidParameterValueException",
			ipv("$LATEST version cannot be deleted without deleting the function.")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requireRawError(t, send(t, f, c.method, c.target, c.body), c.status, c.code, c.want)
		})
	}

	// P7, P8 and the reserved-concurrency errors need state.
	mustSend(t, f, "PUT", pcURL("f", "1"), putPCBody(2), 202)
	requireRawError(t, send(t, f, "PUT", pcURL("f", "A"), putPCBody(1)), 409, "ResourceConflictException",
		ipv("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"))
	mustSend(t, f, "DELETE", pcURL("f", "1"), "", 204)
	mustSend(t, f, "PUT", pcURL("f", "A"), putPCBody(2), 202)
	requireRawError(t, send(t, f, "PUT", pcURL("f", "1"), putPCBody(1)), 409, "ResourceConflictException",
		ipv("Version is pointed by a Provisioned Concurrency alias"))
	mustSend(t, f, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":2}`, 200)
	requireRawError(t, send(t, f, "PUT", pcURL("f", "2"), putPCBody(1)), 400, "InvalidParameterValueException",
		ipv("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"))
	requireRawError(t, send(t, f, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":1}`), 400,
		"InvalidParameterValueException", noType(" ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2]."))
}

// aws-behaviour.md §3 and §8 scenarios 1, 2, 7, 8, 15: success shapes, raw.
func TestFidelityRawPCShapes(t *testing.T) {
	f, clk := fidFake(t)
	rawFunction(t, f, "f", 1)

	// Scenario 8: no configs, no NextMarker.
	require.Equal(t, `{"ProvisionedConcurrencyConfigs":[]}`, mustSend(t, f, "GET", pcPath+"f/provisioned-concurrency?List=ALL", "", 200))

	// Scenario 1: 202 IN_PROGRESS 0/0, no StatusReason, no FunctionArn.
	w := send(t, f, "PUT", pcURL("f", "1"), putPCBody(5))
	require.Equal(t, 202, w.Code)
	require.Equal(t, "application/json", w.Header().Get("Content-Type"))
	require.Equal(t, `{"RequestedProvisionedConcurrentExecutions":5,"AvailableProvisionedConcurrentExecutions":0,`+
		`"AllocatedProvisionedConcurrentExecutions":0,"Status":"IN_PROGRESS","LastModified":"2026-01-02T03:04:05+0000"}`, w.Body.String())
	var put struct{ LastModified string }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &put))
	require.Regexp(t, pcLayout, put.LastModified)

	// Scenario 2: still IN_PROGRESS, then READY 5/5; LastModified does not move.
	require.Equal(t, w.Body.String(), mustSend(t, f, "GET", pcURL("f", "1"), "", 200))
	clk.Add(fakelambda.DefaultAllocationDelay)
	ready := `{"RequestedProvisionedConcurrentExecutions":5,"AvailableProvisionedConcurrentExecutions":5,` +
		`"AllocatedProvisionedConcurrentExecutions":5,"Status":"READY","LastModified":"2026-01-02T03:04:05+0000"}`
	require.Equal(t, ready, mustSend(t, f, "GET", pcURL("f", "1"), "", 200))
	require.Equal(t, `{"ProvisionedConcurrencyConfigs":[{"FunctionArn":"`+arnPrefix+`f:1",`+ready[1:]+`]}`,
		mustSend(t, f, "GET", pcPath+"f/provisioned-concurrency?List=ALL", "", 200))

	// Scenario 7: Delete is 204 with an empty body and no Content-Type, twice.
	for range 2 {
		w = send(t, f, "DELETE", pcURL("f", "1"), "")
		require.Equal(t, 204, w.Code)
		require.Empty(t, w.Body.String())
		require.Empty(t, w.Header().Get("Content-Type"))
	}

	// Scenario 15: FAILED carries StatusReason, 0/0, Requested unchanged.
	f.SetAllocation("f", "1", fakelambda.FailAfter(time.Minute, "FUNCTION_ERROR_INIT_FAILURE"))
	mustSend(t, f, "PUT", pcURL("f", "1"), putPCBody(1), 202)
	require.NotContains(t, mustSend(t, f, "GET", pcURL("f", "1"), "", 200), "StatusReason")
	clk.Add(time.Minute)
	require.Equal(t, `{"RequestedProvisionedConcurrentExecutions":1,"AvailableProvisionedConcurrentExecutions":0,`+
		`"AllocatedProvisionedConcurrentExecutions":0,"Status":"FAILED","StatusReason":"FUNCTION_ERROR_INIT_FAILURE",`+
		`"LastModified":"2026-01-02T03:05:35+0000"}`, mustSend(t, f, "GET", pcURL("f", "1"), "", 200))
}

// aws-behaviour.md §4.1 and wire-protocol.md §4.7: reserved concurrency shapes.
func TestFidelityRawReservedShapes(t *testing.T) {
	f, _ := fidFake(t)
	rawFunction(t, f, "f", 0)
	require.Equal(t, `{}`, mustSend(t, f, "GET", "/2019-09-30/functions/f/concurrency", "", 200))
	require.NotContains(t, mustSend(t, f, "GET", "/2015-03-31/functions/f", "", 200), `"Concurrency"`)
	require.Equal(t, `{"ReservedConcurrentExecutions":0}`, mustSend(t, f, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":0}`, 200))
	require.Equal(t, `{"ReservedConcurrentExecutions":0}`, mustSend(t, f, "GET", "/2019-09-30/functions/f/concurrency", "", 200))
	require.Equal(t, `{"ReservedConcurrentExecutions":3}`, mustSend(t, f, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":3}`, 200))
	require.Contains(t, mustSend(t, f, "GET", "/2015-03-31/functions/f", "", 200), `"Concurrency":{"ReservedConcurrentExecutions":3}`)
	require.Empty(t, mustSend(t, f, "DELETE", "/2017-10-31/functions/f/concurrency", "", 204))
	require.Equal(t, `{}`, mustSend(t, f, "GET", "/2019-09-30/functions/f/concurrency", "", 200))
	// Reserved concurrency is Get under 2019-09-30 and Put/Delete under 2017-10-31 only.
	require.Equal(t, 400, send(t, f, "GET", "/2017-10-31/functions/f/concurrency", "").Code)
}

// aws-behaviour.md §4.2: Unreserved = limit - sum(reserved if set, else PC),
// without LocalStack's double count (§7).
func TestFidelityAccountSettingsArithmetic(t *testing.T) {
	f, _ := fidFake(t)
	unreserved := func() int {
		var out struct {
			AccountLimit struct{ ConcurrentExecutions, UnreservedConcurrentExecutions int }
		}
		require.NoError(t, json.Unmarshal([]byte(mustSend(t, f, "GET", "/2016-08-19/account-settings", "", 200)), &out))
		require.Equal(t, 1000, out.AccountLimit.ConcurrentExecutions)
		return out.AccountLimit.UnreservedConcurrentExecutions
	}
	require.Equal(t, 1000, unreserved())
	rawFunction(t, f, "a", 1)
	rawFunction(t, f, "b", 1)
	mustSend(t, f, "PUT", pcURL("a", "1"), putPCBody(50), 202)
	require.Equal(t, 950, unreserved()) // PC alone lowers it at once, while IN_PROGRESS
	mustSend(t, f, "PUT", "/2017-10-31/functions/b/concurrency", `{"ReservedConcurrentExecutions":100}`, 200)
	mustSend(t, f, "PUT", pcURL("b", "1"), putPCBody(60), 202)
	require.Equal(t, 850, unreserved()) // b's PC is carved out of its reservation: not 790
	// A re-put credits a's own 50 back: 900 are available to it.
	requireRawError(t, send(t, f, "PUT", pcURL("a", "1"), putPCBody(901)), 400, "InvalidParameterValueException",
		`{"message":"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [900]."}`)
	requireRawError(t, send(t, f, "PUT", pcURL("a", "1"), putPCBody(801)), 400, "InvalidParameterValueException",
		`{"message":"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."}`)
	mustSend(t, f, "PUT", pcURL("a", "1"), putPCBody(750), 202)
	require.Equal(t, 150, unreserved())
	mustSend(t, f, "DELETE", pcURL("a", "1"), "", 204)
	require.Equal(t, 900, unreserved())
}

// Scenario 12 with a small account: M = min(100, limit).
func TestFidelitySmallAccountMinimum(t *testing.T) {
	f, _ := fidFake(t, fakelambda.WithConcurrencyLimit(10))
	rawFunction(t, f, "f", 1)
	requireRawError(t, send(t, f, "PUT", pcURL("f", "1"), putPCBody(11)), 400, "InvalidParameterValueException",
		`{"message":"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [10]."}`)
	requireRawError(t, send(t, f, "PUT", pcURL("f", "1"), putPCBody(1)), 400, "InvalidParameterValueException",
		`{"message":"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10]."}`)
	require.Contains(t, mustSend(t, f, "GET", "/2016-08-19/account-settings", "", 200), `"ConcurrentExecutions":10,"UnreservedConcurrentExecutions":10`)
}

// aws-behaviour.md §5.2, §5.4 and wire-protocol.md §5: Invoke statuses and headers.
func TestFidelityRawInvoke(t *testing.T) {
	f, clk := fidFake(t)
	rawFunction(t, f, "f", 1)
	mustSend(t, f, "POST", "/2015-03-31/functions/f/aliases", `{"Name":"live","FunctionVersion":"1"}`, 201)

	w := send(t, f, "POST", "/2015-03-31/functions/f/invocations", `{}`)
	require.Equal(t, 200, w.Code)
	require.Equal(t, "$LATEST", w.Header().Get("X-Amz-Executed-Version"))
	require.Empty(t, w.Header().Values("X-Amz-Function-Error"))
	require.Empty(t, w.Header().Values("X-Amz-Log-Result"))
	require.Equal(t, "null", w.Body.String())

	w = send(t, f, "POST", "/2015-03-31/functions/f/invocations?Qualifier=live", `{}`)
	require.Equal(t, 200, w.Code)
	require.Equal(t, "1", w.Header().Get("X-Amz-Executed-Version"))

	for typ, status := range map[string]int{"Event": 202, "DryRun": 204} {
		w = send(t, f, "POST", "/2015-03-31/functions/f/invocations?Qualifier=live", `{}`, "X-Amz-Invocation-Type", typ)
		require.Equal(t, status, w.Code, typ)
		require.Empty(t, w.Body.String(), typ)
		require.Empty(t, w.Header().Values("X-Amz-Executed-Version"), typ)
	}

	// Scenario 13: reserved = PC blocks on-demand; v1 is served by PC.
	mustSend(t, f, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":1}`, 200)
	mustSend(t, f, "PUT", pcURL("f", "1"), putPCBody(1), 202)
	clk.Add(fakelambda.DefaultAllocationDelay)
	for _, target := range []string{"/2015-03-31/functions/f/invocations", "/2015-03-31/functions/f/invocations?Qualifier=%24LATEST"} {
		w = send(t, f, "POST", target, `{}`)
		requireRawError(t, w, 429, "TooManyRequestsException",
			`{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`)
		require.Empty(t, w.Header().Values("Retry-After"))
	}
	w = send(t, f, "POST", "/2015-03-31/functions/f/invocations?Qualifier=1", `{}`)
	require.Equal(t, 200, w.Code)
	require.Equal(t, "1", w.Header().Get("X-Amz-Executed-Version"))

	// Reserved 0: Event is 202 without ExecutedVersion, the OnFailure record says ZeroReservedConcurrency.
	mustSend(t, f, "DELETE", pcURL("f", "1"), "", 204)
	mustSend(t, f, "PUT", "/2017-10-31/functions/f/concurrency", `{"ReservedConcurrentExecutions":0}`, 200)
	w = send(t, f, "POST", "/2015-03-31/functions/f/invocations", `{}`, "X-Amz-Invocation-Type", "Event")
	require.Equal(t, 202, w.Code)
	require.Empty(t, w.Header().Values("X-Amz-Executed-Version"))
	failed := f.FailedEvents()
	require.Len(t, failed, 1)
	require.Equal(t, arnPrefix+"f:$LATEST", failed[0].FunctionArn)
	require.Equal(t, "ZeroReservedConcurrency", failed[0].Condition)
	require.Equal(t, 0, failed[0].ApproximateInvokeCount)
	require.Nil(t, failed[0].ResponsePayload)
}

// wire-protocol.md §1 and §6.1: x-amzn-RequestId on every answer, unique.
func TestFidelityRequestIDOnEveryAnswer(t *testing.T) {
	f, _ := fidFake(t)
	seen := map[string]bool{}
	for _, c := range [][3]string{
		{"POST", "/2015-03-31/functions", `{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"h","Code":{"ZipFile":"UEsDBA=="}}`},
		{"GET", "/2015-03-31/functions/f", ""},
		{"GET", "/2015-03-31/functions/nope", ""},
		{"DELETE", pcURL("f", "A"), ""},
		{"DELETE", "/2017-10-31/functions/f/concurrency", ""},
		{"POST", "/2015-03-31/functions/f/invocations", "{}"},
		{"GET", "/nowhere", ""},
		{"PUT", pcURL("f", "1"), putPCBody(0)},
	} {
		id := send(t, f, c[0], c[1], c[2]).Header().Get("X-Amzn-Requestid")
		require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
		require.False(t, seen[id], "request id %s repeated", id)
		seen[id] = true
	}
	f.Close()
	w := send(t, f, "GET", "/2015-03-31/functions/f", "")
	require.Equal(t, 500, w.Code)
	require.Equal(t, "ServiceException", w.Header().Get("X-Amzn-Errortype"))
	require.Equal(t, []string{"Message", "Type"}, keys(t, w.Body.String()))
	require.Contains(t, w.Body.String(), `"Type":"Service"`)
}

// wire-protocol.md §7-8: Retry-After is a header (seconds); the throttle
// body keeps Reason, Type and lowercase message; the SDK decodes all of it.
func TestFidelityRetryAfterHeader(t *testing.T) {
	f, _ := fidFake(t)
	thr := fakelambda.Throttled("CallerRateLimitExceeded")
	thr.RetryAfter = 1
	f.AddFault(fakelambda.Fault{Operation: "GetAccountSettings", Err: thr, Count: 1})
	w := send(t, f, "GET", "/2016-08-19/account-settings", "")
	requireRawError(t, w, 429, "TooManyRequestsException", `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`)
	require.Equal(t, []string{"1"}, w.Header().Values("Retry-After"))
}

// A WithRateLimit throttle is the control plane's: 429 with Reason
// CallerRateLimitExceeded, Type User and lowercase "Rate exceeded", no
// Retry-After; it is logged as an error the fake answered, not as a fault.
func TestFidelityRateLimitRawBody(t *testing.T) {
	f, clk := fidFake(t, fakelambda.WithRateLimit("GetAccountSettings", 1, 1))
	require.Equal(t, 200, send(t, f, "GET", "/2016-08-19/account-settings", "").Code)
	w := send(t, f, "GET", "/2016-08-19/account-settings", "")
	requireRawError(t, w, 429, "TooManyRequestsException", `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`)
	require.Empty(t, w.Header().Values("Retry-After"))
	calls := f.Calls()
	require.Equal(t, fakelambda.Call{Operation: "GetAccountSettings", StatusCode: 429, ErrorCode: "TooManyRequestsException", At: epoch},
		bare(calls[len(calls)-1]))
	clk.Add(time.Second)
	require.Equal(t, 200, send(t, f, "GET", "/2016-08-19/account-settings", "").Code, "a second refills the bucket")
}

// The same facts through the real SDK on both transports: typed errors,
// messages, and success outputs with absent members left nil.
func TestFidelitySDKProvisioned(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.alias(t, "f", "A", v1)

		// Scenario 1: Put output.
		put := e.putPC(t, "f", v1, 5)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, put.Status)
		require.Equal(t, int32(5), aws.ToInt32(put.RequestedProvisionedConcurrentExecutions))
		require.Equal(t, int32(0), aws.ToInt32(put.AllocatedProvisionedConcurrentExecutions))
		require.Equal(t, int32(0), aws.ToInt32(put.AvailableProvisionedConcurrentExecutions))
		require.Nil(t, put.StatusReason)
		require.Equal(t, "2026-01-02T03:04:05+0000", aws.ToString(put.LastModified))

		// Scenario 3: $LATEST, per operation.
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
		_, err = e.client.DeleteProvisionedConcurrencyConfig(e.ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The function resource provided must be an alias or a published version.")

		// Scenario 9 and G8: the alias conflicts; PC on A is not PC on its version.
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("A"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException",
			"Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
		_, err = e.client.DeleteProvisionedConcurrencyConfig(e.ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v1)})
		require.NoError(t, err)
		e.putPC(t, "f", "A", 1)
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v1)})
		requireAPIError[*types.ProvisionedConcurrencyConfigNotFoundException](t, err, 404,
			"ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")

		// §2.5: moving the alias keeps the config on it, IN_PROGRESS with what was allocated.
		e.clk.Add(fakelambda.DefaultAllocationDelay)
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f"), Name: aws.String("A"), FunctionVersion: aws.String(v2)})
		require.NoError(t, err)
		moved := e.getPC(t, "f", "A")
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, moved.Status)
		require.Equal(t, int32(1), aws.ToInt32(moved.AllocatedProvisionedConcurrentExecutions))
		require.Equal(t, int32(1), aws.ToInt32(moved.AvailableProvisionedConcurrentExecutions))
		require.Equal(t, "2026-01-02T03:04:05+0000", aws.ToString(moved.LastModified))

		// Scenario 10: DeleteAlias cascades.
		_, err = e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f"), Name: aws.String("A")})
		require.NoError(t, err)
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("A")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Cannot find alias arn: "+arnPrefix+"f:A")
		list, err := e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Empty(t, list.ProvisionedConcurrencyConfigs)
		require.Nil(t, list.NextMarker)

		// GetFunctionConcurrency with none set is {}: a nil value.
		gc, err := e.client.GetFunctionConcurrency(e.ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Nil(t, gc.ReservedConcurrentExecutions)

		// Scenario 12: limits without Type still decode as the typed error.
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v2), ProvisionedConcurrentExecutions: aws.Int32(1001)})
		ipv := requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000].")
		require.Nil(t, ipv.Type)
		e.putPC(t, "f", v2, 900)
		settings, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(100), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))

		// Scenario 11: the odd spacing survives the SDK.
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			" ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [900].")

		// DeleteFunction answers 204, which the SDK surfaces as StatusCode.
		del, err := e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, int32(204), del.StatusCode)
	})
}

// wire-protocol.md §10.6: real Lambda omits optional members or fills them,
// never null. A VpcConfig given with only one of its lists used to answer
// the other as null.
func TestFidelityVpcConfigListsNeverNull(t *testing.T) {
	f, _ := fidFake(t)
	body := mustSend(t, f, "POST", "/2015-03-31/functions", `{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r",`+
		`"Runtime":"provided.al2023","Handler":"h","Code":{"ZipFile":"UEsDBA=="},"VpcConfig":{"SubnetIds":["subnet-1"]}}`, 201)
	// With Ipv6AllowedForDualStack and the subnets' VpcId, as recorded
	// (test_lambda_api.snapshot.json TestLambdaFunction::test_vpc_config).
	require.Contains(t, body, `"VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":[],"Ipv6AllowedForDualStack":false,"VpcId":"vpc-`)
	body = mustSend(t, f, "PUT", "/2015-03-31/functions/f/configuration", `{"VpcConfig":{"SecurityGroupIds":["sg-1"]}}`, 200)
	require.Contains(t, body, `"VpcConfig":{"SubnetIds":[],"SecurityGroupIds":["sg-1"],"Ipv6AllowedForDualStack":false,"VpcId":""}`)
	mustSend(t, f, "POST", "/2015-03-31/functions/f/versions", "", 201)
	for _, target := range []string{"/2015-03-31/functions/f", "/2015-03-31/functions/f/configuration?Qualifier=1",
		"/2015-03-31/functions/f/versions", "/2015-03-31/functions?FunctionVersion=ALL"} {
		body = mustSend(t, f, "GET", target, "", 200)
		require.NotContains(t, body, "null", target)
		require.Contains(t, body, `"VpcConfig":{"SubnetIds":[],"SecurityGroupIds":["sg-1"],"Ipv6AllowedForDualStack":false,"VpcId":""}`, target)
	}

	transports(t, func(t *testing.T, e *env) {
		in := zipInput("v", []byte("zip"))
		in.VpcConfig = &types.VpcConfig{SubnetIds: []string{"subnet-1"}}
		out, err := e.client.CreateFunction(e.ctx, in)
		require.NoError(t, err)
		require.Equal(t, []string{"subnet-1"}, out.VpcConfig.SubnetIds)
		require.NotNil(t, out.VpcConfig.SecurityGroupIds)
		require.Empty(t, out.VpcConfig.SecurityGroupIds)
		cfg, err := e.client.GetFunctionConfiguration(e.ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("v")})
		require.NoError(t, err)
		require.NotNil(t, cfg.VpcConfig.SecurityGroupIds)
		require.Empty(t, cfg.VpcConfig.SecurityGroupIds)
	})
}

// wire-protocol.md §6.1 and §7: real error bodies carry no "__type" and no
// "code", so aws-sdk-go v1 and the JS SDK can only take the code from the
// X-Amzn-Errortype header (looked up case-insensitively); the message is
// under exactly one of "message" or "Message", per shape.
func TestFidelityErrorsParseLikeV1AndJS(t *testing.T) {
	f, _ := fidFake(t)
	rawFunction(t, f, "f", 1)
	cases := []struct {
		method, target, body, code, msgKey string
		typ                                bool
	}{
		{"GET", "/2015-03-31/functions/nope", "", "ResourceNotFoundException", "Message", true},
		{"GET", pcURL("f", "1"), "", "ProvisionedConcurrencyConfigNotFoundException", "message", true},
		{"GET", pcURL("f", "%24LATEST"), "", "InvalidParameterValueException", "message", true},
		{"PUT", pcURL("f", "1"), putPCBody(1000), "InvalidParameterValueException", "message", false},
		{"PUT", pcURL("f", "1"), putPCBody(0), "ValidationException", "message", false},
		{"PUT", "/2015-03-31/functions/f/aliases/nope", `{"RevisionId":"x"}`, "ResourceNotFoundException", "Message", true},
		{"POST", "/2015-03-31/functions/f/versions", `{"RevisionId":"x"}`, "PreconditionFailedException", "message", true},
	}
	for _, c := range cases {
		w := send(t, f, c.method, c.target, c.body)
		// JS: findKey(headers, "x-amzn-errortype"); v1: Header.Get("X-Amzn-Errortype").
		var code string
		for k, v := range w.Header() {
			if strings.EqualFold(k, "x-amzn-errortype") {
				code = v[0]
			}
		}
		require.Equal(t, c.code, code, c.target)
		var m map[string]any
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m))
		for k := range m {
			require.NotEqual(t, "__type", k)
			require.False(t, strings.EqualFold(k, "code"), "body key %q", k)
		}
		_, lower := m["message"]
		_, upper := m["Message"]
		require.True(t, lower != upper, "want exactly one message key in %s", w.Body.String())
		require.Contains(t, m, c.msgKey, w.Body.String())
		_, hasType := m["Type"]
		require.Equal(t, c.typ, hasType, w.Body.String())
	}
}

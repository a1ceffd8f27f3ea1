package fakelambda_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// rawCall sends one unsigned request straight to the fake's handler.
func rawCall(t *testing.T, h http.Handler, method, target string, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	require.NotPanics(t, func() { h.ServeHTTP(w, r) })
	return w
}

// okCall sends a request that must succeed with status, and returns its body.
func okCall(t *testing.T, h http.Handler, method, target, body string, status int) string {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	w := rawCall(t, h, method, target, rd)
	require.Equal(t, status, w.Code, w.Body.String())
	return w.Body.String()
}

// snapshot is every observable piece of state the bad calls could touch.
func snapshot(t *testing.T, h http.Handler) string {
	t.Helper()
	return okCall(t, h, "GET", "/2016-08-19/account-settings", "", 200) + "\n" +
		okCall(t, h, "GET", "/2015-03-31/functions?FunctionVersion=ALL", "", 200) + "\n" +
		okCall(t, h, "GET", "/2015-03-31/functions/f1", "", 200) + "\n" +
		okCall(t, h, "GET", "/2015-03-31/functions/f1/aliases", "", 200) + "\n" +
		okCall(t, h, "GET", "/2015-03-31/functions/f1/versions", "", 200)
}

type badCase struct {
	name         string
	method, path string
	body         string
	bodyReader   func() io.Reader // instead of body, for big bodies
	status       int
	code         string
	keys         []string // JSON body keys
	message      string   // exact message; "" skips
	msgPrefix    string   // message prefix; "" skips
}

const createBody = `{"FunctionName":"g","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"h","Code":{"ZipFile":"UEsDBA=="}`

var (
	contentKeys    = []string{"Type", "message"}
	validationKeys = []string{"message"}
)

// zeros is an endless reader of '0' bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

func TestBadInput(t *testing.T) {
	srv := fakelambda.NewServer(t, fakelambda.WithoutTransitions())
	f := srv.Fake
	okCall(t, f, "POST", "/2015-03-31/functions", createBody+`}`, 201)
	okCall(t, f, "POST", "/2015-03-31/functions", strings.Replace(createBody, `"g"`, `"f1"`, 1)+`}`, 201)
	okCall(t, f, "POST", "/2015-03-31/functions/f1/versions", "", 201)
	okCall(t, f, "POST", "/2015-03-31/functions/f1/aliases", `{"Name":"live","FunctionVersion":"1"}`, 201)
	before := snapshot(t, f)
	require.Contains(t, before, `"FunctionCount":2`)

	fnPattern := `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`
	cases := []badCase{
		{name: "truncated JSON", method: "POST", path: "/2015-03-31/functions", body: createBody,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "array body", method: "POST", path: "/2015-03-31/functions", body: `[]`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "string body", method: "POST", path: "/2015-03-31/functions/f1/aliases", body: `"live"`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "trailing garbage", method: "POST", path: "/2015-03-31/functions/f1/versions", body: `{} {}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "number for a string", method: "POST", path: "/2015-03-31/functions", body: strings.Replace(createBody, `"g"`, `5`, 1) + `}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "string for an int", method: "POST", path: "/2015-03-31/functions", body: createBody + `,"Timeout":"3"}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "huge int", method: "POST", path: "/2015-03-31/functions", body: createBody + `,"Timeout":99999999999999999999999}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "fraction for an int", method: "PUT", path: "/2015-03-31/functions/f1/configuration", body: `{"Timeout":1.5}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "big but valid int", method: "PUT", path: "/2015-03-31/functions/f1/configuration", body: `{"Timeout":9223372036854775807}`,
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "1 validation error detected: Value '9223372036854775807' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 5400"},
		{name: "bad base64 zip", method: "PUT", path: "/2015-03-31/functions/f1/code", body: `{"ZipFile":"not base64!"}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "string weight", method: "PUT", path: "/2015-03-31/functions/f1/aliases/live", body: `{"RoutingConfig":{"AdditionalVersionWeights":{"1":"x"}}}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "overflowing weight", method: "PUT", path: "/2015-03-31/functions/f1/aliases/live", body: `{"RoutingConfig":{"AdditionalVersionWeights":{"1":1e400}}}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "array for a map", method: "POST", path: "/2015-03-31/functions", body: createBody + `,"Tags":["a"]}`,
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "deep nesting", method: "POST", path: "/2015-03-31/functions/f1/versions", body: strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
			status: 400, code: "InvalidRequestContentException", keys: contentKeys, msgPrefix: "Could not parse request body into json: "},
		{name: "missing members", method: "POST", path: "/2015-03-31/functions", body: `{}`,
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "3 validation errors detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null; Value null at 'role' failed to satisfy constraint: Member must not be null; Value null at 'code' failed to satisfy constraint: Member must not be null"},
		{name: "null body", method: "POST", path: "/2015-03-31/functions/f1/aliases", body: `null`,
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value null at 'functionVersion' failed to satisfy constraint: Member must not be null"},
		{name: "empty body", method: "POST", path: "/2015-03-31/functions/f1/aliases", body: ``,
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value null at 'functionVersion' failed to satisfy constraint: Member must not be null"},
		{name: "invalid UTF-8 name", method: "POST", path: "/2015-03-31/functions", body: strings.Replace(createBody, `"g"`, "\"g\xff\"", 1) + `}`,
			status: 400, code: "ValidationException", keys: validationKeys, msgPrefix: "1 validation error detected: Value 'g\uFFFD' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "},
		{name: "invalid UTF-8 in path", method: "GET", path: "/2015-03-31/functions/f%FF1",
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "1 validation error detected: Value 'f\uFFFD1' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + fnPattern},
		{name: "escaped slash in name", method: "GET", path: "/2015-03-31/functions/f1%2Fversions",
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "1 validation error detected: Value 'f1/versions' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + fnPattern},
		{name: "escaped slash deletes nothing", method: "DELETE", path: "/2015-03-31/functions/f1%2F",
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "1 validation error detected: Value 'f1/' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + fnPattern},
		{name: "empty name", method: "GET", path: "/2015-03-31/functions/",
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "2 validation errors detected: Value '' at 'functionName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + fnPattern},
		{name: "empty name delete", method: "DELETE", path: "/2015-03-31/functions/",
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "2 validation errors detected: Value '' at 'functionName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + fnPattern},
		{name: "empty name in a sub-route", method: "POST", path: "/2015-03-31/functions//versions",
			status: 400, code: "ValidationException", keys: validationKeys},
		{name: "empty alias name", method: "DELETE", path: "/2015-03-31/functions/f1/aliases/",
			status: 400, code: "ValidationException", keys: validationKeys,
			message: "2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"},
		{name: "empty qualifier", method: "DELETE", path: "/2015-03-31/functions/f1?Qualifier=",
			status: 400, code: "ValidationException", keys: validationKeys},
		{name: "bad qualifier bytes", method: "GET", path: "/2015-03-31/functions/f1?Qualifier=%FF",
			status: 400, code: "ValidationException", keys: validationKeys},
		{name: "MaxItems not a number", method: "GET", path: "/2015-03-31/functions?MaxItems=abc",
			status: 400, code: "ValidationException", keys: validationKeys},
		{name: "MaxItems huge", method: "GET", path: "/2015-03-31/functions/f1/aliases?MaxItems=99999999999999999999999",
			status: 400, code: "ValidationException", keys: validationKeys},
		{name: "garbage marker", method: "GET", path: "/2015-03-31/functions/f1/versions?Marker=%25%25",
			status: 400, code: "InvalidParameterValueException", keys: contentKeys, message: "Invalid Marker: %%"},
		{name: "unknown path", method: "GET", path: "/2015-03-31/nothing",
			status: 400, code: "UnknownOperationException", keys: contentKeys},
		{name: "unknown date", method: "GET", path: "/2099-01-01/functions",
			status: 400, code: "UnknownOperationException", keys: contentKeys},
		{name: "unknown method", method: "PATCH", path: "/2015-03-31/functions/f1",
			status: 400, code: "UnknownOperationException", keys: contentKeys},
		{name: "too deep", method: "GET", path: "/2015-03-31/functions/f1/aliases/live/extra",
			status: 400, code: "UnknownOperationException", keys: contentKeys},
		{name: "root", method: "GET", path: "/",
			status: 400, code: "UnknownOperationException", keys: contentKeys},
		{name: "oversize alias body", method: "POST", path: "/2015-03-31/functions/f1/aliases",
			bodyReader: func() io.Reader { return io.LimitReader(zeros{}, 1<<20+1) },
			status:     413, code: "RequestEntityTooLargeException", keys: contentKeys,
			message: "Request must be smaller than 1048576 bytes for the CreateAlias operation"},
		{name: "oversize create body", method: "POST", path: "/2015-03-31/functions",
			bodyReader: func() io.Reader { return io.LimitReader(zeros{}, 70167211+1) },
			status:     413, code: "RequestEntityTooLargeException", keys: contentKeys,
			message: "Request must be smaller than 70167211 bytes for the CreateFunction operation"}, // recorded: TestLambdaSizeLimits::test_oversized_request_create_lambda
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var body io.Reader
			switch {
			case c.bodyReader != nil:
				body = c.bodyReader()
			case c.body != "":
				body = strings.NewReader(c.body)
			}
			w := rawCall(t, f, c.method, c.path, body)
			require.Equal(t, c.status, w.Code, w.Body.String())
			require.Equal(t, c.code, w.Header().Get("X-Amzn-Errortype"))
			require.Equal(t, "application/json", w.Header().Get("Content-Type"))
			require.NotEmpty(t, w.Header().Get("X-Amzn-Requestid"))
			var m map[string]any
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m), w.Body.String())
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			require.Equal(t, c.keys, keys)
			msg, _ := m["message"].(string)
			if c.message != "" {
				require.Equal(t, c.message, msg)
			}
			if c.msgPrefix != "" {
				require.True(t, strings.HasPrefix(msg, c.msgPrefix), msg)
			}
			if typ, ok := m["Type"]; ok {
				require.Equal(t, "User", typ)
			}
			require.Equal(t, before, snapshot(t, f), "the failed call changed state")
		})
	}

	// The same bad input over a real connection gets the same answers.
	resp, err := srv.Client().Post(srv.URL+"/2015-03-31/functions", "application/json", bytes.NewReader([]byte("{")))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 400, resp.StatusCode)
	require.Equal(t, "InvalidRequestContentException", resp.Header.Get("X-Amzn-Errortype"))
	require.Equal(t, before, snapshot(t, f))
}

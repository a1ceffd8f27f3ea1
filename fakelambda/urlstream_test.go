package fakelambda_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// A RESPONSE_STREAM URL runs the function's StreamHandler: its writes are
// the HTTP body, each one sent as it is written over HTTP (the test reads the
// first line before the handler writes the second), whole in-process.
func TestURLResponseStream(t *testing.T) {
	e := newEnv(t, true)
	e.createFunction(t, "report")
	out, err := e.client.CreateFunctionUrlConfig(e.ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("report"),
		AuthType: types.FunctionUrlAuthTypeNone, InvokeMode: types.InvokeModeResponseStream})
	require.NoError(t, err)
	url := aws.ToString(out.FunctionUrl)
	firstRead := make(chan struct{})
	e.fake.SetStreamHandler("report", func(ctx context.Context, event []byte, w io.Writer) error {
		_, _ = io.WriteString(w, "line 1\n")
		select {
		case <-firstRead: // over HTTP the caller has the first line already
		case <-ctx.Done():
			return ctx.Err()
		}
		_, _ = io.WriteString(w, "line 2\n")
		return nil
	})

	// Over HTTP: the server's address, the URL's host.
	srv := e.serverURL(t)
	req, err := http.NewRequest("GET", srv+"/", nil)
	require.NoError(t, err)
	req.Host = hostOf(url)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, "application/octet-stream", resp.Header.Get("Content-Type"))
	br := bufio.NewReader(resp.Body)
	line, err := br.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "line 1\n", line)
	close(firstRead)
	rest, err := io.ReadAll(br)
	require.NoError(t, err)
	require.Equal(t, "line 2\n", string(rest))
	require.Equal(t, 1, e.fake.Metrics("report", "").Invocations)

	// In-process: the whole body when the handler returns; a failure after
	// writing ends the body there and counts as an error.
	e.fake.SetStreamHandler("report", func(ctx context.Context, event []byte, w io.Writer) error {
		_, _ = io.WriteString(w, "partial")
		return errors.New("boom")
	})
	resp2, err := e.fake.URLClient().Get(url)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp2.Body)
	resp2.Body.Close()
	require.Equal(t, 200, resp2.StatusCode)
	require.Equal(t, "partial", string(body))
	require.Equal(t, 1, e.fake.Metrics("report", "").Errors)

	// A plain Handler's answer is the body, as one chunk.
	e.fake.SetStreamHandler("report", nil)
	e.fake.SetHandler("report", func(ctx context.Context, event []byte) ([]byte, error) { return []byte(`"done"`), nil })
	resp3, err := e.fake.URLClient().Get(url)
	require.NoError(t, err)
	body, _ = io.ReadAll(resp3.Body)
	resp3.Body.Close()
	require.Equal(t, `"done"`, string(body))
	_ = fakelambda.OpInvokeFunctionUrl
}

// serverURL is the address of e's httptest server (an env made over HTTP).
func (e *env) serverURL(t *testing.T) string {
	t.Helper()
	u := aws.ToString(e.client.Options().BaseEndpoint)
	require.NotEmpty(t, u, "an env made over HTTP")
	return u
}

// hostOf is a function URL's host.
func hostOf(url string) string {
	return strings.TrimSuffix(strings.TrimPrefix(url, "https://"), "/")
}

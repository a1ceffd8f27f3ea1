package interop_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBoto3InvokeWithResponseStream: boto3's event-stream parser reads the
// fake's answer: chunks in order, then InvokeComplete with the function
// error and the Tail log.
func TestBoto3InvokeWithResponseStream(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3")
	if _, stderr, err := runTool(t, ".", nil, python, "-c", "import boto3"); err != nil {
		t.Skipf("boto3 is not installed for %s: %s", python, stderr)
	}
	srv := startFake(t)
	srv.Fake.SetStreamHandler("streamer", func(_ context.Context, payload []byte, w io.Writer) error {
		for i := 1; i <= 3; i++ {
			if _, err := fmt.Fprintf(w, "chunk %d of %s;", i, payload); err != nil {
				return err
			}
		}
		return errors.New("after the chunks")
	})
	stdout, stderr, err := runTool(t, ".", clientEnv(t, srv.URL), python, "testdata/boto3_stream.py")
	require.NoError(t, err, "stderr:\n%s", stderr)
	var out struct {
		Status               int
		Version, ContentType string
		Events               []map[string]any
	}
	decodeJSON(t, stdout, &out)
	require.Equal(t, 200, out.Status)
	require.Equal(t, "$LATEST", out.Version)
	require.Equal(t, "application/vnd.amazon.eventstream", out.ContentType)
	require.Len(t, out.Events, 4, stdout)
	for i := 0; i < 3; i++ {
		require.Equal(t, fmt.Sprintf(`chunk %d of {"n":3};`, i+1), out.Events[i]["Chunk"])
	}
	done, ok := out.Events[3]["Complete"].(map[string]any)
	require.True(t, ok, stdout)
	require.Equal(t, "Unhandled", done["ErrorCode"])
	require.JSONEq(t, `{"errorMessage":"after the chunks","errorType":"errorString"}`, done["ErrorDetails"].(string))
	require.True(t, strings.HasPrefix(done["LogResult"].(string), "START RequestId: "), done["LogResult"])
}

package fakelambda_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// URL invocations run concurrently with the URL's deletion and re-creation
// and the function's: every answer is well-formed, nothing races (run with
// -race), and the handlers really overlap (the fake holds no lock while one
// runs).
func TestURLInvokeConcurrent(t *testing.T) {
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	require.NoError(t, fake.SeedFunction(fakelambda.FunctionSpec{Name: "c"}))
	fake.SetHandler("c", func(ctx context.Context, payload []byte) ([]byte, error) {
		fake.Calls() // calls back into the fake
		return []byte(`{"statusCode":200,"body":"ok"}`), nil
	})
	api := fake.URLClient()
	create := func() string {
		req, _ := http.NewRequest("POST", "https://lambda.us-east-1.amazonaws.com/2021-10-31/functions/c/url", strings.NewReader(`{"AuthType":"NONE"}`))
		resp, err := api.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		u, _ := fake.FunctionURL("c", "")
		return u
	}
	u := create()
	require.NotEmpty(t, u)
	resp, err := api.Get(u)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := fake.URLClient()
			for i := 0; i < 50; i++ {
				cur, ok := fake.FunctionURL("c", "")
				if !ok {
					cur = u // deleted meanwhile: the old URL answers 403
				}
				resp, err := c.Get(cur)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				_ = resp.Body.Close()
				if resp.StatusCode != 200 && resp.StatusCode != 403 {
					t.Errorf("status %d: %s", resp.StatusCode, b)
				}
			}
		}()
	}
	for i := 0; i < 20; i++ {
		req, _ := http.NewRequest("DELETE", "https://lambda.us-east-1.amazonaws.com/2021-10-31/functions/c/url", nil)
		resp, err := api.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		create()
	}
	wg.Wait()
	require.Positive(t, fake.Metrics("c", "").Invocations)
}

package fakelambda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
)

// FuzzDurableCheckpoint sends arbitrary CheckpointDurableExecution bodies
// (TOKEN stands for the live token) from a running invocation of a durable
// function's envelope handler, which then answers out; every later read of
// the execution must answer, never 5xx or panic.
func FuzzDurableCheckpoint(f *testing.F) {
	f.Add(`{"CheckpointToken":"TOKEN","Updates":[{"Id":"a","Type":"STEP","Action":"START"},{"Id":"a","Type":"STEP","Action":"RETRY","StepOptions":{"NextAttemptDelaySeconds":1}}]}`, `{"Status":"PENDING"}`, 5)
	f.Add(`{"CheckpointToken":"TOKEN","Updates":[{"Id":"c","Type":"CONTEXT","Action":"START"},{"Id":"w","ParentId":"c","Type":"WAIT","Action":"START","WaitOptions":{"WaitSeconds":3}}]}`, `{"Status":"PENDING"}`, 10)
	f.Add(`{"CheckpointToken":"TOKEN","Updates":[{"Id":"cb","Type":"CALLBACK","Action":"START","CallbackOptions":{"TimeoutSeconds":2,"HeartbeatTimeoutSeconds":1}}]}`, `{"Status":"PENDING"}`, 3)
	f.Add(`{"CheckpointToken":"TOKEN","Updates":[{"Id":"i","Type":"CHAINED_INVOKE","Action":"START","ChainedInvokeOptions":{"FunctionName":"dur:$LATEST"}}]}`, `{"Status":"PENDING"}`, 1)
	f.Add(`{"CheckpointToken":"TOKEN","Updates":[{"Id":"x","Type":"EXECUTION","Action":"SUCCEED","Payload":"1"}]}`, `{"Status":"SUCCEEDED"}`, 0)
	f.Fuzz(runDurableCheckpointCase)
}

func runDurableCheckpointCase(t *testing.T, body, answer string, advance int) {
	{
		began := time.Now()
		defer func() {
			if d := time.Since(began); d > 2*time.Second {
				t.Fatalf("took %v", d)
			}
		}()
		clk := clock.NewMock()
		clk.Set(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		fk := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
		serve := func(method, target, body string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(method, target, strings.NewReader(body))
			w := httptest.NewRecorder()
			fk.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("%s %s %s: %d %s", method, target, body, w.Code, w.Body.String())
			}
			return w
		}
		serve("POST", "/2015-03-31/functions", `{"FunctionName":"dur","Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Handler":"bootstrap","Code":{"ZipFile":"emlw"},"DurableConfig":{"ExecutionTimeout":600,"RetentionPeriodInDays":1}}`)
		calls := 0
		fk.SetHandler("dur", func(ctx context.Context, payload []byte) ([]byte, error) {
			calls++
			if calls > 20 {
				return []byte(`{"Status":"SUCCEEDED"}`), nil
			}
			var env struct{ DurableExecutionArn, CheckpointToken string }
			if err := json.Unmarshal(payload, &env); err != nil || env.DurableExecutionArn == "" {
				return []byte(`{"Status":"SUCCEEDED"}`), nil // a chained plain call
			}
			b := strings.ReplaceAll(body, "TOKEN", env.CheckpointToken)
			serve("POST", "/2025-12-01/durable-executions/"+url.PathEscape(env.DurableExecutionArn)+"/checkpoint", b)
			return []byte(answer), nil
		})
		w := serve("POST", "/2015-03-31/functions/dur%3A%24LATEST/invocations", `{}`)
		arn := w.Header().Get("X-Amz-Durable-Execution-Arn")
		if arn == "" {
			t.Fatalf("no execution: %d %s", w.Code, w.Body.String())
		}
		for i := 0; i < 3; i++ {
			clk.Add(time.Duration(advance%1000) * time.Second)
			ep := "/2025-12-01/durable-executions/" + url.PathEscape(arn)
			for _, p := range []string{"", "/history", "/state?CheckpointToken=eA=="} {
				w := serve("GET", ep+p, "")
				if w.Code == 200 && !json.Valid(bytes.TrimSpace(w.Body.Bytes())) {
					t.Fatalf("GET %s: not JSON: %s", p, w.Body.String())
				}
			}
			serve("GET", "/2025-12-01/functions/dur/durable-executions", "")
			for _, cb := range fk.OpenCallbacks(arn) {
				serve("POST", "/2025-12-01/durable-execution-callbacks/"+url.PathEscape(cb.CallbackID)+"/heartbeat", "")
			}
		}
	}
}

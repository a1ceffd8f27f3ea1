package fakelambda

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math/rand"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// stressDurableOp is TestStress's share of the durable execution
// operations: executions of c2 and s2 (durable functions there, started by
// their qualified invocations and by this op) are read, listed, stopped,
// checkpointed and their callbacks answered. Half the time it names an
// execution or a callback TestStress saw in an answer (stressDurableSaw),
// so the operations reach real executions, concurrently with their
// invocations; otherwise made-up ids, so the errors are exercised too.
func stressDurableOp(rng *rand.Rand, name string) (method, target string, body []byte) {
	id := "0000000" + strconv.Itoa(rng.Intn(4)) + "-0000-0000-0000-000000000000"
	arn := "arn:aws:lambda:us-east-1:123456789012:function:" + name + ":$LATEST/durable-execution/" + id + "/" + id
	cbID := base64.StdEncoding.EncodeToString([]byte(arn + "#" + id))
	if rng.Intn(2) == 0 {
		arn, cbID = stressDurables.pick(rng, arn, cbID)
		id = arn[strings.LastIndex(arn, "/")+1:]
	}
	ep := "/2025-12-01/durable-executions/" + url.PathEscape(arn)
	cb := "/2025-12-01/durable-execution-callbacks/" + url.PathEscape(cbID)
	tok := base64.StdEncoding.EncodeToString([]byte(id + ":" + strconv.Itoa(1+rng.Intn(4)))) // live only while an invocation runs
	switch rng.Intn(11) {
	case 9, 10: // starts an unnamed execution of a durable function
		return "POST", "/2015-03-31/functions/" + name + "%3A%24LATEST/invocations", []byte(`{"n":` + strconv.Itoa(rng.Intn(9)) + `}`)
	case 7:
		return "POST", ep + "/checkpoint", []byte(`{"CheckpointToken":"` + tok + `","Updates":[{"Id":"s` + strconv.Itoa(rng.Intn(3)) + `","Type":"STEP","Action":"START"}]}`)
	case 6:
		return "GET", ep + "/state?CheckpointToken=" + url.QueryEscape(tok), nil
	case 5:
		return "GET", ep + "/history?MaxItems=" + strconv.Itoa(1+rng.Intn(8)), nil
	case 0:
		return "GET", "/2025-12-01/functions/" + name + "/durable-executions?MaxItems=" + strconv.Itoa(1+rng.Intn(3)), nil
	case 1:
		return "GET", ep, nil
	case 2:
		return "POST", ep + "/stop", nil
	case 3:
		return "POST", cb + "/succeed", []byte(`"ok"`)
	case 4:
		return "POST", cb + "/fail", []byte(`{"ErrorType":"E","ErrorMessage":"no"}`)
	}
	return "POST", cb + "/heartbeat", nil
}

// stressDurableSeen is what TestStress's workers saw of durable
// executions in answers: the latest execution ARNs and callback IDs.
type stressDurableSeen struct {
	mu        sync.Mutex
	arns, cbs []string
}

// stressDurables is shared by TestStress's workers (and by runs of it:
// an ARN of another run's fake only gets not-found answers).
var stressDurables = &stressDurableSeen{}

const stressDurableKeep = 16

// stressDurableSaw notes the execution ARNs (Invoke's header, List's
// items) and callback IDs (History's and State's) in an answer.
func stressDurableSaw(w *httptest.ResponseRecorder) {
	var arns, cbs []string
	if a := w.Header().Get("X-Amz-Durable-Execution-Arn"); a != "" {
		arns = append(arns, a)
	}
	if b := w.Body.Bytes(); w.Code == 200 && (bytes.Contains(b, []byte(`"DurableExecutions"`)) || bytes.Contains(b, []byte(`"CallbackId"`))) {
		var out struct {
			DurableExecutions []struct{ DurableExecutionArn string }
			Events            []struct{ CallbackStartedDetails struct{ CallbackId string } }
			Operations        []struct{ CallbackDetails struct{ CallbackId string } }
		}
		_ = json.Unmarshal(b, &out)
		for _, x := range out.DurableExecutions {
			arns = append(arns, x.DurableExecutionArn)
		}
		for _, ev := range out.Events {
			if id := ev.CallbackStartedDetails.CallbackId; id != "" {
				cbs = append(cbs, id)
			}
		}
		for _, op := range out.Operations {
			if id := op.CallbackDetails.CallbackId; id != "" {
				cbs = append(cbs, id)
			}
		}
	}
	if len(arns)+len(cbs) == 0 {
		return
	}
	s := stressDurables
	s.mu.Lock()
	defer s.mu.Unlock()
	s.arns = keepLast(append(s.arns, arns...), stressDurableKeep)
	s.cbs = keepLast(append(s.cbs, cbs...), stressDurableKeep)
}

func keepLast(list []string, n int) []string {
	if len(list) > n {
		return append([]string(nil), list[len(list)-n:]...)
	}
	return list
}

// pick is a seen ARN and a seen callback ID, or arn and cb when none was seen.
func (s *stressDurableSeen) pick(rng *rand.Rand, arn, cb string) (string, string) {
	i, j := rng.Intn(stressDurableKeep), rng.Intn(stressDurableKeep) // drawn either way: the sequence does not depend on what was seen
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.arns) > 0 {
		arn = s.arns[i%len(s.arns)]
	}
	if len(s.cbs) > 0 {
		cb = s.cbs[j%len(s.cbs)]
	}
	return arn, cb
}

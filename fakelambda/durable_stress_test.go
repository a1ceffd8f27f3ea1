package fakelambda

import (
	"encoding/base64"
	"math/rand"
	"net/url"
	"strconv"
)

// stressDurableOp is TestStress's share of the durable execution
// operations: executions of c2 and s2 (durable functions there) are read,
// listed, stopped and their callbacks answered, by ids the deterministic
// engine may or may not have given out.
func stressDurableOp(rng *rand.Rand, name string) (method, target string, body []byte) {
	id := "0000000" + strconv.Itoa(rng.Intn(4)) + "-0000-0000-0000-000000000000" // usually not an execution: the errors are exercised
	arn := "arn:aws:lambda:us-east-1:123456789012:function:" + name + ":$LATEST/durable-execution/" + id + "/" + id
	ep := "/2025-12-01/durable-executions/" + url.PathEscape(arn)
	cb := "/2025-12-01/durable-execution-callbacks/" + url.PathEscape(base64.StdEncoding.EncodeToString([]byte(id+":2")))
	switch rng.Intn(9) {
	case 7:
		return "POST", ep + "/checkpoint", []byte(`{"CheckpointToken":"` + base64.StdEncoding.EncodeToString([]byte(id+":1")) + `","Updates":[{"Id":"s` + strconv.Itoa(rng.Intn(3)) + `","Type":"STEP","Action":"SUCCEED","Payload":"1"}]}`)
	case 6:
		return "GET", ep + "/state?CheckpointToken=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(id+":1"))), nil
	case 5:
		return "GET", ep + "/history?MaxItems=" + strconv.Itoa(1+rng.Intn(3)), nil
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

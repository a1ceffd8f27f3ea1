package fakelambda

import (
	"math/rand"
	"strconv"
)

// stressEventInvokeOp is stressOp's share of the async invocation
// configuration operations: Put, Update, Get, Delete and List on the
// function or qualifier q (an alias or a version, which other workers
// delete and recreate), so configs are written concurrently with the
// cascades; and InvokeAsync.
func stressEventInvokeOp(rng *rand.Rand, name, q string) (method, target string, body []byte) {
	path := "/2019-09-25/functions/" + name + "/event-invoke-config"
	query := ""
	if rng.Intn(2) == 0 {
		query = "?Qualifier=" + q
	}
	switch rng.Intn(7) {
	case 0, 1:
		return "PUT", path + query, []byte(`{"MaximumRetryAttempts":` + strconv.Itoa(rng.Intn(3)) +
			`,"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:123456789012:q"}}}`)
	case 2:
		return "POST", path + query, []byte(`{"MaximumEventAgeInSeconds":` + strconv.Itoa(60+rng.Intn(600)) + `}`)
	case 3:
		return "GET", path + query, nil
	case 4:
		return "DELETE", path + query, nil
	case 5:
		return "POST", "/2014-11-13/functions/" + name + "/invoke-async", []byte(`{"n":` + strconv.Itoa(rng.Intn(1000)) + `}`)
	default:
		return "GET", path + "/list?MaxItems=" + strconv.Itoa(1+rng.Intn(3)), nil
	}
}

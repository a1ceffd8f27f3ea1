package fakelambda

import "math/rand"

// stressURLOp is stressOp's share of the function URL operations: Create,
// Get, Update, Delete on the function or on qualifier q (an alias, which
// other workers delete and recreate, or a version, which the Qualifier
// pattern refuses), and List, concurrently with DeleteFunction's cascade.
func stressURLOp(rng *rand.Rand, name, q string) (method, target string, body []byte) {
	p := "/2021-10-31/functions/" + name + "/url"
	if rng.Intn(2) == 0 {
		p += "?Qualifier=" + q
	}
	switch rng.Intn(6) {
	case 0, 1:
		return "POST", p, []byte(`{"AuthType":"` + []string{"NONE", "AWS_IAM"}[rng.Intn(2)] + `","Cors":{"AllowOrigins":["*"],"MaxAge":60}}`)
	case 2:
		return "GET", p, nil
	case 3:
		return "PUT", p, []byte(`{"AuthType":"AWS_IAM","InvokeMode":"RESPONSE_STREAM"}`)
	case 4:
		return "DELETE", p, nil
	default:
		return "GET", "/2021-10-31/functions/" + name + "/urls?MaxItems=1", nil
	}
}

package fakelambda

import (
	"math/rand"
	"strconv"
)

// stressCapacityProviderOp is stressOp's share of the capacity provider
// operations: one provider per function name, created, read, updated,
// listed, tagged and deleted concurrently.
func stressCapacityProviderOp(rng *rand.Rand, name string) (method, target string, body []byte) {
	cp := "cp-" + name
	p := "/2025-11-30/capacity-providers/" + cp
	switch rng.Intn(7) {
	case 0:
		return "POST", "/2025-11-30/capacity-providers", []byte(`{"CapacityProviderName":"` + cp + `","VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"]},` +
			`"PermissionsConfig":{"CapacityProviderOperatorRoleArn":"arn:aws:iam::123456789012:role/op"}}`)
	case 1:
		return "GET", p, nil
	case 2:
		return "PUT", p, []byte(`{"CapacityProviderScalingConfig":{"MaxVCpuCount":` + strconv.Itoa(2+rng.Intn(100)) + `}}`)
	case 3:
		return "DELETE", p, nil
	case 4:
		return "GET", "/2025-11-30/capacity-providers?MaxItems=" + strconv.Itoa(1+rng.Intn(5)), nil
	case 5:
		return "GET", p + "/function-versions", nil
	default:
		return "POST", "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:capacity-provider:" + cp, []byte(`{"Tags":{"k":"v"}}`)
	}
}

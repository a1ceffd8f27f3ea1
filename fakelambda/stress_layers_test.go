package fakelambda

import (
	"math/rand"
	"strconv"
)

// stressExtraOp picks a layer or code-signing operation for stressOp. The
// layers are shared by every worker; code-signing configs are created and
// listed, and a function is bound to one (whose generated ARN stressOp
// cannot know: the Put, Get, Update and Delete of a config by ARN name one
// that does not exist).
func stressExtraOp(rng *rand.Rand, name string) (method, target string, body []byte) {
	layer := "/2018-10-31/layers/" + []string{"L0", "L1"}[rng.Intn(2)] + "/versions"
	ver := layer + "/" + strconv.Itoa(1+rng.Intn(4))
	sid := []string{"s1", "s2"}[rng.Intn(2)]
	csc := "/2020-04-22/code-signing-configs/arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg"
	fnCSC := "/2020-06-30/functions/" + name + "/code-signing-config"
	switch rng.Intn(17) {
	case 0:
		return "POST", layer, []byte(`{"Content":{"ZipFile":"` + b64(strconv.Itoa(rng.Int())) + `"},"CompatibleRuntimes":["python3.12"],"CompatibleArchitectures":["arm64"]}`)
	case 1:
		return "GET", ver, nil
	case 2:
		return "GET", "/2018-10-31/layers?find=LayerVersion&Arn=arn:aws:lambda:us-east-1:123456789012:layer:L0:" + strconv.Itoa(1+rng.Intn(4)), nil
	case 3:
		return "DELETE", ver, nil
	case 4:
		return "GET", layer + "?MaxItems=2&CompatibleRuntime=python3.12", nil
	case 5:
		return "GET", "/2018-10-31/layers?CompatibleArchitecture=arm64", nil
	case 6:
		return "POST", ver + "/policy", []byte(`{"StatementId":"` + sid + `","Action":"lambda:GetLayerVersion","Principal":"123456789012"}`)
	case 7:
		return "GET", ver + "/policy", nil
	case 8:
		return "DELETE", ver + "/policy/" + sid, nil
	case 9:
		return "POST", "/2020-04-22/code-signing-configs", []byte(`{"AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:123456789012:/signing-profiles/p"]},"Tags":{"k":"v"}}`)
	case 10:
		return "GET", csc, nil
	case 11:
		return "PUT", csc, []byte(`{"Description":"d"}`)
	case 12:
		return "DELETE", csc, nil
	case 13:
		return "GET", "/2020-04-22/code-signing-configs?MaxItems=3", nil
	case 14:
		return "GET", csc + "/functions", nil
	case 15:
		if rng.Intn(2) == 0 {
			return "DELETE", fnCSC, nil
		}
		return "PUT", fnCSC, []byte(`{"CodeSigningConfigArn":"arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg"}`)
	default:
		if rng.Intn(2) == 0 {
			return "POST", "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg", []byte(`{"Tags":{"k":"v"}}`)
		}
		return "GET", fnCSC, nil
	}
}

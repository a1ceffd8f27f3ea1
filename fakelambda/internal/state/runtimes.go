package state

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// RuntimeVersionConfig is the runtime version a function runs on.
type RuntimeVersionConfig struct {
	RuntimeVersionArn string
}

// RuntimeVersionARN is the ARN of the runtime version Lambda picks for
// runtime in region: arn:aws:lambda:<region>::runtime:<64 hex digits>, as
// recorded (TestLambdaFunction::test_function_lifecycle create_response).
// Lambda's digests are its own; the fake derives one per runtime, so two
// functions on one runtime share the ARN and another runtime gets another,
// as recorded.
func RuntimeVersionARN(region, runtime string) string {
	sum := sha256.Sum256([]byte("fakelambda runtime " + runtime))
	return "arn:" + Partition(region) + ":lambda:" + region + "::runtime:" + hex.EncodeToString(sum[:])
}

// regionOfARN is the region of a Lambda ARN ("" when arn is not one).
func regionOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 {
		return ""
	}
	return parts[3]
}

// deprecatedRuntimes are the runtimes Lambda knows but no longer accepts for
// creating or updating functions: its runtime enum less the runtimes it lists
// as supported (see internal/model). Recorded for dotnetcore3.1, go1.x,
// java8, nodejs12.x, nodejs14.x, provided, python3.7 and ruby2.7
// (TestRuntimeValidation); assumed alike for the rest of the enum, except
// ruby3.5, nodejs26.x and python3.15, which look announced rather than retired
// (answered as unknown runtimes).
var deprecatedRuntimes = map[string]bool{}

func init() {
	for _, rt := range strings.Fields(`ruby2.6 dotnetcore1.0 python3.7 nodejs8.10 nasa ruby2.7
		python2.7-greengrass dotnetcore2.0 dotnetcore2.1 nodejs6.10 provided dotnetcore3.1 nodejs nodejs4.3
		go1.x go1.9 byol nodejs10.x java8 nodejs12.x nodejs8.x nodejs14.x nodejs8.9
		nodejs4.3-edge python3.4 ruby2.5 python3.6 python2.7`) {
		deprecatedRuntimes[rt] = true
	}
}

// DeprecatedRuntime reports whether Lambda knows rt but refuses it for new
// functions and updates.
func DeprecatedRuntime(rt string) bool { return deprecatedRuntimes[rt] }

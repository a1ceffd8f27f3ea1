package fakelambda

import (
	"testing"
)

// TestCapacityProviderConfigValidation: CapacityProviderConfig's missing
// members and ranges, refused by the model's constraints in LocalStack's
// (and Lambda's usual) words. The SDK refuses the first two itself, so
// they are sent raw.
func TestCapacityProviderConfigValidation(t *testing.T) {
	f := New(WithoutTransitions())
	const fn = `{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Runtime":"python3.13","Handler":"h","MemorySize":2048,"Code":{"ZipFile":"eA=="},"CapacityProviderConfig":`
	for _, c := range []struct{ cpc, msg string }{
		{`{}`, "1 validation error detected: Value null at 'capacityProviderConfig.lambdaManagedInstancesCapacityProviderConfig' failed to satisfy constraint: Member must not be null"},
		{`{"LambdaManagedInstancesCapacityProviderConfig":{}}`, "1 validation error detected: Value null at 'capacityProviderConfig.lambdaManagedInstancesCapacityProviderConfig.capacityProviderArn' failed to satisfy constraint: Member must not be null"},
		{`{"LambdaManagedInstancesCapacityProviderConfig":{"CapacityProviderArn":"arn:aws:lambda:us-east-1:123456789012:capacity-provider:x","ExecutionEnvironmentMemoryGiBPerVCpu":9}}`,
			"1 validation error detected: Value '9.0' at 'capacityProviderConfig.lambdaManagedInstancesCapacityProviderConfig.executionEnvironmentMemoryGiBPerVCpu' failed to satisfy constraint: Member must have value less than or equal to 8.0"},
	} {
		w := do(f, "POST", "/2015-03-31/functions", nil, []byte(fn+c.cpc+`}`))
		if w.Code != 400 || w.Header().Get("X-Amzn-Errortype") != "ValidationException" || w.Body.String() != `{"message":"`+c.msg+`"}` {
			t.Errorf("CapacityProviderConfig %s: %d %s %s", c.cpc, w.Code, w.Header().Get("X-Amzn-Errortype"), w.Body)
		}
	}
	// Nothing was created.
	if w := do(f, "GET", "/2015-03-31/functions/f", nil, nil); w.Code != 404 {
		t.Fatalf("GetFunction after refused creations: %d %s", w.Code, w.Body)
	}
}

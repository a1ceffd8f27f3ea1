package fakelambda

import (
	"encoding/json"
	"testing"
)

// clone must copy deeply, and agree with a JSON round trip.
func TestConfigurationCloneIsDeep(t *testing.T) {
	tr := true
	c := functionConfiguration{
		FunctionName:        "f",
		VpcConfig:           &vpcConfig{SubnetIds: []string{"s"}, SecurityGroupIds: []string{}, Ipv6AllowedForDualStack: &tr},
		DeadLetterConfig:    &deadLetterConfig{TargetArn: "arn"},
		Environment:         &environment{Variables: map[string]string{"A": "1"}},
		TracingConfig:       &tracingConfig{Mode: "Active"},
		Layers:              []layer{{Arn: "l"}},
		FileSystemConfigs:   []fileSystemConfig{{Arn: "fs", LocalMountPath: "/mnt/x"}},
		ImageConfigResponse: &imageConfigResponse{ImageConfig: &imageConfig{EntryPoint: []string{"e"}, Command: []string{"c"}}},
		Architectures:       []string{"arm64"},
		EphemeralStorage:    &ephemeralStorage{Size: 1024},
		SnapStart:           &snapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		LoggingConfig:       &loggingConfig{LogFormat: "JSON"},
	}
	before, _ := json.Marshal(c)
	d := c.clone()
	cloned, _ := json.Marshal(d)
	if string(before) != string(cloned) {
		t.Fatalf("clone differs:\n%s\n%s", before, cloned)
	}
	d.VpcConfig.SubnetIds[0] = "x"
	*d.VpcConfig.Ipv6AllowedForDualStack = false
	d.DeadLetterConfig.TargetArn = "x"
	d.Environment.Variables["A"] = "x"
	d.TracingConfig.Mode = "x"
	d.Layers[0].Arn = "x"
	d.FileSystemConfigs[0].Arn = "x"
	d.ImageConfigResponse.ImageConfig.EntryPoint[0] = "x"
	d.ImageConfigResponse.ImageConfig.Command[0] = "x"
	d.Architectures[0] = "x"
	d.EphemeralStorage.Size = 1
	d.SnapStart.ApplyOn = "x"
	d.LoggingConfig.LogFormat = "x"
	if after, _ := json.Marshal(c); string(after) != string(before) {
		t.Fatalf("changing the clone changed the original:\n%s\n%s", before, after)
	}
}

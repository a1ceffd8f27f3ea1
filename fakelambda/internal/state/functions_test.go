package state

import (
	"reflect"
	"strings"
	"testing"
)

// Deleting a function forgets its versions, aliases, configs and
// concurrency; deleting a version takes its config, but not while an alias
// routes to it; deleting an alias takes its config.
func TestCascades(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	v1, v2 := mustPublish(t, r, "f"), mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v1, nil, map[string]float64{v2: 0.5}); e != nil {
		t.Fatal(e)
	}
	if _, e := r.CreateAlias("f", "", "blue", v2, nil, nil); e != nil {
		t.Fatal(e)
	}
	if _, e := r.PutProvisionedConcurrency("f", "blue", 2, false, t0); e != nil {
		t.Fatal(e)
	}
	wantErr(t, r.DeleteFunction("f", v2), "ResourceConflictException",
		"Unable to delete version because the following aliases reference it: [blue, live]")
	if e := r.DeleteAlias("f", "", "blue"); e != nil {
		t.Fatal(e)
	}
	if _, e := r.ProvisionedConcurrency("f", "blue", t0); e == nil {
		t.Fatal("the alias's config survived the alias")
	}
	if _, e := r.UpdateAlias("f", "", "live", AliasUpdate{Routing: true}, t0); e != nil {
		t.Fatal(e)
	}
	if _, e := r.PutProvisionedConcurrency("f", v2, 4, false, t0); e != nil {
		t.Fatal(e)
	}
	if as := r.AccountSettings(); as.UnreservedConcurrentExecutions != 996 {
		t.Fatalf("unreserved %d, want 996", as.UnreservedConcurrentExecutions)
	}
	if e := r.DeleteFunction("f", v2); e != nil {
		t.Fatal(e)
	}
	if as := r.AccountSettings(); as.UnreservedConcurrentExecutions != 1000 {
		t.Fatalf("the version's config survived the version: unreserved %d", as.UnreservedConcurrentExecutions)
	}
	wantErr(t, r.DeleteFunction("f", "$LATEST"), "InvalidParameterValueException", "$LATEST version cannot be deleted without deleting the function.")
	wantErr(t, r.DeleteFunction("f", "live"), "InvalidParameterValueException", "Deletion of aliases is not currently supported.")
	wantErr(t, r.DeleteFunction("nope", "$LATEST"), "InvalidParameterValueException", "$LATEST version cannot be deleted without deleting the function.")
	wantErr(t, r.DeleteFunction("nope", "live"), "InvalidParameterValueException", "Deletion of aliases is not currently supported.")
	wantErr(t, r.DeleteFunction("nope", "3"), "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope")
	if e := r.DeleteFunction("f", "99"); e != nil {
		t.Fatalf("deleting a missing version: %v", e)
	}
	if _, e := r.PutReservedConcurrency("f", "", 10); e != nil {
		t.Fatal(e)
	}
	if e := r.DeleteFunction("f", ""); e != nil {
		t.Fatal(e)
	}
	if as := r.AccountSettings(); as.FunctionCount != 0 || as.UnreservedConcurrentExecutions != 1000 || as.TotalCodeSize != 0 {
		t.Fatalf("after deleting the function: %+v", as)
	}
	if err := r.CheckInvariants(t0); err != nil {
		t.Fatal(err)
	}
}

// Publishing compares Go values: unchanged since the last publish answers
// the same version; a change, or deleting that version, publishes anew.
func TestPublishUnchanged(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	d := "one"
	a, _ := r.PublishVersion("f", "", nil, &d, nil, t0)
	b, _ := r.PublishVersion("f", "", nil, nil, nil, t0)
	if a.Version != "1" || b.Version != "1" || b.Description != "one" {
		t.Fatalf("unchanged: %s (%q), then %s", a.Version, a.Description, b.Version)
	}
	var empty []string
	if _, e := r.UpdateFunctionConfiguration("f", "", ConfigUpdate{Layers: empty, ImageConfig: &ImageConfig{Command: []string{"run"}, EntryPoint: []string{}}}, t0); e != nil {
		t.Fatal(e)
	}
	c, _ := r.PublishVersion("f", "", nil, nil, nil, t0)
	if c.Version != "2" { // the image config is new
		t.Fatalf("changed: %s", c.Version)
	}
	if c2, _ := r.PublishVersion("f", "", nil, nil, nil, t0); c2.Version != "2" {
		t.Fatalf("unchanged again: %s", c2.Version)
	}
	if e := r.DeleteFunction("f", "2"); e != nil {
		t.Fatal(e)
	}
	if c3, _ := r.PublishVersion("f", "", nil, nil, nil, t0); c3.Version != "3" {
		t.Fatalf("after deleting the last version: %s", c3.Version)
	}
}

// Answers are copies: changing one changes nothing held.
func TestAnswersAreCopies(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	if e := r.TagResource("f", "arn", map[string]string{"a": "1"}); e != nil {
		t.Fatal(e)
	}
	v, _ := r.Function("f", "", true, t0)
	v.Tags["a"] = "x"
	v.Config.Architectures[0] = "x"
	v.Config.LoggingConfig.LogFormat = "x"
	again, _ := r.Function("f", "", true, t0)
	if again.Tags["a"] != "1" || again.Config.Architectures[0] != "x86_64" || again.Config.LoggingConfig.LogFormat != "Text" {
		t.Fatalf("an answer shares state: %+v", again)
	}
}

// Clone copies deeply: equal to the original, and sharing nothing with it.
func TestConfigurationCloneIsDeep(t *testing.T) {
	tr := true
	c := FunctionConfiguration{
		FunctionName:        "f",
		VpcConfig:           &VpcConfig{SubnetIds: []string{"s"}, SecurityGroupIds: []string{}, Ipv6AllowedForDualStack: &tr},
		DeadLetterConfig:    &DeadLetterConfig{TargetArn: "arn"},
		Environment:         &Environment{Variables: map[string]string{"A": "1"}},
		TracingConfig:       &TracingConfig{Mode: "Active"},
		Layers:              []Layer{{Arn: "l"}},
		FileSystemConfigs:   []FileSystemConfig{{Arn: "fs", LocalMountPath: "/mnt/x"}},
		ImageConfigResponse: &ImageConfigResponse{ImageConfig: &ImageConfig{EntryPoint: []string{"e"}, Command: []string{"c"}}},
		Architectures:       []string{"arm64"},
		EphemeralStorage:    &EphemeralStorage{Size: 1024},
		SnapStart:           &SnapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		LoggingConfig:       &LoggingConfig{LogFormat: "JSON"},
	}
	before := c.Clone()
	d := c.Clone()
	if !reflect.DeepEqual(c, d) {
		t.Fatalf("clone differs:\n%+v\n%+v", c, d)
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
	if !reflect.DeepEqual(c, before) {
		t.Fatalf("changing the clone changed the original:\n%+v\n%+v", before, c)
	}
}

// Lambda's messages for a function it refuses to create.
func TestCreateFunctionErrors(t *testing.T) {
	r := newRegion()
	mustCreate(t, r, "f")
	rt, h := "provided.al2023", "bootstrap"
	cases := []struct {
		in  NewFunction
		msg string
	}{
		{NewFunction{Name: "g", Qualifier: "1"}, "This operation is permitted on Lambda functions only."},
		{NewFunction{Name: "g", Architectures: []string{"x86_64", "arm64"}}, "Only one architecture is supported per function."},
		{NewFunction{Name: "g"}, "Please provide a source for function code."},
		{NewFunction{Name: "g", Code: Code{ZipFile: []byte("z")}}, "Runtime and Handler are mandatory parameters for functions created with deployment packages."},
		{NewFunction{Name: "g", PackageType: "Image", Code: Code{ZipFile: []byte("z")}}, "Please provide ImageUri when PackageType is Image."},
		{NewFunction{Name: "f", Code: Code{ZipFile: []byte("z")}, Config: ConfigUpdate{Runtime: &rt, Handler: &h}}, "Function already exist: f"},
	}
	for _, c := range cases {
		_, e := r.CreateFunction(c.in, t0)
		if e == nil || !strings.HasPrefix(e.Message, c.msg) {
			t.Errorf("%+v: %v, want %q", c.in, e, c.msg)
		}
	}
}

func TestResolvedImageURI(t *testing.T) {
	d := strings.Repeat("0f", 32)
	for uri, want := range map[string]string{
		"1.dkr.ecr.us-east-1.amazonaws.com/repo:latest":      "1.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:" + d,
		"1.dkr.ecr.us-east-1.amazonaws.com/repo":             "1.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:" + d,
		"1.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:" + d: "1.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:" + d,
		"localhost:5000/ns/repo:v1":                          "localhost:5000/ns/repo@sha256:" + d,
		"localhost:5000/ns/repo":                             "localhost:5000/ns/repo@sha256:" + d,
	} {
		if got := ResolvedImageURI(uri, d); got != want {
			t.Errorf("ResolvedImageURI(%q) = %q, want %q", uri, got, want)
		}
	}
}

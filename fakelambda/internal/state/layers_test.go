package state

import (
	"testing"
)

// Layer answers are copies; numbers are never reused; a function keeps a
// deleted version; a refused Layers list changes nothing.
func TestLayersState(t *testing.T) {
	r := newRegion()
	lv, e := r.PublishLayerVersion(NewLayerVersion{Name: "lib", ZipFile: []byte("abc"), CompatibleRuntimes: []string{"python3.12"}}, t0)
	if e != nil {
		t.Fatal(e)
	}
	lv.CompatibleRuntimes[0] = "changed"
	if got, _ := r.GetLayerVersion("lib", 1); got.CompatibleRuntimes[0] != "python3.12" {
		t.Fatalf("the answer shares the state: %v", got.CompatibleRuntimes)
	}
	if e := r.DeleteLayerVersion("lib", 1); e != nil {
		t.Fatal(e)
	}
	if lv, _ = r.PublishLayerVersion(NewLayerVersion{Name: "lib", ZipFile: []byte("abcd")}, t0); lv.Version != 2 {
		t.Fatalf("version %d after deleting 1, want 2", lv.Version)
	}
	mustCreate(t, r, "f")
	layers := []string{lv.LayerVersionArn}
	if _, e := r.UpdateFunctionConfiguration("f", "", ConfigUpdate{Layers: layers}, t0); e != nil {
		t.Fatal(e)
	}
	before, _ := r.Function("f", "", false, t0)
	if len(before.Config.Layers) != 1 || before.Config.Layers[0].CodeSize != 4 {
		t.Fatalf("layers %+v", before.Config.Layers)
	}
	_, e = r.UpdateFunctionConfiguration("f", "", ConfigUpdate{Layers: []string{lv.LayerVersionArn + "0"}}, t0)
	wantErr(t, e, "InvalidParameterValueException", "Layer version "+lv.LayerVersionArn+"0 does not exist.")
	after, _ := r.Function("f", "", false, t0)
	if after.Config.RevisionId != before.Config.RevisionId {
		t.Fatal("a refused update changed the function")
	}
	if as := r.AccountSettings(); as.TotalCodeSize != before.Config.CodeSize+4 {
		t.Fatalf("TotalCodeSize %d, want the function's %d + the layer's 4", as.TotalCodeSize, before.Config.CodeSize)
	}
}

// A deleted function's code-signing binding does not outlive it.
func TestCodeSigningBindingState(t *testing.T) {
	r := newRegion()
	c := r.CreateCodeSigningConfig(CodeSigningUpdate{}, t0)
	mustCreate(t, r, "f")
	if e := r.PutFunctionCodeSigningConfig("f", "", c.CodeSigningConfigArn); e != nil {
		t.Fatal(e)
	}
	wantErr(t, r.DeleteCodeSigningConfig(c.CodeSigningConfigArn), "ResourceConflictException",
		"The code signing configuration "+c.CodeSigningConfigArn+" cannot be deleted because it is used by one or more functions.")
	if e := r.DeleteFunction("f", ""); e != nil {
		t.Fatal(e)
	}
	mustCreate(t, r, "f")
	if arn, _ := r.FunctionCodeSigningConfig("f", ""); arn != "" {
		t.Fatalf("a new function f has config %s", arn)
	}
	if e := r.DeleteCodeSigningConfig(c.CodeSigningConfigArn); e != nil {
		t.Fatal(e)
	}
}

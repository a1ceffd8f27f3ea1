package model

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedFileIsCurrent regenerates constraints_gen.go from the botocore
// model installed here and compares: the generator and the committed file
// must agree. It skips without python3, botocore or go, and when the installed
// botocore is another release than the one the file was generated from.
func TestGeneratedFileIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run ./gen")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not found")
	}
	out, err := exec.Command(py, "-c", "import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)").Output()
	if err != nil {
		t.Skip("botocore not importable: ", err)
	}
	lines := strings.Fields(string(out))
	if len(lines) != 2 {
		t.Skipf("unexpected python output %q", out)
	}
	dir, version := lines[0], lines[1]
	if version != botocoreVersion {
		t.Skipf("installed botocore %s, constraints_gen.go is from %s: run go generate", version, botocoreVersion)
	}
	modelPath := filepath.Join(dir, "data", "lambda", "2015-03-31", "service-2.json.gz")
	if _, err := os.Stat(modelPath); err != nil {
		t.Skip("no Lambda model in botocore: ", err)
	}
	tmp := filepath.Join(t.TempDir(), "constraints_gen.go")
	cmd := exec.Command(goBin, "run", "./gen", "-model", modelPath, "-version", version, "-out", tmp)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("constraints_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("constraints_gen.go is stale: run go generate ./fakelambda/internal/model")
	}
}

package fakelambda

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's table of operations from the operation table")

const (
	tableBegin = "<!-- operations:begin (generated from fakelambda/table.go by: go test ./fakelambda -run TestREADMEOperations -update) -->"
	tableEnd   = "<!-- operations:end -->"
)

// operationsMarkdown renders the operation table for README.md.
func operationsMarkdown() string {
	var b strings.Builder
	n := len(SupportedOperations())
	b.WriteString("The fake serves " + strconv.Itoa(n) + " of the " + strconv.Itoa(len(operations)) + " operations of aws-sdk-go-v2's Lambda client.\n")
	if n < len(operations) {
		b.WriteString("The others are routed and named in `Calls()` (so they can be counted and faulted) and answer\n")
		b.WriteString("`400 UnknownOperationException`.\n")
	}
	b.WriteString("A request that names no operation answers `400 UnknownOperationException`.\n\n")
	b.WriteString("| Operation | Request | Served |\n|---|---|---|\n")
	for _, row := range operations {
		req := row.method + " " + row.path
		if row.query != "" {
			req += "?" + row.query
		}
		served := "not yet"
		if row.serve != nil {
			served = "yes"
		}
		b.WriteString("| " + row.name + " | `" + req + "` | " + served + " |\n")
	}
	return b.String()
}

// README.md's table of operations is the operation table's.
func TestREADMEOperations(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q ... %q section", tableBegin, tableEnd)
	}
	want := readme[:i+len(tableBegin)] + "\n" + operationsMarkdown() + readme[j:]
	if want == readme {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("README.md's table of operations is stale; run: go test ./fakelambda -run TestREADMEOperations -update")
}

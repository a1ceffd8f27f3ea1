package bench

import (
	"context"
	"testing"

	"github.com/fakeaws/lambda/fakelambda"
)

// echo is the benchmark's function code: it returns its payload.
func echo(_ context.Context, payload []byte) ([]byte, error) { return payload, nil }

// setHandler installs echo as function "f"'s code.
func setHandler(f *fakelambda.Fake) { f.SetHandler("f", echo) }

// hasOp reports whether the fake serves op (all benchmarked operations exist).
func hasOp(testing.TB, string, *fakelambda.Fake) bool { return true }

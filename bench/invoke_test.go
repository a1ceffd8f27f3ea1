package bench

import (
	"context"

	"github.com/fakeaws/lambda/fakelambda"
)

// echo is the benchmark's function code: it returns its payload.
func echo(_ context.Context, payload []byte) ([]byte, error) { return payload, nil }

// setHandler installs echo as function "f"'s code.
func setHandler(f *fakelambda.Fake) { f.SetHandler("f", echo) }

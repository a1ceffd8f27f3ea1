package fakelambda

import (
	"encoding/json"
	"math/rand"

	"github.com/fakeaws/lambda/fakelambda/durable"
)

// TestModel's share of the durable execution operations: TEMPORARY stubs
// while the model of durable executions is rewritten for the new engine.

var durKinds = []struct {
	kind string
	w    int
}{}

var modelDurable = durable.Wrap(func(c durable.Context, _ json.RawMessage) (json.RawMessage, error) {
	return durable.WaitForCallback[json.RawMessage](c, "cb", nil)
})

type mDurable struct{}

func randomDurableOp(rng *rand.Rand, op *mOp) bool  { return false }
func (m *model) bindDurable(op mOp) mOp             { return op }
func (m *model) applyDurable(op mOp) (string, bool) { return "", false }
func isDurKind(string) bool                         { return false }

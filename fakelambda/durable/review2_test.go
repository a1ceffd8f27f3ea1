package durable

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// hashID's cache is bounded: it is process-wide and outlives every fake,
// so a long-running fake (a server) seeing ever new positions (a Map of a
// million items, deep nesting) must not keep them all; past the bound the
// ids are still right, only no longer cached.
func TestReview2HashIDCacheBounded(t *testing.T) {
	for i := range hashedMax + 1000 {
		hashID("review2-" + strconv.Itoa(i))
	}
	n := 0
	hashed.Range(func(any, any) bool { n++; return true })
	require.LessOrEqual(t, n, hashedMax)
	require.Equal(t, "c4ca4238a0b92382", hashID("1"), "the JS SDK's id of position 1")
	require.Equal(t, hashID("review2-"+strconv.Itoa(hashedMax+999)), hashID("review2-"+strconv.Itoa(hashedMax+999)))
}

// Race over no futures is an error at once, not a wait for ever.
func TestRaceOfNothing(t *testing.T) {
	ec := &execContext{Context: context.Background(), inv: &invocation{ops: map[string]*state.DurableOp{}}}
	if _, err := Race[int](ec, "none", nil); err == nil || isSuspend(err) || ec.suspended {
		t.Fatalf("Race of nothing: %v (suspended %v), want an error", err, ec.suspended)
	}
}

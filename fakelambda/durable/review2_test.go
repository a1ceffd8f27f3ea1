package durable

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
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

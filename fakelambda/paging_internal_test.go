package fakelambda

import (
	"encoding/base64"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPaginateMarkers(t *testing.T) {
	items := []string{"d", "a", "c", "b", "e"}
	id := func(s string) string { return s }
	page, next, e := paginate(items, id, "", 2)
	require.Nil(t, e)
	require.Equal(t, []string{"a", "b"}, page)
	require.Equal(t, base64.RawURLEncoding.EncodeToString([]byte("c")), next)
	require.Equal(t, []string{"d", "a", "c", "b", "e"}, items, "the input is not reordered")

	page, next, e = paginate(items, id, next, 2)
	require.Nil(t, e)
	require.Equal(t, []string{"c", "d"}, page)
	page, last, e := paginate(items, id, next, 2)
	require.Nil(t, e)
	require.Equal(t, []string{"e"}, page)
	require.Equal(t, "", last)

	// The marker's item was deleted: the page starts at the next one.
	page, _, e = paginate([]string{"a", "b", "e"}, id, next, 2)
	require.Nil(t, e)
	require.Equal(t, []string{"e"}, page)

	// A marker past the end gives an empty last page.
	page, next, e = paginate(items, id, base64.RawURLEncoding.EncodeToString([]byte("z")), 2)
	require.Nil(t, e)
	require.Empty(t, page)
	require.Equal(t, "", next)

	_, _, e = paginate(items, id, "***", 2)
	require.Equal(t, "InvalidParameterValueException", e.Code)
	require.Equal(t, "Invalid Marker: ***", e.Message)

	page, next, e = paginate([]string(nil), id, "", 50)
	require.Nil(t, e)
	require.Empty(t, page)
	require.Equal(t, "", next)
}

func TestPageParams(t *testing.T) {
	get := func(query string) (string, int, *APIError) {
		rq := &request{r: httptest.NewRequest("GET", "/x?"+query, nil)}
		var v validation
		m, n := pageParams(rq, &v, 10000, 50, 50)
		return m, n, v.err()
	}
	m, n, e := get("")
	require.Equal(t, "", m)
	require.Equal(t, 50, n)
	require.Nil(t, e)
	m, n, e = get("Marker=abc&MaxItems=7")
	require.Equal(t, "abc", m)
	require.Equal(t, 7, n)
	require.Nil(t, e)
	_, n, e = get("MaxItems=10000")
	require.Equal(t, 50, n, "capped at 50")
	require.Nil(t, e)
	_, _, e = get("MaxItems=0")
	require.Equal(t, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", e.Message)
	_, _, e = get("MaxItems=10001")
	require.Equal(t, "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000", e.Message)
	_, _, e = get("MaxItems=x")
	require.Equal(t, "ValidationException", e.Code)
}

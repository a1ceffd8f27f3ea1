package fakelambda

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
)

// pageParams reads Marker and MaxItems, checking MaxItems against 1..max.
// def is the page size when MaxItems is absent; cap bounds a page whatever
// MaxItems says (ListFunctions answers at most 50).
func pageParams(rq *request, v *validation, max, def, cap int) (marker string, size int) {
	marker, _ = rq.query("Marker")
	size = def
	if s, ok := rq.query("MaxItems"); ok {
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case err != nil:
			v.add("Value '%s' at 'maxItems' failed to satisfy constraint: Member must be a number", s)
		case n < 1:
			v.atLeast("maxItems", n, 1)
		case n > int64(max):
			v.atMost("maxItems", n, int64(max))
		default:
			size = int(n)
		}
	}
	return marker, min(size, cap)
}

// paginate returns the page of items, in key order, that starts at marker,
// and the marker of the next page ("" on the last page). Markers are opaque:
// the base64 of the key of the next page's first item, so a page boundary
// stays put when earlier items are deleted. Keys must be unique.
func paginate[T any](items []T, key func(T) string, marker string, size int) ([]T, string, *APIError) {
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	start := 0
	if marker != "" {
		k, err := base64.RawURLEncoding.DecodeString(marker)
		if err != nil {
			return nil, "", errInvalidParam("Invalid Marker: " + marker)
		}
		for start < len(items) && key(items[start]) < string(k) {
			start++
		}
	}
	end := min(start+size, len(items))
	next := ""
	if end < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte(key(items[end])))
	}
	return items[start:end], next, nil
}

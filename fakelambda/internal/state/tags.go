package state

import "maps"

// The tags of a function: CreateFunction's Tags, ListTags, TagResource,
// UntagResource, and what GetFunction answers. A function's tags are nil
// when it has none.

// Tags answers a copy of the function's tags (never nil).
func (r *Region) Tags(function string, arn string) (map[string]string, *Error) {
	fn := r.functions[function]
	if fn == nil {
		return nil, errFunctionNotFound(arn)
	}
	out := maps.Clone(fn.tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

// TagResource adds or replaces tags on function; arn names it in a "not
// found".
func (r *Region) TagResource(function, arn string, tags map[string]string) *Error {
	fn := r.functions[function]
	if fn == nil {
		return errFunctionNotFound(arn)
	}
	if len(tags) > 0 && fn.tags == nil {
		fn.tags = make(map[string]string, len(tags))
	}
	maps.Copy(fn.tags, tags)
	return nil
}

// UntagResource removes the tags keys from function.
func (r *Region) UntagResource(function, arn string, keys []string) *Error {
	fn := r.functions[function]
	if fn == nil {
		return errFunctionNotFound(arn)
	}
	for _, k := range keys {
		delete(fn.tags, k)
	}
	if len(fn.tags) == 0 {
		fn.tags = nil
	}
	return nil
}

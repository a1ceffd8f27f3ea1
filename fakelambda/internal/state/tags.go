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

// MaxTags is the most tags a function may have
// (TestLambdaTags::test_tag_limits: 50 pass, 51 fail).
const MaxTags = 50

// ErrTooManyTags is Lambda's message for more than MaxTags tags.
const ErrTooManyTags = "Number of tags exceeds resource tag limit."

// TagResource adds or replaces tags on function; arn names it in a "not
// found". An empty set of tags is refused, as recorded
// (TestLambdaTags::test_tag_exceptions tag_empty_tags), and so is a result
// over MaxTags tags. A change of tags gives $LATEST a new RevisionId
// (TestLambdaTags::test_tag_lifecycle).
func (r *Region) TagResource(function, arn string, tags map[string]string) *Error {
	fn := r.functions[function]
	if fn == nil {
		return errFunctionNotFound(arn)
	}
	if len(tags) == 0 {
		return errInvalidParam("An error occurred and the request cannot be processed.")
	}
	n := len(fn.tags)
	for k := range tags {
		if _, ok := fn.tags[k]; !ok {
			n++
		}
	}
	if n > MaxTags {
		return errInvalidParam(ErrTooManyTags)
	}
	if fn.tags == nil {
		fn.tags = make(map[string]string, len(tags))
	}
	maps.Copy(fn.tags, tags)
	fn.latest.cfg.RevisionId = r.newID()
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
	fn.latest.cfg.RevisionId = r.newID() // as TagResource (TestLambdaTags::test_tag_lifecycle)
	return nil
}

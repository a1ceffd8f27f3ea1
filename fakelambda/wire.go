package fakelambda

import (
	apimodel "github.com/fakeaws/lambda/fakelambda/internal/model"
)

// checkModel checks the request against the constraints of Lambda's API
// model (required members, lengths, ranges, patterns, enums; generated into
// internal/model, with Lambda's own deviations from its model as explicit
// overrides there) and answers AWS's ValidationException. A body that is not
// a JSON object is left to the operation, which answers
// InvalidRequestContentException; so are wrongly typed values. An operation
// whose body is a payload (Invoke) is checked on its labels, query and
// headers only.
func (rq *request) checkModel() *APIError {
	in := apimodel.Input{Label: rq.label, Header: rq.r.Header}
	if rq.r.URL.RawQuery != "" {
		in.Query = rq.values()
	}
	if len(rq.body) > 0 && !rq.row.payload {
		doc, ok := apimodel.DecodeBody(rq.body)
		if !ok {
			return nil // not a JSON object (whether it is JSON at all, the call log checks)
		}
		rq.bodyJSON = 1
		in.Body = doc
	}
	if v := apimodel.Validate(rq.op, in); v != nil {
		return &APIError{Code: "ValidationException", StatusCode: 400, Message: apimodel.Message(v)}
	}
	return checkFunctionMembers(rq.op, in.Body, rq.body)
}

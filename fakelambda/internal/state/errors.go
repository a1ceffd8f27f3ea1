package state

// Error is a failure the state machine answers, with Lambda's code, HTTP
// status and message; package fakelambda turns it into its *APIError.
type Error struct {
	Code    string // e.g. "ResourceNotFoundException"
	Status  int    // HTTP status
	Message string
	// NoType leaves out the body's "Type" member, as Lambda does for its
	// concurrency-limit and validation errors; otherwise Type is "User".
	NoType bool
	// Reason is the ThrottleReason of a TooManyRequestsException.
	Reason string
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errNotFound(msg string) *Error {
	return &Error{Code: "ResourceNotFoundException", Status: 404, Message: msg}
}

func errFunctionNotFound(arn string) *Error {
	return errNotFound("Function not found: " + arn)
}

func errInvalidParam(msg string) *Error {
	return &Error{Code: "InvalidParameterValueException", Status: 400, Message: msg}
}

// errInvalidParamNoType is an InvalidParameterValueException without the
// Type key, as Lambda sends for its concurrency-limit errors.
func errInvalidParamNoType(msg string) *Error {
	return &Error{Code: "InvalidParameterValueException", Status: 400, Message: msg, NoType: true}
}

func errConflict(msg string) *Error {
	return &Error{Code: "ResourceConflictException", Status: 409, Message: msg}
}

func errPrecondition() *Error {
	return &Error{Code: "PreconditionFailedException", Status: 412,
		Message: "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id"}
}

// errValidation is a one-violation ValidationException (no Type), worded
// as fakelambda's validation accumulator words it.
func errValidation(violation string) *Error {
	return &Error{Code: "ValidationException", Status: 400, NoType: true,
		Message: "1 validation error detected: " + violation}
}

// errUnqualifiedOnly is Lambda's answer when a function-level operation
// gets a version or alias.
func errUnqualifiedOnly() *Error {
	return errInvalidParam("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
}

// checkRevision compares a given RevisionId with the current one.
func checkRevision(given *string, current string) *Error {
	if given != nil && *given != "" && *given != current {
		return errPrecondition()
	}
	return nil
}

package fakelambda

import (
	"errors"
	"fmt"
	"strings"
)

// APIError is a Lambda error answered on the wire: the status code, the
// X-Amzn-Errortype header and a JSON body with the keys real Lambda uses for
// that error shape. Return one from a Fault to make a call fail the way
// Lambda fails it; the SDK then decodes it into its own typed error (for
// example *types.TooManyRequestsException).
type APIError struct {
	// Code is the error code sent in X-Amzn-Errortype, e.g.
	// "TooManyRequestsException" or "ServiceException".
	Code string
	// StatusCode is the HTTP status. Zero means the status Lambda uses for
	// Code (429 for TooManyRequestsException, 409 for
	// ResourceConflictException, ...; 400 for codes the fake does not know).
	StatusCode int
	// Message is the error message. It is sent under "message" or "Message",
	// whichever key Lambda uses for Code.
	Message string
	// Type is the body's "Type" member, "User" or "Service". Empty omits it, as
	// Lambda does for some limit errors.
	Type string
	// Reason is the ThrottleReason of a TooManyRequestsException, e.g.
	// "ReservedFunctionConcurrentInvocationLimitExceeded".
	Reason string
	// RetryAfter, when > 0, is sent as the Retry-After header (seconds).
	RetryAfter int
}

// Error returns "Code: Message".
func (e *APIError) Error() string {
	return e.Code + ": " + e.Message
}

// status is the HTTP status the error is answered with.
func (e *APIError) status() int {
	if e.StatusCode != 0 {
		return e.StatusCode
	}
	if s, ok := errorStatus[e.Code]; ok {
		return s
	}
	return 400
}

// Throttled returns the 429 TooManyRequestsException Lambda answers when a
// caller exceeds a rate, with Type "User", message "Rate exceeded" and the
// given ThrottleReason (e.g. "CallerRateLimitExceeded",
// "ConcurrentInvocationLimitExceeded"). The SDK retries it.
func Throttled(reason string) *APIError {
	return &APIError{Code: "TooManyRequestsException", StatusCode: 429, Message: "Rate exceeded", Type: "User", Reason: reason}
}

// ServiceError returns a 500 ServiceException with Type "Service" and the
// given message. The SDK retries it.
func ServiceError(message string) *APIError {
	return &APIError{Code: "ServiceException", StatusCode: 500, Message: message, Type: "Service"}
}

// ErrConnectionReset, as a Fault's Err, drops the connection instead of
// answering. In-process (middleware) the SDK sees a retryable transport error;
// over HTTP the server closes the connection without a response.
var ErrConnectionReset = errors.New("fakelambda: connection reset by the fake")

// errorStatus is the HTTP status of each Lambda error code (botocore model).
var errorStatus = map[string]int{
	"InvalidParameterValueException":                            400,
	"InvalidRequestContentException":                            400,
	"AliasLimitExceededException":                               400,
	"CodeStorageExceededException":                              400,
	"CodeVerificationFailedException":                           400,
	"InvalidCodeSignatureException":                             400,
	"PolicyLengthExceededException":                             400,
	"ModeNotSupportedException":                                 400,
	"NoPublishedVersionException":                               400,
	"PublicPolicyException":                                     400,
	"RecursiveInvocationException":                              400,
	"ResourceInUseException":                                    400,
	"SnapStartException":                                        400,
	"CallbackTimeoutException":                                  400,
	"CapacityProviderLimitExceededException":                    400,
	"FunctionVersionsPerCapacityProviderLimitExceededException": 400,
	"ValidationException":                                       400,
	"ServiceQuotaExceededException":                             402,
	"AccessDeniedException":                                     403,
	"EFSMountFailureException":                                  403,
	"S3FilesMountFailureException":                              403,
	"ResourceNotFoundException":                                 404,
	"CodeSigningConfigNotFoundException":                        404,
	"ProvisionedConcurrencyConfigNotFoundException":             404,
	"EFSMountConnectivityException":                             408,
	"EFSMountTimeoutException":                                  408,
	"SnapStartTimeoutException":                                 408,
	"S3FilesMountConnectivityException":                         408,
	"S3FilesMountTimeoutException":                              408,
	"ResourceConflictException":                                 409,
	"CodeArtifactUserDeletedException":                          409,
	"CodeArtifactUserFailedException":                           409,
	"CodeArtifactUserPendingException":                          409,
	"SnapStartNotReadyException":                                409,
	"SnapStartRegenerationFailureException":                     409,
	"DurableExecutionAlreadyStartedException":                   409,
	"EFSIOException":                                            410,
	"PreconditionFailedException":                               412,
	"RequestTooLargeException":                                  413,
	"RequestEntityTooLargeException":                            413,
	"SerializedRequestEntityTooLargeException":                  413,
	"UnsupportedMediaTypeException":                             415,
	"TooManyRequestsException":                                  429,
	"ServiceException":                                          500,
	"ResourceNotReadyException":                                 502,
	"EC2AccessDeniedException":                                  502,
	"EC2ThrottledException":                                     502,
	"EC2UnexpectedException":                                    502,
	"ENILimitReachedException":                                  502,
	"ENINotReadyException":                                      502,
	"InvalidRuntimeException":                                   502,
	"InvalidSecurityGroupIDException":                           502,
	"InvalidSubnetIDException":                                  502,
	"InvalidZipFileException":                                   502,
	"KMSAccessDeniedException":                                  502,
	"KMSDisabledException":                                      502,
	"KMSInvalidStateException":                                  502,
	"KMSNotFoundException":                                      502,
	"SubnetIPAddressLimitReachedException":                      502,
}

// capitalMessage lists the error shapes whose message member is "Message";
// every other shape uses "message" (botocore member names, matching the
// bodies recorded against real Lambda).
var capitalMessage = map[string]bool{
	"ResourceNotFoundException":               true,
	"ServiceException":                        true,
	"CodeSigningConfigNotFoundException":      true,
	"CodeVerificationFailedException":         true,
	"InvalidCodeSignatureException":           true,
	"EC2AccessDeniedException":                true,
	"EC2ThrottledException":                   true,
	"EC2UnexpectedException":                  true,
	"ENILimitReachedException":                true,
	"ENINotReadyException":                    true,
	"KMSAccessDeniedException":                true,
	"KMSDisabledException":                    true,
	"KMSInvalidStateException":                true,
	"KMSNotFoundException":                    true,
	"EFSIOException":                          true,
	"EFSMountConnectivityException":           true,
	"EFSMountFailureException":                true,
	"EFSMountTimeoutException":                true,
	"InvalidRuntimeException":                 true,
	"InvalidSecurityGroupIDException":         true,
	"InvalidSubnetIDException":                true,
	"InvalidZipFileException":                 true,
	"SnapStartException":                      true,
	"SnapStartNotReadyException":              true,
	"SnapStartTimeoutException":               true,
	"SnapStartRegenerationFailureException":   true,
	"S3FilesMountConnectivityException":       true,
	"S3FilesMountFailureException":            true,
	"S3FilesMountTimeoutException":            true,
	"ServiceQuotaExceededException":           true,
	"RecursiveInvocationException":            true,
	"NoPublishedVersionException":             true,
	"ResourceInUseException":                  true,
	"PublicPolicyException":                   true,
	"SubnetIPAddressLimitReachedException":    true,
	"DurableExecutionAlreadyStartedException": true,
	"CallbackTimeoutException":                true,
}

// body is the JSON object the error is answered with.
func (e *APIError) body() map[string]string {
	b := make(map[string]string, 3)
	switch {
	case e.Message == "":
		// No message member at all (CreateFunction's AccessDeniedException:
		// TestLambdaFunction::test_function_arns function_arn_other_account_exc).
	case capitalMessage[e.Code]:
		b["Message"] = e.Message
	default:
		b["message"] = e.Message
	}
	if e.Type != "" {
		b["Type"] = e.Type
	}
	if e.Reason != "" {
		b["Reason"] = e.Reason
	}
	return b
}

// The constructors below build the errors the wire layer answers with (the
// state machine's are in internal/state/errors.go). Their messages are
// Lambda's, verbatim (see shared/reference).

func errNotFound(msg string) *APIError {
	return &APIError{Code: "ResourceNotFoundException", StatusCode: 404, Message: msg, Type: "User"}
}

func errFunctionNotFound(arn string) *APIError {
	return errNotFound("Function not found: " + arn)
}

func errInvalidParam(msg string) *APIError {
	return &APIError{Code: "InvalidParameterValueException", StatusCode: 400, Message: msg, Type: "User"}
}

func errBadContent(msg string) *APIError {
	return &APIError{Code: "InvalidRequestContentException", StatusCode: 400, Message: msg, Type: "User"}
}

func errTooLarge(code string, limit int, op string) *APIError {
	return &APIError{Code: code, StatusCode: 413, Type: "User",
		Message: fmt.Sprintf("Request must be smaller than %d bytes for the %s operation", limit, op)}
}

// validation collects Coral-style constraint violations and answers them as
// one ValidationException: "1 validation error detected: ...", or
// "N validation errors detected: a; b".
type validation []string

func (v *validation) add(format string, args ...any) {
	*v = append(*v, fmt.Sprintf(format, args...))
}

// pattern records a value that fails a regular expression.
func (v *validation) pattern(field, value, pat string) {
	v.add("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", value, field, pat)
}

// maxLen records a value longer than n.
func (v *validation) maxLen(field, value string, n int) {
	v.add("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", value, field, n)
}

// minLen records a value shorter than n.
func (v *validation) minLen(field, value string, n int) {
	v.add("Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", value, field, n)
}

// text checks a string member: its length within minLen..maxLen, then its
// pattern (matches), recording the first violation as Lambda reports it.
func (v *validation) text(field, value string, minLen, maxLen int, pattern string, matches func(string) bool) {
	switch {
	case len(value) < minLen:
		v.minLen(field, value, minLen)
	case len(value) > maxLen:
		v.maxLen(field, value, maxLen)
	case !matches(value):
		v.pattern(field, value, pattern)
	}
}

// atLeast records a number below min.
func (v *validation) atLeast(field string, value int64, min int64) {
	v.add("Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %d", value, field, min)
}

// atMost records a number above max.
func (v *validation) atMost(field string, value int64, max int64) {
	v.add("Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", value, field, max)
}

// required records a missing member.
func (v *validation) required(field string) {
	v.add("Value null at '%s' failed to satisfy constraint: Member must not be null", field)
}

// enum records a value outside an enum.
func (v *validation) enum(field, value string, values ...string) {
	v.add("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", value, field, strings.Join(values, ", "))
}

// err returns the ValidationException, or nil when nothing was recorded.
func (v validation) err() *APIError {
	if len(v) == 0 {
		return nil
	}
	noun := "error"
	if len(v) > 1 {
		noun = "errors"
	}
	return &APIError{Code: "ValidationException", StatusCode: 400,
		Message: fmt.Sprintf("%d validation %s detected: %s", len(v), noun, strings.Join(v, "; "))}
}

package fakelambda

import (
	"regexp"
	"strings"

	apimodel "github.com/fakeaws/lambda/fakelambda/internal/model"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Patterns of the botocore Lambda model, as printed in ValidationException
// messages.
const (
	functionNamePattern           = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
	namespacedFunctionNamePattern = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`
	pcQualifierPattern            = `(|[a-zA-Z0-9$_-]+)`
	invokeQualifierPattern        = `\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`
	aliasPattern                  = `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`
	versionPattern                = `(\$LATEST(\.PUBLISHED)?|[0-9]+)`
	rolePattern                   = `arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`
)

// nameRE parses every FunctionName form into its parts. It accepts the union
// of the FunctionName and NamespacedFunctionName patterns; the stricter
// per-shape checks are done by validateFunctionName.
var nameRE = regexp.MustCompile(`^(?:arn:(aws[a-zA-Z-]*)?:lambda:)?((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d:)?(\d{12}:)?(function:)?([a-zA-Z0-9\-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?$`)

var (
	functionNameRE   = regexp.MustCompile(`^(?:` + functionNamePattern + `)$`)
	namespacedNameRE = regexp.MustCompile(`^(?:` + namespacedFunctionNamePattern + `)$`)
	pcQualifierRE    = regexp.MustCompile(`^[a-zA-Z0-9$_-]+$`)
	invokeQualRE     = regexp.MustCompile(`^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_$]+)$`)
	aliasNameRE      = regexp.MustCompile(`^[a-zA-Z0-9\-_]+$`)
	versionRE        = regexp.MustCompile(`^(?:\$LATEST(?:\.PUBLISHED)?|[0-9]+)$`)
	roleRE           = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`)
)

// fnRef is a parsed FunctionName: a bare name, "name:qualifier", a partial
// ARN ("123456789012:function:name") or a full ARN, each maybe qualified.
type fnRef struct {
	Name      string
	Qualifier string // "" when the name carries none
	Region    string // "" unless given
	Account   string // "" unless given
}

// parseFunctionName splits s into its parts. ok is false when s matches no
// FunctionName form.
func parseFunctionName(s string) (ref fnRef, ok bool) {
	if plainName(s, true) {
		return fnRef{Name: s}, true // the common case, without the regexp
	}
	m := nameRE.FindStringSubmatch(s)
	if m == nil {
		return fnRef{}, false
	}
	ref = fnRef{Name: m[5], Qualifier: m[6]}
	ref.Region = strings.TrimSuffix(m[2], ":")
	ref.Account = strings.TrimSuffix(m[3], ":")
	return ref, true
}

// plainName reports whether s is a bare function name: non-empty, only
// [a-zA-Z0-9-_] (and '.' when dot). Such a name matches every FunctionName
// pattern as the name alone, so callers can skip the regexps.
func plainName(s string, dot bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || dot && c == '.') {
			return false
		}
	}
	return true
}

// nameShape says which model shape an operation's FunctionName has.
type nameShape int

const (
	shapeFunctionName   nameShape = iota // FunctionName: 1..140
	shapeNamespacedName                  // NamespacedFunctionName: 1..256, dots allowed
)

// validateFunctionName checks s against the shape's length and pattern,
// recording violations in v. It returns the parsed name when s is valid.
func validateFunctionName(v *validation, s string, shape nameShape) (fnRef, bool) {
	max, pat, re := 140, functionNamePattern, functionNameRE
	if shape == shapeNamespacedName {
		max, pat, re = 256, namespacedFunctionNamePattern, namespacedNameRE
	}
	n := len(*v)
	if len(s) < 1 {
		v.minLen("functionName", s, 1)
	}
	if len(s) > max {
		v.maxLen("functionName", s, max)
	}
	// A NamespacedFunctionName's "$latest" qualifier in any case is taken
	// (see apimodel.FoldLatest), kept as written: it names no version.
	folded := s
	if shape == shapeNamespacedName {
		folded = apimodel.FoldLatest(s)
	}
	if !plainName(s, shape == shapeNamespacedName) && !re.MatchString(folded) {
		v.pattern("functionName", s, pat)
	}
	if len(*v) > n {
		return fnRef{}, false
	}
	ref, ok := parseFunctionName(folded)
	if !ok {
		v.pattern("functionName", s, pat)
		return fnRef{}, false
	}
	if folded != s {
		ref.Qualifier = s[len(s)-len("$LATEST"):]
	}
	return ref, true
}

// foreignRef returns the error Lambda answers for an ARN of another region or
// account than the request's, or nil when ref points at the request's region
// and account.
func foreignRef(rq *request, ref fnRef) *APIError {
	if ref.Region != "" && ref.Region != rq.region {
		return errNotFound("Functions from '" + ref.Region + "' are not reachable in this region ('" + rq.region + "')")
	}
	if ref.Account != "" && ref.Account != rq.account {
		if rq.op == OpCreateFunction {
			// Creating in another account is not allowed, and said without a
			// message (TestLambdaFunction::test_function_arns
			// function_arn_other_account_exc).
			return &APIError{Code: "AccessDeniedException", StatusCode: 403}
		}
		region := rq.region
		arn := "arn:" + state.Partition(region) + ":lambda:" + region + ":" + ref.Account + ":function:" + ref.Name
		if ref.Qualifier != "" {
			arn += ":" + ref.Qualifier
		}
		return errFunctionNotFound(arn)
	}
	return nil
}

// mergeQualifier combines the qualifier in the name with the Qualifier
// parameter: they must agree when both are given.
func mergeQualifier(ref fnRef, param string) (string, *APIError) {
	if ref.Qualifier != "" && param != "" && ref.Qualifier != param {
		return "", errInvalidParam("The derived qualifier from the function name does not match the specified qualifier.")
	}
	if param != "" {
		return param, nil
	}
	return ref.Qualifier, nil
}

// isVersionNumber reports whether q looks like a published version number.
func isVersionNumber(q string) bool { return state.IsVersionNumber(q) }

// splitTarget turns a user's function argument (name, ARN, or either with
// ":qualifier") and qualifier into a function name and qualifier; an explicit
// qualifier wins over one in the name.
func splitTarget(function, qualifier string) (name, qual string) {
	_, _, name, qual = scopeOf(function, qualifier, "", "")
	return name, qual
}

package state

// Lookup says how Resolve treats a qualifier and words what is missing, for
// the operations that differ.
type Lookup struct {
	// Unqualified refuses a qualifier: the operation acts on the function
	// itself ("This operation is permitted on Lambda functions only...").
	Unqualified bool
	// MissingQualifier, when no qualifier was given, is appended to the ARN
	// in "Function not found" ("$LATEST" for the reserved-concurrency
	// operations and Invoke).
	MissingQualifier string
	// Published refuses $LATEST with this InvalidParameterValueException
	// message, before looking the function up, and reports a missing alias
	// as "Cannot find alias arn: ..." (provisioned concurrency).
	Published string
	// Invoke resolves an invocation: unqualified, it runs $LATEST, or
	// $LATEST.PUBLISHED for a function bound to a capacity provider (whose
	// $LATEST is ActiveNonInvocable).
	Invoke bool
}

// LatestPublished is the pseudo-version qualifier naming a function's
// newest published version (PublishTo LATEST_PUBLISHED).
const LatestPublished = "$LATEST.PUBLISHED"

// Target is a resolved function and qualifier.
type Target struct {
	Function  string // the function's name
	Qualifier string // as given: "" (unqualified), "$LATEST", "$LATEST.PUBLISHED", a version or an alias
	// Version is the version the qualifier designates: "$LATEST" when
	// unqualified, the alias's version for an alias, the newest published
	// version for $LATEST.PUBLISHED.
	Version string
	Alias   bool // the qualifier names an alias
}

// ARN is the target's ARN: qualified when a qualifier was given.
func (r *Region) ARN(t Target) string { return r.QualifiedARN(t.Function, t.Qualifier) }

// Resolve finds function name and the version or alias qualifier names,
// answering Lambda's errors for what is missing, as l says. It is the one
// qualifier resolution every operation uses.
func (r *Region) Resolve(name, qualifier string, l Lookup) (Target, *Error) {
	_, t, e := r.resolve(name, qualifier, l)
	return t, e
}

// resolve is Resolve, also returning the function.
func (r *Region) resolve(name, q string, l Lookup) (*function, Target, *Error) {
	if l.Unqualified && q != "" {
		return nil, Target{}, errUnqualifiedOnly()
	}
	if l.Published != "" && q == "$LATEST" {
		return nil, Target{}, errInvalidParam(l.Published)
	}
	fn := r.functions[name]
	if l.Invoke && q == "" {
		q = "$LATEST"
		if fn != nil && fn.latest.cfg.CapacityProviderConfig != nil {
			q = LatestPublished
		}
	}
	if fn == nil {
		if q == "" {
			return nil, Target{}, errFunctionNotFound(r.QualifiedARN(name, l.MissingQualifier))
		}
		return nil, Target{}, r.missing(name, q, l)
	}
	t := Target{Function: name, Qualifier: q, Version: q}
	switch {
	case q == "":
		t.Version = "$LATEST"
	case q == "$LATEST":
	case q == LatestPublished:
		if t.Version = fn.latestPublished(); t.Version == "" {
			return nil, Target{}, errFunctionNotFound(r.QualifiedARN(name, q))
		}
	case isVersionNumber(q):
		if fn.versions[q] == nil {
			return nil, Target{}, r.missing(name, q, l)
		}
	default:
		a := fn.aliases[q]
		if a == nil {
			return nil, Target{}, r.missing(name, q, l)
		}
		t.Alias, t.Version = true, a.version
	}
	return fn, t, nil
}

// missing is the error for a missing version or alias q of name.
func (r *Region) missing(name, q string, l Lookup) *Error {
	if l.Published != "" && !isVersionNumber(q) {
		return errNotFound("Cannot find alias arn: " + r.QualifiedARN(name, q))
	}
	return errFunctionNotFound(r.QualifiedARN(name, q))
}

// function finds an existing function, unqualified; a missing one is
// reported with its ARN and, when set, ":"+missingQualifier.
func (r *Region) function(name, qualifier, missingQualifier string) (*function, *Error) {
	fn, _, e := r.resolve(name, qualifier, Lookup{Unqualified: true, MissingQualifier: missingQualifier})
	return fn, e
}

// IsVersionNumber reports whether q looks like a published version number.
func IsVersionNumber(q string) bool { return isVersionNumber(q) }

func isVersionNumber(q string) bool {
	for i := 0; i < len(q); i++ {
		if q[i] < '0' || q[i] > '9' {
			return false
		}
	}
	return q != "" // ^[0-9]+$, without the regexp: this runs several times a call
}

// latestPublished is the version $LATEST.PUBLISHED names: fn's newest
// published version, "" when it has none.
func (fn *function) latestPublished() string {
	newest := ""
	for v := range fn.versions {
		if newest == "" || versionLess(newest, v) {
			newest = v
		}
	}
	return newest
}

package state

import (
	"sort"
	"strconv"
	"time"
)

// Asynchronous invocation configurations (Put/Update/Get/Delete/
// ListFunctionEventInvokeConfigs): one per function scope, "$LATEST" (an
// unqualified name means $LATEST), a published version or an alias. Put
// replaces a scope's config whole, Update merges into an existing one;
// PublishVersion copies nothing. The async queue (package fakelambda) reads
// the config of the scope an event was invoked with.
//
// Cascades: DeleteFunction drops every config of the function, deleting a
// version or an alias drops that scope's (dropEventInvokeConfigs, called
// where those deletions happen). Reset forgets them with the Store.

// EventInvokeConfig is one scope's config, as a copy. Nil members were not
// set (Lambda leaves them out of its answers); Destination members are ""
// when that side has no destination.
type EventInvokeConfig struct {
	Qualifier                string // "$LATEST", a version or an alias
	MaximumRetryAttempts     *int
	MaximumEventAgeInSeconds *int
	// HasDestinationConfig says DestinationConfig was given (Put with
	// {"OnSuccess":{}} counts as a destination setting).
	HasDestinationConfig bool
	OnSuccess, OnFailure string
	LastModified         time.Time
}

func (c EventInvokeConfig) clone() EventInvokeConfig {
	if c.MaximumRetryAttempts != nil {
		n := *c.MaximumRetryAttempts
		c.MaximumRetryAttempts = &n
	}
	if c.MaximumEventAgeInSeconds != nil {
		n := *c.MaximumEventAgeInSeconds
		c.MaximumEventAgeInSeconds = &n
	}
	return c
}

// errNoFunction is the 404 of Put, Update and List for a missing function,
// version or alias (recorded: put_functionname_name_notfound,
// put_alias_doesnotexist, update_eventinvokeconfig_function_doesnotexist,
// list_function_doesnotexist).
func errNoFunction() *Error { return errNotFound("The function doesn't exist.") }

// errNoEventInvokeConfig is Get's, Delete's and Update's 404 when the scope
// has no config (or, for Get and Delete, does not exist at all).
func (r *Region) errNoEventInvokeConfig(name, scope string) *Error {
	return errNotFound("The function " + r.QualifiedARN(name, scope) + " doesn't have an EventInvokeConfig")
}

// eicScope is the scope a qualifier names: "$LATEST" when unqualified.
func eicScope(q string) string {
	if q == "" {
		return "$LATEST"
	}
	return q
}

// eicScopeExists reports whether function name exists with scope.
func (r *Region) eicScopeExists(name, scope string) bool {
	fn := r.functions[name]
	switch {
	case fn == nil:
		return false
	case scope == "$LATEST":
		return true
	case isVersionNumber(scope):
		return fn.versions[scope] != nil
	default:
		return fn.aliases[scope] != nil
	}
}

// PutEventInvokeConfig stores c as the config of name's scope q (Put:
// replacing it whole) or, with merge, merges c's set members into the
// existing config (Update: 404 when there is none). The caller has
// checked that c sets something and validated its destinations.
func (r *Region) PutEventInvokeConfig(name, q string, c EventInvokeConfig, merge bool, now time.Time) (EventInvokeConfig, *Error) {
	scope := eicScope(q)
	if !r.eicScopeExists(name, scope) {
		return EventInvokeConfig{}, errNoFunction()
	}
	old := r.eics[name][scope]
	if merge {
		if old == nil {
			return EventInvokeConfig{}, r.errNoEventInvokeConfig(name, scope)
		}
		next := old.clone()
		if c.MaximumRetryAttempts != nil {
			next.MaximumRetryAttempts = c.MaximumRetryAttempts
		}
		if c.MaximumEventAgeInSeconds != nil {
			next.MaximumEventAgeInSeconds = c.MaximumEventAgeInSeconds
		}
		if c.HasDestinationConfig {
			next.HasDestinationConfig, next.OnSuccess, next.OnFailure = true, c.OnSuccess, c.OnFailure
		}
		c = next
	}
	c = c.clone()
	c.Qualifier = scope
	c.LastModified = now
	if r.eics == nil {
		r.eics = map[string]map[string]*EventInvokeConfig{}
	}
	if r.eics[name] == nil {
		r.eics[name] = map[string]*EventInvokeConfig{}
	}
	r.eics[name][scope] = &c
	return c.clone(), nil
}

// GetEventInvokeConfig returns the config of name's scope q.
func (r *Region) GetEventInvokeConfig(name, q string) (EventInvokeConfig, *Error) {
	scope := eicScope(q)
	c := r.eics[name][scope]
	if c == nil {
		return EventInvokeConfig{}, r.errNoEventInvokeConfig(name, scope)
	}
	return c.clone(), nil
}

// EventInvokeConfigFor is the config governing an async event of function
// name invoked with qualifier q, and whether there is one.
func (r *Region) EventInvokeConfigFor(name, q string) (EventInvokeConfig, bool) {
	c := r.eics[name][eicScope(q)]
	if c == nil {
		return EventInvokeConfig{}, false
	}
	return c.clone(), true
}

// DeleteEventInvokeConfig deletes the config of name's scope q.
func (r *Region) DeleteEventInvokeConfig(name, q string) *Error {
	scope := eicScope(q)
	if r.eics[name][scope] == nil {
		return r.errNoEventInvokeConfig(name, scope)
	}
	r.dropEventInvokeConfigs(name, scope, false)
	return nil
}

// EventInvokeConfigs lists the configs of function name: $LATEST's, the
// versions' in ascending order, then the aliases' by name.
func (r *Region) EventInvokeConfigs(name string) ([]EventInvokeConfig, *Error) {
	if r.functions[name] == nil {
		return nil, errNoFunction()
	}
	out := make([]EventInvokeConfig, 0, len(r.eics[name]))
	for _, c := range r.eics[name] {
		out = append(out, c.clone())
	}
	sort.Slice(out, func(i, j int) bool {
		return EventInvokeConfigKey(out[i].Qualifier) < EventInvokeConfigKey(out[j].Qualifier)
	})
	return out, nil
}

// EventInvokeConfigKey orders scopes as ListFunctionEventInvokeConfigs
// lists them: $LATEST, versions by number, aliases by name.
func EventInvokeConfigKey(scope string) string {
	switch {
	case scope == "$LATEST":
		return "0"
	case isVersionNumber(scope):
		n, _ := strconv.ParseUint(scope, 10, 64)
		return "1" + strconv.FormatUint(n+1e15, 10)
	}
	return "2" + scope
}

// HasFunction reports whether function name exists.
func (r *Region) HasFunction(name string) bool { return r.functions[name] != nil }

// dropEventInvokeConfigs is the cascade of a deletion: every config of
// function name, or only scope q's.
func (r *Region) dropEventInvokeConfigs(name, q string, all bool) {
	m := r.eics[name]
	if m == nil {
		return
	}
	if all {
		delete(r.eics, name)
		return
	}
	delete(m, q)
	if len(m) == 0 {
		delete(r.eics, name)
	}
}

// checkEventInvokeConfigs reports a config whose scope no longer exists (a
// missed cascade).
func (r *Region) checkEventInvokeConfigs() string {
	for name, m := range r.eics {
		for q := range m {
			if !r.eicScopeExists(name, q) {
				return "event invoke config of deleted " + name + ":" + q
			}
		}
	}
	return ""
}

package state

import (
	"crypto/sha256"
	"sort"
	"time"
)

// Function URLs: one URL config per function scope, the function itself
// ($LATEST implicitly, scope "") or an alias (never a version or an
// explicit $LATEST: the operations' Qualifier pattern refuses those before
// this file is reached). Each config has its URL id, 32 characters
// [a-z0-9], derived from the store's deterministic ids, so the same seed
// gives the same URLs; deleting and re-creating a config gives a new one.
//
// Cascades: DeleteFunction drops every URL config of the function
// (dropURLs, called there). Deleting an alias keeps its URL config, as
// Lambda does (TestLambdaURL::test_lambda_url_persists_after_alias_delete:
// the URL then answers 403 Forbidden, not the unknown-URL 403); it works
// again if the alias is created again. Reset forgets them with the Store.

// Cors is a URL config's CORS settings, as given (nil members absent).
type Cors struct {
	AllowCredentials *bool
	AllowHeaders     []string
	AllowMethods     []string
	AllowOrigins     []string
	ExposeHeaders    []string
	MaxAge           *int
}

func (c *Cors) copy() *Cors {
	if c == nil {
		return nil
	}
	out := *c
	out.AllowHeaders = append([]string(nil), c.AllowHeaders...)
	out.AllowMethods = append([]string(nil), c.AllowMethods...)
	out.AllowOrigins = append([]string(nil), c.AllowOrigins...)
	out.ExposeHeaders = append([]string(nil), c.ExposeHeaders...)
	if c.AllowCredentials != nil {
		b := *c.AllowCredentials
		out.AllowCredentials = &b
	}
	if c.MaxAge != nil {
		n := *c.MaxAge
		out.MaxAge = &n
	}
	return &out
}

// URLConfig is a function URL's configuration, as a copy.
type URLConfig struct {
	Function  string // the function's name
	Qualifier string // "" (the function) or an alias
	ID        string // the url-id: https://<ID>.lambda-url.<region>.on.aws/
	AuthType  string // "NONE" or "AWS_IAM"
	Cors      *Cors  // nil when not configured
	// InvokeMode is "" until set: Create and Update answer it only when
	// set; Get and List answer "BUFFERED" for "".
	InvokeMode        string
	Created, Modified time.Time
	Account, Region   string
}

// URLInput is Create/UpdateFunctionUrlConfig's input; a nil member of an
// update leaves the setting as it is.
type URLInput struct {
	AuthType   *string
	Cors       *Cors
	InvokeMode *string
}

type urlConfig struct {
	id         string
	authType   string
	cors       *Cors
	invokeMode string
	created    time.Time
	modified   time.Time
}

func (r *Region) urlView(name, q string, u *urlConfig) URLConfig {
	return URLConfig{Function: name, Qualifier: q, ID: u.id, AuthType: u.authType, Cors: u.cors.copy(),
		InvokeMode: u.invokeMode, Created: u.created, Modified: u.modified, Account: r.account, Region: r.region}
}

func errURLFunctionMissing() *Error { return errNotFound("Function does not exist") }

func errURLMissing() *Error { return errNotFound("The resource you requested does not exist.") }

// urlScope checks that function name and its scope q exist; missing is the
// error for either (Create and Update: "Function does not exist"; Get and
// Delete: "The resource you requested does not exist.").
func (r *Region) urlScope(name, q string, missing func() *Error) *Error {
	fn := r.functions[name]
	if fn == nil {
		return missing()
	}
	if q != "" && fn.aliases[q] == nil {
		return missing()
	}
	return nil
}

// CreateURL creates the URL config of function name's scope q (""
// or an alias).
func (r *Region) CreateURL(name, q string, in URLInput, now time.Time) (URLConfig, *Error) {
	if e := r.urlScope(name, q, errURLFunctionMissing); e != nil {
		return URLConfig{}, e
	}
	if r.urls[name][q] != nil {
		// Recorded for the function's own URL; the alias's ARN for an
		// alias's is the fake's inference.
		return URLConfig{}, errConflict("Failed to create function url config for [functionArn = " + r.QualifiedARN(name, q) +
			"]. Error message:  FunctionUrlConfig exists for this Lambda function")
	}
	u := &urlConfig{id: r.newURLID(), cors: in.Cors.copy(), created: now, modified: now}
	if in.AuthType != nil {
		u.authType = *in.AuthType
	}
	if in.InvokeMode != nil {
		u.invokeMode = *in.InvokeMode
	}
	if r.urls == nil {
		r.urls = map[string]map[string]*urlConfig{}
	}
	if r.urls[name] == nil {
		r.urls[name] = map[string]*urlConfig{}
	}
	r.urls[name][q] = u
	return r.urlView(name, q, u), nil
}

// URL returns the URL config of function name's scope q.
func (r *Region) URL(name, q string) (URLConfig, *Error) {
	if e := r.urlScope(name, q, errURLMissing); e != nil {
		return URLConfig{}, e
	}
	u := r.urls[name][q]
	if u == nil {
		return URLConfig{}, errURLMissing()
	}
	return r.urlView(name, q, u), nil
}

// UpdateURL changes the settings given; Cors, when given, replaces the
// old one whole.
func (r *Region) UpdateURL(name, q string, in URLInput, now time.Time) (URLConfig, *Error) {
	if e := r.urlScope(name, q, errURLFunctionMissing); e != nil {
		return URLConfig{}, e
	}
	u := r.urls[name][q]
	if u == nil {
		return URLConfig{}, errURLMissing()
	}
	if in.AuthType != nil {
		u.authType = *in.AuthType
	}
	if in.Cors != nil {
		u.cors = in.Cors.copy()
	}
	if in.InvokeMode != nil {
		u.invokeMode = *in.InvokeMode
	}
	u.modified = now
	return r.urlView(name, q, u), nil
}

// DeleteURL deletes the URL config of function name's scope q only (the
// function's own leaves its aliases' alone).
func (r *Region) DeleteURL(name, q string) *Error {
	if e := r.urlScope(name, q, errURLMissing); e != nil {
		return e
	}
	if r.urls[name][q] == nil {
		return errURLMissing()
	}
	r.dropURLs(name, q, false)
	return nil
}

// URLs lists the URL configs of function name, the function's first, then
// its aliases' by name.
func (r *Region) URLs(name string) ([]URLConfig, *Error) {
	if r.functions[name] == nil {
		return nil, errURLFunctionMissing()
	}
	m := r.urls[name]
	qs := make([]string, 0, len(m))
	for q := range m {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	out := make([]URLConfig, 0, len(qs))
	for _, q := range qs {
		out = append(out, r.urlView(name, q, m[q]))
	}
	return out, nil
}

// dropURLs is the cascade of a deletion: every URL config of function
// name (all), or only scope q's.
func (r *Region) dropURLs(name, q string, all bool) {
	if all {
		delete(r.urls, name)
		return
	}
	if m := r.urls[name]; m != nil {
		delete(m, q)
		if len(m) == 0 {
			delete(r.urls, name)
		}
	}
}

// newURLID is a fresh url-id: 32 characters [a-z0-9], derived from the
// store's next id (deterministic for a seed), unique in the store.
func (r *Region) newURLID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	for {
		sum := sha256.Sum256([]byte(r.newID()))
		var b [32]byte
		for i := range b {
			b[i] = alphabet[int(sum[i])%len(alphabet)]
		}
		id := string(b[:])
		if _, _, ok := r.store.urlByID(id); !ok {
			return id
		}
	}
}

// urlByID finds the URL config with url-id id in any region of the store.
func (s *Store) urlByID(id string) (*Region, URLConfig, bool) {
	find := func(r *Region) (URLConfig, bool) {
		for name, m := range r.urls {
			for q, u := range m {
				if u.id == id {
					return r.urlView(name, q, u), true
				}
			}
		}
		return URLConfig{}, false
	}
	if s.first != nil {
		if c, ok := find(s.first); ok {
			return s.first, c, true
		}
	}
	for _, r := range s.regions {
		if c, ok := find(r); ok {
			return r, c, true
		}
	}
	return nil, URLConfig{}, false
}

// URLByID finds the URL config whose url-id is id, in whichever account and
// region it is, and that region's state.
func (s *Store) URLByID(id string) (*Region, URLConfig, bool) { return s.urlByID(id) }

// AliasExists reports whether function name has alias q.
func (r *Region) AliasExists(name, q string) bool {
	fn := r.functions[name]
	return fn != nil && fn.aliases[q] != nil
}

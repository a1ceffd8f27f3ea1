package fakelambda

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// WithCredentials makes the fake check every Lambda API request's AWS
// Signature Version 4, as Lambda does, against one access key ID and secret
// access key. Off by default: without it the fake accepts any signature or
// none. With it, an unsigned request gets 403 MissingAuthenticationTokenException,
// an unknown access key 403 UnrecognizedClientException, and a wrong
// signature 403 InvalidSignatureException, with AWS's messages. X-Amz-Date
// is not compared with the fake's clock, and session tokens are not checked.
// The control API (/_fakelambda/) then answers only callers on a loopback
// address (in-process calls count as local).
//
// middleware.Config signs with the access key "AKIDFAKELAMBDA" and secret
// "fakelambda-secret".
func WithCredentials(accessKeyID, secretAccessKey string) Option {
	return func(cfg *config) {
		cfg.credentials = &credentials{accessKeyID, secretAccessKey}
	}
}

type credentials struct{ accessKeyID, secret string }

const sigv4Algorithm = "AWS4-HMAC-SHA256"

func errMissingToken() *APIError {
	return &APIError{Code: "MissingAuthenticationTokenException", StatusCode: 403, Message: "Missing Authentication Token"}
}

func errUnrecognizedClient() *APIError {
	return &APIError{Code: "UnrecognizedClientException", StatusCode: 403, Message: "The security token included in the request is invalid."}
}

func errInvalidSignature(msg string) *APIError {
	return &APIError{Code: "InvalidSignatureException", StatusCode: 403, Message: msg}
}

func errIncompleteSignature(msg string) *APIError {
	return &APIError{Code: "IncompleteSignatureException", StatusCode: 403, Message: msg}
}

const badSignatureMessage = "The request signature we calculated does not match the signature you provided. " +
	"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

// authorization is a parsed SigV4 Authorization header.
type authorization struct {
	accessKeyID, date, region, service string
	signedHeaders                      []string
	signature                          string
}

func parseAuthorization(h string) (authorization, *APIError) {
	var a authorization
	rest, ok := strings.CutPrefix(h, sigv4Algorithm+" ")
	if !ok {
		return a, errIncompleteSignature("Authorization header requires the '" + sigv4Algorithm + "' algorithm. Authorization=" + h)
	}
	var cred, signed string
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			cred = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			a.signature = v
		}
	}
	var missing []string
	for _, p := range [][2]string{{"Credential", cred}, {"Signature", a.signature}, {"SignedHeaders", signed}} {
		if p[1] == "" {
			missing = append(missing, "Authorization header requires '"+p[0]+"' parameter.")
		}
	}
	if len(missing) > 0 {
		return a, errIncompleteSignature(strings.Join(missing, " ") + " Authorization=" + h)
	}
	scope := strings.Split(cred, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return a, errIncompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + cred + "'")
	}
	a.accessKeyID, a.date, a.region, a.service = scope[0], scope[1], scope[2], scope[3]
	a.signedHeaders = strings.Split(signed, ";")
	return a, nil
}

// verifySignature checks r's SigV4 signature when credentials are set. It
// reads the body to hash it and puts it back for the handler. region is the
// region the request was taken to belong to (scopeOf): a credential scope
// naming no valid region is refused.
func (f *Fake) verifySignature(r *http.Request, region string) *APIError {
	creds := f.cfg.credentials
	if creds == nil {
		return nil
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return errMissingToken()
	}
	a, e := parseAuthorization(h)
	if e != nil {
		return e
	}
	if a.accessKeyID != creds.accessKeyID {
		return errUnrecognizedClient()
	}
	if a.region != region {
		return errInvalidSignature("Credential should be scoped to a valid region. ")
	}
	if a.service != "lambda" {
		return errInvalidSignature("Credential should be scoped to correct service: 'lambda'. ")
	}
	amzDate := r.Header.Get("X-Amz-Date")
	if amzDate == "" {
		return errIncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + h)
	}

	// The payload hash is the body's own, whatever X-Amz-Content-Sha256 says.
	sum := sha256.New()
	if r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, codeBodyLimit+1))
		if err != nil {
			return errInvalidSignature(badSignatureMessage)
		}
		sum.Write(b)
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), r.Body))
	}
	payloadHash := hex.EncodeToString(sum.Sum(nil))

	var canon strings.Builder
	canon.WriteString(r.Method)
	canon.WriteByte('\n')
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	canon.WriteString(sigv4Escape(path, false))
	canon.WriteByte('\n')
	canon.WriteString(canonicalQuery(r.URL))
	canon.WriteByte('\n')
	for _, name := range a.signedHeaders {
		canon.WriteString(name)
		canon.WriteByte(':')
		canon.WriteString(headerValue(r, name))
		canon.WriteByte('\n')
	}
	canon.WriteByte('\n')
	canon.WriteString(strings.Join(a.signedHeaders, ";"))
	canon.WriteByte('\n')
	canon.WriteString(payloadHash)

	scope := a.date + "/" + a.region + "/" + a.service + "/aws4_request"
	creq := sha256.Sum256([]byte(canon.String()))
	toSign := sigv4Algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(creq[:])
	key := hmacSHA256([]byte("AWS4"+creds.secret), a.date)
	for _, s := range []string{a.region, a.service, "aws4_request"} {
		key = hmacSHA256(key, s)
	}
	want := hex.EncodeToString(hmacSHA256(key, toSign))
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(a.signature))) {
		return errInvalidSignature(badSignatureMessage)
	}
	return nil
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// headerValue is a signed header's canonical value, as the SDK computes it:
// runs of spaces collapsed, values trimmed, several values joined by ",". Host and
// Content-Length live outside r.Header on a server-side request.
func headerValue(r *http.Request, name string) string {
	switch name {
	case "host":
		if r.Host != "" {
			return collapseSpaces(r.Host)
		}
		return collapseSpaces(r.URL.Host)
	case "content-length":
		if v := r.Header.Get("Content-Length"); v != "" {
			return strings.TrimSpace(v)
		}
		return strconv.FormatInt(r.ContentLength, 10)
	}
	vs := r.Header.Values(name)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.TrimSpace(collapseSpaces(v))
	}
	return strings.Join(out, ",")
}

// collapseSpaces trims spaces (only ' ', as SigV4's Trimall and the SDK do;
// not tabs or other whitespace) at both ends and turns each inner run of
// spaces into one.
func collapseSpaces(v string) string {
	v = strings.Trim(v, " ")
	if !strings.Contains(v, "  ") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// canonicalQuery is the query with every name and value RFC 3986 encoded
// (spaces as %20), sorted by encoded name, then encoded value, as SigV4
// specifies.
func canonicalQuery(u *url.URL) string {
	type param struct{ k, v string }
	var ps []param
	for k, vs := range u.Query() {
		ek := sigv4Escape(k, true)
		for _, v := range vs {
			ps = append(ps, param{ek, sigv4Escape(v, true)})
		}
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].k != ps[j].k {
			return ps[i].k < ps[j].k
		}
		return ps[i].v < ps[j].v
	})
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// sigv4Escape percent-encodes everything but RFC 3986 unreserved characters
// (and "/" unless encodeSep), as the SDK does to the already escaped path.
func sigv4Escape(s string, encodeSep bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && !encodeSep {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}

// controlAllowed reports whether r may use the control API: always without
// credentials; with them, only from loopback (or in-process, no address).
func (f *Fake) controlAllowed(r *http.Request) bool {
	if f.cfg.credentials == nil || r.RemoteAddr == "" {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

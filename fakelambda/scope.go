package fakelambda

import (
	"net/http"
	"strings"
)

// Regions and accounts. A request belongs to the region of its SigV4
// credential scope, so a client configured for eu-west-1 sees eu-west-1's
// ARNs and resources; an unsigned request (or one whose scope names no valid
// region) belongs to the fake's region (WithRegion). An access key id of
// twelve digits selects that account, as LocalStack does; any other key
// belongs to the fake's account (WithAccountID). State is kept per account
// and region.

// scopeOf returns the account and region r belongs to. It reads the
// Authorization header without verifying it (WithCredentials does that).
func (f *Fake) scopeOf(r *http.Request) (account, region string) {
	account, region = f.cfg.accountID, f.cfg.region
	h := r.Header.Get("Authorization")
	if h == "" {
		return account, region
	}
	_, cred, ok := strings.Cut(h, "Credential=")
	if !ok {
		return account, region
	}
	if i := strings.IndexAny(cred, ", "); i >= 0 {
		cred = cred[:i]
	}
	// keyid/date/region/service/aws4_request
	key, rest, _ := strings.Cut(cred, "/")
	_, rest, _ = strings.Cut(rest, "/")
	reg, _, _ := strings.Cut(rest, "/")
	if reg == region || validRegion(reg) {
		region = reg
	}
	if isAccountID(key) {
		account = key
	}
	return account, region
}

// isAccountID reports whether s is twelve digits.
func isAccountID(s string) bool {
	return len(s) == 12 && isVersionNumber(s)
}

// validRegion reports whether s looks like a region name (the model's
// region pattern), so that it can stand in ARNs.
func validRegion(s string) bool {
	return s != "" && regexpRegion.MatchString(s)
}

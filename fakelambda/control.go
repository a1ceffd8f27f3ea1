package fakelambda

import (
	"net/http"
	"strings"
)

// controlPrefix is where the control API lives.
const controlPrefix = "/_fakelambda/"

func isControlPath(p string) bool { return strings.HasPrefix(p, controlPrefix) }

// serveControl answers the control API.
func (f *Fake) serveControl(w http.ResponseWriter, r *http.Request) {
	http.Error(w, `{"message":"control API: not found"}`, http.StatusNotFound)
}

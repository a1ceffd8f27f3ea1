package fakelambda

import "net/http/httptest"

// TB is the part of testing.TB that NewServer needs; *testing.T and
// *testing.B fit.
type TB interface {
	Helper()
	Cleanup(func())
}

// Server is a started httptest.Server on 127.0.0.1 serving a Fake. Point a
// client at URL (lambda.Options.BaseEndpoint). Test cleanup closes it.
type Server struct {
	*httptest.Server
	// Fake is the fake the server serves.
	Fake *Fake
}

// NewServer starts a Fake with opts on a loopback httptest server and closes
// it when tb's test ends. Use it for HTTP-level tests and non-Go clients;
// in-process tests are faster with the middleware package. An httptest server
// cannot run inside a testing/synctest bubble.
func NewServer(tb TB, opts ...Option) *Server {
	tb.Helper()
	f := New(opts...)
	srv := httptest.NewServer(f)
	tb.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	return &Server{Server: srv, Fake: f}
}

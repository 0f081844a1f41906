package edgentest

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// BasePath is the path under which NewServer mounts the fake API.
const BasePath = "/edgen/v1/"

// Server is a running fake Edgen on a loopback address.
type Server struct {
	// Server is the underlying test server (Listener, Client, ...); stop the
	// fake with this type's Close, which also ends stalled answers.
	*httptest.Server
	// URL is the API's base URL with a trailing slash,
	// e.g. http://127.0.0.1:PORT/edgen/v1/. It shadows httptest.Server.URL,
	// which holds the bare root.
	URL string
	// Fake is the handler behind the server.
	Fake *Fake
}

// NewServer starts a fake Edgen on 127.0.0.1, serving the API under BasePath.
// The caller closes it.
func NewServer(cfg Config) *Server {
	f := New(cfg)
	mux := http.NewServeMux()
	mux.Handle(BasePath, http.StripPrefix(strings.TrimSuffix(BasePath, "/"), f))
	hs := httptest.NewServer(mux)
	return &Server{Server: hs, URL: hs.URL + BasePath, Fake: f}
}

// Close ends the answers still waiting (stalls, gaps, delays, downloads),
// then shuts the server down and waits for its handlers to return.
func (s *Server) Close() {
	s.Fake.Close()
	s.Server.Close()
}

// Handle returns a Handle on this server, for tests that need a Config other
// than Start's.
func (s *Server) Handle() *Handle {
	return &Handle{URL: s.URL, src: fakeSource{s.Fake}}
}

// fakeSource reads records straight from an in-process Fake.
type fakeSource struct{ f *Fake }

func (s fakeSource) requests(scenario string) ([]Request, error) {
	return s.f.Requests(scenario), nil
}

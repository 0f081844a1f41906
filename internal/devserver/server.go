package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// DemoGap is the pause between two streamed words of the default fake, so
// that its answers arrive at a pace a person can watch.
const DemoGap = 35 * time.Millisecond

// shutdownGrace bounds how long Serve waits for requests to finish once its
// context is done; streams are cancelled first, so this is rarely reached.
const shutdownGrace = 5 * time.Second

// probeTimeout bounds the start-up check for a running Edgen.
const probeTimeout = 2 * time.Second

// Options configures a Server.
type Options struct {
	// Addr is the TCP address to listen on; port 0 picks a free port.
	Addr string
	// WebDir is the directory of static files served at the root.
	WebDir string
	// EdgenURL is the base URL of the Edgen API that /v1/ is proxied to,
	// e.g. "http://127.0.0.1:33322/v1".
	EdgenURL string
	// ForceFake serves the fake under /v1/ without probing EdgenURL.
	ForceFake bool
	// Fake is the fake Edgen served under /v1/ (at its root) when no Edgen
	// answers; nil means edgentest.New with DemoGap.
	Fake http.Handler
	// Log receives proxy errors; nil discards them.
	Log io.Writer
}

// Info says what a Server serves under /v1/. It is also served as JSON at
// /serve-info, so the page can say when it talks to the fake.
type Info struct {
	// Backend is "edgen" (proxied) or "fake" (built in).
	Backend string `json:"backend"`
	// EdgenURL is the Edgen base URL that was probed (or forced aside).
	EdgenURL string `json:"edgen_url"`
	// Version is the version the proxied Edgen reported ("" for the fake).
	Version string `json:"version,omitempty"`
	// Reason says why the fake is served ("" when proxying).
	Reason string `json:"reason,omitempty"`
}

// Backend names of Info.Backend.
const (
	BackendEdgen = "edgen"
	BackendFake  = "fake"
)

// Server is a listening, not yet serving, demo server. Call Serve.
type Server struct {
	// URL is the address to open in a browser, with a trailing slash.
	URL string
	// Info says what is served under /v1/.
	Info Info

	ln     net.Listener
	root   *os.Root
	hs     *http.Server
	cancel context.CancelFunc
}

// New checks the options, opens WebDir, probes Edgen (unless ForceFake)
// and starts listening. ctx bounds the probe.
func New(ctx context.Context, opts Options) (*Server, error) {
	edgen, err := parseEdgenURL(opts.EdgenURL)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(opts.WebDir)
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	logger := log.New(io.Discard, "", 0)
	if opts.Log != nil {
		logger = log.New(opts.Log, "serve: ", log.LstdFlags)
	}
	info, api := chooseBackend(ctx, opts, edgen, logger)

	mux := http.NewServeMux()
	mux.Handle("/v1/", http.StripPrefix("/v1", api))
	mux.HandleFunc("GET /serve-info", serveInfo(info))
	mux.Handle("/", staticHandler{root: root})

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		root.Close()
		return nil, err
	}
	base, cancel := context.WithCancel(context.Background())
	hs := &http.Server{
		Handler:           withSecurityHeaders(mux, cspFor(edgen)),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          logger,
	}
	return &Server{
		URL:    "http://" + ln.Addr().String() + "/",
		Info:   info,
		ln:     ln,
		root:   root,
		hs:     hs,
		cancel: cancel,
	}, nil
}

// Serve serves until ctx is done, then ends the requests in flight (streams
// included: their contexts are cancelled, which reaches a proxied Edgen as
// a closed connection) and returns nil, or returns the error that stopped
// serving early.
func (s *Server) Serve(ctx context.Context) error {
	defer s.root.Close()
	errc := make(chan error, 1)
	go func() { errc <- s.hs.Serve(s.ln) }()
	select {
	case err := <-errc:
		s.cancel()
		return err
	case <-ctx.Done():
	}
	s.cancel()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := s.hs.Shutdown(sctx); err != nil {
		s.hs.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// chooseBackend returns the handler for /v1/: a proxy to Edgen when it
// answers the version probe, else the fake.
func chooseBackend(ctx context.Context, opts Options, edgen *url.URL, logger *log.Logger) (Info, http.Handler) {
	info := Info{Backend: BackendFake, EdgenURL: edgen.String()}
	fake := opts.Fake
	if fake == nil {
		fake = edgentest.New(edgentest.Config{Gap: DemoGap})
	}
	if opts.ForceFake {
		info.Reason = "asked for with -fake"
		return info, fake
	}
	version, err := Probe(ctx, edgen, probeTimeout)
	if err != nil {
		info.Reason = err.Error()
		return info, fake
	}
	info.Backend, info.Version = BackendEdgen, version
	return info, newProxy(edgen, logger)
}

// parseEdgenURL checks that raw is an absolute http(s) URL.
func parseEdgenURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("edgen URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("edgen URL %q: want http://host:port/path", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// serveInfo answers /serve-info with info as JSON.
func serveInfo(info Info) http.HandlerFunc {
	body, _ := json.Marshal(info) // a struct of strings cannot fail
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	}
}

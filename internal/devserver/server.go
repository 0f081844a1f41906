package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// DemoGap is the pause between two streamed words of the default fake, so
// that its answers arrive at a pace a person can watch.
const DemoGap = 35 * time.Millisecond

// DefaultShutdownGrace is how long Serve lets answers in flight finish once
// its context is done, when Options.ShutdownGrace is zero.
const DefaultShutdownGrace = 5 * time.Second

// Limits of the listening server. There is no read or write timeout on a
// whole request: either would cut a long healthy stream or upload.
const (
	// readHeaderTimeout bounds reading a request's headers.
	readHeaderTimeout = 10 * time.Second
	// maxHeaderBytes bounds a request's headers.
	maxHeaderBytes = 64 << 10
	// idleTimeout closes a keep-alive connection idle between two requests.
	idleTimeout = 2 * time.Minute
)

// Options configures a Server.
type Options struct {
	// Addr is the TCP address to listen on; port 0 picks a free port.
	Addr string
	// WebDir is the browser side's source folder (web/): its page/index.html
	// is served at "/", its edgen/, ui/ and page/ folders at their own paths.
	WebDir string
	// BuildDir mirrors WebDir with the build's outputs (edgen.wasm beside the
	// loader, the bundled npm parts), laid over it: a file there is served
	// in place of WebDir's. Empty means none.
	BuildDir string
	// EdgenURL is the base URL of the API that /v1/ is proxied to: an Edgen
	// or another OpenAI-compatible server, e.g. "http://127.0.0.1:33322/v1".
	EdgenURL string
	// ForceFake serves the fake under /v1/ without probing EdgenURL.
	ForceFake bool
	// Require forbids the fake: while nothing answers at EdgenURL, /v1/
	// answers 503.
	Require bool
	// Discover, when nothing answers at EdgenURL at start, looks for a
	// server at the usual ports of this computer (LocalServers) and
	// proxies to the first that answers, before falling back to the fake.
	// serve.go sets it when -edgen is not given.
	Discover bool
	// LocalServers are the servers looked for on this computer, by
	// Discover and by the page (/serve-info); nil means UsualServers.
	LocalServers []LocalServer
	// Fake is the fake Edgen served under /v1/ (at its root) when no server
	// answers; nil means edgentest.New with DemoGap.
	Fake http.Handler
	// Transport carries the proxied requests; nil means NewTransport's,
	// made for a local server (no timeouts that could cut a stream).
	Transport http.RoundTripper
	// ShutdownGrace is how long answers in flight may finish once Serve's
	// context is done, before they are ended as errors; zero means
	// DefaultShutdownGrace.
	ShutdownGrace time.Duration
	// Log receives changes of the upstream and proxy errors; nil discards
	// them.
	Log io.Writer
}

// Server is a listening, not yet serving, demo server. Call Serve.
type Server struct {
	// URL is the address to open in a browser, with a trailing slash.
	URL string

	ln        net.Listener
	roots     []*os.Root
	hs        *http.Server
	api       *backend
	transport http.RoundTripper
	grace     time.Duration
	watch     bool       // the upstream is probed while serving (not with ForceFake)
	looked    *lookedFor // what Discover looked for and found, nil when it did not look
	logger    *log.Logger
	cancel    context.CancelFunc
	base      context.Context
}

// New checks the options, opens WebDir and BuildDir, probes the upstream (unless
// ForceFake) and starts listening. ctx bounds the probe.
func New(ctx context.Context, opts Options) (*Server, error) {
	upstream, err := parseEdgenURL(opts.EdgenURL)
	if err != nil {
		return nil, err
	}
	if opts.ForceFake && opts.Require {
		return nil, errors.New("edgen: -fake and -require exclude each other")
	}
	if opts.WebDir == "" {
		return nil, errors.New("edgen: no folder of static files")
	}
	roots, err := openRoots(opts.BuildDir, opts.WebDir)
	if err != nil {
		return nil, fmt.Errorf("edgen: static files: %w", err)
	}
	logger := log.New(io.Discard, "", 0)
	if opts.Log != nil {
		logger = log.New(opts.Log, "serve: ", log.LstdFlags)
	}
	transport := opts.Transport
	if transport == nil {
		transport = NewTransport()
	}
	probeClient := &http.Client{Transport: transport}
	local := opts.LocalServers
	if local == nil {
		local = UsualServers
	}
	var looked *lookedFor
	if opts.Discover && !opts.ForceFake {
		if _, err := probe(ctx, probeClient, upstream); err != nil {
			looked = &lookedFor{missing: upstream.String(), servers: local, found: discover(ctx, probeClient, local, upstream)}
			if len(looked.found) > 0 {
				upstream, _ = url.Parse(looked.found[0].UpstreamURL) // probe's own base: it parses
			}
		}
	}
	api := &backend{
		upstream: upstream,
		probe:    probeClient,
		fake:     opts.Fake,
		required: opts.Require,
		local:    local,
		logger:   logger,
		nudge:    make(chan struct{}, 1),
	}
	if api.fake == nil {
		api.fake = edgentest.New(edgentest.Config{Gap: DemoGap})
	}
	api.proxy = newProxy(upstream, transport, logger, api.unreachable)
	if opts.ForceFake {
		api.fixed("asked for with -fake")
	} else {
		api.check(ctx)
	}

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		closeRoots(roots)
		return nil, fmt.Errorf("edgen: %w", err)
	}
	tcp := ln.Addr().(*net.TCPAddr)
	mux := http.NewServeMux()
	mux.Handle("/v1/", sameOrigin(http.StripPrefix("/v1", api)))
	mux.HandleFunc("GET /serve-info", serveInfo(api.info))
	mux.Handle("/", staticHandler{roots: roots})
	base, cancel := context.WithCancel(context.Background())
	hs := &http.Server{
		Handler:           hostGuard{port: fmt.Sprint(tcp.Port), listen: tcp.IP, next: withSecurityHeaders(mux, cspFor(upstream))},
		ReadHeaderTimeout: readHeaderTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		IdleTimeout:       idleTimeout,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          logger,
	}
	grace := opts.ShutdownGrace
	if grace == 0 {
		grace = DefaultShutdownGrace
	}
	return &Server{
		URL:       "http://" + ln.Addr().String() + "/",
		ln:        ln,
		roots:     roots,
		hs:        hs,
		api:       api,
		transport: transport,
		grace:     grace,
		watch:     !opts.ForceFake,
		looked:    looked,
		logger:    logger,
		cancel:    cancel,
		base:      base,
	}, nil
}

// Info says what answers under /v1/ now.
func (s *Server) Info() Info { return s.api.info() }

// Found is what Options.Discover found on this computer at start, in the
// order of Options.LocalServers; the first is the upstream.
func (s *Server) Found() []Found {
	if s.looked == nil {
		return nil
	}
	return s.looked.found
}

// Discovery says in a sentence what Options.Discover looked for and found
// at start, "" when it did not look (the upstream answered, or it was not
// asked to).
func (s *Server) Discovery() string {
	if s.looked == nil {
		return ""
	}
	return s.looked.String()
}

// Serve serves until ctx is done and returns nil, or returns the error
// that stopped serving early. Once ctx is done it takes no new connections
// and lets the requests in flight finish for the shutdown grace; then it
// ends those left (a stream's connection is aborted, so its client sees an
// error, and a proxied upstream sees the request go away).
func (s *Server) Serve(ctx context.Context) error {
	defer closeRoots(s.roots)
	defer s.closeIdle()
	var watching sync.WaitGroup
	if s.watch {
		watching.Go(func() { s.api.watch(s.base) })
	}
	defer watching.Wait()
	defer s.cancel()
	errc := make(chan error, 1)
	go func() { errc <- s.hs.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.grace)
	defer cancel()
	if err := s.hs.Shutdown(sctx); err != nil {
		s.logger.Printf("answers still running after %v: ending them", s.grace)
		s.cancel()
		s.hs.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// closeIdle closes the idle connections to the upstream.
func (s *Server) closeIdle() {
	if c, ok := s.transport.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// parseEdgenURL checks that raw is an absolute http(s) URL.
func parseEdgenURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("edgen: upstream URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("edgen: upstream URL %q: want http://host:port/path", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

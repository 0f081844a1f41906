package edgentest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config configures a Fake. The zero Config is a fast fake for tests.
type Config struct {
	// Gap is the pause between two chunks of a streamed answer (default 0);
	// the gap= fault overrides it per request.
	Gap time.Duration
	// DownloadTime is how long the download of a model the fake does not
	// have takes (default DefaultDownloadTime); the download= fault sets it
	// per request.
	DownloadTime time.Duration
	// ProgressInterval is how often the status routes' download_progress
	// moves during a download (default DefaultProgressInterval, as the real
	// server).
	ProgressInterval time.Duration
}

// Defaults of Config's download pace.
const (
	DefaultDownloadTime     = 3 * time.Second
	DefaultProgressInterval = 500 * time.Millisecond
)

// downloadTime is Config.DownloadTime or its default.
func (c Config) downloadTime() time.Duration {
	if c.DownloadTime > 0 {
		return c.DownloadTime
	}
	return DefaultDownloadTime
}

// progressInterval is Config.ProgressInterval or its default.
func (c Config) progressInterval() time.Duration {
	if c.ProgressInterval > 0 {
		return c.ProgressInterval
	}
	return DefaultProgressInterval
}

// Fake is a fake Edgen: an http.Handler serving the API at its root. Mount it
// under a base path with http.StripPrefix. It is safe for concurrent use.
type Fake struct {
	cfg       Config
	store     *store
	sessions  sessions
	closed    chan struct{}
	closeOnce sync.Once
}

// New returns a Fake with the given configuration.
func New(cfg Config) *Fake {
	return &Fake{cfg: cfg, store: newStore(), closed: make(chan struct{})}
}

// maxBody is the request body limit (the real server's is about 100 MB).
const maxBody = 100 << 20

// ServeHTTP answers one request like the real Edgen would, with the faults
// its HeaderFaults header asks for, and records it. Preflights (OPTIONS) and
// the control routes under _fake/ are not recorded.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setCORS(w.Header(), r.Method == http.MethodOptions)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusOK)
		return
	}
	path := r.URL.EscapedPath()
	if strings.HasPrefix(path, controlPrefix) {
		f.serveControl(w, r, path)
		return
	}
	body, tooBig := readBody(w, r)
	rec := f.store.add(&Request{
		Scenario:      r.Header.Get(HeaderScenario),
		Method:        r.Method,
		Path:          path,
		Query:         r.URL.RawQuery,
		Header:        r.Header.Clone(),
		Body:          body[:min(len(body), MaxRecordedBody)],
		BodyTruncated: len(body) > MaxRecordedBody || tooBig,
		Time:          time.Now(),
	})
	flt, err := parseFaults(r.Header.Get(HeaderFaults))
	if err != nil {
		writeText(w, http.StatusBadRequest, "edgentest: bad "+HeaderFaults+" header: "+err.Error())
		return
	}
	rt, param, allow := match(r.Method, path)
	switch {
	case rt == nil && allow != "":
		w.Header().Set("Allow", allow)
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	case rt == nil:
		w.WriteHeader(http.StatusNotFound)
		return
	case tooBig:
		writeText(w, http.StatusRequestEntityTooLarge, "Failed to buffer the request body: length limit exceeded")
		return
	}
	x := &exchange{f: f, w: w, r: r, body: body, rec: rec, flt: flt, param: param, scenario: rec.Scenario}
	attempt := f.store.nextAttempt(x.scenario, rt.method+" "+rt.pattern)
	x.sleep(flt.headerDelay)
	if status := flt.statusFor(attempt); status != http.StatusOK {
		x.writeFault(status, rt.errorForm)
		return
	}
	rt.serve(x)
}

// readBody reads the whole body, up to maxBody; tooBig reports a longer one.
func readBody(w http.ResponseWriter, r *http.Request) (body []byte, tooBig bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var mbe *http.MaxBytesError
	return body, errors.As(err, &mbe)
}

// Requests returns copies of the requests received for scenario, oldest
// first. The empty scenario matches every request.
func (f *Fake) Requests(scenario string) []Request {
	return f.store.requests(scenario)
}

// Reset forgets every recorded request, all per-scenario state (attempt
// counts, deleted and downloaded models, finished downloads) and the
// transcription sessions. Downloads in progress end as they would.
func (f *Fake) Reset() {
	f.store.reset()
	f.sessions.reset()
}

// Close ends every answer that is waiting (header delays, gaps, stalls,
// downloads) by aborting its connection, and makes later waits end at once.
// Call it before shutting down the server that serves the Fake, so that a
// stalled answer cannot hold the shutdown up.
func (f *Fake) Close() {
	f.closeOnce.Do(func() { close(f.closed) })
}

// wait pauses for d. It reports false when cut short because ctx ended or
// the fake was closed.
func (f *Fake) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-f.closed:
		return false
	}
}

// waitGone waits until ctx ends or the fake is closed.
func (f *Fake) waitGone(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-f.closed:
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// wait bounds every wait of these tests; it is a hang guard, not a timing check.
const wait = 10 * time.Second

// versionJSON is what an Edgen answers on misc/version.
const versionJSON = `{"major":0,"minor":1,"patch":5,"build":""}`

// served is one run of serve.go's run function in the test process.
type served struct {
	url  string // e.g. http://127.0.0.1:PORT/
	out  *lines
	stop func() // cancels run's context, as SIGINT does, and waits for run to return cleanly (the first call only)
}

// lines collects what run prints and lets a test wait for a line.
type lines struct {
	mu   sync.Mutex
	buf  strings.Builder
	more chan struct{}
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	select {
	case l.more <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitMatch waits until the output matches re and returns the submatches.
func (l *lines) waitMatch(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.After(wait)
	for {
		if m := re.FindStringSubmatch(l.String()); m != nil {
			return m
		}
		select {
		case <-l.more:
		case <-deadline:
			t.Fatalf("output never matched %v:\n%s", re, l.String())
		}
	}
}

var openLine = regexp.MustCompile(`Open (http://\S+/) in your browser`)

// serve starts run with args (plus -addr 127.0.0.1:0) and stops it when the
// test ends, if the test did not, asserting that it shuts down cleanly.
func serve(t *testing.T, args ...string) served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lines{more: make(chan struct{}, 1)}
	done := make(chan error, 1)
	// No build outputs unless the test names some (-build): not build/web of the checkout.
	go func() { done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-build="}, args...), out, out) }()
	stop := sync.OnceFunc(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v after cancel", err)
			}
		case <-time.After(wait):
			t.Errorf("run did not return after cancel")
		}
	})
	t.Cleanup(stop)
	var url string
	select {
	case err := <-done:
		t.Fatalf("run returned early: %v\n%s", err, out.String())
	default:
		url = out.waitMatch(t, openLine)[1]
	}
	return served{url: url, out: out, stop: stop}
}

// fixtureTime is the modification time of every file webDir writes.
var fixtureTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// webDir writes files (name -> content) into a fresh web directory.
func webDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "web")
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		// One time for all, as gzip -k and brotli -k give their copies.
		if err := os.Chtimes(p, fixtureTime, fixtureTime); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// closedURL returns an Edgen base URL on a loopback port nobody listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/v1"
}

// upstream is a stand-in Edgen whose chat route the test steers.
type upstream struct {
	*httptest.Server
	chat func(w http.ResponseWriter, r *http.Request)
	seen chan *http.Request // every API request but the version probe
}

func newUpstream(t *testing.T, chat http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{chat: chat, seen: make(chan *http.Request, 16)}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/misc/version":
			io.WriteString(w, versionJSON)
		case r.URL.Path == "/v1/chat/completions" && u.chat != nil:
			u.seen <- r
			u.chat(w, r)
		default:
			u.seen <- r
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	t.Cleanup(u.Close)
	return u
}

// client never decompresses on its own, so tests see the bytes served.
var client = &http.Client{Transport: &http.Transport{DisableCompression: true}}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// holdingUpstream is an Edgen whose chat answers one event and then holds
// the stream open until the client goes away, when gone closes.
func holdingUpstream(t *testing.T) (up *upstream, gone <-chan struct{}) {
	t.Helper()
	closed := make(chan struct{})
	up = newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "data: {}\n\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		close(closed)
	})
	return up, closed
}

// openStream posts a chat request to the served page's proxy under ctx and
// reads the answer's first event; the answer is closed when the test ends.
func openStream(ctx context.Context, t *testing.T, s served) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"v1/chat/completions", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	readEvent(t, bufio.NewReader(resp.Body))
}

// readEvent reads one server-sent event ("data: ...") within the bounded wait.
func readEvent(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		var ev strings.Builder
		for {
			line, err := r.ReadString('\n')
			ev.WriteString(line)
			if err != nil || line == "\n" {
				got <- ev.String()
				return
			}
		}
	}()
	select {
	case ev := <-got:
		return ev
	case <-time.After(wait):
		t.Fatal("no event arrived through the proxy")
		return ""
	}
}

func TestProxyStreamsChunkByChunk(t *testing.T) {
	release := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: {\"n\":1}\n\n")
		w.(http.Flusher).Flush()
		<-release // the upstream is not done until the client saw chunk 1
		io.WriteString(w, "data: {\"n\":2}\n\n")
	})
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1")
	s.out.waitMatch(t, regexp.MustCompile(`Edgen 0\.1\.5 answers at .*proxied`))

	resp, err := client.Post(s.url+"v1/chat/completions", "application/json", strings.NewReader(`{"stream":true}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	br := bufio.NewReader(resp.Body)
	if ev := readEvent(t, br); ev != "data: {\"n\":1}\n\n" {
		t.Fatalf("first event %q", ev)
	}
	close(release)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "data: {\"n\":2}\n\n" {
		t.Fatalf("rest %q, %v", rest, err)
	}
}

func TestProxyPassesDisconnectUpstream(t *testing.T) {
	up, gone := holdingUpstream(t)
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	openStream(ctx, t, s)
	cancel()
	select {
	case <-gone:
	case <-time.After(wait):
		t.Fatal("upstream never saw the client go away")
	}
}

func TestProxyKeepsPathQueryAndEncodedSlash(t *testing.T) {
	up := newUpstream(t, nil)
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1/")
	resp, _ := get(t, s.url+"v1/models/TheBloke%2Fneural-chat?page=2")
	if resp.StatusCode != http.StatusTeapot {
		t.Fatalf("status %d, want the upstream's 418", resp.StatusCode)
	}
	r := <-up.seen
	if got := r.URL.RequestURI(); got != "/v1/models/TheBloke%2Fneural-chat?page=2" {
		t.Errorf("upstream got %q", got)
	}
}

func TestProxyUpstreamGoneIsBadGateway(t *testing.T) {
	up := newUpstream(t, nil)
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1")
	up.Close()
	resp, _ := get(t, s.url+"v1/misc/version")
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("status %d, want 502", resp.StatusCode)
	}
}

// TestLooksForServersOnlyWithoutEdgenFlag: given -edgen, serve.go uses that
// address and looks nowhere else; without it, when Edgen does not answer at
// its address, it says what it found at the usual ports of this computer.
func TestLooksForServersOnlyWithoutEdgenFlag(t *testing.T) {
	s := serve(t, "-web", webDir(t, nil), "-edgen", closedURL(t))
	if out := s.out.String(); strings.Contains(out, "looked on this computer") {
		t.Errorf("with -edgen, serve.go looked elsewhere:\n%s", out)
	}
	s.stop()

	s = serve(t, "-web", webDir(t, nil))
	out := s.out.String()
	const edgen = "http://127.0.0.1:33322/v1"
	if resp, err := http.Get(edgen + "/misc/version"); err == nil {
		resp.Body.Close() // an Edgen (or a fake) runs at Edgen's address on this machine: nothing to look for
		if strings.Contains(out, "looked on this computer") {
			t.Errorf("serve.go looked elsewhere although %s answers:\n%s", edgen, out)
		}
		return
	}
	want := "Nothing answers at " + edgen + "; looked on this computer (Edgen 33322, ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000, Jan 1337): "
	if !strings.Contains(out, want) {
		t.Errorf("without -edgen, the output lacks %q:\n%s", want, out)
	}
}

func TestFallsBackToFakeWhenEdgenIsDown(t *testing.T) {
	edgen := closedURL(t)
	s := serve(t, "-web", webDir(t, nil), "-edgen", edgen)
	s.out.waitMatch(t, regexp.MustCompile(`nothing answers at .*built-in fake Edgen`))
	s.out.waitMatch(t, regexp.MustCompile(`is probed every few seconds`))

	resp, body := get(t, s.url+"serve-info")
	var info struct{ Backend, Upstream_URL, Reason string }
	if err := json.Unmarshal([]byte(body), &info); err != nil || resp.StatusCode != 200 {
		t.Fatalf("serve-info %d %q: %v", resp.StatusCode, body, err)
	}
	if info.Backend != "fake" || info.Upstream_URL != edgen || info.Reason == "" {
		t.Errorf("serve-info %+v", info)
	}
	resp, body = get(t, s.url+"v1/misc/version")
	var v struct{ Major *int }
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &v) != nil || v.Major == nil {
		t.Errorf("the fake's misc/version: %d %q", resp.StatusCode, body)
	}
}

func TestFakeFlagSkipsALiveEdgen(t *testing.T) {
	up := newUpstream(t, nil)
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1", "-fake")
	s.out.waitMatch(t, regexp.MustCompile(`-fake.*built-in fake Edgen`))
	get(t, s.url+"v1/models")
	select {
	case r := <-up.seen:
		t.Errorf("Edgen got %s despite -fake", r.URL)
	default:
	}
}

func TestProxyInfo(t *testing.T) {
	up := newUpstream(t, nil)
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1")
	_, body := get(t, s.url+"serve-info")
	want := fmt.Sprintf(`{"backend":"edgen","upstream_url":"%s/v1","version":"0.1.5","server":"Edgen","required":false,`+
		`"local_servers":[{"name":"Edgen","port":33322},{"name":"ollama","port":11434,"owned_by":"library"},`+
		`{"name":"LM Studio","port":1234,"owned_by":"organization_owner"},{"name":"llama.cpp","port":8080,"owned_by":"llamacpp"},`+
		`{"name":"vLLM","port":8000,"owned_by":"vllm"},{"name":"Jan","port":1337}]}`, up.URL)
	if body != want {
		t.Errorf("serve-info %s, want %s", body, want)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-edgen", "127.0.0.1:33322"},
		{"-fake", "-require"},
		{"-grace", "0s"},
		{"-edgen", "ftp://127.0.0.1/v1"},
		{"-web", filepath.Join(t.TempDir(), "missing")},
		{"-nope"},
		{"extra"},
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}

func TestContentTypes(t *testing.T) {
	dir := webDir(t, map[string]string{
		"page/index.html": "<!doctype html>", "page/app.js": "export {}", "ui/style.css": "body{}",
		"edgen/edgen.wasm": "\x00asm", "edgen/edgen.d.ts": "export {}", "page/icon.svg": "<svg/>",
		"page/data.json": "{}", "page/blob.bin": "?",
	})
	s := serve(t, "-web", dir, "-fake")
	for path, want := range map[string]string{
		"":                 "text/html; charset=utf-8",
		"page/index.html":  "text/html; charset=utf-8",
		"page/app.js":      "text/javascript; charset=utf-8",
		"ui/style.css":     "text/css; charset=utf-8",
		"edgen/edgen.wasm": "application/wasm",
		"edgen/edgen.d.ts": "text/plain; charset=utf-8",
		"page/icon.svg":    "image/svg+xml",
		"page/data.json":   "application/json",
		"page/blob.bin":    "application/octet-stream",
	} {
		resp, _ := get(t, s.url+path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want {
			t.Errorf("/%s: %d %q, want 200 %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}
}

func TestPrecompressedVariants(t *testing.T) {
	dir := webDir(t, map[string]string{
		"edgen/edgen.wasm": "raw", "edgen/edgen.wasm.br": "brotli", "edgen/edgen.wasm.gz": "gzip",
		"edgen/only.js": "raw", "edgen/only.js.gz": "gzip",
		"edgen/stale.js": "raw", "edgen/stale.js.br": "brotli",
		"edgen/empty.js": "raw", "edgen/empty.js.br": "", "edgen/empty.js.gz": "gzip",
		"edgen/whole.js": "raw", "edgen/whole.js.br": "brotli",
		"edgen/plain.css": "raw",
	})
	old := fixtureTime.Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "edgen/stale.js.br"), old, old); err != nil {
		t.Fatal(err)
	}
	// brotli -k gives its copy the file's time without the fraction.
	fraction := fixtureTime.Add(343 * time.Millisecond)
	if err := os.Chtimes(filepath.Join(dir, "edgen/whole.js"), fraction, fraction); err != nil {
		t.Fatal(err)
	}
	s := serve(t, "-web", dir, "-fake")
	for _, c := range []struct {
		path, accept, body, encoding string
		vary                         bool
	}{
		{"edgen/edgen.wasm", "gzip, deflate, br, zstd", "brotli", "br", true},
		{"edgen/edgen.wasm", "br", "brotli", "br", true},
		{"edgen/edgen.wasm", "gzip", "gzip", "gzip", true},
		{"edgen/edgen.wasm", "*", "brotli", "br", true},
		{"edgen/edgen.wasm", "br;q=0.5, gzip", "gzip", "gzip", true},
		{"edgen/edgen.wasm", "BR;Q=1, GZIP;q=0.9", "brotli", "br", true},
		{"edgen/edgen.wasm", "br;q=0, gzip;q=0", "raw", "", true},
		{"edgen/edgen.wasm", "*;q=0", "raw", "", true},
		{"edgen/edgen.wasm", "identity", "raw", "", true},
		{"edgen/edgen.wasm", "", "raw", "", true},
		{"edgen/only.js", "br, gzip", "gzip", "gzip", true},
		{"edgen/stale.js", "br", "raw", "", true},
		{"edgen/empty.js", "br, gzip", "gzip", "gzip", true},
		{"edgen/whole.js", "br", "brotli", "br", true},
		{"edgen/plain.css", "br, gzip", "raw", "", false},
	} {
		resp, body := get(t, s.url+c.path, "Accept-Encoding", c.accept)
		name := fmt.Sprintf("%s with %q", c.path, c.accept)
		if body != c.body || resp.Header.Get("Content-Encoding") != c.encoding {
			t.Errorf("%s: got %q encoded %q, want %q encoded %q", name, body, resp.Header.Get("Content-Encoding"), c.body, c.encoding)
		}
		if got := resp.Header.Get("Vary") == "Accept-Encoding"; got != c.vary {
			t.Errorf("%s: Vary %q", name, resp.Header.Get("Vary"))
		}
		if want := contentTypeOf(c.path); resp.Header.Get("Content-Type") != want {
			t.Errorf("%s: Content-Type %q, want %q", name, resp.Header.Get("Content-Type"), want)
		}
	}
}

func contentTypeOf(path string) string {
	switch filepath.Ext(path) {
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	return "text/css; charset=utf-8"
}

func TestBuildIsLaidOverWeb(t *testing.T) {
	web := webDir(t, map[string]string{
		"page/index.html": "home", "edgen/edgen.js": "loader", "edgen/edgen.wasm": "stale source copy",
	})
	build := webDir(t, map[string]string{
		"edgen/edgen.wasm": "built", "edgen/edgen.wasm.br": "built brotli", "ui/lib/markdown.js": "bundle",
		"extension/panel.js": "not served",
	})
	s := serve(t, "-web", web, "-build", build, "-fake")
	for path, want := range map[string]string{
		"":                   "home",
		"edgen/edgen.js":     "loader",
		"edgen/edgen.wasm":   "built",
		"ui/lib/markdown.js": "bundle",
	} {
		if resp, body := get(t, s.url+path); resp.StatusCode != 200 || body != want {
			t.Errorf("/%s: %d %q, want %q", path, resp.StatusCode, body, want)
		}
	}
	if _, body := get(t, s.url+"edgen/edgen.wasm", "Accept-Encoding", "br"); body != "built brotli" {
		t.Errorf("/edgen/edgen.wasm with br: %q", body)
	}
	if resp, _ := get(t, s.url+"extension/panel.js"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/extension/panel.js: %d, want 404", resp.StatusCode)
	}
}

func TestCacheValidators(t *testing.T) {
	s := serve(t, "-web", webDir(t, map[string]string{"edgen/edgen.wasm": "raw", "edgen/edgen.wasm.br": "brotli"}), "-fake")
	raw, _ := get(t, s.url+"edgen/edgen.wasm")
	br, _ := get(t, s.url+"edgen/edgen.wasm", "Accept-Encoding", "br")
	etag := raw.Header.Get("ETag")
	if etag == "" || raw.Header.Get("Last-Modified") == "" {
		t.Fatalf("no validators: %v", raw.Header)
	}
	if br.Header.Get("ETag") == etag {
		t.Errorf("identity and br share ETag %s", etag)
	}
	again, body := get(t, s.url+"edgen/edgen.wasm", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match: %d %q, want 304", again.StatusCode, body)
	}
	since, _ := get(t, s.url+"edgen/edgen.wasm", "If-Modified-Since", raw.Header.Get("Last-Modified"))
	if since.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d, want 304", since.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := serve(t, "-web", webDir(t, map[string]string{"page/index.html": "hi"}), "-fake", "-edgen", "http://localhost:9999/v1")
	for _, path := range []string{"", "missing.js", "serve-info", "v1/misc/version"} {
		resp, _ := get(t, s.url+path)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{
			"script-src 'self' 'wasm-unsafe-eval'",
			"connect-src 'self' http://127.0.0.1:* http://localhost:* http://localhost:9999;",
			"object-src 'none'",
		} {
			if !strings.Contains(csp, want) {
				t.Errorf("/%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(strings.ReplaceAll(csp, "'wasm-unsafe-eval'", ""), "unsafe-") {
			t.Errorf("/%s: CSP %q allows unsafe code", path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("/%s: no nosniff", path)
		}
	}
}

func TestNoDirectoryListings(t *testing.T) {
	dir := webDir(t, map[string]string{"page/index.html": "home", "page/docs/a.txt": "a", "page/site/index.html": "site"})
	s := serve(t, "-web", dir, "-fake")
	for path, want := range map[string]int{
		"page/docs/": 404, "page/docs/a.txt": 200, "page/site/": 200, "": 200, "POST /": 405,
	} {
		method := http.MethodGet
		if m, p, ok := strings.Cut(path, " "); ok {
			method, path = m, p[1:]
		}
		req, _ := http.NewRequest(method, s.url+path, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || strings.Contains(string(body), "a.txt") {
			t.Errorf("%s /%s: %d %q, want %d and no listing", method, path, resp.StatusCode, body, want)
		}
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(s.url + "page/docs")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/page/docs/" {
		t.Errorf("/page/docs: %d to %q, want a redirect to /page/docs/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// rawGet sends target byte for byte (no client-side cleaning) and returns
// the status and body; redirects are not followed.
func rawGet(t *testing.T, base, target string) (int, string) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	conn, err := net.DialTimeout("tcp", host, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestNothingOutsideWebIsReachable(t *testing.T) {
	const secret = "TOP-SECRET-7f3a"
	dir := webDir(t, map[string]string{
		"page/index.html": "home", "page/.hidden": secret,
		// Folders and files of web/ that the page does not load.
		"package.json": secret, "extension/manifest.json": secret, "node_modules/x/index.js": secret,
	})
	outside := filepath.Dir(dir)
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "page", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "page", "file-link.txt")); err != nil {
		t.Fatal(err)
	}
	abs := filepath.ToSlash(filepath.Join(outside, "secret.txt"))
	s := serve(t, "-web", dir, "-fake")
	for _, target := range []string{
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E%2Fsecret.txt",
		"/..%2fsecret.txt",
		"/..%5csecret.txt",
		`/..\secret.txt`,
		"/./../secret.txt",
		"/web/../../secret.txt",
		"/page/link/secret.txt",
		"/page/link%2fsecret.txt",
		"/page/file-link.txt",
		"/page/.hidden",
		"/page/../package.json",
		"/package.json",
		"/extension/manifest.json",
		"/node_modules/x/index.js",
		"/%2e/%2e%2e/secret.txt",
		"/" + abs,
		"/" + strings.ReplaceAll(abs, "/", "%2f"),
		"//" + strings.TrimPrefix(abs, "/"),
		"http://evil.example" + abs,
		"/secret.txt%00.html",
	} {
		status, body := rawGet(t, s.url, target)
		if status == http.StatusOK || strings.Contains(body, secret) {
			t.Errorf("GET %s: %d %q", target, status, body)
		}
	}
	if status, body := rawGet(t, s.url, "/"); status != 200 || body != "home" {
		t.Errorf("GET /: %d %q", status, body)
	}
}

func TestShutdownEndsStreamsInFlight(t *testing.T) {
	up, gone := holdingUpstream(t)
	s := serve(t, "-web", webDir(t, nil), "-edgen", up.URL+"/v1", "-grace", "50ms")
	openStream(context.Background(), t, s)
	s.stop() // what SIGINT does through signal.NotifyContext
	select {
	case <-gone:
	case <-time.After(wait):
		t.Fatal("Edgen never saw the stream end")
	}
	if !strings.Contains(s.out.String(), "Stopped.") {
		t.Errorf("output %q", s.out.String())
	}
}

func TestRequireSaysNothingAnswers(t *testing.T) {
	edgen := closedURL(t)
	s := serve(t, "-web", webDir(t, nil), "-edgen", edgen, "-require")
	s.out.waitMatch(t, regexp.MustCompile(`Nothing answers at `+regexp.QuoteMeta(edgen)+` .*-require allows no fake: /v1/ answers 503`))
	resp, body := get(t, s.url+"v1/models")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"message":"edgen: Nothing answers at`) {
		t.Errorf("/v1/models: %d %s", resp.StatusCode, body)
	}
}

func TestBannerNamesACompatibleServer(t *testing.T) {
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			io.WriteString(w, `{"object":"list","data":[{"id":"tiny","object":"model","owned_by":"library"}]}`)
		case "/api/version":
			io.WriteString(w, `{"version":"0.17.4"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer ollama.Close()
	s := serve(t, "-web", webDir(t, nil), "-edgen", ollama.URL+"/v1")
	s.out.waitMatch(t, regexp.MustCompile(`ollama, an OpenAI-compatible server, answers at `+regexp.QuoteMeta(ollama.URL)+`/v1, not Edgen \(no model status or download progress\): /v1/ is proxied to it`))
}

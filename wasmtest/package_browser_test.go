//go:build !js

package wasmtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// appTimeout bounds one app's run in Chromium: load, one stream, one abort.
const appTimeout = 90 * time.Second

// bundlerApp is one app of testdata/package/: how it is built, and which
// directory a static server serves (the page being its index.html).
type bundlerApp struct {
	name  string
	build bool   // npm run build before serving
	serve string // the directory served, relative to the project
}

// TestPackage installs the npm package into one fresh app per bundler (Vite,
// webpack, esbuild, Rollup, Parcel), builds it for production, and runs it
// in headless Chromium (Vite's build also in Firefox and WebKit) against
// the fake Edgen of this process, cross-origin:
// the app loads the library, streams a chat, aborts a second stream and
// checks the error's class and name (which minifiers must not rename). The
// page without a bundler loads the library from a second origin, as from a
// CDN, through an import map.
func TestPackage(t *testing.T) {
	fake := edgentest.Start(t)
	apps := []bundlerApp{
		{name: "webpack", build: true, serve: "."},
		{name: "esbuild", build: true, serve: "."},
		{name: "rollup", build: true, serve: "."},
		{name: "parcel", build: true, serve: "dist"},
	}
	for _, app := range apps {
		t.Run(app.name, func(t *testing.T) {
			t.Parallel()
			dir := npmProject(t, app.name, map[string]string{"app.js": "src/app.js"})
			start := time.Now()
			buildApp(t, dir)
			built := time.Since(start)
			static := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dir, app.serve))))
			t.Cleanup(static.Close)
			checkApp(t, "chromium", fake, static.URL+"/")
			t.Logf("%s: build %v, run in Chromium %v", app.name, built.Round(time.Millisecond), (time.Since(start) - built).Round(time.Millisecond))
		})
	}
	t.Run("vite", func(t *testing.T) {
		t.Parallel()
		dir := npmProject(t, "vite", map[string]string{"app.js": "src/app.js"})
		start := time.Now()
		buildApp(t, dir)
		built := time.Since(start)
		// The production build in every engine, the dev server in Chromium.
		runs := []struct {
			engine  string
			command []string
		}{{"chromium", []string{"preview"}}, {"firefox", []string{"preview"}}, {"webkit", []string{"preview"}}, {"chromium", nil}}
		for _, run := range runs {
			began := time.Now()
			got := checkApp(t, run.engine, fake, startVite(t, dir, run.command...))
			if want := canned("hello from a worker"); got.Worker != want {
				t.Errorf("vite %v in %s: connectWorker's chat answered %q, want %q", run.command, run.engine, got.Worker, want)
			}
			t.Logf("vite %v and the run in %s: %v", run.command, run.engine, time.Since(began).Round(time.Millisecond))
		}
		t.Logf("vite: build %v", built.Round(time.Millisecond))
	})
	t.Run("no_bundler", func(t *testing.T) {
		t.Parallel()
		dir := npmProject(t, "plain", map[string]string{"app.js": "app.js"})
		cdn := httptest.NewServer(withCORS(http.FileServer(http.Dir(filepath.Join(dir, "node_modules")))))
		t.Cleanup(cdn.Close)
		page := filepath.Join(dir, "index.html")
		html, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(page, []byte(strings.Replace(string(html), `"CDN/`, `"`+cdn.URL+"/", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		static := httptest.NewServer(http.FileServer(http.Dir(dir)))
		t.Cleanup(static.Close)
		got := checkApp(t, "chromium", fake, static.URL+"/")
		want := fmt.Sprintf("edgen: %s/missing.wasm answered 404 text/plain, not WebAssembly", static.URL)
		if got.Missing != want {
			t.Errorf("load() of a wasm that is not there rejected with %q, want %q", got.Missing, want)
		}
	})
}

// buildWarnings are what bundlers print when they stumble over the
// package's code: a Node built-in pulled into a web build, an import they
// cannot follow.
var buildWarnings = regexp.MustCompile(`(?i)externali[sz]ed|critical dependency|could not resolve|can't resolve|unresolved`)

// buildApp runs the app's `npm run build`, failing the test when the
// bundler warns about the package.
func buildApp(t *testing.T, dir string) {
	t.Helper()
	out := runNpm(t, dir, nil, "run", "build")
	if w := buildWarnings.FindString(out); w != "" {
		t.Errorf("the build warned (%q):\n%s", w, tail(out, 30))
	}
}

// appResult is what testdata/package/app.js prints after "edgen-app ".
type appResult struct {
	Fatal   string
	Prompt  string
	Text    string
	Parts   int
	Missing string         // the no-bundler page: the rejection of load() with a missing wasm
	Worker  string         // the Vite app: the answer of a chat through connectWorker
	Parsed  map[string]any // parse()'s answer: structured.js loaded
	Abort   struct {
		Ended     string
		Name      string
		Message   string
		UserAbort bool
		APIError  bool
		OnEdgen   bool
	}
}

// checkApp opens the app at siteURL in a fresh browser of the engine
// named, waits for its result and checks it: the whole streamed answer,
// then an abort after two chunks that rejects with APIUserAbortError
// (instanceof, and by name) and ends the stalled stream the fake sees,
// then parse()'s answer, which needs the lazily imported structured.js.
func checkApp(t *testing.T, engineName string, fake *edgentest.Handle, siteURL string) appResult {
	t.Helper()
	stall := fake.Scenario("stall-after=2")
	headers, err := json.Marshal(headersOf(stall))
	if err != nil {
		t.Fatal(err)
	}
	e := startEngine(t, engineName)
	page := siteURL + "?" + url.Values{"fake": {fake.URL}, "stall": {string(headers)}}.Encode()
	if err := e.open(page); err != nil {
		t.Fatal(err)
	}
	got, err := pollOn[appResult](e, appTimeout, `globalThis.edgenApp`)
	if err != nil {
		t.Fatalf("%s: %v\nthe page reported:\n%s", page, err, e.problems())
	}
	if got.Fatal != "" {
		t.Fatalf("the app failed: %s\nthe page reported:\n%s", got.Fatal, e.problems())
	}
	if want := canned(got.Prompt); got.Text != want {
		t.Errorf("the streamed answer read %q, want %q", got.Text, want)
	}
	a := got.Abort
	if a.Name != "APIUserAbortError" || !a.UserAbort || !a.APIError || !a.OnEdgen {
		t.Errorf("the aborted stream ended %s with %+v, want an APIUserAbortError (instanceof the exported class, the one on edgen and APIError) named so", a.Ended, a)
	}
	if got.Parts != 2 {
		t.Errorf("the aborted stream gave %d chunks, want the 2 before the abort", got.Parts)
	}
	if got.Parsed["city"] != "example" {
		t.Errorf("parse() answered %v, want {city: example}: structured.js, which it imports on first use, did not load", got.Parsed)
	}
	checkStalledClosed(t, e, stall)
	return got
}

// withCORS lets any origin read what h serves, as CDNs for npm packages do.
func withCORS(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		h.ServeHTTP(w, r)
	})
}

// viteURL is the address Vite prints once it listens.
var viteURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// startVite runs `vite <command>` (preview: the production build; empty:
// the dev server) in dir on a free port of 127.0.0.1, through node by its
// absolute path, and returns its URL once it listens; it stops when the
// test ends.
func startVite(t *testing.T, dir string, command ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	args := append([]string{filepath.Join("node_modules", "vite", "bin", "vite.js")}, command...)
	cmd := exec.CommandContext(ctx, nodeBinary(t), append(args, "--host", "127.0.0.1", "--port", "0")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1") // the URL's port in plain text
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatalf("vite %v: %v", command, err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait() // killed: its error says so
	})
	type listening struct{ url, printed string }
	found := make(chan listening, 1)
	go func() {
		var printed strings.Builder
		s := bufio.NewScanner(out)
		for s.Scan() {
			printed.WriteString(s.Text() + "\n")
			if u := viteURL.FindString(s.Text()); u != "" {
				found <- listening{url: u}
				_, _ = io.Copy(io.Discard, out)
				return
			}
		}
		found <- listening{printed: printed.String()}
	}()
	select {
	case l := <-found:
		if l.url == "" {
			t.Fatalf("vite %v ended without printing its URL:\n%s", command, l.printed)
		}
		return l.url
	case <-time.After(npmTimeout):
		t.Fatalf("vite %v printed no URL within %v", command, npmTimeout)
		return ""
	}
}

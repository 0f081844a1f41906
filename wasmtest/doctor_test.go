//go:build !js

package wasmtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/devserver"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// doctorLimit bounds everything TestDoctor does in the browser.
const doctorLimit = 5 * time.Minute

// doctorPage loads the library and leaves it at window.edgen: a page with no
// policy of its own. Served at /doctor.html beside the site (siteDir); at
// /doctor-csp.html with a Content-Security-Policy that allows this origin only.
const doctorPage = `<!doctype html><meta charset="utf-8"><title>doctor</title>
<script type="module">
import { load } from "./edgen.js";
window.edgen = await load({ wasmURL: new URL("edgen.wasm", location.href).href });
</script>`

// diagnosis is what edgen.diagnose() and err.reason resolve to.
type diagnosis struct {
	OK     bool     `json:"ok"`
	Reason string   `json:"reason"`
	Title  string   `json:"title"`
	Fix    string   `json:"fix"`
	Usual  string   `json:"usual"`
	Server string   `json:"server"`
	Models []string `json:"models"`
	Status int      `json:"status"`
}

// TestDoctor tries the connection doctor (web/edgen/diagnose.js) in headless
// Chromium against real causes, each through edgen.diagnose(url) and, where
// a request fails to connect, through the reason of the APIConnectionError
// that a real chat rejects with: a closed port; a server answering without
// CORS headers; a server answering HTML; serve.go's 403 for a foreign Host;
// a page whose policy forbids the address; real ollama (an instance of its
// own) without and then with an OLLAMA_ORIGINS that lets the page in; an
// https page calling plain http under a name that is not loopback to the
// browser (mixed content); a public http page, which the browser denies
// the local-network permission. Names under .test map to 127.0.0.1 in the browser
// (--host-resolver-rules), so nothing leaves this machine.
func TestDoctor(t *testing.T) {
	site := mustDir(t, "the site (edgen.wasm, the loader of web/edgen/)", siteDir)
	files := http.FileServer(http.Dir(site))
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/doctor-csp.html":
			w.Header().Set("Content-Security-Policy", "connect-src 'self'")
			fallthrough
		case "/doctor.html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(doctorPage))
		default:
			files.ServeHTTP(w, r)
		}
	})
	plain := httptest.NewServer(pages)
	defer plain.Close()
	secure := httptest.NewTLSServer(pages)
	defer secure.Close()

	b := newBrowser(t, doctorLimit,
		chromedp.Flag("host-resolver-rules", "MAP *.test 127.0.0.1"),
		chromedp.Flag("ignore-certificate-errors", true))
	open := func(t *testing.T, url string) {
		t.Helper()
		if err := doPage(b, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		if _, err := pollPage[bool](b, `window.edgen?.ready === true`); err != nil {
			t.Fatalf("the library did not load at %s: %v", url, err)
		}
	}
	diagnose := func(t *testing.T, url string) diagnosis {
		t.Helper()
		d, err := evalPage[diagnosis](b, fmt.Sprintf(`edgen.diagnose(%q)`, url))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// reasonOfChat sends a chat to url; it must reject with an
	// APIConnectionError, whose reason it returns.
	reasonOfChat := func(t *testing.T, url string) diagnosis {
		t.Helper()
		d, err := evalPage[diagnosis](b, fmt.Sprintf(`edgen.chat({model: "tiny", messages: [{role: "user", content: "Hi"}]}, {baseURL: %q, maxRetries: 0}).then(
			() => { throw new Error("the chat did not fail"); },
			(err) => { if (!(err instanceof edgen.APIConnectionError)) throw err; return err.reason; })`, url))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	expect := func(t *testing.T, d diagnosis, reason string, words ...string) {
		t.Helper()
		if d.Reason != reason {
			t.Errorf("reason %q (%s %s), want %q", d.Reason, d.Title, d.Fix, reason)
		}
		for _, w := range words {
			if !strings.Contains(d.Title+" "+d.Fix, w) {
				t.Errorf("%q %q lacks %q", d.Title, d.Fix, w)
			}
		}
	}

	t.Run("OnThisComputer", func(t *testing.T) {
		open(t, plain.URL+"/doctor.html")
		closed := "http://127.0.0.1:" + strconv.Itoa(closedPort(t)) + "/v1"
		expect(t, diagnose(t, closed), "nothing-listening", "Nothing answers at "+closed+"/", "Start the server")
		expect(t, reasonOfChat(t, closed), "nothing-listening", "Nothing answers at "+closed+"/")

		noCORS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"object":"list","data":[{"id":"m","object":"model","owned_by":"vllm"}]}`))
		}))
		defer noCORS.Close()
		expect(t, diagnose(t, noCORS.URL+"/v1"), "refuses-origin", "does not let this page ("+plain.URL+") read its answers (CORS)",
			"OLLAMA_ORIGINS="+plain.URL, "Enable CORS")
		expect(t, reasonOfChat(t, noCORS.URL+"/v1"), "refuses-origin")

		html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.Header().Set("Access-Control-Allow-Headers", "*")
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!doctype html><title>Router</title><p>Welcome"))
		}))
		defer html.Close()
		expect(t, diagnose(t, html.URL+"/v1"), "not-openai", "with a web page (HTML), not an OpenAI API", "usually /v1")

		demo := serveDemo(t, devserver.Options{WebDir: t.TempDir(), EdgenURL: "http://127.0.0.1:33322/v1", ForceFake: true})
		foreign := strings.Replace(demo, "127.0.0.1", "edgen.test", 1) + "v1"
		expect(t, diagnose(t, foreign), "forbidden", "refused this page (403)", `It said: “edgen: Host "edgen.test:`, "is not this server's own address")
		expect(t, diagnose(t, demo+"v1"), "forbidden", "refused this page (403)", "requests from the origin", "are refused")

		open(t, plain.URL+"/doctor-csp.html")
		expect(t, diagnose(t, closed), "blocked-by-page", "Content-Security-Policy does not let it connect to http://127.0.0.1:")
		expect(t, diagnose(t, plain.URL+"/v1"), "not-openai") // its own origin it may reach: an HTML 404 there
	})

	t.Run("OllamaOrigins", func(t *testing.T) {
		page := strings.Replace(plain.URL, "127.0.0.1", "page.test", 1) // an origin ollama does not let in by default
		refusing := startOllama(t, "")
		open(t, page+"/doctor.html")
		expect(t, diagnose(t, refusing), "refuses-origin", "OLLAMA_ORIGINS="+page+" ollama serve")
		expect(t, reasonOfChat(t, refusing), "refuses-origin", "OLLAMA_ORIGINS="+page)

		allowing := startOllama(t, "http://page.test:*")
		d := diagnose(t, allowing)
		expect(t, d, "ok")
		if d.Server != "ollama" || len(d.Models) != 2 {
			t.Errorf("ollama with the page's origin allowed: %+v", d)
		}
	})

	t.Run("MixedContent", func(t *testing.T) {
		api := edgentest.NewServer(edgentest.Config{})
		defer api.Close()
		insecure := strings.Replace(api.URL, "127.0.0.1", "api.test", 1)
		open(t, strings.Replace(secure.URL, "127.0.0.1", "page.test", 1)+"/doctor.html")
		if ok, err := evalPage[bool](b, `isSecureContext && location.protocol === "https:"`); err != nil || !ok {
			t.Fatalf("the https page is not a secure context: %v", err)
		}
		expect(t, diagnose(t, insecure), "mixed-content", "This page is https and "+insecure, "mixed content")
		expect(t, reasonOfChat(t, insecure), "mixed-content")
		if n := api.Fake.Requests(""); len(n) != 0 {
			t.Errorf("the blocked server got %d requests", len(n))
		}
	})

	// Chromium's Local Network Access: a page in the public address space
	// (--ip-address-space-overrides makes the page's server public) may
	// reach this computer only with the permission, which an insecure
	// (http) page is denied.
	t.Run("LocalNetworkDenied", func(t *testing.T) {
		api := edgentest.NewServer(edgentest.Config{})
		defer api.Close()
		port := plain.URL[strings.LastIndex(plain.URL, ":")+1:]
		b = newBrowser(t, doctorLimit,
			chromedp.Flag("host-resolver-rules", "MAP *.test 127.0.0.1"),
			chromedp.Flag("ip-address-space-overrides", "127.0.0.1:"+port+"=public"))
		open(t, strings.Replace(plain.URL, "127.0.0.1", "public.test", 1)+"/doctor.html")
		expect(t, diagnose(t, api.URL), "local-network-denied", "does not let this page reach servers on this computer", "Local network access")
		expect(t, reasonOfChat(t, api.URL), "local-network-denied")
		if n := api.Fake.Requests(""); len(n) != 0 {
			t.Errorf("the server behind the permission got %d requests", len(n))
		}
	})
}

// closedPort is a loopback port nothing listens on: one that was just free.
func closedPort(t *testing.T) int {
	t.Helper()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// startOllama starts an ollama of this test's own on a free port, with
// OLLAMA_ORIGINS set to origins (unless empty), through ../shared/peers'
// run-ollama.sh and the binary `make peers` built, and returns its OpenAI
// base URL; it is stopped when the test ends. The shared ollama is never
// touched.
func startOllama(t *testing.T, origins string) string {
	t.Helper()
	peertest.Ollama(t) // skipped (or failed under make test) like every test of the peers
	script := filepath.Join(mustRoot(t), "..", "..", "shared", "peers", "ollama", "run-ollama.sh")
	if dir := os.Getenv("EDGEN_PEERS"); dir != "" {
		script = filepath.Join(dir, "ollama", "run-ollama.sh")
	}
	home, _ := os.UserHomeDir()
	built := filepath.Join(home, ".cache", "edgen-peers")
	if dir := os.Getenv("EDGEN_PEERS_WORK"); dir != "" {
		built = dir
	}
	for _, f := range []string{script, filepath.Join(built, "bin", "ollama"), filepath.Join(built, "tiny.gguf")} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("ollama of its own needs %s (make peers builds it): %v", f, err)
		}
	}
	work := t.TempDir()
	if err := os.Mkdir(filepath.Join(work, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"bin/ollama", "tiny.gguf"} {
		if err := os.Symlink(filepath.Join(built, f), filepath.Join(work, f)); err != nil {
			t.Fatal(err)
		}
	}
	port := closedPort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "WORK="+work, "OLLAMA_ORIGINS="+origins)
	out, err := cmd.CombinedOutput()
	t.Cleanup(func() {
		pid, err := os.ReadFile(filepath.Join(work, "ollama.pid"))
		if err != nil {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(pid)))
		if err != nil {
			return
		}
		// SIGTERM: ollama stops its runner child itself. It is no child of
		// this process (the script's shell started it), so its end is
		// watched with signal 0.
		if syscall.Kill(n, syscall.SIGTERM) != nil {
			return
		}
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if syscall.Kill(n, 0) != nil {
				return
			}
		}
		t.Errorf("ollama (pid %d) did not stop", n)
	})
	if err != nil || !strings.Contains(string(out), "ollama up") {
		log, _ := os.ReadFile(filepath.Join(work, "ollama.log"))
		t.Fatalf("starting ollama on port %d: %v\n%s\n%s", port, err, out, log)
	}
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/v1"
}

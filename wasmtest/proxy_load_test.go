//go:build !js

package wasmtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/devserver"
	"github.com/edgen-browser/edgen/internal/devserver/proxytest"
)

// browserChats and browserConc size the browser's load: streamed chats in
// all, and how many at a time.
const browserChats, browserConc = 400, 24

// browserLoadLimit bounds the browser's load: a hang guard, not a timing check.
const browserLoadLimit = 5 * time.Minute

// loadJS is the page of the browser load: it streams browserChats chats
// through the proxy, browserConc at a time, each with its X-Load-Id
// (proxytest.LoadID), reads each answer whole and logs "done" with the
// SHA-256 of every answer's bytes (or the error that ended it) by id.
const loadJS = `
const chats = Number(new URLSearchParams(location.search).get("chats"));
const conc = Number(new URLSearchParams(location.search).get("conc"));
const results = {};
async function one(i) {
  const prompt = "load test chat number " + i + " of many";
  try {
    const resp = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Load-Id": String(i)},
      body: JSON.stringify({model: "default", stream: true, messages: [
        {role: "user", content: "earlier words ".repeat(i * 37 % 300)},
        {role: "assistant", content: "Hello!"},
        {role: "user", content: prompt}]}),
    });
    const body = await resp.arrayBuffer();
    const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    results[i] = resp.status + " " + Array.from(sum, b => b.toString(16).padStart(2, "0")).join("");
  } catch (e) {
    results[i] = "error " + e;
  }
}
(async () => {
  let next = 0;
  await Promise.all(Array.from({length: conc}, async () => { while (next < chats) await one(next++); }));
  console.log("done " + JSON.stringify(results));
})();
`

// TestLoadFromTheBrowser is the load test of serve.go's proxy
// (internal/devserver) in headless Chromium, where the proxy once cut
// answers (ERR_INCOMPLETE_CHUNKED_ENCODING): every answer must arrive whole,
// byte for byte what the upstream sent.
func TestLoadFromTheBrowser(t *testing.T) {
	web := t.TempDir()
	if err := os.Mkdir(filepath.Join(web, "page"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"page/index.html": `<!doctype html><title>load</title><script src="/page/load.js"></script>`,
		"page/load.js":    loadJS,
	} {
		if err := os.WriteFile(filepath.Join(web, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fake := edgentest.NewServer(edgentest.Config{})
	t.Cleanup(fake.Close)
	rec := proxytest.NewRecorder(devserver.NewTransport())
	url := serveDemo(t, devserver.Options{EdgenURL: fake.URL, WebDir: web, Transport: rec})

	b := newBrowser(t, browserLoadLimit)
	started := time.Now()
	lines, err := b.run(url+"?chats="+strconv.Itoa(browserChats)+"&conc="+strconv.Itoa(browserConc), browserLoadLimit,
		func(line string) bool { return strings.HasPrefix(line, "done ") })
	if err != nil {
		t.Fatalf("the page never finished: %v\n%s", err, tail(strings.Join(lines, "\n"), 20))
	}
	var results map[string]string
	if err := json.Unmarshal([]byte(strings.TrimPrefix(lines[len(lines)-1], "done ")), &results); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i := range browserChats {
		id := strconv.Itoa(i)
		sent, end, ok := rec.Take(id)
		sum := sha256.Sum256(sent)
		want := "200 " + hex.EncodeToString(sum[:])
		if got := results[id]; !ok || !errors.Is(end, io.EOF) || got != want {
			failed++
			if failed <= 10 {
				t.Errorf("chat %d: the browser read %q; the upstream sent %d bytes, ending %v (%q)", i, got, len(sent), end, want)
			}
		}
	}
	t.Logf("%d streamed chats from Chromium, %d at a time, %d not whole, in %v", browserChats, browserConc, failed, time.Since(started).Round(time.Millisecond))
}

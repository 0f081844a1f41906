//go:build !js

package devserver

import (
	"context"
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

	"github.com/chromedp/chromedp"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// browserChats and browserConc size the browser's load: streamed chats in
// all, and how many at a time.
const browserChats, browserConc = 400, 24

// loadJS is the page of the browser load: it streams browserChats chats
// through the proxy, browserConc at a time, each with its X-Load-Id, reads
// each answer whole and logs "done" with the SHA-256 of every answer's
// bytes (or the error that ended it) by id.
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

// TestLoadFromTheBrowser is the load test in headless Chromium, where the
// proxy once cut answers (ERR_INCOMPLETE_CHUNKED_ENCODING): every answer
// must arrive whole, byte for byte what the upstream sent.
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
	defer fake.Close()
	rec := &recorder{next: newTransport(), sent: map[string]*recording{}}
	srv, _ := start(t, Options{EdgenURL: fake.URL, WebDir: web, Transport: rec})

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("no-first-run", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting /usr/bin/chromium (make deps installs it): %v", err)
	}
	messages := chromedp.Console(tab)
	started := time.Now()
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"?chats="+strconv.Itoa(browserChats)+"&conc="+strconv.Itoa(browserConc))); err != nil {
		t.Fatal(err)
	}
	var results map[string]string
	for m, err := range messages {
		if err != nil {
			t.Fatalf("the page never finished: %v", err)
		}
		if done, ok := strings.CutPrefix(m.Text, "done "); ok {
			if err := json.Unmarshal([]byte(done), &results); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	failed := 0
	for i := range browserChats {
		id := strconv.Itoa(i)
		sent, end, ok := rec.take(id)
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

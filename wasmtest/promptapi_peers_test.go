//go:build !js

package wasmtest

import (
	"fmt"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// TestPromptAPINative lends the model in a Chromium that has a
// LanguageModel of its own: a site allowed keeps the browser's, until the
// person prefers their local model, and then gets the extension's (after a
// reload, which puts the scripts in again).
func TestPromptAPINative(t *testing.T) {
	site := newPromptSite(t)
	rig := startLendRig(t, site, true)
	b, panel := rig.page, rig.panel
	const ours = `typeof LanguageModel === "function" && LanguageModel[Symbol.for("edgen-lend")] === true`
	if native, err := evalPage[bool](b, `typeof LanguageModel === "function"`); err != nil || !native {
		t.Fatalf("this Chromium has no LanguageModel of its own (%v): the test shows nothing", err)
	}
	switchLending(t, panel)
	waitOffer(t, panel, fmt.Sprintf("Let %s use my local model?", site.origin))
	lendPanelClick(t, panel, "lend-visit")
	waitOffer(t, panel, fmt.Sprintf("%s may use your local model (this visit).", site.origin))
	waitVisits(t, b, rig.id, 1)
	if mine, err := evalPage[bool](b, ours); err != nil || mine {
		t.Errorf("the browser's own LanguageModel gave way though the person did not prefer theirs (%v)", err)
	}
	lendPanelClick(t, panel, "lend-prefer")
	if _, err := pollPage[bool](panel, `chrome.storage.local.get("lendPreferLocal").then((s) => s.lendPreferLocal === true)`); err != nil {
		t.Fatal(err)
	}
	if err := doPage(b, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if err := pollMain(b, ours); err != nil {
		t.Fatalf("preferring the local model, the site does not get it: %v", err)
	}
	rig.fake.faults.set("")
	if logs := runExample(t, b, "structured"); !slices.Equal(logs, []string{"1"}) {
		t.Errorf("the example printed %q", logs)
	}
}

// TestPromptAPIOllama runs the explainer's examples on a site allowed for
// this visit, the extension pointed at the real ollama (its tiny model,
// random weights: the words are gibberish, the shapes are real).
func TestPromptAPIOllama(t *testing.T) {
	base := ollamaForExtensions(t, peertest.Ollama(t))
	site := newPromptSite(t)
	rig := startLendRig(t, site, false)
	b, panel := rig.page, rig.panel
	// The person gives the extension access to the server (in Chrome's
	// settings), then saves its address in the panel, whose Save asks for
	// that access.
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	grantHost(t, b, rig.id, u.Scheme+"://"+u.Host)
	if err := doPage(b, chromedp.Navigate(site.URL+"/")); err != nil {
		t.Fatal(err)
	}
	clickAction(t, b, rig.id, site.URL+"/")
	lendPanelClick(t, panel, "settings summary")
	err = doPage(panel, chromedp.SetValue(chromedp.CSS("#base-url"), strings.TrimSuffix(base, "/")),
		chromedp.SetValue(chromedp.CSS("#model"), "tiny"), chromedp.Click(chromedp.CSS("#save")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pollPage[bool](panel, fmt.Sprintf(`chrome.permissions.contains({origins: [%q]})`, u.Scheme+"://"+u.Host+"/*")); err != nil {
		t.Fatalf("the extension has no access to ollama: %v", err)
	}
	rig.allowVisit(t, site)
	if got, err := evalPage[string](b, `LanguageModel.availability()`); err != nil || got != "available" {
		t.Fatalf("availability() with ollama = %q (%v), want available", got, err)
	}
	// The tiny model's random weights never end an answer: each runs to the
	// server's token limit, some seconds on a shared machine.
	const slow = 4 * time.Minute
	if logs := runExampleWithin(t, b, "zeroShot", slow); len(logs) < 2 || strings.HasPrefix(logs[0], "threw") {
		t.Errorf("zero-shot with ollama printed %q", logs)
	}
	if logs := runExampleWithin(t, b, "persistence", slow); len(logs) != 5 || !strings.Contains(logs[2], "tokens used, out of") {
		t.Errorf("the session's history with ollama printed %q", logs)
	}
	streamed, err := evalPage[[]string](b, `(async () => {
		const s = await LanguageModel.create();
		const reader = s.promptStreaming("Write me an extra-long poem.").getReader();
		const pieces = [];
		while (pieces.length < 3) {
			const { value, done } = await reader.read();
			if (done) break;
			pieces.push(typeof value);
		}
		await reader.cancel();
		s.destroy();
		return pieces;
	})()`)
	if err != nil || !slices.Equal(streamed, []string{"string", "string", "string"}) {
		t.Errorf("the first pieces of a streamed answer from ollama: %q (%v), want three strings", streamed, err)
	}
	got, err := evalPage[string](b, `(async () => {
		const s = await LanguageModel.create();
		const c = new AbortController();
		const p = s.prompt("Write me a poem", {signal: c.signal});
		c.abort();
		return p.then(() => "answered", (e) => e.name);
	})()`)
	if err != nil || got != "AbortError" {
		t.Errorf("an aborted prompt with ollama ended %q (%v), want AbortError", got, err)
	}
}

// ollamaForExtensions returns the base URL of a proxy to ollama at base
// that stands for ollama started with OLLAMA_ORIGINS=chrome-extension://*,
// as its documentation says for browser extensions: the peer accepts only
// http://127.0.0.1 and localhost origins, and refuses the extension's
// requests (403) for their Origin header, which the proxy leaves out.
func ollamaForExtensions(t *testing.T, base string) string {
	t.Helper()
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(&url.URL{Scheme: target.Scheme, Host: target.Host})
		r.Out.Header.Del("Origin")
	}}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL + target.Path
}

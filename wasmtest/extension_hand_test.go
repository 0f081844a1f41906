//go:build !js

package wasmtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestExtensionByHand uses the extension as a person does, by keyboard and
// mouse, in headed Chromium on a virtual X display: the toolbar button's
// shortcut (Alt+Shift+E) on an article opens the side panel and lets
// "Ask about this page" read the article; with the panel closed, on another
// site, a right-click on a selection and the real context menu's entry open
// the panel and ask about the selection, and let it read that page too.
// Neither the shortcut nor the menu can be reached from CDP or headless.
func TestExtensionByHand(t *testing.T) {
	x := startXvfb(t)
	dir := makeExtension(t)
	manifest := readManifest(t, dir)
	fake := newExtensionFake(t, edgentest.Config{})
	article := httptest.NewServer(http.HandlerFunc(serveArticle))
	t.Cleanup(article.Close)
	other := httptest.NewServer(http.HandlerFunc(serveArticle)) // another origin: another site
	t.Cleanup(other.Close)
	b := newBrowser(t, 4*time.Minute,
		chromedp.Flag("headless", false),
		chromedp.Env("DISPLAY="+x.name),
		chromedp.Flag("ozone-platform", "x11"),
		chromedp.WindowSize(xWindowW, xWindowH),
		chromedp.Flag("window-position", "0,0"),
		chromedp.Flag("load-extension", dir),
		chromedp.Flag("disable-extensions-except", dir),
	)
	id := waitExtension(t, b, manifest.id)
	if _, err := evalWorker[any](b, id, fmt.Sprintf(`chrome.storage.local.set({baseURL: %q})`, fake.baseURL)); err != nil {
		t.Fatalf("pointing the extension at the fake: %v", err)
	}
	if err := doPage(b, chromedp.Navigate(article.URL+"/article")); err != nil {
		t.Fatalf("opening the article: %v", err)
	}

	t.Run("shortcut", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		x.pointAtWindow(t)
		x.press(t, "alt+shift+e")
		pollPanel(t, b, id, `!document.getElementById("send").disabled && "ready"`)
		q := askByHand(t, b, id, fake, scenario, "Asked about the page")
		if !strings.Contains(q, articleIntro) || !strings.Contains(q, articleRest) {
			t.Errorf("after Alt+Shift+E the question is %q, want the article's text", q)
		}
	})

	t.Run("context-menu", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		closePanel(t, b, id)
		if err := doPage(b, chromedp.Navigate(other.URL+"/article"), chromedp.Evaluate[chromedp.Void](selectIntro)); err != nil {
			t.Fatalf("selecting in the article on another site: %v", err)
		}
		at, err := evalPage[[]float64](b, `(() => { const r = document.getElementById("intro").getBoundingClientRect(); return [r.x + 10, r.y + r.height / 2]; })()`)
		if err != nil || len(at) != 2 {
			t.Fatalf("where the selection is: %v, %v", at, err)
		}
		x.pointOutside(t)
		before := x.shownWindows(t)
		if err := doPage(b, chromedp.MouseClickXY(at[0], at[1], chromedp.ButtonRight)); err != nil {
			t.Fatalf("right-clicking the selection: %v", err)
		}
		x.waitNewWindow(t, before) // the menu
		// The menu's only entry starting with A: "Ask Edgen about the selection".
		x.press(t, "a")
		note := pollPanel(t, b, id, `(() => { const n = document.getElementById("context-note").textContent; return n.startsWith("Asked about") && n; })()`)
		if !strings.Contains(note, "the selection on “"+articleTitle+"”") {
			t.Errorf("after the context menu the panel says %q, want that it asked about the selection", note)
		}
		q := waitAnswered(t, b, id, fake, scenario)
		if !strings.Contains(q, articleIntro) || strings.Contains(q, articleRest) || !strings.Contains(q, "Explain this.") {
			t.Errorf("the question the context menu sent is %q: want the default question about the selection %q alone", q, articleIntro)
		}

		// The menu's click let the extension read the tab, as the button's does.
		scenario = fake.faults.set("gap=0ms;answer=Noted.")
		if err := doPage(b, chromedp.Evaluate[chromedp.Void](`getSelection().removeAllRanges()`)); err != nil {
			t.Fatal(err)
		}
		if q := askByHand(t, b, id, fake, scenario, "Asked about the page"); !strings.Contains(q, articleRest) {
			t.Errorf("after the context menu, Ask about this page sent %q, want the page's text", q)
		}
	})
	saveScreenshot(t, waitSidePanel(t, b, id), "extension", "panel-by-hand.png")
}

// isPanel reports whether tg is the extension id's side panel.
func isPanel(id string) func(tg *target.Info) bool {
	return func(tg *target.Info) bool { return tg.URL == "chrome-extension://"+id+"/panel.html" }
}

// pollPanel waits, at most embedWait, until expr (awaited, in the side
// panel) gives a non-empty string, and returns it.
func pollPanel(t *testing.T, b *browser, id, expr string) string {
	t.Helper()
	return pollTarget(t, b, "the side panel", isPanel(id), expr)
}

// pollTarget waits, at most embedWait, until expr (awaited, in the first
// target that match accepts, named what) gives a non-empty string, and
// returns it. It attaches afresh each time (evalTarget): a CDP session held
// on an extension page that Chromium opened itself, in a side panel of
// headed Chromium or a new tab, stops answering.
func pollTarget(t *testing.T, b *browser, what string, match func(*target.Info) bool, expr string) string {
	t.Helper()
	var last error
	for deadline := time.Now().Add(embedWait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		v, err := evalTarget[any](b, what, match, expr)
		if s, ok := v.(string); ok && s != "" {
			return s
		}
		last = err
	}
	now, _ := evalTarget[string](b, what, match, `document.body.innerText`)
	t.Fatalf("%s did not give %s within %v (%v); it shows:\n%s", what, expr, embedWait, last, now)
	return ""
}

// askByHand clicks the panel's "Ask about this page", waits until its note
// starts with note, and returns the question that reached the fake.
func askByHand(t *testing.T, b *browser, id string, fake *extensionFake, scenario, note string) string {
	t.Helper()
	if _, err := evalTarget[any](b, "the side panel", isPanel(id), `document.getElementById("ask-page").click()`); err != nil {
		t.Fatalf("clicking Ask about this page: %v", err)
	}
	pollPanel(t, b, id, fmt.Sprintf(`(() => { const n = document.getElementById("context-note").textContent; return n.startsWith(%s) && n; })()`, strconv.Quote(note)))
	return waitAnswered(t, b, id, fake, scenario)
}

// waitAnswered returns the question that reached the fake under scenario,
// once the panel has shown the whole answer.
func waitAnswered(t *testing.T, b *browser, id string, fake *extensionFake, scenario string) string {
	t.Helper()
	q := waitQuestion(t, fake, scenario)
	pollPanel(t, b, id, `!document.getElementById("send").hidden && !document.querySelector("#messages [data-state=streaming]") && "done"`)
	return q
}

// closePanel closes the side panel of the browser's window, as its close
// button does, and waits until it is gone.
func closePanel(t *testing.T, b *browser, id string) {
	t.Helper()
	// From the panel, not the service worker, which Chrome stops when idle.
	if _, err := evalTarget[any](b, "the side panel", isPanel(id), `chrome.windows.getCurrent().then((w) => chrome.sidePanel.close({windowId: w.id}))`); err != nil {
		t.Fatalf("closing the side panel: %v", err)
	}
	for deadline := time.Now().Add(embedWait); ; time.Sleep(20 * time.Millisecond) {
		targets, err := chromedp.Targets(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(targets, isPanel(id)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the side panel still runs %v after it was closed", embedWait)
		}
	}
}

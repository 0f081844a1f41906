//go:build !js

package wasmtest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

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
	article, other := serveArticles(t)
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
	if err := doPage(b, chromedp.Navigate(article+"/article")); err != nil {
		t.Fatalf("opening the article: %v", err)
	}

	t.Run("shortcut", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		x.pointAtWindow(t)
		x.press(t, "alt+shift+e")
		pollChat(t, sidePanel(b, id), `!document.getElementById("send").disabled && "ready"`)
		q := askPage(t, sidePanel(b, id), fake, scenario)
		if !strings.Contains(q, articleIntro) || !strings.Contains(q, articleRest) {
			t.Errorf("after Alt+Shift+E the question is %q, want the article's text", q)
		}
	})

	t.Run("context-menu", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		closePanel(t, b, id)
		if err := doPage(b, chromedp.Navigate(other+"/article"), chromedp.Evaluate[chromedp.Void](selectIntro)); err != nil {
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
		note := pollChat(t, sidePanel(b, id), askedNote)
		if !strings.Contains(note, "the selection on “"+articleTitle+"”") {
			t.Errorf("after the context menu the panel says %q, want that it asked about the selection", note)
		}
		q := waitAnswered(t, sidePanel(b, id), fake, scenario)
		if !strings.Contains(q, articleIntro) || strings.Contains(q, articleRest) || !strings.Contains(q, "Explain this.") {
			t.Errorf("the question the context menu sent is %q: want the default question about the selection %q alone", q, articleIntro)
		}

		// The menu's click let the extension read the tab, as the button's does.
		scenario = fake.faults.set("gap=0ms;answer=Noted.")
		if err := doPage(b, chromedp.Evaluate[chromedp.Void](`getSelection().removeAllRanges()`)); err != nil {
			t.Fatal(err)
		}
		if q := askPage(t, sidePanel(b, id), fake, scenario); !strings.Contains(q, articleRest) {
			t.Errorf("after the context menu, Ask about this page sent %q, want the page's text", q)
		}
	})
	saveScreenshot(t, waitSidePanel(t, b, id), "extension", "panel-by-hand.png")
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

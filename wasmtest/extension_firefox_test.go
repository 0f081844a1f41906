//go:build !js

package wasmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestExtensionFirefox loads Firefox's build of the extension (`make
// extension` writes it beside Chrome's) into headless Firefox ESR as a
// temporary add-on (WebDriver BiDi's webExtension.install), with an article
// open in a tab; clicks the extension's button in the toolbar (a native
// click, through Firefox's own toolbar: the sidebar opens and the extension
// gets activeTab for the tab), points the sidebar at the fake Edgen through
// its settings, and chats: the answer streams in, and "Ask about this page"
// sends the selection or the page's text, on another site only after a
// click there, never on a browser page. It checks the zip and has
// `web-ext lint` (npm) judge the build as addons.mozilla.org would.
//
// The toolbar and the sidebar are the browser's own window, which WebDriver
// BiDi reaches in the tests' Firefox (startFirefox, moz:scope "chrome"): the
// test reads where the button is and clicks it there. The sidebar's page
// itself is reached through panel.html open in a background tab, another
// page of the extension, which sees the sidebar's window
// (chrome.extension.getViews).
func TestExtensionFirefox(t *testing.T) {
	dir := makeExtension(t) + "-firefox"
	lint := lintFirefoxBuild(t, dir)
	checkZip(t, dir, "edgen-extension-firefox.zip")
	fake := newExtensionFake(t, edgentest.Config{Gap: 40 * time.Millisecond})
	article, other := serveArticles(t)
	f := startFirefox(t)
	addon := installAddon(t, f, dir)
	if err := f.open(article + "/article"); err != nil {
		t.Fatalf("opening the article: %v", err)
	}

	if area := addon.chromeString(t, `CustomizableUI.getPlacementOfWidget(WIDGET + "-browser-action")?.area ?? "nowhere"`); area != "nav-bar" {
		t.Errorf("the extension's button is in %q, want the toolbar (nav-bar: the manifest's action.default_area)", area)
	}
	addon.clickButton(t)
	panel := addon.sidebar(t)
	pollChat(t, panel, `!document.getElementById("send").disabled && "ready"`)

	if !t.Run("settings", func(t *testing.T) {
		if _, err := panel.eval(fmt.Sprintf(`(() => {
			document.getElementById("base-url").value = %q;
			document.getElementById("settings-form").requestSubmit();
		})()`, fake.baseURL)); err != nil {
			t.Fatalf("saving the settings: %v", err)
		}
		status := pollChat(t, panel, fmt.Sprintf(`(() => {
			const s = document.getElementById("status").textContent;
			return s.startsWith("Edgen ") && s.endsWith(" at " + %q) && s;
		})()`, fake.baseURL))
		t.Logf("status line: %s", status)
	}) {
		return
	}

	t.Run("stream", func(t *testing.T) {
		prompt := "tell me what streaming looks like in a sidebar when the answer comes one word at a time"
		fake.faults.set("")
		if _, err := panel.eval(observeAnswers); err != nil {
			t.Fatal(err)
		}
		if _, err := panel.eval(fmt.Sprintf(`(() => {
			document.getElementById("prompt").value = %q;
			document.getElementById("send").click();
		})()`, prompt)); err != nil {
			t.Fatalf("sending the prompt: %v", err)
		}
		want := canned(prompt)
		pollChat(t, panel, fmt.Sprintf(`(() => { const a = %s; return a === %q && a; })()`, lastAnswer, want))
		seen, err := evalChat[[]string](panel, `globalThis.seenAnswers`)
		if err != nil {
			t.Fatalf("the texts the answer showed: %v", err)
		}
		checkStreamed(t, seen, want)
	})

	t.Run("ask/selection", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := f.eval(selectIntro, nil); err != nil {
			t.Fatalf("selecting in the article: %v", err)
		}
		q := askPage(t, panel, fake, scenario)
		checkAskedSelection(t, q)
	})

	t.Run("ask/page", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := f.eval(`getSelection().removeAllRanges()`, nil); err != nil {
			t.Fatalf("clearing the selection: %v", err)
		}
		q := askPage(t, panel, fake, scenario)
		checkAskedPage(t, q)
	})

	t.Run("ask/other-site", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := f.open(other + "/article"); err != nil {
			t.Fatalf("opening the article on another site: %v", err)
		}
		refused := askRefused(t, panel)
		if !strings.Contains(refused, "Alt+Shift+E") || !strings.Contains(refused, "toolbar") {
			t.Errorf("on a page it may not read, the sidebar says %q: want how to let it (the toolbar button, Alt+Shift+E)", refused)
		}
		if n := len(fake.fake.Requests(scenario)); n > 0 {
			t.Fatalf("%d questions reached the fake though the page could not be read", n)
		}
		addon.clickButton(t)
		if q := askPage(t, panel, fake, scenario); !strings.Contains(q, articleRest) {
			t.Errorf("after a click on the button on the other site, the question is %q, want the page's text", q)
		}
	})

	t.Run("ask/browser-page", func(t *testing.T) {
		if err := f.open("about:robots"); err != nil {
			t.Fatalf("opening about:robots: %v", err)
		}
		addon.clickButton(t)
		refused := askRefused(t, panel)
		t.Logf("on about:robots: %s", refused)
		if !strings.HasPrefix(refused, "This page cannot be read: browser pages") {
			t.Errorf("on about:robots the sidebar says %q, want a sentence that browser pages cannot be read", refused)
		}
	})

	if p, err := panel.eval(`document.defaultView.edgenProblems.join("\n")`); err != nil || p != "" {
		t.Errorf("the sidebar reported problems (%v):\n%v", err, p)
	}
	if p := f.problems(); p != "" {
		t.Errorf("the tabs reported problems:\n%s", p)
	}
	t.Run("web-ext-lint", lint)
}

// firefoxAddon is the extension installed in Firefox.
type firefoxAddon struct {
	f      *firefoxEngine
	id     string // its Gecko id
	helper string // the tab of panel.html that reaches the sidebar; "" until sidebar
}

// installAddon installs the unpacked extension in dir as a temporary
// add-on and checks that it runs under the Gecko id of its manifest.
func installAddon(t *testing.T, f *firefoxEngine, dir string) *firefoxAddon {
	t.Helper()
	var m struct {
		Settings struct{ Gecko struct{ ID string } } `json:"browser_specific_settings"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err == nil {
		err = json.Unmarshal(raw, &m)
	}
	if err != nil || m.Settings.Gecko.ID == "" {
		t.Fatalf("Firefox's manifest.json has no browser_specific_settings.gecko.id (%v)", err)
	}
	var installed struct{ Extension string }
	if err := f.conn.call("webExtension.install", map[string]any{
		"extensionData": map[string]string{"type": "path", "path": dir},
	}, &installed); err != nil {
		t.Fatalf("installing the extension as a temporary add-on: %v", err)
	}
	if installed.Extension != m.Settings.Gecko.ID {
		t.Errorf("the add-on runs as %q, want its Gecko id %q", installed.Extension, m.Settings.Gecko.ID)
	}
	return &firefoxAddon{f: f, id: installed.Extension}
}

// chromeString evaluates expr (awaited) in Firefox's own window and returns
// its value as a string. WIDGET in expr is the extension's widget id, the
// prefix of its toolbar button's and sidebar's ids.
func (a *firefoxAddon) chromeString(t *testing.T, expr string) string {
	t.Helper()
	s, err := a.chromeEval(expr)
	if err != nil {
		t.Fatalf("in Firefox's own window: %v", err)
	}
	return s
}

// chromeEval is chromeString returning the error.
func (a *firefoxAddon) chromeEval(expr string) (string, error) {
	var s string
	err := a.f.evalIn(a.f.window, fmt.Sprintf(`(() => {
		const { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");
		const WIDGET = ExtensionCommon.makeWidgetId(%q);
		return String(%s);
	})()`, a.id, expr), &s)
	return s, err
}

// clickButton clicks the extension's button in the toolbar with a native
// mouse click on its middle, as a person would: the click goes through
// Firefox's toolbar, which grants the extension activeTab for the tab and
// fires action.onClicked.
func (a *firefoxAddon) clickButton(t *testing.T) {
	t.Helper()
	a.chromeString(t, `(() => {
		const button = document.getElementById(WIDGET + "-browser-action")?.querySelector("toolbarbutton");
		if (!button) throw new Error("the extension's button is not in the toolbar");
		const r = button.getBoundingClientRect();
		const x = (mozInnerScreenX + r.left + r.width / 2) * devicePixelRatio;
		const y = (mozInnerScreenY + r.top + r.height / 2) * devicePixelRatio;
		const u = windowUtils;
		for (const m of [u.NATIVE_MOUSE_MESSAGE_MOVE, u.NATIVE_MOUSE_MESSAGE_BUTTON_DOWN, u.NATIVE_MOUSE_MESSAGE_BUTTON_UP]) {
			u.sendNativeMouseEvent(x, y, m, 0, 0, button, null);
		}
	})()`)
}

// sidebar waits until the extension's sidebar shows panel.html and returns
// it as a chat page. Its expressions read the sidebar through document
// (other globals are those of the tab that reaches it). It records the
// sidebar's uncaught errors, unhandled rejections and console errors from
// then on in its edgenProblems.
func (a *firefoxAddon) sidebar(t *testing.T) chatPage {
	t.Helper()
	var url string
	for deadline := time.Now().Add(embedWait); ; time.Sleep(50 * time.Millisecond) {
		got, err := a.chromeEval(`SidebarController.isOpen && SidebarController.currentID === WIDGET + "-sidebar-action" &&
			SidebarController.browser.contentDocument?.getElementById("webext-panels-browser")?.currentURI.spec`)
		if err == nil && strings.HasSuffix(got, "/panel.html") {
			url = got
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sidebar did not open panel.html within %v (%q, %v)", embedWait, got, err)
		}
	}
	if a.helper == "" {
		var created struct{ Context string }
		if err := a.f.conn.call("browsingContext.create", map[string]any{"type": "tab", "background": true}, &created); err != nil {
			t.Fatalf("opening a tab for panel.html: %v", err)
		}
		if err := a.f.conn.call("browsingContext.navigate", map[string]any{"context": created.Context, "url": url, "wait": "complete"}, nil); err != nil {
			t.Fatalf("opening %s in a tab: %v", url, err)
		}
		a.helper = created.Context
	}
	page := chatPage{what: "the sidebar", eval: func(expr string) (any, error) {
		var v any
		err := a.f.evalIn(a.helper, fmt.Sprintf(`(() => {
			const [view] = chrome.extension.getViews({ type: "sidebar" });
			if (!view) throw new Error("the sidebar is not open");
			return ((document) => (%s))(view.document);
		})()`, expr), &v)
		return v, err
	}}
	if _, err := page.eval(`(() => {
		const view = document.defaultView;
		if (view.edgenProblems) return;
		const problems = view.edgenProblems = [];
		view.addEventListener("error", (ev) => problems.push("uncaught: " + ev.message));
		view.addEventListener("unhandledrejection", (ev) => problems.push("unhandled rejection: " + ev.reason));
		const error = view.console.error;
		view.console.error = (...args) => { problems.push("console.error: " + args.join(" ")); error.apply(view.console, args); };
	})()`); err != nil {
		t.Fatalf("watching the sidebar for problems: %v", err)
	}
	return page
}

// lintFirefoxBuild starts `web-ext lint` (npm, web/package.json) on the
// Firefox build in dir, the checks addons.mozilla.org runs on an upload,
// and returns the subtest that judges what it found: no error and no
// warning, except the three about code the extension bundles from npm and
// the library, each UNSAFE_VAR_ASSIGNMENT in panel.js: highlight.js and
// DOMPurify set innerHTML with what they made safe, and the loader's
// import() of a name (node:fs/promises, in Node only).
func lintFirefoxBuild(t *testing.T, dir string) func(*testing.T) {
	t.Helper()
	webExt := filepath.Join(mustRoot(t), "web", "node_modules", ".bin", "web-ext")
	if _, err := os.Stat(webExt); err != nil {
		t.Fatalf("web-ext (web/package.json, npm ci): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	cmd := exec.CommandContext(ctx, webExt, "lint", "--source-dir", dir, "--output", "json", "--no-config-discovery")
	cmd.Env = append(os.Environ(), "NO_UPDATE_NOTIFIER=1")
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting web-ext lint: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return func(t *testing.T) {
		var err error
		select {
		case err = <-done:
			done <- err // for the cleanup
		case <-ctx.Done():
			t.Fatalf("web-ext lint did not end within %v", buildTimeout)
		}
		type finding struct{ Code, File, Message string }
		var report struct {
			Errors, Warnings, Notices []finding
		}
		if jerr := json.Unmarshal([]byte(stdout.String()), &report); jerr != nil {
			t.Fatalf("web-ext lint (%v) printed no report: %v\n%s\n%s", err, jerr, tail(stdout.String(), 20), tail(stderr.String(), 20))
		}
		for _, e := range report.Errors {
			t.Errorf("web-ext lint: error %s in %s: %s", e.Code, e.File, e.Message)
		}
		for _, w := range report.Warnings {
			if w.Code == "UNSAFE_VAR_ASSIGNMENT" && w.File == "panel.js" {
				continue
			}
			t.Errorf("web-ext lint: warning %s in %s: %s", w.Code, w.File, w.Message)
		}
		if n := len(report.Warnings); n > 3 {
			t.Errorf("web-ext lint warns %d times, want at most the 3 about the bundled libraries", n)
		}
		t.Logf("web-ext lint: %d errors, %d warnings, %d notices", len(report.Errors), len(report.Warnings), len(report.Notices))
		for _, n := range report.Notices {
			t.Logf("web-ext lint: notice %s in %s: %s", n.Code, n.File, n.Message)
		}
		if err != nil && len(report.Errors) == 0 {
			t.Errorf("web-ext lint failed without an error in its report: %v\n%s", err, tail(stderr.String(), 20))
		}
	}
}

//go:build !js

package wasmtest

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// extensionCSP is the only CSP the extension's pages may have: nothing
// looser than what the wasm needs.
const extensionCSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"

// embedWait bounds each wait of the extension and worker tests on the page.
const embedWait = 30 * time.Second

// TestExtension loads the browser extension (web/extension/, assembled by
// `make extension`) unpacked in headless Chromium as an update of version
// 0.1.0 would find it, with an article open in a tab, clicks the
// extension's toolbar button on that tab (CDP's Extensions.triggerAction,
// which runs the button's own click: the real side panel opens and the
// extension gets activeTab for the tab), points the panel at the fake Edgen
// through its settings, and chats: the answer streams in as Markdown, Stop
// and Escape end it, the conversation survives a reload of the panel, "Ask
// about this page" sends the selection or the page's text, on another site
// only after a click there, never on a browser page, the open page as a
// tool the model reads (extension_tools_test.go), and axe-core finds
// nothing. TestExtensionByHand uses the keyboard shortcut and the context
// menu, which only a real keyboard reaches.
//
// The fake listens on a random port that the manifest's host_permissions do
// not cover: the panel reaches it through CORS alone (the fake, like Edgen,
// answers "Access-Control-Allow-Origin: *"), which the test checks.
func TestExtension(t *testing.T) {
	dir := makeExtension(t)
	manifest := readManifest(t, dir)
	checkZip(t, dir, "edgen-extension.zip")
	fake := newExtensionFake(t, edgentest.Config{Gap: 40 * time.Millisecond})
	article, other := serveArticles(t)
	b := newBrowser(t, 4*time.Minute,
		chromedp.Flag("headless", "new"), // the headless mode that runs extensions
		chromedp.Flag("load-extension", dir),
		chromedp.Flag("disable-extensions-except", dir),
		chromedp.Flag("enable-unsafe-extension-debugging", true), // Extensions.triggerAction
	)
	id := waitExtension(t, b, manifest.id)
	// What version 0.1.0 left in Chrome, kept across updates: the button
	// opening the panel by itself, so that a click grants no activeTab.
	if _, err := evalWorker[any](b, id, `chrome.sidePanel.setPanelBehavior({openPanelOnActionClick: true})`); err != nil {
		t.Fatalf("setting the old panel behaviour: %v", err)
	}
	manifestErrs := extensionErrors(t, b, id, true) // reloads the extension, as an update does
	waitPanelBehaviorReset(t, b, id)
	if err := doPage(b, chromedp.Navigate(article+"/article")); err != nil {
		t.Fatalf("opening the article: %v", err)
	}
	panel := openSidePanel(t, b, id, article+"/article")
	problems := watchProblems(panel.ctx)
	waitPanelReady(t, panel)

	t.Run("manifest", func(t *testing.T) {
		if got := manifest.CSP.ExtensionPages; got != extensionCSP {
			t.Errorf("content_security_policy.extension_pages = %q, want %q", got, extensionCSP)
		}
		want := []string{"http://127.0.0.1:33322/*", "http://localhost:33322/*"}
		if !slices.Equal(manifest.HostPermissions, want) {
			t.Errorf("host_permissions = %q, want only Edgen's default address %q", manifest.HostPermissions, want)
		}
		perms := []string{"activeTab", "contextMenus", "offscreen", "scripting", "sidePanel", "storage", "unlimitedStorage"}
		if got := slices.Sorted(slices.Values(manifest.Permissions)); !slices.Equal(got, perms) {
			t.Errorf("permissions = %q, want %q", got, perms)
		}
		if len(manifestErrs) > 0 {
			t.Errorf("chrome://extensions shows about the extension as loaded:\n%s", strings.Join(manifestErrs, "\n"))
		}
		shortcut, err := evalPage[string](panel, `chrome.commands.getAll().then((cs) => cs.find((c) => c.name === "_execute_action")?.shortcut)`)
		if err != nil || shortcut != "Alt+Shift+E" {
			t.Errorf("the toolbar button's shortcut is %q (%v), want Alt+Shift+E", shortcut, err)
		}
		granted, err := evalPage[bool](panel, `chrome.permissions.contains({origins: ["http://127.0.0.1:33322/*", "http://localhost:33322/*"]})`)
		if err != nil || !granted {
			t.Errorf("Edgen's default address is not granted at install: %v, %v", granted, err)
		}
	})

	if !t.Run("settings", func(t *testing.T) {
		shown, err := evalPage[string](panel, `document.getElementById("base-url").value`)
		if err != nil || shown != "http://127.0.0.1:33322/v1" {
			t.Errorf("the URL field shows %q (%v) before any save, want the default http://127.0.0.1:33322/v1", shown, err)
		}
		err = doPage(panel,
			chromedp.Click(chromedp.CSS("#settings summary")),
			chromedp.SetValue(chromedp.CSS("#base-url"), fake.baseURL),
			chromedp.Click(chromedp.CSS("#save")),
		)
		if err != nil {
			t.Fatalf("saving the settings: %v", err)
		}
		saved, err := pollPage[string](panel, `chrome.storage.local.get("baseURL").then((s) => s.baseURL)`)
		if err != nil || saved != fake.baseURL {
			t.Fatalf("chrome.storage.local baseURL = %q (%v), want %q", saved, err, fake.baseURL)
		}
		// Save asked for the fake's origin; headless Chromium shows no prompt,
		// so the request stays pending and the origin is not granted.
		granted, err := evalPage[bool](panel, fmt.Sprintf(`chrome.permissions.contains({origins: [%q]})`, fake.origin+"/*"))
		if err != nil || granted {
			t.Fatalf("the fake's origin is granted (%v, %v): the test would not show that CORS alone is enough", granted, err)
		}
		status, err := pollPage[string](panel, fmt.Sprintf(`(() => {
			const s = document.getElementById("status").textContent;
			return s.startsWith("Edgen ") && s.endsWith(" at " + %q) && s;
		})()`, fake.baseURL))
		if err != nil {
			now, _ := evalPage[string](panel, `document.getElementById("status").textContent`)
			t.Fatalf("the panel did not reach the fake after the save: %v; status line: %q", err, now)
		}
		t.Logf("status line: %s", status)
	}) {
		return
	}

	t.Run("stream", func(t *testing.T) {
		prompt := "tell me what streaming looks like in a side panel when the answer comes one word at a time"
		fake.faults.set("")
		want := canned(prompt)
		checkStreamed(t, askPanel(t, panel, prompt, want), want)
	})

	t.Run("markdown", func(t *testing.T) {
		fake.faults.set("gap=0ms;answer=Some **bold** words and code:\n\n```go\nx := 1\n```\n")
		sendPanel(t, panel, "show me Markdown")
		got, err := pollPage[string](panel, `(() => {
			const a = document.querySelector("#messages .msg-assistant:last-child[data-state=done] .msg-body");
			const code = a?.querySelector("figure.code-block pre code");
			return a && [a.querySelector("strong")?.textContent, code?.textContent, code?.querySelector(".hljs-number")?.textContent].join("|");
		})()`)
		if err != nil || got != "bold|x := 1\n|1" {
			t.Errorf("the answer's Markdown shows as %q (%v), want bold text and a code block with its number coloured", got, err)
		}
	})

	for _, key := range []string{"Stop", "Escape"} {
		t.Run(strings.ToLower(key), func(t *testing.T) {
			scenario := fake.faults.set("stall-after=3")
			sendPanel(t, panel, "tell me a long story")
			if _, err := pollPage[bool](panel, lastAnswer+` === "Hello! You said:"`); err != nil {
				t.Fatalf("the first three chunks did not arrive: %v", err)
			}
			stop := chromedp.Click(chromedp.CSS("#stop"))
			if key == "Escape" {
				stop = chromedp.KeyEvent(kb.Escape)
			}
			if err := doPage(panel, stop); err != nil {
				t.Fatalf("pressing %s: %v", key, err)
			}
			if err := waitDisconnected(fake.fake, scenario, embedWait); err != nil {
				t.Error(err)
			}
			note, err := pollPage[string](panel, `document.querySelector("#messages .msg-assistant:last-child .msg-note")?.textContent`)
			if err != nil || note != "Stopped" {
				t.Errorf("after %s the answer is marked %q (%v), want %q", key, note, err, "Stopped")
			}
			if _, err := pollPage[bool](panel, `!document.getElementById("send").hidden && document.getElementById("stop").hidden`); err != nil {
				t.Errorf("after %s the panel is not ready for the next prompt: %v", key, err)
			}
		})
	}

	t.Run("reload", func(t *testing.T) {
		const shown = `[...document.querySelectorAll("#messages .msg")].map((m) => m.dataset.id + " " + m.querySelector(".msg-body").textContent)`
		before, err := evalPage[[]string](panel, shown)
		if err != nil || len(before) < 4 {
			t.Fatalf("before the reload the panel shows %d messages (%v), want the earlier ones", len(before), err)
		}
		if err := doPage(panel, chromedp.Reload()); err != nil {
			t.Fatalf("reloading the panel: %v", err)
		}
		waitPanelReady(t, panel)
		after, err := evalPage[[]string](panel, shown)
		if err != nil || !slices.Equal(before, after) {
			t.Errorf("after a reload the panel shows %q (%v), want what it showed before, %q", after, err, before)
		}
	})

	t.Run("ask/selection", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := doPage(b, chromedp.Evaluate[chromedp.Void](selectIntro)); err != nil {
			t.Fatalf("selecting in the article: %v", err)
		}
		q := askPage(t, sidePanel(b, id), fake, scenario)
		checkAskedSelection(t, q)
	})

	t.Run("ask/page", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := doPage(b, chromedp.Evaluate[chromedp.Void](`getSelection().removeAllRanges()`)); err != nil {
			t.Fatalf("clearing the selection: %v", err)
		}
		q := askPage(t, sidePanel(b, id), fake, scenario)
		checkAskedPage(t, q)
	})

	t.Run("ask/long", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := doPage(b, chromedp.Navigate(article+"/long")); err != nil {
			t.Fatalf("opening the long page: %v", err)
		}
		limit := contextLimit(t)
		q := askPage(t, sidePanel(b, id), fake, scenario)
		words := strings.Count(q, longWord)
		if words == 0 || words*len(longWord) > limit {
			t.Errorf("the question holds %d characters of the long page's text, want some and at most %d", words*len(longWord), limit)
		}
		note, err := evalPage[string](panel, `document.getElementById("context-note").textContent`)
		if err != nil || !strings.Contains(note, fmt.Sprintf("only its first %s of", thousands(limit))) {
			t.Errorf("after asking about a long page the panel says %q (%v), want that it was cut", note, err)
		}
	})

	// The grant is for the page the button was clicked on: on another
	// site the panel cannot read the tab until the button is clicked there,
	// or its shortcut pressed.
	t.Run("ask/other-site", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms;answer=Noted.")
		if err := doPage(b, chromedp.Navigate(other+"/article")); err != nil {
			t.Fatalf("opening the article on another site: %v", err)
		}
		refused := askRefused(t, sidePanel(b, id))
		if !strings.Contains(refused, "Alt+Shift+E") || !strings.Contains(refused, "toolbar") {
			t.Errorf("on a page it may not read, the panel says %q: want how to let it (the toolbar button, Alt+Shift+E)", refused)
		}
		if n := len(fake.fake.Requests(scenario)); n > 0 {
			t.Fatalf("%d questions reached the fake though the page could not be read", n)
		}
		clickAction(t, b, id, other+"/article")
		if q := askPage(t, sidePanel(b, id), fake, scenario); !strings.Contains(q, articleRest) {
			t.Errorf("after a click on the button on the other site, the question is %q, want the page's text", q)
		}
	})

	t.Run("ask/browser-page", func(t *testing.T) {
		if err := doPage(b, chromedp.Navigate("chrome://version")); err != nil {
			t.Fatalf("opening chrome://version: %v", err)
		}
		clickAction(t, b, id, "chrome://version/")
		if refused := askRefused(t, sidePanel(b, id)); !strings.HasPrefix(refused, "This page cannot be read: browser pages") {
			t.Errorf("on chrome://version the panel says %q, want a sentence that browser pages cannot be read", refused)
		}
	})

	t.Run("ask/in-a-tab", func(t *testing.T) {
		created, err := chromedp.CallBrowser(b.ctx, target.CreateTarget, target.CreateTargetParams{URL: fmt.Sprintf("chrome-extension://%s/panel.html", id)})
		if err != nil {
			t.Fatalf("opening the panel in a tab: %v", err)
		}
		defer chromedp.CallBrowser(b.ctx, target.CloseTarget, target.CloseTargetParams(created))
		inTab := targetChat(b, "the chat in a tab", func(tg *target.Info) bool { return tg.TargetID == created.TargetID })
		pollChat(t, inTab, `!document.getElementById("ask-page").disabled && "ready"`)
		refused := askRefused(t, inTab)
		if !strings.Contains(refused, "open it in the side panel") {
			t.Errorf("the chat opened as a tab says %q on Ask about this page, want that only the side panel reads pages", refused)
		}
	})

	t.Run("tool/page", func(t *testing.T) { pageToolReads(t, b, panel, id, fake, article+"/article") })
	t.Run("tool/not-granted", func(t *testing.T) { pageToolRefused(t, b, panel, other+"/article", fake) })

	t.Run("axe", func(t *testing.T) { panelAxeLightDark(t, panel, "panel") })
	t.Run("chrome-checks", func(t *testing.T) {
		if errs := extensionErrors(t, b, id, false); len(errs) > 0 {
			t.Errorf("chrome://extensions shows about the extension after the test:\n%s", strings.Join(errs, "\n"))
		}
	})
	if p := problems.String(); p != "" {
		t.Errorf("the panel reported problems:\n%s", p)
	}
	// Last: servers that refuse the panel make Chrome report CORS errors.
	t.Run("doctor", func(t *testing.T) { extensionDoctor(t, panel, problems, "chrome-extension://"+id, fake.baseURL) })
}

// watchProblems records what the tab of ctx reports as going wrong from
// now on: uncaught exceptions, unhandled rejections, console errors and CSP
// violations. Network failures are left out: some are expected (the
// panel's first look for Edgen at its default address finds nothing, the
// page's error step gets a failed status).
func watchProblems(ctx context.Context) *syncBuffer {
	problems := new(syncBuffer)
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.IsException()) && m.Source != "network" {
				fmt.Fprintf(problems, "%s (%s:%d)\n", m, m.URL, m.Line)
			}
		}
	}()
	return problems
}

// saveScreenshot saves the tab's viewport as artifacts/<dir>/<name> under
// the module root (ignored by git), for a look at what the test saw.
func saveScreenshot(t *testing.T, b *browser, dir, name string) {
	t.Helper()
	png, err := evalAction(b, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	dir = filepath.Join(mustRoot(t), "artifacts", dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", filepath.Join(dir, name))
}

// lastAnswer is a JS expression: the text of the last answer in the panel.
const lastAnswer = `document.querySelector("#messages .msg-assistant:last-child .msg-body:not(:has(.typing))")?.textContent.trim()`

// observeAnswers is a JavaScript statement: from now on, every text that
// the last answer of document's chat shows, as a MutationObserver sees it,
// goes into globalThis.seenAnswers.
const observeAnswers = `(() => {
	const log = document.getElementById("messages");
	globalThis.seenAnswers = [];
	new MutationObserver(() => {
		const texts = log.querySelectorAll(".msg-assistant .msg-body:not(:has(.typing))");
		if (texts.length) globalThis.seenAnswers.push(texts[texts.length - 1].textContent.trim());
	}).observe(log, { childList: true, subtree: true, characterData: true });
})()`

// askPanel sends prompt through the panel's composer and waits until the
// last answer reads want; it returns every text the answer showed on the
// way, as a MutationObserver saw them.
func askPanel(t *testing.T, b *browser, prompt, want string) []string {
	t.Helper()
	if err := doPage(b, chromedp.Evaluate[chromedp.Void](observeAnswers)); err != nil {
		t.Fatal(err)
	}
	sendPanel(t, b, prompt)
	if _, err := pollPage[bool](b, fmt.Sprintf(`%s === %q`, lastAnswer, want)); err != nil {
		got, _ := evalPage[string](b, `document.getElementById("messages").innerText`)
		t.Fatalf("the answer %q did not arrive: %v; the panel shows:\n%s", want, err, got)
	}
	seen, err := evalPage[[]string](b, `globalThis.seenAnswers`)
	if err != nil {
		t.Fatal(err)
	}
	return seen
}

// checkStreamed checks the texts an answer showed on its way to want (as
// observeAnswers saw them): each a prefix of want, several of them partial.
func checkStreamed(t *testing.T, seen []string, want string) {
	t.Helper()
	var partial []string
	for _, s := range slices.Compact(seen) {
		if !strings.HasPrefix(want, s) {
			t.Fatalf("the answer showed %q, which is not a prefix of %q", s, want)
		}
		if s != "" && s != want {
			partial = append(partial, s)
		}
	}
	if len(partial) < 3 {
		t.Errorf("the answer appeared in %d intermediate states %q, want several: it did not stream", len(partial), partial)
	}
}

// evalPage evaluates expr in the tab, awaiting a Promise, within embedWait.
func evalPage[T any](b *browser, expr string) (T, error) {
	return evalAction(b, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// doPage runs actions in the tab within embedWait.
func doPage(b *browser, actions ...chromedp.Action[chromedp.Void]) error {
	_, err := evalAction(b, chromedp.Steps(actions...))
	return err
}

// evalAction runs one action in the tab within embedWait.
func evalAction[T any](b *browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, embedWait)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// pollPage waits, at most embedWait, until expr (awaited) is truthy in
// the tab and returns that value.
func pollPage[T any](b *browser, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, embedWait+5*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.PollFunction[T](
		fmt.Sprintf(`async () => { try { return await (%s); } catch { return false; } }`, expr),
		chromedp.WithPollingInterval(20*time.Millisecond),
		chromedp.WithPollingTimeout(embedWait)))
}

// contextLimit reads CONTEXT_LIMIT, the most characters of a page the panel
// sends, from web/extension/context.js (bundled into panel.js, so not a
// module of the built extension).
func contextLimit(t *testing.T) int {
	t.Helper()
	return jsConst(t, filepath.Join("web", "extension", "context.js"), "CONTEXT_LIMIT")
}

// jsConst reads the number of `export const name = N;` in the file at path
// (from the module root).
func jsConst(t *testing.T, path, name string) int {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(mustRoot(t), path))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^export const ` + name + ` = ([0-9_]+);`).FindSubmatch(src)
	if m == nil {
		t.Fatalf("%s exports no %s = <number>", path, name)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(string(m[1]), "_", ""))
	if err != nil || n <= 0 {
		t.Fatalf("%s %s: %v", name, m[1], err)
	}
	return n
}

// makeExtension assembles the extension with `make extension` into a
// temporary folder that it returns. It gives make builtDir as OUT: the
// client files come from a fresh build, not from whatever `make build` last
// left in build/.
func makeExtension(t *testing.T) string {
	t.Helper()
	built := mustDir(t, "the build's outputs for web/", builtDir)
	dir := filepath.Join(t.TempDir(), "extension")
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", "-s", "extension", "OUT="+built, "EXTENSION_DIR="+dir)
	cmd.Dir = mustRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make extension: %v\n%s", err, out)
	}
	return dir
}

// manifest is what the test reads of the extension's manifest.json.
type manifest struct {
	Key             string   `json:"key"`
	Permissions     []string `json:"permissions"`
	HostPermissions []string `json:"host_permissions"`
	CSP             struct {
		ExtensionPages string `json:"extension_pages"`
	} `json:"content_security_policy"`
	id string // the extension id that Key gives
}

// readManifest reads dir/manifest.json and computes the extension id from
// its key: Chrome's id is the first 128 bits of the SHA-256 of the public
// key (DER), in hex with the digits 0-f written a-p. The fixed key gives the
// unpacked extension the same id on every machine.
func readManifest(t *testing.T, dir string) manifest {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	der, err := base64.StdEncoding.DecodeString(m.Key)
	if err != nil || len(der) == 0 {
		t.Fatalf("manifest.json: key is not a base64 public key (%v)", err)
	}
	sum := sha256.Sum256(der)
	id := make([]byte, 0, 32)
	for _, b := range sum[:16] {
		id = append(id, 'a'+b>>4, 'a'+b&0xf)
	}
	m.id = string(id)
	return m
}

// waitExtension waits until the extension's service worker runs with the
// extension APIs, which shows Chrome loaded it, and returns the extension's id, failing the test
// when it differs from want (the id the manifest's key gives).
func waitExtension(t *testing.T, b *browser, want string) string {
	t.Helper()
	deadline := time.Now().Add(embedWait)
	for {
		targets, err := chromedp.Targets(b.ctx)
		if err != nil {
			t.Fatalf("listing the browser's targets: %v", err)
		}
		for _, tg := range targets {
			id, ok := strings.CutPrefix(tg.URL, "chrome-extension://")
			if !ok || tg.Type != "service_worker" {
				continue
			}
			id, _, _ = strings.Cut(id, "/")
			if id != want {
				t.Fatalf("the extension runs as %s, but its manifest key gives %s", id, want)
			}
			// The worker's target shows before its script runs with the extension APIs.
			if ready, _ := evalWorker[bool](b, id, `globalThis.chrome?.sidePanel !== undefined`); ready {
				return id
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the extension's service worker did not start within %v: Chromium did not load the extension\n%s",
				embedWait, tail(b.output.String(), 30))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// extensionFake is the fake Edgen of the extension test, under /v1 on a
// random loopback port; faults picks the faults of the next chat requests
// (the extension sends no test headers).
type extensionFake struct {
	fake    *edgentest.Fake
	faults  *chatFaults
	baseURL string // the API's base URL as a user types it: http://127.0.0.1:PORT/v1
	origin  string // http://127.0.0.1:PORT
}

// newExtensionFake starts the fake; it stops when the test ends.
func newExtensionFake(t *testing.T, cfg edgentest.Config) *extensionFake {
	t.Helper()
	f := &extensionFake{fake: edgentest.New(cfg), faults: &chatFaults{}}
	srv := httptest.NewServer(http.StripPrefix("/v1", f.faults.wrap(f.fake)))
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	f.origin = srv.URL
	f.baseURL = srv.URL + "/v1"
	return f
}

// waitDisconnected waits, at most timeout, until a request of scenario to
// fake saw its client go away.
func waitDisconnected(fake *edgentest.Fake, scenario string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		reqs := fake.Requests(scenario)
		if slices.ContainsFunc(reqs, func(r edgentest.Request) bool { return r.Disconnected }) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the fake saw no disconnect in scenario %s within %v; it received %d requests", scenario, timeout, len(reqs))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

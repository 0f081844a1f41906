//go:build !js

package wasmtest

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/extensions"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// The article the extension test asks about, and its parts.
const (
	articleTitle = "Kites of the northern coast"
	articleIntro = "The red kite circles above the dunes at dawn."
	articleRest  = "Fishermen call it the weather bird, since it flies low before a storm."
	// selectIntro selects the article's first paragraph, as a person would by dragging over it.
	selectIntro = `(() => {
		const r = document.createRange();
		r.selectNodeContents(document.getElementById("intro"));
		getSelection().removeAllRanges();
		getSelection().addRange(r);
	})()`
	// longWord makes up the long page: 5,000 of them, more than the panel sends.
	longWord = "kite "
)

// thousands writes n as the panel does, with commas: 8,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// serveArticles serves the article pages (serveArticle) on two origins,
// two sites, until the test ends, and returns their URLs.
func serveArticles(t *testing.T) (article, other string) {
	t.Helper()
	first := httptest.NewServer(http.HandlerFunc(serveArticle))
	t.Cleanup(first.Close)
	second := httptest.NewServer(http.HandlerFunc(serveArticle))
	t.Cleanup(second.Close)
	return first.URL, second.URL
}

// checkAskedSelection checks the question sent with the article's first
// paragraph selected (selectIntro): the selection and nothing else.
func checkAskedSelection(t *testing.T, q string) {
	t.Helper()
	if !strings.Contains(q, articleIntro) || strings.Contains(q, articleRest) {
		t.Errorf("the question sent with a selection is %q: want the selection %q and nothing else of the page", q, articleIntro)
	}
}

// checkAskedPage checks the question sent about the article without a
// selection: its title, its whole text and the default question.
func checkAskedPage(t *testing.T, q string) {
	t.Helper()
	for _, want := range []string{articleTitle, articleIntro, articleRest, "Summarize this page."} {
		if !strings.Contains(q, want) {
			t.Errorf("the question sent without a selection lacks %q: %q", want, q)
		}
	}
}

// serveArticle serves /article (a short page) and /long (a page longer
// than what the panel sends).
func serveArticle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/article":
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>%s</title><h1>%[1]s</h1><p id="intro">%s</p><p>%s</p></html>`,
			articleTitle, articleIntro, articleRest)
	case "/long":
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Long</title><p>%s</p></html>`, strings.Repeat(longWord, 5000))
	default:
		http.NotFound(w, r)
	}
}

// checkZip checks the zip named name that `make extension` writes next to
// dir: the same files as dir, manifest.json at its root without the "key"
// (which the Web Store refuses) and otherwise the same.
func checkZip(t *testing.T, dir, name string) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(filepath.Dir(dir), name))
	if err != nil {
		t.Fatalf("make extension wrote no zip: %v", err)
	}
	defer zr.Close()
	var zipped, files []string
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			zipped = append(zipped, strings.TrimPrefix(f.Name, "./"))
		}
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	checkZippedManifest(t, dir, zr)
	slices.Sort(zipped)
	slices.Sort(files)
	if !slices.Equal(zipped, files) || !slices.Contains(zipped, "manifest.json") || !slices.Contains(zipped, "edgen.wasm") {
		t.Errorf("the zip holds %q, want the extension's files %q", zipped, files)
	}
}

// checkZippedManifest checks the zip's manifest.json against dir's: the
// same without "key".
func checkZippedManifest(t *testing.T, dir string, zr *zip.ReadCloser) {
	t.Helper()
	f, err := zr.Open("manifest.json")
	if err != nil {
		t.Fatalf("the zip: %v", err)
	}
	defer f.Close()
	var zipped, unpacked map[string]any
	if err := json.NewDecoder(f).Decode(&zipped); err != nil {
		t.Fatalf("the zip's manifest.json: %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &unpacked); err != nil {
		t.Fatal(err)
	}
	if _, ok := zipped["key"]; ok {
		t.Error(`the zip's manifest.json has a "key", which the Chrome Web Store refuses`)
	}
	delete(unpacked, "key")
	if !reflect.DeepEqual(zipped, unpacked) {
		t.Errorf("the zip's manifest.json is %v, want the unpacked one without its key: %v", zipped, unpacked)
	}
}

// openSidePanel clicks the extension's toolbar button on the tab showing
// url and returns the side panel that opens.
func openSidePanel(t *testing.T, b *browser, id, url string) *browser {
	t.Helper()
	clickAction(t, b, id, url)
	return waitSidePanel(t, b, id)
}

// clickAction clicks the extension's toolbar button on the tab showing url:
// CDP's Extensions.triggerAction (which wants the tab's "tab" target) runs
// the button's own ExecuteUserAction, as a click does, so the extension
// gets action.onClicked and the activeTab grant for that tab.
func clickAction(t *testing.T, b *browser, id, url string) {
	t.Helper()
	tabs, err := chromedp.CallBrowser(b.ctx, target.GetTargets, target.GetTargetsParams{Filter: target.Filter{{Type: "tab"}}})
	if err != nil {
		t.Fatalf("listing the tabs: %v", err)
	}
	i := slices.IndexFunc(tabs.TargetInfos, func(tg *target.Info) bool { return tg.URL == url })
	if i < 0 {
		t.Fatalf("no tab shows %s", url)
	}
	_, err = chromedp.CallBrowser(b.ctx, extensions.TriggerAction, extensions.TriggerActionParams{ID: id, TargetID: string(tabs.TargetInfos[i].TargetID)})
	if err != nil {
		t.Fatalf("clicking the extension's button: %v", err)
	}
}

// waitSidePanel waits until the extension's side panel runs and returns it.
func waitSidePanel(t *testing.T, b *browser, id string) *browser {
	t.Helper()
	panelURL := fmt.Sprintf("chrome-extension://%s/panel.html", id)
	deadline := time.Now().Add(embedWait)
	for {
		targets, err := chromedp.Targets(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(targets, func(tg *target.Info) bool { return tg.URL == panelURL }); i >= 0 {
			ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(targets[i].TargetID))
			t.Cleanup(cancel)
			return &browser{ctx: ctx, output: b.output}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the side panel did not open within %v", embedWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitPanelBehaviorReset waits until the extension's service worker has
// set the toolbar button to reach action.onClicked (openPanelOnActionClick
// false), which it does when installed or updated.
func waitPanelBehaviorReset(t *testing.T, b *browser, id string) {
	t.Helper()
	for deadline := time.Now().Add(embedWait); ; {
		// Fails while the worker of before the update still shows.
		reset, err := evalWorker[bool](b, id, `chrome.sidePanel.getPanelBehavior().then((b) => !b.openPanelOnActionClick)`)
		if reset {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after an update, the toolbar button still opens the panel without reaching onClicked (%v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitPanelReady waits until the panel's client has loaded (Send enabled).
func waitPanelReady(t *testing.T, panel *browser) {
	t.Helper()
	if _, err := pollPage[bool](panel, `!document.getElementById("send").disabled`); err != nil {
		status, _ := evalPage[string](panel, `document.getElementById("status").textContent`)
		t.Fatalf("the panel's client did not load: %v; status line: %q", err, status)
	}
}

// extensionErrors navigates page to chrome://extensions and returns what it
// shows about the extension id: manifest errors (unknown keys, bad values)
// and runtime errors and warnings. With reload, it first turns developer
// mode on (without it Chrome collects no errors) and reloads the
// extension, which reports the manifest's problems again.
func extensionErrors(t *testing.T, page *browser, id string, reload bool) []string {
	t.Helper()
	if err := doPage(page, chromedp.Navigate("chrome://extensions")); err != nil {
		t.Fatalf("opening chrome://extensions: %v", err)
	}
	if reload {
		_, err := evalPage[bool](page, fmt.Sprintf(`new Promise((resolve) =>
			chrome.developerPrivate.updateProfileConfiguration({inDeveloperMode: true}, () =>
				chrome.developerPrivate.reload(%q, {failQuietly: true}, () => resolve(true))))`, id))
		if err != nil {
			t.Fatalf("reloading the extension in developer mode: %v", err)
		}
	}
	// Chrome turns error collection on a moment after developer mode: wait
	// for it, then read what it collected.
	errs, err := pollPage[[]string](page, fmt.Sprintf(`new Promise((resolve) => chrome.developerPrivate.getExtensionInfo(%q, (i) => resolve(i.errorCollection.isActive && [
		...i.manifestErrors.map((e) => "manifest: " + e.message),
		...i.installWarnings.map((w) => "install warning: " + w),
		...i.runtimeErrors.map((e) => "runtime error: " + e.message),
		...i.runtimeWarnings.map((w) => "runtime warning: " + w),
	])))`, id))
	if err != nil {
		t.Fatalf("reading the extension's errors on chrome://extensions (collecting them never started?): %v", err)
	}
	return errs
}

// sendPanel sends prompt through the panel's composer.
func sendPanel(t *testing.T, panel *browser, prompt string) {
	t.Helper()
	if err := doPage(panel, chromedp.SetValue(chromedp.CSS("#prompt"), prompt), chromedp.Click(chromedp.CSS("#send"))); err != nil {
		t.Fatalf("sending the prompt: %v", err)
	}
}

// isPanel reports whether tg is the extension id's side panel.
func isPanel(id string) func(tg *target.Info) bool {
	return func(tg *target.Info) bool { return tg.URL == "chrome-extension://"+id+"/panel.html" }
}

// chatPage is the extension's chat page in a browser (the side panel or
// sidebar, or panel.html in a tab), as the ask helpers below drive it in
// Chromium and in Firefox alike.
type chatPage struct {
	what string                         // its name in messages: "the side panel"
	eval func(expr string) (any, error) // evaluates expr (awaited) in it, within embedWait
}

// sidePanel is Chromium's side panel of the extension id.
func sidePanel(b *browser, id string) chatPage {
	return targetChat(b, "the side panel", isPanel(id))
}

// targetChat is the chat page in the first of Chromium's targets that match
// accepts, named what.
func targetChat(b *browser, what string, match func(*target.Info) bool) chatPage {
	return chatPage{what: what, eval: func(expr string) (any, error) { return evalTarget[any](b, what, match, expr) }}
}

// evalChat evaluates expr (awaited) in the chat page and returns its value
// as a T.
func evalChat[T any](page chatPage, expr string) (T, error) {
	var v T
	raw, err := page.eval(expr)
	if err != nil {
		return v, err
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return v, err
	}
	return v, json.Unmarshal(b, &v)
}

// askedNote is a JS expression: the panel's note once it tells what it asked.
const askedNote = `(() => { const n = document.getElementById("context-note").textContent; return n.startsWith("Asked about") && n; })()`

// askPage clicks "Ask about this page" in the chat page and returns the
// question that reached the fake under scenario, once the page shows the
// answer.
func askPage(t *testing.T, page chatPage, fake *extensionFake, scenario string) string {
	t.Helper()
	clickAsk(t, page)
	pollChat(t, page, askedNote)
	return waitAnswered(t, page, fake, scenario)
}

// askRefused clicks "Ask about this page" on a page the chat may not read
// and returns what it says instead of asking.
func askRefused(t *testing.T, page chatPage) string {
	t.Helper()
	clickAsk(t, page)
	note := pollChat(t, page, `document.getElementById("context-note").textContent.replace("Reading the page…", "")`)
	if strings.HasPrefix(note, "Asked about") {
		t.Fatalf("the chat read a page it was not granted: %q", note)
	}
	return note
}

// clickAsk clicks "Ask about this page" (its handler starts at once: the
// note reads "Reading the page…" when the click returns).
func clickAsk(t *testing.T, page chatPage) {
	t.Helper()
	if _, err := page.eval(`document.getElementById("ask-page").click()`); err != nil {
		t.Fatalf("clicking Ask about this page: %v", err)
	}
}

// waitAnswered returns the question that reached the fake under scenario,
// once the chat page has shown the whole answer (until then it would
// refuse the next question).
func waitAnswered(t *testing.T, page chatPage, fake *extensionFake, scenario string) string {
	t.Helper()
	q := waitQuestion(t, fake, scenario)
	pollChat(t, page, `!document.getElementById("send").hidden && !document.querySelector("#messages [data-state=streaming]") && "done"`)
	return q
}

// waitQuestion waits, at most embedWait, for a chat request under scenario
// and returns the content of its last message, which must be the user's.
func waitQuestion(t *testing.T, fake *extensionFake, scenario string) string {
	t.Helper()
	deadline := time.Now().Add(embedWait)
	var reqs []edgentest.Request
	for {
		reqs = fake.fake.Requests(scenario)
		if len(reqs) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(reqs) == 0 {
		t.Fatalf("no question reached the fake within %v", embedWait)
	}
	var body struct {
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(reqs[len(reqs)-1].Body, &body); err != nil || len(body.Messages) == 0 {
		t.Fatalf("the chat request's body %q: %v", reqs[len(reqs)-1].Body, err)
	}
	last := body.Messages[len(body.Messages)-1]
	if last.Role != "user" {
		t.Errorf("the last message sent is the %s's, want the user's", last.Role)
	}
	return last.Content
}

// pollChat waits, at most embedWait, until expr (awaited, in the chat
// page) gives a non-empty string, and returns it. In Chromium it attaches
// afresh each time (evalTarget): a CDP session held on an extension page
// that Chromium opened itself, in a side panel of headed Chromium or a new
// tab, stops answering.
func pollChat(t *testing.T, page chatPage, expr string) string {
	t.Helper()
	var last error
	for deadline := time.Now().Add(embedWait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		v, err := page.eval(expr)
		if s, ok := v.(string); ok && s != "" {
			return s
		}
		last = err
	}
	now, _ := page.eval(`document.body.innerText`)
	t.Fatalf("%s did not give %s within %v (%v); it shows:\n%v", page.what, expr, embedWait, last, now)
	return ""
}

// evalWorker evaluates expr (awaited) in the extension's service worker and
// returns its value.
func evalWorker[T any](b *browser, id, expr string) (T, error) {
	return evalTarget[T](b, "the extension's service worker", func(tg *target.Info) bool {
		return tg.Type == "service_worker" && strings.HasPrefix(tg.URL, "chrome-extension://"+id+"/")
	}, expr)
}

// evalTarget evaluates expr (awaited, within embedWait) in the first of
// the browser's targets that match accepts, named what in errors, and
// returns its value. It attaches for this one call and detaches after:
// closing a worker's target would stop the worker.
func evalTarget[T any](b *browser, what string, match func(*target.Info) bool, expr string) (T, error) {
	var v T
	targets, err := chromedp.Targets(b.ctx)
	if err != nil {
		return v, err
	}
	i := slices.IndexFunc(targets, match)
	if i < 0 {
		return v, fmt.Errorf("%s does not run", what)
	}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(targets[i].TargetID), chromedp.WithDetachOnCancel())
	defer cancel()
	ctx, cancelWait := context.WithTimeout(ctx, embedWait)
	defer cancelWait()
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, AwaitPromise: &yes, ReturnByValue: &yes})
		switch {
		case err != nil:
			return err
		case res.ExceptionDetails != nil:
			return fmt.Errorf("%s: %s %s", what, res.ExceptionDetails.Text, res.ExceptionDetails.Exception.Description)
		case len(res.Result.Value) == 0: // undefined
			return nil
		}
		return json.Unmarshal([]byte(res.Result.Value), &v)
	}))
	return v, err
}

// yes is true, for the options of runtime.Evaluate, which take pointers.
var yes = true

// panelAxe runs axe-core in the panel (as axeViolations does on the page).
func panelAxe(panel *browser, axe string) ([]string, error) {
	if err := doPage(panel, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		return nil, err
	}
	return evalPage[[]string](panel, axeRun)
}

// panelAxeLightDark runs axe-core on the panel in light and in dark, saving
// a screenshot of each as artifacts/extension/<name>.png and <name>-dark.png,
// and leaves it light.
func panelAxeLightDark(t *testing.T, panel *browser, name string) {
	t.Helper()
	axe := axeSource(t)
	for _, dark := range []bool{false, true} {
		if err := doPage(panel, colorScheme(dark)); err != nil {
			t.Fatal(err)
		}
		v, err := panelAxe(panel, axe)
		if err != nil {
			t.Fatalf("axe-core: %v", err)
		}
		if len(v) > 0 {
			t.Errorf("axe-core finds (dark %v):\n%s", dark, strings.Join(v, "\n"))
		}
		saveScreenshot(t, panel, "extension", map[bool]string{false: name + ".png", true: name + "-dark.png"}[dark])
	}
	if err := doPage(panel, colorScheme(false)); err != nil {
		t.Fatal(err)
	}
}

//go:build !js

package wasmtest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/devserver"
)

// pageLimit bounds everything TestPage does in the browser.
const pageLimit = 8 * time.Minute

// pageWait bounds one wait for the page to reach a state.
const pageWait = 30 * time.Second

// TestPage drives the demo chat page (web/page/index.html) in headless Chromium
// like a person would: it types, sends with Enter, watches the answer grow,
// stops one, meets an error and retries, watches a model download, changes
// the settings and reloads. The page is served by serve.go's own logic
// (internal/devserver) in this process, with the fake Edgen under /v1/, and
// the test builds edgen.wasm itself (webCopy): `make build` is not needed.
//
// The page has no test hooks. Faults reach the fake the way they would reach
// a real server's proxy: a handler in front of the fake adds the fake's
// X-Fake-Scenario and X-Fake-Faults headers to the page's chat requests.
// Screenshots go to artifacts/page/ at the module root (not committed).
func TestPage(t *testing.T) {
	s := startPage(t)
	s.runSteps(t,
		pageStep{"Loads", (*pageSession).loads},
		pageStep{"AnswerStreams", (*pageSession).answerStreams},
		pageStep{"StopEndsTheRequest", (*pageSession).stopEndsTheRequest},
		pageStep{"ErrorThenRetry", (*pageSession).errorThenRetry},
		pageStep{"DownloadProgress", (*pageSession).downloadProgress},
		pageStep{"Settings", (*pageSession).settings},
		pageStep{"ReloadKeepsConversation", (*pageSession).reloadKeepsConversation},
		pageStep{"Screens", (*pageSession).screens},
		pageStep{"NewChat", (*pageSession).newChat},
	)
}

// pageStep is one step of a page test; later steps build on earlier ones.
type pageStep struct {
	name string
	run  func(*pageSession, *testing.T)
}

// runSteps runs steps in order, up to the first that fails, then fails t
// if the page opened JavaScript dialogs or reported problems.
func (s *pageSession) runSteps(t *testing.T, steps ...pageStep) {
	t.Helper()
	for _, step := range steps {
		if !t.Run(step.name, func(t *testing.T) { step.run(s, t) }) {
			return
		}
	}
	if n := s.dialogs.Load(); n > 0 {
		t.Errorf("the page opened %d JavaScript dialogs", n)
	}
	if p := s.problems.String(); p != "" {
		t.Errorf("the page reported problems:\n%s", p)
	}
}

// pageSession is the page open in a browser tab, with the fake behind it.
type pageSession struct {
	ctx      context.Context // the tab
	url      string          // the page, e.g. http://127.0.0.1:PORT/
	fake     *edgentest.Fake
	faults   *chatFaults
	shots    string       // screenshot directory
	dialogs  atomic.Int32 // JavaScript dialogs the page opened (alert() and co)
	problems *syncBuffer  // exceptions, CSP violations and errors of the page
}

// startPage serves web/ with a fresh build laid over it (builtDir) and the
// fake through devserver, starts Chromium and opens the page.
func startPage(t *testing.T, browserFlags ...chromedp.ExecAllocatorOption) *pageSession {
	t.Helper()
	s := servePage(t)
	s.ctx = newBrowser(t, pageLimit, browserFlags...).ctx
	s.watch()
	s.do(t, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(s.url))
	s.waitReady(t)
	return s
}

// servePage serves web/ with the build's outputs laid over it and the fake
// behind /v1/, through devserver in this process, and returns the session
// without a browser; the server stops when the test ends.
func servePage(t *testing.T) *pageSession {
	t.Helper()
	built := mustDir(t, "the build's outputs for web/ (edgen.wasm, ui/lib/markdown.js)", builtDir)
	s := &pageSession{
		fake:   edgentest.New(edgentest.Config{Gap: 40 * time.Millisecond}),
		faults: &chatFaults{},
		shots:  screenshotDir(t),
	}
	s.url = serveDemo(t, devserver.Options{
		WebDir: filepath.Join(mustRoot(t), "web"), BuildDir: built, EdgenURL: "http://127.0.0.1:33322/v1",
		ForceFake: true, Fake: s.faults.wrap(s.fake),
	})
	return s
}

// serveDemo serves opts (on a free loopback port unless opts.Addr names one) with serve.go's own logic
// (internal/devserver) until the test ends, and returns the server's URL.
// Its cleanup, registered before the browser's, runs after it and asserts a
// clean shutdown.
func serveDemo(t *testing.T, opts devserver.Options) string {
	t.Helper()
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := devserver.New(ctx, opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("serving: %v", err)
			}
		case <-time.After(pageWait):
			t.Errorf("the server did not shut down")
		}
	})
	return srv.URL
}

// screenshotDir returns artifacts/page/<test name> under the module root
// (ignored by git), made fresh for this run.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(mustRoot(t), "artifacts", "page", t.Name())
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots of the page: %s", dir)
	return dir
}

// chatFaults adds the fake's scenario and fault headers to the page's chat
// requests, as set by the test for the next ones.
type chatFaults struct {
	mu       sync.Mutex
	scenario string
	faults   string
	reply    http.HandlerFunc // answers the chat requests instead of the fake, when set
}

// set makes the next chat requests carry faults, under a fresh scenario id
// that it returns.
func (c *chatFaults) set(faults string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scenario, c.faults, c.reply = rand.Text(), faults, nil
	return c.scenario
}

// none makes the next chat requests plain: no scenario, no faults (so
// they share the fake's one set of models with the page's other requests).
func (c *chatFaults) none() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scenario, c.faults, c.reply = "", "", nil
}

// answerWith makes reply answer the next chat requests in place of the
// fake (as a proxy or another server would).
func (c *chatFaults) answerWith(reply http.HandlerFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reply = reply
}

// wrap returns next with the headers added to POST /chat/completions.
func (c *chatFaults) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/chat/completions" {
			c.mu.Lock()
			if c.scenario != "" {
				r.Header.Set(edgentest.HeaderScenario, c.scenario)
			}
			if c.faults != "" {
				r.Header.Set(edgentest.HeaderFaults, c.faults)
			}
			reply := c.reply
			c.mu.Unlock()
			if reply != nil {
				reply(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// watch records the page's JavaScript dialogs (dismissing them) and its
// problems (watchProblems: failed HTTP statuses, expected in the error
// step, are left out).
func (s *pageSession) watch() {
	dialogs := chromedp.Events(s.ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			s.dialogs.Add(1)
			chromedp.Call(s.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{})
		}
	}()
	s.problems = watchProblems(s.ctx)
}

// do runs actions in the tab within pageWait.
func (s *pageSession) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, pageWait)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page (opts: e.g.
// chromedp.EvalAwaitPromise).
func eval[T any](t *testing.T, s *pageSession, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, pageWait)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor waits until the JavaScript condition holds, at most pageWait.
func (s *pageSession) waitFor(t *testing.T, what, cond string) {
	t.Helper()
	s.waitWithin(t, pageWait, what, cond)
}

// waitWithin waits until the JavaScript condition holds, at most limit.
func (s *pageSession) waitWithin(t *testing.T, limit time.Duration, what, cond string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, limit+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(limit)))
	if err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

// waitReady waits until the client loaded and the server status is known.
func (s *pageSession) waitReady(t *testing.T) {
	t.Helper()
	s.waitFor(t, "the client to load", `!document.getElementById("send").disabled`)
	s.waitFor(t, "the status line", `document.getElementById("server-status").dataset.state === "ok"`)
}

// send types lines into the message box, Shift+Enter between them, and
// presses Enter.
func (s *pageSession) send(t *testing.T, lines ...string) {
	t.Helper()
	prompt := chromedp.ID("prompt")
	actions := []chromedp.Action[chromedp.Void]{chromedp.Click(prompt)}
	for i, line := range lines {
		if i > 0 {
			actions = append(actions, pressEnter(chromedp.ModifierShift))
		}
		actions = append(actions, chromedp.SendKeys(prompt, line))
	}
	s.do(t, append(actions, pressEnter(chromedp.ModifierNone))...)
}

// pressEnter presses Enter as a keyboard does: one keyDown that carries the
// text, so a keydown handler that calls preventDefault keeps the newline out
// (kb.Enter sends the text as a separate char event, which it cannot).
func pressEnter(mod chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		key := input.DispatchKeyEventParams{
			Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
			Modifiers: int64(mod),
		}
		down, up := key, key
		down.Type, down.Text, down.UnmodifiedText = input.DispatchKeyEventTypeKeyDown, "\r", "\r"
		up.Type = input.DispatchKeyEventTypeKeyUp
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, up)
		return err
	})
}

// pageScrolls reports whether the document overflows the viewport: the
// layout keeps the header and the message box in view and scrolls only the
// conversation.
func (s *pageSession) pageScrolls(t *testing.T) bool {
	t.Helper()
	return eval[bool](t, s, `(() => {
		const d = document.documentElement;
		return d.scrollWidth > d.clientWidth || d.scrollHeight > d.clientHeight;
	})()`)
}

// shot saves a screenshot of the viewport as name.png.
func (s *pageSession) shot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, pageWait)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// shownMessage is a message as the page shows it.
type shownMessage struct {
	Role  string `json:"role"`
	Text  string `json:"text"`
	State string `json:"state"`
	Busy  string `json:"busy"`
	Error string `json:"error"` // the error box's kind line, if any
}

// shownJS lists the messages on screen; the typing dots count as no text.
const shownJS = `[...document.querySelectorAll("#messages .msg")].map((m) => ({
	role: m.classList.contains("msg-user") ? "user" : "assistant",
	text: m.querySelector(".msg-body .typing") ? "" : m.querySelector(".msg-body").textContent.trim(),
	state: m.dataset.state,
	busy: m.getAttribute("aria-busy"),
	error: m.querySelector(".error-kind")?.textContent ?? "",
}))`

func (s *pageSession) messages(t *testing.T) []shownMessage {
	t.Helper()
	return eval[[]shownMessage](t, s, shownJS)
}

// lastAnswer returns the last assistant message on screen.
func (s *pageSession) lastAnswer(t *testing.T) shownMessage {
	t.Helper()
	msgs := s.messages(t)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "assistant" {
			return msgs[i]
		}
	}
	t.Fatal("no answer on screen")
	return shownMessage{}
}

// sample reads the last answer until it leaves the streaming state, calling
// each for every reading, and returns the final one.
func (s *pageSession) sample(t *testing.T, each func(shownMessage)) shownMessage {
	t.Helper()
	deadline := time.Now().Add(pageWait)
	for time.Now().Before(deadline) {
		m := s.lastAnswer(t)
		each(m)
		if m.State != "streaming" {
			return m
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the answer never finished")
	return shownMessage{}
}

// requests returns what the fake received in scenario.
func (s *pageSession) requests(scenario string) []edgentest.Request {
	return s.fake.Requests(scenario)
}

func canned(text string) string { return "Hello! You said: " + text }

func (s *pageSession) loads(t *testing.T) {
	if got := eval[bool](t, s, `!document.getElementById("fake-banner").hidden`); !got {
		t.Error("no demo banner although the fake answers")
	}
	status := eval[string](t, s, `document.getElementById("status-text").textContent`)
	if !strings.HasPrefix(status, "Connected to Edgen") || !strings.Contains(status, "model ") {
		t.Errorf("status line %q", status)
	}
	unlabelled := eval[[]string](t, s, `[...document.querySelectorAll("input, textarea, select")]
		.filter((el) => el.labels.length === 0).map((el) => el.id)`)
	if len(unlabelled) > 0 {
		t.Errorf("fields without a label: %v", unlabelled)
	}
	nameless := eval[[]string](t, s, `[...document.querySelectorAll("button")]
		.filter((b) => !(b.getAttribute("aria-label") || b.textContent.trim())).map((b) => b.outerHTML)`)
	if len(nameless) > 0 {
		t.Errorf("buttons without a name: %v", nameless)
	}
	s.shot(t, "01-empty-1280")
}

func (s *pageSession) answerStreams(t *testing.T) {
	// Slow enough that a loaded machine still samples it growing.
	s.faults.set("gap=120ms")
	text := "Tell me, in as many small words as you like, how the tokens of an answer stream from a local model into this page"
	s.send(t, text)
	s.waitFor(t, "the question on screen", `document.querySelector("#messages .msg-user")`)
	if got := eval[string](t, s, `document.activeElement.id`); got != "prompt" {
		t.Errorf("focus on %q after sending, want the message box", got)
	}
	lengths := map[int]bool{}
	busy := false
	final := s.sample(t, func(m shownMessage) {
		if m.State != "streaming" {
			return
		}
		busy = busy || m.Busy == "true"
		lengths[len(m.Text)] = true
	})
	want := canned(text)
	if final.State != "done" || final.Text != want || final.Busy != "false" {
		t.Fatalf("final answer %+v, want done %q", final, want)
	}
	var partial []int
	for n := range lengths {
		if n > 0 && n < len(want) {
			partial = append(partial, n)
		}
	}
	if len(partial) < 3 {
		t.Errorf("the answer showed %d partial lengths %v, want it to grow over several frames", len(partial), partial)
	}
	if !busy {
		t.Error("the streaming answer was never aria-busy")
	}
	if got := s.messages(t)[0]; got.Role != "user" || got.Text != text {
		t.Errorf("question on screen %+v", got)
	}
}

func (s *pageSession) stopEndsTheRequest(t *testing.T) {
	scenario := s.faults.set("gap=250ms")
	text := "Please take your time and answer slowly, one word after another"
	s.send(t, text)
	s.waitFor(t, "the first words", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state === "streaming" && !m.querySelector(".typing");
	})()`)
	s.shot(t, "02-streaming-1280")
	s.do(t, chromedp.Click(chromedp.ID("stop")))
	s.waitFor(t, "the answer to stop", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "stopped"`)
	if err := waitDisconnected(s.fake, scenario, pageWait); err != nil {
		t.Fatalf("the page did not close the stream: %v", err)
	}
	stopped := s.lastAnswer(t)
	if full := canned(text); !strings.HasPrefix(full, stopped.Text) || len(stopped.Text) >= len(full) {
		t.Errorf("stopped answer %q, want a strict prefix of %q", stopped.Text, full)
	}
	note := eval[string](t, s, `document.querySelector("#messages .msg-assistant:last-child .msg-note")?.textContent ?? ""`)
	controls := eval[[]bool](t, s, `[document.getElementById("send").hidden, document.getElementById("stop").hidden]`)
	if note != "Stopped" || !slices.Equal(controls, []bool{false, true}) {
		t.Errorf("after Stop: note %q, send/stop hidden %v", note, controls)
	}
	if got := eval[string](t, s, `document.activeElement.id`); got != "prompt" {
		t.Errorf("focus on %q after Stop, want the message box", got)
	}
	if again := s.lastAnswer(t); again.Text != stopped.Text {
		t.Errorf("the stopped answer went on growing: %q", again.Text)
	}
}

func (s *pageSession) errorThenRetry(t *testing.T) {
	failing := s.faults.set("status=500;error-body=edgen;should-retry=false")
	s.send(t, "Are you there?")
	s.waitFor(t, "the error", `document.querySelector("#messages .msg-assistant:last-child .msg-error")`)
	shown := s.lastAnswer(t)
	if shown.State != "error" || shown.Error != "InternalServerError · 500" {
		t.Errorf("error shown as %+v", shown)
	}
	box := eval[[]string](t, s, `(() => {
		const e = document.querySelector("#messages .msg-error");
		return [e.getAttribute("role"), e.querySelector(".error-title").textContent, e.querySelector(".retry").textContent];
	})()`)
	if box[0] != "alert" || box[1] == "" || box[2] != "Retry" {
		t.Errorf("error box %q", box)
	}
	s.shot(t, "03-error-1280")
	if n := len(s.requests(failing)); n != 1 {
		t.Errorf("the failing request was sent %d times, want once", n)
	}
	healthy := s.faults.set("")
	s.do(t, chromedp.Click(chromedp.CSS("#messages .msg-error .retry")))
	s.waitFor(t, "the retried answer", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m.dataset.state === "done" && !document.querySelector("#messages .msg-error");
	})()`)
	if got := s.lastAnswer(t).Text; got != canned("Are you there?") {
		t.Errorf("retried answer %q", got)
	}
	if n := len(s.requests(healthy)); n != 1 {
		t.Errorf("the retry sent %d requests, want 1", n)
	}
}

func (s *pageSession) downloadProgress(t *testing.T) {
	s.faults.set("download=3s")
	s.send(t, "Load the model first")
	type bar struct {
		Hidden bool   `json:"hidden"`
		Now    string `json:"now"`
		State  string `json:"state"`
	}
	var seen []string
	deadline := time.Now().Add(pageWait)
	for {
		b := eval[bar](t, s, `({
			hidden: document.getElementById("download").hidden,
			now: document.getElementById("download-bar").getAttribute("aria-valuenow"),
			state: document.querySelector("#messages .msg-assistant:last-child").dataset.state,
		})`)
		if !b.Hidden && (len(seen) == 0 || seen[len(seen)-1] != b.Now) {
			seen = append(seen, b.Now)
			if len(seen) == 2 {
				s.shot(t, "04-download-1280")
				if s.pageScrolls(t) {
					t.Error("the page itself scrolls while the progress bar shows")
				}
			}
		}
		if b.State != "streaming" {
			if !b.Hidden {
				t.Error("the progress bar stayed after the answer")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the answer never came")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(seen) < 2 {
		t.Fatalf("progress values %v, want it to move", seen)
	}
	if !slices.IsSortedFunc(seen, func(a, b string) int { return atoi(t, a) - atoi(t, b) }) {
		t.Errorf("progress went back: %v", seen)
	}
	if got := s.lastAnswer(t); got.State != "done" || got.Text != canned("Load the model first") {
		t.Errorf("answer after the download %+v", got)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("aria-valuenow %q", s)
	}
	return n
}

// fill selects what the field holds, deletes it and types value.
func fill(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.ID(id)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(kb.Backspace),
		chromedp.SendKeys(chromedp.ID(id), value),
	)
}

func (s *pageSession) settings(t *testing.T) {
	s.do(t, chromedp.Click(chromedp.ID("open-settings")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	got := eval[[]string](t, s, `["set-base-url", "set-model", "set-temperature"].map((id) => document.getElementById(id).value)`)
	if want := []string{strings.TrimSuffix(s.url, "/") + "/v1", "default", ""}; !slices.Equal(got, want) {
		t.Errorf("defaults %q, want %q", got, want)
	}
	s.do(t, fill("set-temperature", "5"), chromedp.Click(chromedp.ID("settings-save")))
	s.waitFor(t, "the field error", `!document.getElementById("set-temperature-error").hidden`)
	if !eval[bool](t, s, `document.getElementById("settings").open`) {
		t.Fatal("the dialog closed on a bad temperature")
	}
	s.do(t,
		fill("set-temperature", "0.7"), fill("set-max-tokens", "64"), fill("set-system", "Be brief."),
		chromedp.Click(chromedp.ID("settings-save")))
	s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)

	scenario := s.faults.set("")
	s.send(t, "With settings")
	s.waitFor(t, "the answer", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "done"`)
	reqs := s.requests(scenario)
	if len(reqs) != 1 {
		t.Fatalf("%d chat requests", len(reqs))
	}
	var body struct {
		Model       string
		Temperature float64
		MaxTokens   int `json:"max_tokens"`
		Stream      bool
		Messages    []struct{ Role, Content string }
	}
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatalf("request body %s: %v", reqs[0].Body, err)
	}
	if body.Model != "default" || body.Temperature != 0.7 || body.MaxTokens != 64 || !body.Stream ||
		len(body.Messages) < 2 || body.Messages[0].Role != "system" || body.Messages[0].Content != "Be brief." ||
		body.Messages[len(body.Messages)-1].Content != "With settings" {
		t.Errorf("request body %s", reqs[0].Body)
	}
}

func (s *pageSession) reloadKeepsConversation(t *testing.T) {
	before := s.messages(t)
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	after := s.messages(t)
	if !slices.Equal(before, after) {
		t.Errorf("after reload:\n%+v\nbefore:\n%+v", after, before)
	}
	s.do(t, chromedp.Click(chromedp.ID("open-settings")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	if got := eval[string](t, s, `document.getElementById("set-temperature").value`); got != "0.7" {
		t.Errorf("temperature after reload %q", got)
	}
	s.do(t, chromedp.KeyEvent(kb.Escape))
	s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
}

// colorScheme makes the page see prefers-color-scheme dark or light.
func colorScheme(dark bool) chromedp.Action[chromedp.Void] {
	value := "light"
	if dark {
		value = "dark"
	}
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}},
		})
		return err
	})
}

// screens takes the screenshots a person judges the design by, and checks
// that narrow screens need no sideways scrolling.
func (s *pageSession) screens(t *testing.T) {
	for _, v := range []struct {
		name          string
		width, height int64
		scale         float64 // device pixels per CSS pixel, as on that screen
		dark          bool
	}{
		{"05-conversation-1280", 1280, 800, 1, false},
		{"06-conversation-1280-dark", 1280, 800, 1, true},
		{"07-conversation-375", 375, 812, 2, false},
		{"08-conversation-375-dark", 375, 812, 2, true},
		{"09-conversation-360", 360, 740, 2, false},
	} {
		s.do(t, chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(v.scale)), colorScheme(v.dark))
		if s.pageScrolls(t) {
			t.Errorf("%s: the page itself scrolls (only the conversation should)", v.name)
		}
		s.shot(t, v.name)
	}
	s.do(t, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2)), colorScheme(false),
		chromedp.Click(chromedp.ID("open-settings")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	s.shot(t, "10-settings-375")
	s.do(t, chromedp.KeyEvent(kb.Escape), chromedp.EmulateViewport(1280, 800))
}

func (s *pageSession) newChat(t *testing.T) {
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.waitFor(t, "an empty conversation", `document.querySelectorAll("#messages .msg").length === 0 &&
		!document.getElementById("empty").hidden`)
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	if n := len(s.messages(t)); n != 0 {
		t.Errorf("%d messages came back after New chat and a reload", n)
	}
}

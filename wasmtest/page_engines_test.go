//go:build !js

package wasmtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pageEngines are the engines of TestPageEngines: Chromium runs the whole
// of the page's tests (TestPage and the others).
var pageEngines = []string{"firefox", "webkit"}

// TestPageEngines runs the demo page's essential path in Firefox and
// WebKit, as a person would with a mouse and keyboard: it loads, a question
// sent with Enter streams its answer, Markdown renders, Stop ends an answer
// and its request; then it looks at each view, light and dark, at 1280 px
// and at 360 px, with axe-core (looks; the screenshots go to
// artifacts/page/TestPageEngines/<engine>/, not committed). MiniBrowser's
// window cannot be narrower than its toolbar, 447 px: its narrow
// screenshots are as narrow as it goes.
func TestPageEngines(t *testing.T) {
	for _, name := range pageEngines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := servePage(t)
			p := &enginePage{pageSession: s, e: startEngine(t, name)}
			if err := p.e.resize(1280, 800); err != nil {
				t.Fatal(err)
			}
			if err := p.e.open(s.url); err != nil {
				t.Fatal(err)
			}
			for _, step := range []struct {
				name string
				run  func(*enginePage, *testing.T)
			}{
				{"Loads", (*enginePage).loads},
				{"AnswerStreams", (*enginePage).answerStreams},
				{"Markdown", (*enginePage).markdown},
				{"Stop", (*enginePage).stop},
				{"Looks", (*enginePage).looks},
			} {
				if !t.Run(step.name, func(t *testing.T) { step.run(p, t) }) {
					return
				}
			}
			if pr := p.e.problems(); pr != "" {
				t.Errorf("the page reported problems:\n%s", pr)
			}
		})
	}
}

// enginePage is the demo page open in one engine, with the server and
// fake of a pageSession behind it.
type enginePage struct {
	*pageSession
	e engine
}

// wait waits, at most pageWait, until the JavaScript condition holds.
func (p *enginePage) wait(t *testing.T, what, cond string) {
	t.Helper()
	if _, err := pollOn[bool](p.e, pageWait, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// js evaluates expr in the page and returns its value as a T.
func js[T any](t *testing.T, p *enginePage, expr string) T {
	t.Helper()
	v, err := evalOn[T](p.e, expr)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// act fails the test on an engine's error.
func act(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// snap saves a screenshot of the viewport as name.png and returns it.
func (p *enginePage) snap(t *testing.T, name string) []byte {
	t.Helper()
	png, err := p.e.screenshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	return png
}

// ask types prompt into the message box, presses Enter and waits until the
// answer leaves the streaming state; it returns every text the answer
// showed meanwhile, as a MutationObserver saw them.
func (p *enginePage) ask(t *testing.T, prompt string) []string {
	t.Helper()
	act(t, p.e.eval(`(() => {
		const log = document.getElementById("messages");
		globalThis.seenAnswers = [];
		globalThis.seenBusy = false;
		new MutationObserver(() => {
			const m = log.querySelector(".msg-assistant:last-child");
			const body = m?.querySelector(".msg-body:not(:has(.typing))");
			if (body) globalThis.seenAnswers.push(body.textContent.trim());
			if (m?.getAttribute("aria-busy") === "true") globalThis.seenBusy = true;
		}).observe(log, { childList: true, subtree: true, characterData: true, attributes: true });
	})()`, nil))
	act(t, p.e.typeInto("#prompt", prompt+keyEnter))
	p.wait(t, "the answer", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state !== "streaming";
	})()`)
	return js[[]string](t, p, `globalThis.seenAnswers`)
}

func (p *enginePage) loads(t *testing.T) {
	p.wait(t, "the client to load", `!document.getElementById("send").disabled`)
	p.wait(t, "the status line", `document.getElementById("server-status").dataset.state === "ok"`)
	if status := js[string](t, p, `document.getElementById("status-text").textContent`); !strings.HasPrefix(status, "Connected to Edgen") {
		t.Errorf("status line %q", status)
	}
	p.snap(t, "01-empty-1280")
}

func (p *enginePage) answerStreams(t *testing.T) {
	p.faults.set("gap=120ms")
	text := "Tell me, in as many small words as you like, how the tokens of an answer stream into this page"
	seen := p.ask(t, text)
	want := canned(text)
	final := p.lastShown(t)
	if final.State != "done" || final.Text != want || final.Busy != "false" {
		t.Fatalf("final answer %+v, want done %q", final, want)
	}
	partial := map[string]bool{}
	for _, s := range seen {
		if s != "" && len(s) < len(want) && strings.HasPrefix(want, s) {
			partial[s] = true
		}
	}
	if len(partial) < 3 {
		t.Errorf("the answer showed %d partial texts, want it to grow over several frames", len(partial))
	}
	if !js[bool](t, p, `globalThis.seenBusy`) {
		t.Error("the streaming answer was never aria-busy")
	}
	if focus := js[string](t, p, `document.activeElement.id`); focus != "prompt" {
		t.Errorf("focus on %q after sending, want the message box", focus)
	}
}

// lastShown returns the last message on screen.
func (p *enginePage) lastShown(t *testing.T) shownMessage {
	t.Helper()
	msgs := js[[]shownMessage](t, p, shownJS)
	if len(msgs) == 0 {
		t.Fatal("no message on screen")
	}
	return msgs[len(msgs)-1]
}

func (p *enginePage) markdown(t *testing.T) {
	p.faults.set("answer=" + markdownAnswer)
	p.ask(t, "Show me Markdown")
	got := js[struct{ Strong, Items, Cells, Bold, Highlighted int }](t, p, `(() => {
		const a = document.querySelector("#messages .msg-assistant:last-child .msg-body");
		return {
			strong: a.querySelectorAll("strong").length, items: a.querySelectorAll("ul > li").length,
			cells: a.querySelectorAll("table td").length, bold: a.querySelectorAll("b").length,
			highlighted: a.querySelectorAll("pre [class^=hljs-]").length,
		};
	})()`)
	if got.Strong != 1 || got.Items != 2 || got.Cells != 2 || got.Bold != 0 || got.Highlighted == 0 {
		t.Errorf("rendered %+v, want 1 strong, 2 items, 2 cells, no raw <b>, coloured code", got)
	}
	p.snap(t, "02-markdown-1280")
}

func (p *enginePage) stop(t *testing.T) {
	scenario := p.faults.set("gap=250ms")
	text := "Please take your time and answer slowly, one word after another"
	act(t, p.e.typeInto("#prompt", text+keyEnter))
	p.wait(t, "the first words", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state === "streaming" && !m.querySelector(".typing");
	})()`)
	act(t, p.e.click("#stop"))
	p.wait(t, "the answer to stop", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "stopped"`)
	// The fake sends a chunk every 250 ms: even an engine that closes a
	// cancelled body's connection only at its next data (Gecko) closes it.
	if err := waitDisconnected(p.fake, scenario, pageWait); err != nil {
		t.Fatalf("the page did not close the stream: %v", err)
	}
	stopped := p.lastShown(t)
	if full := canned(text); !strings.HasPrefix(full, stopped.Text) || len(stopped.Text) >= len(full) {
		t.Errorf("stopped answer %q, want a strict prefix of %q", stopped.Text, full)
	}
	p.snap(t, "03-stopped-1280")
}

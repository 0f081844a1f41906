//go:build !js

package wasmtest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestPageChats drives the list of conversations: several chats kept
// apart, rename and delete with Undo by keyboard, finding one, exporting
// one as Markdown, the options of each chat (model from models.list,
// system prompt), a reload mid-answer (kept as Stopped, not as an error),
// and two tabs that stay consistent.
func TestPageChats(t *testing.T) {
	s := startPage(t)
	s.runSteps(t,
		pageStep{"SeveralChats", (*pageSession).severalChats},
		pageStep{"RenameByKeyboard", (*pageSession).renameByKeyboard},
		pageStep{"FindChat", (*pageSession).findChat},
		pageStep{"DeleteThenUndo", (*pageSession).deleteThenUndo},
		pageStep{"Export", (*pageSession).exportMarkdown},
		pageStep{"OptionsPerChat", (*pageSession).optionsPerChat},
		pageStep{"ReloadMidAnswer", (*pageSession).reloadMidAnswer},
		pageStep{"TwoTabs", (*pageSession).twoTabs},
	)
}

// chatTitles lists the titles of the chat list, the current one marked "*".
const chatTitlesJS = `[...document.querySelectorAll("#chat-list .chat-open")].map((b) =>
	(b.getAttribute("aria-current") === "true" ? "*" : "") + b.textContent)`

func (s *pageSession) chatTitles(t *testing.T) []string {
	t.Helper()
	return eval[[]string](t, s, chatTitlesJS)
}

// ask sends text in the current chat and waits for the whole answer.
func (s *pageSession) ask(t *testing.T, text string) {
	t.Helper()
	n := eval[int](t, s, `document.querySelectorAll("#messages .msg-assistant").length`)
	s.send(t, text)
	s.waitFor(t, "the answer to "+text, `(() => {
		const a = document.querySelectorAll("#messages .msg-assistant");
		return a.length === `+itoa(n+1)+` && a[a.length - 1].dataset.state !== "streaming";
	})()`)
}

// openListed clicks the n-th chat of the list and waits until it shows
// (the page reads it from its store first).
func (s *pageSession) openListed(t *testing.T, n int) {
	t.Helper()
	item := `document.querySelector("#chat-list li:nth-child(` + itoa(n) + `)")`
	id := eval[string](t, s, item+`.dataset.id`)
	s.clickRedrawn(t, `#chat-list li:nth-child(`+itoa(n)+`) .chat-open`)
	s.waitFor(t, "the chat to open", `document.querySelector("#chat-list [aria-current]")?.closest("li").dataset.id === `+quote(id))
}

// clickRedrawn clicks the element of the CSS selector sel as a mouse does,
// again when the page drew it anew between finding and clicking it: the
// chat list is drawn again whenever a save lands in IndexedDB, which
// happens after the action that caused it.
func (s *pageSession) clickRedrawn(t *testing.T, sel string) {
	t.Helper()
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(s.ctx, pageWait)
		err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel)))
		cancel()
		if err == nil {
			return
		}
		if try == 3 || !strings.Contains(err.Error(), "Could not find node") {
			t.Fatalf("clicking %s: %v", sel, err)
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func (s *pageSession) severalChats(t *testing.T) {
	s.faults.set("")
	s.ask(t, "Apples are red")
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.waitFor(t, "a new chat", `document.querySelectorAll("#messages .msg").length === 0`)
	if got := eval[string](t, s, `document.activeElement.id`); got != "prompt" {
		t.Errorf("focus on %q after New chat", got)
	}
	s.ask(t, "Bananas are yellow")
	if got, want := s.chatTitles(t), []string{"*Bananas are yellow", "Apples are red"}; !slices.Equal(got, want) {
		t.Errorf("chat list %q, want %q", got, want)
	}
	s.do(t, chromedp.Click(chromedp.CSS(`#chat-list li:nth-child(2) .chat-open`)))
	s.waitFor(t, "the first chat", `document.querySelector("#messages .msg-user")?.textContent.includes("Apples")`)
	if n := len(s.messages(t)); n != 2 {
		t.Errorf("the first chat shows %d messages, want 2", n)
	}
	if got := eval[string](t, s, `document.getElementById("chat-title").textContent`); got != "Apples are red" {
		t.Errorf("chat title %q", got)
	}
}

func (s *pageSession) renameByKeyboard(t *testing.T) {
	s.do(t, chromedp.Focus(chromedp.CSS(`#chat-list [aria-current] ~ .chat-rename`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the title field", `document.activeElement.classList.contains("chat-rename-field")`)
	s.do(t, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Backspace),
		chromedp.SendKeys(chromedp.CSS(".chat-rename-field"), "Fruit colours"), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the new title", `document.getElementById("chat-title").textContent === "Fruit colours"`)
	s.waitFor(t, "the list to show it", chatTitlesJS+`.includes("*Fruit colours")`)
	if got := s.chatTitles(t); !slices.Contains(got, "*Fruit colours") {
		t.Errorf("chat list %q after renaming", got)
	}
	if !eval[bool](t, s, `document.activeElement.classList.contains("chat-open")`) {
		t.Error("focus did not come back to the chat after renaming")
	}
	// Escape cancels.
	s.do(t, chromedp.Focus(chromedp.CSS(`#chat-list [aria-current] ~ .chat-rename`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the title field", `document.activeElement.classList.contains("chat-rename-field")`)
	s.do(t, chromedp.SendKeys(chromedp.CSS(".chat-rename-field"), " and more"), chromedp.KeyEvent(kb.Escape))
	s.waitFor(t, "the list", `!document.querySelector(".chat-rename-field")`)
	if got := s.chatTitles(t); !slices.Contains(got, "*Fruit colours") {
		t.Errorf("Escape changed the title: %q", got)
	}
}

func (s *pageSession) findChat(t *testing.T) {
	s.do(t, chromedp.Click(chromedp.ID("chat-filter")), chromedp.SendKeys(chromedp.ID("chat-filter"), "banana"))
	s.waitFor(t, "the filtered list", `document.querySelectorAll("#chat-list li").length === 1`)
	if got := s.chatTitles(t); !slices.Equal(got, []string{"Bananas are yellow"}) {
		t.Errorf("found %q", got)
	}
	s.do(t, chromedp.SendKeys(chromedp.ID("chat-filter"), "zzz"))
	s.waitFor(t, "no match", `!document.getElementById("chat-list-empty").hidden`)
	s.do(t, fill("chat-filter", ""), chromedp.KeyEvent(kb.Backspace))
	s.waitFor(t, "the whole list", `document.querySelectorAll("#chat-list li").length === 2`)
}

func (s *pageSession) deleteThenUndo(t *testing.T) {
	s.do(t, chromedp.Click(chromedp.CSS(`#chat-list [aria-current] ~ .chat-delete`)))
	s.waitFor(t, "the chat gone", `document.querySelectorAll("#chat-list li").length === 1 && !document.getElementById("toast").hidden`)
	if got := s.chatTitles(t); slices.Contains(got, "Fruit colours") || slices.Contains(got, "*Fruit colours") {
		t.Errorf("deleted chat still listed: %q", got)
	}
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	if n := len(s.chatTitles(t)); n != 1 {
		t.Errorf("%d chats after deleting one of two and reloading", n)
	}
	// Undo, after another delete, by keyboard.
	s.do(t, chromedp.Focus(chromedp.CSS(`#chat-list li:nth-child(1) .chat-delete`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the toast", `!document.getElementById("toast").hidden && document.querySelectorAll("#chat-list li").length === 0`)
	s.do(t, chromedp.Focus(chromedp.ID("toast-undo")), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the chat back", `document.querySelectorAll("#chat-list li").length === 1`)
	if got := s.chatTitles(t); !slices.Equal(got, []string{"*Bananas are yellow"}) {
		t.Errorf("after Undo: %q", got)
	}
	if msgs := s.messages(t); len(msgs) != 2 || msgs[0].Text != "Bananas are yellow" {
		t.Errorf("after Undo the chat shows %+v", msgs)
	}
}

func (s *pageSession) exportMarkdown(t *testing.T) {
	got := s.download(t, chromedp.Click(chromedp.ID("export-chat")), "Bananas are yellow.md")
	want := "# Bananas are yellow\n\nModel: default\n\n## You\n\nBananas are yellow\n\n## Edgen\n\n" + canned("Bananas are yellow") + "\n"
	if string(got) != want {
		t.Errorf("exported %q, want %q", got, want)
	}
}

// download lets the browser save files in a fresh directory, runs click
// and returns the file name it saved.
func (s *pageSession) download(t *testing.T, click chromedp.Action[chromedp.Void], name string) []byte {
	t.Helper()
	dir := t.TempDir()
	s.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		})
		return err
	}), click)
	path := filepath.Join(dir, name)
	for deadline := time.Now().Add(pageWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
	}
	t.Fatalf("the browser saved no %s", name)
	return nil
}

func (s *pageSession) optionsPerChat(t *testing.T) {
	// Edgen lists repositories, which its chat cannot be asked for by name:
	// the choices are its default and the chat's own (the models of an
	// OpenAI-compatible server are offered: TestPageErrors/ThreeServerStates).
	if got := eval[[]string](t, s, `[...document.getElementById("model-pick").options].map((o) => o.value)`); !slices.Equal(got, []string{"default"}) {
		t.Errorf("model choices %q, want default", got)
	}
	// A model and a system prompt in Options.
	s.do(t, chromedp.Click(chromedp.ID("chat-options")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	if got := eval[string](t, s, `document.activeElement.id + "=" + document.activeElement.value`); got != "set-model=default" {
		t.Errorf("Options opened on %q, want the model field", got)
	}
	const mine = "my-fake-model"
	s.do(t, fill("set-model", mine), fill("set-system", "Speak like a pirate."), chromedp.Click(chromedp.ID("settings-save")))
	s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
	if got := eval[string](t, s, `document.getElementById("model-pick").value`); got != mine {
		t.Errorf("model picker shows %q, want %q", got, mine)
	}
	scenario := s.faults.set("")
	s.ask(t, "Ahoy")
	if body := s.chatBody(t, scenario); body.Model != mine || len(body.Messages) == 0 || body.Messages[0].Content != "Speak like a pirate." {
		t.Errorf("request %+v, want model %q and the system prompt", body, mine)
	}
	// A new chat starts from these options; the model picker, by keyboard,
	// goes back to default; another, older chat keeps its own options.
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.do(t, chromedp.Focus(chromedp.ID("model-pick")), chromedp.KeyEvent(kb.ArrowUp))
	s.waitFor(t, "default", `document.getElementById("model-pick").value === "default"`)
	scenario = s.faults.set("")
	s.ask(t, "Fresh")
	if body := s.chatBody(t, scenario); body.Model != "default" || body.Messages[0].Content != "Speak like a pirate." {
		t.Errorf("a new chat sent %+v, want default and the last system prompt", body)
	}
	s.do(t, chromedp.Click(chromedp.ID("chat-options")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	s.do(t, fill("set-system", "Plain."), chromedp.Click(chromedp.ID("settings-save")))
	s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
	s.openListed(t, 2)
	scenario = s.faults.set("")
	s.ask(t, "Still a pirate?")
	if body := s.chatBody(t, scenario); body.Model != mine || body.Messages[0].Content != "Speak like a pirate." {
		t.Errorf("the older chat sent %+v, want its own model and system prompt", body)
	}
}

// chatRequest is the part of a chat request the tests look at.
type chatRequest struct {
	Model    string
	Messages []struct{ Role, Content string }
}

// chatBody returns the one chat request of scenario.
func (s *pageSession) chatBody(t *testing.T, scenario string) chatRequest {
	t.Helper()
	reqs := s.requests(scenario)
	if len(reqs) != 1 {
		t.Fatalf("%d chat requests, want 1", len(reqs))
	}
	var body chatRequest
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatalf("request body %s: %v", reqs[0].Body, err)
	}
	return body
}

func (s *pageSession) reloadMidAnswer(t *testing.T) {
	scenario := s.faults.set("gap=250ms")
	s.send(t, "Take your time with this one please")
	s.waitFor(t, "the first words", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state === "streaming" && !m.querySelector(".typing");
	})()`)
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	if err := waitDisconnected(s.fake, scenario, pageWait); err != nil {
		t.Fatalf("the reload did not end the stream: %v", err)
	}
	a := s.lastAnswer(t)
	note := eval[string](t, s, `document.querySelector("#messages .msg-assistant:last-child .msg-note")?.textContent ?? ""`)
	if a.State != "stopped" || a.Error != "" || note != "Stopped" || a.Text == "" {
		t.Errorf("after a reload mid-answer: %+v, note %q; want the words so far, Stopped, no error", a, note)
	}
	if !strings.HasPrefix(canned("Take your time with this one please"), a.Text) {
		t.Errorf("kept %q", a.Text)
	}
	if got := eval[bool](t, s, `!document.getElementById("send").disabled && document.getElementById("composer-busy").hidden`); !got {
		t.Error("the composer stays blocked after a reload mid-answer")
	}
}

// newTab opens the page in a second tab of the same browser (same storage).
func (s *pageSession) newTab(t *testing.T) *pageSession {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.ctx)
	t.Cleanup(cancel)
	tab := &pageSession{ctx: ctx, url: s.url, fake: s.fake, faults: s.faults, shots: s.shots}
	tab.watch()
	tab.do(t, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(s.url))
	tab.waitReady(t)
	return tab
}

func (s *pageSession) twoTabs(t *testing.T) {
	// A chat of its own, the newest: the step needs no earlier one.
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.faults.set("")
	s.ask(t, "Two tabs share this chat")
	other := s.newTab(t)
	// The new tab shows the newest chat: the one this tab writes in.
	if a, b := s.chatTitles(t), other.chatTitles(t); len(a) != len(b) {
		t.Fatalf("tab lists differ: %q and %q", a, b)
	}
	other.openListed(t, 1)
	s.openListed(t, 1)
	// An answer streaming in one tab shows in the other, whose Send waits.
	s.faults.set("gap=150ms")
	s.send(t, "Both tabs see this answer grow")
	other.waitFor(t, "the answer in the other tab", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state === "streaming" && m.textContent.includes("Hello");
	})()`)
	if !eval[bool](t, other, `document.getElementById("send").disabled && !document.getElementById("composer-busy").hidden`) {
		t.Error("the other tab could send into a chat that this tab is answering in")
	}
	s.answerDone(t)
	other.waitFor(t, "the whole answer in the other tab", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "done"`)
	if a, b := s.messages(t), other.messages(t); !slices.Equal(a, b) {
		t.Errorf("the tabs show different chats:\n%+v\n%+v", a, b)
	}
	// Each tab writes its own chat; neither overwrites the other's.
	other.do(t, chromedp.Click(chromedp.ID("new-chat")))
	other.faults.set("")
	other.ask(t, "Written in the other tab")
	s.waitFor(t, "the other tab's chat in the list", `[...document.querySelectorAll("#chat-list .chat-open")].some((b) => b.textContent === "Written in the other tab")`)
	s.faults.set("")
	s.ask(t, "Written in the first tab")
	other.waitFor(t, "the first tab's words in its list", `(() => {
		document.getElementById("chat-filter").value = "first tab";
		document.getElementById("chat-filter").dispatchEvent(new Event("input"));
		return document.querySelectorAll("#chat-list li").length === 1;
	})()`)
	if got := other.messages(t); len(got) != 2 || got[0].Text != "Written in the other tab" {
		t.Errorf("the other tab's chat became %+v", got)
	}
	if p := other.problems.String(); p != "" {
		t.Errorf("the other tab reported problems:\n%s", p)
	}
}

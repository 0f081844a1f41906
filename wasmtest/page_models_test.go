//go:build !js

package wasmtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the pictures the page sends
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestPageModels drives what the page does with today's models, through
// its controls, against the fake's dialects (a chat's model "fake:<server>"
// picks one): the Thinking block (streaming, then closed with its duration,
// kept across a reload and in the export, never sent back), thinking in
// <think> tags (the opening one left out), tool steps with the built-in
// tools (one that works and one that fails), pictures (attached, sent in
// OpenAI's nested form after being scaled down, shown and kept; refused by
// the Edgen dialect in clear words), the speed under each answer, and all
// of it judged by axe-core in light and dark, at 1280 and 360 px.
func TestPageModels(t *testing.T) {
	s := startPage(t)
	s.runSteps(t,
		pageStep{"ThinkingStreams", (*pageSession).thinkingStreams},
		pageStep{"ThinkingNotResent", (*pageSession).thinkingNotResent},
		pageStep{"ThinkingKept", (*pageSession).thinkingKept},
		pageStep{"ThinkingStopped", (*pageSession).thinkingStopped},
		pageStep{"ThinkTags", (*pageSession).thinkTags},
		pageStep{"ToolSteps", (*pageSession).toolSteps},
		pageStep{"Picture", (*pageSession).picture},
		pageStep{"PictureRefusedByEdgen", (*pageSession).pictureRefusedByEdgen},
		pageStep{"Speed", (*pageSession).speed},
		pageStep{"Looks", (*pageSession).modelsLook},
	)
}

// chatOptions sets the chat's model and exactly the tools named, in the
// Options dialog, with the keyboard for the checkboxes.
func (s *pageSession) chatOptions(t *testing.T, model string, tools ...string) {
	t.Helper()
	s.do(t, chromedp.Click(chromedp.ID("chat-options")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	s.do(t, fill("set-model", model))
	for _, name := range []string{"date_time", "arithmetic"} {
		want := strings.Contains(" "+strings.Join(tools, " ")+" ", " "+name+" ")
		if eval[bool](t, s, `document.getElementById("set-tool-`+name+`").checked`) != want {
			s.do(t, chromedp.Focus(chromedp.ID("set-tool-"+name)), chromedp.KeyEvent(" "))
		}
	}
	s.do(t, chromedp.Click(chromedp.ID("settings-save")))
	s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
}

// newChatNow starts a new chat with the New chat button.
func (s *pageSession) newChatNow(t *testing.T) {
	t.Helper()
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.waitFor(t, "an empty chat", `document.querySelectorAll("#messages .msg").length === 0`)
}

// shownThinking is the Thinking block of the last answer as shown.
type shownThinking struct {
	Present bool   `json:"present"`
	Open    bool   `json:"open"`
	Label   string `json:"label"`
	Text    string `json:"text"`
	Dots    bool   `json:"dots"`
	Answer  string `json:"answer"`
	State   string `json:"state"`
}

const shownThinkingJS = `(() => {
	const m = [...document.querySelectorAll("#messages .msg-assistant")].at(-1);
	const d = m?.querySelector("details.thinking");
	return {
		present: Boolean(d), open: Boolean(d?.open),
		label: d?.querySelector("summary").textContent ?? "", text: d?.querySelector(".thinking-text").textContent ?? "",
		dots: Boolean(m?.querySelector(".msg-body .typing")),
		answer: m?.querySelector(".msg-body").textContent.trim() ?? "", state: m?.dataset.state ?? "",
	};
})()`

func (s *pageSession) thinking(t *testing.T) shownThinking {
	t.Helper()
	return eval[shownThinking](t, s, shownThinkingJS)
}

// thoughtFor matches the label of a closed Thinking block.
var thoughtFor = regexp.MustCompile(`^Thought for (\d+(\.\d)? seconds|\d+ ms)$`)

func (s *pageSession) thinkingStreams(t *testing.T) {
	s.newChatNow(t)
	s.chatOptions(t, "fake:ollama")
	s.faults.set("gap=150ms")
	const question = "Think it over first"
	s.send(t, question)
	thought := fmt.Sprintf("The user wrote %q, so I will greet them and say their words back.", question)
	// While the model thinks: the block is open, says so, grows; no dots.
	var grew []int
	shot := false
	deadline := time.Now().Add(pageWait)
	for ; ; time.Sleep(10 * time.Millisecond) {
		th := s.thinking(t)
		if th.State != "streaming" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the answer never finished")
		}
		if th.Present && th.Answer == "" {
			if !th.Open || th.Label != "Thinking…" || th.Dots {
				t.Errorf("while thinking: %+v, want it open, labelled Thinking…, without the typing dots", th)
			}
			if len(grew) == 0 || grew[len(grew)-1] != len(th.Text) {
				grew = append(grew, len(th.Text))
			}
			if !shot && len(th.Text) > 20 {
				s.shot(t, "01-thinking-live-1280")
				shot = true
			}
		}
		if th.Answer != "" && th.Present && th.Open {
			t.Errorf("the block stayed open after the answer started: %+v", th)
		}
	}
	if len(grew) < 3 {
		t.Errorf("the thinking grew through %v characters, want it seen growing", grew)
	}
	th := s.thinking(t)
	if th.State != "done" || th.Open || !thoughtFor.MatchString(th.Label) || th.Text != thought || th.Answer != canned(question) {
		t.Errorf("after the answer: %+v, want closed, %q, the thinking %q and the answer %q", th, thoughtFor, thought, canned(question))
	}
	// It opens by keyboard.
	s.do(t, chromedp.Focus(chromedp.CSS(`#messages .msg-assistant:last-child details.thinking summary`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the block to open", `document.querySelector("#messages .msg-assistant:last-child details.thinking").open`)
	s.shot(t, "02-thinking-open-1280")
}

func (s *pageSession) thinkingNotResent(t *testing.T) {
	scenario := s.faults.set("")
	s.ask(t, "And again")
	turns := chatTurns(t, s.requests(scenario))
	if len(turns) != 1 {
		t.Fatalf("%d chat requests, want 1", len(turns))
	}
	got, err := json.Marshal(turns[0].Messages)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"role":"user","content":"Think it over first"},{"role":"assistant","content":"` + canned("Think it over first") + `"},{"role":"user","content":"And again"}]`; string(got) != want {
		t.Errorf("the history sent %s, want %s (the thinking never goes back)", got, want)
	}
}

// chatTurn is what the tests read of a chat request: the tools offered and
// the messages (a content is a string, or the parts).
type chatTurn struct {
	Tools []struct {
		Function struct{ Name string } `json:"function"`
	} `json:"tools"`
	Messages []struct {
		Role    string `json:"role"`
		Content any    `json:"content"`
	} `json:"messages"`
}

// chatTurns reads the chat requests reqs.
func chatTurns(t *testing.T, reqs []edgentest.Request) []chatTurn {
	t.Helper()
	turns := make([]chatTurn, len(reqs))
	for i, r := range reqs {
		if err := json.Unmarshal(r.Body, &turns[i]); err != nil {
			t.Fatalf("a chat request %.300q: %v", r.Body, err)
		}
	}
	return turns
}

func (s *pageSession) thinkingKept(t *testing.T) {
	labels := `[...document.querySelectorAll("#messages details.thinking")].map((d) => d.querySelector("summary").textContent + (d.open ? " (open)" : ""))`
	before := eval[[]string](t, s, labels) // the first opened by ThinkingStreams
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	after := eval[[]string](t, s, labels)
	if len(after) != 2 || after[0]+" (open)" != before[0] || after[1] != before[1] {
		t.Errorf("Thinking blocks after a reload %q, before %q: want them kept, closed", after, before)
	}
	md := string(s.download(t, chromedp.Click(chromedp.ID("export-chat")), "Think it over first.md"))
	thought := regexp.MustCompile(`(?m)^> \*\*Thought for (\d+(\.\d)? seconds|\d+ ms):\*\*\n>\n> The user wrote "Think it over first", so I will greet them and say their words back\.\n\n` +
		regexp.QuoteMeta(canned("Think it over first")) + "$")
	if !thought.MatchString(md) || !strings.Contains(md, "Model: fake:ollama") {
		t.Errorf("the export has no thinking before the answer:\n%s", md)
	}
}

func (s *pageSession) thinkingStopped(t *testing.T) {
	s.newChatNow(t)
	s.chatOptions(t, "fake:deepseek")
	scenario := s.faults.set("gap=300ms")
	s.send(t, "Stop me while I think")
	s.waitFor(t, "the thinking", `document.querySelector("#messages .msg-assistant:last-child .thinking-text")?.textContent.length > 0`)
	s.do(t, chromedp.Click(chromedp.ID("stop")))
	s.waitFor(t, "the answer to stop", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "stopped"`)
	if err := waitDisconnected(s.fake, scenario, pageWait); err != nil {
		t.Fatalf("the page did not close the stream: %v", err)
	}
	th := s.thinking(t)
	if !th.Present || th.Open || !thoughtFor.MatchString(th.Label) || th.Text == "" || th.Answer != "" || th.Dots {
		t.Errorf("stopped while thinking: %+v, want the thinking so far, closed with its duration", th)
	}
	// A reload while it thinks (the tab goes away): the thinking so far is
	// kept, closed (with its time when the page could still count it).
	s.faults.set("gap=300ms")
	s.send(t, "Reload me while I think")
	s.waitFor(t, "the thinking", `document.querySelector("#messages .msg-assistant:last-child .thinking-text")?.textContent.length > 0`)
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	if th := s.thinking(t); th.State != "stopped" || th.Open || !(th.Label == "Thought (stopped)" || thoughtFor.MatchString(th.Label)) || th.Text == "" {
		t.Errorf("reloaded while thinking: %+v, want the thinking so far, closed", th)
	}
}

func (s *pageSession) thinkTags(t *testing.T) {
	for _, reasoning := range []string{"think", "think-split", "think-open"} {
		s.newChatNow(t)
		s.chatOptions(t, "fake:edgen;reasoning="+reasoning)
		s.faults.set("")
		// Every state the answer goes through, not just the last, is free of tags.
		s.do(t, chromedp.Evaluate[chromedp.Void](`(() => {
			globalThis.sawTag = false;
			const log = document.getElementById("messages");
			new MutationObserver(() => { globalThis.sawTag ||= log.textContent.includes("think>"); })
				.observe(log, { childList: true, subtree: true, characterData: true });
		})()`))
		question := "Tags of " + reasoning
		s.ask(t, question)
		th := s.thinking(t)
		want := fmt.Sprintf("The user wrote %q, so I will greet them and say their words back.", question)
		if th.State != "done" || th.Answer != canned(question) || strings.TrimSpace(th.Text) != want || th.Open {
			t.Errorf("%s: shown %+v, want the answer %q without tags and the thinking %q", reasoning, th, canned(question), want)
		}
		if raw := eval[bool](t, s, `globalThis.sawTag`); raw {
			t.Errorf("%s: a raw <think> tag showed", reasoning)
		}
	}
}

// shownStep is a tool step as shown.
type shownStep struct {
	State   string `json:"state"`
	Summary string `json:"summary"`
	Texts   []string
}

const shownStepsJS = `[...document.querySelectorAll("#messages .msg-assistant:last-child details.step")].map((d) => ({
	state: d.dataset.state, summary: d.querySelector("summary").textContent,
	texts: [...d.querySelectorAll(".step-text")].map((p) => p.textContent),
}))`

func (s *pageSession) toolSteps(t *testing.T) {
	s.newChatNow(t)
	s.chatOptions(t, "fake:openai", "date_time", "arithmetic")
	scenario := s.faults.set("gap=60ms")
	const question = "Please use date_time and arithmetic"
	s.send(t, question)
	s.waitFor(t, "a step", `document.querySelector("#messages .msg-assistant:last-child details.step")`)
	s.answerDone(t)
	steps := eval[[]shownStep](t, s, shownStepsJS)
	if len(steps) != 2 {
		t.Fatalf("steps %+v, want two (the model called both tools at once)", steps)
	}
	if st := steps[0]; st.State != "done" || st.Summary != "Used date_time" || len(st.Texts) != 2 || st.Texts[0] != "{}" ||
		!regexp.MustCompile(`\d{4} at \d\d:\d\d:\d\d .*\(time zone .*; ISO \d{4}-\d\d-\d\dT`).MatchString(st.Texts[1]) {
		t.Errorf("the date_time step %+v", st)
	}
	failed := "Error: unknown name “example”: the constants are pi and e"
	if st := steps[1]; st.State != "failed" || st.Summary != "arithmetic failed" || len(st.Texts) != 2 ||
		st.Texts[0] != "{\n  \"expression\": \"example\"\n}" || st.Texts[1] != failed {
		t.Errorf("the arithmetic step %+v, want it failed with %q", st, failed)
	}
	answer := s.lastAnswer(t).Text
	if !strings.HasPrefix(answer, "The tools said: date_time: ") || !strings.HasSuffix(answer, "; arithmetic: "+failed) {
		t.Errorf("the answer %q, want the tools' results", answer)
	}
	// What reached the fake: the tools offered twice, the results once.
	reqs := s.requests(scenario)
	if len(reqs) != 2 {
		t.Fatalf("%d chat requests, want 2 (the calls, then the answer)", len(reqs))
	}
	second := chatTurns(t, reqs)[1]
	if len(second.Tools) != 2 || second.Tools[0].Function.Name != "date_time" || second.Tools[1].Function.Name != "arithmetic" {
		t.Errorf("tools offered %s", reqs[1].Body)
	}
	if n := len(second.Messages); n != 4 || second.Messages[2].Role != "tool" || second.Messages[3].Content != failed {
		t.Errorf("the results sent back %s", reqs[1].Body)
	}
	// A step opens by keyboard, and shows its arguments and result.
	s.do(t, chromedp.Focus(chromedp.CSS(`#messages .msg-assistant:last-child details.step summary`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the step to open", `document.querySelector("#messages .msg-assistant:last-child details.step").open`)
	s.shot(t, "03-tool-steps-1280")
	// The next question sends the answer's words, not its calls (the fake
	// model calls a tool again: the tools are still offered).
	scenario = s.faults.set("")
	s.ask(t, "Thanks")
	var next chatRequest
	if reqs := s.requests(scenario); len(reqs) == 0 || json.Unmarshal(reqs[0].Body, &next) != nil {
		t.Fatalf("no readable request after tools: %d", len(reqs))
	}
	if len(next.Messages) != 3 || next.Messages[1].Role != "assistant" || next.Messages[1].Content != answer {
		t.Errorf("the history after tools %+v", next.Messages)
	}
}

// bigPicture writes a 2400 x 1600 PNG and returns its path.
func bigPicture(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2400, 1600))
	for y := range 1600 {
		for x := range 2400 {
			img.Set(x, y, color.RGBA{uint8(x / 10), uint8(y / 7), uint8((x + y) / 16), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "landscape.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sentPictures returns the image parts of the last user message of a
// chat request, as data URLs, and its text parts.
func sentPictures(t *testing.T, body []byte) (urls []string, texts []string) {
	t.Helper()
	var req struct {
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatalf("request %.300s: %v", body, err)
	}
	last := req.Messages[len(req.Messages)-1]
	var parts []struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		URL      string `json:"url"`
		ImageURL *struct {
			URL string `json:"url"`
		} `json:"image_url"`
	}
	if err := json.Unmarshal(last.Content, &parts); err != nil {
		t.Fatalf("the question's content %.300s is not parts: %v", last.Content, err)
	}
	for _, p := range parts {
		switch {
		case p.Type == "text":
			texts = append(texts, p.Text)
		case p.Type == "image_url" && p.ImageURL != nil && p.URL == "":
			urls = append(urls, p.ImageURL.URL)
		default:
			t.Errorf("a part not in OpenAI's nested form: %+v", p)
		}
	}
	return urls, texts
}

func (s *pageSession) picture(t *testing.T) {
	s.newChatNow(t)
	s.chatOptions(t, "fake:openai")
	s.do(t, chromedp.SetUploadFiles(`#picture-file`, []string{bigPicture(t)}))
	s.waitFor(t, "the thumbnail", `document.querySelectorAll("#attachments img").length === 1 && !document.getElementById("attachments").hidden`)
	// A second one pasted, then removed by keyboard.
	s.do(t, chromedp.Evaluate[chromedp.Void](`(() => {
		const c = document.createElement("canvas");
		c.width = c.height = 8;
		c.toBlob((b) => {
			const dt = new DataTransfer();
			dt.items.add(new File([b], "pasted.png", { type: "image/png" }));
			document.getElementById("prompt").dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
		});
	})()`))
	s.waitFor(t, "the pasted picture", `document.querySelectorAll("#attachments img").length === 2`)
	s.do(t, chromedp.Focus(chromedp.CSS(`#attachments li:nth-child(2) .attachment-remove`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "one picture left", `document.querySelectorAll("#attachments img").length === 1`)
	if got := eval[string](t, s, `document.getElementById("picture-state").textContent`); got != "Picture 2 removed." {
		t.Errorf("after removing, the note says %q", got)
	}
	s.shot(t, "04-picture-attached-1280")
	scenario := s.faults.set("")
	const question = "What is in this picture?"
	s.ask(t, question)
	if n := eval[int](t, s, `document.querySelectorAll("#attachments img").length`); n != 0 {
		t.Errorf("%d pictures still wait after sending", n)
	}
	reqs := s.requests(scenario)
	if len(reqs) != 1 || reqs[0].BodyTruncated {
		t.Fatalf("%d chat requests (truncated: %v), want 1 whole", len(reqs), len(reqs) == 1 && reqs[0].BodyTruncated)
	}
	urls, texts := sentPictures(t, reqs[0].Body)
	if len(urls) != 1 || len(texts) != 1 || texts[0] != question {
		t.Fatalf("sent %d pictures and the texts %q", len(urls), texts)
	}
	data, ok := strings.CutPrefix(urls[0], "data:image/jpeg;base64,")
	if !ok {
		t.Fatalf("the picture went as %.40s…, want a JPEG data URL (it was scaled down)", urls[0])
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || format != "jpeg" || cfg.Width != 1024 || cfg.Height != 683 {
		t.Errorf("the picture sent is %s %dx%d (%v), want a 1024x683 JPEG", format, cfg.Width, cfg.Height, err)
	}
	if answer := s.lastAnswer(t).Text; answer != canned(fmt.Sprintf("%s[image: image/jpeg, %d bytes]", question, len(raw))) {
		t.Errorf("the model saw %q", answer)
	}
	shown := `[...[...document.querySelectorAll("#messages .msg-user")].at(-1).querySelectorAll(".msg-pictures img")].map((i) => i.src.slice(0, 23) + " " + i.alt)`
	want := "data:image/jpeg;base64, The picture sent with this message"
	if got := eval[[]string](t, s, shown); len(got) != 1 || got[0] != want {
		t.Errorf("the question shows %q, want the picture", got)
	}
	s.shot(t, "05-picture-sent-1280")
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	if got := eval[[]string](t, s, shown); len(got) != 1 || got[0] != want {
		t.Errorf("after a reload the question shows %q, want the picture kept", got)
	}
}

func (s *pageSession) pictureRefusedByEdgen(t *testing.T) {
	s.newChatNow(t)
	s.chatOptions(t, "default")
	s.do(t, chromedp.SetUploadFiles(`#picture-file`, []string{bigPicture(t)}))
	s.waitFor(t, "the thumbnail", `document.querySelectorAll("#attachments img").length === 1`)
	scenario := s.faults.set("")
	s.send(t, "Describe it")
	s.waitFor(t, "the error", `document.querySelector("#messages .msg-assistant:last-child .msg-error")`)
	got := eval[[]string](t, s, `[...document.querySelectorAll("#messages .msg-error p")].map((p) => p.textContent)`)
	if len(got) != 3 || got[0] != "This server or model does not take pictures." ||
		!strings.Contains(got[1], "Edgen, and models that read text only, cannot look at pictures.") ||
		!strings.Contains(got[1], "did not match any variant of untagged enum Either") || got[2] != "UnprocessableEntityError · 422" {
		t.Errorf("the error says %q", got)
	}
	if n := len(s.requests(scenario)); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	s.shot(t, "06-picture-refused-1280")
}

// speedRE matches the speed line: the time to the first token, tokens per
// second, and the counts ("about" when counted from the chunks, which know
// nothing of the prompt).
var speedRE = regexp.MustCompile(`^first token after (?:\d+(?:\.\d)? seconds|\d+ ms) · \d+\.\d tokens/s · (about )?(\d+ prompt \+ )?(\d+) answer tokens$`)

func (s *pageSession) speed(t *testing.T) {
	for _, c := range []struct {
		model string
		about bool // counted from the chunks: Edgen sends no usage
	}{
		{"fake:openai", false},
		{"default", true},
	} {
		s.newChatNow(t)
		s.chatOptions(t, c.model)
		s.faults.set("gap=20ms")
		s.ask(t, "How fast")
		line := eval[string](t, s, `document.querySelector("#messages .msg-assistant:last-child .msg-stats")?.textContent ?? ""`)
		m := speedRE.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s: the speed line %q, want %s", c.model, line, speedRE)
			continue
		}
		// "Hello!", " You", " said:", " How", " fast": a token a chunk, for the fake's usage too.
		if (m[1] != "") != c.about || (m[2] == "") != c.about || m[3] != "5" {
			t.Errorf("%s: the speed line %q, want approximate %v, 5 answer tokens", c.model, line, c.about)
		}
	}
	s.shot(t, "07-speed-1280")
}

// modelsLook shows a chat with thinking, steps and a picture in light and
// dark, wide and narrow, and has axe-core judge it and the Options dialog.
func (s *pageSession) modelsLook(t *testing.T) {
	axe := axeSource(t)
	s.newChatNow(t)
	s.chatOptions(t, "fake:deepseek", "date_time", "arithmetic")
	s.faults.set("")
	s.do(t, chromedp.SetUploadFiles(`#picture-file`, []string{bigPicture(t)}))
	s.waitFor(t, "the thumbnail", `document.querySelectorAll("#attachments img").length === 1`)
	s.ask(t, "Look, and use date_time")
	// It thought before calling the tool and again after its result: two paragraphs.
	if th := s.thinking(t); len(strings.Split(th.Text, "\n\n")) != 2 || strings.Count(th.Text, "The user wrote") != 2 {
		t.Errorf("the thinking of two answers reads %q, want two paragraphs", th.Text)
	}
	s.do(t, chromedp.Click(chromedp.CSS(`#messages .msg-assistant:last-child details.step summary`)))
	for _, v := range []struct {
		name          string
		width, height int64
		dark          bool
	}{
		{"08-models-1280", 1280, 800, false},
		{"09-models-1280-dark", 1280, 800, true},
		{"10-models-360", 360, 740, false},
		{"11-models-360-dark", 360, 740, true},
	} {
		s.do(t, chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(1)), colorScheme(v.dark))
		if s.pageScrolls(t) {
			t.Errorf("%s: the page itself scrolls", v.name)
		}
		s.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector("#messages .msg-assistant:last-child").scrollIntoView({block: "end"})`))
		if viol := s.axeViolations(t, axe); len(viol) > 0 {
			t.Errorf("%s: axe-core finds:\n%s", v.name, strings.Join(viol, "\n"))
		}
		s.shot(t, v.name)
	}
	s.do(t, chromedp.Click(chromedp.ID("chat-options")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	for _, dark := range []bool{false, true} {
		s.do(t, colorScheme(dark))
		if viol := s.axeViolations(t, axe); len(viol) > 0 {
			t.Errorf("the Options dialog (dark %v): axe-core finds:\n%s", dark, strings.Join(viol, "\n"))
		}
	}
	s.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("set-tools").scrollIntoView()`))
	s.shot(t, "12-options-tools-360-dark")
	s.do(t, chromedp.KeyEvent(kb.Escape), colorScheme(false), chromedp.EmulateViewport(1280, 800))
}

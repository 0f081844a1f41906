//go:build !js

package wasmtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPageMarkdown checks that answers and questions render as Markdown
// (marked + DOMPurify, bundled from npm), that code blocks are coloured by
// highlight.js (also while they stream) and still copy as plain text, that
// HTML in a code block stays text, that no payload of an XSS corpus
// becomes markup or runs, and that a 20,000-token answer renders
// incrementally: the blocks finished early are never rendered again, and
// the streamed result equals a fresh render of the whole text.
func TestPageMarkdown(t *testing.T) {
	s := startPage(t)
	s.runSteps(t,
		pageStep{"Renders", (*pageSession).markdownRenders},
		pageStep{"CodeHighlighted", (*pageSession).codeHighlighted},
		pageStep{"HTMLInCodeIsText", (*pageSession).htmlInCodeIsText},
		pageStep{"StreamingCodeHighlighted", (*pageSession).streamingCodeHighlighted},
		pageStep{"XSSCorpus", (*pageSession).xssCorpus},
		pageStep{"LongAnswerIncremental", (*pageSession).longAnswerIncremental},
	)
}

// answerDone waits until the last answer left the streaming state.
func (s *pageSession) answerDone(t *testing.T) {
	t.Helper()
	s.waitFor(t, "the answer", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state !== "streaming";
	})()`)
}

const markdownAnswer = "**bold** and _slanted_ and `inline`\n\n" +
	"- one\n- two\n\n" +
	"| a | b |\n|---|---|\n| 1 | 2 |\n\n" +
	"```go\nfunc main() {\n\tfmt.Println(1)\n}\n```\n\n" +
	"[a link](https://example.com/x) and <b>raw html</b>"

func (s *pageSession) markdownRenders(t *testing.T) {
	s.faults.set("answer=" + markdownAnswer)
	s.send(t, "Show me *Markdown* with `code`")
	s.answerDone(t)
	type shown struct {
		Strong, Em, Items, Cells int
		Code, Lang, Href, Rel    string
		Tab                      string
		Raw                      string
		Bold                     int
		User                     string
	}
	got := eval[shown](t, s, `(() => {
		const a = document.querySelector("#messages .msg-assistant:last-child .msg-body");
		const u = [...document.querySelectorAll("#messages .msg-user .msg-body")].at(-1);
		const link = a.querySelector("a");
		const pre = a.querySelector("pre");
		return {
			strong: a.querySelectorAll("strong").length, em: a.querySelectorAll("em").length,
			items: a.querySelectorAll("ul > li").length, cells: a.querySelectorAll("table td").length,
			code: pre.textContent, lang: a.querySelector(".code-lang").textContent,
			href: link.getAttribute("href"), rel: link.getAttribute("rel"),
			tab: getComputedStyle(pre).tabSize,
			raw: [...a.querySelectorAll("p")].at(-1).textContent,
			bold: a.querySelectorAll("b").length,
			user: u.innerHTML,
		};
	})()`)
	want := shown{Strong: 1, Em: 1, Items: 2, Cells: 2, Code: "func main() {\n\tfmt.Println(1)\n}\n", Lang: "go",
		Href: "https://example.com/x", Rel: "noopener noreferrer", Tab: "4", Raw: "a link and <b>raw html</b>", Bold: 0}
	want.User = got.User
	if got != want {
		t.Errorf("rendered %+v\nwant %+v", got, want)
	}
	if !strings.Contains(got.User, "<em>Markdown</em>") || !strings.Contains(got.User, "<code>code</code>") {
		t.Errorf("the question renders as %s", got.User)
	}
	s.shot(t, "11-markdown-1280")
}

// codeAnswer has code blocks in two languages highlight.js knows, one it
// does not, and HTML in a code block (no ";": it would end the fault value).
const codeAnswer = "Here is Go:\n\n" +
	"```go\n// Greet says hello.\nfunc Greet(name string) string {\n\treturn \"hello, \" + name\n}\n```\n\n" +
	"and JavaScript:\n\n" +
	"```js\nconst greet = (name) => `hello, ${name}`\nif (greet(\"x\") !== null) console.log(42)\n```\n\n" +
	"```nosuchlang\nfunc stays plain\n```\n\n" +
	"```html\n<img src=x onerror=alert(1)>\n<p onclick=\"alert(2)\">hi</p>\n```\n"

// codeBlock is one code block as shown: its label, its text, and the
// classes of highlight.js's spans around given words.
type codeBlock struct {
	Lang, Text string
	Spans      int
	Classes    map[string]string // word -> class of the innermost span holding exactly it
}

// codeBlocksJS lists the code blocks of the last answer as codeBlocks.
const codeBlocksJS = `[...document.querySelectorAll("#messages .msg-assistant:last-child figure.code-block")].map((fig) => {
	const code = fig.querySelector("pre code");
	const classes = {};
	for (const span of code.querySelectorAll("span")) classes[span.textContent] ??= span.className;
	return { lang: fig.querySelector(".code-lang").textContent, text: code.textContent, spans: code.querySelectorAll("span").length, classes };
})`

func (s *pageSession) codeHighlighted(t *testing.T) {
	s.faults.set("answer=" + codeAnswer)
	s.send(t, "Show me some code")
	s.answerDone(t)
	blocks := eval[[]codeBlock](t, s, codeBlocksJS)
	if len(blocks) != 4 {
		t.Fatalf("%d code blocks, want 4: %+v", len(blocks), blocks)
	}
	goBlock, jsBlock, plain := blocks[0], blocks[1], blocks[2]
	for _, c := range []struct {
		block      codeBlock
		word, want string
	}{
		{goBlock, "func", "hljs-keyword"},
		{goBlock, "string", "hljs-type"},
		{goBlock, `"hello, "`, "hljs-string"},
		{goBlock, "// Greet says hello.", "hljs-comment"},
		{goBlock, "Greet", "hljs-title"},
		{jsBlock, "const", "hljs-keyword"},
		{jsBlock, "`hello, ${name}`", "hljs-string"},
		{jsBlock, "null", "hljs-literal"},
		{jsBlock, "42", "hljs-number"},
	} {
		if got := c.block.Classes[c.word]; got != c.want {
			t.Errorf("%s block: %q has class %q, want %q (spans: %v)", c.block.Lang, c.word, got, c.want, c.block.Classes)
		}
	}
	if goBlock.Lang != "go" || jsBlock.Lang != "js" || plain.Lang != "nosuchlang" {
		t.Errorf("labels %q, %q, %q", goBlock.Lang, jsBlock.Lang, plain.Lang)
	}
	if want := "// Greet says hello.\nfunc Greet(name string) string {\n\treturn \"hello, \" + name\n}\n"; goBlock.Text != want {
		t.Errorf("the Go block reads %q, want %q", goBlock.Text, want)
	}
	if plain.Spans != 0 || plain.Text != "func stays plain\n" {
		t.Errorf("a language highlight.js does not know shows %d spans and %q, want plain text", plain.Spans, plain.Text)
	}
	// Copy takes the plain code, not the markup of the colours.
	copied := eval[string](t, s, `(async () => {
		let copied = null;
		Object.defineProperty(navigator.clipboard, "writeText", { configurable: true, value: async (text) => { copied = text } });
		try {
			document.querySelector("#messages .msg-assistant:last-child figure.code-block .copy").click();
			await new Promise((r) => setTimeout(r, 50));
			return copied;
		} finally {
			delete navigator.clipboard.writeText;
		}
	})()`, chromedp.EvalAwaitPromise)
	if copied != goBlock.Text {
		t.Errorf("Copy put %q on the clipboard, want the code %q", copied, goBlock.Text)
	}
	// A screen tall enough for the whole answer.
	s.do(t, chromedp.EmulateViewport(1280, 1000))
	defer s.do(t, chromedp.EmulateViewport(1280, 800))
	s.shot(t, "12-code-1280")
	s.do(t, colorScheme(true))
	defer s.do(t, colorScheme(false))
	s.shot(t, "13-code-1280-dark")
	// At 360 px, the code in view, light and dark: axe-core judges what is in view.
	s.do(t, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#messages .msg-assistant:last-child figure.code-block").scrollIntoView()`))
	axe := axeSource(t)
	for _, dark := range []bool{false, true} {
		s.do(t, colorScheme(dark))
		if v := s.axeViolations(t, axe); len(v) > 0 {
			t.Errorf("coloured code at 360 px (dark %v): axe-core finds:\n%s", dark, strings.Join(v, "\n"))
		}
		s.shot(t, map[bool]string{false: "14-code-360", true: "15-code-360-dark"}[dark])
	}
}

// htmlInCodeIsText checks the last code block of codeAnswer: its HTML shows
// as the characters it is made of, coloured as HTML, and no element or
// attribute of it reached the page.
func (s *pageSession) htmlInCodeIsText(t *testing.T) {
	html := eval[[]codeBlock](t, s, codeBlocksJS)[3]
	if want := "<img src=x onerror=alert(1)>\n<p onclick=\"alert(2)\">hi</p>\n"; html.Text != want {
		t.Errorf("the HTML block reads %q, want %q", html.Text, want)
	}
	for word, want := range map[string]string{"img": "hljs-name", "onerror": "hljs-attr", `"alert(2)"`: "hljs-string"} {
		if got := html.Classes[word]; got != want {
			t.Errorf("HTML block: %q has class %q, want %q (spans: %v)", word, got, want, html.Classes)
		}
	}
	bad := eval[[]string](t, s, `(() => {
		const code = [...document.querySelectorAll("#messages .msg-assistant:last-child pre code")].at(-1);
		return [...code.querySelectorAll("*")].filter((el) => el.tagName !== "SPAN" || el.attributes.length !== 1 || !el.hasAttribute("class")).map((el) => el.outerHTML);
	})()`)
	if len(bad) > 0 {
		t.Errorf("the HTML code block holds markup other than spans with a class: %q", bad)
	}
	if n := s.dialogs.Load(); n > 0 {
		t.Errorf("the HTML code block opened %d dialogs", n)
	}
}

// streamingCodeHighlighted stalls answers inside a code block: a short
// unfinished block is already coloured, a long one (over render.js's
// LIVE_HIGHLIGHT_MAX) shows plain; Stop colours both.
func (s *pageSession) streamingCodeHighlighted(t *testing.T) {
	answer := "Streaming:\n\n```python\ndef total(items):\n    return sum(items)  # all of them\n\nprint(total([1, 2]))"
	s.faults.set("stall-after=6;answer=" + answer)
	s.send(t, "Code, slowly")
	s.waitFor(t, "a coloured unfinished code block", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m?.dataset.state === "streaming" && m.querySelector(".md-live pre code .hljs-keyword")?.textContent === "def";
	})()`)
	s.do(t, chromedp.Click(chromedp.ID("stop")))
	s.answerDone(t)
	blocks := eval[[]codeBlock](t, s, codeBlocksJS)
	if len(blocks) != 1 || blocks[0].Classes["def"] != "hljs-keyword" || blocks[0].Lang != "python" {
		t.Errorf("the stopped answer shows %+v, want one coloured python block", blocks)
	}

	// Two chunks (the fake cuts before spaces): "Long:", then the code of
	// 2,700 bytes; it stalls before " # done".
	long := strings.Repeat("total+=1\n", 300)
	s.faults.set("stall-after=2;answer=Long: code\n\n```python\n" + long + "print(total) # done\n```\n")
	s.send(t, "Long code, slowly")
	s.waitFor(t, "the long unfinished code block", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m?.dataset.state === "streaming" && m.querySelector(".md-live pre code")?.textContent.endsWith("print(total)\n");
	})()`)
	if spans := eval[int](t, s, `document.querySelectorAll("#messages .msg-assistant:last-child pre code span").length`); spans != 0 {
		t.Errorf("the long unfinished code block shows %d spans, want it plain until it ends", spans)
	}
	s.do(t, chromedp.Click(chromedp.ID("stop")))
	s.answerDone(t)
	blocks = eval[[]codeBlock](t, s, codeBlocksJS)
	if len(blocks) != 1 || blocks[0].Classes["1"] != "hljs-number" || blocks[0].Text != long+"print(total)\n" {
		t.Errorf("the stopped long answer shows %d blocks, want one coloured python block", len(blocks))
	}
}

// xssPayloads are classic XSS vectors (none with ";", which ends a fault
// value). Each is sent as a question (rendered at the start of a block)
// and comes back inside the fake's echo.
var xssPayloads = []string{
	`<img src=x onerror=alert(1)>`,
	`<svg onload=alert(1)><circle r=10 /></svg>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<script>alert(1)</script>`,
	`[click](javascript:alert(1))`,
	`[click](JaVaScRiPt:alert(1))`,
	`[click](&#106avascript:alert(1))`,
	`[data](data:text/html,<script>alert(1)</script>)`,
	`[vb](vbscript:msgbox(1))`,
	`<javascript:alert(1)>`,
	`![pic](https://example.com/x.png "title")`,
	`![pic](x" onerror="alert(1))`,
	`<a href="javascript:alert(1)">a</a>`,
	`<style>body{display:none}</style>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<details open ontoggle=alert(1)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<math><mi><mglyph><style><img src=x onerror=alert(1)>`,
	`<svg><style><img src=x onerror=alert(1)></style></svg>`,
	`<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
	"`<img src=x onerror=alert(1)>` and ```<svg onload=alert(1)>```",
}

func (s *pageSession) xssCorpus(t *testing.T) {
	for i, payload := range xssPayloads {
		s.faults.set("")
		s.send(t, payload)
		s.answerDone(t)
		bad := eval[[]string](t, s, `(() => {
			const root = document.getElementById("messages");
			const out = [];
			for (const el of root.querySelectorAll("*")) {
				const tag = el.tagName.toLowerCase();
				if (["img", "svg", "iframe", "script", "style", "object", "embed", "form", "input", "math", "details", "noscript", "div"].includes(tag) &&
					!el.closest(".msg-footer") && !el.classList.contains("md-live") && !el.classList.contains("table-wrap") &&
					!el.classList.contains("msg-body") && !el.classList.contains("msg-author") && !el.classList.contains("msg-footer") && !el.classList.contains("msg-error")) out.push(el.outerHTML);
				for (const a of el.attributes) {
					if (a.name.startsWith("on") || a.name === "style" || a.name === "srcdoc") out.push(tag + " " + a.name);
					if (["href", "src", "action", "formaction", "xlink:href"].includes(a.name) && !/^(https?:|mailto:|#|$)/i.test(a.value.trim())) out.push(tag + " " + a.name + "=" + a.value);
				}
			}
			return out;
		})()`)
		if len(bad) > 0 {
			t.Errorf("payload %d %q made markup: %q", i, payload, bad)
		}
		if n := s.dialogs.Load(); n > 0 {
			t.Fatalf("payload %d %q opened a dialog", i, payload)
		}
	}
	if hidden := eval[bool](t, s, `getComputedStyle(document.body).display === "none"`); hidden {
		t.Error("a <style> payload applied to the page")
	}
	// The characters of HTML show as text.
	if got := s.lastAnswer(t).Text; !strings.Contains(got, "<img src=x onerror=alert(1)>") {
		t.Errorf("the last answer shows %q", got)
	}
}

// longMarkdown returns an answer of words tokens, in paragraphs, lists and
// code blocks.
func longMarkdown(words int) string {
	var b strings.Builder
	n := 0
	for block := 0; n < words; block++ {
		switch block % 7 {
		case 3:
			for i := range 5 {
				fmt.Fprintf(&b, "- item %d of block %d with **bold** words\n", i, block)
				n += 9
			}
		case 5:
			fmt.Fprintf(&b, "```go\nfunc block%d() int {\n\treturn %d\n}\n```\n", block, block)
			n += 8
		default:
			for i := range 60 {
				if i > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "w%d", n)
				n++
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// longAnswerWait bounds the stream of the 20,000-token answer.
const longAnswerWait = 3 * time.Minute

func (s *pageSession) longAnswerIncremental(t *testing.T) {
	const tokens = 20000
	eval[bool](t, s, `(performance.clearMeasures("edgen:render"), true)`)
	s.faults.set("gap=200us;answer=" + longMarkdown(tokens))
	s.send(t, "A very long answer, please")
	s.waitFor(t, "the first blocks", `(() => {
		const b = document.querySelector("#messages .msg-assistant:last-child .msg-body");
		return b && b.querySelectorAll(":scope > p").length >= 2 && b.closest(".msg").dataset.state === "streaming";
	})()`)
	// A finished block keeps its element to the end (no re-render of the
	// whole answer per token).
	eval[bool](t, s, `(window.firstBlock = document.querySelector("#messages .msg-assistant:last-child .msg-body > p"), true)`)
	// 20,000 chunks take a while on a loaded machine: a longer bound.
	s.waitWithin(t, longAnswerWait, "the long answer", `document.querySelector("#messages .msg-assistant:last-child").dataset.state !== "streaming"`)
	if a := s.lastAnswer(t); a.State != "done" {
		t.Fatalf("the long answer ended %+v", a.State)
	}
	if !eval[bool](t, s, `window.firstBlock.isConnected`) {
		t.Error("the first block was rendered again: the answer re-renders as a whole")
	}
	type cost struct {
		Renders                  int
		StartMSPerKB, EndMSPerKB float64
		StartMS, EndMS           float64
	}
	c := eval[cost](t, s, `(() => {
		const m = performance.getEntriesByName("edgen:render").filter((e) => e.detail);
		const total = m.at(-1).detail.length;
		const seg = (from, to) => {
			let ms = 0, chars = 0, n = 0, prev = 0;
			for (const e of m) {
				const len = e.detail.length, grew = len - prev;
				prev = len;
				if (len < from * total || len > to * total || grew <= 0) continue;
				ms += e.duration; chars += grew; n++;
			}
			return { perKB: chars ? ms / chars * 1024 : 0, avg: n ? ms / n : 0 };
		};
		const a = seg(0, 0.1), b = seg(0.9, 1);
		return { renders: m.length, startMSPerKB: a.perKB, endMSPerKB: b.perKB, startMS: a.avg, endMS: b.avg };
	})()`)
	t.Logf("long answer: %d tokens in %d renders; render cost per KB of text: %.3f ms in the first 10%%, %.3f ms in the last 10%% (per render: %.3f ms, %.3f ms)",
		tokens, c.Renders, c.StartMSPerKB, c.EndMSPerKB, c.StartMS, c.EndMS)
	if c.Renders < 10 {
		t.Errorf("%d renders of a %d-token answer, want it to grow over many frames", c.Renders, tokens)
	}
	// The streamed rendering equals a fresh rendering of the saved text.
	streamed := eval[string](t, s, `document.querySelector("#messages .msg-assistant:last-child .msg-body").innerHTML`)
	s.do(t, chromedp.Reload())
	s.waitReady(t)
	fresh := eval[string](t, s, `document.querySelector("#messages .msg-assistant:last-child .msg-body").innerHTML`)
	if streamed != fresh {
		t.Errorf("the streamed answer (%d bytes of HTML) differs from its fresh rendering (%d bytes)", len(streamed), len(fresh))
	}
}

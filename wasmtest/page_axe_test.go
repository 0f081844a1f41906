//go:build !js

package wasmtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPageAxe runs axe-core (npm, from web/package.json) on every view of
// the page, light and dark, each in the state a person sees it in (a chat
// with code in both bubbles, code in every colour of the code theme and an
// error, the settings open, generated images, search results, a model's
// details and the delete confirmation),
// and checks each view at 360 px: nothing clipped, the title on one line,
// the whole status line, a small banner, the composer hint, placeholders
// that fit; and that the message box shows a real focus ring.
func TestPageAxe(t *testing.T) {
	s := startPage(t)
	axe := axeSource(t)
	check := func(t *testing.T, what string) {
		t.Helper()
		for _, dark := range []bool{false, true} {
			s.do(t, colorScheme(dark))
			if v := s.axeViolations(t, axe); len(v) > 0 {
				t.Errorf("%s (dark %v): axe-core finds:\n%s", what, dark, strings.Join(v, "\n"))
			}
		}
		s.do(t, colorScheme(false))
	}
	t.Run("FirstLoad", func(t *testing.T) { check(t, "the first load") })
	t.Run("MessageBoxFocus", func(t *testing.T) {
		s.do(t, chromedp.Focus(chromedp.ID("prompt")))
		ring := eval[string](t, s, `(() => { const b = getComputedStyle(document.getElementById("drop-zone")); return b.outlineStyle + " " + b.outlineWidth; })()`)
		if ring != "solid 3px" {
			t.Errorf("the focused message box shows %q, want a 3px ring", ring)
		}
	})
	t.Run("Conversation", func(t *testing.T) {
		s.faults.set("")
		s.send(t, "Inline `code` here, and a block:", "```go", "if x {", "    return", "}", "```")
		s.answerDone(t)
		s.faults.set("answer=" + axeCodeAnswer)
		s.send(t, "Code in every colour")
		s.answerDone(t)
		if missing := eval[[]string](t, s, axeCodeColoursMissingJS); len(missing) > 0 {
			t.Errorf("no code on screen shows the colours %q", missing)
		}
		s.faults.set("status=500;error-body=edgen;should-retry=false")
		s.send(t, "And now an error")
		s.waitFor(t, "the error", `document.querySelector("#messages .msg-assistant:last-child .msg-error")`)
		s.faults.set("")
		// axe-core judges the contrast of what is in view only: a screen tall
		// enough for all the code.
		s.do(t, chromedp.EmulateViewport(1280, 2600))
		defer s.do(t, chromedp.EmulateViewport(1280, 800))
		if out := eval[int](t, s, axeCodeOutOfViewJS); out > 0 {
			t.Errorf("%d spans of code are out of view", out)
		}
		check(t, "a conversation with code and an error")
	})
	t.Run("Settings", func(t *testing.T) {
		s.do(t, chromedp.Click(chromedp.ID("open-settings")))
		s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
		check(t, "the settings")
		s.do(t, chromedp.Click(chromedp.CSS(`#settings-form button[value=cancel]`)))
	})
	t.Run("Images", func(t *testing.T) {
		s.openView(t, "images")
		s.do(t, chromedp.SendKeys(chromedp.ID("image-prompt"), "A red kite"), chromedp.Click(chromedp.ID("image-go")))
		s.waitFor(t, "an image", `document.querySelector("#image-grid img")`)
		check(t, "the images view")
	})
	t.Run("Search", func(t *testing.T) {
		s.openView(t, "search")
		s.do(t, chromedp.SendKeys(chromedp.ID("search-query"), "code"), pressEnter(chromedp.ModifierNone))
		s.waitFor(t, "results", `document.querySelector("#search-results li")`)
		check(t, "the search view")
	})
	t.Run("Models", func(t *testing.T) {
		s.openView(t, "models")
		s.waitFor(t, "the models", `document.querySelectorAll("#models-body tr").length > 0`)
		s.do(t, chromedp.Click(chromedp.CSS(`#models-body tr .btn`)))
		s.waitFor(t, "the details", `document.querySelector("#model-details-list dd")`)
		check(t, "the models view")
		s.do(t, chromedp.Click(chromedp.CSS(`#models-body tr .btn-danger-quiet`)))
		s.waitFor(t, "the confirmation", `document.getElementById("confirm").open`)
		check(t, "the delete confirmation")
		s.do(t, chromedp.Click(chromedp.CSS(`#confirm button[value=cancel]`)))
	})
	t.Run("Narrow360", func(t *testing.T) { s.narrow(t) })
	if p := s.problems.String(); p != "" {
		t.Errorf("the page reported problems:\n%s", p)
	}
}

// axeCodeAnswer has code in each of the colours of style.css's code theme.
const axeCodeAnswer = codeAnswer +
	"```diff\n-old line\n+new line\n```\n\n" +
	"```python\n@cache\ndef size(items: list) -> int:\n    return len(items)  # True\n```\n\n" +
	"```css\n.note:hover { color: #fff }\n```\n"

// axeCodeColoursMissingJS lists the colours of the code theme (style.css's
// --hl-* text colours) that no code in the chat shows.
const axeCodeColoursMissingJS = `(() => {
	const shown = new Set([...document.querySelectorAll("#messages pre code span")].map((s) => getComputedStyle(s).color));
	const probe = document.createElement("span");
	document.querySelector("#messages pre code").append(probe);
	const names = ["keyword", "string", "title", "number", "builtin", "name", "comment", "added", "removed"].filter((n) => {
		probe.style.color = "var(--hl-" + n + ")";
		return !shown.has(getComputedStyle(probe).color);
	});
	probe.remove();
	return names;
})()`

// axeCodeOutOfViewJS counts the spans of code outside the conversation's view.
const axeCodeOutOfViewJS = `(() => {
	const view = document.getElementById("conversation").getBoundingClientRect();
	return [...document.querySelectorAll("#messages pre code span")].filter((s) => {
		const r = s.getBoundingClientRect();
		return r.top < view.top || r.bottom > view.bottom;
	}).length;
})()`

// axeSource returns axe-core's script from web/node_modules (npm ci by
// builtDir's make).
func axeSource(t *testing.T) string {
	t.Helper()
	mustDir(t, "the page's npm packages", builtDir)
	b, err := os.ReadFile(filepath.Join(mustRoot(t), "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core (web/package.json, npm ci): %v", err)
	}
	return string(b)
}

// axeViolations runs axe-core on the page (WCAG 2.1 A and AA and best
// practices) and returns each violation with the elements it found.
func (s *pageSession) axeViolations(t *testing.T, axe string) []string {
	t.Helper()
	if !eval[bool](t, s, `typeof window.axe === "object"`) {
		s.do(t, chromedp.Evaluate[chromedp.Void](axe))
	}
	return eval[[]string](t, s, axeRun, chromedp.EvalAwaitPromise)
}

// axeRun is a JavaScript expression: the violations axe-core (loaded in the
// page) finds in the document, WCAG 2.1 A and AA and best practices, each
// with the elements it found.
const axeRun = `axe.run(document, {
	runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
}).then((r) => r.violations.map((v) => v.id + " (" + v.impact + "): " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`

// axeOn runs axe-core (its source, axeSource) in the page open in e, as
// axeViolations does in Chromium, and returns the violations.
func axeOn(e engine, axe string) ([]string, error) {
	loaded, err := evalOn[bool](e, `typeof window.axe === "object"`)
	if err == nil && !loaded {
		// WebDriver's scripts are not the page's: its CSP does not stop them.
		err = e.eval("(() => {\n"+axe+"\n;return true;\n})()", nil)
	}
	if err != nil {
		return nil, fmt.Errorf("loading axe-core: %w", err)
	}
	return evalOn[[]string](e, axeRun)
}

// narrow checks every view at 360 x 740 px and takes its screenshot.
func (s *pageSession) narrow(t *testing.T) {
	s.do(t, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
	defer s.do(t, chromedp.EmulateViewport(1280, 800))
	for _, view := range []string{"chat", "images", "search", "models"} {
		s.openView(t, view)
		type layout struct {
			Clipped        []string
			TitleLines     float64
			StatusCut      bool
			BannerHeight   float64
			HintShown      bool
			PageScrollsX   bool
			ViewportHeight float64
		}
		got := eval[layout](t, s, `(() => {
			const vw = document.documentElement.clientWidth;
			const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
			const clipped = [...document.querySelectorAll("body *")].filter((el) => {
				const r = el.getBoundingClientRect();
				return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5) && !scrolls(el) && !el.closest(".visually-hidden, .skip-link");
			}).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className);
			const h1 = document.querySelector(".brand h1");
			const st = document.getElementById("status-text");
			const banner = document.getElementById("fake-banner");
			const hint = document.getElementById("composer-hint");
			return {
				clipped,
				titleLines: h1.getBoundingClientRect().height / parseFloat(getComputedStyle(h1).lineHeight || 20),
				statusCut: st.scrollWidth > st.clientWidth + 1 || st.scrollHeight > st.clientHeight + 1,
				bannerHeight: banner.hidden ? 0 : banner.getBoundingClientRect().height,
				hintShown: hint.getClientRects().length > 0 && hint.getBoundingClientRect().bottom <= innerHeight + 0.5,
				pageScrollsX: document.documentElement.scrollWidth > vw,
				viewportHeight: innerHeight,
			};
		})()`)
		if len(got.Clipped) > 0 || got.PageScrollsX {
			t.Errorf("%s at 360 px: cut off %q (page scrolls sideways: %v)", view, got.Clipped, got.PageScrollsX)
		}
		if got.TitleLines > 1.5 {
			t.Errorf("%s at 360 px: the title takes %.1f lines", view, got.TitleLines)
		}
		if got.StatusCut {
			t.Errorf("%s at 360 px: the status line is cut", view)
		}
		if got.BannerHeight > got.ViewportHeight*0.12 { // it took 130 of 740 px
			t.Errorf("%s at 360 px: the banner takes %.0f of %.0f px", view, got.BannerHeight, got.ViewportHeight)
		}
		if view == "chat" && !got.HintShown {
			t.Errorf("chat at 360 px: the composer hint is not shown")
		}
		s.shot(t, fmt.Sprintf("20-%s-360", view))
	}
	s.openView(t, "chat")
	s.do(t, chromedp.Click(chromedp.ID("open-settings")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	cut := eval[[]string](t, s, `(() => {
		const c = document.createElement("canvas").getContext("2d");
		return [...document.querySelectorAll("#settings input[placeholder]")].filter((el) => {
			const cs = getComputedStyle(el);
			c.font = cs.font;
			const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
			return c.measureText(el.placeholder).width > room + 0.5;
		}).map((el) => el.id);
	})()`)
	if len(cut) > 0 {
		t.Errorf("settings at 360 px: placeholders cut in %q", cut)
	}
	s.shot(t, "21-settings-360")
	s.do(t, chromedp.Click(chromedp.CSS(`#settings-form button[value=cancel]`)))
}

//go:build !js

package wasmtest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The open page as a tool (web/extension/pagetool.js), in TestExtension's
// panel: with the tool on, "Ask about this page" sends the question alone
// and the model reads the page through the tool; on a page the panel was
// not invoked on, the tool fails and says how to let it read the page.

// panelStepsJS lists the tool steps of the panel's last answer: state, summary, result.
const panelStepsJS = `[...document.querySelectorAll("#messages .msg-assistant:last-child details.step")].map((d) =>
	[d.dataset.state, d.querySelector("summary").textContent, d.querySelector(".step-text:last-of-type")?.textContent ?? ""])`

// waitPanelAnswer waits until the panel's last answer is complete.
func waitPanelAnswer(t *testing.T, panel *browser) {
	t.Helper()
	if _, err := pollPage[bool](panel, `!document.getElementById("send").hidden && !document.querySelector("#messages [data-state=streaming]") && document.querySelector("#messages .msg-assistant:last-child")?.dataset.state === "done"`); err != nil {
		got, _ := evalPage[string](panel, `document.getElementById("messages").innerText`)
		t.Fatalf("the answer did not finish: %v; the panel shows:\n%s", err, got)
	}
}

// pageToolReads turns the open page tool on (and a model that calls
// tools), clicks the button on the article, asks about the page and checks
// that the page went to the model through the tool, not in the question.
func pageToolReads(t *testing.T, b, panel *browser, id string, fake *extensionFake, articleURL string) {
	open, err := evalPage[bool](panel, `document.getElementById("settings").open`)
	if err != nil {
		t.Fatal(err)
	}
	actions := []chromedp.Action[chromedp.Void]{}
	if !open {
		actions = append(actions, chromedp.Click(chromedp.CSS("#settings summary")))
	}
	actions = append(actions, chromedp.SetValue(chromedp.CSS("#model"), "fake:openai"), chromedp.Click(chromedp.CSS("#tool-read_page")), chromedp.Click(chromedp.CSS("#save")))
	if err := doPage(panel, actions...); err != nil {
		t.Fatalf("turning the open page tool on: %v", err)
	}
	if _, err := pollPage[bool](panel, `chrome.storage.local.get("tools").then((s) => JSON.stringify(s.tools) === '["read_page"]')`); err != nil {
		t.Fatalf("the tool was not saved: %v", err)
	}
	if err := doPage(panel, chromedp.Click(chromedp.CSS("#settings summary"))); err != nil { // closed again, for room
		t.Fatal(err)
	}
	if err := doPage(b, chromedp.Navigate(articleURL)); err != nil {
		t.Fatalf("opening the article: %v", err)
	}
	clickAction(t, b, id, articleURL)
	scenario := fake.faults.set("gap=0ms")
	page := sidePanel(b, id)
	clickAsk(t, page)
	note := pollChat(t, page, askedNote)
	if !strings.Contains(note, articleTitle) || !strings.HasSuffix(note, "the model reads it with the open page tool when it needs it.") {
		t.Errorf("after asking, the panel says %q", note)
	}
	waitPanelAnswer(t, panel)
	turns := chatTurns(t, fake.fake.Requests(scenario))
	if len(turns) != 2 {
		t.Fatalf("%d chat requests, want 2 (the tool call, then the answer)", len(turns))
	}
	first := turns[0]
	if q := first.Messages[len(first.Messages)-1]; q.Content != "Summarize this page." || len(first.Tools) != 1 || first.Tools[0].Function.Name != "read_page" {
		t.Errorf("the question went as %+v with the tools %+v, want it alone, with read_page offered", q, first.Tools)
	}
	result, _ := turns[1].Messages[len(turns[1].Messages)-1].Content.(string)
	for _, want := range []string{"From the page “" + articleTitle + "”", articleIntro, articleRest} {
		if !strings.Contains(result, want) {
			t.Errorf("the tool's result %q lacks %q", result, want)
		}
	}
	steps, err := evalPage[[][]string](panel, panelStepsJS)
	if err != nil || len(steps) != 1 || steps[0][0] != "done" || steps[0][1] != "Used read_page" || steps[0][2] != result {
		t.Errorf("the panel shows the steps %q (%v), want read_page used, with its result", steps, err)
	}
	if err := doPage(panel, chromedp.Click(chromedp.CSS("#messages .msg-assistant:last-child details.step summary"))); err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, panel, "extension", "panel-page-tool.png")
}

// pageToolRefused asks, with the tool on, on a page the panel was not
// invoked on: the model calls the tool, which fails saying how to let it.
func pageToolRefused(t *testing.T, b, panel *browser, otherURL string, fake *extensionFake) {
	if err := doPage(b, chromedp.Navigate(otherURL)); err != nil {
		t.Fatalf("opening the article on another site: %v", err)
	}
	scenario := fake.faults.set("gap=0ms")
	sendPanel(t, panel, "What does this page say?")
	waitPanelAnswer(t, panel)
	steps, err := evalPage[[][]string](panel, panelStepsJS)
	if err != nil || len(steps) != 1 || steps[0][0] != "failed" || steps[0][1] != "read_page failed" ||
		!strings.HasPrefix(steps[0][2], "Error: Edgen may read a page only after you ask it on that page: click the Edgen button in the toolbar on the page") {
		t.Errorf("the panel shows the steps %q (%v), want read_page failed, saying how to let it read", steps, err)
	}
	turns := chatTurns(t, fake.fake.Requests(scenario))
	if len(turns) != 2 {
		t.Fatalf("%d chat requests, want 2", len(turns))
	}
	if result, _ := turns[1].Messages[len(turns[1].Messages)-1].Content.(string); result != steps[0][2] {
		t.Errorf("the model was told %q, the step shows %q", result, steps[0][2])
	}
	saveScreenshot(t, panel, "extension", "panel-page-tool-refused.png")
}

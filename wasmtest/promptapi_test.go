//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestPromptAPI lends the person's local model to sites through the
// extension, in the shape of the Prompt API, in headless Chromium without a
// LanguageModel of its own, against the fake speaking ollama's dialect
// (usage, structured answers): a site sees nothing of the extension until
// the person allows its origin from the panel; "this visit" lasts until the
// tab goes elsewhere, "always" survives a reload (LanguageModel is there
// before the page's first script); the explainer's examples run unchanged;
// a revoked site's running call ends at once; the limits refuse with the
// API's errors before anything reaches the server; the settings list the
// sites with their use; axe-core finds nothing on the offer and the
// settings, light and dark.
func TestPromptAPI(t *testing.T) {
	dir := makeExtension(t)
	manifest := readManifest(t, dir)
	fake := newExtensionFake(t, edgentest.Config{Gap: 5 * time.Millisecond, DownloadTime: 2 * time.Second, ProgressInterval: 100 * time.Millisecond})
	visitSite, alwaysSite, otherSite := newPromptSite(t), newPromptSite(t), newPromptSite(t)
	b := lendBrowser(t, dir, false)
	id := waitExtension(t, b, manifest.id)
	if _, err := evalWorker[any](b, id, fmt.Sprintf(`chrome.storage.local.set({baseURL: %q, model: "fake:ollama"})`, fake.baseURL)); err != nil {
		t.Fatalf("pointing the extension at the fake: %v", err)
	}
	if err := doPage(b, chromedp.Navigate(visitSite.URL+"/")); err != nil {
		t.Fatal(err)
	}
	panel := openSidePanel(t, b, id, visitSite.URL+"/")
	problems := watchProblems(panel.ctx)
	pageProblems := watchProblems(b.ctx)

	t.Run("before", func(t *testing.T) {
		seen, err := evalPage[[]string](b, `[seenAtStart, typeof LanguageModel]`)
		if err != nil || !slices.Equal(seen, []string{"undefined", "undefined"}) {
			t.Errorf("before lending is on, the site sees LanguageModel as %q (%v), want nothing", seen, err)
		}
		hidden, err := evalPage[bool](panel, `document.getElementById("lend-offer").hidden`)
		if err != nil || !hidden {
			t.Errorf("with lending off the panel offers to lend the model (%v)", err)
		}
		switchLending(t, panel)
		waitOffer(t, panel, fmt.Sprintf("Let %s use my local model?", visitSite.origin))
		if seen, err := evalPage[string](b, `typeof LanguageModel`); err != nil || seen != "undefined" {
			t.Errorf("before the person allowed it, the site sees LanguageModel as %q (%v), want nothing", seen, err)
		}
	})

	t.Run("axe", func(t *testing.T) {
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
				t.Errorf("axe-core finds on the offer and the settings (dark %v):\n%s", dark, strings.Join(v, "\n"))
			}
			saveScreenshot(t, panel, "promptapi", map[bool]string{false: "offer.png", true: "offer-dark.png"}[dark])
		}
		if err := doPage(panel, colorScheme(false)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("visit", func(t *testing.T) {
		lendPanelClick(t, panel, "lend-visit")
		waitLanguageModel(t, b, true)
		waitOffer(t, panel, fmt.Sprintf("%s may use your local model (this visit).", visitSite.origin))
		got, err := evalPage[string](b, `LanguageModel.availability()`)
		if err != nil || got != "available" {
			t.Errorf("LanguageModel.availability() = %q (%v), want available", got, err)
		}
	})

	t.Run("examples", func(t *testing.T) {
		fake.faults.set("")
		canned := func(s string) string { return "Hello! You said: " + s }
		logs := runExample(t, b, "zeroShot")
		if len(logs) < 3 || logs[0] != canned("Write me a poem.") || strings.Join(logs[1:], "") != canned("Write me an extra-long poem.") {
			t.Errorf("zero-shot printed %q, want the answer, then the streamed answer in several pieces", logs)
		}
		logs = runExample(t, b, "systemPrompts")
		if want := canned("What is your favorite food?"); !slices.Equal(logs, []string{want, want, want}) {
			t.Errorf("the system prompts printed %q, want %q three times", logs, want)
		}
		logs = runExample(t, b, "nShot")
		if want := []string{canned("Back to the drawing board"), canned("This code is so good you should get promoted")}; !slices.Equal(logs, want) {
			t.Errorf("n-shot printed %q, want %q", logs, want)
		}
		logs = runExample(t, b, "multiUser")
		if len(logs) != 1 || !strings.HasPrefix(logs[0], "Hello! You said: ") {
			t.Errorf("the multi-user prompt printed %q", logs)
		}
		logs = runExample(t, b, "structured")
		if !slices.Equal(logs, []string{"1"}) {
			t.Errorf("the JSON-schema prompt printed %q, want the rating 1", logs)
		}
		scenario := fake.faults.set("")
		logs = runExample(t, b, "persistence")
		if len(logs) != 5 || !strings.HasSuffix(logs[2], "tokens available.") || !strings.Contains(logs[2], "out of 4096") {
			t.Errorf("the session's history printed %q", logs)
		}
		checkHistory(t, fake, scenario)
		logs = runExample(t, b, "appendThenPrompt")
		if !slices.Equal(logs, []string{canned("What did my note say?")}) {
			t.Errorf("append then prompt printed %q", logs)
		}
		logs = runExample(t, b, "availability")
		if !slices.Equal(logs, []string{"error: No language model for us :(", "available"}) {
			t.Errorf("availability printed %q: want audio unavailable, text available", logs)
		}
		logs = runExample(t, b, "legacyParams")
		if len(logs) != 2 || logs[0] != "1.1 3" {
			t.Errorf("temperature and topK printed %q, want 1.1 3 and an answer", logs)
		}
		fake.faults.set("gap=0ms") // the long answers of the next example at once
		logs = runExample(t, b, "contextOverflow")
		if !slices.Contains(logs, "We've gone past the context window, and some inputs will be dropped!") || logs[len(logs)-1] != "QuotaExceededError true" {
			t.Errorf("the context overflow printed %q", logs)
		}
	})

	if p := problems.String(); p != "" {
		t.Errorf("the panel reported problems:\n%s", p)
	}
	if p := pageProblems.String(); p != "" {
		t.Logf("the site's console:\n%s", p)
	}
	_ = alwaysSite
	_ = otherSite
}

// checkHistory checks that the second prompt of the persistence example
// sent the whole session: the system prompt, the first prompt and its
// answer, then the second prompt; and temperature and top_k.
func checkHistory(t *testing.T, fake *extensionFake, scenario string) {
	t.Helper()
	reqs := fake.fake.Requests(scenario)
	if len(reqs) < 2 {
		t.Fatalf("the persistence example made %d requests, want 2", len(reqs))
	}
	var body struct {
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		Temperature float64 `json:"temperature"`
		TopK        int     `json:"top_k"`
	}
	if err := json.Unmarshal(reqs[1].Body, &body); err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, m := range body.Messages {
		roles = append(roles, m.Role)
	}
	if !slices.Equal(roles, []string{"system", "user", "assistant", "user"}) || !strings.Contains(body.Messages[3].Content, "going to rain") {
		t.Errorf("the second prompt sent the roles %q, want the whole session", roles)
	}
	if body.Temperature != 1 || body.TopK != 3 {
		t.Errorf("the prompt sent temperature %v, top_k %v; want the defaults 1 and 3", body.Temperature, body.TopK)
	}
}

//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
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
	visitSite, alwaysSite, otherSite := newPromptSite(t), newPromptSite(t), newPromptSite(t)
	rig := startLendRig(t, visitSite, false)
	b, panel, id, fake := rig.page, rig.panel, rig.id, rig.fake
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
		panelAxeLightDark(t, panel, "lend-offer")
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

	if testing.Short() {
		return
	}
	t.Run("abort", func(t *testing.T) {
		for _, name := range []string{"abortPrompt", "destroyBySignal"} {
			scenario := fake.faults.set("stall-after=2")
			startExample(t, b, name)
			waitChatRequests(t, fake, scenario, 1)
			if _, err := evalPage[any](b, `stopButton.click()`); err != nil {
				t.Fatal(err)
			}
			if logs := finishExample(t, b); !slices.Equal(logs, []string{"AbortError"}) {
				t.Errorf("%s printed %q, want AbortError", name, logs)
			}
			if err := waitDisconnected(fake.fake, scenario, embedWait); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})

	t.Run("downloadprogress", func(t *testing.T) {
		fake.faults.none()
		done := startDownload(t, fake)
		if got, err := evalPage[string](b, `LanguageModel.availability()`); err != nil || got != "downloading" {
			t.Errorf("during the server's download availability() = %q (%v), want downloading", got, err)
		}
		logs := runExample(t, b, "monitor")
		<-done
		if len(logs) < 3 || logs[0] != "Downloaded 0%" || logs[len(logs)-1] != "Downloaded 100%" {
			t.Errorf("the monitor printed %q, want 0%%, the download's progress, then 100%%", logs)
		}
		if got, err := evalPage[string](b, `LanguageModel.availability()`); err != nil || got != "available" {
			t.Errorf("after the download availability() = %q (%v), want available", got, err)
		}
	})

	t.Run("visit/reload", func(t *testing.T) {
		if err := doPage(b, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		waitLanguageModel(t, b, true)
		fake.faults.set("")
		if logs := runExample(t, b, "structured"); !slices.Equal(logs, []string{"1"}) {
			t.Errorf("after a reload within the visit the example printed %q", logs)
		}
	})

	t.Run("visit/elsewhere", func(t *testing.T) {
		if err := doPage(b, chromedp.Navigate(otherSite.URL+"/")); err != nil {
			t.Fatal(err)
		}
		waitVisits(t, b, id, 0)
		if seen, err := evalPage[[]string](b, `[seenAtStart, typeof LanguageModel]`); err != nil || !slices.Equal(seen, []string{"undefined", "undefined"}) {
			t.Errorf("on another site the page sees LanguageModel as %q (%v)", seen, err)
		}
		if err := doPage(b, chromedp.Navigate(visitSite.URL+"/other")); err != nil {
			t.Fatal(err)
		}
		if seen, err := evalPage[[]string](b, `[seenAtStart, typeof LanguageModel]`); err != nil || !slices.Equal(seen, []string{"undefined", "undefined"}) {
			t.Errorf("back on the site after the visit ended, it sees LanguageModel as %q (%v)", seen, err)
		}
	})

	t.Run("visit/tab-closed", func(t *testing.T) {
		// A new tab in the panel's window, on the site again: a visit of its own.
		created, err := chromedp.CallBrowser(b.ctx, target.CreateTarget, target.CreateTargetParams{URL: visitSite.URL + "/other"})
		if err != nil {
			t.Fatal(err)
		}
		isTab := func(tg *target.Info) bool { return tg.TargetID == created.TargetID }
		pollChat(t, targetChat(b, "the new tab", isTab), `document.readyState === "complete" && "loaded"`)
		clickAction(t, b, id, visitSite.URL+"/other")
		waitOffer(t, panel, fmt.Sprintf("Let %s use my local model?", visitSite.origin))
		lendPanelClick(t, panel, "lend-visit")
		pollChat(t, targetChat(b, "the new tab", isTab), `typeof LanguageModel === "function" && LanguageModel.availability()`)
		waitVisits(t, b, id, 1)
		if _, err := chromedp.CallBrowser(b.ctx, target.CloseTarget, target.CloseTargetParams(created)); err != nil {
			t.Fatal(err)
		}
		waitVisits(t, b, id, 0)
	})

	t.Run("always", func(t *testing.T) {
		grantHost(t, b, id, alwaysSite.origin)
		if err := doPage(b, chromedp.Navigate(alwaysSite.URL+"/")); err != nil {
			t.Fatal(err)
		}
		clickAction(t, b, id, alwaysSite.URL+"/")
		waitOffer(t, panel, fmt.Sprintf("Let %s use my local model?", alwaysSite.origin))
		lendPanelClick(t, panel, "lend-always")
		waitLanguageModel(t, b, true)
		waitOffer(t, panel, fmt.Sprintf("%s may use your local model (always).", alwaysSite.origin))
		granted, err := evalPage[bool](panel, fmt.Sprintf(`chrome.permissions.contains({origins: [%q]})`, alwaysSite.origin+"/*"))
		if err != nil || !granted {
			t.Errorf("after Always the extension has no access to %s (%v)", alwaysSite.origin, err)
		}
		fake.faults.set("")
		if logs := runExample(t, b, "nShot"); len(logs) != 2 {
			t.Errorf("the site allowed always printed %q", logs)
		}
		if err := doPage(b, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		if seen, err := evalPage[string](b, `seenAtStart`); err != nil || seen != "function" {
			t.Errorf("after a reload the page's first script sees LanguageModel as %q (%v), want it there from the start", seen, err)
		}
		if logs := runExample(t, b, "zeroShot"); len(logs) < 3 {
			t.Errorf("after a reload the site allowed always printed %q", logs)
		}
	})

	t.Run("never-allowed", func(t *testing.T) {
		for _, path := range []string{"/", "/other"} {
			if err := doPage(b, chromedp.Navigate(otherSite.URL+path)); err != nil {
				t.Fatal(err)
			}
			if seen, err := evalPage[[]string](b, `[seenAtStart, typeof LanguageModel]`); err != nil || !slices.Equal(seen, []string{"undefined", "undefined"}) {
				t.Errorf("a site never allowed sees LanguageModel as %q (%v)", seen, err)
			}
		}
	})

	t.Run("settings", func(t *testing.T) {
		row := fmt.Sprintf(`[...document.querySelectorAll("#lend-sites li")].map((li) => li.textContent).find((s) => s.startsWith(%q))`, alwaysSite.origin)
		got, err := pollPage[string](panel, row+` ?? false`)
		if err != nil || !strings.Contains(got, "Always · last asked") || !strings.Contains(got, "prompts ·") || strings.Contains(got, " 0 tokens") {
			t.Errorf("the settings list %s as %q (%v), want always, when it last asked, its prompts and tokens", alwaysSite.origin, got, err)
		}
		if err := doPage(panel, chromedp.ScrollIntoView(chromedp.CSS("#lend-sites"))); err != nil {
			t.Fatal(err)
		}
		panelAxeLightDark(t, panel, "lend-settings")
	})

	t.Run("revoke", func(t *testing.T) {
		if err := doPage(b, chromedp.Navigate(alwaysSite.URL+"/")); err != nil {
			t.Fatal(err)
		}
		scenario := fake.faults.set("stall-after=2")
		_, err := evalPage[any](b, `globalThis.running = LanguageModel.create().then((s) => s.prompt("Tell me a long story.")).then(() => "answered", (e) => e.name); 1`)
		if err != nil {
			t.Fatal(err)
		}
		waitChatRequests(t, fake, scenario, 1)
		lendPanelClick(t, panel, fmt.Sprintf(`lend-sites button[data-origin="%s"]`, alwaysSite.origin))
		if got, err := evalPage[string](b, `running`); err != nil || got != "NotAllowedError" {
			t.Errorf("the running prompt of the revoked site ended with %q (%v), want NotAllowedError", got, err)
		}
		if err := waitDisconnected(fake.fake, scenario, embedWait); err != nil {
			t.Errorf("the revoked site's request was not cut: %v", err)
		}
		waitLanguageModel(t, b, false)
		if err := doPage(b, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		if seen, err := evalPage[[]string](b, `[seenAtStart, typeof LanguageModel]`); err != nil || !slices.Equal(seen, []string{"undefined", "undefined"}) {
			t.Errorf("after revocation and a reload the site sees LanguageModel as %q (%v)", seen, err)
		}
		granted, err := evalPage[bool](panel, fmt.Sprintf(`chrome.permissions.contains({origins: [%q]})`, alwaysSite.origin+"/*"))
		if err != nil || granted {
			t.Errorf("after revocation the extension keeps access to %s (%v)", alwaysSite.origin, err)
		}
	})

	if p := pageProblems.String(); p != "" {
		t.Logf("the site's console:\n%s", p)
	}
}

// startDownload has the fake download a model it lacks (a chat request
// naming it, sent here without a scenario, as the extension's status
// requests are) and waits until its status route reports the download; the
// channel closes when the request ends.
func startDownload(t *testing.T, fake *extensionFake) <-chan struct{} {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		body := `{"model":"someone/some-model/model.gguf","messages":[{"role":"user","content":"hi"}]}`
		resp, err := http.Post(fake.baseURL+"/chat/completions", "application/json", strings.NewReader(body))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	for deadline := time.Now().Add(embedWait); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(fake.baseURL + "/chat/completions/status")
		if err == nil {
			var s struct {
				Ongoing bool `json:"download_ongoing"`
			}
			json.NewDecoder(resp.Body).Decode(&s)
			resp.Body.Close()
			if s.Ongoing {
				return done
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fake reports no download (%v)", err)
		}
	}
}

// waitVisits waits until the extension keeps n visits (chrome.storage.session).
func waitVisits(t *testing.T, b *browser, id string, n int) {
	t.Helper()
	for deadline := time.Now().Add(embedWait); ; time.Sleep(50 * time.Millisecond) {
		got, err := evalWorker[int](b, id, `chrome.storage.session.get("lendVisits").then((s) => Object.keys(s.lendVisits ?? {}).length)`)
		if err == nil && got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the extension keeps %d visits (%v), want %d", got, err, n)
		}
	}
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

//go:build !js

package wasmtest

import (
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPageModelDownload makes Edgen download a model the way a person
// would: the chat's model set to "owner/repo/file" in Options, then a
// message. The answer waits while the progress rises, above the chat and in
// the Models view (the chat endpoint's status route), then comes, and the
// model is in the list.
func TestPageModelDownload(t *testing.T) {
	s := startPage(t)
	const model = "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/tinyllama-1.1b-chat-v1.0.Q2_K.gguf"
	s.faults.none()
	s.do(t, chromedp.Click(chromedp.ID("chat-options")))
	s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
	s.do(t, fill("set-model", model), chromedp.Click(chromedp.ID("settings-save")))
	s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
	s.send(t, "Hello once the model is here")
	s.waitFor(t, "the progress bar", `!document.getElementById("download").hidden`)
	s.shot(t, "17-download-chat-1280")
	s.openView(t, "models")
	var seen []string
	for deadline := time.Now().Add(pageWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		now := eval[string](t, s, `(() => {
			const d = document.querySelector('#endpoints [data-endpoint="chat"] .endpoint-download');
			return d.hidden ? "" : d.querySelector("[role=progressbar]").getAttribute("aria-valuenow");
		})()`)
		if now != "" && (len(seen) == 0 || seen[len(seen)-1] != now) {
			seen = append(seen, now)
			if len(seen) == 2 {
				s.shot(t, "18-download-models-1280")
			}
		}
		if eval[string](t, s, `document.querySelector("#messages .msg-assistant:last-child").dataset.state`) != "streaming" {
			break
		}
	}
	if len(seen) < 2 || !slices.IsSortedFunc(seen, func(a, b string) int { return atoi(t, a) - atoi(t, b) }) {
		t.Errorf("the Models view showed the chat endpoint's progress %v, want it rising", seen)
	}
	s.waitFor(t, "the answer", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "done"`)
	if got := s.lastAnswer(t).Text; got != canned("Hello once the model is here") {
		t.Errorf("answer after the download %q", got)
	}
	// The Models view reads the list again when shown.
	s.openView(t, "chat")
	s.openView(t, "models")
	s.waitFor(t, "the new model in the list", `[...document.querySelectorAll("#models-body tr")].some((r) => r.dataset.id === "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF")`)
	if p := s.problems.String(); p != "" {
		t.Errorf("the page reported problems:\n%s", p)
	}
}

//go:build !js

package wasmtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// micFlags give Chromium a fake microphone (a beeping tone) that needs no
// permission prompt.
var micFlags = []chromedp.ExecAllocatorOption{
	chromedp.Flag("use-fake-device-for-media-stream", true),
	chromedp.Flag("use-fake-ui-for-media-stream", true),
}

// TestPageViews drives the views beyond the chat, by keyboard where a
// person would: Models (endpoints, list, details, delete after a
// confirmation), Images, Voice (the microphone, a picked file and a
// dropped file, in one transcription session) and Search.
func TestPageViews(t *testing.T) {
	s := startPage(t, micFlags...)
	s.runSteps(t,
		pageStep{"Models", (*pageSession).modelsView},
		pageStep{"Images", (*pageSession).imagesView},
		pageStep{"Voice", (*pageSession).voice},
		pageStep{"Search", (*pageSession).searchView},
	)
}

// openView follows the view's tab by keyboard.
func (s *pageSession) openView(t *testing.T, name string) {
	t.Helper()
	s.do(t, chromedp.Focus(chromedp.CSS(`.tab[data-view="`+name+`"]`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the "+name+" view", `!document.getElementById("view-`+name+`").hidden &&
		document.querySelector('.tab[data-view="`+name+`"]').getAttribute("aria-current") === "page"`)
}

// fakeRequests returns what the fake received on path (any scenario).
func (s *pageSession) fakeRequests(method, path string) []edgentest.Request {
	return slices.DeleteFunc(s.fake.Requests(""), func(r edgentest.Request) bool {
		return r.Method != method || r.Path != path
	})
}

// fakeModels returns the ids the fake lists (GET models, no scenario).
func (s *pageSession) fakeModels(t *testing.T) []string {
	t.Helper()
	rec := httptest.NewRecorder()
	s.fake.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/models", nil))
	var list struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("the fake's models: %d %s (%v)", rec.Code, rec.Body, err)
	}
	var ids []string
	for _, m := range list.Data {
		ids = append(ids, m.ID)
	}
	return ids
}

func (s *pageSession) modelsView(t *testing.T) {
	s.openView(t, "models")
	want := s.fakeModels(t)
	s.waitFor(t, "the models", `document.querySelectorAll("#models-body tr").length === `+itoa(len(want)))
	if got := eval[[]string](t, s, `[...document.querySelectorAll("#models-body tr")].map((r) => r.dataset.id)`); !slices.Equal(got, want) {
		t.Errorf("models shown %q, want the fake's %q", got, want)
	}
	s.waitFor(t, "the endpoints", `[...document.querySelectorAll("#endpoints .endpoint-model")].every((e) => e.textContent !== "…")`)
	endpoints := eval[[]string](t, s, `[...document.querySelectorAll("#endpoints .endpoint")].map((e) =>
		e.querySelector(".endpoint-name").textContent + ": " + e.querySelector(".endpoint-model").textContent)`)
	if len(endpoints) != 3 || !strings.HasPrefix(endpoints[0], "Chat: runs ") {
		t.Errorf("endpoints %q", endpoints)
	}
	s.do(t, chromedp.Focus(chromedp.CSS(`#models-body tr:nth-child(1) .btn`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the details", `!document.getElementById("model-details").hidden && document.querySelector("#model-details-list dd")`)
	details := eval[[]string](t, s, `[...document.querySelectorAll("#model-details-list dt, #model-details-list dd")].map((e) => e.textContent)`)
	if !slices.Contains(details, "TheBloke/neural-chat-7B-v3-3-GGUF") || !slices.Contains(details, "owned_by") {
		t.Errorf("details %q", details)
	}
	s.shot(t, "12-models-1280")
	// Delete asks first: Escape keeps the model.
	const victim = "distil-whisper/distil-small.en"
	del := `#models-body tr[data-id="` + victim + `"] .btn-danger-quiet`
	s.do(t, chromedp.Focus(chromedp.CSS(del)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the confirmation", `document.getElementById("confirm").open`)
	s.shot(t, "13-models-confirm-1280")
	s.do(t, chromedp.KeyEvent(kb.Escape))
	s.waitFor(t, "the confirmation to close", `!document.getElementById("confirm").open`)
	if n := len(s.fakeRequests("DELETE", "/models/distil-whisper%2Fdistil-small.en")); n != 0 {
		t.Fatalf("Escape still deleted the model (%d requests)", n)
	}
	if !eval[bool](t, s, `document.activeElement.matches(`+"`"+del+"`"+`)`) {
		t.Error("focus did not come back to Delete after cancelling")
	}
	s.do(t, pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the confirmation", `document.getElementById("confirm").open`)
	s.do(t, chromedp.Click(chromedp.ID("confirm-ok")))
	s.waitFor(t, "the model gone", `document.querySelectorAll("#models-body tr").length === `+itoa(len(want)-1))
	if n := len(s.fakeRequests("DELETE", "/models/distil-whisper%2Fdistil-small.en")); n != 1 {
		t.Errorf("%d DELETE requests, want 1", n)
	}
	if got := eval[string](t, s, `document.getElementById("models-state").textContent`); !strings.HasPrefix(got, "Deleted "+victim) {
		t.Errorf("models state %q", got)
	}
}

func (s *pageSession) imagesView(t *testing.T) {
	s.openView(t, "images")
	s.do(t, chromedp.Click(chromedp.ID("image-prompt")), chromedp.SendKeys(chromedp.ID("image-prompt"), "A lighthouse at dusk"),
		fill("image-count", "2"), chromedp.Click(chromedp.ID("image-go")))
	s.waitFor(t, "the images", `document.querySelectorAll("#image-grid img").length === 2`)
	type shown struct {
		Width, Height int
		Label         string
		Download      string
	}
	got := eval[[]shown](t, s, `[...document.querySelectorAll("#image-grid .image-item")].map((li) => {
		const img = li.querySelector("img"), a = li.querySelector("a");
		return { width: img.naturalWidth, height: img.naturalHeight, label: img.alt, download: a.download };
	})`)
	for _, img := range got {
		if img.Width == 0 || img.Height == 0 || !strings.HasSuffix(img.Label, "A lighthouse at dusk") ||
			!regexp.MustCompile(`^edgen-image-\d+\.png$`).MatchString(img.Download) {
			t.Errorf("image %+v", img)
		}
	}
	file := s.download(t, chromedp.Click(chromedp.CSS(`#image-grid .image-item a`)), got[0].Download)
	if !bytes.HasPrefix(file, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("the downloaded image starts %q, want a PNG file", file[:min(8, len(file))])
	}
	reqs := s.fakeRequests("POST", "/image/generations")
	if len(reqs) != 1 || !strings.Contains(string(reqs[0].Body), `"prompt":"A lighthouse at dusk"`) || !strings.Contains(string(reqs[0].Body), `"images":2`) {
		t.Errorf("%d image requests, want 1 with the prompt and 2 images", len(reqs))
	}
	s.shot(t, "14-images-1280")
}

// transcriptions returns the parts of each transcription request, by name.
func (s *pageSession) transcriptions() []map[string]edgentest.Part {
	var out []map[string]edgentest.Part
	for _, r := range s.fakeRequests("POST", "/audio/transcriptions") {
		parts := map[string]edgentest.Part{}
		for _, p := range r.Parts {
			parts[p.Name] = p
		}
		out = append(out, parts)
	}
	return out
}

func (s *pageSession) voice(t *testing.T) {
	s.openView(t, "chat")
	s.do(t, fill("prompt", ""))
	promptLen := func() int { return eval[int](t, s, `document.getElementById("prompt").value.length`) }
	// The microphone, by keyboard: press Record, then Stop recording.
	s.do(t, chromedp.Focus(chromedp.ID("mic")), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the recording", `document.getElementById("mic").getAttribute("aria-pressed") === "true"`)
	s.waitFor(t, "a second of sound", `document.getElementById("voice-state").textContent.startsWith("Recording 0:01")`)
	s.do(t, pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the transcription", `document.getElementById("prompt").value !== ""`)
	first := promptLen()
	// A picked file.
	wav := filepath.Join(t.TempDir(), "speech.wav")
	if err := os.WriteFile(wav, silentWAV(), 0o644); err != nil {
		t.Fatal(err)
	}
	s.do(t, chromedp.SetUploadFiles(`#audio-file`, []string{wav}))
	s.waitFor(t, "the file's transcription", `document.getElementById("prompt").value.length > `+itoa(first))
	second := promptLen()
	// A dropped file.
	s.do(t, chromedp.Evaluate[chromedp.Void](`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([new Uint8Array(64)], "dropped.ogg", { type: "audio/ogg" }));
		document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
	})()`))
	s.waitFor(t, "the dropped file's transcription", `document.getElementById("prompt").value.length > `+itoa(second))
	reqs := s.transcriptions()
	if len(reqs) != 3 {
		t.Fatalf("%d transcription requests, want 3", len(reqs))
	}
	names := []string{reqs[0]["file"].FileName, reqs[1]["file"].FileName, reqs[2]["file"].FileName}
	if names[0] != "recording.wav" || names[1] != "speech.wav" || names[2] != "dropped.ogg" {
		t.Errorf("files sent %q", names)
	}
	if reqs[0]["file"].Size == 0 {
		t.Error("the recording was empty")
	}
	// One session across the three: asked for first, then continued.
	session := reqs[1]["session"].Value
	if reqs[0]["create_session"].Value != "true" || !regexp.MustCompile(`^[0-9a-f-]{36}$`).MatchString(session) || reqs[2]["session"].Value != session {
		t.Errorf("sessions: create %q, then %q and %q", reqs[0]["create_session"].Value, session, reqs[2]["session"].Value)
	}
	if got := eval[string](t, s, `document.activeElement.id`); got != "prompt" {
		t.Errorf("focus on %q after a transcription, want the message box", got)
	}
	s.shot(t, "15-voice-1280")
	s.do(t, fill("prompt", ""))
}

// silentWAV is a 0.1 s mono 8 kHz 16-bit WAV file of silence.
func silentWAV() []byte {
	const samples = 800
	data := make([]byte, samples*2)
	le := func(n, size int) []byte {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(n >> (8 * i))
		}
		return b
	}
	var out []byte
	out = append(out, "RIFF"...)
	out = append(out, le(36+len(data), 4)...)
	out = append(out, "WAVEfmt "...)
	out = append(out, le(16, 4)...)
	out = append(out, le(1, 2)...)    // PCM
	out = append(out, le(1, 2)...)    // mono
	out = append(out, le(8000, 4)...) // sample rate
	out = append(out, le(16000, 4)...)
	out = append(out, le(2, 2)...)
	out = append(out, le(16, 2)...)
	out = append(out, "data"...)
	out = append(out, le(len(data), 4)...)
	return append(out, data...)
}

func (s *pageSession) searchView(t *testing.T) {
	s.faults.set("")
	s.ask(t, "The lighthouse keeper paints at dusk")
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.ask(t, "Quarterly tax forms are due in April")
	s.do(t, chromedp.Click(chromedp.ID("new-chat")))
	s.openView(t, "search")
	if got := eval[string](t, s, `document.activeElement.id`); got != "search-query" {
		t.Errorf("focus on %q in Search, want the query", got)
	}
	s.do(t, chromedp.SendKeys(chromedp.ID("search-query"), "The lighthouse keeper paints at dusk"), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the results", `document.querySelectorAll("#search-results li").length > 0`)
	top := eval[[]string](t, s, `[...document.querySelectorAll("#search-results .search-open")].map((b) => b.querySelector(".search-snippet").textContent)`)
	if len(top) < 2 || top[0] != "You: The lighthouse keeper paints at dusk" {
		t.Errorf("results %q, want the lighthouse question first", top)
	}
	reqs := s.fakeRequests("POST", "/embeddings")
	if len(reqs) != 1 {
		t.Errorf("%d embeddings requests, want 1 (every text in one)", len(reqs))
	}
	s.shot(t, "16-search-1280")
	s.do(t, chromedp.Focus(chromedp.CSS(`#search-results .search-open`)), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the chat of the result", `!document.getElementById("view-chat").hidden &&
		document.getElementById("chat-title").textContent === "The lighthouse keeper paints at dusk" &&
		document.querySelector("#messages .msg.found")`)
	// A second search reuses the vectors it has: only the new question is sent.
	s.openView(t, "search")
	s.do(t, fill("search-query", "tax"), pressEnter(chromedp.ModifierNone))
	s.waitFor(t, "the second results", `document.getElementById("search-state").textContent.startsWith("The ") && document.querySelectorAll("#search-results li").length > 0 && !document.getElementById("search-go").disabled`)
	reqs = s.fakeRequests("POST", "/embeddings")
	if len(reqs) != 2 || !strings.Contains(string(reqs[1].Body), `"input":["tax"]`) {
		t.Errorf("second search sent %d requests, the last %s", len(reqs), reqs[len(reqs)-1].Body)
	}
}

//go:build !js

package edgentest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// endpointCall is one request naming a model, per endpoint.
type endpointCall struct {
	kind, path string
	request    func(t *testing.T, model string) (body, contentType string)
}

var modelCalls = []endpointCall{
	{kindChat, "chat/completions", func(t *testing.T, model string) (string, string) {
		return `{"model":"` + model + `","messages":[{"role":"user","content":"hi"}]}`, "application/json"
	}},
	{kindAudio, "audio/transcriptions", func(t *testing.T, model string) (string, string) {
		ct, body := form(t, "file@a.wav:RIFF", "model="+model)
		return body, ct
	}},
	{kindEmbeddings, "embeddings", func(t *testing.T, model string) (string, string) {
		return `{"input":"hi","model":"` + model + `"}`, "application/json"
	}},
}

// send sends the endpoint's request naming model, in scenario sc.
func (c endpointCall) send(t *testing.T, srv *Server, sc *Scenario, model string) (*http.Response, []byte) {
	t.Helper()
	body, ct := c.request(t, model)
	return call(t, "POST", srv.URL+c.path, body, "Content-Type: "+ct, HeaderScenario+": "+sc.ID)
}

type statusBody struct {
	ActiveModel string `json:"active_model"`
	Ongoing     bool   `json:"download_ongoing"`
	Progress    int    `json:"download_progress"`
}

// status reads the status route of kind for scenario sc.
func status(t *testing.T, srv *Server, sc *Scenario, kind string) statusBody {
	t.Helper()
	route := map[string]string{kindChat: "chat/completions", kindAudio: "audio/transcriptions", kindEmbeddings: "embeddings"}[kind]
	_, body := call(t, "GET", srv.URL+route+"/status", "", HeaderScenario+": "+sc.ID)
	var s statusBody
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatalf("status %q: %v", body, err)
	}
	return s
}

// listed returns the ids models.list gives scenario sc.
func listed(t *testing.T, srv *Server, sc *Scenario) []string {
	t.Helper()
	_, body := call(t, "GET", srv.URL+"models", "", HeaderScenario+": "+sc.ID)
	var l struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range l.Data {
		ids = append(ids, m.ID)
	}
	return ids
}

// watchDownload sends the request and polls the status route of its kind
// until the answer comes, returning the answer and the distinct progress
// values seen while download_ongoing was true.
func watchDownload(t *testing.T, srv *Server, sc *Scenario, c endpointCall, model string, whileOngoing func()) (int, []byte, []int) {
	t.Helper()
	type answer struct {
		status int
		body   []byte
	}
	answered := make(chan answer, 1)
	go func() {
		resp, body := c.send(t, srv, sc, model)
		answered <- answer{resp.StatusCode, body}
	}()
	var seen []int
	for {
		select {
		case a := <-answered:
			return a.status, a.body, seen
		case <-time.After(5 * time.Millisecond):
		}
		s := status(t, srv, sc, c.kind)
		if !s.Ongoing {
			continue
		}
		if len(seen) == 0 && whileOngoing != nil {
			whileOngoing()
		}
		if len(seen) == 0 || s.Progress != seen[len(seen)-1] {
			seen = append(seen, s.Progress)
		}
	}
}

// TestModelDownload names a model the fake does not have on each endpoint:
// the request waits while its status route shows the download rising, then
// answers, and the model is the fake's from then on.
func TestModelDownload(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: 1200 * time.Millisecond, ProgressInterval: 100 * time.Millisecond})
	models := map[string]struct{ model, listedAs string }{
		kindChat:       {"TheFake/TheFakeRepo-GGUF/fake-model.Q4_K_M.gguf", "TheFake/TheFakeRepo-GGUF"},
		kindAudio:      {"ggerganov/whisper.cpp/ggml-tiny.en.bin", "ggerganov/whisper.cpp"},
		kindEmbeddings: {"CompendiumLabs/bge-small-en-v1.5-gguf/bge-small-en-v1.5-f16.gguf", ""}, // the embeddings directory is never listed
	}
	for _, c := range modelCalls {
		t.Run(c.kind, func(t *testing.T) {
			t.Parallel()
			m := models[c.kind]
			sc := srv.Handle().Scenario("")
			start := time.Now().Unix()
			before := listed(t, srv, sc)
			code, body, seen := watchDownload(t, srv, sc, c, m.model, func() {
				// The model arrives as the status stops showing the download,
				// so a list read before a status showing it must not have it.
				got := listed(t, srv, sc)
				if status(t, srv, sc, c.kind).Ongoing && !slices.Equal(got, before) {
					t.Errorf("listed %v during the download, want %v", got, before)
				}
			})
			if code != 200 {
				t.Fatalf("answer after the download: %d %s", code, body)
			}
			if len(seen) < 3 || !slices.IsSorted(seen) || seen[0] < 0 || seen[len(seen)-1] > 100 {
				t.Errorf("progress while downloading %v, want several rising values in 0..100", seen)
			}
			if s := status(t, srv, sc, c.kind); s.Ongoing || s.Progress != 100 || s.ActiveModel != defaultModels[c.kind].file {
				t.Errorf("status after the download %+v, want done at 100, the configured model still active", s)
			}
			got := listed(t, srv, sc)
			if m.listedAs == "" {
				if !slices.Equal(got, before) {
					t.Errorf("listed %v, want %v: the real server does not list embeddings models", got, before)
				}
				return
			}
			if !slices.Contains(got, m.listedAs) || len(got) != len(before)+1 {
				t.Fatalf("listed %v after the download, want %s added to %v", got, m.listedAs, before)
			}
			id := srv.URL + "models/" + url.PathEscape(m.listedAs)
			hdr := HeaderScenario + ": " + sc.ID
			_, body = call(t, "GET", id, "", hdr)
			var desc wireModel
			if err := json.Unmarshal(body, &desc); err != nil || desc.ID != m.listedAs || desc.OwnedBy != strings.Split(m.listedAs, "/")[0] || desc.Created < start {
				t.Errorf("retrieve: %s (%v)", body, err)
			}
			if resp, body := call(t, "DELETE", id, "", hdr); resp.StatusCode != 200 {
				t.Errorf("delete: %d %s", resp.StatusCode, body)
			}
			if resp, _ := call(t, "GET", id, "", hdr); resp.StatusCode != 500 {
				t.Errorf("retrieve after delete: %d, want 500", resp.StatusCode)
			}
			if got := listed(t, srv, sc); !slices.Equal(got, before) {
				t.Errorf("listed %v after delete, want %v", got, before)
			}
		})
	}
}

// TestModelDownloadedOnce checks that a model, once downloaded, answers at
// once: with an hour-long download, a second download would never end.
func TestModelDownloadedOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: time.Hour})
	const model = "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf"
	sc := srv.Handle().Scenario("download=50ms")
	body, _ := modelCalls[0].request(t, model)
	faulted := []string{jsonCT, HeaderScenario + ": " + sc.ID, HeaderFaults + ": " + sc.Faults}
	if resp, got := call(t, "POST", srv.URL+"chat/completions", body, faulted...); resp.StatusCode != 200 {
		t.Fatalf("first request: %d %s", resp.StatusCode, got)
	}
	done := make(chan *http.Response, 1)
	go func() {
		resp, _ := modelCalls[0].send(t, srv, sc, model)
		done <- resp
	}()
	select {
	case resp := <-done:
		if resp.StatusCode != 200 {
			t.Errorf("second request: %d", resp.StatusCode)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the second request downloaded the model again")
	}
}

// TestDeletedDefaultModelDownloadsAgain deletes the chat model in use: the
// next chat downloads it again, as the real server does.
func TestDeletedDefaultModelDownloadsAgain(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: 400 * time.Millisecond, ProgressInterval: 50 * time.Millisecond})
	sc := srv.Handle().Scenario("")
	if resp, body := call(t, "DELETE", srv.URL+"models/TheBloke%2Fneural-chat-7B-v3-3-GGUF", "", HeaderScenario+": "+sc.ID); resp.StatusCode != 200 {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	code, body, seen := watchDownload(t, srv, sc, modelCalls[0], "default", nil)
	if code != 200 || len(seen) == 0 {
		t.Errorf("chat after deleting its model: %d %s, progress seen %v; want a download, then the answer", code, body, seen)
	}
	if got := listed(t, srv, sc); !slices.Contains(got, "TheBloke/neural-chat-7B-v3-3-GGUF") {
		t.Errorf("listed %v, want the model back", got)
	}
}

// TestModelNameErrors checks the real server's answers to model names it
// cannot use.
func TestModelNameErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: time.Hour})
	tests := []struct {
		call  endpointCall
		model string
		body  string
	}{
		{modelCalls[0], "x/y/z.bin", `{"error":"unknown_model_kind","model_name":"x/y/z.bin","reason":"unknown model kind for model: (\"x/y/z.bin\")"}`},
		{modelCalls[0], "TheBloke/neural-chat-7B-v3-3-GGUF", `{"error":"no_such_model","model_name":"TheBloke/neural-chat-7B-v3-3-GGUF"}`},
		{modelCalls[0], "a/b/c/d.gguf", `{"error":"no_such_model","model_name":"a/b/c/d.gguf"}`},
		{modelCalls[1], "distil-whisper/distil-small.en", `{"error":"preload","UnknownModel":"Whisper"}`},
		{modelCalls[1], "TheBloke/x-GGUF/x.gguf", `{"error":"unknown_model_kind","model_name":"TheBloke/x-GGUF/x.gguf","reason":"unknown model kind for model: (\"TheBloke/x-GGUF/x.gguf\")"}`},
		{modelCalls[2], "a/fake/b.bin", `{"error":"unknown_model_kind","model_name":"a/fake/b.bin","reason":"unknown model kind for model: (\"a/fake/b.bin\")"}`},
	}
	for _, tt := range tests {
		t.Run(tt.call.kind+" "+tt.model, func(t *testing.T) {
			resp, body := tt.call.send(t, srv, srv.Handle().Scenario(""), tt.model)
			if resp.StatusCode != 500 || string(body) != tt.body || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("%d %s, want 500 %s", resp.StatusCode, body, tt.body)
			}
		})
	}
}

// TestDownloadOutlivesItsRequest leaves while the model downloads: as in
// the real server, the download goes on and the model arrives.
func TestDownloadOutlivesItsRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: 300 * time.Millisecond, ProgressInterval: 50 * time.Millisecond})
	// leave sends a chat naming model and leaves once the download shows;
	// it reports false when the answer came first.
	leave := func(sc *Scenario, model string) bool {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		body, _ := modelCalls[0].request(t, model)
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"chat/completions", strings.NewReader(body))
		req.Header = sc.Header()
		req.Header.Set("Content-Type", "application/json")
		answered := make(chan bool, 1)
		go func() {
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			answered <- err == nil
		}()
		for !status(t, srv, sc, kindChat).Ongoing {
			select {
			case <-answered:
				return false
			case <-time.After(5 * time.Millisecond):
			}
		}
		cancel()
		if <-answered {
			return false
		}
		if err := sc.WaitDisconnected(5 * time.Second); err != nil {
			t.Fatal(err)
		}
		return true
	}

	long := srv.Handle().Scenario("download=1h")
	if !leave(long, "TheBloke/phi-2-GGUF/phi-2.Q4_K_M.gguf") {
		t.Fatal("an hour-long download answered")
	}
	if s := status(t, srv, long, kindChat); !s.Ongoing {
		t.Errorf("status after the client left: %+v, want the download still going", s)
	}

	// A slow machine may see the short download end first: try again then.
	var short *Scenario
	for range 10 {
		if short = srv.Handle().Scenario(""); leave(short, "TheBloke/phi-2-GGUF/phi-2.Q4_K_M.gguf") {
			break
		}
		short = nil
	}
	if short == nil {
		t.Fatal("ten downloads ended before their clients could leave")
	}
	deadline := time.Now().Add(20 * time.Second)
	for !slices.Contains(listed(t, srv, short), "TheBloke/phi-2-GGUF") {
		if time.Now().After(deadline) {
			t.Fatal("the model never arrived after its request left")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

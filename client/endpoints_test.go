package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

func TestStatusRoutes(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	for name, get := range map[string]func(context.Context, ...client.Option) (*client.Status, error){
		"/chat/completions/status":     c.ChatCompletionsStatus,
		"/audio/transcriptions/status": c.TranscriptionsStatus,
		"/embeddings/status":           c.EmbeddingsStatus,
	} {
		sc := h.Scenario("")
		st, err := get(background, with(sc)...)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if st.ActiveModel == "" || st.DownloadOngoing || !st.JSON.DownloadProgress.Valid() || st.LastErrors == nil {
			t.Errorf("%s: %+v", name, st)
		}
		if r := requests(t, sc); len(r) != 1 || r[0].Method != "GET" || r[0].Path != name {
			t.Errorf("%s: the fake received %+v", name, r)
		}
	}
}

// TestDownloadProgress polls the chat status while a chat request waits for
// a model download, as a UI showing a progress bar does.
func TestDownloadProgress(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("download=300ms")
	done := make(chan error, 1)
	go func() {
		_, err := c.CreateChatCompletion(background, chatRequest("hi"), with(sc)...)
		done <- err
	}()
	seen := false
	within(t, "the download", func() {
		for {
			select {
			case err := <-done:
				if err != nil {
					t.Error(err)
				}
				return
			default:
			}
			st, err := c.ChatCompletionsStatus(background, client.WithHeader(edgentest.HeaderScenario, sc.ID))
			if err != nil {
				t.Error(err)
				return
			}
			if st.DownloadOngoing && st.DownloadProgress >= 0 && st.DownloadProgress <= 100 {
				seen = true
			}
		}
	})
	if !seen {
		t.Error("the status never showed the download")
	}
}

func TestTranscription(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	audio := []byte("RIFF....WAVEfmt ")

	t.Run("only the set parts", func(t *testing.T) {
		sc := h.Scenario("")
		got, err := c.CreateTranscription(background, client.TranscriptionRequest{
			File: bytes.NewReader(audio), FileName: "speech.wav", Model: "whisper", Language: client.Ptr("en"),
		}, with(sc)...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got.Text, "speech.wav") || !got.JSON.Session.IsMissing() {
			t.Errorf("transcription %+v (session present: %v)", got, got.JSON.Session.IsPresent())
		}
		parts := requests(t, sc)[0].Parts
		var names []string
		for _, p := range parts {
			names = append(names, p.Name)
		}
		if !slices.Equal(names, []string{"file", "model", "language"}) {
			t.Errorf("parts %v, want file, model, language", names)
		}
		if parts[0].FileName != "speech.wav" || parts[0].Size != int64(len(audio)) || parts[1].Value != "whisper" || parts[2].Value != "en" {
			t.Errorf("parts %+v", parts)
		}
	})
	t.Run("every part", func(t *testing.T) {
		sc := h.Scenario("")
		got, err := c.CreateTranscription(background, client.TranscriptionRequest{
			File: bytes.NewReader(audio), Model: "whisper", Language: client.Ptr("en"), Prompt: client.Ptr("p"),
			ResponseFormat: client.Ptr("json"), Temperature: client.Ptr(0.5), CreateSession: client.Ptr(true),
		}, with(sc)...)
		if err != nil {
			t.Fatal(err)
		}
		if got.Session == "" || !got.JSON.Session.Valid() {
			t.Errorf("no session created: %+v", got)
		}
		want := map[string]string{"model": "whisper", "language": "en", "prompt": "p", "response_format": "json",
			"temperature": "0.5", "create_session": "true"}
		r := requests(t, sc)[0]
		for name, v := range want {
			if p, ok := r.Part(name); !ok || p.Value != v {
				t.Errorf("part %s = %+v, want %q", name, p, v)
			}
		}
		if p, _ := r.Part("file"); p.FileName != "audio" {
			t.Errorf("default file name %q", p.FileName)
		}
	})
	t.Run("no file", func(t *testing.T) {
		if _, err := c.CreateTranscription(background, client.TranscriptionRequest{Model: "m"}); err == nil {
			t.Error("a request without a file was sent")
		}
	})
}

func TestEmbeddings(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	for _, in := range []client.StringOrArray{{String: "one"}, {Array: []string{"a", "b", "c"}}} {
		got, err := c.CreateEmbeddings(background, client.EmbeddingsRequest{Input: in, Model: "nomic"})
		if err != nil {
			t.Fatal(err)
		}
		want := max(1, len(in.Array))
		if len(got.Embeddings) != want || got.Object != "list" || !got.JSON.Embeddings.Valid() {
			t.Fatalf("%d embeddings, want %d: %+v", len(got.Embeddings), want, got)
		}
		for i, e := range got.Embeddings {
			if e.Index != i || len(e.Embedding) == 0 || e.Object != "embedding" {
				t.Errorf("embedding %d = %+v", i, e)
			}
		}
	}
}

func TestGenerateImages(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("")
	got, err := c.GenerateImages(background, client.ImageGenerateRequest{
		Prompt: "a cat", Model: "sd", Width: client.Ptr(8), Height: client.Ptr(8), Images: client.Ptr(2),
		Steps: client.Ptr(4), Seed: client.Ptr(uint64(1)), GuidanceScale: client.Ptr(7.5), VAEScale: client.Ptr(0.2),
		UncondPrompt: client.Ptr("dog"),
	}, with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Images) != 2 {
		t.Fatalf("%d images, want 2", len(got.Images))
	}
	for i, img := range got.Images {
		if _, err := png.Decode(bytes.NewReader(img)); err != nil {
			t.Errorf("image %d: %v", i, err)
		}
	}
	if r := requests(t, sc)[0]; r.Path != "/image/generations" {
		t.Errorf("path %s", r.Path)
	}
	b, err := json.Marshal(got.Images[0][:3])
	if err != nil || !strings.HasPrefix(string(b), "[137,80,78") {
		t.Errorf("ImageData marshals as %s (%v), want numbers", b, err)
	}
}

// TestModels checks listing, retrieving and deleting, with model ids sent as
// one percent-encoded path segment.
func TestModels(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h, client.WithMaxRetries(0))
	sc := h.Scenario("")
	opts := with(sc)

	list, err := c.ListModels(background, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if list.Object != "list" || len(list.Data) == 0 || list.Page != 1 {
		t.Fatalf("list = %+v", list)
	}
	id := list.Data[0].ID
	if !strings.Contains(id, "/") {
		t.Fatalf("model id %q has no slash", id)
	}
	m, err := c.RetrieveModel(background, id, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != id || m.Object != "model" || !m.JSON.OwnedBy.Valid() {
		t.Errorf("model = %+v", m)
	}
	del, err := c.DeleteModel(background, id, opts...)
	if err != nil || !del.Deleted || del.ID != id {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if _, err := c.RetrieveModel(background, id, opts...); err == nil {
		t.Error("a deleted model is still there")
	}
	escaped := "/models/" + strings.ReplaceAll(id, "/", "%2F")
	reqs := requests(t, sc)
	for i, want := range []string{"GET /models", "GET " + escaped, "DELETE " + escaped, "GET " + escaped} {
		if got := reqs[i].Method + " " + reqs[i].Path; got != want {
			t.Errorf("request %d went to %q, want %q", i, got, want)
		}
	}
	if _, err := c.RetrieveModel(background, ""); err == nil {
		t.Error("an empty model id was sent (it would list the models)")
	}
}

func TestVersion(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	v, err := c.Version(background)
	if err != nil {
		t.Fatal(err)
	}
	if v.Major != 0 || v.Minor != 1 || v.Patch != 5 || !v.JSON.Build.Valid() || v.Build != "" {
		t.Errorf("version = %+v", v)
	}
}

//go:build !js

package edgentest

import (
	"bytes"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
)

func TestModels(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	h := srv.Handle()
	const id = "TheBloke%2Fneural-chat-7B-v3-3-GGUF"

	resp, body := call(t, "GET", srv.URL+"models/"+id, "")
	wantStatus(t, resp, body, 200)
	if want := `{"id":"TheBloke/neural-chat-7B-v3-3-GGUF","created":1708958149,"object":"model","owned_by":"TheBloke"}`; string(body) != want {
		t.Errorf("model %s, want %s", body, want)
	}
	// The id is one path segment: an unencoded slash finds no route.
	if resp, body := call(t, "GET", srv.URL+"models/TheBloke/neural-chat-7B-v3-3-GGUF", ""); resp.StatusCode != 404 || len(body) != 0 {
		t.Errorf("unencoded id: %d %q, want 404 empty", resp.StatusCode, body)
	}
	for _, method := range []string{"GET", "DELETE"} {
		if resp, body := call(t, method, srv.URL+"models/nobody%2Fnothing", ""); resp.StatusCode != 500 || len(body) != 0 {
			t.Errorf("%s unknown model: %d %q, want 500 empty", method, resp.StatusCode, body)
		}
	}

	resp, body = call(t, "GET", srv.URL+"models", "")
	wantStatus(t, resp, body, 200)
	var list struct {
		Object  string
		Data    []struct{ ID string }
		Page    int
		PerPage int `json:"per_page"`
	}
	if err := json.Unmarshal(body, &list); err != nil || list.Object != "list" || list.Page != 1 || list.PerPage != 2 || len(list.Data) != 2 {
		t.Fatalf("list %s (%v)", body, err)
	}
	// The real server lists its chat and audio directories, never its
	// embeddings directory.
	if list.Data[0].ID != "TheBloke/neural-chat-7B-v3-3-GGUF" || list.Data[1].ID != "distil-whisper/distil-small.en" {
		t.Errorf("listed %+v, want the default chat and audio models", list.Data)
	}
	if resp, _ := call(t, "GET", srv.URL+"models/nomic-ai%2Fnomic-embed-text-v1.5-GGUF", ""); resp.StatusCode != 500 {
		t.Errorf("the embeddings model: %d, want 500 as the real server, which does not look there", resp.StatusCode)
	}

	// A deletion is seen by its own scenario only.
	sc := h.Scenario("")
	scHdr := HeaderScenario + ": " + sc.ID
	_, body = call(t, "DELETE", srv.URL+"models/"+id, "", scHdr)
	if want := `{"id":"TheBloke/neural-chat-7B-v3-3-GGUF","object":"model","deleted":true}`; string(body) != want {
		t.Errorf("delete: %s, want %s", body, want)
	}
	if resp, _ := call(t, "GET", srv.URL+"models/"+id, "", scHdr); resp.StatusCode != 500 {
		t.Errorf("deleted model in its scenario: %d, want 500", resp.StatusCode)
	}
	if _, body := call(t, "GET", srv.URL+"models", "", scHdr); strings.Contains(string(body), "neural-chat") || !strings.Contains(string(body), `"per_page":1`) {
		t.Errorf("list after delete: %s", body)
	}
	if resp, _ := call(t, "GET", srv.URL+"models/"+id, "", HeaderScenario+": other"); resp.StatusCode != 200 {
		t.Errorf("deleted model in another scenario: %d, want 200", resp.StatusCode)
	}
	reqs, _ := sc.Requests()
	if len(reqs) != 3 || reqs[0].Path != "/models/"+id || reqs[0].Method != "DELETE" {
		t.Errorf("recorded %+v, want the escaped path first", reqs)
	}
}

func TestVersionAndStatus(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	_, body := call(t, "GET", srv.URL+"misc/version", "")
	if want := `{"major":0,"minor":1,"patch":5,"build":""}`; string(body) != want {
		t.Errorf("version %s, want %s", body, want)
	}
	for path, model := range map[string]string{
		"chat/completions/status":     "neural-chat-7b-v3-3.Q4_K_M.gguf",
		"audio/transcriptions/status": "ggml-distil-small.en.bin",
		"embeddings/status":           "nomic-embed-text-v1.5.f16.gguf",
	} {
		_, body := call(t, "GET", srv.URL+path, "")
		if want := `{"active_model":"` + model + `","download_ongoing":false,"download_progress":0,"last_errors":[]}`; string(body) != want {
			t.Errorf("%s: %s, want %s", path, body, want)
		}
	}
}

func TestEmbeddings(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	type result struct {
		Object     string
		Embeddings []struct {
			Object    string
			Embedding []float64
			Index     int
		}
		Model string
		Usage map[string]int
	}
	get := func(body string) result {
		resp, b := call(t, "POST", srv.URL+"embeddings", body, jsonCT)
		wantStatus(t, resp, b, 200)
		if !bytes.Contains(b, []byte(`"embeddings":[{"object":"embedding","embedding":[`)) ||
			!bytes.HasSuffix(b, []byte(`"usage":{"prompt_tokens":0,"total_tokens":0}}`)) {
			t.Errorf("embeddings wire form: %s", b)
		}
		var r result
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	one := get(`{"input":"alpha","model":"m1"}`)
	many := get(`{"input":["beta","alpha"],"model":"m2"}`)
	if one.Object != "list" || one.Model != "m1" || len(one.Embeddings) != 1 || len(many.Embeddings) != 2 || many.Embeddings[1].Index != 1 {
		t.Fatalf("embeddings %+v %+v", one, many)
	}
	a1, b, a2 := one.Embeddings[0].Embedding, many.Embeddings[0].Embedding, many.Embeddings[1].Embedding
	if len(a1) == 0 || !equalFloats(a1, a2) || equalFloats(a1, b) {
		t.Errorf("vectors not deterministic per text: alpha %v / %v, beta %v", a1, a2, b)
	}
	for _, bad := range []string{`{"model":"m"}`, `{"input":"x"}`, `{"input":3,"model":"m"}`} {
		if resp, body := call(t, "POST", srv.URL+"embeddings", bad, jsonCT); resp.StatusCode != 422 {
			t.Errorf("%s: %d %s, want 422", bad, resp.StatusCode, body)
		}
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestImageGenerations(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	resp, body := call(t, "POST", srv.URL+"image/generations", `{"prompt":"a cat","model":"sd","images":2,"width":64,"steps":3}`, jsonCT)
	wantStatus(t, resp, body, 200)
	if !bytes.HasPrefix(body, []byte(`{"images":[[137,80,78,71,`)) {
		t.Fatalf("images are not arrays of PNG bytes: %.60s", body)
	}
	var nums struct{ Images [][]int }
	if err := json.Unmarshal(body, &nums); err != nil || len(nums.Images) != 2 {
		t.Fatalf("%d images (%v), want 2", len(nums.Images), err)
	}
	for _, img := range nums.Images {
		b := make([]byte, len(img))
		for i, n := range img {
			b[i] = byte(n)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("image does not decode: %v", err)
		}
	}
	if resp, _ := call(t, "POST", srv.URL+"image/generations", `{"prompt":"a cat"}`, jsonCT); resp.StatusCode != 422 {
		t.Errorf("no model: %d, want 422", resp.StatusCode)
	}
	if resp, _ := call(t, "POST", srv.URL+"images/generations", `{"prompt":"a cat","model":"sd"}`, jsonCT); resp.StatusCode != 404 {
		t.Errorf("plural images/generations: %d, want 404", resp.StatusCode)
	}
}

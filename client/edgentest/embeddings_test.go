//go:build !js

package edgentest

import (
	"encoding/json"
	"math"
	"testing"
)

// embedAll asks the fake for the embeddings of texts.
func embedAll(t *testing.T, srv *Server, texts ...string) [][]float64 {
	t.Helper()
	in, _ := json.Marshal(map[string]any{"input": texts, "model": "default"})
	resp, body := call(t, "POST", srv.URL+"embeddings", string(in), jsonCT)
	wantStatus(t, resp, body, 200)
	var r struct {
		Embeddings []struct{ Embedding []float64 }
	}
	if err := json.Unmarshal(body, &r); err != nil || len(r.Embeddings) != len(texts) {
		t.Fatalf("embeddings %.200s (%v)", body, err)
	}
	out := make([][]float64, len(texts))
	for i, e := range r.Embeddings {
		out[i] = e.Embedding
	}
	return out
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestEmbeddingsSimilarity checks that related texts are closer than
// unrelated ones, as a semantic search over conversations needs.
func TestEmbeddingsSimilarity(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct{ text, related, unrelated string }{
		{"How do I bake sourdough bread?", "a recipe for baking bread with sourdough starter", "The quarterly tax report is due on Friday."},
		{"the cat sat on the mat", "a cat sitting on a mat", "stock prices fell sharply in early trading"},
		{"Configure the Go compiler for WebAssembly", "compiling Go programs to WebAssembly", "my grandmother's garden has roses"},
		{"Paris is the capital of France", "What is the capital city of France?", "photosynthesis converts light into energy"},
		{"running shoes for marathons", "the best shoe for a marathon runner", "quantum entanglement experiments"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			v := embedAll(t, srv, tt.text, tt.related, tt.unrelated, "", "!!!")
			for i, e := range v {
				if len(e) != embeddingDims {
					t.Fatalf("vector %d has %d dimensions, want %d", i, len(e), embeddingDims)
				}
				if n := math.Sqrt(dot(e, e)); math.Abs(n-1) > 1e-5 {
					t.Errorf("vector %d has norm %v, want 1", i, n)
				}
			}
			if rel, unrel := dot(v[0], v[1]), dot(v[0], v[2]); rel <= unrel {
				t.Errorf("cosine with the related text %.3f, with the unrelated one %.3f", rel, unrel)
			}
		})
	}
}

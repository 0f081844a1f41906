package client_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// TestEmbeddingsBothShapes: the vectors are read from Edgen's "embeddings"
// and from OpenAI's "data", and the body's own form stays visible.
func TestEmbeddingsBothShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		edgen      bool // the body has "embeddings"
	}{
		{"Edgen", `{"object":"list","embeddings":[{"object":"embedding","embedding":[0.5,1],"index":0},` +
			`{"object":"embedding","embedding":[2,3],"index":1}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}`, true},
		{"OpenAI", `{"object":"list","data":[{"object":"embedding","embedding":[0.5,1],"index":0},` +
			`{"object":"embedding","embedding":[2,3],"index":1}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got client.Embeddings
			if err := json.Unmarshal([]byte(tc.body), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Embeddings) != 2 || got.Embeddings[1].Index != 1 || got.Embeddings[1].Embedding[1] != 3 ||
				!got.Embeddings[0].JSON.Embedding.Valid() {
				t.Fatalf("embeddings = %+v", got.Embeddings)
			}
			if got.JSON.Embeddings.Valid() != tc.edgen || got.JSON.Embeddings.IsMissing() == tc.edgen {
				t.Errorf("JSON.Embeddings valid=%v missing=%v, want the body's form", got.JSON.Embeddings.Valid(), got.JSON.Embeddings.IsMissing())
			}
			if data, ok := got.JSON.ExtraFields["data"]; ok == tc.edgen || !tc.edgen && !strings.HasPrefix(data.Raw(), `[{"object"`) {
				t.Errorf(`ExtraFields["data"] = %q (present %v)`, data.Raw(), ok)
			}
		})
	}
	// Edgen's key wins when a body has both; a null list stays null.
	var both client.Embeddings
	if err := json.Unmarshal([]byte(`{"embeddings":[],"data":[{"embedding":[1]}]}`), &both); err != nil || len(both.Embeddings) != 0 {
		t.Errorf("both keys: %+v, %v", both.Embeddings, err)
	}
	var null client.Embeddings
	if err := json.Unmarshal([]byte(`{"data":null}`), &null); err != nil || null.Embeddings != nil {
		t.Errorf("null data: %+v, %v", null.Embeddings, err)
	}
	if err := json.Unmarshal([]byte(`{"data":[1]}`), new(client.Embeddings)); err == nil {
		t.Error("a data list of numbers decoded")
	}
}

// TestModelListBothShapes: a list with Edgen's paging and one without.
func TestModelListBothShapes(t *testing.T) {
	var edgen, openAI client.ModelList
	if err := json.Unmarshal([]byte(`{"object":"list","data":[{"id":"a/b","object":"model","created":1,"owned_by":"a"}],"page":1,"per_page":20}`), &edgen); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"object":"list","data":[{"id":"tiny:latest","object":"model","created":1,"owned_by":"library"}]}`), &openAI); err != nil {
		t.Fatal(err)
	}
	if edgen.Page != 1 || edgen.PerPage != 20 || !edgen.JSON.Page.Valid() {
		t.Errorf("Edgen's list: %+v", edgen)
	}
	if len(openAI.Data) != 1 || openAI.Data[0].ID != "tiny:latest" || !openAI.JSON.Page.IsMissing() || openAI.Page != 0 {
		t.Errorf("a list without paging: %+v", openAI)
	}
}

// TestRequestUnionsDecode: the request unions read back what they write.
func TestRequestUnionsDecode(t *testing.T) {
	for _, in := range []client.ToolChoice{{Mode: client.ToolChoiceAuto}, client.ToolChoiceFunction("now")} {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out client.ToolChoice
		if err := json.Unmarshal(b, &out); err != nil || out != in {
			t.Errorf("%s read back as %+v, %v", b, out, err)
		}
	}
	if _, err := json.Marshal(client.ToolChoice{Mode: "auto", Function: "now"}); err == nil {
		t.Error("a tool choice with a mode and a function marshalled")
	}
	if _, err := json.Marshal(client.ChatCompletionRequest{Model: "m"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(client.ChatCompletionRequest{Model: "m"}); strings.Contains(string(b), "messages") {
		t.Errorf("nil messages sent: %s", b)
	}
	var part client.ContentPart
	if err := json.Unmarshal([]byte(`{"type":"image_url","url":"a","image_url":{"url":"b"}}`), &part); err == nil {
		t.Errorf("an image part with both forms decoded: %+v", part)
	}
	if err := json.Unmarshal([]byte(`{"type":"image_url","image_url":{"url":"b","detail":"low"}}`), &part); err != nil ||
		!part.Nested || part.URL != "b" || *part.Detail != "low" {
		t.Errorf("nested part = %+v, %v", part, err)
	}
}

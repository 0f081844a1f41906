package client

import "encoding/json"

// EmbeddingsRequest is the body of POST embeddings.
type EmbeddingsRequest struct {
	// Input is one text or several; required.
	Input StringOrArray `json:"input"`
	Model string        `json:"model"`
}

// Embeddings is the answer of POST embeddings.
type Embeddings struct {
	Object string `json:"object"`
	// Embeddings are the vectors, one per input. Edgen sends them under
	// "embeddings", OpenAI-compatible servers under "data": when the body has
	// no "embeddings" they are read from "data", and the body's form stays
	// visible: JSON.Embeddings.IsMissing() and JSON.ExtraFields["data"]
	// holds the list as sent.
	Embeddings []Embedding     `json:"embeddings,omitempty"`
	Model      string          `json:"model"`
	Usage      EmbeddingsUsage `json:"usage"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Object, Embeddings, Model, Usage Field
		ExtraFields                      map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON, reading the vectors from
// "data" when "embeddings" is missing.
func (r *Embeddings) UnmarshalJSON(data []byte) error {
	if err := decodeObject(data, r); err != nil {
		return err
	}
	if openAI := r.JSON.ExtraFields["data"]; r.JSON.Embeddings.IsMissing() && openAI.Valid() {
		return json.Unmarshal([]byte(openAI.Raw()), &r.Embeddings)
	}
	return nil
}

// MarshalJSON writes the fields as the body held them (see encodeObject):
// vectors read from "data" are written there only.
func (r Embeddings) MarshalJSON() ([]byte, error) {
	if r.JSON.Embeddings.IsMissing() && r.JSON.ExtraFields["data"].Valid() {
		r.Embeddings = nil
	}
	return encodeObject(r)
}

// Embedding is the vector of one input.
type Embedding struct {
	Object string `json:"object"`
	// Embedding is float64, as the JSON numbers are: the spec allows any
	// number, and a float32 would refuse one beyond its range.
	Embedding []float64 `json:"embedding"`
	Index     int       `json:"index"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Object, Embedding, Index Field
		ExtraFields              map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *Embedding) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r Embedding) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// EmbeddingsUsage counts tokens.
type EmbeddingsUsage struct {
	PromptTokens int `json:"prompt_tokens"`
	TotalTokens  int `json:"total_tokens"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		PromptTokens, TotalTokens Field
		ExtraFields               map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *EmbeddingsUsage) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r EmbeddingsUsage) MarshalJSON() ([]byte, error) { return encodeObject(r) }

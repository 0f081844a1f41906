package edgentest

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// embeddingDims is the length of the fake's embedding vectors, that of the
// default model (nomic-embed-text-v1.5).
const embeddingDims = 768

// serveEmbeddings answers POST embeddings: one unit vector per input, in
// which texts sharing words and word pieces are close.
func (x *exchange) serveEmbeddings() {
	o, ok := x.jsonBody()
	if !ok {
		return
	}
	var input json.RawMessage
	var model string
	if err := o.getAll(req("input", &input), req("model", &model)); err != nil {
		x.reject(err)
		return
	}
	var inputs []string
	var one string
	if json.Unmarshal(input, &one) == nil {
		inputs = []string{one}
	} else if json.Unmarshal(input, &inputs) != nil {
		x.reject(fmt.Errorf("input: expected a string or a list of strings, got %s", jsonKind(input)))
		return
	}
	if _, ok := x.useModel(kindEmbeddings, model); !ok {
		return
	}
	out := wireEmbeddings{Object: "list", Embeddings: []wireEmbedding{}, Model: model}
	for i, s := range inputs {
		out.Embeddings = append(out.Embeddings, wireEmbedding{Object: "embedding", Embedding: embed(s), Index: i})
	}
	x.sendJSON(out)
}

// Weights of the features of a text in its embedding.
const (
	wordWeight    = 1.0
	trigramWeight = 0.5
)

// embed returns the unit vector of text: a hashed bag of its lower-cased
// words and of the character trigrams of each word, so the same text always
// gives the same vector and texts sharing words (or word stems) point in
// similar directions. A text without words gets a fixed vector of its own.
func embed(text string) []float32 {
	v := make([]float64, embeddingDims)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		addFeature(v, "w:"+w, wordWeight)
		padded := []rune(" " + w + " ")
		for i := 0; i+3 <= len(padded); i++ {
			addFeature(v, "t:"+string(padded[i:i+3]), trigramWeight)
		}
	}
	if len(words) == 0 {
		addFeature(v, "text:"+text, 1)
	}
	var norm float64
	for _, c := range v {
		norm += c * c
	}
	if norm == 0 { // features that cancel out exactly
		v[0], norm = 1, 1
	}
	norm = math.Sqrt(norm)
	out := make([]float32, embeddingDims)
	for i, c := range v {
		out[i] = float32(c / norm)
	}
	return out
}

// addFeature adds weight to the dimension feature hashes to, with the sign
// the hash gives, so that unrelated features cancel out on average.
func addFeature(v []float64, feature string, weight float64) {
	sum := hashString(feature)
	if sum>>63 == 1 {
		weight = -weight
	}
	v[sum%embeddingDims] += weight
}

package edgentest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// embeddingDims is the length of the fake's embedding vectors.
const embeddingDims = 8

// serveEmbeddings answers POST embeddings: one deterministic unit vector per
// input, derived from the input text.
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
	x.loadModel("embeddings")
	out := wireEmbeddings{Object: "list", Embeddings: []wireEmbedding{}, Model: model}
	for i, s := range inputs {
		out.Embeddings = append(out.Embeddings, wireEmbedding{Object: "embedding", Embedding: embed(s), Index: i})
	}
	x.sendJSON(out)
}

// embed returns the unit vector of text: the same text always gives the
// same vector, different texts (almost always) different ones.
func embed(text string) []float32 {
	h := fnv.New64a()
	h.Write([]byte(text))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x9e3779b97f4a7c15))
	v := make([]float32, embeddingDims)
	var norm float64
	for i := range v {
		c := rng.Float64()*2 - 1
		v[i] = float32(c)
		norm += c * c
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / math.Sqrt(norm))
	}
	return v
}

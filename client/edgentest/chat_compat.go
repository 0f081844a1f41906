package edgentest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"
)

// serveCompatChat answers a chat request in the dialect of an
// OpenAI-compatible server: any model name answers, every stream ends with
// data: [DONE], a role comes in the first delta (in every one for ollama)
// and a finish_reason in a last chunk of its own.
func (x *exchange) serveCompatChat(req chatRequest, d dialect) {
	if req.streamOptions && d.usage == "refused" {
		x.refuseCompat("Unrecognized request argument supplied: stream_options", "stream_options")
		return
	}
	if e := req.thinking.effort; d.server == "ollama" && e != nil && !slices.Contains([]string{"high", "medium", "low", "none"}, *e) {
		x.refuseCompat(fmt.Sprintf(`invalid reasoning value: '%s' (must be "high", "medium", "low", or "none")`, *e), "")
		return
	}
	t := planTurn(req, d, x.flt)
	c := compatAnswer{req: req, d: d, t: t, id: completionID(d), created: time.Now().Unix()}
	completion := t.completionTokens()
	c.usage = wireCompatUsage{PromptTokens: req.promptWords, CompletionTokens: completion, TotalTokens: req.promptWords + completion}
	if !req.stream {
		x.sendJSON(c.whole())
		return
	}
	events := c.events()
	x.streamEvents(len(events), func(i int) []byte { return events[i] }, d)
}

// refuseCompat answers 400 in the OpenAI error envelope, as
// OpenAI-compatible servers refuse a request.
func (x *exchange) refuseCompat(msg, param string) {
	body := wireOpenAIError{Error: wireOpenAIErrorBody{Message: msg, Type: "invalid_request_error"}}
	if param != "" {
		body.Error.Param = &param
	}
	writeJSON(x.w, http.StatusBadRequest, body)
}

// completionID is the id of one answer: "chatcmpl-" and a number for
// ollama, random letters and digits for the others.
func completionID(d dialect) string {
	if d.server == "ollama" {
		return fmt.Sprintf("chatcmpl-%d", rand.IntN(1000))
	}
	return "chatcmpl-" + strings.ToLower(newUUID()[:8]+newUUID()[:8])
}

// compatAnswer is one answer being encoded in an OpenAI-compatible dialect.
type compatAnswer struct {
	req     chatRequest
	d       dialect
	t       turn
	id      string
	created int64
	usage   wireCompatUsage
}

// whole is the answer as one chat.completion.
func (c compatAnswer) whole() wireCompatCompletion {
	msg := wireCompatMessage{Role: "assistant"}
	if len(c.t.content) > 0 || c.d.roleEvery {
		s := strings.Join(c.t.content, "")
		msg.Content = &s
	}
	if len(c.t.reasoning) > 0 {
		s := strings.Join(c.t.reasoning, "")
		msg.Reasoning, msg.ReasoningContent = c.reasoningField(&s)
	}
	if len(c.t.refusal) > 0 {
		s := strings.Join(c.t.refusal, "")
		msg.Refusal = &s
	}
	for _, call := range c.t.calls {
		msg.ToolCalls = append(msg.ToolCalls, wireCompatToolCall{ID: call.id, Type: "function",
			Function: wireCompatFunctionCall{Name: call.name, Arguments: strings.Join(call.arguments, "")}})
	}
	w := wireCompatCompletion{
		wireCompatHead: c.head("chat.completion"),
		Choices:        []wireCompatChoice{{Message: msg, FinishReason: c.t.finish}},
		Timings:        c.timings(),
	}
	if c.d.usage == "include" || c.d.usage == "always" {
		w.Usage = &c.usage
	}
	return w
}

// events are the answer's stream events, [DONE] left out: a chunk per
// piece, a last chunk with the finish_reason, and a chunk with the usage
// when asked for (the usage in the last chunk when the dialect always
// sends it). llama.cpp's timings ride on the very last chunk.
func (c compatAnswer) events() [][]byte {
	var deltas []wireCompatDelta
	for _, p := range c.t.reasoning {
		var d wireCompatDelta
		d.Reasoning, d.ReasoningContent = c.reasoningField(&p)
		deltas = append(deltas, d)
	}
	for _, p := range c.t.content {
		deltas = append(deltas, wireCompatDelta{Content: &p})
	}
	for _, p := range c.t.refusal {
		deltas = append(deltas, wireCompatDelta{Refusal: &p})
	}
	for k, call := range c.t.calls {
		for _, td := range toolCallDeltas(c.d.tools, k, call) {
			deltas = append(deltas, wireCompatDelta{ToolCalls: []wireCompatToolCallDelta{td}})
		}
	}
	var chunks []wireCompatChunk
	for i, d := range deltas {
		chunks = append(chunks, c.chunk(c.withRole(d, i == 0), nil))
	}
	last := c.chunk(c.withRole(wireCompatDelta{}, len(deltas) == 0), &c.t.finish)
	if c.d.usage == "always" {
		last.Usage = &c.usage
	}
	chunks = append(chunks, last)
	if c.d.usage == "include" && c.req.includeUsage {
		u := c.chunk(wireCompatDelta{}, nil)
		u.Choices, u.Usage = []wireCompatChunkChoice{}, &c.usage
		chunks = append(chunks, u)
	}
	chunks[len(chunks)-1].Timings = c.timings()
	events := make([][]byte, len(chunks))
	for i, ch := range chunks {
		events[i] = append(append([]byte("data: "), marshalWire(ch)...), "\n\n"...)
	}
	return events
}

// chunk is a chat.completion.chunk carrying one delta.
func (c compatAnswer) chunk(d wireCompatDelta, finish *string) wireCompatChunk {
	return wireCompatChunk{wireCompatHead: c.head("chat.completion.chunk"), Choices: []wireCompatChunkChoice{{Delta: d, FinishReason: finish}}}
}

// head is the opening of the answer's object of that type.
func (c compatAnswer) head(object string) wireCompatHead {
	return wireCompatHead{ID: c.id, Object: object, Created: c.created, Model: c.req.model, SystemFingerprint: c.d.fingerprint}
}

// withRole adds the role to the first delta, and to every delta (with an
// empty content where there is none) in ollama's dialect.
func (c compatAnswer) withRole(d wireCompatDelta, first bool) wireCompatDelta {
	if first || c.d.roleEvery {
		d.Role = "assistant"
	}
	if c.d.roleEvery && d.Content == nil {
		empty := ""
		d.Content = &empty
	}
	return d
}

// reasoningField puts s in the dialect's reasoning field.
func (c compatAnswer) reasoningField(s *string) (reasoning, reasoningContent *string) {
	if c.d.reasoning == "reasoning_content" {
		return nil, s
	}
	return s, nil
}

// timings is llama.cpp's timings object, or nil for the other dialects.
func (c compatAnswer) timings() *wireTimings {
	if !c.d.timings {
		return nil
	}
	prompt, predicted := c.usage.PromptTokens, c.usage.CompletionTokens
	return &wireTimings{
		PromptN: prompt, PromptMS: float64(prompt), PromptPerTokenMS: 1, PromptPerSecond: 1000,
		PredictedN: predicted, PredictedMS: 10 * float64(predicted), PredictedPerTokenMS: 10, PredictedPerSecond: 100,
	}
}

// toolCallDeltas are the deltas of call number k in one of toolShapes:
//
//	index          OpenAI: index, id, type and name with "" arguments, then index and a piece of the arguments
//	whole          ollama 0.17: the whole call in one delta, with its index
//	whole-index0   older ollama: the whole call in one delta, index 0 for every call
//	name-repeated  older llama.cpp: index, id, type and name in every delta, each with a piece of the arguments
//	name-first     LM Studio: index, id, type and name without arguments, then index and a piece of the arguments
//	no-index       no index at all: id in every delta, type and name in the first, then the pieces
func toolCallDeltas(shape string, k int, call toolCall) []wireCompatToolCallDelta {
	index := &k
	head := wireCompatToolCallDelta{Index: index, ID: call.id, Type: "function", Function: wireCompatFunctionCallDelta{Name: call.name}}
	piece := func(p string) wireCompatToolCallDelta {
		return wireCompatToolCallDelta{Index: index, Function: wireCompatFunctionCallDelta{Arguments: &p}}
	}
	var out []wireCompatToolCallDelta
	switch shape {
	case "whole", "whole-index0":
		if shape == "whole-index0" {
			head.Index = new(int)
		}
		args := strings.Join(call.arguments, "")
		head.Function.Arguments = &args
		return []wireCompatToolCallDelta{head}
	case "name-repeated":
		for _, p := range call.arguments {
			d := head
			d.Function.Arguments = &p
			out = append(out, d)
		}
		return out
	case "no-index":
		head.Index = nil
		empty := ""
		head.Function.Arguments = &empty
		out = append(out, head)
		for _, p := range call.arguments {
			d := piece(p)
			d.Index, d.ID = nil, call.id
			out = append(out, d)
		}
		return out
	case "index":
		empty := ""
		head.Function.Arguments = &empty
	}
	out = append(out, head)
	for _, p := range call.arguments {
		out = append(out, piece(p))
	}
	return out
}

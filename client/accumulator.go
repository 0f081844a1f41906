package client

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"
)

// ChatCompletionAccumulator builds the whole ChatCompletion out of the chunks
// of a stream. The zero value is ready to use:
//
//	var acc client.ChatCompletionAccumulator
//	for s.Next() {
//		acc.AddChunk(s.Current())
//	}
//	answer := acc.ChatCompletion()
//
// The answer says what the chunks said, and no more (its JSON is what
// MarshalJSON writes):
//   - id, created, model and system_fingerprint are the first chunk's;
//     object is "chat.completion" for OpenAI's "chat.completion.chunk",
//     else the chunks' own (Edgen: "text_completion").
//   - one choice per index, in index order; its content, reasoning_content,
//     reasoning and refusal are the concatenations of the deltas' (the last
//     three left out when empty), its
//     role the first one sent, or "assistant" when none is (Edgen sends
//     none).
//   - finish_reason is the last one sent, or null when none is (Edgen's).
//   - tool calls are put together from the pieces in every shape servers
//     send: by index with the arguments split across chunks (OpenAI); each
//     call whole in one chunk, all with index 0 (ollama: a new id is a new
//     call); the name repeated in every piece (older llama.cpp: the first
//     is kept) or sent only first (LM Studio); no index, the id telling
//     calls apart (a piece without index or id belongs to the last call).
//     id, type and name are as first sent, the arguments concatenated; the
//     calls are in index order, then in the order they came; left out when
//     none.
//   - usage is the last one a chunk carried (OpenAI-compatible servers send
//     it in a last chunk when asked with StreamOptions.IncludeUsage); left
//     out when no chunk has one. timings (llama.cpp) likewise.
//
// ReadChunk and End read the same chunks as parts, and Stats tells the
// usage and speed (see StreamPart and AnswerStats).
type ChatCompletionAccumulator struct {
	head      ChatCompletionChunk // the first chunk
	started   bool
	choices   []accChoice
	usage     CompletionUsage // the last one a chunk carried
	usageJSON Field           // how it came; Valid once a chunk had one
	timings   json.RawMessage // the last one a chunk carried

	// for Stats
	tokenChunks int       // chunks that carried text or a tool call
	startAt     time.Time // when the request was sent (Start)
	firstAt     time.Time // when the first chunk with a token came (ReadChunk)
	lastTokenAt time.Time // ... the last one
	lastAt      time.Time // when the last chunk came
}

type accChoice struct {
	index            int
	role             string
	content          []byte
	reasoningContent []byte
	reasoning        []byte
	refusal          []byte
	finishReason     string
	toolCalls        []accToolCall
	splitter         *ReasoningSplitter // for ReadChunk's parts, made on first use
}

type accToolCall struct {
	index     int // the wire's, or the call's position when it had none
	seq       int // the call's position among the choice's calls
	id, typ   string
	name      string
	arguments []byte
}

// AddChunk adds one chunk's deltas.
func (a *ChatCompletionAccumulator) AddChunk(chunk ChatCompletionChunk) {
	if !a.started {
		a.head, a.started = chunk, true
	}
	for _, ch := range chunk.Choices {
		c := find(&a.choices, ch.Index, func(c *accChoice) *int { return &c.index })
		d := ch.Delta
		c.role = cmp.Or(c.role, d.Role)
		c.content = append(c.content, d.Content...)
		c.reasoningContent = append(c.reasoningContent, d.ReasoningContent...)
		c.reasoning = append(c.reasoning, d.Reasoning...)
		c.refusal = append(c.refusal, d.Refusal...)
		c.finishReason = cmp.Or(ch.FinishReason, c.finishReason)
		for _, tc := range d.ToolCalls {
			t := c.toolCall(tc)
			t.id = cmp.Or(t.id, tc.ID)
			t.typ = cmp.Or(t.typ, tc.Type)
			t.name = cmp.Or(t.name, tc.Function.Name)
			t.arguments = append(t.arguments, tc.Function.Arguments...)
		}
		if d.Content != "" || d.ReasoningContent != "" || d.Reasoning != "" || d.Refusal != "" || len(d.ToolCalls) > 0 {
			a.tokenChunks++
		}
	}
	if chunk.JSON.Usage.Valid() {
		a.usage, a.usageJSON = chunk.Usage, chunk.JSON.Usage
	}
	if chunk.JSON.Timings.Valid() {
		a.timings = chunk.Timings
	}
}

// toolCall returns the call the piece tc belongs to, adding one when it
// starts a new call (see ChatCompletionAccumulator for the shapes).
func (c *accChoice) toolCall(tc ChatCompletionChunkToolCall) *accToolCall {
	last := len(c.toolCalls) - 1
	if tc.JSON.Index.Valid() {
		for i := last; i >= 0; i-- {
			if t := &c.toolCalls[i]; t.index == tc.Index {
				if tc.ID == "" || t.id == "" || t.id == tc.ID {
					return t
				}
				break // the same index, another id: ollama's next call
			}
		}
		c.toolCalls = append(c.toolCalls, accToolCall{index: tc.Index, seq: last + 1})
		return &c.toolCalls[last+1]
	}
	for i := last; i >= 0; i-- {
		if t := &c.toolCalls[i]; tc.ID == "" || t.id == tc.ID {
			return t
		}
	}
	c.toolCalls = append(c.toolCalls, accToolCall{index: last + 1, seq: last + 1})
	return &c.toolCalls[last+1]
}

// find returns the item of *items whose index is index, appending one when
// there is none; indexOf points to an item's index.
func find[T any](items *[]T, index int, indexOf func(*T) *int) *T {
	for i := range *items {
		if *indexOf(&(*items)[i]) == index {
			return &(*items)[i]
		}
	}
	var item T
	*indexOf(&item) = index
	*items = append(*items, item)
	return &(*items)[len(*items)-1]
}

// ChatCompletion returns the answer accumulated so far (see the type).
func (a *ChatCompletionAccumulator) ChatCompletion() ChatCompletion {
	cc := ChatCompletion{
		ID:                a.head.ID,
		Created:           a.head.Created,
		Model:             a.head.Model,
		SystemFingerprint: a.head.SystemFingerprint,
		Object:            a.head.Object,
		Choices:           make([]ChatCompletionChoice, 0, len(a.choices)),
		Timings:           a.timings,
	}
	cc.JSON.SystemFingerprint = a.head.JSON.SystemFingerprint // null stays null
	if cc.Object == "chat.completion.chunk" {
		cc.Object = "chat.completion"
	}
	cc.Usage, cc.JSON.Usage = a.usage, a.usageJSON
	for i := range a.choices {
		c := &a.choices[i]
		choice := ChatCompletionChoice{Message: c.message(), FinishReason: c.finishReason, Index: c.index}
		if c.finishReason == "" {
			choice.JSON.FinishReason = nullField
		}
		cc.Choices = append(cc.Choices, choice)
	}
	slices.SortFunc(cc.Choices, func(x, y ChatCompletionChoice) int { return x.Index - y.Index })
	return cc
}

// message is the choice's message so far.
func (c *accChoice) message() ChatCompletionMessage {
	return ChatCompletionMessage{Role: cmp.Or(c.role, RoleAssistant), Content: string(c.content),
		ReasoningContent: string(c.reasoningContent), Reasoning: string(c.reasoning), Refusal: string(c.refusal),
		ToolCalls: c.sortedToolCalls()}
}

// sortedToolCalls are the choice's tool calls in index order, then in the
// order they came.
func (c *accChoice) sortedToolCalls() []ToolCall {
	if len(c.toolCalls) == 0 {
		return nil
	}
	calls := slices.Clone(c.toolCalls)
	slices.SortFunc(calls, func(x, y accToolCall) int { return cmp.Or(x.index-y.index, x.seq-y.seq) })
	out := make([]ToolCall, 0, len(calls))
	for _, t := range calls {
		out = append(out, ToolCall{ID: t.id, Type: t.typ, Function: ToolCallFunction{Name: t.name, Arguments: string(t.arguments)}})
	}
	return out
}

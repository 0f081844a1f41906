package client

import (
	"cmp"
	"slices"
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
//   - one choice per index, in index order; its content is the
//     concatenation of the deltas' contents, its role the first one sent, or
//     "assistant" when none is (Edgen sends none).
//   - finish_reason is the last one sent, or null when none is (Edgen's).
//   - tool calls are put together by their index, in index order: id, type
//     and name as first sent, the arguments concatenated; left out when none.
//   - usage is the last one a chunk carried (OpenAI-compatible servers send
//     it in a last chunk when asked with StreamOptions.IncludeUsage); left
//     out when no chunk has one.
type ChatCompletionAccumulator struct {
	head      ChatCompletionChunk // the first chunk
	started   bool
	choices   []accChoice
	usage     CompletionUsage // the last one a chunk carried
	usageJSON Field           // how it came; Valid once a chunk had one
}

type accChoice struct {
	index        int
	role         string
	content      []byte
	finishReason string
	toolCalls    []accToolCall
}

type accToolCall struct {
	index     int
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
		c.finishReason = cmp.Or(ch.FinishReason, c.finishReason)
		for _, tc := range d.ToolCalls {
			t := find(&c.toolCalls, tc.Index, func(t *accToolCall) *int { return &t.index })
			t.id = cmp.Or(t.id, tc.ID)
			t.typ = cmp.Or(t.typ, tc.Type)
			t.name = cmp.Or(t.name, tc.Function.Name)
			t.arguments = append(t.arguments, tc.Function.Arguments...)
		}
	}
	if chunk.JSON.Usage.Valid() {
		a.usage, a.usageJSON = chunk.Usage, chunk.JSON.Usage
	}
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
	}
	cc.JSON.SystemFingerprint = a.head.JSON.SystemFingerprint // null stays null
	if cc.Object == "chat.completion.chunk" {
		cc.Object = "chat.completion"
	}
	cc.Usage, cc.JSON.Usage = a.usage, a.usageJSON
	for _, c := range a.choices {
		m := ChatCompletionMessage{Role: cmp.Or(c.role, RoleAssistant), Content: string(c.content)}
		slices.SortFunc(c.toolCalls, func(x, y accToolCall) int { return x.index - y.index })
		for _, t := range c.toolCalls {
			m.ToolCalls = append(m.ToolCalls, ToolCall{ID: t.id, Type: t.typ,
				Function: ToolCallFunction{Name: t.name, Arguments: string(t.arguments)}})
		}
		choice := ChatCompletionChoice{Message: m, FinishReason: c.finishReason, Index: c.index}
		if c.finishReason == "" {
			choice.JSON.FinishReason = nullField
		}
		cc.Choices = append(cc.Choices, choice)
	}
	slices.SortFunc(cc.Choices, func(x, y ChatCompletionChoice) int { return x.Index - y.Index })
	return cc
}

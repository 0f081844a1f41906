package client

import "slices"

// ChatCompletionAccumulator builds the whole ChatCompletion out of the chunks
// of a stream. The zero value is ready to use:
//
//	var acc client.ChatCompletionAccumulator
//	for s.Next() {
//		acc.AddChunk(s.Current())
//	}
//	answer := acc.ChatCompletion()
type ChatCompletionAccumulator struct {
	head    ChatCompletionChunk // the first chunk's id, created, model...
	started bool
	choices []accChoice
	usage   *CompletionUsage
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
		c := a.choice(ch.Index)
		d := ch.Delta
		if d.Role != "" {
			c.role = d.Role
		}
		c.content = append(c.content, d.Content...)
		if ch.FinishReason != "" {
			c.finishReason = ch.FinishReason
		}
		for _, tc := range d.ToolCalls {
			t := c.toolCall(tc.Index)
			t.id = nonEmpty(tc.ID, t.id)
			t.typ = nonEmpty(tc.Type, t.typ)
			t.name = nonEmpty(tc.Function.Name, t.name)
			t.arguments = append(t.arguments, tc.Function.Arguments...)
		}
	}
	if chunk.JSON.Usage.Valid() {
		u := chunk.Usage
		a.usage = &u
	}
}

// nonEmpty returns s when set, else old.
func nonEmpty(s, old string) string {
	if s != "" {
		return s
	}
	return old
}

func (a *ChatCompletionAccumulator) choice(index int) *accChoice {
	for i := range a.choices {
		if a.choices[i].index == index {
			return &a.choices[i]
		}
	}
	a.choices = append(a.choices, accChoice{index: index})
	return &a.choices[len(a.choices)-1]
}

func (c *accChoice) toolCall(index int) *accToolCall {
	for i := range c.toolCalls {
		if c.toolCalls[i].index == index {
			return &c.toolCalls[i]
		}
	}
	c.toolCalls = append(c.toolCalls, accToolCall{index: index})
	return &c.toolCalls[len(c.toolCalls)-1]
}

// ChatCompletion returns the answer accumulated so far, choices ordered by
// index. A choice without a role in its chunks (Edgen sends none) is the
// assistant's.
func (a *ChatCompletionAccumulator) ChatCompletion() ChatCompletion {
	cc := ChatCompletion{
		ID:                a.head.ID,
		Created:           a.head.Created,
		Model:             a.head.Model,
		SystemFingerprint: a.head.SystemFingerprint,
		Object:            a.head.Object,
		Choices:           make([]ChatCompletionChoice, 0, len(a.choices)),
	}
	if cc.Object == "chat.completion.chunk" {
		cc.Object = "chat.completion"
	}
	if a.usage != nil {
		cc.Usage = *a.usage
	}
	for _, c := range a.choices {
		m := ChatCompletionMessage{Role: nonEmpty(c.role, RoleAssistant), Content: string(c.content)}
		for _, t := range c.toolCalls {
			m.ToolCalls = append(m.ToolCalls, ToolCall{ID: t.id, Type: t.typ,
				Function: ToolCallFunction{Name: t.name, Arguments: string(t.arguments)}})
		}
		cc.Choices = append(cc.Choices, ChatCompletionChoice{Message: m, FinishReason: c.finishReason, Index: c.index})
	}
	slices.SortFunc(cc.Choices, func(x, y ChatCompletionChoice) int { return x.Index - y.Index })
	return cc
}

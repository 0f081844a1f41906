package client

import (
	"encoding/json"
	"time"
)

// Kinds of StreamPart.
const (
	StreamPartReasoning          = PieceReasoning          // text the model thought
	StreamPartContent            = PieceContent            // text of the answer
	StreamPartContentToReasoning = PieceContentToReasoning // the content so far was reasoning
	StreamPartRefusal            = "refusal"               // text of a refusal
	StreamPartToolCall           = "tool_call"             // a whole tool call
	StreamPartFinish             = "finish"                // a choice's finish reason
	StreamPartStats              = "stats"                 // the usage and speed, last
)

// StreamPart is one piece of a streamed answer as the client reads it (the
// chunks stay as the server sent them):
//   - reasoning: text the model thought, from reasoning_content, reasoning
//     or <think> tags at the start of the content (see ReasoningSplitter);
//   - content: text of the answer, without the reasoning and its tags;
//   - content_to_reasoning: the model closed a <think> it never opened, so
//     the content handed out so far (Text) was reasoning: take it off the
//     answer and add it to the reasoning;
//   - refusal: text of a refusal;
//   - tool_call: a whole tool call (ToolCall), once the stream ended;
//   - finish: the choice's finish reason (FinishReason, nil for null);
//   - stats: the usage and speed (Stats), the last part.
//
// Index is the choice's. Its JSON is what the JavaScript face hands out:
// {type, index, text}, {type, index, toolCall}, {type, index,
// finishReason}, {type, stats}.
type StreamPart struct {
	Type         string
	Index        int
	Text         string
	ToolCall     *ToolCall
	FinishReason *string
	Stats        *AnswerStats
}

// MarshalJSON writes the fields of the part's type.
func (p StreamPart) MarshalJSON() ([]byte, error) {
	var w struct {
		Type         string          `json:"type"`
		Index        *int            `json:"index,omitempty"`
		Text         *string         `json:"text,omitempty"`
		ToolCall     *ToolCall       `json:"toolCall,omitempty"`
		FinishReason json.RawMessage `json:"finishReason,omitempty"` // null is written
		Stats        *AnswerStats    `json:"stats,omitempty"`
	}
	w.Type = p.Type
	switch p.Type {
	case StreamPartStats:
		w.Stats = p.Stats
		return json.Marshal(w)
	case StreamPartToolCall:
		w.ToolCall = p.ToolCall
	case StreamPartFinish:
		w.FinishReason = json.RawMessage("null")
		if p.FinishReason != nil {
			w.FinishReason, _ = json.Marshal(*p.FinishReason) // a string always encodes
		}
	default:
		w.Text = &p.Text
	}
	w.Index = &p.Index
	return json.Marshal(w)
}

// Start records when the request was sent, so that Stats can tell the time
// to the first token and the whole duration.
func (a *ChatCompletionAccumulator) Start(at time.Time) { a.startAt = at }

// ReadChunk adds the chunk as AddChunk does, noting at as the time it came,
// and returns the parts it adds (see StreamPart): the reasoning, content
// and refusal text of each choice. End gives the rest.
func (a *ChatCompletionAccumulator) ReadChunk(chunk ChatCompletionChunk, at time.Time) []StreamPart {
	tokens := a.tokenChunks
	a.AddChunk(chunk)
	a.lastAt = at
	if a.tokenChunks > tokens {
		if a.firstAt.IsZero() {
			a.firstAt = at
		}
		a.lastTokenAt = at
	}
	var parts []StreamPart
	add := func(kind string, index int, text string) {
		if text != "" || kind == StreamPartContentToReasoning {
			parts = append(parts, StreamPart{Type: kind, Index: index, Text: text})
		}
	}
	for _, ch := range chunk.Choices {
		d := ch.Delta
		add(StreamPartReasoning, ch.Index, d.ReasoningContent)
		add(StreamPartReasoning, ch.Index, d.Reasoning)
		if d.Content != "" {
			for _, p := range a.choice(ch.Index).splitter.Write(d.Content) {
				add(p.Kind, ch.Index, p.Text)
			}
		}
		add(StreamPartRefusal, ch.Index, d.Refusal)
	}
	return parts
}

// choice returns the choice of the index (AddChunk made it), with its
// splitter.
func (a *ChatCompletionAccumulator) choice(index int) *accChoice {
	c := find(&a.choices, index, func(c *accChoice) *int { return &c.index })
	if c.splitter == nil {
		c.splitter = new(ReasoningSplitter)
	}
	return c
}

// End returns the parts that only the end of the stream settles, once the
// last chunk was read: per choice in index order, the text its splitter
// still held, its tool calls and its finish reason; then the stats.
func (a *ChatCompletionAccumulator) End() []StreamPart {
	var parts []StreamPart
	for _, choice := range a.ChatCompletion().Choices {
		for _, p := range a.choice(choice.Index).splitter.Flush() {
			parts = append(parts, StreamPart{Type: p.Kind, Index: choice.Index, Text: p.Text})
		}
		for i := range choice.Message.ToolCalls {
			parts = append(parts, StreamPart{Type: StreamPartToolCall, Index: choice.Index, ToolCall: &choice.Message.ToolCalls[i]})
		}
		finish := StreamPart{Type: StreamPartFinish, Index: choice.Index}
		if !choice.JSON.FinishReason.IsNull() {
			finish.FinishReason = &choice.FinishReason
		}
		parts = append(parts, finish)
	}
	stats := a.Stats()
	return append(parts, StreamPart{Type: StreamPartStats, Stats: &stats})
}

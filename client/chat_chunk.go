package client

import "encoding/json"

// ChatCompletionChunk is one event of a streamed chat completion.
type ChatCompletionChunk struct {
	ID                string                      `json:"id"`
	Choices           []ChatCompletionChunkChoice `json:"choices"`
	Created           int64                       `json:"created"`
	Model             string                      `json:"model"`
	SystemFingerprint string                      `json:"system_fingerprint,omitempty"`
	Object            string                      `json:"object"`
	// Usage is sent by some OpenAI-compatible servers in a last chunk; never by Edgen.
	Usage CompletionUsage `json:"usage,omitzero"`
	// Timings is llama.cpp's own timings object, in its last chunk.
	Timings json.RawMessage `json:"timings,omitempty"`
	// JSON tells how each field appeared in the event.
	JSON struct {
		ID, Choices, Created, Model, SystemFingerprint, Object, Usage, Timings Field
		ExtraFields                                                            map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletionChunk) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionChunk) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ChatCompletionChunkChoice is the part of one choice carried by a chunk.
type ChatCompletionChunkChoice struct {
	Delta        ChatCompletionChunkDelta `json:"delta"`
	FinishReason string                   `json:"finish_reason"`
	Index        int                      `json:"index"`
	// JSON tells how each field appeared in the event.
	JSON struct {
		Delta, FinishReason, Index Field
		ExtraFields                map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletionChunkChoice) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionChunkChoice) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ChatCompletionChunkDelta is the text (or tool call pieces) a chunk adds.
// Reasoning comes as ReasoningContent, Reasoning or <think> tags in
// Content; the accumulator's parts read all three.
type ChatCompletionChunkDelta struct {
	Content   string                        `json:"content,omitempty"`
	Role      string                        `json:"role,omitempty"`
	ToolCalls []ChatCompletionChunkToolCall `json:"tool_calls,omitempty"`
	// ReasoningContent is a piece of reasoning as DeepSeek, llama.cpp and LM Studio send it.
	ReasoningContent string `json:"reasoning_content,omitempty"`
	// Reasoning is a piece of reasoning as ollama's /v1 and newer vLLM send it.
	Reasoning string `json:"reasoning,omitempty"`
	// Refusal is a piece of a refusal (OpenAI).
	Refusal string `json:"refusal,omitempty"`
	// JSON tells how each field appeared in the event.
	JSON struct {
		Content, Role, ToolCalls, ReasoningContent, Reasoning, Refusal Field
		ExtraFields                                                    map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletionChunkDelta) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionChunkDelta) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ChatCompletionChunkToolCall is a piece of a tool call. Servers cut calls
// up differently (see ChatCompletionAccumulator); the accumulator puts the
// pieces of each call together, its Arguments concatenated.
type ChatCompletionChunkToolCall struct {
	// Index is missing in the shape of some servers (the id tells the calls apart).
	Index    int                                 `json:"index,omitempty"`
	ID       string                              `json:"id,omitempty"`
	Type     string                              `json:"type,omitempty"`
	Function ChatCompletionChunkToolCallFunction `json:"function,omitzero"`
	// JSON tells how each field appeared in the event.
	JSON struct {
		Index, ID, Type, Function Field
		ExtraFields               map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletionChunkToolCall) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionChunkToolCall) MarshalJSON() ([]byte, error) { return encodeObject(r) }

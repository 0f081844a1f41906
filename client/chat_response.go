package client

import "encoding/json"

// ChatCompletion is a whole answer of POST chat/completions.
type ChatCompletion struct {
	ID                string                 `json:"id"`
	Choices           []ChatCompletionChoice `json:"choices"`
	Created           int64                  `json:"created"`
	Model             string                 `json:"model"`
	SystemFingerprint string                 `json:"system_fingerprint,omitempty"`
	Object            string                 `json:"object"`
	Usage             CompletionUsage        `json:"usage,omitzero"`
	// Timings is llama.cpp's own timings object (prompt_ms,
	// predicted_per_second...), as sent.
	Timings json.RawMessage `json:"timings,omitempty"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		ID, Choices, Created, Model, SystemFingerprint, Object, Usage, Timings Field
		ExtraFields                                                            map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletion) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletion) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ChatCompletionChoice is one choice of a ChatCompletion.
type ChatCompletionChoice struct {
	Message ChatCompletionMessage `json:"message"`
	// FinishReason is "stop", "length", "tool_calls"...; Edgen sends null.
	FinishReason string `json:"finish_reason"`
	Index        int    `json:"index"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Message, FinishReason, Index Field
		ExtraFields                  map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletionChoice) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionChoice) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ChatCompletionMessage is the message of a choice, normally from the assistant.
//
// A reasoning model's thoughts are in ReasoningContent, in Reasoning or in
// <think> tags inside Content, as the server sent them; SplitReasoning reads
// all three.
type ChatCompletionMessage struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	Name      string     `json:"name,omitempty"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
	// ReasoningContent is the reasoning as DeepSeek, llama.cpp and LM Studio send it.
	ReasoningContent string `json:"reasoning_content,omitempty"`
	// Reasoning is the reasoning as ollama's /v1 and newer vLLM send it.
	Reasoning string `json:"reasoning,omitempty"`
	// Refusal is why the model refused, instead of Content (OpenAI).
	Refusal string `json:"refusal,omitempty"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Role, Content, Name, ToolCalls, ReasoningContent, Reasoning, Refusal Field
		ExtraFields                                                          map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ChatCompletionMessage) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionMessage) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ToolCall is a call of a function by the model; also sent back in an
// AssistantMessage's ToolCalls.
type ToolCall struct {
	ID       string           `json:"id"`
	Type     string           `json:"type"`
	Function ToolCallFunction `json:"function"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		ID, Type, Function Field
		ExtraFields        map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ToolCall) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ToolCall) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ToolCallFunction names the function called and its JSON-encoded arguments.
type ToolCallFunction struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Name, Arguments Field
		ExtraFields     map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ToolCallFunction) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ToolCallFunction) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// CompletionUsage counts tokens; Edgen always reports zeros.
type CompletionUsage struct {
	CompletionTokens int `json:"completion_tokens"`
	PromptTokens     int `json:"prompt_tokens"`
	TotalTokens      int `json:"total_tokens"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		CompletionTokens, PromptTokens, TotalTokens Field
		ExtraFields                                 map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *CompletionUsage) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r CompletionUsage) MarshalJSON() ([]byte, error) { return encodeObject(r) }

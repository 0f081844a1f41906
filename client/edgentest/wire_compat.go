package edgentest

// The chat wire of OpenAI-compatible servers (OpenAI, ollama, llama.cpp,
// LM Studio, DeepSeek, vLLM), written down here on purpose rather than
// borrowed from the client package. Field order is OpenAI's; optional
// fields are left out when empty, as those servers do, except content,
// which a whole answer sends as null.

// wireCompatHead opens a whole answer and each chunk alike.
type wireCompatHead struct {
	ID                string `json:"id"`
	Object            string `json:"object"` // "chat.completion" or "chat.completion.chunk"
	Created           int64  `json:"created"`
	Model             string `json:"model"`
	SystemFingerprint string `json:"system_fingerprint,omitempty"`
}

type wireCompatCompletion struct {
	wireCompatHead
	Choices []wireCompatChoice `json:"choices"`
	Usage   *wireCompatUsage   `json:"usage,omitempty"`
	Timings *wireTimings       `json:"timings,omitempty"`
}

type wireCompatChoice struct {
	Index        int               `json:"index"`
	Message      wireCompatMessage `json:"message"`
	FinishReason string            `json:"finish_reason"`
}

type wireCompatMessage struct {
	Role             string               `json:"role"`
	Content          *string              `json:"content"`
	Reasoning        *string              `json:"reasoning,omitempty"`         // ollama, vLLM
	ReasoningContent *string              `json:"reasoning_content,omitempty"` // llama.cpp, LM Studio, DeepSeek
	Refusal          *string              `json:"refusal,omitempty"`
	ToolCalls        []wireCompatToolCall `json:"tool_calls,omitempty"`
}

type wireCompatToolCall struct {
	ID       string                 `json:"id"`
	Type     string                 `json:"type"`
	Function wireCompatFunctionCall `json:"function"`
}

type wireCompatFunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

type wireCompatChunk struct {
	wireCompatHead
	Choices []wireCompatChunkChoice `json:"choices"`
	Usage   *wireCompatUsage        `json:"usage,omitempty"`
	Timings *wireTimings            `json:"timings,omitempty"`
}

type wireCompatChunkChoice struct {
	Index        int             `json:"index"`
	Delta        wireCompatDelta `json:"delta"`
	FinishReason *string         `json:"finish_reason"`
}

type wireCompatDelta struct {
	Role             string                    `json:"role,omitempty"`
	Content          *string                   `json:"content,omitempty"`
	Reasoning        *string                   `json:"reasoning,omitempty"`
	ReasoningContent *string                   `json:"reasoning_content,omitempty"`
	Refusal          *string                   `json:"refusal,omitempty"`
	ToolCalls        []wireCompatToolCallDelta `json:"tool_calls,omitempty"`
}

// wireCompatToolCallDelta is a piece of a streamed tool call: what each
// field holds depends on the dialect's shape (see toolCallDeltas).
type wireCompatToolCallDelta struct {
	Index    *int                        `json:"index,omitempty"`
	ID       string                      `json:"id,omitempty"`
	Type     string                      `json:"type,omitempty"`
	Function wireCompatFunctionCallDelta `json:"function"`
}

type wireCompatFunctionCallDelta struct {
	Name      string  `json:"name,omitempty"`
	Arguments *string `json:"arguments,omitempty"`
}

type wireCompatUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// wireTimings is llama.cpp's timings object, made up from the token counts
// (prompt read at 1 ms a token, answer written at 10 ms a token).
type wireTimings struct {
	PromptN             int     `json:"prompt_n"`
	PromptMS            float64 `json:"prompt_ms"`
	PromptPerTokenMS    float64 `json:"prompt_per_token_ms"`
	PromptPerSecond     float64 `json:"prompt_per_second"`
	PredictedN          int     `json:"predicted_n"`
	PredictedMS         float64 `json:"predicted_ms"`
	PredictedPerTokenMS float64 `json:"predicted_per_token_ms"`
	PredictedPerSecond  float64 `json:"predicted_per_second"`
}

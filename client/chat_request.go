package client

import "encoding/json"

// ChatCompletionRequest is the body of POST chat/completions. Optional fields
// are pointers or omitted when empty, so only what is set goes on the wire.
type ChatCompletionRequest struct {
	// Model is required. "" or "default" means the model configured in the
	// server; "owner/repo/file" downloads that model on first use.
	Model string `json:"model"`
	// Messages is the dialogue so far; build entries with SystemMessage,
	// UserMessage, UserMessageParts, AssistantMessage and ToolMessage.
	// A nil Messages is left out (the server then says it is missing); an
	// empty non-nil one is sent as [].
	Messages []ChatMessage `json:"messages,omitzero"`

	FrequencyPenalty *float64 `json:"frequency_penalty,omitempty"`
	// LogitBias maps token ids to a bias in [-100, 100].
	LogitBias map[int]float64 `json:"logit_bias,omitempty"`
	MaxTokens *int            `json:"max_tokens,omitempty"`
	// N is how many choices to generate.
	N               *int     `json:"n,omitempty"`
	PresencePenalty *float64 `json:"presence_penalty,omitempty"`
	Seed            *int64   `json:"seed,omitempty"`
	// Stop is one stop phrase or several.
	Stop StringOrArray `json:"stop,omitzero"`
	// Stream is set by the endpoint methods: false for CreateChatCompletion,
	// true for CreateChatCompletionStream.
	Stream *bool `json:"stream,omitempty"`
	// StreamOptions applies to streamed answers, e.g. asking an
	// OpenAI-compatible server for a last chunk carrying the usage.
	StreamOptions  *StreamOptions  `json:"stream_options,omitempty"`
	ResponseFormat *ResponseFormat `json:"response_format,omitempty"`
	Temperature    *float64        `json:"temperature,omitempty"`
	TopP           *float64        `json:"top_p,omitempty"`
	Tools          []Tool          `json:"tools,omitempty"`
	ToolChoice     ToolChoice      `json:"tool_choice,omitzero"`
	User           *string         `json:"user,omitempty"`

	// OneShot (Edgen only) answers without keeping a session for the dialogue.
	OneShot *bool `json:"one_shot,omitempty"`
	// ContextHint (Edgen only) is the context size the session should have.
	ContextHint *uint32 `json:"context_hint,omitempty"`
}

// StreamOptions are the options of a streamed answer.
type StreamOptions struct {
	// IncludeUsage asks for a last chunk, with no choices, carrying the
	// usage of the whole request (OpenAI-compatible servers; Edgen ignores it).
	IncludeUsage bool `json:"include_usage,omitempty"`
}

// ResponseFormat asks for a response format, e.g. {Type: "json_object"}.
type ResponseFormat struct {
	Type string `json:"type"`
}

// Tool is a tool the model may call. Type is "function"; FunctionTool builds one.
type Tool struct {
	Type     string             `json:"type"`
	Function FunctionDefinition `json:"function"`
}

// FunctionDefinition describes a function the model may call.
type FunctionDefinition struct {
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
	// Parameters is a JSON Schema of the function's arguments.
	Parameters json.RawMessage `json:"parameters,omitempty"`
}

// FunctionTool returns a function tool; description and parameters may be empty.
func FunctionTool(name, description string, parameters json.RawMessage) Tool {
	t := Tool{Type: "function", Function: FunctionDefinition{Name: name, Parameters: parameters}}
	if description != "" {
		t.Function.Description = &description
	}
	return t
}

package edgentest

// The wire format of edgen_server 0.1.5, written down here on purpose rather
// than borrowed from the client package. Field order follows the server's
// serde structs; pointer fields without omitempty serialize as null, as
// every Option of the real server does.

// systemFingerprint is what edgen_server 0.1.5 puts in system_fingerprint.
const systemFingerprint = "edgen-0.1.5"

type wireChatCompletion struct {
	ID                string        `json:"id"`
	Choices           []wireChoice  `json:"choices"`
	Created           int64         `json:"created"`
	Model             string        `json:"model"`
	SystemFingerprint string        `json:"system_fingerprint"`
	Object            string        `json:"object"`
	Usage             wireChatUsage `json:"usage"`
}

type wireChoice struct {
	Message      wireAssistantMessage `json:"message"`
	FinishReason *string              `json:"finish_reason"`
	Index        int                  `json:"index"`
}

type wireAssistantMessage struct {
	Role      string  `json:"role"`
	Content   *string `json:"content"`
	Name      *string `json:"name"`
	ToolCalls *[]any  `json:"tool_calls"`
}

type wireChatUsage struct {
	CompletionTokens int `json:"completion_tokens"`
	PromptTokens     int `json:"prompt_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type wireChunk struct {
	ID                string            `json:"id"`
	Choices           []wireChunkChoice `json:"choices"`
	Created           int64             `json:"created"`
	Model             string            `json:"model"`
	SystemFingerprint string            `json:"system_fingerprint"`
	Object            string            `json:"object"`
}

type wireChunkChoice struct {
	Delta        wireDelta `json:"delta"`
	FinishReason *string   `json:"finish_reason"`
	Index        int       `json:"index"`
}

type wireDelta struct {
	Content *string `json:"content"`
	Role    *string `json:"role"`
}

type wireStatus struct {
	ActiveModel      string   `json:"active_model"`
	DownloadOngoing  bool     `json:"download_ongoing"`
	DownloadProgress int      `json:"download_progress"`
	LastErrors       []string `json:"last_errors"`
}

type wireTranscription struct {
	Text    string `json:"text"`
	Session string `json:"session,omitempty"`
}

type wireEmbeddings struct {
	Object     string          `json:"object"`
	Embeddings []wireEmbedding `json:"embeddings"`
	Model      string          `json:"model"`
	Usage      wireEmbedUsage  `json:"usage"`
}

type wireEmbedding struct {
	Object    string    `json:"object"`
	Embedding []float32 `json:"embedding"`
	Index     int       `json:"index"`
}

type wireEmbedUsage struct {
	PromptTokens int `json:"prompt_tokens"`
	TotalTokens  int `json:"total_tokens"`
}

// wireImages is the image/generations reply: raw bytes as arrays of numbers
// (a []byte would marshal as base64, so each image is a []int).
type wireImages struct {
	Images [][]int `json:"images"`
}

type wireModel struct {
	ID      string `json:"id"`
	Created int64  `json:"created"`
	Object  string `json:"object"`
	OwnedBy string `json:"owned_by"`
}

type wireModelList struct {
	Object  string      `json:"object"`
	Data    []wireModel `json:"data"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
}

type wireModelDeleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

type wireVersion struct {
	Major int    `json:"major"`
	Minor int    `json:"minor"`
	Patch int    `json:"patch"`
	Build string `json:"build"`
}

// wireEdgenError is the flat, tagged error body of Edgen's model endpoints.
type wireEdgenError struct {
	Error     string `json:"error"`
	ModelName string `json:"model_name"`
}

// wireOpenAIError is the OpenAI error envelope, which Edgen never sends but
// OpenAI-compatible servers do.
type wireOpenAIError struct {
	Error wireOpenAIErrorBody `json:"error"`
}

type wireOpenAIErrorBody struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

// wireUnknownModelKind is the 500 body for a model name that no backend of
// the endpoint accepts.
type wireUnknownModelKind struct {
	Error     string `json:"error"`
	ModelName string `json:"model_name"`
	Reason    string `json:"reason"`
}

// wirePreloadError is the transcription endpoint's 500 body for a model
// that cannot be loaded: serde's internally tagged form of
// Preload(ModelError::UnknownModel(ModelKind::Whisper)).
type wirePreloadError struct {
	Error        string `json:"error"`
	UnknownModel string `json:"UnknownModel"`
}

// wireSessionNotFound is the transcription endpoint's 500 body for a
// session it does not know: Endpoint(WhisperEndpointError::SessionNotFound).
type wireSessionNotFound struct {
	Error           string    `json:"error"`
	SessionNotFound *struct{} `json:"SessionNotFound"`
}

// wireAudioError is the transcription endpoint's 500 body for audio it
// cannot decode: Endpoint(WhisperEndpointError::Audio(AudioError::Parse)).
type wireAudioError struct {
	Error string         `json:"error"`
	Audio wireAudioParse `json:"Audio"`
}

type wireAudioParse struct {
	Parse string `json:"Parse"`
}

// wireGenerationError is the image endpoint's 500 body for a failed
// generation: Endpoint(ImageGenerationEndpointError::Generation).
type wireGenerationError struct {
	Error      string `json:"error"`
	Generation string `json:"Generation"`
}

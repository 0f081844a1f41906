package client

// The Edgen endpoints, as paths relative to the base URL: what the typed
// methods send to, and what Do and OpenStream take.
const (
	PathChatCompletions       = "chat/completions"
	PathChatCompletionsStatus = "chat/completions/status"
	PathTranscriptions        = "audio/transcriptions"
	PathTranscriptionsStatus  = "audio/transcriptions/status"
	PathEmbeddings            = "embeddings"
	PathEmbeddingsStatus      = "embeddings/status"
	PathImageGenerations      = "image/generations" // singular "image", unlike OpenAI
	// PathOpenAIImageGenerations is OpenAI's path, which OpenAI-compatible
	// servers serve (see ImageRoute).
	PathOpenAIImageGenerations = "images/generations"
	PathModels                 = "models" // a model: models/{id}, the id as one segment
	PathVersion                = "misc/version"
)

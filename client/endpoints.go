package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// call sends a request and decodes its answer into a new T.
func call[T any](ctx context.Context, c *Client, method, path string, body any, opts []Option) (*T, error) {
	out := new(T)
	if err := c.Do(ctx, method, path, body, out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateChatCompletion asks for a whole answer (POST chat/completions).
func (c *Client) CreateChatCompletion(ctx context.Context, req ChatCompletionRequest, opts ...Option) (*ChatCompletion, error) {
	req.Stream = nil
	return call[ChatCompletion](ctx, c, http.MethodPost, PathChatCompletions, req, opts)
}

// CreateChatCompletionStream asks for an answer streamed chunk by chunk
// (POST chat/completions with "stream": true). It returns once the response
// headers arrived, so an error status is the returned error. A 400 to
// StreamOptions.IncludeUsage is retried without it (see OpenChatStream).
func (c *Client) CreateChatCompletionStream(ctx context.Context, req ChatCompletionRequest, opts ...Option) (*Stream[ChatCompletionChunk], error) {
	req.Stream = Ptr(true)
	return OpenChatStream[ChatCompletionChunk](ctx, c, req, opts...)
}

// ChatCompletionsStatus reports the chat model's state (GET chat/completions/status).
func (c *Client) ChatCompletionsStatus(ctx context.Context, opts ...Option) (*Status, error) {
	return call[Status](ctx, c, http.MethodGet, PathChatCompletionsStatus, nil, opts)
}

// TranscriptionsStatus reports the transcription model's state (GET audio/transcriptions/status).
func (c *Client) TranscriptionsStatus(ctx context.Context, opts ...Option) (*Status, error) {
	return call[Status](ctx, c, http.MethodGet, PathTranscriptionsStatus, nil, opts)
}

// CreateEmbeddings computes embeddings of the input (POST embeddings).
func (c *Client) CreateEmbeddings(ctx context.Context, req EmbeddingsRequest, opts ...Option) (*Embeddings, error) {
	return call[Embeddings](ctx, c, http.MethodPost, PathEmbeddings, req, opts)
}

// EmbeddingsStatus reports the embeddings model's state (GET embeddings/status).
func (c *Client) EmbeddingsStatus(ctx context.Context, opts ...Option) (*Status, error) {
	return call[Status](ctx, c, http.MethodGet, PathEmbeddingsStatus, nil, opts)
}

// GenerateImages generates images from a prompt (POST image/generations).
func (c *Client) GenerateImages(ctx context.Context, req ImageGenerateRequest, opts ...Option) (*ImageGeneration, error) {
	return call[ImageGeneration](ctx, c, http.MethodPost, PathImageGenerations, req, opts)
}

// ListModels lists the models the server knows (GET models).
func (c *Client) ListModels(ctx context.Context, opts ...Option) (*ModelList, error) {
	return call[ModelList](ctx, c, http.MethodGet, PathModels, nil, opts)
}

// RetrieveModel describes one model (GET models/{id}). The id, such as
// "TheBloke/neural-chat-7B-v3-3-GGUF", is sent as one percent-encoded path
// segment.
func (c *Client) RetrieveModel(ctx context.Context, id string, opts ...Option) (*Model, error) {
	path, err := ModelPath(id)
	if err != nil {
		return nil, err
	}
	return call[Model](ctx, c, http.MethodGet, path, nil, opts)
}

// DeleteModel deletes a model from the server (DELETE models/{id}), the id
// encoded as for RetrieveModel.
func (c *Client) DeleteModel(ctx context.Context, id string, opts ...Option) (*ModelDeleted, error) {
	path, err := ModelPath(id)
	if err != nil {
		return nil, err
	}
	return call[ModelDeleted](ctx, c, http.MethodDelete, path, nil, opts)
}

// ModelPath returns the path of the model id, relative to the base URL, for
// Do: models/{id}, the id percent-encoded as ONE segment, slash included
// ("TheBloke/x" becomes "models/TheBloke%2Fx"). An empty id is an error
// (the path would be the list's).
func ModelPath(id string) (string, error) {
	if id == "" {
		return "", errors.New("edgen: empty model id")
	}
	return PathModels + "/" + url.PathEscape(id), nil
}

// Version returns the server's version (GET misc/version).
func (c *Client) Version(ctx context.Context, opts ...Option) (*Version, error) {
	return call[Version](ctx, c, http.MethodGet, PathVersion, nil, opts)
}

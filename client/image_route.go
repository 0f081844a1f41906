package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// The fields only Edgen's image request has, and those only OpenAI's has.
var (
	edgenImageFields  = []string{"width", "height", "uncond_prompt", "steps", "images", "seed", "guidance_scale", "vae_scale"}
	openAIImageFields = []string{"n", "size", "quality", "response_format", "style", "user", "background", "moderation", "output_format", "output_compression", "partial_images", "stream"}
)

// ImageRoute says where an image request, as JSON, goes. The request tells:
// Edgen's requires a model and has fields of its own (width, steps...),
// OpenAI's makes the model optional and has others (n, size...). So a
// request without a model, or with a field only OpenAI's has, goes to
// OpenAI's images/generations; any other to Edgen's image/generations, and
// fallback is set when it could be either ({prompt, model}): a server
// without Edgen's route (404) is then asked on OpenAI's.
func ImageRoute(body json.RawMessage) (path string, fallback bool, err error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return "", false, err
	}
	if m, ok := fields["model"]; !ok || string(m) == "null" {
		return PathOpenAIImageGenerations, false, nil
	}
	for _, k := range openAIImageFields {
		if _, ok := fields[k]; ok {
			return PathOpenAIImageGenerations, false, nil
		}
	}
	for _, k := range edgenImageFields {
		if _, ok := fields[k]; ok {
			return PathImageGenerations, false, nil
		}
	}
	return PathImageGenerations, true, nil
}

// GenerateImagesJSON sends an image request given as JSON, Edgen's or
// OpenAI's, where ImageRoute says, and returns the answer's body as sent.
func (c *Client) GenerateImagesJSON(ctx context.Context, body json.RawMessage, opts ...Option) ([]byte, error) {
	path, fallback, err := ImageRoute(body)
	if err != nil {
		return nil, err
	}
	var out []byte
	err = c.Do(ctx, http.MethodPost, path, body, &out, opts...)
	var notFound *NotFoundError
	if fallback && errors.As(err, &notFound) {
		err = c.Do(ctx, http.MethodPost, PathOpenAIImageGenerations, body, &out, opts...)
	}
	return out, err
}

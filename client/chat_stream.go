package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// OpenChatStream opens a streamed chat completion (POST chat/completions).
// body is the request: a ChatCompletionRequest, the JSON text of one
// (json.RawMessage), or anything that encodes to one; its "stream" is the
// caller's to set. When the request asks for stream_options.include_usage
// and the server refuses it with a 400 (a server that knows no such
// option), it is sent again once without stream_options: the stats then
// count the tokens from the chunks.
func OpenChatStream[T any](ctx context.Context, c *Client, body any, opts ...Option) (*Stream[T], error) {
	s, err := OpenStream[T](ctx, c, http.MethodPost, PathChatCompletions, body, opts...)
	var bad *BadRequestError
	if err == nil || !errors.As(err, &bad) {
		return s, err
	}
	without, ok := withoutStreamOptions(body)
	if !ok {
		return nil, err
	}
	return OpenStream[T](ctx, c, http.MethodPost, PathChatCompletions, without, opts...)
}

// withoutStreamOptions returns the request body without its stream_options
// when they ask for include_usage; false when they do not.
func withoutStreamOptions(body any) (json.RawMessage, bool) {
	text, ok := body.(json.RawMessage)
	if !ok {
		var err error
		if text, err = json.Marshal(body); err != nil {
			return nil, false
		}
	}
	if !bytes.Contains(text, []byte("include_usage")) {
		return nil, false
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(text, &fields) != nil {
		return nil, false
	}
	var options struct {
		IncludeUsage bool `json:"include_usage"`
	}
	if json.Unmarshal(fields["stream_options"], &options) != nil || !options.IncludeUsage {
		return nil, false
	}
	delete(fields, "stream_options")
	out, err := json.Marshal(fields)
	return out, err == nil
}

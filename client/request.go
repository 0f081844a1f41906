package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/edgen-browser/edgen/internal/jsonscan"
)

// request is one API call, ready to be sent (and sent again on a retry).
type request struct {
	method string
	path   string
	body   []byte // replayed intact on every attempt
	// hasBody distinguishes an empty body from none.
	hasBody     bool
	contentType string
	accept      string
}

// newRequest prepares a call. body is nil, json.RawMessage or []byte (JSON
// sent as is), an io.Reader (sent as is; its Content-Type comes from
// WithHeader), or any other value (encoded with json.Marshal).
func newRequest(method, path string, body any) (*request, error) {
	r := &request{method: method, path: strings.TrimPrefix(path, "/"), accept: "application/json"}
	switch b := body.(type) {
	case nil:
		return r, nil
	case json.RawMessage:
		r.body, r.contentType = b, "application/json"
	case []byte:
		r.body, r.contentType = b, "application/json"
	case io.Reader:
		data, err := io.ReadAll(b)
		if err != nil {
			return nil, fmt.Errorf("edgen: reading request body: %w", err)
		}
		r.body = data
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("edgen: encoding request body: %w", err)
		}
		r.body, r.contentType = data, "application/json"
	}
	r.hasBody = true
	return r, nil
}

// httpRequest builds the request every attempt clones.
func (r *request) httpRequest(cfg *config) (*http.Request, error) {
	var body io.Reader
	if r.hasBody {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, cfg.baseURL+r.path, body)
	if err != nil {
		return nil, fmt.Errorf("edgen: %w", err)
	}
	req.Header = cfg.header.Clone()
	if r.contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", r.accept)
	}
	if cfg.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+cfg.apiKey)
	}
	setPlatformHeaders(req.Header)
	return req, nil
}

// Do sends a request to path (relative to the base URL, e.g. "chat/completions")
// with retries, and decodes a successful response into out.
//
// body is nil, json.RawMessage or []byte (JSON sent as is), an io.Reader (sent
// as is, with the Content-Type set through WithHeader), or any other value
// (encoded with json.Marshal). out is nil (body discarded), *[]byte (the body
// bytes as they came), *json.RawMessage (the body bytes, which must be one
// JSON value or empty), or a pointer to a value json.Unmarshal fills. An
// error status returns one of the *APIError types.
func (c *Client) Do(ctx context.Context, method, path string, body any, out any, opts ...Option) error {
	cfg := c.requestConfig(opts)
	r, err := newRequest(method, path, body)
	if err != nil {
		return err
	}
	return c.do(ctx, &cfg, r, out)
}

func (c *Client) do(ctx context.Context, cfg *config, r *request, out any) error {
	resp, err := c.send(ctx, cfg, r)
	if err != nil {
		return err
	}
	data, err := readAll(resp.Body)
	if err != nil {
		return err
	}
	record(cfg, resp, data)
	return decodeInto(data, out, r.path)
}

// readAll reads and closes a body.
func readAll(body io.ReadCloser) ([]byte, error) {
	data, err := io.ReadAll(body)
	body.Close()
	return data, err
}

// decodeInto stores a successful response body in out (see Do).
func decodeInto(data []byte, out any, path string) error {
	switch o := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*o = data
		return nil
	case *json.RawMessage:
		if len(data) > 0 && !jsonscan.Valid(data) {
			return fmt.Errorf("%w: the response of %s: %.100q", ErrInvalidJSON, path, data)
		}
		*o = data
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("edgen: decoding the response of %s: %w", path, err)
	}
	return nil
}

// record stores the final response for WithResponseInto.
func record(cfg *config, resp *http.Response, body []byte) {
	if cfg.responseInto != nil {
		*cfg.responseInto = Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}
		if resp.Request != nil {
			cfg.responseInto.URL = resp.Request.URL.String()
		}
	}
}

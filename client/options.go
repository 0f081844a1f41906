package client

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a Client (passed to New) or a single request (passed to
// an endpoint method). Request options apply after the client's.
type Option func(*config)

type config struct {
	baseURL      string
	apiKey       string
	maxRetries   int
	timeout      time.Duration
	httpClient   *http.Client
	header       http.Header
	logger       *slog.Logger
	responseInto *Response
}

// WithBaseURL sets the server's base URL, e.g. "http://127.0.0.1:33322/v1".
// A trailing slash is added when missing.
func WithBaseURL(u string) Option {
	return func(c *config) { c.baseURL = normalizeBaseURL(u) }
}

// WithAPIKey sets the key sent as "Authorization: Bearer <key>". An empty key
// sends no Authorization header (Edgen needs none, and browsers fail the CORS
// preflight of a cross-origin request that carries one).
func WithAPIKey(key string) Option {
	return func(c *config) { c.apiKey = key }
}

// WithMaxRetries sets how many times a failed request is retried (default 2).
// Zero disables retries; negative values count as zero.
func WithMaxRetries(n int) Option {
	return func(c *config) { c.maxRetries = max(n, 0) }
}

// WithTimeout bounds the wait for the response headers and then each wait for
// more of the body (for a stream: for the next chunk), so a healthy long stream
// is never cut and a stalled one is. Zero or negative means no timeout.
// Default 10 minutes.
func WithTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithHTTPClient sets the *http.Client that sends requests (default
// http.DefaultClient). Its own Timeout, if any, also applies.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc == nil {
			hc = http.DefaultClient
		}
		c.httpClient = hc
	}
}

// WithHeader sets a request header, replacing earlier values of that key.
// An empty value removes the header.
func WithHeader(key, value string) Option {
	return func(c *config) {
		if value == "" {
			c.header.Del(key)
			return
		}
		c.header.Set(key, value)
	}
}

// WithLogger sets the logger for requests, retries and responses; nil turns
// logging off. API keys and header values are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithResponseInto stores the final HTTP response of the request in r: status,
// headers, and (except for streams) the body bytes. It is meant as a request
// option; on a client every request overwrites the same Response.
func WithResponseInto(r *Response) Option {
	return func(c *config) { c.responseInto = r }
}

// Response is the raw HTTP response of a request, see WithResponseInto.
type Response struct {
	StatusCode int
	Header     http.Header
	// URL is the URL the response came from.
	URL string
	// Body is the whole response body; nil for streams.
	Body []byte
}

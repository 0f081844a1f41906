// Package client is a Go client for Edgen, a local GenAI server with an
// OpenAI-shaped REST API. It covers every endpoint of Edgen: chat completions
// (whole and streamed), audio transcriptions, embeddings, image generation,
// models and the server version.
//
// The same package compiles for GOOS=js GOARCH=wasm, where net/http uses the
// browser's fetch; it never imports syscall/js.
//
// # Null versus missing
//
// Response types keep their fields as plain Go values, so
// resp.Choices[0].Message.Content reads naturally. Beside them every response
// type has a JSON field describing how each field appeared in the body:
// resp.JSON.SystemFingerprint.IsNull() is true when the server sent null,
// IsMissing() when the key was absent, Valid() when it carried a value, and
// Raw() returns the field's JSON text. Keys the Go type does not know are in
// resp.JSON.ExtraFields.
package client

import (
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
)

// DefaultBaseURL is the address of a local Edgen server with default settings.
const DefaultBaseURL = "http://127.0.0.1:33322/v1/"

// Defaults used by New when no option overrides them.
const (
	DefaultMaxRetries = 2
	DefaultTimeout    = 10 * time.Minute
)

// Client talks to one Edgen server. It is safe for concurrent use.
type Client struct {
	cfg  config
	hook testHooks
}

// New returns a client configured from the environment, then from opts.
//
// Environment: EDGEN_BASE_URL (default DefaultBaseURL), EDGEN_API_KEY (sent as a
// bearer token only when set), EDGEN_LOG=debug|info (a text logger on stderr).
func New(opts ...Option) *Client {
	cfg := config{
		baseURL:    normalizeBaseURL(envOr("EDGEN_BASE_URL", DefaultBaseURL)),
		apiKey:     os.Getenv("EDGEN_API_KEY"),
		maxRetries: DefaultMaxRetries,
		timeout:    DefaultTimeout,
		httpClient: http.DefaultClient,
		header:     http.Header{},
		logger:     loggerFromEnv(os.Getenv("EDGEN_LOG")),
	}
	for _, o := range opts {
		o(&cfg)
	}
	return &Client{cfg: cfg, hook: realHooks()}
}

// BaseURL returns the base URL requests are sent to, always ending in "/".
func (c *Client) BaseURL() string { return c.cfg.baseURL }

// requestConfig returns the client's configuration with the request options
// applied on top, leaving the client untouched.
func (c *Client) requestConfig(opts []Option) config {
	cfg := c.cfg
	cfg.header = c.cfg.header.Clone()
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

// normalizeBaseURL makes sure the base URL ends with exactly one slash, so
// relative paths resolve below it.
func normalizeBaseURL(u string) string {
	return strings.TrimRight(u, "/") + "/"
}

// loggerFromEnv returns a stderr logger for EDGEN_LOG=debug|info, else nil.
func loggerFromEnv(level string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "info":
		l = slog.LevelInfo
	default:
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

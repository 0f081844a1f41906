//go:build !js

// The stream-end tests serve exact bytes from an httptest server, which
// GOOS=js cannot listen on; the browsers' side of a cut stream is
// wasmtest's TestEngineLimits, on a real server.

package client_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// Chunks of the two stream dialects, as data lines.
const (
	edgenChunk    = `{"id":"1","choices":[{"delta":{"content":"Hi","role":null},"finish_reason":null,"index":0}],"created":1,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`
	openAIChunk   = `{"id":"1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}`
	openAIFinish  = `{"id":"1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`
	openAIUsage   = `{"id":"1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`
	openAINoUsage = `{"id":"1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":null}`
)

// TestStreamEndWithoutDone covers bodies that end cleanly (as WebKitGTK
// reads a chunked body cut mid-stream): an end without [DONE] is a cut only
// in OpenAI's dialect and without a finish_reason or the usage after it;
// an Edgen stream, which never says it ends, is never called cut.
func TestStreamEndWithoutDone(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []string
		cut    bool
	}{
		{"edgen", []string{edgenChunk, edgenChunk}, false},
		{"edgen_one_chunk", []string{edgenChunk}, false},
		{"empty_body", nil, false},
		{"openai_done", []string{openAIChunk, openAIFinish, "[DONE]"}, false},
		{"openai_finish_without_done", []string{openAIChunk, openAIFinish}, false},
		{"openai_usage_without_done", []string{openAIChunk, openAIFinish, openAIUsage}, false},
		{"openai_cut", []string{openAIChunk, openAIChunk}, true},
		{"openai_cut_at_first", []string{openAIChunk}, true},
		{"openai_done_without_finish", []string{openAIChunk, "[DONE]"}, false},
		{"openai_null_usage", []string{openAIChunk, openAINoUsage}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				for _, ev := range tc.events {
					fmt.Fprintf(w, "data: %s\n\n", ev)
				}
			}))
			t.Cleanup(srv.Close)
			c := client.New(client.WithBaseURL(srv.URL), client.WithMaxRetries(0))
			typed, err := c.CreateChatCompletionStream(background, chatRequest("hi"))
			if err != nil {
				t.Fatal(err)
			}
			checkEnd(t, "typed", typed, tc.cut)
			raw, err := client.OpenStream[json.RawMessage](background, c, http.MethodPost, "chat/completions", chatRequest("hi"))
			if err != nil {
				t.Fatal(err)
			}
			checkEnd(t, "raw", raw, tc.cut)
		})
	}
}

// checkEnd reads s to its end and checks how it ended.
func checkEnd[T any](t *testing.T, what string, s *client.Stream[T], cut bool) {
	t.Helper()
	defer s.Close()
	for s.Next() {
	}
	err := s.Err()
	if !cut {
		if err != nil {
			t.Errorf("%s: err = %v, want a normal end", what, err)
		}
		return
	}
	if _, ok := as[*client.APIConnectionError](err); !ok || !errors.Is(err, client.ErrStreamCut) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("%s: err = %T %v, want an *APIConnectionError wrapping ErrStreamCut and io.ErrUnexpectedEOF", what, err, err)
	}
	if err != nil && !strings.Contains(err.Error(), "[DONE]") {
		t.Errorf("%s: the message %q does not say what was missing", what, err)
	}
}

//go:build !js

// These tests serve exact bytes from an httptest server, which GOOS=js
// cannot listen on; in Node and the browsers the same dialects are
// wasmtest's JS scenarios (js/models.mjs), against the fake.

package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// refusingServer answers a chat request that carries stream_options with
// a 400, as servers that do not know the option do, and streams the rest;
// it keeps every body it received.
func refusingServer(t *testing.T) (*httptest.Server, func() []map[string]json.RawMessage) {
	t.Helper()
	var mu sync.Mutex
	var bodies []map[string]json.RawMessage
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]json.RawMessage
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("a body that is not a JSON object: %q", b)
		}
		mu.Lock()
		bodies = append(bodies, body)
		mu.Unlock()
		if _, ok := body["stream_options"]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"Unrecognized request argument supplied: stream_options","type":"invalid_request_error"}}`)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	t.Cleanup(srv.Close)
	return srv, func() []map[string]json.RawMessage {
		mu.Lock()
		defer mu.Unlock()
		return bodies
	}
}

// TestIncludeUsageRefused: a 400 to stream_options.include_usage is asked
// again without stream_options, once, with the rest of the request as it
// was; the stats are then counted. A 400 to a request that did not ask for
// the usage is the caller's error, not retried.
func TestIncludeUsageRefused(t *testing.T) {
	srv, bodies := refusingServer(t)
	c := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey(""), client.WithLogger(nil), client.WithMaxRetries(0))
	req := chatRequest("usage please")
	req.StreamOptions = &client.StreamOptions{IncludeUsage: true}
	req.Temperature = client.Ptr(0.5)
	s, err := c.CreateChatCompletionStream(context.Background(), req)
	if err != nil {
		t.Fatalf("the stream after the refused option: %v", err)
	}
	var acc client.ChatCompletionAccumulator
	for s.Next() {
		acc.AddChunk(s.Current())
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if st := acc.Stats(); !st.Approximate || st.Usage.CompletionTokens != 1 {
		t.Errorf("stats %+v: want 1 counted token", st)
	}
	got := bodies()
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2 (the refused one, then one without stream_options)", len(got))
	}
	if _, ok := got[1]["stream_options"]; ok {
		t.Errorf("the second request still has stream_options: %v", got[1])
	}
	for _, k := range []string{"model", "messages", "temperature", "stream"} {
		if string(got[0][k]) != string(got[1][k]) {
			t.Errorf("%s: %s, then %s", k, got[0][k], got[1][k])
		}
	}

	// The raw JSON path (the wasm face's) likewise.
	raw := json.RawMessage(`{"model":"m","messages":[],"stream":true,"stream_options":{"include_usage":true}}`)
	s2, err := client.OpenChatStream[json.RawMessage](context.Background(), c, raw)
	if err != nil {
		t.Fatalf("raw JSON: %v", err)
	}
	s2.Close()
	if n := len(bodies()); n != 4 {
		t.Errorf("%d requests after the raw one, want 4", n)
	}

	// Asked without include_usage: the 400 is the answer.
	req.StreamOptions = &client.StreamOptions{IncludeUsage: false}
	if _, err := c.CreateChatCompletionStream(context.Background(), req); err == nil {
		t.Error("a 400 to stream_options without include_usage was retried into a stream")
	}
	if n := len(bodies()); n != 5 {
		t.Errorf("%d requests after the last, want 5: the 400 without include_usage is not retried", n)
	}
}

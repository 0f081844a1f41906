//go:build !js

// These tests serve exact bytes from an httptest server, which GOOS=js
// cannot listen on; in Node and the browsers the same dialects are
// wasmtest's JS scenarios (js/models.mjs), against the fake.

package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// TestImageRoute: the request's fields say whose it is.
func TestImageRoute(t *testing.T) {
	for _, tc := range []struct {
		body, path string
		fallback   bool
	}{
		{`{"prompt":"a cat"}`, "images/generations", false},
		{`{"prompt":"a cat","model":null}`, "images/generations", false},
		{`{"prompt":"a cat","model":"dall-e-3","size":"1024x1024"}`, "images/generations", false},
		{`{"prompt":"a cat","model":"sd","n":1}`, "images/generations", false},
		{`{"prompt":"a cat","model":"sd","width":512}`, "image/generations", false},
		{`{"prompt":"a cat","model":"sd","steps":10,"seed":1}`, "image/generations", false},
		{`{"prompt":"a cat","model":"sd"}`, "image/generations", true},
	} {
		path, fallback, err := client.ImageRoute(json.RawMessage(tc.body))
		if err != nil || path != tc.path || fallback != tc.fallback {
			t.Errorf("%s: %q fallback %v (%v); want %q fallback %v", tc.body, path, fallback, err, tc.path, tc.fallback)
		}
	}
	if _, _, err := client.ImageRoute(json.RawMessage(`[1]`)); err == nil {
		t.Error("an array was routed")
	}
}

// TestGenerateImagesJSON: against a server with only OpenAI's route, a
// request that could be Edgen's tries Edgen's path, then OpenAI's; one
// that is OpenAI's goes there at once.
func TestGenerateImagesJSON(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if r.URL.Path != "/v1/images/generations" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"created":1,"data":[{"b64_json":"iVBORw0KGgo="}]}`)
	}))
	defer srv.Close()
	c := client.New(client.WithBaseURL(srv.URL+"/v1/"), client.WithAPIKey(""), client.WithLogger(nil), client.WithMaxRetries(0))
	for _, tc := range []struct {
		body  string
		paths []string
	}{
		{`{"prompt":"a cat","model":"sd"}`, []string{"/v1/image/generations", "/v1/images/generations"}},
		{`{"prompt":"a cat"}`, []string{"/v1/images/generations"}},
	} {
		paths = nil
		out, err := c.GenerateImagesJSON(context.Background(), json.RawMessage(tc.body))
		if err != nil || string(out) != `{"created":1,"data":[{"b64_json":"iVBORw0KGgo="}]}` {
			t.Errorf("%s: %s, %v", tc.body, out, err)
		}
		if !slices.Equal(paths, tc.paths) {
			t.Errorf("%s: asked %q, want %q", tc.body, paths, tc.paths)
		}
	}
	paths = nil
	if _, err := c.GenerateImagesJSON(context.Background(), json.RawMessage(`{"prompt":"a cat","model":"sd","width":64}`)); err == nil {
		t.Error("Edgen's request to a server without Edgen's route did not fail")
	}
	if !slices.Equal(paths, []string{"/v1/image/generations"}) {
		t.Errorf("Edgen's request asked %q, want only Edgen's path", paths)
	}
}

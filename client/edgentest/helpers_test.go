//go:build !js

package edgentest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// newServer starts a fake for one test.
func newServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	srv := NewServer(cfg)
	t.Cleanup(srv.Close)
	return srv
}

// call sends a request with the given headers ("k: v" strings) and body and
// returns the response and its whole body.
func call(t *testing.T, method, url, body string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return resp, b
}

// jsonCT is the content type header of JSON requests.
const jsonCT = "Content-Type: application/json"

// chatBody is a chat request saying text, streamed or not.
func chatBody(text string, stream bool) string {
	s := `{"model":"fake","messages":[{"role":"system","content":"Be nice."},{"role":"user","content":"` + text + `"}]`
	if stream {
		s += `,"stream":true`
	}
	return s + "}"
}

// wantStatus fails the test unless resp has status.
func wantStatus(t *testing.T, resp *http.Response, body []byte, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %q", resp.StatusCode, status, body)
	}
}

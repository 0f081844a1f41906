package devserver

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"
)

// wait bounds every wait of these tests; it is a hang guard, not a timing check.
const wait = 30 * time.Second

// start serves opts (on a free loopback port, the web directory a fresh
// empty one) until the test ends, asserting a clean shutdown, and returns
// the server and a function that stops it early.
func start(t *testing.T, opts Options) (srv *Server, stop func()) {
	t.Helper()
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.WebDir == "" {
		opts.WebDir = t.TempDir()
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(wait):
			t.Errorf("Serve did not return after its context ended")
		}
	}
	t.Cleanup(stop)
	return srv, stop
}

// post sends body to url with the headers (name, value, ...) and returns
// the response, closed when the test ends.
func post(t *testing.T, c *http.Client, url, contentType string, body io.Reader, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

//go:build !js

package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
)

// The tests of this file answer requests from an http.RoundTripper, to send
// bytes the fake Edgen never would and bodies that behave like the fetch
// transport's.

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// bodyClient returns a client whose requests get a 200 with the given
// content type and body.
func bodyClient(contentType string, body func() io.ReadCloser, opts ...client.Option) *client.Client {
	rt := roundTripper(func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {contentType}}, Body: body(), Request: req}, nil
	})
	base := []client.Option{client.WithBaseURL("http://127.0.0.1:9/v1"), client.WithAPIKey(""), client.WithLogger(nil),
		client.WithHTTPClient(&http.Client{Transport: rt})}
	return client.New(append(base, opts...)...)
}

// sseClient returns a client whose streams read the event-stream text s.
func sseClient(s string) *client.Client {
	return bodyClient("text/event-stream", func() io.ReadCloser { return io.NopCloser(strings.NewReader(s)) })
}

const chunk = `{"choices":[{"delta":{"content":"%s"},"index":0}]}`

func ev(content string) string { return strings.Replace(chunk, "%s", content, 1) }

// TestStreamWireForms: the event-stream variants a robust client accepts.
func TestStreamWireForms(t *testing.T) {
	big := strings.Repeat("x", 1<<20) // far above go-sse's 64 KiB default
	for _, tc := range []struct {
		name, body string
		words      []string
		err        string // substring of the error, "" for a normal end
	}{
		{"data without space", "data:" + ev("a") + "\n\n" + "data: " + ev("b") + "\n\n", []string{"a", "b"}, ""},
		{"CRLF lines", "data: " + ev("a") + "\r\n\r\n", []string{"a"}, ""},
		{"comments and named events skipped", ": keep-alive\n\nevent: ping\ndata: {}\n\ndata: " + ev("a") + "\n\n", []string{"a"}, ""},
		{"message events read", "event: message\ndata: " + ev("a") + "\n\n", []string{"a"}, ""},
		{"empty data skipped", "data:\n\ndata: " + ev("a") + "\n\n", []string{"a"}, ""},
		{"DONE stops reading", "data: " + ev("a") + "\n\ndata: [DONE]\n\ndata: " + ev("b") + "\n\n", []string{"a"}, ""},
		{"id and retry lines ignored", "id: 1\nretry: 10\ndata: " + ev("a") + "\n\n", []string{"a"}, ""},
		{"1 MiB event", "data: " + ev(big) + "\n\n", []string{big}, ""},
		{"error event", "data: " + ev("a") + "\n\nevent: error\ndata: {\"message\":\"overloaded\"}\n\n", []string{"a"}, "overloaded"},
		{"error member", "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n", nil, "boom"},
		{"null error member is not an error", "data: {\"error\":null,\"choices\":[]}\n\n", []string{}, ""},
		{"nested error member is not an error", "data: {\"meta\":{\"error\":\"x\"},\"choices\":[{\"delta\":{\"content\":\"\\\"error\\\"\"}}]}\n\n", []string{`"error"`}, ""},
		{"not JSON", "data: hello\n\n", nil, "malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := client.OpenStream[client.ChatCompletionChunk](background, sseClient(tc.body), "POST", "chat/completions", nil)
			if err != nil {
				t.Fatal(err)
			}
			words := []string{}
			for s.Next() {
				for _, ch := range s.Current().Choices {
					words = append(words, ch.Delta.Content)
				}
			}
			if tc.words != nil && strings.Join(words, "|") != strings.Join(tc.words, "|") {
				t.Errorf("got %d chunks %.40q, want %.40q", len(words), words, tc.words)
			}
			if err := s.Err(); (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
				t.Errorf("err = %v, want %q", err, tc.err)
			}
		})
	}
}

// TestStreamNotEventStream: a server that ignores "stream": true is not
// taken for an empty stream.
func TestStreamNotEventStream(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"id":"x","choices":[]}`, "expected an event stream"},
		{`{"error":"no_such_model","model_name":"m"}`, "no_such_model"},
	} {
		c := bodyClient("application/json", func() io.ReadCloser { return io.NopCloser(strings.NewReader(tc.body)) })
		_, err := c.CreateChatCompletionStream(background, chatRequest("hi"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("body %s: err = %v, want %q", tc.body, err, tc.want)
		}
	}
}

// cutBody sends s, then fails as a chunked body cut short does.
type cutBody struct{ r io.Reader }

func (b cutBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

func (cutBody) Close() error { return nil }

func TestStreamCutShort(t *testing.T) {
	c := bodyClient("text/event-stream", func() io.ReadCloser {
		return cutBody{strings.NewReader("data: " + ev("a") + "\n\ndata: {\"cho")}
	})
	s, err := c.CreateChatCompletionStream(background, chatRequest("hi"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for s.Next() {
		n++
	}
	if e, ok := as[*client.APIConnectionError](s.Err()); n != 1 || !ok || !errors.Is(e, io.ErrUnexpectedEOF) {
		t.Errorf("%d chunks, err %v; want 1 and a *APIConnectionError wrapping io.ErrUnexpectedEOF", n, s.Err())
	}
}

// fetchBody is a body like the fetch transport's once the headers arrived:
// it ignores the request's context, a read blocks until data comes or the
// body is closed, and a closed body reads as a clean end.
type fetchBody struct {
	data   chan string
	once   sync.Once
	closed chan struct{}
}

func newFetchBody() *fetchBody {
	return &fetchBody{data: make(chan string, 1), closed: make(chan struct{})}
}

func (b *fetchBody) Read(p []byte) (int, error) {
	select {
	case s := <-b.data:
		return copy(p, s), nil
	case <-b.closed:
		return 0, io.EOF
	}
}

func (b *fetchBody) Close() error {
	b.once.Do(func() { close(b.closed) })
	return nil
}

// TestStreamFetchLikeBody: cancellation and the idle timeout end a read the
// transport does not end, and are reported as such, not as a clean end.
func TestStreamFetchLikeBody(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  []client.Option
		end   func(cancel context.CancelFunc)
		check func(error) bool
	}{
		{"cancel", nil, func(cancel context.CancelFunc) { cancel() },
			func(err error) bool { return errors.Is(err, context.Canceled) }},
		{"idle timeout", []client.Option{client.WithTimeout(50 * time.Millisecond)}, func(context.CancelFunc) {},
			func(err error) bool { _, ok := as[*client.APITimeoutError](err); return ok }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := newFetchBody()
			body.data <- "data: " + ev("a") + "\n\n"
			c := bodyClient("text/event-stream", func() io.ReadCloser { return body }, tc.opts...)
			ctx, cancel := context.WithCancel(background)
			defer cancel()
			s, err := c.CreateChatCompletionStream(ctx, chatRequest("hi"))
			if err != nil {
				t.Fatal(err)
			}
			if !s.Next() {
				t.Fatal(s.Err())
			}
			time.AfterFunc(20*time.Millisecond, func() { tc.end(cancel) })
			within(t, "Next", func() {
				if s.Next() {
					t.Error("a chunk after the end")
				}
			})
			if !tc.check(s.Err()) {
				t.Errorf("err = %T %v", s.Err(), s.Err())
			}
			select {
			case <-body.closed:
			default:
				t.Error("the body was not closed")
			}
		})
	}
}

// TestRetryConnectionRefused: connection errors are retried, then reported
// as *APIConnectionError.
func TestRetryConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c := client.New(client.WithBaseURL("http://"+addr+"/v1"), client.WithLogger(nil))
	rec := client.NoWait(c, retryNow, 0)
	_, err = c.Version(background)
	if _, ok := as[*client.APIConnectionError](err); !ok {
		t.Fatalf("err = %T %v, want *APIConnectionError", err, err)
	}
	if got := rec.Delays(); len(got) != 2 || got[0] != 500*time.Millisecond || got[1] != time.Second {
		t.Errorf("delays %v, want [500ms 1s]", got)
	}
}

// TestCancelDuringRetryWait: the context ends the wait between attempts.
func TestCancelDuringRetryWait(t *testing.T) {
	attempts := 0
	rt := roundTripper(func(req *http.Request) (*http.Response, error) {
		attempts++
		return &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"30"}}, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
	})
	c := client.New(client.WithBaseURL("http://127.0.0.1:9/v1"), client.WithHTTPClient(&http.Client{Transport: rt}), client.WithLogger(nil))
	ctx, cancel := context.WithCancel(background)
	time.AfterFunc(20*time.Millisecond, cancel)
	var err error
	within(t, "the request", func() { _, err = c.Version(ctx) })
	if !errors.Is(err, context.Canceled) || attempts != 1 {
		t.Errorf("err = %v after %d attempts, want context.Canceled after 1", err, attempts)
	}
}

// TestModelIDOnTheWire: the slash of a model id leaves as %2F.
func TestModelIDOnTheWire(t *testing.T) {
	var got string
	rt := roundTripper(func(req *http.Request) (*http.Response, error) {
		got = req.URL.RequestURI()
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: req}, nil
	})
	c := client.New(client.WithBaseURL("http://127.0.0.1:9/v1"), client.WithHTTPClient(&http.Client{Transport: rt}))
	for id, want := range map[string]string{
		"TheBloke/neural-chat-7B-v3-3-GGUF": "/v1/models/TheBloke%2Fneural-chat-7B-v3-3-GGUF",
		"a b/c?d#e%f":                       "/v1/models/a%20b%2Fc%3Fd%23e%25f",
	} {
		if _, err := c.RetrieveModel(background, id); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("id %q went to %q, want %q", id, got, want)
		}
	}
}

// TestDoRawOut: *[]byte gets any body as it came, *json.RawMessage only one
// JSON value (or nothing), so a malformed 2xx body is an error.
func TestDoRawOut(t *testing.T) {
	for _, tc := range []struct {
		body    string
		rawJSON bool // accepted into a *json.RawMessage
	}{
		{`{"object":"list","data":[]}`, true},
		{``, true},
		{` [1] `, true},
		{`{"object":"list","data":[`, false},
		{`<html>proxy error</html>`, false},
	} {
		c := bodyClient("application/json", func() io.ReadCloser { return io.NopCloser(strings.NewReader(tc.body)) })
		var b []byte
		if err := c.Do(background, "GET", "models", nil, &b); err != nil || string(b) != tc.body {
			t.Errorf("%q into *[]byte: %q, %v", tc.body, b, err)
		}
		var raw json.RawMessage
		err := c.Do(background, "GET", "models", nil, &raw)
		if (err == nil) != tc.rawJSON || err == nil && string(raw) != tc.body {
			t.Errorf("%q into *json.RawMessage: %q, %v", tc.body, raw, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "edgen: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
	}
}

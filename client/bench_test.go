package client_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
	"github.com/tmaxmax/go-sse"
)

// The benchmarks of the SSE-to-chunk decoding (`make bench` runs them with -benchmem).
// One op is one chunk: a stream carries b.N chunks, so ns/op, B/op and allocs/op read per
// chunk (the stream's own setup is spread over them). The body comes from memory through
// an http.RoundTripper, so no network time is counted.

// benchChunk is one Edgen chunk event carrying content, as the real server sends it.
func benchChunk(content string) string {
	c, _ := json.Marshal(content)
	return `data: {"id":"e55b11e3-7a3d-4f1c-9a8e-1f2b3c4d5e6f","choices":[{"delta":{"content":` + string(c) +
		`,"role":null},"finish_reason":null,"index":0}],"created":1706718034,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}` +
		"\n\n"
}

// benchSizes are the two chunk shapes of the browser benchmark: 16 bytes and 1 KB of content.
var benchSizes = []struct {
	name    string
	content string
}{
	{"small", strings.Repeat("w", 16)}, // the fake's default chunk-bytes
	{"1KB", strings.Repeat("x", 1024)},
}

// repeatBody reads event n times, in reads of at most 32 KiB (as a socket would hand them).
type repeatBody struct {
	block []byte // 64 copies of the event
	event int    // length of one event
	left  int    // bytes still to send
	off   int    // offset in block
}

func newRepeatBody(event string, n int) *repeatBody {
	return &repeatBody{block: []byte(strings.Repeat(event, 64)), event: len(event), left: n * len(event)}
}

func (r *repeatBody) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	if r.off == len(r.block) {
		r.off = 0
	}
	n := copy(p[:min(len(p), 32<<10, r.left)], r.block[r.off:])
	r.off += n
	r.left -= n
	return n, nil
}

func (r *repeatBody) Close() error { return nil }

// benchClient returns a client whose every request is answered with an event stream of n
// copies of event.
func benchClient(event string, n int) *client.Client {
	rt := benchTransport(func(req *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"text/event-stream"}},
			Body:       newRepeatBody(event, n),
			Request:    req,
		}, nil
	})
	return client.New(client.WithBaseURL("http://edgen.invalid/v1/"), client.WithMaxRetries(0),
		client.WithHTTPClient(&http.Client{Transport: rt}))
}

type benchTransport func(*http.Request) (*http.Response, error)

func (f benchTransport) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// drain reads s to its end and fails b unless it yielded want chunks.
func drain[T any](b *testing.B, s *client.Stream[T], want int) {
	b.Helper()
	got := 0
	for s.Next() {
		got++
	}
	if err := s.Err(); err != nil || got != want {
		b.Fatalf("read %d chunks (err %v), want %d", got, err, want)
	}
	s.Close()
}

// BenchmarkStreamRaw decodes chunks as json.RawMessage, what the wasm face uses to hand
// each event to JavaScript undecoded.
func BenchmarkStreamRaw(b *testing.B) {
	body := json.RawMessage(`{"model":"fake","messages":[{"role":"user","content":"hi"}],"stream":true}`)
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			c := benchClient(benchChunk(size.content), b.N)
			b.ReportAllocs()
			b.ResetTimer()
			s, err := client.OpenStream[json.RawMessage](context.Background(), c, http.MethodPost, "chat/completions", body)
			if err != nil {
				b.Fatal(err)
			}
			drain(b, s, b.N)
		})
	}
}

// BenchmarkStreamTyped decodes chunks into ChatCompletionChunk (the Go API).
func BenchmarkStreamTyped(b *testing.B) {
	req := client.ChatCompletionRequest{Model: "fake", Messages: []client.ChatMessage{client.UserMessage("hi")}}
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			c := benchClient(benchChunk(size.content), b.N)
			b.ReportAllocs()
			b.ResetTimer()
			s, err := c.CreateChatCompletionStream(context.Background(), req)
			if err != nil {
				b.Fatal(err)
			}
			drain(b, s, b.N)
		})
	}
}

// BenchmarkSSERead is the baseline: go-sse's parser alone over the same bytes, so the
// client's own cost per chunk is the difference.
func BenchmarkSSERead(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			r := newRepeatBody(benchChunk(size.content), b.N)
			b.ReportAllocs()
			b.ResetTimer()
			got := 0
			for _, err := range sse.Read(r, &sse.ReadConfig{MaxEventSize: 1 << 20}) {
				if err != nil {
					b.Fatal(err)
				}
				got++
			}
			if got != b.N {
				b.Fatalf("read %d events, want %d", got, b.N)
			}
		})
	}
}

package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// cannedWords are the chunks of the fake's answer to "hi there".
var cannedWords = []string{"Hello!", " You", " said:", " hi", " there"}

// TestStreamEnds covers every way a stream ends: only a clean end of body and
// [DONE] are normal ends, and never a retry once a chunk arrived.
func TestStreamEnds(t *testing.T) {
	type check func(t *testing.T, err error)
	isNil := func(t *testing.T, err error) {
		if err != nil {
			t.Errorf("err = %v, want a normal end", err)
		}
	}
	isConnection := func(t *testing.T, err error) {
		if _, ok := as[*client.APIConnectionError](err); !ok {
			t.Errorf("err = %T %v, want *APIConnectionError", err, err)
		}
		if _, ok := as[*client.APITimeoutError](err); ok {
			t.Errorf("err = %v, a drop is not a timeout", err)
		}
	}
	isAPI := func(code string) check {
		return func(t *testing.T, err error) {
			e, ok := as[*client.APIError](err)
			if !ok || e.StatusCode != 200 || e.Code != code || !strings.Contains(e.Message, "error event") {
				t.Errorf("err = %T %v, want an *APIError of status 200 and code %q", err, err, code)
			}
		}
	}
	isMalformed := func(t *testing.T, err error) {
		var syn *json.SyntaxError
		if err == nil || !errors.As(err, &syn) && !strings.Contains(err.Error(), "malformed") {
			t.Errorf("err = %v, want a malformed-event error", err)
		}
		if _, ok := as[*client.APIError](err); ok {
			t.Errorf("err = %v, a malformed event is not an API error", err)
		}
		if _, ok := as[*client.APIConnectionError](err); ok {
			t.Errorf("err = %v, a malformed event is not a connection error", err)
		}
	}
	for _, tc := range []struct {
		faults string
		words  []string
		check  check
	}{
		{"", cannedWords, isNil},
		{"done", cannedWords, isNil},
		{"gap=5ms", cannedWords, isNil},
		{"drop-after=2", cannedWords[:2], isConnection},
		{"drop-after=0", nil, isConnection},
		{"error-after=1", cannedWords[:1], isAPI("no_such_model")},
		{"error-after=0;error-body=openai", nil, isAPI("edgentest_fault")},
		{"malformed-after=3", cannedWords[:3], isMalformed},
	} {
		t.Run(tc.faults, func(t *testing.T) {
			t.Parallel()
			h := edgentest.Start(t)
			c, rec := fakeClient(h)
			sc := h.Scenario(tc.faults)
			s, err := c.CreateChatCompletionStream(background, chatRequest("hi there"), with(sc)...)
			if err != nil {
				t.Fatal(err)
			}
			words, err := collect(t, s)
			// A browser drops the bytes it had not handed over yet when the
			// connection breaks: there, the chunks before a drop may be cut short.
			if runtime.GOOS == "js" && strings.HasPrefix(tc.faults, "drop-after") && len(words) < len(tc.words) {
				tc.words = tc.words[:len(words)]
			}
			if strings.Join(words, "|") != strings.Join(tc.words, "|") {
				t.Errorf("chunks %q, want %q", words, tc.words)
			}
			tc.check(t, err)
			if reqs := requests(t, sc); len(reqs) != 1 || len(rec.Delays()) != 0 {
				t.Errorf("%d requests, %d retries: a stream is never retried once open", len(reqs), len(rec.Delays()))
			}
			if s.Next() {
				t.Error("Next after the end returned true")
			}
		})
	}
}

func TestStreamRequestBody(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("")
	var raw client.Response
	s, err := c.CreateChatCompletionStream(background, chatRequest("hi"), with(sc, client.WithResponseInto(&raw))...)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r := requests(t, sc)[0]
	var body struct {
		Stream *bool `json:"stream"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Stream == nil || !*body.Stream {
		t.Errorf("body %s does not ask for a stream", r.Body)
	}
	if got := r.Header.Get("Accept"); got != "text/event-stream" {
		t.Errorf("Accept = %q", got)
	}
	if raw.StatusCode != 200 || !strings.HasPrefix(raw.Header.Get("Content-Type"), "text/event-stream") || raw.Body != nil {
		t.Errorf("raw response = %d %v body %q; want 200, an event stream, no body", raw.StatusCode, raw.Header, raw.Body)
	}
}

func TestOpenStreamRaw(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	body := json.RawMessage(`{"model":"fake","messages":[{"role":"user","content":"hi there"}],"stream":true}`)
	s, err := client.OpenStream[json.RawMessage](background, c, "POST", "chat/completions", body)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var words []string
	var prev json.RawMessage
	for s.Next() {
		raw := s.Current()
		var chunk struct {
			Choices []struct {
				Delta struct{ Content string }
			}
		}
		if err := json.Unmarshal(raw, &chunk); err != nil {
			t.Fatalf("chunk %s: %v", raw, err)
		}
		words = append(words, chunk.Choices[0].Delta.Content)
		if prev != nil && string(prev) == string(raw) {
			t.Error("two chunks share their bytes")
		}
		prev = raw
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(words, "") != "Hello! You said: hi there" {
		t.Errorf("raw chunks carry %q", words)
	}
}

func TestStreamRawErrorEvent(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("error-after=1")
	body := json.RawMessage(`{"model":"fake","messages":[{"role":"user","content":"hi"}],"stream":true}`)
	s, err := client.OpenStream[json.RawMessage](background, c, "POST", "chat/completions", body, with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for s.Next() {
		n++
	}
	if e, ok := as[*client.APIError](s.Err()); n != 1 || !ok || e.Code != "no_such_model" {
		t.Errorf("%d chunks then %v; want 1 chunk then the error event as *APIError", n, s.Err())
	}
}

func TestAccumulator(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	s, err := c.CreateChatCompletionStream(background, chatRequest("hi there"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var acc client.ChatCompletionAccumulator
	first := ""
	for s.Next() {
		if first == "" {
			first = s.Current().ID
		}
		acc.AddChunk(s.Current())
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	cc := acc.ChatCompletion()
	if len(cc.Choices) != 1 || cc.Choices[0].Message.Content != "Hello! You said: hi there" ||
		cc.Choices[0].Message.Role != client.RoleAssistant || cc.ID != first || cc.Model != "main" {
		t.Errorf("accumulated %+v", cc)
	}
}

// TestStreamCancel cancels the context while Next waits for a chunk that
// comes only much later: Next returns at once with context.Canceled and the
// fake sees the client go away.
func TestStreamCancel(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("gap=1h")
	ctx, cancel := context.WithCancel(background)
	defer cancel()
	s, err := c.CreateChatCompletionStream(ctx, chatRequest("hi"), with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Next() {
		t.Fatal(s.Err())
	}
	time.AfterFunc(20*time.Millisecond, cancel) // while Next below waits
	within(t, "Next after cancel", func() {
		if s.Next() {
			t.Error("Next returned a chunk after the cancellation")
		}
	})
	if !errors.Is(s.Err(), context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", s.Err())
	}
	if err := sc.WaitDisconnected(waitLimit); err != nil {
		t.Error(err)
	}
}

// TestStreamClose closes the stream from another goroutine while Next waits:
// Next ends quietly and the fake sees the client go away.
func TestStreamClose(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("stall-after=1")
	s, err := c.CreateChatCompletionStream(background, chatRequest("hi"), with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Next() {
		t.Fatal(s.Err())
	}
	time.AfterFunc(20*time.Millisecond, func() { s.Close() })
	within(t, "Next after Close", func() {
		if s.Next() {
			t.Error("Next returned a chunk after Close")
		}
	})
	if err := s.Err(); err != nil {
		t.Errorf("Err after Close = %v, want nil", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := sc.WaitDisconnected(waitLimit); err != nil {
		t.Error(err)
	}
}

// TestStreamTimeout: the timeout bounds each wait for a chunk, so a stalled
// stream ends with a *APITimeoutError while a slow but steady one is never cut.
func TestStreamTimeout(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)

	t.Run("stalled", func(t *testing.T) {
		t.Parallel()
		sc := h.Scenario("stall-after=2")
		s, err := c.CreateChatCompletionStream(background, chatRequest("hi there"), with(sc, client.WithTimeout(200*time.Millisecond))...)
		if err != nil {
			t.Fatal(err)
		}
		words, err := collect(t, s)
		if len(words) != 2 {
			t.Errorf("got %d chunks before the stall, want 2", len(words))
		}
		if _, ok := as[*client.APITimeoutError](err); !ok || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %T %v, want *APITimeoutError matching context.DeadlineExceeded", err, err)
		}
		if err := sc.WaitDisconnected(waitLimit); err != nil {
			t.Error(err)
		}
	})
	t.Run("steady", func(t *testing.T) {
		t.Parallel()
		// 12 chunks 100 ms apart take over a second, far longer than the
		// timeout, but no single wait comes near it.
		sc := h.Scenario("gap=100ms;answer=a b c d e f g h i j k l")
		s, err := c.CreateChatCompletionStream(background, chatRequest("hi"), with(sc, client.WithTimeout(time.Second))...)
		if err != nil {
			t.Fatal(err)
		}
		words, err := collect(t, s)
		if err != nil || len(words) != 12 {
			t.Errorf("got %d chunks, err %v; want 12 and a normal end", len(words), err)
		}
	})
}

func TestStreamErrorStatus(t *testing.T) {
	h := edgentest.Start(t)
	c, rec := fakeClient(h)
	sc := h.Scenario("status=500,200")
	s, err := c.CreateChatCompletionStream(background, chatRequest("hi there"), with(sc)...)
	if err != nil {
		t.Fatalf("a 500 then 200 is retried before the stream opens: %v", err)
	}
	words, err := collect(t, s)
	if err != nil || len(words) != len(cannedWords) || len(rec.Delays()) != 1 {
		t.Errorf("got %d chunks, err %v after %d retries", len(words), err, len(rec.Delays()))
	}

	sc = h.Scenario("status=422")
	_, err = c.CreateChatCompletionStream(background, chatRequest("hi"), with(sc)...)
	if _, ok := as[*client.UnprocessableEntityError](err); !ok {
		t.Errorf("err = %v, want the status as the error of the call", err)
	}
}

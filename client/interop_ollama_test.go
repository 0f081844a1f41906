//go:build !js

package client_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// The tests of this file talk to a real ollama (see internal/peertest), an
// OpenAI-compatible server: its tiny random-weight model writes gibberish,
// but tokenizing, sampling, seed, stop, max_tokens, streaming and embeddings
// are real.

// ollamaModel is the model the tests ask ollama for.
const ollamaModel = "tiny"

// ollamaWaitLimit bounds the wait for a stream of ollama's: a real model on
// a busy shared machine takes seconds for a few tokens. Passing it is a
// failure (a hang), never a timing measurement.
const ollamaWaitLimit = 3 * time.Minute

// tee is an http.RoundTripper that keeps a copy of every response body it
// hands over, to look at the bytes the server sent.
type tee struct {
	mu     sync.Mutex
	bodies []*bytes.Buffer
}

func (t *tee) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b := new(bytes.Buffer)
	t.mu.Lock()
	t.bodies = append(t.bodies, b)
	t.mu.Unlock()
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.TeeReader(resp.Body, b), resp.Body}
	return resp, nil
}

// last returns the last body read so far.
func (t *tee) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bodies[len(t.bodies)-1].String()
}

// ollamaClient is a client of the shared ollama, without retries, whose
// response bodies are kept in the returned tee.
func ollamaClient(t *testing.T) (*client.Client, *tee) {
	t.Helper()
	tr := &tee{}
	return client.New(client.WithBaseURL(peertest.Ollama(t)), client.WithAPIKey(""), client.WithLogger(nil),
		client.WithMaxRetries(0), client.WithHTTPClient(&http.Client{Transport: tr})), tr
}

// ollamaChat is a chat request for the tiny model.
func ollamaChat(text string, maxTokens int, seed int64) client.ChatCompletionRequest {
	return client.ChatCompletionRequest{Model: ollamaModel, Messages: []client.ChatMessage{client.UserMessage(text)},
		MaxTokens: client.Ptr(maxTokens), Seed: client.Ptr(seed)}
}

// whole asks for a whole answer and returns its one choice.
func whole(t *testing.T, c *client.Client, req client.ChatCompletionRequest) client.ChatCompletionChoice {
	t.Helper()
	resp, err := c.CreateChatCompletion(background, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices) != 1 {
		t.Fatalf("%d choices, want 1: %+v", len(resp.Choices), resp)
	}
	return resp.Choices[0]
}

// streamed reads a whole stream, returning its chunks and the accumulated answer.
func streamed(t *testing.T, c *client.Client, req client.ChatCompletionRequest) ([]client.ChatCompletionChunk, client.ChatCompletion) {
	t.Helper()
	s, err := c.CreateChatCompletionStream(background, req)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var chunks []client.ChatCompletionChunk
	var acc client.ChatCompletionAccumulator
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s.Next() {
			chunks = append(chunks, s.Current())
			acc.AddChunk(s.Current())
		}
	}()
	select {
	case <-done:
	case <-time.After(ollamaWaitLimit):
		s.Close()
		<-done
		t.Fatalf("the stream did not end within %v", ollamaWaitLimit)
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return chunks, acc.ChatCompletion()
}

func TestOllamaChat(t *testing.T) {
	c, _ := ollamaClient(t)
	got := whole(t, c, ollamaChat("Say something.", 12, 1))
	if got.Message.Role != client.RoleAssistant || got.Message.Content == "" {
		t.Errorf("message = %+v", got.Message)
	}
	if got.FinishReason != "length" && got.FinishReason != "stop" {
		t.Errorf("finish_reason %q", got.FinishReason)
	}
}

// TestOllamaStream: the stream ends with [DONE], the accumulated answer is
// the concatenation of the deltas, and it is the whole answer of the same
// seed.
func TestOllamaStream(t *testing.T) {
	c, tr := ollamaClient(t)
	req := ollamaChat("Tell a story.", 12, 7)
	chunks, final := streamed(t, c, req)
	if body := tr.last(); !strings.HasSuffix(strings.TrimRight(body, "\n"), "data: [DONE]") {
		t.Errorf("the stream did not end with [DONE]: ...%s", body[max(0, len(body)-200):])
	}
	var text strings.Builder
	for _, ch := range chunks {
		for _, choice := range ch.Choices {
			text.WriteString(choice.Delta.Content)
		}
	}
	if len(chunks) < 2 || len(final.Choices) != 1 {
		t.Fatalf("%d chunks, final answer %+v", len(chunks), final)
	}
	answer := final.Choices[0]
	if answer.Message.Content != text.String() || answer.Message.Content == "" {
		t.Errorf("final answer %q, the deltas say %q", answer.Message.Content, text.String())
	}
	if answer.FinishReason != "length" || answer.Message.Role != client.RoleAssistant {
		t.Errorf("final choice %+v", answer)
	}
	if final.Object != "chat.completion" || final.ID == "" || !final.JSON.Usage.IsMissing() {
		t.Errorf("final answer object %q id %q usage %s, want no usage without include_usage", final.Object, final.ID, final.JSON.Usage.Raw())
	}
	if w := whole(t, c, req); w.Message.Content != answer.Message.Content {
		t.Errorf("whole answer %q, streamed %q: the same seed gave another text", w.Message.Content, answer.Message.Content)
	}
}

// TestOllamaStreamUsage: include_usage adds a last chunk without choices
// carrying the usage, which the accumulated answer reports.
func TestOllamaStreamUsage(t *testing.T) {
	c, tr := ollamaClient(t)
	req := ollamaChat("Count.", 6, 3)
	req.StreamOptions = &client.StreamOptions{IncludeUsage: true}
	chunks, final := streamed(t, c, req)
	last := chunks[len(chunks)-1]
	if len(last.Choices) != 0 || !last.JSON.Usage.Valid() || last.Usage.CompletionTokens != 6 ||
		last.Usage.TotalTokens != last.Usage.PromptTokens+6 {
		t.Errorf("last chunk %s", tr.last()[strings.LastIndex(strings.TrimSuffix(tr.last(), "data: [DONE]\n\n"), "data: "):])
	}
	for _, ch := range chunks[:len(chunks)-1] {
		if ch.JSON.Usage.Valid() {
			t.Errorf("a chunk before the last carries usage %s", ch.JSON.Usage.Raw())
		}
	}
	if !final.JSON.Usage.Valid() || final.Usage.CompletionTokens != 6 || final.Usage.PromptTokens != last.Usage.PromptTokens {
		t.Errorf("final usage %+v (%s)", final.Usage, final.JSON.Usage.Raw())
	}
}

// TestOllamaSampling: max_tokens, seed and stop act as they should.
func TestOllamaSampling(t *testing.T) {
	c, _ := ollamaClient(t)
	req := ollamaChat("Write a long line.", 16, 42)
	resp, err := c.CreateChatCompletion(background, req)
	if err != nil {
		t.Fatal(err)
	}
	first := resp.Choices[0]
	if first.FinishReason != "length" || resp.Usage.CompletionTokens != 16 {
		t.Errorf("max_tokens 16: finish_reason %q, %d completion tokens", first.FinishReason, resp.Usage.CompletionTokens)
	}
	text := first.Message.Content
	if again := whole(t, c, req); again.Message.Content != text {
		t.Errorf("seed 42 twice: %q then %q", text, again.Message.Content)
	}

	// A stop phrase taken from the middle of that text ends the same answer
	// just before its first occurrence.
	runes := []rune(text)
	if len(runes) < 8 {
		t.Fatalf("answer %q is too short to take a stop phrase from", text)
	}
	stop := string(runes[len(runes)/2 : len(runes)/2+2])
	want := text[:strings.Index(text, stop)]
	for _, form := range []client.StringOrArray{{String: stop}, {Array: []string{stop, "\x00never"}}} {
		req.Stop = form
		got := whole(t, c, req)
		if got.Message.Content != want || got.FinishReason != "stop" {
			t.Errorf("stop %q (array %v): %q with finish_reason %q, want %q", stop, form.Array != nil, got.Message.Content, got.FinishReason, want)
		}
	}
}

func TestOllamaModels(t *testing.T) {
	c, _ := ollamaClient(t)
	list, err := c.ListModels(background)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range list.Data {
		ids = append(ids, m.ID)
	}
	if list.Object != "list" || !list.JSON.Page.IsMissing() || len(ids) < 2 {
		t.Fatalf("list %+v", list)
	}
	for _, id := range ids {
		m, err := c.RetrieveModel(background, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != id || m.Object != "model" || m.Created == 0 || !m.JSON.OwnedBy.Valid() {
			t.Errorf("model %q = %+v", id, m)
		}
	}
	if !strings.Contains(strings.Join(ids, " "), ollamaModel) {
		t.Errorf("models %v, want %q among them", ids, ollamaModel)
	}
}

func TestOllamaEmbeddings(t *testing.T) {
	c, _ := ollamaClient(t)
	for _, in := range []client.StringOrArray{{String: "one"}, {Array: []string{"one", "two"}}} {
		got, err := c.CreateEmbeddings(background, client.EmbeddingsRequest{Input: in, Model: ollamaModel})
		if err != nil {
			t.Fatal(err)
		}
		want := max(1, len(in.Array))
		if len(got.Embeddings) != want || !got.JSON.Embeddings.IsMissing() || !got.JSON.ExtraFields["data"].Valid() {
			t.Fatalf("%d vectors, want %d (embeddings %s, data %.80s)", len(got.Embeddings), want,
				got.JSON.Embeddings.Raw(), got.JSON.ExtraFields["data"].Raw())
		}
		for i, e := range got.Embeddings {
			if e.Index != i || len(e.Embedding) == 0 || len(e.Embedding) != len(got.Embeddings[0].Embedding) {
				t.Errorf("vector %d: index %d, %d numbers", i, e.Index, len(e.Embedding))
			}
		}
	}
}

// TestOllamaUnknownModel: a 404 in OpenAI's envelope, for chat, embeddings
// and a model's description alike.
func TestOllamaUnknownModel(t *testing.T) {
	c, _ := ollamaClient(t)
	const name = "no-such-model-here"
	_, chatErr := c.CreateChatCompletion(background, client.ChatCompletionRequest{Model: name,
		Messages: []client.ChatMessage{client.UserMessage("hi")}})
	_, streamErr := c.CreateChatCompletionStream(background, client.ChatCompletionRequest{Model: name,
		Messages: []client.ChatMessage{client.UserMessage("hi")}})
	_, embErr := c.CreateEmbeddings(background, client.EmbeddingsRequest{Input: client.StringOrArray{String: "x"}, Model: name})
	_, modelErr := c.RetrieveModel(background, name)
	for what, err := range map[string]error{"chat": chatErr, "stream": streamErr, "embeddings": embErr, "retrieve": modelErr} {
		nf, ok := as[*client.NotFoundError](err)
		if !ok {
			t.Errorf("%s: %v (%T), want a *client.NotFoundError", what, err, err)
			continue
		}
		if nf.StatusCode != 404 || !strings.Contains(nf.Message, name) || nf.Code == "" ||
			!strings.HasPrefix(err.Error(), "edgen: "+nf.Message) || !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(string(nf.Body), `"error":{"message":`) {
			t.Errorf("%s: status %d, code %q, message %q, error %q", what, nf.StatusCode, nf.Code, nf.Message, err)
		}
	}
}

// TestOllamaAbort: closing a stream mid-answer ends the generation. The
// request carries a query of its own (ollama ignores it, its log shows it),
// so the log line ollama writes once the request's handler returned, which
// it does when the generation ends, is this request's; and the next request
// is answered.
func TestOllamaAbort(t *testing.T) {
	logPath := filepath.Join(peersWork(), "ollama.log")
	mark := fmt.Sprintf(`"/v1/chat/completions?abort=%d"`, time.Now().UnixNano())
	c, _ := ollamaClient(t)
	path := client.PathChatCompletions + strings.TrimSuffix(strings.TrimPrefix(mark, `"/v1/chat/completions`), `"`)
	req := ollamaChat("Go on forever.", 5000, 5)
	req.Stream = client.Ptr(true)
	s, err := client.OpenStream[client.ChatCompletionChunk](background, c, http.MethodPost, path, req)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if !s.Next() {
			t.Fatalf("the stream ended early: %v", s.Err())
		}
	}
	s.Close()
	if s.Next() || s.Err() != nil {
		t.Errorf("a closed stream: Next after Close, err %v", s.Err())
	}
	deadline := time.Now().Add(ollamaWaitLimit)
	for !strings.Contains(readFile(t, logPath), mark) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if log := readFile(t, logPath); !strings.Contains(log, mark) {
		t.Fatalf("ollama's log shows no end of the aborted request %s within %v:\n%s", mark, ollamaWaitLimit, tail(log, 10))
	}
	if got := whole(t, c, ollamaChat("And now?", 3, 1)); got.Message.Content == "" {
		t.Errorf("the request after the abort: %+v", got)
	}
}

// peersWork is where the shared peers write their logs (PEERS_WORK of the Makefile).
func peersWork() string {
	if w := os.Getenv("PEERS_WORK"); w != "" {
		return w
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "edgen-peers")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// rawChat sends a chat request given as raw JSON, the form the client sends
// for fields its request type may not have, and returns the answer and the
// body as received.
func rawChat(t *testing.T, c *client.Client, tr *tee, body string) (*client.ChatCompletion, string, error) {
	t.Helper()
	var resp client.ChatCompletion
	err := c.Do(background, http.MethodPost, client.PathChatCompletions, json.RawMessage(body), &resp)
	if err != nil {
		return nil, "", err
	}
	return &resp, tr.last(), nil
}

// rawStreamed sends a chat request given as raw JSON, streamed, and returns
// its chunks and the accumulated answer.
func rawStreamed(t *testing.T, c *client.Client, body string) ([]client.ChatCompletionChunk, client.ChatCompletion) {
	t.Helper()
	body = strings.Replace(body, `{`, `{"stream":true,`, 1)
	s, err := client.OpenStream[client.ChatCompletionChunk](background, c, http.MethodPost, client.PathChatCompletions, json.RawMessage(body))
	if err != nil {
		t.Fatalf("streamed: %v", err)
	}
	defer s.Close()
	var chunks []client.ChatCompletionChunk
	var acc client.ChatCompletionAccumulator
	for s.Next() {
		chunks = append(chunks, s.Current())
		acc.AddChunk(s.Current())
	}
	if err := s.Err(); err != nil {
		t.Fatalf("streamed: %v", err)
	}
	return chunks, acc.ChatCompletion()
}

// TestOllamaThinking: ollama's /v1 (0.17) switches thinking with
// reasoning_effort or reasoning.effort: "none" turns it off and is answered;
// a level turns it on, which the tiny model cannot do, and is refused 400
// saying so; a value that is no level is refused as such. ollama's native
// "think" and llama.cpp's chat_template_kwargs are not fields of its /v1:
// they are accepted and do nothing.
func TestOllamaThinking(t *testing.T) {
	c, tr := ollamaClient(t)
	chat := func(field string) string {
		return `{"model":"` + ollamaModel + `","messages":[{"role":"user","content":"Think."}],"max_tokens":4,"seed":1,` + field + `}`
	}
	for _, field := range []string{`"reasoning_effort":"none"`, `"reasoning":{"effort":"none"}`, `"think":true`, `"think":false`,
		`"chat_template_kwargs":{"enable_thinking":true}`} {
		resp, raw, err := rawChat(t, c, tr, chat(field))
		if err != nil {
			t.Errorf("%s: %v", field, err)
			continue
		}
		if m := resp.Choices[0].Message; m.Content == "" || strings.Contains(raw, `"reasoning"`) {
			t.Errorf("%s: answer %s, want content and no reasoning", field, raw)
		}
	}
	for _, field := range []string{`"reasoning_effort":"low"`, `"reasoning_effort":"medium"`, `"reasoning_effort":"high"`, `"reasoning":{"effort":"high"}`} {
		_, _, err := rawChat(t, c, tr, chat(field))
		if e, ok := as[*client.BadRequestError](err); !ok || e.Message != `"`+ollamaModel+`" does not support thinking` {
			t.Errorf("%s: %v, want a 400 saying the model does not think", field, err)
		}
	}
	_, _, err := rawChat(t, c, tr, chat(`"reasoning_effort":"max"`))
	if e, ok := as[*client.BadRequestError](err); !ok || !strings.Contains(e.Message, `invalid reasoning value: 'max'`) || e.Type != "invalid_request_error" {
		t.Errorf("reasoning_effort max: %v, want a 400 naming the value", err)
	}

	// Streamed with thinking off: an ordinary stream.
	chunks, _ := rawStreamed(t, c, chat(`"reasoning_effort":"none"`))
	if len(chunks) < 2 || !strings.HasSuffix(strings.TrimSpace(tr.last()), "data: [DONE]") {
		t.Errorf("streamed without thinking: %d chunks: %s", len(chunks), tr.last())
	}
}

// TestOllamaStructured: a json_schema request is answered under the
// schema's grammar: even the random model writes JSON of the schema, whole
// and streamed.
func TestOllamaStructured(t *testing.T) {
	c, tr := ollamaClient(t)
	body := `{"model":"` + ollamaModel + `","messages":[{"role":"user","content":"A number."}],"max_tokens":200,"seed":%d,` +
		`"response_format":{"type":"json_schema","json_schema":{"name":"number","strict":true,"schema":` +
		`{"type":"object","properties":{"n":{"type":"integer"},"ok":{"type":"boolean"}},"required":["n","ok"],"additionalProperties":false}}}}`
	check := func(what, content, finish string) {
		t.Helper()
		var got map[string]any
		dec := json.NewDecoder(strings.NewReader(content))
		dec.UseNumber()
		if err := dec.Decode(&got); err != nil || finish != "stop" {
			t.Fatalf("%s: finish_reason %q, content %q is not JSON: %v", what, finish, content, err)
		}
		n, isNumber := got["n"].(json.Number)
		_, isBool := got["ok"].(bool)
		if _, err := n.Int64(); len(got) != 2 || !isNumber || err != nil || !isBool {
			t.Errorf("%s: %q does not follow the schema", what, content)
		}
	}
	for seed := range 3 {
		resp, raw, err := rawChat(t, c, tr, fmt.Sprintf(body, seed))
		if err != nil {
			t.Fatal(err)
		}
		check(raw, resp.Choices[0].Message.Content, resp.Choices[0].FinishReason)
	}
	_, final := rawStreamed(t, c, fmt.Sprintf(body, 7))
	check("streamed", final.Choices[0].Message.Content, final.Choices[0].FinishReason)
}

// TestOllamaToolsAndImages: the tiny model's template has no tools, so a
// request offering tools is refused 400 saying so; a dialogue carrying
// tool calls and their results (role "tool") is answered; an image part in
// OpenAI's nested form with a data URL is taken (the prompt grows), though
// the model cannot see.
func TestOllamaToolsAndImages(t *testing.T) {
	c, tr := ollamaClient(t)
	const head = `{"model":"` + ollamaModel + `","max_tokens":3,"seed":1,`
	_, _, err := rawChat(t, c, tr, head+`"messages":[{"role":"user","content":"Weather?"}],`+
		`"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}`)
	if e, ok := as[*client.BadRequestError](err); !ok || !strings.HasSuffix(e.Message, "does not support tools") {
		t.Errorf("tools: %v, want a 400 saying the model takes no tools", err)
	}
	resp, raw, err := rawChat(t, c, tr, head+`"messages":[{"role":"user","content":"Weather?"},`+
		`{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},`+
		`{"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},`+
		`{"role":"tool","tool_call_id":"call_1","content":"sunny"},{"role":"tool","tool_call_id":"call_2","content":"noon"}]}`)
	if err != nil || resp.Choices[0].Message.Content == "" {
		t.Errorf("tool results: %v %s", err, raw)
	}
	text := head + `"messages":[{"role":"user","content":"What is this?"}]}`
	image := head + `"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},` +
		`{"type":"image_url","image_url":{"url":"data:image/png;base64,` + tinyPNG + `"}}]}]}`
	plain, _, err := rawChat(t, c, tr, text)
	if err != nil {
		t.Fatal(err)
	}
	withImage, raw, err := rawChat(t, c, tr, image)
	if err != nil || withImage.Usage.PromptTokens <= plain.Usage.PromptTokens {
		t.Errorf("image part: %v %s; prompt tokens %d, without the image %d", err, raw, withImage.Usage.PromptTokens, plain.Usage.PromptTokens)
	}
}

// tinyPNG is a 1x1 PNG, base64.
const tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

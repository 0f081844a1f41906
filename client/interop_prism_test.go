//go:build !js

package client_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// The tests of this file send what the client builds to Prism serving the
// OpenAI spec (see internal/peertest): Prism validates every request body
// and answers 422 application/problem+json naming each violation.

// prismClient is a client of the shared Prism, without retries.
func prismClient(t *testing.T) *client.Client {
	t.Helper()
	return client.New(client.WithBaseURL(peertest.Prism(t)), client.WithAPIKey(""), client.WithLogger(nil), client.WithMaxRetries(0))
}

// prismChat is the smallest chat request the spec accepts.
func prismChat(messages ...client.ChatMessage) client.ChatCompletionRequest {
	if messages == nil {
		messages = []client.ChatMessage{client.UserMessage("Hi!")}
	}
	return client.ChatCompletionRequest{Model: "gpt-4o-mini", Messages: messages}
}

// TestPrismChatRequests: every chat request the client builds in OpenAI's
// forms validates, whole and streamed; Edgen's own forms that the spec does
// not have are refused, each for the reason listed.
func TestPrismChatRequests(t *testing.T) {
	c := prismClient(t)
	weather := client.FunctionTool("weather", "the weather in a city",
		json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`))
	full := prismChat(
		client.SystemMessage("Be brief."),
		client.UserMessage("What is the weather in Paris?"),
		client.ChatMessage{OfAssistant: &client.ChatAssistantMessage{ToolCalls: []client.ToolCall{{ID: "call_1", Type: "function",
			Function: client.ToolCallFunction{Name: "weather", Arguments: `{"city":"Paris"}`}}}}},
		client.ToolMessage("call_1", "sunny"),
		client.AssistantMessage("Sunny."),
		client.UserMessage("Thanks."),
	)
	full.FrequencyPenalty = client.Ptr(0.5)
	full.PresencePenalty = client.Ptr(-0.5)
	full.LogitBias = map[int]float64{50256: -100}
	full.MaxTokens = client.Ptr(64)
	full.N = client.Ptr(1)
	full.Seed = client.Ptr(int64(7))
	full.Temperature = client.Ptr(0.2)
	full.TopP = client.Ptr(0.9)
	full.User = client.Ptr("user-1")
	full.Tools = []client.Tool{weather}

	valid := map[string]func(*client.ChatCompletionRequest){
		"minimal":              func(*client.ChatCompletionRequest) {},
		"typical parameters":   func(r *client.ChatCompletionRequest) { *r = full },
		"stop as a string":     func(r *client.ChatCompletionRequest) { r.Stop = client.StringOrArray{String: "\n"} },
		"stop as an array":     func(r *client.ChatCompletionRequest) { r.Stop = client.StringOrArray{Array: []string{"\n", "END"}} },
		"response_format json": func(r *client.ChatCompletionRequest) { r.ResponseFormat = &client.ResponseFormat{Type: "json_object"} },
		"response_format text": func(r *client.ChatCompletionRequest) { r.ResponseFormat = &client.ResponseFormat{Type: "text"} },
		"tools, tool_choice auto": func(r *client.ChatCompletionRequest) {
			r.Tools, r.ToolChoice = full.Tools, client.ToolChoice{Mode: client.ToolChoiceAuto}
		},
		"tool_choice none": func(r *client.ChatCompletionRequest) {
			r.Tools, r.ToolChoice = full.Tools, client.ToolChoice{Mode: client.ToolChoiceNone}
		},
		"tool_choice required": func(r *client.ChatCompletionRequest) {
			r.Tools, r.ToolChoice = full.Tools, client.ToolChoice{Mode: client.ToolChoiceRequired}
		},
		"tool_choice naming a tool": func(r *client.ChatCompletionRequest) {
			r.Tools, r.ToolChoice = full.Tools, client.ToolChoiceFunction("weather")
		},
		"tool without a description": func(r *client.ChatCompletionRequest) { r.Tools = []client.Tool{client.FunctionTool("now", "", nil)} },
		"content parts, OpenAI's form": func(r *client.ChatCompletionRequest) {
			detail := "low"
			img := client.OpenAIImageURLPart("https://example.com/cat.png")
			img.Detail = &detail
			r.Messages = []client.ChatMessage{client.UserMessageParts(client.TextPart("What is this?"), img,
				client.OpenAIImageURLPart("data:image/png;base64,iVBORw0KGgo="))}
		},
		"text parts only": func(r *client.ChatCompletionRequest) {
			r.Messages = []client.ChatMessage{client.UserMessageParts(client.TextPart("a"), client.TextPart("b"))}
		},
		"named messages": func(r *client.ChatCompletionRequest) {
			r.Messages = []client.ChatMessage{{OfSystem: &client.ChatSystemMessage{Content: client.Ptr("s"), Name: client.Ptr("rules")}},
				{OfUser: &client.ChatUserMessage{Content: client.UserContent{Text: "u"}, Name: client.Ptr("ann")}}}
		},
		// The spec allows fields it does not name: Edgen's pass.
		"Edgen's one_shot and context_hint": func(r *client.ChatCompletionRequest) {
			r.OneShot, r.ContextHint = client.Ptr(true), client.Ptr(uint32(2048))
		},
	}
	for name, edit := range valid {
		t.Run(name, func(t *testing.T) {
			req := prismChat()
			edit(&req)
			resp, err := c.CreateChatCompletion(background, req)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if len(resp.Choices) == 0 || resp.Object != "chat.completion" {
				t.Errorf("answer %+v", resp)
			}
			req.StreamOptions = &client.StreamOptions{IncludeUsage: true}
			s, err := c.CreateChatCompletionStream(background, req)
			if err != nil {
				t.Fatalf("refused streamed: %v", err)
			}
			defer s.Close()
			var acc client.ChatCompletionAccumulator
			for s.Next() {
				acc.AddChunk(s.Current())
			}
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
			if got := acc.ChatCompletion(); len(got.Choices) != 1 || got.Choices[0].Message.Content == "" || got.Choices[0].FinishReason != "stop" {
				t.Errorf("streamed answer %+v", got)
			}
		})
	}

	// What Prism refuses on purpose: a form of Edgen's that OpenAI's spec does
	// not have, and a request the spec forbids that the client sends as asked.
	refused := []struct {
		name, reason, names string // names: what the violation is about
		req                 client.ChatCompletionRequest
	}{
		{"Edgen's flat image part", "Edgen reads the url beside the type; OpenAI nests it in image_url", "image_url",
			prismChat(client.UserMessageParts(client.TextPart("What is this?"), client.ImageURLPart("https://example.com/cat.png")))},
		{"no messages", "the spec wants at least one message; an empty non-nil Messages is sent as [], so the server says so itself", "messages",
			client.ChatCompletionRequest{Model: "gpt-4o-mini", Messages: []client.ChatMessage{}}},
	}
	for _, tc := range refused {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			_, err := c.CreateChatCompletion(background, tc.req)
			e, ok := as[*client.UnprocessableEntityError](err)
			if !ok {
				t.Fatalf("%v, want a 422 (%s)", err, tc.reason)
			}
			if !strings.Contains(string(e.Body), tc.names) || !strings.Contains(e.Header.Get("Content-Type"), "problem+json") {
				t.Errorf("the violation does not name %q: %s %s", tc.names, e.Header.Get("Content-Type"), e.Body)
			}
		})
	}
}

// TestPrismEmbeddingsAndModels: embeddings with one and several inputs, the
// model list, one model and its deletion validate and decode.
func TestPrismEmbeddingsAndModels(t *testing.T) {
	c := prismClient(t)
	for _, in := range []client.StringOrArray{{String: "one"}, {Array: []string{"one", "two"}}} {
		got, err := c.CreateEmbeddings(background, client.EmbeddingsRequest{Input: in, Model: "text-embedding-3-small"})
		if err != nil {
			t.Fatalf("input %+v refused: %v", in, err)
		}
		if len(got.Embeddings) == 0 || len(got.Embeddings[0].Embedding) == 0 || !got.JSON.ExtraFields["data"].Valid() {
			t.Errorf("embeddings %+v", got)
		}
	}
	list, err := c.ListModels(background)
	if err != nil {
		t.Fatal(err)
	}
	if list.Object != "list" || len(list.Data) == 0 || list.Data[0].ID == "" || !list.JSON.Page.IsMissing() {
		t.Errorf("list %+v", list)
	}
	for _, id := range []string{"gpt-4o-mini", "TheBloke/neural-chat-7B-v3-3-GGUF"} {
		m, err := c.RetrieveModel(background, id)
		if err != nil || m.ID == "" || m.Object != "model" {
			t.Errorf("retrieve %q: %+v, %v", id, m, err)
		}
		del, err := c.DeleteModel(background, id)
		if err != nil || !del.JSON.Deleted.Valid() {
			t.Errorf("delete %q: %+v, %v", id, del, err)
		}
	}
}

// TestPrismTranscription: the multipart body validates.
func TestPrismTranscription(t *testing.T) {
	c := prismClient(t)
	got, err := c.CreateTranscription(background, client.TranscriptionRequest{
		File: strings.NewReader("RIFF0000WAVEfmt "), FileName: "a.wav", Model: "whisper-1",
		Language: client.Ptr("en"), Prompt: client.Ptr("a cat"), ResponseFormat: client.Ptr("json"), Temperature: client.Ptr(0.0),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.JSON.Text.Valid() {
		t.Errorf("transcription %+v", got)
	}
}

// TestPrismTodaysRequests: the request shapes of today's models validate,
// whole and streamed: tool calls and their results as a tool runner sends
// them back, response_format with json_schema, image parts with data URLs,
// reasoning_effort at every level, stream_options; the switches of other
// servers (ollama's think, llama.cpp's chat_template_kwargs) pass as fields
// the spec does not name. They are sent as the raw JSON the client sends.
func TestPrismTodaysRequests(t *testing.T) {
	c := prismClient(t)
	const (
		head = `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi!"}]`
		tool = `{"type":"function","function":{"name":"weather","description":"the weather in a city","strict":true,` +
			`"parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}}`
		png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
	)
	valid := map[string]string{
		"a tool runner's second round": `{"model":"gpt-4o-mini","tools":[` + tool + `,{"type":"function","function":{"name":"now"}}],` +
			`"tool_choice":"auto","parallel_tool_calls":true,"messages":[{"role":"user","content":"Weather and time?"},` +
			`{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},` +
			`{"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":"sunny"},{"role":"tool","tool_call_id":"call_2","content":"noon"}]}`,
		"response_format json_schema, strict": head + `,"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,` +
			`"schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}}}}`,
		"response_format json_schema, described": head + `,"response_format":{"type":"json_schema","json_schema":{"name":"n","description":"a number","schema":{"type":"number"}}}}`,
		"image parts, nested, a data URL": `{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},` +
			`{"type":"image_url","image_url":{"url":"data:image/png;base64,` + png + `","detail":"high"}},` +
			`{"type":"image_url","image_url":{"url":"data:image/png;base64,` + png + `"}}]}]}`,
		"reasoning_effort none":                               head + `,"reasoning_effort":"none"}`,
		"reasoning_effort minimal":                            head + `,"reasoning_effort":"minimal"}`,
		"reasoning_effort low":                                head + `,"reasoning_effort":"low"}`,
		"reasoning_effort high":                               head + `,"reasoning_effort":"high"}`,
		"stream_options without usage":                        head + `,"stream_options":{"include_usage":false}}`,
		"ollama's think and llama.cpp's chat_template_kwargs": head + `,"think":true,"chat_template_kwargs":{"enable_thinking":false}}`,
	}
	for name, body := range valid {
		t.Run(name, func(t *testing.T) {
			var resp client.ChatCompletion
			if err := c.Do(background, http.MethodPost, client.PathChatCompletions, json.RawMessage(body), &resp); err != nil {
				t.Fatalf("refused: %v", err)
			}
			if len(resp.Choices) == 0 || resp.Object != "chat.completion" {
				t.Errorf("answer %+v", resp)
			}
			if !strings.Contains(body, "stream_options") {
				body = strings.Replace(body, `{`, `{"stream_options":{"include_usage":true},`, 1)
			}
			if chunks, _ := rawStreamed(t, c, body); len(chunks) == 0 {
				t.Error("streamed: no chunks")
			}
		})
	}

	refused := []struct{ name, body, names string }{
		{"reasoning_effort of no level", head + `,"reasoning_effort":"maximum"}`, "reasoning_effort"},
		{"json_schema without a name", head + `,"response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}}`, "response_format"},
		{"a tool result without its call id", `{"model":"gpt-4o-mini","messages":[{"role":"tool","content":"sunny"}]}`, "messages"},
		{"an image part with a bare url", `{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"image_url","image_url":"data:image/png;base64,` + png + `"}]}]}`, "image_url"},
	}
	for _, tc := range refused {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			err := c.Do(background, http.MethodPost, client.PathChatCompletions, json.RawMessage(tc.body), nil)
			e, ok := as[*client.UnprocessableEntityError](err)
			if !ok {
				t.Fatalf("%v, want a 422", err)
			}
			if !strings.Contains(string(e.Body), tc.names) {
				t.Errorf("the violation does not name %q: %s", tc.names, e.Body)
			}
		})
	}
}

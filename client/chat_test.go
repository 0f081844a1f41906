package client_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

func TestCreateChatCompletion(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("")
	got, err := c.CreateChatCompletion(background, chatRequest("hi there"), with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Choices) != 1 {
		t.Fatalf("got %d choices, want 1", len(got.Choices))
	}
	msg := got.Choices[0].Message
	if msg.Content != "Hello! You said: hi there" || msg.Role != client.RoleAssistant {
		t.Errorf("message = %q from %q, want the canned answer from the assistant", msg.Content, msg.Role)
	}
	if got.Object != "text_completion" || got.Model != "main" || got.ID == "" || got.Created == 0 {
		t.Errorf("completion fields = %+v", got)
	}
	reqs := requests(t, sc)
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].Path != "/chat/completions" {
		t.Fatalf("fake received %+v, want one POST /chat/completions", reqs)
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if _, ok := body["stream"]; ok {
		t.Errorf("a whole completion sent stream: %s", reqs[0].Body)
	}
}

// TestNullVersusMissing checks that a caller can tell a field sent as null
// from one left out, on a real answer of the fake.
func TestNullVersusMissing(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	got, err := c.CreateChatCompletion(background, chatRequest("hi"))
	if err != nil {
		t.Fatal(err)
	}
	ch := got.Choices[0]
	for _, tc := range []struct {
		name                   string
		f                      client.Field
		present, null, missing bool
	}{
		{"finish_reason (null)", ch.JSON.FinishReason, true, true, false},
		{"message.name (null)", ch.Message.JSON.Name, true, true, false},
		{"message.tool_calls (null)", ch.Message.JSON.ToolCalls, true, true, false},
		{"message.content (value)", ch.Message.JSON.Content, true, false, false},
		{"system_fingerprint (value)", got.JSON.SystemFingerprint, true, false, false},
		{"usage.total_tokens (value 0)", got.Usage.JSON.TotalTokens, true, false, false},
	} {
		if tc.f.IsPresent() != tc.present || tc.f.IsNull() != tc.null || tc.f.IsMissing() != tc.missing ||
			tc.f.Valid() != (tc.present && !tc.null) {
			t.Errorf("%s: present=%v null=%v missing=%v valid=%v (raw %q)", tc.name,
				tc.f.IsPresent(), tc.f.IsNull(), tc.f.IsMissing(), tc.f.Valid(), tc.f.Raw())
		}
	}

	s, err := c.CreateChatCompletionStream(background, chatRequest("hi"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Next() {
		t.Fatal(s.Err())
	}
	chunk := s.Current()
	if !chunk.JSON.Usage.IsMissing() || chunk.JSON.Usage.IsNull() {
		t.Errorf("chunk usage: missing=%v null=%v, want missing", chunk.JSON.Usage.IsMissing(), chunk.JSON.Usage.IsNull())
	}
	if d := chunk.Choices[0].Delta; !d.JSON.Role.IsNull() || !d.JSON.Content.Valid() {
		t.Errorf("delta role null=%v, content valid=%v; want true, true", d.JSON.Role.IsNull(), d.JSON.Content.Valid())
	}
}

func TestDecodeFieldMetadata(t *testing.T) {
	var got client.ChatCompletionMessage
	in := `{"ROLE":"assistant", "content" : null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}],"extra":{"a":[1,"}"]},"n\u0061me":"bot"}`
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	if got.Role != "assistant" || !got.JSON.Role.Valid() {
		t.Errorf("a key matched case-insensitively (as encoding/json does) is present: %+v", got.JSON.Role)
	}
	if !got.JSON.Content.IsNull() || got.Content != "" {
		t.Errorf("content: null=%v value %q", got.JSON.Content.IsNull(), got.Content)
	}
	if got.Name != "bot" || got.JSON.Name.Raw() != `"bot"` {
		t.Errorf("escaped key: name %q, raw %q", got.Name, got.JSON.Name.Raw())
	}
	if len(got.ToolCalls) != 1 || got.ToolCalls[0].Function.Name != "f" || !got.ToolCalls[0].Function.JSON.Arguments.Valid() {
		t.Errorf("tool calls = %+v", got.ToolCalls)
	}
	if x := got.JSON.ExtraFields["extra"]; x.Raw() != `{"a":[1,"}"]}` {
		t.Errorf("extra field raw = %q", x.Raw())
	}
	var missing client.ChatCompletionMessage
	if err := json.Unmarshal([]byte(`{}`), &missing); err != nil {
		t.Fatal(err)
	}
	if !missing.JSON.Content.IsMissing() || missing.JSON.Content.IsNull() || missing.JSON.Content.Raw() != "" {
		t.Errorf("a missing field is not reported missing: %+v", missing.JSON.Content)
	}
}

// TestChatRequestEncoding checks every request parameter's wire form, as the
// fake receives it (and accepts it).
func TestChatRequestEncoding(t *testing.T) {
	detail := "low"
	req := client.ChatCompletionRequest{
		Model: "fake",
		Messages: []client.ChatMessage{
			client.SystemMessage("be brief"),
			client.UserMessageParts(client.TextPart("look"), client.ContentPart{Type: client.PartImageURL, URL: "http://127.0.0.1/x.png", Detail: &detail}),
			{OfAssistant: &client.ChatAssistantMessage{ToolCalls: []client.ToolCall{{ID: "c1", Type: "function",
				Function: client.ToolCallFunction{Name: "now", Arguments: "{}"}}}}},
			client.ToolMessage("c1", "noon"),
			client.UserMessage("and now?"),
		},
		FrequencyPenalty: client.Ptr(0.5),
		LogitBias:        map[int]float64{50256: -100},
		MaxTokens:        client.Ptr(64),
		N:                client.Ptr(1),
		PresencePenalty:  client.Ptr(-0.5),
		Seed:             client.Ptr(int64(7)),
		Stop:             client.StringOrArray{Array: []string{"\n", "END"}},
		ResponseFormat:   &client.ResponseFormat{Type: "json_object"},
		Temperature:      client.Ptr(0.2),
		TopP:             client.Ptr(0.9),
		Tools:            []client.Tool{client.FunctionTool("now", "the time", json.RawMessage(`{"type":"object"}`))},
		ToolChoice:       client.ToolChoice{Mode: "auto"},
		User:             client.Ptr("u1"),
		OneShot:          client.Ptr(true),
		ContextHint:      client.Ptr(uint32(2048)),
	}
	want := `{"model":"fake","messages":[` +
		`{"role":"system","content":"be brief"},` +
		`{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","url":"http://127.0.0.1/x.png","detail":"low"}]},` +
		`{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"now","arguments":"{}"}}]},` +
		`{"role":"tool","content":"noon","tool_call_id":"c1"},` +
		`{"role":"user","content":"and now?"}],` +
		`"frequency_penalty":0.5,"logit_bias":{"50256":-100},"max_tokens":64,"n":1,"presence_penalty":-0.5,"seed":7,` +
		`"stop":["\n","END"],"response_format":{"type":"json_object"},"temperature":0.2,"top_p":0.9,` +
		`"tools":[{"type":"function","function":{"name":"now","description":"the time","parameters":{"type":"object"}}}],` +
		`"tool_choice":"auto","user":"u1","one_shot":true,"context_hint":2048}`

	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	sc := h.Scenario("")
	got, err := c.CreateChatCompletion(background, req, with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	if got.Choices[0].Message.Content != "Hello! You said: and now?" {
		t.Errorf("answer %q does not answer the last user message", got.Choices[0].Message.Content)
	}
	if body := string(requests(t, sc)[0].Body); body != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}

	// The other forms of the unions.
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"stop string", client.ChatCompletionRequest{Stop: client.StringOrArray{String: "\n"}}, `"stop":"\n"`},
		{"tool choice naming a function", client.ToolChoiceFunction("now"),
			`{"type":"function","function":{"name":"now"}}`},
		{"stream options", client.ChatCompletionRequest{StreamOptions: &client.StreamOptions{IncludeUsage: true}},
			`"stream_options":{"include_usage":true}`},
		{"stream options without usage", client.ChatCompletionRequest{StreamOptions: &client.StreamOptions{}},
			`"stream_options":{}`},
		{"empty messages sent", client.ChatCompletionRequest{Messages: []client.ChatMessage{}}, `"messages":[]`},
		{"OpenAI's nested image part", client.OpenAIImageURLPart("http://127.0.0.1/i.png"),
			`{"type":"image_url","image_url":{"url":"http://127.0.0.1/i.png"}}`},
		{"user text", client.UserMessage("hi"), `{"role":"user","content":"hi"}`},
		{"no parts", client.UserMessageParts(), `{"role":"user","content":[]}`},
		{"image part", client.ImageURLPart("http://127.0.0.1/i.png"), `{"type":"image_url","url":"http://127.0.0.1/i.png"}`},
		{"embeddings input", client.EmbeddingsRequest{Input: client.StringOrArray{Array: []string{"a"}}, Model: "m"}, `{"input":["a"],"model":"m"}`},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: %s does not contain %s", tc.name, b, tc.want)
		}
	}
}

func TestChatMessageRoundTrip(t *testing.T) {
	in := []client.ChatMessage{
		client.SystemMessage("s"),
		client.UserMessage("u"),
		client.UserMessageParts(client.TextPart("t"), client.ImageURLPart("http://127.0.0.1/i.png"),
			client.OpenAIImageURLPart("http://127.0.0.1/j.png")),
		client.AssistantMessage("a"),
		client.ToolMessage("id", "r"),
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out []client.ChatMessage
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	b2, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(b2) {
		t.Errorf("round trip changed the messages:\n%s\n%s", b, b2)
	}
	for i, m := range out {
		if m.Role() != in[i].Role() {
			t.Errorf("message %d: role %q, want %q", i, m.Role(), in[i].Role())
		}
	}
	for _, bad := range []client.ChatMessage{{}, {OfUser: &client.ChatUserMessage{}, OfTool: &client.ChatToolMessage{}}} {
		if _, err := json.Marshal(bad); err == nil {
			t.Errorf("a message with %q variants marshalled", bad.Role())
		}
	}
	if err := json.Unmarshal([]byte(`{"role":"robot"}`), new(client.ChatMessage)); err == nil {
		t.Error("an unknown role unmarshalled")
	}
}

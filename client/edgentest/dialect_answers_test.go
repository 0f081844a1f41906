//go:build !js

package edgentest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// wholeHead starts the whole answer of the openai dialect.
const wholeHead = `{"id":"ID","object":"chat.completion","created":1,"model":"m","system_fingerprint":"fp_edgentest","choices":[{"index":0,"message":`

// TestDialectStructured: a json_schema answer as each outcome, whole, in
// its exact bytes.
func TestDialectStructured(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	body := `{"model":"m","messages":[{"role":"user","content":"a person"}],"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,` +
		`"schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":18}},"required":["name","age"]}}}}`
	tests := []struct{ outcome, message, finish string }{
		{"valid", `{"role":"assistant","content":"{\"age\":18,\"name\":\"example\"}"}`, "stop"},
		{"cut", `{"role":"assistant","content":"{\"age\":18,\"na"}`, "length"},
		{"invalid", `{"role":"assistant","content":"{\"age\":18,\"name\":42}"}`, "stop"},
		{"refused", `{"role":"assistant","content":null,"refusal":"I'm sorry, but I can't help with that."}`, "stop"},
	}
	for _, tt := range tests {
		t.Run(tt.outcome, func(t *testing.T) {
			resp, got := call(t, "POST", srv.URL+"chat/completions", body, jsonCT, HeaderDialect+": openai;structured="+tt.outcome)
			wantStatus(t, resp, got, 200)
			want := wholeHead + tt.message + `,"finish_reason":"` + tt.finish + `"}],"usage":{"prompt_tokens":3,`
			if g := normalize(string(got)); !strings.HasPrefix(g, want) {
				t.Errorf("answer\n%s\nwant it to start\n%s", g, want)
			}
		})
	}
	// Streamed, the JSON comes in 8-byte pieces that join to the whole.
	_, got := call(t, "POST", srv.URL+"chat/completions", strings.Replace(body, `"model":"m"`, `"model":"m","stream":true`, 1), jsonCT, HeaderDialect+": openai")
	want := cat(fill(openaiHead+`{"role":"assistant","content":"%s"}`+pending, `{"age":1`),
		fill(openaiHead+`{"content":"%s"}`+pending, `8,"name"`, `:"exampl`, `e"}`),
		[]string{openaiHead + `{},"finish_reason":"stop"}]}`, "[DONE]"})
	if evs := events(t, got); strings.Join(evs, "\n") != strings.Join(want, "\n") {
		t.Errorf("streamed:\n%s\nwant\n%s", strings.Join(evs, "\n"), strings.Join(want, "\n"))
	}
	// json_object: an object with the canned answer.
	_, got = call(t, "POST", srv.URL+"chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}`, jsonCT, HeaderDialect+": openai")
	if !strings.Contains(string(got), `"content":"{\"answer\":\"Hello! You said: x\"}"`) {
		t.Errorf("json_object: %s", got)
	}
}

// TestExampleJSON: the made-up values of a few schemas, and invalid ones.
func TestExampleJSON(t *testing.T) {
	t.Parallel()
	tests := []struct{ schema, valid, invalid string }{
		{`{"type":"string"}`, `"example"`, `42`},
		{`{"type":["null","integer"],"exclusiveMinimum":5,"maximum":9}`, `6`, `"not of type integer"`},
		{`{"enum":["b","a"]}`, `"b"`, `"edgentest: not of the schema"`},
		{`{"type":"array","items":{"type":"boolean"},"minItems":2}`, `[true,true]`, `"not of type array"`},
		{`{"type":"string","format":"date-time","maxLength":10}`, `"2025-01-02"`, `42`},
		{`{"type":"string","minLength":10}`, `"examplexxx"`, `42`},
		{`{"$defs":{"p":{"type":"object","properties":{"x":{"const":7}}}},"$ref":"#/$defs/p"}`, `{"x":7}`, `"not of type object"`},
		{`{"anyOf":[{"type":"null"},{"type":"number","minimum":2.5}]}`, `2.5`, `"not of type number"`},
		{`{"allOf":[{"properties":{"a":{"type":"string"}}},{"properties":{"b":{"type":"integer"}},"required":["b"]}]}`, `{"a":"example","b":1}`, `{"a":"example","b":"not of type integer"}`},
		{`{"type":"object","properties":{"n":{"type":"object","properties":{"deep":{"type":"string"}}},"s":{"type":"string"}},"required":["s"]}`,
			`{"n":{"deep":"example"},"s":"example"}`, `{"n":{"deep":"example"},"s":42}`},
		{`true`, `"example"`, `"edgentest: not of the schema"`}, // a schema taking anything cannot be broken
		{`{"type":"object","properties":{"self":{"$ref":"#"}}}`, `{"self":{"self":{"self":{"self":{"self":{"self":{"self":{"self":{"self":null}}}}}}}}}`, `{"self":"not of type object"}`},
	}
	for _, tt := range tests {
		if got := string(exampleJSON(json.RawMessage(tt.schema))); got != tt.valid {
			t.Errorf("exampleJSON(%s) = %s, want %s", tt.schema, got, tt.valid)
		}
		if got := string(invalidJSON(json.RawMessage(tt.schema))); got != tt.invalid {
			t.Errorf("invalidJSON(%s) = %s, want %s", tt.schema, got, tt.invalid)
		}
	}
}

// TestDialectUsage: each usage policy, streamed with and without
// include_usage, and whole.
func TestDialectUsage(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	const usage = `"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}`
	plain := `{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	asked := `{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}`
	whole := `{"model":"m","messages":[{"role":"user","content":"hi"}]}`
	content := openaiHead + `{"role":"assistant","content":"ok"}` + pending
	finish := openaiHead + `{},"finish_reason":"stop"}]`
	usageChunk := `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp_edgentest","choices":[],` + usage + `}`
	tests := []struct {
		name, policy, body string
		want               []string // stream events, or the whole answer's normalized body
	}{
		{"include, not asked", "include", plain, []string{content, finish + "}", "[DONE]"}},
		{"include, asked", "include", asked, []string{content, finish + "}", usageChunk, "[DONE]"}},
		{"include, whole", "include", whole, []string{wholeHead + `{"role":"assistant","content":"ok"},"finish_reason":"stop"}],` + usage + `}`}},
		{"always, not asked", "always", plain, []string{content, finish + "," + usage + "}", "[DONE]"}},
		{"always, asked", "always", asked, []string{content, finish + "," + usage + "}", "[DONE]"}},
		{"never, asked", "never", asked, []string{content, finish + "}", "[DONE]"}},
		{"never, whole", "never", whole, []string{wholeHead + `{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}`}},
		{"refused, without stream_options", "refused", plain, []string{content, finish + "}", "[DONE]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := call(t, "POST", srv.URL+"chat/completions", tt.body, jsonCT,
				HeaderDialect+": openai;usage="+tt.policy, HeaderFaults+": answer=ok")
			wantStatus(t, resp, body, 200)
			got := []string{normalize(string(body))}
			if strings.Contains(tt.body, `"stream":true`) {
				got = events(t, body)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	resp, body := call(t, "POST", srv.URL+"chat/completions", asked, jsonCT, HeaderDialect+": openai;usage=refused")
	want := `{"error":{"message":"Unrecognized request argument supplied: stream_options","type":"invalid_request_error","param":"stream_options","code":null}}`
	if resp.StatusCode != 400 || string(body) != want || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("refused: %d %s %s, want 400 %s", resp.StatusCode, resp.Header.Get("Content-Type"), body, want)
	}
}

// TestDialectImages: image parts as each server takes them.
func TestDialectImages(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	msg := func(part string) string {
		return `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},` + part + `]}]}`
	}
	const (
		nested = `{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}`
		flat   = `{"type":"image_url","url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}`
	)
	tests := []struct {
		name, dialect, body string
		status              int
		has                 string
	}{
		{"openai sees a data URL", "openai", msg(nested), 200, `"content":"Hello! You said: What is this?[image: image/png, 8 bytes]"`},
		{"openai sees a web address", "ollama", msg(`{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}`), 200, `You said: What is this?[image: https://example.com/cat.png]`},
		{"openai refuses the flat form", "openai", msg(flat), 400, `"message":"messages[0]: content[1]: missing field ` + "`image_url`" + ` (OpenAI nests the image as image_url: {url})"`},
		{"openai refuses bad base64", "openai", msg(`{"type":"image_url","image_url":{"url":"data:image/png;base64,!!"}}`), 400, "invalid image input"},
		{"openai refuses a data URL of text", "openai", msg(`{"type":"image_url","image_url":{"url":"data:text/plain;base64,aGk="}}`), 400, "data:image/<type>;base64"},
		{"edgen pastes the url into the prompt", "edgen", msg(flat), 200, `"content":"Hello! You said: What is this?<IMAGE data:image/png;base64,iVBORw0KGgo=> (low)"`},
		{"edgen refuses the nested form", "edgen", msg(nested), 422, "messages[0]: data did not match any variant of untagged enum Either"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := call(t, "POST", srv.URL+"chat/completions", tt.body, jsonCT, HeaderDialect+": "+tt.dialect)
			wantStatus(t, resp, body, tt.status)
			if !strings.Contains(string(body), tt.has) {
				t.Errorf("body %s lacks %s", body, tt.has)
			}
		})
	}
}

// TestDialectThinkingSwitches: thinking off by each switch, as each server
// reads them.
func TestDialectThinkingSwitches(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct {
		dialect, field string
		thinks         bool
	}{
		{"llamacpp", ``, true},
		{"llamacpp", `"reasoning_effort":"none",`, false},
		{"llamacpp", `"reasoning_effort":"low",`, true},
		{"llamacpp", `"reasoning":{"effort":"none"},`, false},
		{"llamacpp", `"think":false,`, false},
		{"llamacpp", `"chat_template_kwargs":{"enable_thinking":false},`, false},
		{"llamacpp", `"chat_template_kwargs":{"enable_thinking":true},`, true},
		{"ollama", `"reasoning_effort":"none",`, false},
		{"ollama", `"reasoning":{"effort":"none"},`, false},
		{"ollama", `"think":false,`, true},
		{"ollama", `"chat_template_kwargs":{"enable_thinking":false},`, true},
		{"edgen;reasoning=think", `"think":false,"reasoning_effort":"none",`, true},
		{"openai", `"reasoning_effort":"high",`, false},
	}
	for _, tt := range tests {
		body := `{"model":"m",` + tt.field + `"messages":[{"role":"user","content":"hi"}]}`
		resp, got := call(t, "POST", srv.URL+"chat/completions", body, jsonCT, HeaderDialect+": "+tt.dialect)
		wantStatus(t, resp, got, 200)
		if thinks := strings.Contains(string(got), "The user wrote"); thinks != tt.thinks {
			t.Errorf("%s with %s: thinks %v, want %v: %s", tt.dialect, tt.field, thinks, tt.thinks, got)
		}
	}
	resp, got := call(t, "POST", srv.URL+"chat/completions", `{"model":"m","reasoning_effort":"max","messages":[]}`, jsonCT, HeaderDialect+": ollama")
	want := `{"error":{"message":"invalid reasoning value: 'max' (must be \"high\", \"medium\", \"low\", or \"none\")","type":"invalid_request_error","param":null,"code":null}}`
	if resp.StatusCode != 400 || string(got) != want {
		t.Errorf("ollama, effort max: %d %s, want 400 %s", resp.StatusCode, got, want)
	}
}

// TestDialectSelection: the header, the model name, and what is refused.
func TestDialectSelection(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	body := func(model string) string {
		return `{"model":"` + model + `","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}`
	}
	tests := []struct {
		name, header, model string
		status              int
		has                 string
	}{
		{"no dialect: Edgen", "", "m", 200, `"object":"text_completion"`},
		{"the header", "ollama", "m", 200, `"system_fingerprint":"fp_ollama"`},
		{"the model name", "", "fake:llamacpp;usage=never", 200, `"model":"fake:llamacpp;usage=never","system_fingerprint":"b6000-edgentest","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! You said: hi"},"finish_reason":"stop"}],"timings"`},
		{"the header wins", "openai", "fake:ollama", 200, `"system_fingerprint":"fp_edgentest"`},
		{"unknown server", "gpt", "m", 400, `edgentest: bad X-Fake-Dialect header: unknown server "gpt" (known: edgen, openai, ollama, llamacpp, llamacpp-old, lmstudio, deepseek, vllm)`},
		{"unknown server in the model", "", "fake:nope", 400, `edgentest: bad dialect in model name "fake:nope": unknown server "nope"`},
		{"unknown key", "openai;colour=red", "m", 400, `"colour": unknown key`},
		{"bad value", "openai;tools=sideways", "m", 400, `"tools": "sideways" is not one of index, whole`},
		{"repeated key", "openai;usage=never;usage=always", "m", 400, `"usage" is given twice`},
		{"edgen has no tools", "edgen;tools=index", "m", 400, "the edgen dialect has only reasoning"},
		{"edgen has no reasoning field", "edgen;reasoning=reasoning", "m", 400, "the edgen dialect's deltas have no reasoning field"},
		{"tool-rounds at least 1", "openai;tool-rounds=0", "m", 400, "must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := []string{jsonCT}
			if tt.header != "" {
				hdr = append(hdr, HeaderDialect+": "+tt.header)
			}
			resp, got := call(t, "POST", srv.URL+"chat/completions", body(tt.model), hdr...)
			wantStatus(t, resp, got, tt.status)
			if !strings.Contains(string(got), tt.has) {
				t.Errorf("body %s lacks %s", got, tt.has)
			}
			if tt.status == 400 && resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q, want text/plain", resp.Header.Get("Content-Type"))
			}
		})
	}
}

// TestDialectRequestErrors: what the OpenAI-compatible dialects refuse,
// 400 in OpenAI's envelope.
func TestDialectRequestErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct{ name, body, has string }{
		{"missing model", `{"messages":[]}`, "missing field `model`"},
		{"unknown role", `{"model":"m","messages":[{"role":"robot"}]}`, "robot"},
		{"tool message without its id", `{"model":"m","messages":[{"role":"tool","content":"x"}]}`, "tool_call_id"},
		{"bad tool_choice", `{"model":"m","tool_choice":"always"}`, `tool_choice: \"always\" is not one of auto, none, required`},
		{"json_schema without a name", `{"model":"m","response_format":{"type":"json_schema","json_schema":{"schema":{}}}}`, "json_schema needs json_schema.name"},
		{"unknown response_format", `{"model":"m","response_format":{"type":"yaml"}}`, `unknown type \"yaml\"`},
		{"stream_options not an object", `{"model":"m","stream_options":true}`, "stream_options"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, got := call(t, "POST", srv.URL+"chat/completions", tt.body, jsonCT, HeaderDialect+": openai")
			wantStatus(t, resp, got, 400)
			var e struct {
				Error struct{ Message, Type string } `json:"error"`
			}
			if err := json.Unmarshal(got, &e); err != nil || e.Error.Type != "invalid_request_error" || !strings.Contains(string(got), tt.has) {
				t.Errorf("body %s (%v): want the envelope naming %s", got, err, tt.has)
			}
		})
	}
}

// TestDialectFaults: the stream faults apply to the other dialects too,
// and their error event is OpenAI's envelope.
func TestDialectFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	_, body := call(t, "POST", srv.URL+"chat/completions", chatBody("x", true), jsonCT, HeaderDialect+": ollama", HeaderFaults+": error-after=2")
	evs := events(t, body)
	want := `{"error":{"message":"edgentest fault: error event","type":"server_error","param":null,"code":"edgentest_fault"}}`
	if len(evs) != 3 || evs[2] != want {
		t.Errorf("error-after=2: %q, want two chunks and %s", evs, want)
	}
	_, body = call(t, "POST", srv.URL+"chat/completions", chatBody("x", true), jsonCT, HeaderDialect+": ollama", HeaderFaults+": error-after=1;error-body=edgen")
	if evs := events(t, body); len(evs) != 2 || !strings.HasPrefix(evs[1], `{"error":"no_such_model"`) {
		t.Errorf("error-body=edgen: %q", evs)
	}
	req, err := http.NewRequest("POST", srv.URL+"chat/completions", strings.NewReader(chatBody("x", true)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderDialect, "lmstudio")
	req.Header.Set(HeaderFaults, "drop-after=3")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err == nil || strings.Count(string(got), "data: ") != 3 {
		t.Errorf("drop-after=3: read %q, err %v; want 3 events and a broken body", got, err)
	}
}

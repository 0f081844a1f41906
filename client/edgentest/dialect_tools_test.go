//go:build !js

package edgentest

import (
	"regexp"
	"strings"
	"testing"
)

// namesRE finds the names of the functions an answer calls.
var namesRE = regexp.MustCompile(`"function":\{"name":"([a-z]+)"`)

// toolsBody offers two tools, asks for both by name, and switches thinking
// off; extra is spliced in (messages of a second round).
func toolsBody(stream bool, extra string) string {
	s := `{"model":"m","reasoning_effort":"none","tools":[` +
		`{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},` +
		`{"type":"function","function":{"name":"now"}}],` +
		`"messages":[{"role":"user","content":"weather and now, please"}` + extra + `]`
	if stream {
		s += `,"stream":true`
	}
	return s + "}"
}

// TestDialectToolCallShapes: the two calls, streamed in each shape servers
// send, in their exact bytes; the arguments are made up from the schema.
func TestDialectToolCallShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	const (
		head   = openaiHead
		weath  = `"id":"call_1","type":"function","function":{"name":"weather"`
		now    = `"id":"call_2","type":"function","function":{"name":"now"`
		finish = openaiHead + `{},"finish_reason":"tool_calls"}]}`
	)
	tests := []struct {
		shape string
		want  []string
	}{
		{"index", []string{
			head + `{"role":"assistant","tool_calls":[{"index":0,` + weath + `,"arguments":""}}]}` + pending,
			head + `{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,"function":{"arguments":"\"example"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,"function":{"arguments":"\"}"}}]}` + pending,
			head + `{"tool_calls":[{"index":1,` + now + `,"arguments":""}}]}` + pending,
			head + `{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}` + pending,
			finish, "[DONE]"}},
		{"whole", []string{
			head + `{"role":"assistant","tool_calls":[{"index":0,` + weath + `,"arguments":"{\"city\":\"example\"}"}}]}` + pending,
			head + `{"tool_calls":[{"index":1,` + now + `,"arguments":"{}"}}]}` + pending,
			finish, "[DONE]"}},
		{"whole-index0", []string{
			head + `{"role":"assistant","tool_calls":[{"index":0,` + weath + `,"arguments":"{\"city\":\"example\"}"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,` + now + `,"arguments":"{}"}}]}` + pending,
			finish, "[DONE]"}},
		{"name-repeated", []string{
			head + `{"role":"assistant","tool_calls":[{"index":0,` + weath + `,"arguments":"{\"city\":"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,` + weath + `,"arguments":"\"example"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,` + weath + `,"arguments":"\"}"}}]}` + pending,
			head + `{"tool_calls":[{"index":1,` + now + `,"arguments":"{}"}}]}` + pending,
			finish, "[DONE]"}},
		{"name-first", []string{
			head + `{"role":"assistant","tool_calls":[{"index":0,` + weath + `}}]}` + pending,
			head + `{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,"function":{"arguments":"\"example"}}]}` + pending,
			head + `{"tool_calls":[{"index":0,"function":{"arguments":"\"}"}}]}` + pending,
			head + `{"tool_calls":[{"index":1,` + now + `}}]}` + pending,
			head + `{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}` + pending,
			finish, "[DONE]"}},
		{"no-index", []string{
			head + `{"role":"assistant","tool_calls":[{` + weath + `,"arguments":""}}]}` + pending,
			head + `{"tool_calls":[{"id":"call_1","function":{"arguments":"{\"city\":"}}]}` + pending,
			head + `{"tool_calls":[{"id":"call_1","function":{"arguments":"\"example"}}]}` + pending,
			head + `{"tool_calls":[{"id":"call_1","function":{"arguments":"\"}"}}]}` + pending,
			head + `{"tool_calls":[{` + now + `,"arguments":""}}]}` + pending,
			head + `{"tool_calls":[{"id":"call_2","function":{"arguments":"{}"}}]}` + pending,
			finish, "[DONE]"}},
	}
	for _, tt := range tests {
		t.Run(tt.shape, func(t *testing.T) {
			resp, body := call(t, "POST", srv.URL+"chat/completions", toolsBody(true, ""), jsonCT, HeaderDialect+": openai;tools="+tt.shape)
			wantStatus(t, resp, body, 200)
			if got := events(t, body); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestDialectToolRounds: the whole answer's tool calls, then the answer to
// the results sent back; tool-rounds asks for more rounds first.
func TestDialectToolRounds(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	const answerHead = `{"id":"ID","object":"chat.completion","created":1,"model":"m","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":`
	_, body := call(t, "POST", srv.URL+"chat/completions", toolsBody(false, ""), jsonCT, HeaderDialect+": ollama")
	want := answerHead + `{"role":"assistant","content":"","tool_calls":[` +
		`{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"example\"}"}},` +
		`{"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},"finish_reason":"tool_calls"}],` +
		`"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}`
	if got := normalize(string(body)); got != want {
		t.Errorf("first round:\n%s\nwant\n%s", got, want)
	}

	results := `,{"role":"assistant","content":null,"tool_calls":[` +
		`{"id":"c1","type":"function","function":{"name":"weather","arguments":"{}"}},` +
		`{"id":"c2","type":"function","function":{"name":"now","arguments":"{}"}}]},` +
		`{"role":"tool","tool_call_id":"c2","content":"noon"},{"role":"tool","tool_call_id":"c1","content":"sunny"}`
	_, body = call(t, "POST", srv.URL+"chat/completions", toolsBody(false, results), jsonCT, HeaderDialect+": ollama")
	want = answerHead + `{"role":"assistant","content":"The tools said: now: noon; weather: sunny"},"finish_reason":"stop"}],` +
		`"usage":{"prompt_tokens":10,"completion_tokens":7,"total_tokens":17}}`
	if got := normalize(string(body)); got != want {
		t.Errorf("second round:\n%s\nwant\n%s", got, want)
	}

	_, body = call(t, "POST", srv.URL+"chat/completions", toolsBody(false, results), jsonCT, HeaderDialect+": ollama;tool-rounds=2")
	if got := normalize(string(body)); !strings.Contains(got, `"finish_reason":"tool_calls"`) {
		t.Errorf("tool-rounds=2, after one round: %s, want more calls", got)
	}
}

// TestDialectToolChoice: which tools the fake model calls.
func TestDialectToolChoice(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tools := `"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}]`
	tests := []struct {
		name, fields, text string
		want               []string // names called
	}{
		{"none named: the first", "", "hello", []string{"a"}},
		{"named: those", "", "use b", []string{"b"}},
		{"both named: parallel, in the order offered", "", "b then a", []string{"a", "b"}},
		{"tool_choice names one", `,"tool_choice":{"type":"function","function":{"name":"b"}}`, "a", []string{"b"}},
		{"tool_choice none", `,"tool_choice":"none"`, "a", nil},
		{"tool_choice required", `,"tool_choice":"required"`, "hello", []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"model":"m",` + tools + tt.fields + `,"messages":[{"role":"user","content":"` + tt.text + `"}]}`
			resp, got := call(t, "POST", srv.URL+"chat/completions", body, jsonCT, HeaderDialect+": openai")
			wantStatus(t, resp, got, 200)
			var names []string
			for _, m := range namesRE.FindAllStringSubmatch(string(got), -1) {
				names = append(names, m[1])
			}
			if strings.Join(names, ",") != strings.Join(tt.want, ",") {
				t.Errorf("called %v, want %v: %s", names, tt.want, got)
			}
		})
	}
	// Edgen never calls a tool: it reads no tools.
	edgenTools := `"tools":[{"type":"function","function":{"name":"a","parameters":{}}}]`
	_, got := call(t, "POST", srv.URL+"chat/completions", `{"model":"m",`+edgenTools+`,"messages":[{"role":"user","content":"a"}]}`, jsonCT)
	if !strings.Contains(string(got), `"content":"Hello! You said: a","name":null,"tool_calls":null`) {
		t.Errorf("Edgen with tools: %s", got)
	}
}

//go:build !js

package edgentest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Volatile parts of an answer, replaced before comparing bytes.
var (
	compatIDRE  = regexp.MustCompile(`"id":"chatcmpl-[0-9a-z]+"`)
	edgenIDRE   = regexp.MustCompile(`"id":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"`)
	createdRE   = regexp.MustCompile(`"created":\d+`)
	callIDRE    = regexp.MustCompile(`"call_[0-9a-z]{8}"`)
	ollamaIDRE  = regexp.MustCompile(`^"id":"chatcmpl-\d{1,3}"$`)
	randomIDRE  = regexp.MustCompile(`^"id":"chatcmpl-[0-9a-f]{16}"$`)
	normalizers = []struct {
		re   *regexp.Regexp
		with string
	}{{compatIDRE, `"id":"ID"`}, {edgenIDRE, `"id":"ID"`}, {createdRE, `"created":1`}}
)

// normalize replaces ids and times with fixed values, numbering the tool
// call ids in order of first appearance (call_1, call_2, ...).
func normalize(s string) string {
	for _, n := range normalizers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	calls := map[string]string{}
	return callIDRE.ReplaceAllStringFunc(s, func(id string) string {
		if _, ok := calls[id]; !ok {
			calls[id] = fmt.Sprintf(`"call_%d"`, len(calls)+1)
		}
		return calls[id]
	})
}

// events splits a stream body into its normalized events, "[DONE]" kept.
func events(t *testing.T, body []byte) []string {
	t.Helper()
	s := normalize(string(body))
	if !strings.HasSuffix(s, "\n\n") {
		t.Fatalf("the stream does not end with a blank line: %q", s)
	}
	var evs []string
	for ev := range strings.SplitSeq(strings.TrimSuffix(s, "\n\n"), "\n\n") {
		data, ok := strings.CutPrefix(ev, "data: ")
		if !ok {
			t.Fatalf("event %q is not a data line", ev)
		}
		evs = append(evs, data)
	}
	return evs
}

// fill makes one event per piece from a template of the exact bytes, the
// piece going where %s is, JSON-escaped as the servers escape it (<, > and
// & left alone).
func fill(template string, pieces ...string) []string {
	out := make([]string, len(pieces))
	for i, p := range pieces {
		q := string(marshalWireForTest(p))
		out[i] = fmt.Sprintf(template, q[1:len(q)-1])
	}
	return out
}

// marshalWireForTest is a JSON string as serde or ollama writes it.
func marshalWireForTest(s string) []byte {
	b, _ := json.Marshal(s)
	b = []byte(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b)))
	return b
}

// cat joins lists of events.
func cat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// thoughtHi is what the fake model thinks when the user wrote "hi" and it
// answers plainly, word by word.
var thoughtHi = []string{"The", " user", " wrote", ` "hi",`, " so", " I", " will", " greet", " them", " and", " say", " their", " words", " back."}

// Exact chunk templates of each dialect, id and created normalized.
const (
	ollamaHead   = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":`
	llamaHead    = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"b6000-edgentest","choices":[{"index":0,"delta":`
	llamaOldHead = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"b4000-edgentest","choices":[{"index":0,"delta":`
	lmHead       = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"lmstudio","choices":[{"index":0,"delta":`
	deepseekHead = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp_deepseek","choices":[{"index":0,"delta":`
	vllmHead     = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":`
	openaiHead   = `{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp_edgentest","choices":[{"index":0,"delta":`
	edgenChunk   = `{"id":"ID","choices":[{"delta":{"content":"%s","role":null},"finish_reason":null,"index":0}],"created":1,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`
	pending      = `,"finish_reason":null}]}`
	timingsHi    = `"timings":{"prompt_n":2,"prompt_ms":2,"prompt_per_token_ms":1,"prompt_per_second":1000,"predicted_n":16,"predicted_ms":160,"predicted_per_token_ms":10,"predicted_per_second":100}`
)

// TestDialectReasoning: each server's thinking, streamed, in its exact
// bytes: a delta field of its own, or <think> tags in the content.
func TestDialectReasoning(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	hi := `{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	hiUsage := `{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}`
	tests := []struct {
		name, dialect, body string
		want                []string
	}{
		{"ollama: reasoning, role and content in every delta", "ollama", hiUsage, cat(
			fill(ollamaHead+`{"role":"assistant","content":"","reasoning":"%s"}`+pending, thoughtHi...),
			fill(ollamaHead+`{"role":"assistant","content":"%s"}`+pending, "Hi", " there!"),
			[]string{ollamaHead + `{"role":"assistant","content":""},"finish_reason":"stop"}]}`,
				`{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":2,"completion_tokens":16,"total_tokens":18}}`,
				"[DONE]"})},
		{"llamacpp: reasoning_content, usage and timings", "llamacpp", hiUsage, cat(
			fill(llamaHead+`{"role":"assistant","reasoning_content":"%s"}`+pending, thoughtHi[0]),
			fill(llamaHead+`{"reasoning_content":"%s"}`+pending, thoughtHi[1:]...),
			fill(llamaHead+`{"content":"%s"}`+pending, "Hi", " there!"),
			[]string{llamaHead + `{},"finish_reason":"stop"}]}`,
				`{"id":"ID","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"b6000-edgentest","choices":[],"usage":{"prompt_tokens":2,"completion_tokens":16,"total_tokens":18},` + timingsHi + `}`,
				"[DONE]"})},
		{"llamacpp without include_usage: timings on the finish chunk", "llamacpp", hi, cat(
			fill(llamaHead+`{"role":"assistant","reasoning_content":"%s"}`+pending, thoughtHi[0]),
			fill(llamaHead+`{"reasoning_content":"%s"}`+pending, thoughtHi[1:]...),
			fill(llamaHead+`{"content":"%s"}`+pending, "Hi", " there!"),
			[]string{llamaHead + `{},"finish_reason":"stop"}],` + timingsHi + `}`, "[DONE]"})},
		{"lmstudio: reasoning_content", "lmstudio", hi, cat(
			fill(lmHead+`{"role":"assistant","reasoning_content":"%s"}`+pending, thoughtHi[0]),
			fill(lmHead+`{"reasoning_content":"%s"}`+pending, thoughtHi[1:]...),
			fill(lmHead+`{"content":"%s"}`+pending, "Hi", " there!"),
			[]string{lmHead + `{},"finish_reason":"stop"}]}`, "[DONE]"})},
		{"deepseek: reasoning_content", "deepseek", hi, cat(
			fill(deepseekHead+`{"role":"assistant","reasoning_content":"%s"}`+pending, thoughtHi[0]),
			fill(deepseekHead+`{"reasoning_content":"%s"}`+pending, thoughtHi[1:]...),
			fill(deepseekHead+`{"content":"%s"}`+pending, "Hi", " there!"),
			[]string{deepseekHead + `{},"finish_reason":"stop"}]}`, "[DONE]"})},
		{"vllm: reasoning, no system_fingerprint", "vllm", hi, cat(
			fill(vllmHead+`{"role":"assistant","reasoning":"%s"}`+pending, thoughtHi[0]),
			fill(vllmHead+`{"reasoning":"%s"}`+pending, thoughtHi[1:]...),
			fill(vllmHead+`{"content":"%s"}`+pending, "Hi", " there!"),
			[]string{vllmHead + `{},"finish_reason":"stop"}]}`, "[DONE]"})},
		{"llamacpp-old: <think> tags as chunks of their own, usage always", "llamacpp-old", hi, cat(
			fill(llamaOldHead+`{"role":"assistant","content":"%s"}`+pending, "<think>"),
			fill(llamaOldHead+`{"content":"%s"}`+pending, append(append(thoughtHi, "</think>", "\n\n"), "Hi", " there!")...),
			[]string{llamaOldHead + `{},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":19,"total_tokens":21},` +
				strings.NewReplacer(`"predicted_n":16`, `"predicted_n":19`, `"predicted_ms":160`, `"predicted_ms":190`).Replace(timingsHi) + `}`, "[DONE]"})},
		{"openai with think-open: no opening tag", "openai;reasoning=think-open", hi, cat(
			fill(openaiHead+`{"role":"assistant","content":"%s"}`+pending, thoughtHi[0]),
			fill(openaiHead+`{"content":"%s"}`+pending, append(append(thoughtHi[1:], "</think>", "\n\n"), "Hi", " there!")...),
			[]string{openaiHead + `{},"finish_reason":"stop"}]}`, "[DONE]"})},
		{"openai: no reasoning at all", "openai", hi, cat(
			fill(openaiHead+`{"role":"assistant","content":"%s"}`+pending, "Hi"),
			fill(openaiHead+`{"content":"%s"}`+pending, " there!"),
			[]string{openaiHead + `{},"finish_reason":"stop"}]}`, "[DONE]"})},
		{"edgen with think: Edgen's own chunks, no [DONE]", "edgen;reasoning=think", hi,
			fill(edgenChunk, append(append(append([]string{"<think>"}, thoughtHi...), "</think>", "\n\n"), "Hi", " there!")...)},
		{"edgen with think-split: tags straddle chunks", "edgen;reasoning=think-split", hi,
			fill(edgenChunk, "<thin", "k>The", " user", " wrot", `e "hi`, `", so`, " I wi", "ll gr", "eet t", "hem a", "nd sa", "y the",
				"ir wo", "rds b", "ack.<", "/thin", "k>\n\nH", "i", " there!")},
		{"edgen with think-open", "edgen;reasoning=think-open", hi,
			fill(edgenChunk, append(append(thoughtHi, "</think>", "\n\n"), "Hi", " there!")...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := call(t, "POST", srv.URL+"chat/completions", tt.body, jsonCT,
				HeaderDialect+": "+tt.dialect, HeaderFaults+": answer=Hi there!")
			wantStatus(t, resp, body, 200)
			got := events(t, body)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestDialectIDs: an answer keeps one id across its chunks, in its
// server's form: a number for ollama, random hex for the others.
func TestDialectIDs(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	for dialect, form := range map[string]*regexp.Regexp{"ollama": ollamaIDRE, "openai": randomIDRE} {
		_, body := call(t, "POST", srv.URL+"chat/completions", chatBody("x", true), jsonCT, HeaderDialect+": "+dialect)
		ids := map[string]bool{}
		for _, id := range compatIDRE.FindAllString(string(body), -1) {
			ids[id] = true
			if !form.MatchString(id) {
				t.Errorf("%s: id %s is not of the form %s", dialect, id, form)
			}
		}
		if len(ids) != 1 {
			t.Errorf("%s: ids %v, want one for the whole answer", dialect, ids)
		}
	}
}

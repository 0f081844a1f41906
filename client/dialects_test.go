//go:build !js

// These tests serve exact bytes from an httptest server, which GOOS=js
// cannot listen on; in Node and the browsers the same dialects are
// wasmtest's JS scenarios (js/models.mjs), against the fake.

package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
)

// dialect is a stream as one kind of server sends it, byte for byte, and
// what the client must read out of it.
type dialect struct {
	name   string
	chunks []string // the data of each event; "[DONE]" where the server sends it
	// what the accumulator and the parts must say, choice 0
	reasoning, content string
	toolCalls          []string // "id name arguments"
	finish             string
	usage              string // the stats' usage as JSON
	approximate        bool
	timings            string
	// wire: the final answer's own reasoning fields (never renamed)
	reasoningContent, reasoningField string
}

// The dialects of today's servers. The bytes are the servers' own forms
// (field order, nulls, the index and id habits of each).
var dialects = []dialect{
	{
		name: "DeepSeek: reasoning_content, then content, usage last",
		chunks: []string{
			`{"id":"d1","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"finish_reason":null}]}`,
			`{"id":"d1","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Two and "},"finish_reason":null}]}`,
			`{"id":"d1","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"two."},"finish_reason":null}]}`,
			`{"id":"d1","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"4","reasoning_content":null},"finish_reason":null}]}`,
			`{"id":"d1","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"finish_reason":"stop"}],"usage":null}`,
			`{"id":"d1","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,"completion_tokens_details":{"reasoning_tokens":11}}}`,
			`[DONE]`,
		},
		reasoning: "Two and two.", content: "4", finish: "stop", reasoningContent: "Two and two.",
		usage: `{"completion_tokens":12,"prompt_tokens":9,"total_tokens":21,"completion_tokens_details":{"reasoning_tokens":11}}`,
	},
	{
		name: "llama.cpp: reasoning_content deltas, timings in the last chunk, no usage",
		chunks: []string{
			`{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":2,"id":"chatcmpl-l","model":"qwen3","system_fingerprint":"b6000","object":"chat.completion.chunk"}`,
			`{"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Hmm"}}],"created":2,"id":"chatcmpl-l","model":"qwen3","system_fingerprint":"b6000","object":"chat.completion.chunk"}`,
			`{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],"created":2,"id":"chatcmpl-l","model":"qwen3","system_fingerprint":"b6000","object":"chat.completion.chunk"}`,
			`{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":2,"id":"chatcmpl-l","model":"qwen3","system_fingerprint":"b6000","object":"chat.completion.chunk","timings":{"prompt_n":5,"prompt_ms":10.5,"predicted_n":2,"predicted_ms":20,"predicted_per_second":100}}`,
			`[DONE]`,
		},
		reasoning: "Hmm", content: "Hi", finish: "stop", reasoningContent: "Hmm",
		usage: `{"completion_tokens":2,"prompt_tokens":0,"total_tokens":2}`, approximate: true,
		timings: `{"prompt_n":5,"prompt_ms":10.5,"predicted_n":2,"predicted_ms":20,"predicted_per_second":100}`,
	},
	{
		name: "ollama /v1: reasoning deltas, the role in every chunk",
		chunks: []string{
			`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":3,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Let me"},"finish_reason":null}]}`,
			`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":3,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":" think"},"finish_reason":null}]}`,
			`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":3,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Paris"},"finish_reason":null}]}`,
			`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":3,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}`,
			`[DONE]`,
		},
		reasoning: "Let me think", content: "Paris", finish: "stop", reasoningField: "Let me think",
		usage: `{"completion_tokens":3,"prompt_tokens":0,"total_tokens":3}`, approximate: true,
	},
	{
		name: "<think> in content, the tags split across chunks",
		chunks: []string{
			`{"id":"t","object":"chat.completion.chunk","created":4,"model":"r1","choices":[{"index":0,"delta":{"role":"assistant","content":"<thi"},"finish_reason":null}]}`,
			`{"id":"t","object":"chat.completion.chunk","created":4,"model":"r1","choices":[{"index":0,"delta":{"content":"nk>\nA cat"},"finish_reason":null}]}`,
			`{"id":"t","object":"chat.completion.chunk","created":4,"model":"r1","choices":[{"index":0,"delta":{"content":" purrs.</th"},"finish_reason":null}]}`,
			`{"id":"t","object":"chat.completion.chunk","created":4,"model":"r1","choices":[{"index":0,"delta":{"content":"ink>\n\nMeow <b>"},"finish_reason":null}]}`,
			`{"id":"t","object":"chat.completion.chunk","created":4,"model":"r1","choices":[{"index":0,"delta":{"content":"</think>"},"finish_reason":"stop"}]}`,
		},
		reasoning: "\nA cat purrs.", content: "Meow <b></think>", finish: "stop",
		usage: `{"completion_tokens":5,"prompt_tokens":0,"total_tokens":5}`, approximate: true,
	},
	{
		name: "<think> without the opening tag (the template opened it)",
		chunks: []string{
			`{"id":"u","object":"chat.completion.chunk","created":5,"model":"qwq","choices":[{"index":0,"delta":{"role":"assistant","content":"Okay, "},"finish_reason":null}]}`,
			`{"id":"u","object":"chat.completion.chunk","created":5,"model":"qwq","choices":[{"index":0,"delta":{"content":"so <"},"finish_reason":null}]}`,
			`{"id":"u","object":"chat.completion.chunk","created":5,"model":"qwq","choices":[{"index":0,"delta":{"content":"/think> Yes"},"finish_reason":null}]}`,
			`{"id":"u","object":"chat.completion.chunk","created":5,"model":"qwq","choices":[{"index":0,"delta":{"content":"."},"finish_reason":"stop"}]}`,
			`[DONE]`,
		},
		reasoning: "Okay, so ", content: "Yes.", finish: "stop",
		usage: `{"completion_tokens":4,"prompt_tokens":0,"total_tokens":4}`, approximate: true,
	},
	{
		name: "Edgen: no role, no finish_reason, no [DONE]",
		chunks: []string{
			`{"id":"e1","choices":[{"delta":{"content":"Hello","role":null},"finish_reason":null,"index":0}],"created":6,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`,
			`{"id":"e2","choices":[{"delta":{"content":"!","role":null},"finish_reason":null,"index":0}],"created":6,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`,
		},
		content: "Hello!", usage: `{"completion_tokens":2,"prompt_tokens":0,"total_tokens":2}`, approximate: true,
	},
	{
		name: "OpenAI tool calls: by index, arguments split across chunks",
		chunks: []string{
			`{"id":"o","object":"chat.completion.chunk","created":7,"model":"gpt","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}],"refusal":null},"finish_reason":null}]}`,
			`{"id":"o","object":"chat.completion.chunk","created":7,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}`,
			`{"id":"o","object":"chat.completion.chunk","created":7,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}`,
			`{"id":"o","object":"chat.completion.chunk","created":7,"model":"gpt","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},"finish_reason":null}]}`,
			`{"id":"o","object":"chat.completion.chunk","created":7,"model":"gpt","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
			`[DONE]`,
		},
		toolCalls: []string{`call_a weather {"city":"Paris"}`, `call_b time {}`}, finish: "tool_calls",
		usage: `{"completion_tokens":4,"prompt_tokens":0,"total_tokens":4}`, approximate: true,
	},
	{
		name: "ollama tool calls: each whole in one chunk, index 0 for all",
		chunks: []string{
			`{"id":"chatcmpl-2","object":"chat.completion.chunk","created":8,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_x1","index":0,"type":"function","function":{"name":"add","arguments":"{\"a\":1,\"b\":2}"}}]},"finish_reason":null}]}`,
			`{"id":"chatcmpl-2","object":"chat.completion.chunk","created":8,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_x2","index":0,"type":"function","function":{"name":"now","arguments":"{}"}}]},"finish_reason":null}]}`,
			`{"id":"chatcmpl-2","object":"chat.completion.chunk","created":8,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"tool_calls"}]}`,
			`[DONE]`,
		},
		toolCalls: []string{`call_x1 add {"a":1,"b":2}`, `call_x2 now {}`}, finish: "tool_calls",
		usage: `{"completion_tokens":2,"prompt_tokens":0,"total_tokens":2}`, approximate: true,
	},
	{
		name: "older llama.cpp tool calls: the name and id repeated in every piece",
		chunks: []string{
			`{"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"id":"c7","type":"function","function":{"name":"add","arguments":"{\"a\":"}}]}}],"created":9,"id":"x","model":"m","object":"chat.completion.chunk"}`,
			`{"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"id":"c7","type":"function","function":{"name":"add","arguments":"1}"}}]}}],"created":9,"id":"x","model":"m","object":"chat.completion.chunk"}`,
			`{"choices":[{"finish_reason":"tool_calls","index":0,"delta":{}}],"created":9,"id":"x","model":"m","object":"chat.completion.chunk"}`,
		},
		toolCalls: []string{`c7 add {"a":1}`}, finish: "tool_calls",
		usage: `{"completion_tokens":2,"prompt_tokens":0,"total_tokens":2}`, approximate: true,
	},
	{
		name: "LM Studio tool calls: the name only in the first piece",
		chunks: []string{
			`{"id":"lm","object":"chat.completion.chunk","created":10,"model":"m","system_fingerprint":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"365174485","type":"function","function":{"name":"add","arguments":""}}]},"logprobs":null,"finish_reason":null}]}`,
			`{"id":"lm","object":"chat.completion.chunk","created":10,"model":"m","system_fingerprint":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"type":"function","function":{"arguments":"{\"a\":2}"}}]},"logprobs":null,"finish_reason":null}]}`,
			`{"id":"lm","object":"chat.completion.chunk","created":10,"model":"m","system_fingerprint":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}`,
			`[DONE]`,
		},
		toolCalls: []string{`365174485 add {"a":2}`}, finish: "tool_calls",
		usage: `{"completion_tokens":2,"prompt_tokens":0,"total_tokens":2}`, approximate: true,
	},
	{
		name: "tool calls without an index: the id tells them apart",
		chunks: []string{
			`{"id":"n","object":"chat.completion.chunk","created":11,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"a1","type":"function","function":{"name":"f","arguments":"{\"x\""}}]},"finish_reason":null}]}`,
			`{"id":"n","object":"chat.completion.chunk","created":11,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"b2","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":null}]}`,
			`{"id":"n","object":"chat.completion.chunk","created":11,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"a1","function":{"arguments":":1}"}}]},"finish_reason":null}]}`,
			`{"id":"n","object":"chat.completion.chunk","created":11,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
		},
		toolCalls: []string{`a1 f {"x":1}`, `b2 g {}`}, finish: "tool_calls",
		usage: `{"completion_tokens":3,"prompt_tokens":0,"total_tokens":3}`, approximate: true,
	},
}

// streamServer serves each request of chat/completions under /v1/ with the
// events, byte for byte, as a server-sent event stream.
func streamServer(t *testing.T, events []string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range events {
			fmt.Fprintf(w, "data: %s\n\n", e)
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// read is what the client read out of a stream: the final answer, the
// parts' text by kind, the tool calls and the stats.
type read struct {
	final              client.ChatCompletion
	reasoning, content string
	toolCalls          []string
	finish             string
	stats              client.AnswerStats
}

// readStream streams the dialect from a real HTTP server through the
// client and reads it with ReadChunk and End.
func readStream(t *testing.T, d dialect) read {
	t.Helper()
	srv := streamServer(t, d.chunks)
	c := client.New(client.WithBaseURL(srv.URL+"/v1/"), client.WithAPIKey(""), client.WithLogger(nil))
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var acc client.ChatCompletionAccumulator
	start := time.Now()
	acc.Start(start)
	s, err := c.CreateChatCompletionStream(ctx, chatRequest("hi"))
	if err != nil {
		t.Fatal(err)
	}
	var parts []client.StreamPart
	for i := 0; s.Next(); i++ {
		parts = append(parts, acc.ReadChunk(s.Current(), start.Add(time.Duration(i+1)*time.Second))...)
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	parts = append(parts, acc.End()...)
	var r read
	r.final = acc.ChatCompletion()
	for i, p := range parts {
		if p.Index != 0 {
			t.Errorf("part %d %+v: index %d", i, p, p.Index)
		}
		switch p.Type {
		case client.StreamPartReasoning:
			r.reasoning += p.Text
		case client.StreamPartContent:
			r.content += p.Text
		case client.StreamPartContentToReasoning:
			if r.content != p.Text {
				t.Errorf("content_to_reasoning %q, but the content handed out was %q", p.Text, r.content)
			}
			r.reasoning = p.Text + r.reasoning
			r.content = ""
		case client.StreamPartToolCall:
			r.toolCalls = append(r.toolCalls, p.ToolCall.ID+" "+p.ToolCall.Function.Name+" "+p.ToolCall.Function.Arguments)
		case client.StreamPartFinish:
			if p.FinishReason != nil {
				r.finish = *p.FinishReason
			}
		case client.StreamPartStats:
			if i != len(parts)-1 {
				t.Errorf("the stats part is part %d of %d, not the last", i, len(parts))
			}
			r.stats = *p.Stats
		}
	}
	return r
}

// TestDialects reads the stream of each dialect, over HTTP, and checks the
// one way of reading it (parts, SplitReasoning of the final answer) and the
// wire's own fields in the final answer.
func TestDialects(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			r := readStream(t, d)
			if r.reasoning != d.reasoning || r.content != d.content {
				t.Errorf("parts: reasoning %q, content %q; want %q, %q", r.reasoning, r.content, d.reasoning, d.content)
			}
			msg := r.final.Choices[0].Message
			if got := msg.SplitReasoning(); got != (client.Reasoning{Reasoning: d.reasoning, Content: d.content}) {
				t.Errorf("SplitReasoning of the final answer: %+v; want reasoning %q, content %q", got, d.reasoning, d.content)
			}
			if msg.ReasoningContent != d.reasoningContent || msg.Reasoning != d.reasoningField {
				t.Errorf("the wire's fields in the final answer: reasoning_content %q, reasoning %q; want %q, %q", msg.ReasoningContent, msg.Reasoning, d.reasoningContent, d.reasoningField)
			}
			if !slices.Equal(r.toolCalls, d.toolCalls) {
				t.Errorf("tool_call parts %q; want %q", r.toolCalls, d.toolCalls)
			}
			var final []string
			for _, tc := range msg.ToolCalls {
				final = append(final, tc.ID+" "+tc.Function.Name+" "+tc.Function.Arguments)
			}
			if !slices.Equal(final, d.toolCalls) {
				t.Errorf("final answer's tool calls %q; want %q", final, d.toolCalls)
			}
			if r.finish != d.finish || r.final.Choices[0].FinishReason != d.finish {
				t.Errorf("finish: part %q, final %q; want %q", r.finish, r.final.Choices[0].FinishReason, d.finish)
			}
			usage, _ := json.Marshal(r.stats.Usage)
			if string(usage) != d.usage || r.stats.Approximate != d.approximate {
				t.Errorf("stats usage %s approximate %v; want %s approximate %v", usage, r.stats.Approximate, d.usage, d.approximate)
			}
			if string(r.stats.Timings) != d.timings || string(r.final.Timings) != d.timings {
				t.Errorf("timings: stats %s, final %s; want %s", r.stats.Timings, r.final.Timings, d.timings)
			}
			checkTimes(t, r.stats, len(d.chunks))
		})
	}
}

// checkTimes checks the stats' times against the clock readStream gave
// ReadChunk: chunk i (from 0) at i+1 seconds after Start, [DONE] being no
// chunk.
func checkTimes(t *testing.T, s client.AnswerStats, events int) {
	t.Helper()
	if s.TimeToFirstToken < time.Second || s.Duration < s.TimeToFirstToken {
		t.Errorf("time to first token %v, duration %v: want at least 1s, and the duration no shorter", s.TimeToFirstToken, s.Duration)
	}
	if s.Duration > time.Duration(events)*time.Second {
		t.Errorf("duration %v past the last of %d events", s.Duration, events)
	}
	if s.Usage.CompletionTokens > 1 && s.TokensPerSecond <= 0 {
		t.Errorf("tokens per second %v for %d tokens spread over seconds", s.TokensPerSecond, s.Usage.CompletionTokens)
	}
}

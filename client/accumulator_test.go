package client_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// TestAccumulatorStreams pins the accumulated answer, as the JSON it
// marshals to, for the streams of Edgen and of OpenAI-compatible servers.
func TestAccumulatorStreams(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		want   string
	}{
		{
			name: "Edgen: no role, no finish_reason, a new id per chunk, no [DONE]",
			chunks: []string{
				`{"id":"e1","choices":[{"delta":{"content":"Hello","role":null},"finish_reason":null,"index":0}],"created":1706718034,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`,
				`{"id":"e2","choices":[{"delta":{"content":"!","role":null},"finish_reason":null,"index":0}],"created":1706718040,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`,
			},
			want: `{"id":"e1","choices":[{"message":{"role":"assistant","content":"Hello!"},"finish_reason":null,"index":0}],"created":1706718034,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`,
		},
		{
			name: "OpenAI: role first, finish_reason last",
			chunks: []string{
				`{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"tiny","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`,
				`{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"tiny","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}`,
				`{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"tiny","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}`,
			},
			want: `{"id":"c1","choices":[{"message":{"role":"assistant","content":"Hi"},"finish_reason":"length","index":0}],"created":1700000000,"model":"tiny","system_fingerprint":"fp_ollama","object":"chat.completion"}`,
		},
		{
			name: "OpenAI with include_usage: usage null on every chunk, then a last chunk without choices",
			chunks: []string{
				`{"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"A"},"finish_reason":null}],"usage":null}`,
				`{"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"B"},"finish_reason":"stop"}],"usage":null}`,
				`{"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}`,
			},
			want: `{"id":"c2","choices":[{"message":{"role":"assistant","content":"AB"},"finish_reason":"stop","index":0}],"created":1,"model":"m","object":"chat.completion","usage":{"completion_tokens":2,"prompt_tokens":5,"total_tokens":7}}`,
		},
		{
			name: "usage of zeros is kept: it was sent",
			chunks: []string{
				`{"id":"z","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}`,
				`{"id":"z","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}`,
			},
			want: `{"id":"z","choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop","index":0}],"created":1,"model":"m","object":"chat.completion","usage":{"completion_tokens":0,"prompt_tokens":0,"total_tokens":0}}`,
		},
		{
			name: "tool calls: deltas by index, index 1 first, arguments in pieces",
			chunks: []string{
				`{"id":"t","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]},"finish_reason":null}]}`,
				`{"id":"t","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":"}}]},"finish_reason":null}]}`,
				`{"id":"t","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}},{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}`,
				`{"id":"t","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
			},
			want: `{"id":"t","choices":[{"message":{"role":"assistant","content":"","tool_calls":[` +
				`{"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},` +
				`{"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},"finish_reason":"tool_calls","index":0}],"created":1,"model":"m","object":"chat.completion"}`,
		},
		{
			name: "several choices, interleaved, index 1 first",
			chunks: []string{
				`{"id":"n","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":1,"delta":{"role":"assistant","content":"B"},"finish_reason":null}]}`,
				`{"id":"n","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"A"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":"stop"}]}`,
				`{"id":"n","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"length"}]}`,
			},
			want: `{"id":"n","choices":[{"message":{"role":"assistant","content":"Aa"},"finish_reason":"length","index":0},` +
				`{"message":{"role":"assistant","content":"Bb"},"finish_reason":"stop","index":1}],"created":1,"model":"m","object":"chat.completion"}`,
		},
		{
			name: "a null system_fingerprint stays null",
			chunks: []string{
				`{"id":"f","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":null,"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}`,
			},
			want: `{"id":"f","choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop","index":0}],"created":1,"model":"m","system_fingerprint":null,"object":"chat.completion"}`,
		},
		{
			name: "no chunks",
			want: `{"id":"","choices":[],"created":0,"model":"","object":""}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var acc client.ChatCompletionAccumulator
			var text strings.Builder
			for _, s := range tc.chunks {
				var ch client.ChatCompletionChunk
				if err := json.Unmarshal([]byte(s), &ch); err != nil {
					t.Fatal(err)
				}
				acc.AddChunk(ch)
				for _, c := range ch.Choices {
					if c.Index == 0 {
						text.WriteString(c.Delta.Content)
					}
				}
			}
			final := acc.ChatCompletion()
			got, err := json.Marshal(final)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("final answer\n got %s\nwant %s", got, tc.want)
			}
			if len(final.Choices) > 0 && final.Choices[0].Message.Content != text.String() {
				t.Errorf("content %q, the deltas of choice 0 say %q", final.Choices[0].Message.Content, text.String())
			}
			// What it marshals to reads back into the same answer.
			var back client.ChatCompletion
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(back); string(again) != string(got) {
				t.Errorf("read back and written again:\n%s\n%s", again, got)
			}
		})
	}
}

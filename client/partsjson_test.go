package client_test

import (
	"encoding/json"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// TestStreamPartJSON pins the JSON of each kind of part: what the
// JavaScript face hands out (edgen.d.ts's StreamPart).
func TestStreamPartJSON(t *testing.T) {
	stop := "stop"
	for _, tc := range []struct {
		part client.StreamPart
		want string
	}{
		{client.StreamPart{Type: client.StreamPartReasoning, Index: 1, Text: "hm"}, `{"type":"reasoning","index":1,"text":"hm"}`},
		{client.StreamPart{Type: client.StreamPartContent, Text: ""}, `{"type":"content","index":0,"text":""}`},
		{client.StreamPart{Type: client.StreamPartContentToReasoning, Text: "a\u0001<"}, `{"type":"content_to_reasoning","index":0,"text":"a\u0001\u003c"}`},
		{client.StreamPart{Type: client.StreamPartToolCall, ToolCall: &client.ToolCall{ID: "c", Type: "function", Function: client.ToolCallFunction{Name: "f", Arguments: "{}"}}},
			`{"type":"tool_call","index":0,"toolCall":{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}}`},
		{client.StreamPart{Type: client.StreamPartFinish, Index: 2}, `{"type":"finish","index":2,"finishReason":null}`},
		{client.StreamPart{Type: client.StreamPartFinish, FinishReason: &stop}, `{"type":"finish","index":0,"finishReason":"stop"}`},
		{client.StreamPart{Type: client.StreamPartStats, Stats: &client.AnswerStats{Approximate: true}},
			`{"type":"stats","stats":{"usage":{"completion_tokens":0,"prompt_tokens":0,"total_tokens":0},"approximate":true}}`},
	} {
		got, err := json.Marshal(tc.part)
		if err != nil || string(got) != tc.want {
			t.Errorf("%+v: %s (%v), want %s", tc.part, got, err, tc.want)
		}
	}
}

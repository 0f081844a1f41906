package client_test

import (
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// splitCases are contents and how the rule of reasoning.go reads them.
var splitCases = []struct {
	content, reasoning, answer string
}{
	{"Hello!", "", "Hello!"},
	{"  Hello", "", "  Hello"},
	{"", "", ""},
	{"<think>a</think>b", "a", "b"},
	{"\n <think>\nplan\n</think>\n\n Answer.", "\nplan\n", "Answer."},
	{"<think></think>Yes", "", "Yes"},
	{"<think>cut off while thinking", "cut off while thinking", ""},
	{"<think>still <", "still <", ""},
	{"plan</think>answer", "plan", "answer"},
	{"plan </think> answer </think> more", "plan ", "answer </think> more"},
	{"x <think>not at the start</think>y", "", "x <think>not at the start</think>y"},
	{"<thinking>is not the tag", "", "<thinking>is not the tag"},
	{"a<think>b</think>c</think>d", "", "a<think>b</think>c</think>d"},
	{"about <think", "", "about <think"},
	{"a < b and c </thinks", "", "a < b and c </thinks"},
	{"<think>a</think>", "a", ""},
	{"</think>only the close", "", "only the close"},
	{"<", "", "<"},
	{"<think", "", "<think"},
	{"</thi", "", "</thi"},
}

// splitAll writes the pieces of content to a splitter and returns what it
// read, applying content_to_reasoning as a reader would.
func splitAll(pieces ...string) (reasoning, answer string) {
	var s client.ReasoningSplitter
	apply := func(ps []client.Piece) {
		for _, p := range ps {
			switch p.Kind {
			case client.PieceReasoning:
				reasoning += p.Text
			case client.PieceContent:
				answer += p.Text
			case client.PieceContentToReasoning:
				if p.Text != answer {
					panic("content_to_reasoning " + p.Text + " after the content " + answer)
				}
				reasoning, answer = p.Text+reasoning, ""
			}
		}
	}
	for _, piece := range pieces {
		apply(s.Write(piece))
	}
	apply(s.Flush())
	return reasoning, answer
}

// TestReasoningSplitter reads each content whole, cut in two at every byte,
// in three at every pair of bytes, and byte by byte: the reading never
// depends on where the chunks end.
func TestReasoningSplitter(t *testing.T) {
	for _, tc := range splitCases {
		c := tc.content
		check := func(how string, pieces ...string) {
			t.Helper()
			if r, a := splitAll(pieces...); r != tc.reasoning || a != tc.answer {
				t.Errorf("%q %s: reasoning %q, answer %q; want %q, %q", c, how, r, a, tc.reasoning, tc.answer)
			}
		}
		check("whole", c)
		for i := range len(c) + 1 {
			check("in two", c[:i], c[i:])
			for j := i; j <= len(c); j++ {
				check("in three", c[:i], c[i:j], c[j:])
			}
		}
		var bytes []string
		for i := range len(c) {
			bytes = append(bytes, c[i:i+1])
		}
		check("byte by byte", bytes...)
		msg := client.ChatCompletionMessage{Content: c}
		if got := msg.SplitReasoning(); got != (client.Reasoning{Reasoning: tc.reasoning, Content: tc.answer}) {
			t.Errorf("SplitReasoning of %q: %+v", c, got)
		}
	}
}

// TestSplitReasoningFields reads the wire's reasoning fields before the
// tags, and leaves the message as it was.
func TestSplitReasoningFields(t *testing.T) {
	msg := client.ChatCompletionMessage{ReasoningContent: "rc ", Reasoning: "r ", Content: "<think>t</think>answer"}
	want := client.Reasoning{Reasoning: "rc r t", Content: "answer"}
	if got := msg.SplitReasoning(); got != want {
		t.Errorf("SplitReasoning: %+v; want %+v", got, want)
	}
	if msg.Content != "<think>t</think>answer" || msg.ReasoningContent != "rc " || msg.Reasoning != "r " {
		t.Errorf("the message changed: %+v", msg)
	}
}

package edgentest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
)

// turn is the fake model's answer to one chat request, in the pieces a
// stream sends, before a dialect's wire encodes it.
type turn struct {
	reasoning []string // thinking for a reasoning field (think forms put it in content)
	content   []string
	refusal   []string
	calls     []toolCall
	finish    string // "stop", "length" or "tool_calls"
}

// toolCall is one call the fake model makes, its arguments in pieces.
type toolCall struct {
	id, name  string
	arguments []string
}

// planTurn decides what the fake model answers: tool calls when the request
// offers tools and the dialect's rounds are not used up; after tool results,
// what they said; for a json_schema, JSON of that schema (or the outcome the
// dialect asks for); otherwise the canned answer. A dialect with reasoning
// thinks first unless the request switched thinking off.
func planTurn(req chatRequest, d dialect, flt faults) turn {
	t := turn{finish: "stop"}
	var plan string
	switch calls := chooseTools(req, d); {
	case len(calls) > 0:
		names := make([]string, len(calls))
		for i, spec := range calls {
			names[i] = spec.name
			args := "{}"
			if len(spec.parameters) > 0 {
				args = string(exampleJSON(spec.parameters))
			}
			t.calls = append(t.calls, toolCall{id: newCallID(), name: spec.name, arguments: splitBytes(args, argumentPiece)})
		}
		t.finish, plan = "tool_calls", "call "+strings.Join(names, " and ")
	case len(req.toolResults) > 0 && flt.answer == nil:
		said := make([]string, len(req.toolResults))
		for i, r := range req.toolResults {
			said[i] = r.name + ": " + r.content
		}
		t.content, plan = splitWords("The tools said: "+strings.Join(said, "; ")), "answer with what the tools said"
	case req.format.typ == "json_schema" && !d.isEdgen():
		plan = "answer in JSON of the schema"
		t.structuredAnswer(req.format.schema, d.structured)
	case req.format.typ == "json_object" && !d.isEdgen():
		b := marshalWire(map[string]string{"answer": "Hello! You said: " + req.lastUser})
		t.content, plan = splitBytes(string(b), argumentPiece), "answer in JSON"
	default:
		t.content, plan = answerChunks(req.lastUser, flt), "greet them and say their words back"
	}
	if d.reasoning != "none" && d.thinks(req.thinking) {
		t.think(fmt.Sprintf("The user wrote %q, so I will %s.", req.lastUser, plan), d.reasoning)
	}
	return t
}

// argumentPiece is the size in bytes of the pieces JSON is streamed in.
const argumentPiece = 8

// structuredAnswer sets the answer to a json_schema request: JSON of the
// schema, or the outcome asked for (cut off, invalid, refused).
func (t *turn) structuredAnswer(schema json.RawMessage, outcome string) {
	var v []byte
	switch outcome {
	case "refused":
		t.refusal = splitWords("I'm sorry, but I can't help with that.")
		return
	case "invalid":
		v = invalidJSON(schema)
	default:
		v = exampleJSON(schema)
	}
	if outcome == "cut" {
		v, t.finish = v[:len(v)/2], "length"
	}
	t.content = splitBytes(string(v), argumentPiece)
}

// thinks reports whether a dialect that has reasoning thinks for a request
// with these switches: any of them set to off stops it, except that
// ollama's /v1 reads only reasoning_effort (and reasoning.effort).
func (d dialect) thinks(s thinkingSwitches) bool {
	if s.effort != nil && *s.effort == "none" {
		return false
	}
	if d.server == "ollama" {
		return true
	}
	return (s.think == nil || *s.think) && (s.enableThinking == nil || *s.enableThinking)
}

// think puts the reasoning text before the answer, in the form asked for:
// a reasoning field of its own, or <think> tags in the content (whole
// tags, tags split across chunks, or the opening tag left out).
func (t *turn) think(text, form string) {
	words := splitWords(text)
	var lead []string
	switch form {
	case "reasoning", "reasoning_content":
		t.reasoning = words
		return
	case "think":
		lead = append(append([]string{"<think>"}, words...), "</think>", "\n\n")
	case "think-open":
		lead = append(words, "</think>", "\n\n")
	case "think-split":
		// Pieces of thinkPiece bytes, so both tags straddle two chunks,
		// the closing one followed by the answer's start in its chunk.
		first := ""
		if len(t.content) > 0 {
			first, t.content = t.content[0], t.content[1:]
		}
		lead = splitBytes("<think>"+text+"</think>\n\n"+first, thinkPiece)
	}
	t.content = append(lead, t.content...)
}

// thinkPiece is the size of think-split's pieces: shorter than either tag.
const thinkPiece = 5

// chooseTools returns the tools the fake model calls: none when the request
// offers none, forbids them, or the dialect's rounds are used up (Edgen
// never calls any); the one tool_choice names; else the tools the last
// user message names, or the first tool when it names none.
func chooseTools(req chatRequest, d dialect) []toolSpec {
	if d.isEdgen() || len(req.tools) == 0 || req.toolChoice == "none" || req.toolRounds >= d.toolRounds {
		return nil
	}
	var chosen []toolSpec
	for _, spec := range req.tools {
		if req.toolChoice == "function" && spec.name == req.toolChoiceName ||
			req.toolChoice != "function" && strings.Contains(req.lastUser, spec.name) {
			chosen = append(chosen, spec)
		}
	}
	if len(chosen) == 0 && req.toolChoice != "function" {
		chosen = req.tools[:1]
	}
	return chosen
}

// newCallID returns a tool call id of ollama's form, call_ and 8 letters or digits.
func newCallID() string {
	return "call_" + strings.ToLower(rand.Text()[:8])
}

// splitBytes cuts s into pieces of about n bytes, never inside a UTF-8
// sequence. The pieces join back to s.
func splitBytes(s string, n int) []string {
	var pieces []string
	for len(s) > n {
		cut := n
		for cut > 1 && s[cut]&0xC0 == 0x80 { // a continuation byte: back to the rune's start
			cut--
		}
		pieces = append(pieces, s[:cut])
		s = s[cut:]
	}
	if s != "" {
		pieces = append(pieces, s)
	}
	return pieces
}

// completionTokens counts a turn's pieces, the fake's tokens.
func (t turn) completionTokens() int {
	n := len(t.reasoning) + len(t.content) + len(t.refusal)
	for _, c := range t.calls {
		n += len(c.arguments)
	}
	return n
}

package edgentest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// chatRequest is what the fake needs from a chat completion request, after
// checking its whole shape the way the real server's serde structs do.
type chatRequest struct {
	model    string
	stream   bool
	lastUser string // text of the last user message
}

// parseChatRequest checks a chat completion request body. Its error becomes
// a 422, as a deserialization failure of the real server.
func parseChatRequest(o object) (chatRequest, error) {
	var (
		r                         chatRequest
		messages                  []json.RawMessage
		stream, oneShot           *bool
		f32                       *float32
		u32                       *uint32
		user                      *string
		logitBias                 map[string]float32
		stop, toolChoice, anyJSON json.RawMessage
		tools                     []json.RawMessage
	)
	err := o.getAll(
		opt("messages", &messages), req("model", &r.model),
		opt("frequency_penalty", &f32), opt("logit_bias", &logitBias), opt("max_tokens", &u32),
		opt("n", &f32), opt("presence_penalty", &f32), opt("seed", &u32), opt("stop", &stop),
		opt("stream", &stream), opt("response_format", &anyJSON), opt("temperature", &f32),
		opt("top_p", &f32), opt("tools", &tools), opt("tool_choice", &toolChoice),
		opt("user", &user), opt("one_shot", &oneShot), opt("context_hint", &u32),
	)
	if err != nil {
		return r, err
	}
	r.stream = stream != nil && *stream
	for k := range logitBias {
		if _, err := strconv.ParseUint(k, 10, 32); err != nil {
			return r, fmt.Errorf("logit_bias: %q is not a token id", k)
		}
	}
	if err := checkStringOrList("stop", stop); err != nil {
		return r, err
	}
	for i, t := range tools {
		if err := checkTool(t); err != nil {
			return r, fmt.Errorf("tools[%d]: %w", i, err)
		}
	}
	if len(toolChoice) > 0 {
		var s string
		if json.Unmarshal(toolChoice, &s) != nil {
			if err := checkTool(toolChoice); err != nil {
				return r, fmt.Errorf("tool_choice: %w", err)
			}
		}
	}
	for i, m := range messages {
		text, isUser, err := checkMessage(m)
		if err != nil {
			return r, fmt.Errorf("messages[%d]: %w", i, err)
		}
		if isUser {
			r.lastUser = text
		}
	}
	return r, nil
}

// checkMessage checks one message, tagged by role, and returns the text of
// a user message.
func checkMessage(raw json.RawMessage) (userText string, isUser bool, err error) {
	o, err := decodeObject(raw)
	if err != nil {
		return "", false, err
	}
	var role string
	var name, content *string
	if err := o.getAll(req("role", &role), opt("name", &name)); err != nil {
		return "", false, err
	}
	switch role {
	case "system":
		return "", false, o.get("content", false, &content)
	case "user":
		text, err := userContent(o["content"])
		return text, true, err
	case "assistant":
		var calls []struct {
			ID       string `json:"id"`
			Type     string `json:"type"`
			Function struct {
				Name      string `json:"name"`
				Arguments string `json:"arguments"`
			} `json:"function"`
		}
		return "", false, o.getAll(opt("content", &content), opt("tool_calls", &calls))
	case "tool":
		var id string
		return "", false, o.getAll(opt("content", &content), req("tool_call_id", &id))
	}
	return "", false, fmt.Errorf("unknown variant `%s`, expected one of `system`, `user`, `assistant`, `tool`", role)
}

// userContent checks a user message's content (a string or a list of text
// and image_url parts) and returns its text.
func userContent(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", fmt.Errorf("missing field `content`")
	}
	if string(raw) == "null" {
		return "", fmt.Errorf("content: invalid type: null")
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", fmt.Errorf("content: expected a string or a list of parts, got %s", jsonKind(raw))
	}
	var text strings.Builder
	for i, p := range parts {
		o, err := decodeObject(p)
		if err != nil {
			return "", fmt.Errorf("content[%d]: %w", i, err)
		}
		var typ, t string
		var detail *string
		if err := o.get("type", true, &typ); err != nil {
			return "", fmt.Errorf("content[%d]: %w", i, err)
		}
		switch typ {
		case "text":
			err = o.get("text", true, &t)
			text.WriteString(t)
		case "image_url":
			err = o.getAll(req("url", &t), opt("detail", &detail))
		default:
			err = fmt.Errorf("unknown variant `%s`, expected `text` or `image_url`", typ)
		}
		if err != nil {
			return "", fmt.Errorf("content[%d]: %w", i, err)
		}
	}
	return text.String(), nil
}

// checkTool checks a tool: {"type":"function","function":{name, description?, parameters}}.
func checkTool(raw json.RawMessage) error {
	o, err := decodeObject(raw)
	if err != nil {
		return err
	}
	var typ string
	var fn json.RawMessage
	if err := o.getAll(req("type", &typ), req("function", &fn)); err != nil {
		return err
	}
	if typ != "function" {
		return fmt.Errorf("unknown variant `%s`, expected `function`", typ)
	}
	fo, err := decodeObject(fn)
	if err != nil {
		return fmt.Errorf("function: %w", err)
	}
	var name string
	var desc *string
	var params any
	if err := fo.getAll(req("name", &name), opt("description", &desc), req("parameters", &params)); err != nil {
		return fmt.Errorf("function: %w", err)
	}
	return nil
}

// checkStringOrList checks an optional field holding a string or a list of
// strings.
func checkStringOrList(name string, raw json.RawMessage) error {
	if len(raw) == 0 {
		return nil
	}
	var s string
	var list []string
	if json.Unmarshal(raw, &s) != nil && json.Unmarshal(raw, &list) != nil {
		return fmt.Errorf("%s: expected a string or a list of strings, got %s", name, jsonKind(raw))
	}
	return nil
}

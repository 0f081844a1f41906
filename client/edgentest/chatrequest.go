package edgentest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// chatRequest is what the fake needs from a chat completion request, after
// checking its whole shape the way the real server's serde structs do (or,
// in another dialect, the way OpenAI-compatible servers do).
type chatRequest struct {
	model    string
	stream   bool
	lastUser string // text of the last user message, its images described

	tools          []toolSpec
	toolChoice     string // "", "auto", "none", "required", or "function" (toolChoiceName says which)
	toolChoiceName string
	toolRounds     int          // assistant messages with tool_calls in the dialogue
	toolResults    []toolResult // the tool messages after the last assistant message
	format         responseFormat
	streamOptions  bool // stream_options is there
	includeUsage   bool // stream_options.include_usage is true
	thinking       thinkingSwitches
	promptWords    int // words of every message's text: the prompt's "tokens"
}

// toolSpec is a tool the request offers.
type toolSpec struct {
	name       string
	parameters json.RawMessage // a JSON Schema; nil when left out
}

// toolResult is a tool message sent back, with the name of the call it answers.
type toolResult struct {
	name, content string
}

// responseFormat is the request's response_format.
type responseFormat struct {
	typ    string          // "", "text", "json_object", "json_schema"
	schema json.RawMessage // json_schema.schema
}

// thinkingSwitches are the fields a request can switch thinking with; nil
// when not sent.
type thinkingSwitches struct {
	think          *bool   // ollama's native API; ignored by its /v1
	effort         *string // reasoning_effort, or reasoning.effort
	enableThinking *bool   // chat_template_kwargs.enable_thinking (llama.cpp, vLLM)
}

// parseChatRequest checks a chat completion request body as the server of
// dialect d would. Its error becomes a 422 text (Edgen) or a 400 in the
// OpenAI envelope (the others).
func parseChatRequest(o object, d dialect) (chatRequest, error) {
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
		spec, err := checkTool(t, d.isEdgen())
		if err != nil {
			return r, fmt.Errorf("tools[%d]: %w", i, err)
		}
		r.tools = append(r.tools, spec)
	}
	if err := r.readToolChoice(toolChoice, d.isEdgen()); err != nil {
		return r, err
	}
	if !d.isEdgen() {
		// Edgen reads none of these; the other servers do.
		if err := r.readOpenAIFields(o); err != nil {
			return r, err
		}
	}
	callNames := map[string]string{} // tool_call_id -> name
	for i, m := range messages {
		msg, err := checkMessage(m, d.isEdgen())
		if err != nil {
			return r, fmt.Errorf("messages[%d]: %w", i, err)
		}
		r.promptWords += len(strings.Fields(msg.text)) + 1
		switch msg.role {
		case "user":
			r.lastUser, r.toolResults = msg.text, nil
		case "assistant":
			r.toolResults = nil
			if len(msg.calls) > 0 {
				r.toolRounds++
			}
			for _, c := range msg.calls {
				callNames[c.id] = c.name
			}
		case "tool":
			r.toolResults = append(r.toolResults, toolResult{name: callNames[msg.toolCallID], content: msg.text})
		}
	}
	return r, nil
}

// readToolChoice reads tool_choice: "auto", "none", "required" or a tool
// naming a function.
func (r *chatRequest) readToolChoice(raw json.RawMessage, edgen bool) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if !edgen && s != "auto" && s != "none" && s != "required" {
			return fmt.Errorf("tool_choice: %q is not one of auto, none, required", s)
		}
		r.toolChoice = s
		return nil
	}
	if edgen {
		// Edgen's ToolStub: a whole tool, parameters and all.
		if _, err := checkTool(raw, true); err != nil {
			return fmt.Errorf("tool_choice: %w", err)
		}
		return nil
	}
	var named struct {
		Type     string `json:"type"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	}
	if json.Unmarshal(raw, &named) != nil || named.Type != "function" || named.Function.Name == "" {
		return fmt.Errorf(`tool_choice: expected "auto", "none", "required" or {"type":"function","function":{"name":...}}`)
	}
	r.toolChoice, r.toolChoiceName = "function", named.Function.Name
	return nil
}

// readOpenAIFields reads the fields of OpenAI-compatible servers that Edgen
// ignores: response_format's schema, stream_options and the thinking
// switches.
func (r *chatRequest) readOpenAIFields(o object) error {
	var (
		format struct {
			Type       string `json:"type"`
			JSONSchema *struct {
				Name   string          `json:"name"`
				Schema json.RawMessage `json:"schema"`
			} `json:"json_schema"`
		}
		streamOptions *struct {
			IncludeUsage *bool `json:"include_usage"`
		}
		effort    *string
		reasoning *struct {
			Effort *string `json:"effort"`
		}
		kwargs *struct {
			EnableThinking *bool `json:"enable_thinking"`
		}
	)
	err := o.getAll(opt("response_format", &format), opt("stream_options", &streamOptions),
		opt("reasoning_effort", &effort), opt("reasoning", &reasoning), opt("think", &r.thinking.think),
		opt("chat_template_kwargs", &kwargs))
	if err != nil {
		return err
	}
	switch format.Type {
	case "", "text", "json_object":
	case "json_schema":
		if format.JSONSchema == nil || format.JSONSchema.Name == "" {
			return fmt.Errorf("response_format: json_schema needs json_schema.name")
		}
		r.format.schema = format.JSONSchema.Schema
	default:
		return fmt.Errorf("response_format: unknown type %q", format.Type)
	}
	r.format.typ = format.Type
	if streamOptions != nil {
		r.streamOptions = true
		r.includeUsage = streamOptions.IncludeUsage != nil && *streamOptions.IncludeUsage
	}
	r.thinking.effort = effort
	if reasoning != nil && reasoning.Effort != nil {
		r.thinking.effort = reasoning.Effort
	}
	if kwargs != nil {
		r.thinking.enableThinking = kwargs.EnableThinking
	}
	return nil
}

// message is what the fake reads of one message.
type message struct {
	role       string
	text       string // the content's text (a user message's images described)
	calls      []callRef
	toolCallID string
}

// callRef is a tool call of an assistant message sent back.
type callRef struct{ id, name string }

// checkMessage checks one message, tagged by role. Edgen's user messages
// take flat image parts ({"type":"image_url","url":...}), the others'
// OpenAI's nested ones.
func checkMessage(raw json.RawMessage, edgen bool) (message, error) {
	o, err := decodeObject(raw)
	if err != nil {
		return message{}, err
	}
	m := message{}
	var name, content *string
	if err := o.getAll(req("role", &m.role), opt("name", &name)); err != nil {
		return m, err
	}
	switch m.role {
	case "system":
		err = o.get("content", false, &content)
	case "user":
		m.text, err = userContent(o["content"], edgen)
		return m, err
	case "assistant":
		var calls []struct {
			ID       string `json:"id"`
			Type     string `json:"type"`
			Function struct {
				Name      string `json:"name"`
				Arguments string `json:"arguments"`
			} `json:"function"`
		}
		err = o.getAll(opt("content", &content), opt("tool_calls", &calls))
		for _, c := range calls {
			m.calls = append(m.calls, callRef{c.ID, c.Function.Name})
		}
	case "tool":
		err = o.getAll(opt("content", &content), req("tool_call_id", &m.toolCallID))
	default:
		return m, fmt.Errorf("unknown variant `%s`, expected one of `system`, `user`, `assistant`, `tool`", m.role)
	}
	if content != nil {
		m.text = *content
	}
	return m, err
}

// untaggedEither is serde's error for a value that is neither arm of an
// untagged Either: all Edgen says of a user content it cannot read (a bad
// part, OpenAI's nested image part), after the message's path.
const untaggedEither = "data did not match any variant of untagged enum Either"

// userContent checks a user message's content (a string or a list of text
// and image_url parts) and returns its text, each image described in it:
// as Edgen pastes it into the prompt ("<IMAGE url>"), or, for the other
// servers, which see the picture, as "[image: type, n bytes]".
func userContent(raw json.RawMessage, edgen bool) (string, error) {
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
		if edgen {
			return "", fmt.Errorf("%s", untaggedEither)
		}
		return "", fmt.Errorf("content: expected a string or a list of parts, got %s", jsonKind(raw))
	}
	var text strings.Builder
	for i, p := range parts {
		t, err := contentPart(p, edgen)
		if err != nil {
			if edgen {
				// serde tries both arms, fails, and says only this.
				return "", fmt.Errorf("%s", untaggedEither)
			}
			return "", fmt.Errorf("content[%d]: %w", i, err)
		}
		text.WriteString(t)
	}
	return text.String(), nil
}

// contentPart checks one part of a user message and returns its text.
func contentPart(raw json.RawMessage, edgen bool) (string, error) {
	o, err := decodeObject(raw)
	if err != nil {
		return "", err
	}
	var typ, t string
	var detail *string
	if err := o.get("type", true, &typ); err != nil {
		return "", err
	}
	switch typ {
	case "text":
		err = o.get("text", true, &t)
		return t, err
	case "image_url":
	default:
		return "", fmt.Errorf("unknown variant `%s`, expected `text` or `image_url`", typ)
	}
	if edgen {
		if err := o.getAll(req("url", &t), opt("detail", &detail)); err != nil {
			return "", err
		}
		if detail != nil {
			return fmt.Sprintf("<IMAGE %s> (%s)", t, *detail), nil
		}
		return "<IMAGE " + t + ">", nil
	}
	var img struct {
		URL    string  `json:"url"`
		Detail *string `json:"detail"`
	}
	if err := o.get("image_url", true, &img); err != nil {
		return "", fmt.Errorf("%w (OpenAI nests the image as image_url: {url})", err)
	}
	return describeImage(img.URL)
}

// checkTool checks a tool: {"type":"function","function":{name,
// description?, parameters}}. Edgen requires parameters; OpenAI does not.
func checkTool(raw json.RawMessage, edgen bool) (toolSpec, error) {
	o, err := decodeObject(raw)
	if err != nil {
		return toolSpec{}, err
	}
	var typ string
	var fn json.RawMessage
	if err := o.getAll(req("type", &typ), req("function", &fn)); err != nil {
		return toolSpec{}, err
	}
	if typ != "function" {
		return toolSpec{}, fmt.Errorf("unknown variant `%s`, expected `function`", typ)
	}
	fo, err := decodeObject(fn)
	if err != nil {
		return toolSpec{}, fmt.Errorf("function: %w", err)
	}
	var spec toolSpec
	var desc *string
	if err := fo.getAll(req("name", &spec.name), opt("description", &desc), field{"parameters", edgen, &spec.parameters}); err != nil {
		return toolSpec{}, fmt.Errorf("function: %w", err)
	}
	return spec, nil
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

package client

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ChatMessage is one message of a chat request, a union tagged by role on the
// wire: exactly one of its fields is set. The constructors SystemMessage,
// UserMessage, UserMessageParts, AssistantMessage and ToolMessage build one.
type ChatMessage struct {
	OfSystem    *ChatSystemMessage
	OfUser      *ChatUserMessage
	OfAssistant *ChatAssistantMessage
	OfTool      *ChatToolMessage
}

// ChatSystemMessage is a message with role "system".
type ChatSystemMessage struct {
	Content *string `json:"content,omitempty"`
	Name    *string `json:"name,omitempty"`
}

// ChatUserMessage is a message with role "user".
type ChatUserMessage struct {
	Content UserContent `json:"content"`
	Name    *string     `json:"name,omitempty"`
}

// ChatAssistantMessage is a message with role "assistant", e.g. an earlier answer.
type ChatAssistantMessage struct {
	Content   *string    `json:"content,omitempty"`
	Name      *string    `json:"name,omitempty"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
}

// ChatToolMessage is a message with role "tool": the result of a tool call.
type ChatToolMessage struct {
	Content    *string `json:"content,omitempty"`
	ToolCallID string  `json:"tool_call_id"`
}

// Message roles.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool"
)

// SystemMessage returns a system message with the given content.
func SystemMessage(content string) ChatMessage {
	return ChatMessage{OfSystem: &ChatSystemMessage{Content: &content}}
}

// UserMessage returns a user message with text content.
func UserMessage(content string) ChatMessage {
	return ChatMessage{OfUser: &ChatUserMessage{Content: UserContent{Text: content}}}
}

// UserMessageParts returns a user message made of text and image parts.
func UserMessageParts(parts ...ContentPart) ChatMessage {
	if parts == nil {
		parts = []ContentPart{}
	}
	return ChatMessage{OfUser: &ChatUserMessage{Content: UserContent{Parts: parts}}}
}

// AssistantMessage returns an assistant message with the given content.
func AssistantMessage(content string) ChatMessage {
	return ChatMessage{OfAssistant: &ChatAssistantMessage{Content: &content}}
}

// ToolMessage returns the result of the tool call toolCallID.
func ToolMessage(toolCallID, content string) ChatMessage {
	return ChatMessage{OfTool: &ChatToolMessage{Content: &content, ToolCallID: toolCallID}}
}

// Role returns the role of the set variant, or "" when none is set.
func (m ChatMessage) Role() string {
	switch {
	case m.OfSystem != nil:
		return RoleSystem
	case m.OfUser != nil:
		return RoleUser
	case m.OfAssistant != nil:
		return RoleAssistant
	case m.OfTool != nil:
		return RoleTool
	}
	return ""
}

// MarshalJSON writes the set variant with its "role" tag.
func (m ChatMessage) MarshalJSON() ([]byte, error) {
	n := 0
	for _, set := range []bool{m.OfSystem != nil, m.OfUser != nil, m.OfAssistant != nil, m.OfTool != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("edgen: ChatMessage must have exactly one variant set, has %d", n)
	}
	switch {
	case m.OfSystem != nil:
		return json.Marshal(struct {
			Role string `json:"role"`
			*ChatSystemMessage
		}{RoleSystem, m.OfSystem})
	case m.OfUser != nil:
		return json.Marshal(struct {
			Role string `json:"role"`
			*ChatUserMessage
		}{RoleUser, m.OfUser})
	case m.OfAssistant != nil:
		return json.Marshal(struct {
			Role string `json:"role"`
			*ChatAssistantMessage
		}{RoleAssistant, m.OfAssistant})
	default:
		return json.Marshal(struct {
			Role string `json:"role"`
			*ChatToolMessage
		}{RoleTool, m.OfTool})
	}
}

// UnmarshalJSON reads a message and sets the variant its "role" names.
func (m *ChatMessage) UnmarshalJSON(data []byte) error {
	var tag struct {
		Role string `json:"role"`
	}
	if err := json.Unmarshal(data, &tag); err != nil {
		return err
	}
	*m = ChatMessage{}
	switch tag.Role {
	case RoleSystem:
		m.OfSystem = new(ChatSystemMessage)
		return json.Unmarshal(data, m.OfSystem)
	case RoleUser:
		m.OfUser = new(ChatUserMessage)
		return json.Unmarshal(data, m.OfUser)
	case RoleAssistant:
		m.OfAssistant = new(ChatAssistantMessage)
		return json.Unmarshal(data, m.OfAssistant)
	case RoleTool:
		m.OfTool = new(ChatToolMessage)
		return json.Unmarshal(data, m.OfTool)
	}
	return fmt.Errorf("edgen: unknown message role %q", tag.Role)
}

// UserContent is the content of a user message: Text, or Parts when Parts is
// non-nil.
type UserContent struct {
	Text  string
	Parts []ContentPart
}

// MarshalJSON writes a string, or an array of parts when Parts is non-nil.
func (c UserContent) MarshalJSON() ([]byte, error) {
	if c.Parts != nil {
		return json.Marshal(c.Parts)
	}
	return json.Marshal(c.Text)
}

// UnmarshalJSON reads a string or an array of parts.
func (c *UserContent) UnmarshalJSON(data []byte) error {
	*c = UserContent{}
	if len(data) > 0 && data[0] == '[' {
		return json.Unmarshal(data, &c.Parts)
	}
	return json.Unmarshal(data, &c.Text)
}

// Content part types.
const (
	PartText     = "text"
	PartImageURL = "image_url"
)

// ContentPart is a part of a user message: text (Type "text", Text) or an
// image (Type "image_url", URL and optional Detail). An image part has two
// wire forms: Edgen's flat {"type":"image_url","url":...}, the default
// (ImageURLPart), and OpenAI's nested {"type":"image_url","image_url":{"url":...}}
// when Nested is set (OpenAIImageURLPart), which OpenAI-compatible servers
// expect and Edgen does not read. Decoding keeps the form the JSON had.
type ContentPart struct {
	Type   string
	Text   string
	URL    string
	Detail *string
	Nested bool
}

// TextPart returns a text part.
func TextPart(text string) ContentPart { return ContentPart{Type: PartText, Text: text} }

// ImageURLPart returns an image part for the image at url in Edgen's flat
// form.
func ImageURLPart(url string) ContentPart { return ContentPart{Type: PartImageURL, URL: url} }

// OpenAIImageURLPart returns an image part for the image at url in OpenAI's
// nested form, for OpenAI-compatible servers.
func OpenAIImageURLPart(url string) ContentPart {
	return ContentPart{Type: PartImageURL, URL: url, Nested: true}
}

type textPart struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type imagePart struct {
	Type   string  `json:"type"`
	URL    string  `json:"url"`
	Detail *string `json:"detail,omitempty"`
}

type nestedImagePart struct {
	Type     string   `json:"type"`
	ImageURL imageURL `json:"image_url"`
}

// imageURL is the image_url object of OpenAI's nested image part.
type imageURL struct {
	URL    string  `json:"url"`
	Detail *string `json:"detail,omitempty"`
}

// MarshalJSON writes the fields of the part's type, in the part's form.
func (p ContentPart) MarshalJSON() ([]byte, error) {
	switch {
	case p.Type == PartText:
		return json.Marshal(textPart{p.Type, p.Text})
	case p.Type == PartImageURL && p.Nested:
		return json.Marshal(nestedImagePart{p.Type, imageURL{p.URL, p.Detail}})
	case p.Type == PartImageURL:
		return json.Marshal(imagePart{p.Type, p.URL, p.Detail})
	}
	return nil, fmt.Errorf("edgen: unknown content part type %q", p.Type)
}

// UnmarshalJSON reads a part of either type, an image part in either form.
func (p *ContentPart) UnmarshalJSON(data []byte) error {
	var w struct {
		Type     string    `json:"type"`
		Text     string    `json:"text"`
		URL      string    `json:"url"`
		Detail   *string   `json:"detail"`
		ImageURL *imageURL `json:"image_url"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if w.Type != PartText && w.Type != PartImageURL {
		return fmt.Errorf("edgen: unknown content part type %q", w.Type)
	}
	*p = ContentPart{Type: w.Type, Text: w.Text, URL: w.URL, Detail: w.Detail}
	if w.ImageURL != nil {
		if w.URL != "" {
			return errors.New("edgen: an image part has both url and image_url")
		}
		p.URL, p.Detail, p.Nested = w.ImageURL.URL, w.ImageURL.Detail, true
	}
	return nil
}

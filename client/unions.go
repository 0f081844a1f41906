package client

import (
	"encoding/json"
	"errors"
)

// StringOrArray is a JSON value that is one string or an array of strings,
// such as the stop phrases of a chat request or the input of embeddings.
// When Array is non-nil it is sent as an array, otherwise String is sent.
type StringOrArray struct {
	String string
	Array  []string
}

// IsZero reports whether neither form is set (the field is then omitted).
func (s StringOrArray) IsZero() bool { return s.String == "" && s.Array == nil }

// MarshalJSON implements json.Marshaler.
func (s StringOrArray) MarshalJSON() ([]byte, error) {
	if s.Array != nil {
		return json.Marshal(s.Array)
	}
	return json.Marshal(s.String)
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *StringOrArray) UnmarshalJSON(data []byte) error {
	*s = StringOrArray{}
	if len(data) > 0 && data[0] == '[' {
		return json.Unmarshal(data, &s.Array)
	}
	return json.Unmarshal(data, &s.String)
}

// ToolChoice says which tool the model should use: a Mode ("none", "auto",
// "required") sent as a bare string, or a specific Tool sent as an object.
type ToolChoice struct {
	Mode string
	Tool *Tool
}

// IsZero reports whether no choice is set (the field is then omitted).
func (t ToolChoice) IsZero() bool { return t.Mode == "" && t.Tool == nil }

// MarshalJSON implements json.Marshaler.
func (t ToolChoice) MarshalJSON() ([]byte, error) {
	if t.Tool != nil {
		if t.Mode != "" {
			return nil, errors.New("client: ToolChoice has both Mode and Tool")
		}
		return json.Marshal(t.Tool)
	}
	return json.Marshal(t.Mode)
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *ToolChoice) UnmarshalJSON(data []byte) error {
	*t = ToolChoice{}
	if len(data) > 0 && data[0] == '{' {
		t.Tool = new(Tool)
		return json.Unmarshal(data, t.Tool)
	}
	return json.Unmarshal(data, &t.Mode)
}

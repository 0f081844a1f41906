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
// "required") sent as a bare string, or the name of one function sent as
// {"type":"function","function":{"name":...}}. ToolChoiceFunction builds the
// second form.
type ToolChoice struct {
	Mode     string
	Function string
}

// Tool choice modes.
const (
	ToolChoiceNone     = "none"
	ToolChoiceAuto     = "auto"
	ToolChoiceRequired = "required"
)

// ToolChoiceFunction asks the model to call the function name.
func ToolChoiceFunction(name string) ToolChoice { return ToolChoice{Function: name} }

// namedToolChoice is the wire form of a ToolChoice naming a function.
type namedToolChoice struct {
	Type     string `json:"type"`
	Function struct {
		Name string `json:"name"`
	} `json:"function"`
}

// IsZero reports whether no choice is set (the field is then omitted).
func (t ToolChoice) IsZero() bool { return t.Mode == "" && t.Function == "" }

// MarshalJSON implements json.Marshaler.
func (t ToolChoice) MarshalJSON() ([]byte, error) {
	if t.Function == "" {
		return json.Marshal(t.Mode)
	}
	if t.Mode != "" {
		return nil, errors.New("edgen: ToolChoice has both Mode and Function")
	}
	var named namedToolChoice
	named.Type, named.Function.Name = "function", t.Function
	return json.Marshal(named)
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *ToolChoice) UnmarshalJSON(data []byte) error {
	*t = ToolChoice{}
	if len(data) > 0 && data[0] == '{' {
		var named namedToolChoice
		if err := json.Unmarshal(data, &named); err != nil {
			return err
		}
		t.Function = named.Function.Name
		return nil
	}
	return json.Unmarshal(data, &t.Mode)
}

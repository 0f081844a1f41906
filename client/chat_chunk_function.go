package client

// ChatCompletionChunkToolCallFunction is the piece of a called function a
// chunk carries: its name (usually in the first piece only) or a piece of
// its arguments, either of which may be missing.
type ChatCompletionChunkToolCallFunction struct {
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
	// JSON tells how each field appeared in the event.
	JSON struct {
		Name, Arguments Field
		ExtraFields     map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON.
func (r *ChatCompletionChunkToolCallFunction) UnmarshalJSON(data []byte) error {
	return decodeObject(data, r)
}

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ChatCompletionChunkToolCallFunction) MarshalJSON() ([]byte, error) { return encodeObject(r) }

package client

// Model describes a model known to the server.
type Model struct {
	// ID looks like "owner/repo".
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		ID, Object, Created, OwnedBy Field
		ExtraFields                  map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *Model) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r Model) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ModelList is the answer of GET models.
type ModelList struct {
	Object string  `json:"object"`
	Data   []Model `json:"data"`
	// Page and PerPage are Edgen's; servers that do not page the list
	// leave them out (0, and JSON.Page.IsMissing()).
	Page    int `json:"page,omitempty"`
	PerPage int `json:"per_page,omitempty"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Object, Data, Page, PerPage Field
		ExtraFields                 map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ModelList) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ModelList) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ModelDeleted is the answer of DELETE models/{id}.
type ModelDeleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		ID, Object, Deleted Field
		ExtraFields         map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ModelDeleted) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ModelDeleted) MarshalJSON() ([]byte, error) { return encodeObject(r) }

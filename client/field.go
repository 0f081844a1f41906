package client

// Field tells how one field of a response appeared in the JSON body: missing,
// null, or with a value. Every response type has a JSON struct with one Field
// per Go field (see the package documentation).
type Field struct {
	raw string // the value's JSON text; "" when the key was missing
}

// nullField is a Field sent as null.
var nullField = Field{raw: "null"}

// IsPresent reports whether the key was in the JSON object (null included).
func (f Field) IsPresent() bool { return f.raw != "" }

// IsMissing reports whether the key was absent from the JSON object.
func (f Field) IsMissing() bool { return f.raw == "" }

// IsNull reports whether the key was present with the value null.
func (f Field) IsNull() bool { return f.raw == "null" }

// Valid reports whether the key was present with a value other than null.
func (f Field) Valid() bool { return f.raw != "" && f.raw != "null" }

// Raw returns the field's JSON text as received, or "" when it was missing.
func (f Field) Raw() string { return f.raw }

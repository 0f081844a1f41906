package edgentest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// object is a JSON object's fields by exact name. Decoding through it
// behaves like serde in the real server: field names are case-sensitive,
// unknown fields are ignored, a required field may be neither missing nor
// null.
type object map[string]json.RawMessage

// decodeObject decodes raw, which must be a JSON object.
func decodeObject(raw json.RawMessage) (object, error) {
	var o object
	if err := json.Unmarshal(raw, &o); err != nil || o == nil {
		return nil, fmt.Errorf("invalid type: %s, expected a JSON object", jsonKind(raw))
	}
	return o, nil
}

// get decodes the field name into dst. A missing or null field is an error
// when required, and leaves dst alone otherwise.
func (o object) get(name string, required bool, dst any) error {
	raw, ok := o[name]
	if !ok || bytes.Equal(raw, []byte("null")) {
		if !required {
			return nil
		}
		if !ok {
			return fmt.Errorf("missing field `%s`", name)
		}
		return fmt.Errorf("%s: invalid type: null", name)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("%s: invalid value %s: %v", name, raw, err)
	}
	return nil
}

// jsonKind names the kind of a JSON value for error messages.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "map"
	case '[':
		return "sequence"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// jsonBody checks the request like axum's Json extractor and returns its
// body as an object: 415 for a content type other than JSON, 400 for a body
// that is not JSON, 422 for JSON that is not an object. It reports false
// when it already answered.
func (x *exchange) jsonBody() (object, bool) {
	if !isJSONContentType(x.r.Header.Get("Content-Type")) {
		writeText(x.w, http.StatusUnsupportedMediaType, "Expected request with `Content-Type: application/json`")
		return nil, false
	}
	var v any
	if err := json.Unmarshal(x.body, &v); err != nil {
		writeText(x.w, http.StatusBadRequest, "Failed to parse the request body as JSON: "+err.Error())
		return nil, false
	}
	o, err := decodeObject(x.body)
	if err != nil {
		x.reject(err)
		return nil, false
	}
	return o, true
}

// reject answers 422 for JSON of the wrong shape, as axum does.
func (x *exchange) reject(err error) {
	writeText(x.w, http.StatusUnprocessableEntity, "Failed to deserialize the JSON body into the target type: "+err.Error())
}

// isJSONContentType reports whether ct is application/json or
// application/<something>+json, parameters allowed.
func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	sub, ok := strings.CutPrefix(mt, "application/")
	return ok && (sub == "json" || strings.HasSuffix(sub, "+json"))
}

// getAll decodes several fields, stopping at the first error.
func (o object) getAll(fields ...field) error {
	for _, f := range fields {
		if err := o.get(f.name, f.required, f.dst); err != nil {
			return err
		}
	}
	return nil
}

// field is one field for getAll.
type field struct {
	name     string
	required bool
	dst      any
}

// req and opt build a required and an optional field.
func req(name string, dst any) field { return field{name, true, dst} }
func opt(name string, dst any) field { return field{name, false, dst} }

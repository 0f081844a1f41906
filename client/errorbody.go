package client

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// newAPIError builds the error for a response with an error status.
func newAPIError(status int, header http.Header, body []byte) *APIError {
	f := parseErrorBody(body)
	return &APIError{
		StatusCode: status, Header: header, Body: body,
		Code: f.code, Type: f.typ, Param: f.param, Message: f.message,
		RequestID: header.Get("X-Request-Id"),
	}
}

// errorFields are what an error body says about the error.
type errorFields struct {
	code, typ, param, message string
}

// parseErrorBody reads an error body in any of the forms servers use:
//   - Edgen's flat object tagged by "error": {"error":"no_such_model","model_name":"x"}
//   - the OpenAI envelope: {"error":{"message":"...","type":"...","param":"...","code":"..."}}
//   - problem+json (RFC 9457): {"type":"...","title":"...","detail":"..."},
//     with Prism's "validation" list of the request's faults
//   - any other JSON object with a "message"
//   - plain text (the message is the trimmed text)
//   - empty (every field empty)
func parseErrorBody(body []byte) errorFields {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return errorFields{}
	}
	var obj map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		return errorFields{message: plainMessage(trimmed)}
	}
	if raw, ok := obj["error"]; ok {
		if env, ok := decodeEnvelope(raw); ok {
			return errorFields{code: env.code(), typ: env.Type, param: jsonScalar(env.Param), message: env.Message}
		}
		return errorFields{code: jsonString(raw), message: flatMessage(obj)}
	}
	if title, detail := jsonString(obj["title"]), jsonString(obj["detail"]); title != "" || detail != "" {
		return errorFields{typ: jsonString(obj["type"]), message: problemMessage(title, detail, obj["validation"])}
	}
	return errorFields{message: flatMessage(obj)}
}

// plainMessage returns a text body as a message, replacing invalid UTF-8.
func plainMessage(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// envelope is the OpenAI error object.
type envelope struct {
	Message string          `json:"message"`
	Type    string          `json:"type"`
	Param   json.RawMessage `json:"param"`
	Code    json.RawMessage `json:"code"`
}

func decodeEnvelope(raw json.RawMessage) (envelope, bool) {
	var env envelope
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &env) != nil {
		return env, false
	}
	return env, true
}

// code is the envelope's code (string or number), else its type.
func (e envelope) code() string {
	if c := jsonScalar(e.Code); c != "" {
		return c
	}
	return e.Type
}

// problemMessage is "title: detail" of a problem+json body (either alone
// when the other is empty), followed by the faults Prism lists under
// "validation", as "location message" joined by "; ".
func problemMessage(title, detail string, validation json.RawMessage) string {
	msg := title
	if detail != "" && msg != "" {
		msg += ": " + detail
	} else if detail != "" {
		msg = detail
	}
	var faults []struct {
		Location []any  `json:"location"`
		Message  string `json:"message"`
	}
	if len(validation) == 0 || json.Unmarshal(validation, &faults) != nil {
		return msg
	}
	var parts []string
	for _, f := range faults {
		if f.Message == "" {
			continue
		}
		loc := make([]string, 0, len(f.Location))
		for _, l := range f.Location {
			b, _ := json.Marshal(l) // strings and numbers only
			loc = append(loc, strings.Trim(string(b), `"`))
		}
		parts = append(parts, strings.TrimSpace(strings.Join(loc, ".")+" "+f.Message))
	}
	if len(parts) == 0 {
		return msg
	}
	return msg + " (" + strings.Join(parts, "; ") + ")"
}

// flatMessage describes Edgen's flat error object: its "message" or
// "reason" when there is one, else its other scalar fields as "key=value".
func flatMessage(obj map[string]json.RawMessage) string {
	for _, k := range []string{"message", "reason"} {
		if m := jsonString(obj[k]); m != "" {
			return m
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		if k != "error" && jsonScalar(obj[k]) != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + jsonScalar(obj[k])
	}
	return strings.Join(parts, " ")
}

// jsonString returns raw as a Go string when it is a JSON string, else "".
func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// jsonScalar returns a JSON string's value or a number's text, else "".
func jsonScalar(raw json.RawMessage) string {
	if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return string(raw)
	}
	return jsonString(raw)
}

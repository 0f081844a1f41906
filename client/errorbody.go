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
	code, msg := parseErrorBody(body)
	return &APIError{StatusCode: status, Header: header, Body: body, Code: code, Message: msg}
}

// parseErrorBody reads the code and message out of an error body in any of
// the forms servers use:
//   - Edgen's flat object tagged by "error": {"error":"no_such_model","model_name":"x"}
//   - the OpenAI envelope: {"error":{"message":"...","type":"...","code":"..."}}
//   - any other JSON object with a "message"
//   - plain text (the message is the trimmed text)
//   - empty (both results empty)
func parseErrorBody(body []byte) (code, message string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "", ""
	}
	var obj map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		return "", plainMessage(trimmed)
	}
	if raw, ok := obj["error"]; ok {
		if env, ok := decodeEnvelope(raw); ok {
			return env.code(), env.Message
		}
		code = jsonString(raw)
	}
	return code, flatMessage(obj)
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

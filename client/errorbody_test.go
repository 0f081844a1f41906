package client

import (
	"net/http"
	"testing"
)

// TestNewAPIError: every field that each form of error body carries, the
// request id from its header, and the message with the server's words first.
func TestNewAPIError(t *testing.T) {
	for _, tc := range []struct {
		name, body                    string
		status                        int
		code, typ, param, message, is string
	}{
		{"edgen flat", `{"error":"no_such_model","model_name":"x"}`, 404, "no_such_model", "", "", "model_name=x",
			"edgen: model_name=x (404 Not Found, no_such_model)"},
		{"edgen with reason", `{"error":"unknown_model_kind","model_name":"x","reason":"not gguf"}`, 500, "unknown_model_kind", "", "", "not gguf",
			"edgen: not gguf (500 Internal Server Error, unknown_model_kind)"},
		{"openai envelope", `{"error":{"message":"The model does not exist","type":"invalid_request_error","param":"model","code":"model_not_found"}}`, 404,
			"model_not_found", "invalid_request_error", "model", "The model does not exist",
			"edgen: The model does not exist (404 Not Found, model_not_found)"},
		{"openai envelope, numeric code", `{"error":{"message":"m","type":"t","code":42}}`, 400, "42", "t", "", "m", "edgen: m (400 Bad Request, 42)"},
		{"openai envelope, no code", `{"error":{"message":"m","type":"server_error","code":null}}`, 500, "server_error", "server_error", "", "m",
			"edgen: m (500 Internal Server Error, server_error)"},
		{"problem+json", `{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","detail":"Your balance is 30, but that costs 50.","status":403}`, 403,
			"", "https://example.com/probs/out-of-credit", "", "You do not have enough credit.: Your balance is 30, but that costs 50.",
			"edgen: You do not have enough credit.: Your balance is 30, but that costs 50. (403 Forbidden)"},
		{"problem+json from Prism", `{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"Your request is not valid","validation":[{"location":["body","messages",0],"severity":"Error","code":"required","message":"must have required property 'role'"},{"location":["body"],"message":"must have required property 'model'"}]}`, 422,
			"", "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY", "", "Invalid request: Your request is not valid (body.messages.0 must have required property 'role'; body must have required property 'model')", ""},
		{"problem+json, detail only", `{"detail":"nope"}`, 400, "", "", "", "nope", "edgen: nope (400 Bad Request)"},
		{"text", "Failed to parse the request body as JSON", 422, "", "", "", "Failed to parse the request body as JSON", ""},
		{"empty", "", 500, "", "", "", "", "edgen: 500 Internal Server Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAPIError(tc.status, http.Header{"X-Request-Id": {"req-42"}}, []byte(tc.body))
			if e.Code != tc.code || e.Type != tc.typ || e.Param != tc.param || e.Message != tc.message {
				t.Errorf("code %q type %q param %q message %q;\nwant %q %q %q %q", e.Code, e.Type, e.Param, e.Message, tc.code, tc.typ, tc.param, tc.message)
			}
			if e.RequestID != "req-42" {
				t.Errorf("RequestID %q, want the x-request-id header", e.RequestID)
			}
			if tc.is != "" && e.Error() != tc.is {
				t.Errorf("Error() = %q, want %q", e.Error(), tc.is)
			}
		})
	}
}

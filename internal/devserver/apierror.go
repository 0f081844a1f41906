package devserver

import (
	"encoding/json"
	"net/http"
)

// writeAPIError answers status with message in the OpenAI error envelope
// ({"error":{"message":...,"type":...}}), which every client of the API
// reads, the page's included.
func writeAPIError(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(map[string]map[string]string{ // strings cannot fail
		"error": {"message": message, "type": "serve_error"},
	})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

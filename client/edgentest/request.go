package edgentest

import (
	"net/http"
	"time"
)

// HeaderScenario is the request header that groups attempts into a scenario:
// the status sequence of the faults is consumed per scenario (and route),
// and recorded requests are looked up by it.
const HeaderScenario = "X-Fake-Scenario"

// HeaderFaults is the request header carrying the faults of one request, in
// the form "k=v;k=v" (the keys are listed in the package documentation).
const HeaderFaults = "X-Fake-Faults"

// Request is what the fake received in one request to an API route.
type Request struct {
	// Scenario is the X-Fake-Scenario header ("" when absent).
	Scenario string `json:"scenario"`
	// Method is the HTTP method.
	Method string `json:"method"`
	// Path is the path below the fake's root, escaped as received, with a
	// leading slash: "/models/TheBloke%2Fneural-chat-7B-v3-3-GGUF".
	Path string `json:"path"`
	// Query is the raw query string, without '?'.
	Query string `json:"query"`
	// Header holds the request headers.
	Header http.Header `json:"header"`
	// Body holds the body bytes, at most MaxRecordedBody of them.
	Body []byte `json:"body"`
	// BodyTruncated reports that Body holds only the start of the body.
	BodyTruncated bool `json:"body_truncated"`
	// Parts lists the parts of a multipart body in the order received,
	// repeated ones included.
	Parts []Part `json:"parts"`
	// Disconnected reports that the client went away before the fake finished
	// a streamed or long answer.
	Disconnected bool `json:"disconnected"`
	// Time is when the request arrived.
	Time time.Time `json:"time"`
}

// Part is one part of a multipart/form-data body.
type Part struct {
	// Name is the form field name.
	Name string `json:"name"`
	// Value is the text of a non-file part (at most MaxRecordedBody bytes).
	Value string `json:"value,omitempty"`
	// FileName is the file name of a file part ("" for other parts).
	FileName string `json:"filename,omitempty"`
	// Size is the size of the part's content in bytes.
	Size int64 `json:"size"`
}

// Part returns the first part named name.
func (r Request) Part(name string) (Part, bool) {
	for _, p := range r.Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

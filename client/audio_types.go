package client

import "io"

// TranscriptionRequest is the multipart body of POST audio/transcriptions.
// Only the parts that are set are sent: Edgen rejects unknown or repeated parts.
type TranscriptionRequest struct {
	// File is the audio (wav, mp3, ogg, flac...); required.
	File io.Reader
	// FileName is the file name sent with the file part (default "audio").
	FileName string
	// Model is required.
	Model          string
	Language       *string
	Prompt         *string
	ResponseFormat *string
	Temperature    *float64
	// CreateSession asks for a session for continuous transcription.
	CreateSession *bool
	// Session is the uuid of an existing session.
	Session *string
}

// Transcription is the answer of POST audio/transcriptions.
type Transcription struct {
	Text string `json:"text"`
	// Session is sent only when one exists.
	Session string `json:"session,omitempty"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Text, Session Field
		ExtraFields   map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *Transcription) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r Transcription) MarshalJSON() ([]byte, error) { return encodeObject(r) }

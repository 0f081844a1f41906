package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
)

// CreateTranscription transcribes audio (POST audio/transcriptions, multipart).
// Only the parts that are set are sent. The file is read into memory once, so
// a retry sends it again intact.
func (c *Client) CreateTranscription(ctx context.Context, req TranscriptionRequest, opts ...Option) (*Transcription, error) {
	body, contentType, err := req.MultipartBody()
	if err != nil {
		return nil, err
	}
	opts = append(opts[:len(opts):len(opts)], WithHeader("Content-Type", contentType))
	return call[Transcription](ctx, c, http.MethodPost, PathTranscriptions, body, opts)
}

// MultipartBody encodes the request as multipart/form-data and returns the
// body with its Content-Type, for sending it with Do (WithHeader sets the
// Content-Type) when the raw answer is wanted.
func (req TranscriptionRequest) MultipartBody() (io.Reader, string, error) {
	if req.File == nil {
		return nil, "", errors.New("edgen: TranscriptionRequest.File is nil")
	}
	name := req.FileName
	if name == "" {
		name = "audio"
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		return nil, "", err
	}
	if _, err := io.Copy(fw, req.File); err != nil {
		return nil, "", fmt.Errorf("edgen: reading the audio file: %w", err)
	}
	fields := []struct {
		name  string
		value *string
	}{
		{"model", &req.Model},
		{"language", req.Language},
		{"prompt", req.Prompt},
		{"response_format", req.ResponseFormat},
		{"temperature", formatPtr(req.Temperature, func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) })},
		{"create_session", formatPtr(req.CreateSession, strconv.FormatBool)},
		{"session", req.Session},
	}
	for _, f := range fields {
		if f.value == nil {
			continue
		}
		if err := w.WriteField(f.name, *f.value); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return &buf, w.FormDataContentType(), nil
}

// formatPtr formats an optional value; nil stays nil.
func formatPtr[T any](v *T, format func(T) string) *string {
	if v == nil {
		return nil
	}
	s := format(*v)
	return &s
}

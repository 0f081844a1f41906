package client

import (
	"fmt"
	"net/http"

	"github.com/edgen-browser/edgen/internal/jsonscan"
)

// ErrInvalidJSON is wrapped by the error of a response body or a stream
// event that is not JSON.
var ErrInvalidJSON = jsonscan.ErrInvalid

// APIError is an error response from the server, or an error event in a
// stream. Every status-specific error type below wraps one; errors.As with a
// *APIError target matches all of them.
type APIError struct {
	// StatusCode is the HTTP status (for an error event: the stream's status).
	StatusCode int
	// Header holds the response headers.
	Header http.Header
	// Body is the raw error body (for an error event: its data).
	Body []byte
	// Code is Edgen's "error" tag (e.g. "no_such_model") or the OpenAI
	// envelope's code, else its type; empty when the body has neither.
	Code string
	// Type is the OpenAI envelope's type (e.g. "invalid_request_error") or
	// a problem+json body's type URI; empty when the body has none.
	Type string
	// Param is the OpenAI envelope's param: the request field at fault.
	Param string
	// Message is the server's own description, taken from the body: the
	// envelope's message, a problem+json body's title and detail, Edgen's
	// fields, or a text body.
	Message string
	// RequestID is the x-request-id response header, when the server sent one.
	RequestID string
}

// Error gives the server's words first, then the status and code:
// "edgen: The model x does not exist (404 Not Found, model_not_found)".
func (e *APIError) Error() string {
	status := fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		status += ", " + e.Code
	}
	if e.Message == "" {
		return "edgen: " + status
	}
	return "edgen: " + e.Message + " (" + status + ")"
}

// BadRequestError is a 400 response.
type BadRequestError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *BadRequestError) Unwrap() error { return e.APIError }

// AuthenticationError is a 401 response.
type AuthenticationError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *AuthenticationError) Unwrap() error { return e.APIError }

// PermissionDeniedError is a 403 response.
type PermissionDeniedError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *PermissionDeniedError) Unwrap() error { return e.APIError }

// NotFoundError is a 404 response.
type NotFoundError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *NotFoundError) Unwrap() error { return e.APIError }

// ConflictError is a 409 response.
type ConflictError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *ConflictError) Unwrap() error { return e.APIError }

// UnprocessableEntityError is a 422 response (Edgen: JSON of the wrong shape,
// e.g. a missing model).
type UnprocessableEntityError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *UnprocessableEntityError) Unwrap() error { return e.APIError }

// RateLimitError is a 429 response.
type RateLimitError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *RateLimitError) Unwrap() error { return e.APIError }

// InternalServerError is a response with status 500 or above.
type InternalServerError struct{ *APIError }

// Unwrap returns the underlying *APIError.
func (e *InternalServerError) Unwrap() error { return e.APIError }

// statusError wraps e in the error type of its status class; other statuses
// are returned as the bare *APIError.
func statusError(e *APIError) error {
	switch code := e.StatusCode; {
	case code == http.StatusBadRequest:
		return &BadRequestError{e}
	case code == http.StatusUnauthorized:
		return &AuthenticationError{e}
	case code == http.StatusForbidden:
		return &PermissionDeniedError{e}
	case code == http.StatusNotFound:
		return &NotFoundError{e}
	case code == http.StatusConflict:
		return &ConflictError{e}
	case code == http.StatusUnprocessableEntity:
		return &UnprocessableEntityError{e}
	case code == http.StatusTooManyRequests:
		return &RateLimitError{e}
	case code >= http.StatusInternalServerError:
		return &InternalServerError{e}
	}
	return e
}

// APIConnectionError means no usable response arrived: the connection failed,
// or broke while the body (or a stream) was being read.
type APIConnectionError struct{ Err error }

// Error describes the cause.
func (e *APIConnectionError) Error() string { return "edgen: connection error: " + e.Err.Error() }

// Unwrap returns the cause.
func (e *APIConnectionError) Unwrap() error { return e.Err }

// APITimeoutError means the timeout (see WithTimeout) passed while waiting for
// the response headers or for more of the body. errors.Is(err,
// context.DeadlineExceeded) is true for it.
type APITimeoutError struct{ *APIConnectionError }

// Error describes the timeout.
func (e *APITimeoutError) Error() string { return "edgen: timeout: " + e.Err.Error() }

// Unwrap returns the underlying *APIConnectionError.
func (e *APITimeoutError) Unwrap() error { return e.APIConnectionError }

//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/edgen-browser/edgen/client"
)

// jsError is an error that names its JavaScript class directly: a TypeError
// for a bad argument, or a plain Error for misuse such as iterating a stream
// twice.
type jsError struct {
	kind    string
	message string
}

func (e *jsError) Error() string { return e.message }

// typeError is a bad argument from JavaScript.
func typeError(format string, args ...any) error {
	return &jsError{kind: "TypeError", message: fmt.Sprintf(format, args...)}
}

// usageError is a call that is not allowed in the current state.
func usageError(format string, args ...any) error {
	return &jsError{kind: "Error", message: fmt.Sprintf(format, args...)}
}

// isErr reports whether err's chain holds a T.
func isErr[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// statusKinds maps the client's status error types to their JS classes.
var statusKinds = []struct {
	kind  string
	match func(error) bool
}{
	{"BadRequestError", isErr[*client.BadRequestError]},
	{"AuthenticationError", isErr[*client.AuthenticationError]},
	{"PermissionDeniedError", isErr[*client.PermissionDeniedError]},
	{"NotFoundError", isErr[*client.NotFoundError]},
	{"ConflictError", isErr[*client.ConflictError]},
	{"UnprocessableEntityError", isErr[*client.UnprocessableEntityError]},
	{"RateLimitError", isErr[*client.RateLimitError]},
	{"InternalServerError", isErr[*client.InternalServerError]},
}

// errorKind names the class on `edgen` (or TypeError / Error) that JS
// callers see for err. This is the only place Go errors are classified for JS.
func errorKind(err error) string {
	var je *jsError
	switch {
	case errors.As(err, &je):
		return je.kind
	case isErr[*client.TimeoutError](err):
		return "APITimeoutError"
	case errors.Is(err, errUserAbort), errors.Is(err, context.Canceled):
		return "APIUserAbortError"
	case isErr[*client.ConnectionError](err):
		return "APIConnectionError"
	}
	for _, k := range statusKinds {
		if k.match(err) {
			return k.kind
		}
	}
	var api *client.APIError
	if errors.As(err, &api) && api.StatusCode >= 400 {
		return "APIStatusError"
	}
	return "APIError" // an error event in a stream, a malformed chunk
}

// errorValue is err as the plain object web/edgen.js turns into an Error:
// {kind, message, status?, headers?, body?, cause?}. body is the raw
// response text (the shim parses it), absent when the body was empty.
func errorValue(err error) map[string]any {
	kind, msg := errorKind(err), err.Error()
	if kind == "APIUserAbortError" {
		msg = "edgen: request aborted" // not "context canceled"
	}
	v := map[string]any{"kind": kind, "message": msg}
	var api *client.APIError
	if errors.As(err, &api) {
		v["status"] = api.StatusCode
		v["headers"] = headerObject(api.Header)
		if len(api.Body) > 0 {
			v["body"] = string(api.Body)
		}
	}
	var conn *client.ConnectionError
	if errors.As(err, &conn) && conn.Err != nil {
		v["cause"] = conn.Err.Error()
	}
	return v
}

// headerObject is h as a plain object with lower-case names; repeated
// values are joined with ", " as the Fetch API's Headers does.
func headerObject(h http.Header) map[string]any {
	obj := make(map[string]any, len(h))
	for k, vs := range h {
		obj[strings.ToLower(k)] = strings.Join(vs, ", ")
	}
	return obj
}

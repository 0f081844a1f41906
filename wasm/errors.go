//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/edgen-browser/edgen/client"
)

// This file is the one place where Go errors become what JS sees: the class
// (errorKind) and the fields (errorValue). web/edgen/edgen.js only looks the class
// up by name; it parses no error body.

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

// malformedError is a successful (2xx) response whose body is not the JSON
// the operation answers with: truncated, HTML from a proxy, and so on.
type malformedError struct {
	resp client.Response
	err  error // the decoding error, if a typed decoding found it
}

func (e *malformedError) Error() string {
	msg := fmt.Sprintf("edgen: the server answered %d with a body that is not valid JSON", e.resp.StatusCode)
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	return msg
}

func (e *malformedError) Unwrap() error { return e.err }

// malformedOr returns err, unless it is a decoding error of a successful
// response (resp recorded a 2xx status): then a *malformedError.
func malformedOr(err error, resp *client.Response) error {
	var api *client.APIError
	var conn *client.APIConnectionError
	var je *jsError
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299,
		errors.As(err, &api), errors.As(err, &conn), errors.As(err, &je),
		errors.Is(err, context.Canceled), errors.Is(err, errUserAbort):
		return err
	}
	return &malformedError{resp: *resp, err: err}
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
	case isErr[*client.APITimeoutError](err):
		return "APITimeoutError"
	case errors.Is(err, errUserAbort), errors.Is(err, context.Canceled):
		return "APIUserAbortError"
	case isErr[*client.APIConnectionError](err):
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
	return "APIError" // an error event in a stream, a malformed chunk or body
}

// errorValue is err as the plain object web/edgen/edgen.js turns into an Error:
// {kind, message, status?, headers?, error?, code?, type?, param?,
// requestID?, cause?}. error is the parsed body (a JSON value, else the
// text), absent when the body was empty; code, type and param come from the
// body (see client.APIError), requestID from the x-request-id header.
func errorValue(err error) map[string]any {
	kind, msg := errorKind(err), err.Error()
	if kind == "APIUserAbortError" {
		msg = errUserAbort.Error() // not "context canceled"
	}
	if !strings.HasPrefix(msg, "edgen: ") {
		msg = "edgen: " + msg
	}
	v := map[string]any{"kind": kind, "message": msg}
	var api *client.APIError
	var bad *malformedError
	switch {
	case errors.As(err, &api):
		v["status"] = api.StatusCode
		v["headers"] = headerObject(api.Header)
		if body := bodyValue(api.Body); body != nil {
			v["error"] = body
		}
		setNonEmpty(v, "code", api.Code)
		setNonEmpty(v, "type", api.Type)
		setNonEmpty(v, "param", api.Param)
		setNonEmpty(v, "requestID", api.RequestID)
	case errors.As(err, &bad):
		v["status"] = bad.resp.StatusCode
		v["headers"] = headerObject(bad.resp.Header)
		setNonEmpty(v, "requestID", bad.resp.Header.Get("X-Request-Id"))
	}
	var conn *client.APIConnectionError
	if errors.As(err, &conn) && conn.Err != nil {
		v["cause"] = conn.Err.Error()
	} else if bad != nil && bad.err != nil {
		v["cause"] = bad.err.Error()
	}
	return v
}

// setNonEmpty sets v[key] = s unless s is empty.
func setNonEmpty(v map[string]any, key, s string) {
	if s != "" {
		v[key] = s
	}
}

// bodyValue is an error body as a JS value: the parsed JSON (objects,
// arrays, strings, numbers as safejs.ValueOf converts them), else the text;
// nil when empty.
func bodyValue(body []byte) any {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var parsed any
	if json.Unmarshal(body, &parsed) == nil {
		return parsed
	}
	return strings.ToValidUTF8(string(body), "\uFFFD")
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

package client_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestErrorStatusClasses: each status gives its error type, all of them
// *APIError underneath, carrying status, headers and body.
func TestErrorStatusClasses(t *testing.T) {
	for _, tc := range []struct {
		status int
		is     func(error) bool
	}{
		{400, isA[*client.BadRequestError]},
		{401, isA[*client.AuthenticationError]},
		{403, isA[*client.PermissionDeniedError]},
		{404, isA[*client.NotFoundError]},
		{409, isA[*client.ConflictError]},
		{422, isA[*client.UnprocessableEntityError]},
		{429, isA[*client.RateLimitError]},
		{500, isA[*client.InternalServerError]},
		{503, isA[*client.InternalServerError]},
		{418, func(err error) bool { _, bare := err.(*client.APIError); return bare }},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			t.Parallel()
			h := edgentest.Start(t)
			c, _ := fakeClient(h, client.WithMaxRetries(0))
			sc := h.Scenario(fmt.Sprintf("status=%d;error-body=openai", tc.status))
			_, err := c.Version(background, with(sc)...)
			if !tc.is(err) {
				t.Errorf("err = %T %v: wrong type for %d", err, err, tc.status)
			}
			e, ok := as[*client.APIError](err)
			if !ok {
				t.Fatalf("err = %T, not an *APIError", err)
			}
			if e.StatusCode != tc.status || e.Header.Get("Content-Type") != "application/json" || len(e.Body) == 0 {
				t.Errorf("APIError = %d %v %q", e.StatusCode, e.Header, e.Body)
			}
			if _, ok := as[*client.APIConnectionError](err); ok {
				t.Error("a status error is a *APIConnectionError")
			}
		})
	}
}

func isA[E error](err error) bool {
	_, ok := err.(E)
	return ok
}

// TestErrorBodies: the code and message come out of each form of error body.
func TestErrorBodies(t *testing.T) {
	for _, tc := range []struct {
		form, code, message string
		emptyBody           bool
	}{
		{"edgen", "no_such_model", "model_name=edgentest fault: status 500", false},
		{"openai", "edgentest_fault", "edgentest fault: status 500", false},
		{"text", "", "edgentest fault: status 500", false},
		{"empty", "", "", true},
	} {
		t.Run(tc.form, func(t *testing.T) {
			t.Parallel()
			h := edgentest.Start(t)
			c, _ := fakeClient(h, client.WithMaxRetries(0))
			sc := h.Scenario("status=500;error-body=" + tc.form)
			var raw client.Response
			_, err := c.CreateChatCompletion(background, chatRequest("hi"), with(sc, client.WithResponseInto(&raw))...)
			e, ok := as[*client.APIError](err)
			if !ok {
				t.Fatalf("err = %T %v", err, err)
			}
			if e.Code != tc.code || e.Message != tc.message || (len(e.Body) == 0) != tc.emptyBody {
				t.Errorf("code %q message %q body %q; want %q, %q", e.Code, e.Message, e.Body, tc.code, tc.message)
			}
			if raw.StatusCode != 500 || string(raw.Body) != string(e.Body) {
				t.Errorf("raw response %d %q, want the error response", raw.StatusCode, raw.Body)
			}
		})
	}
}

// TestServerRejections: the fake's own answers to bad requests, as the real
// server gives them.
func TestServerRejections(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h, client.WithMaxRetries(0))

	err := c.Do(background, "POST", "chat/completions", json.RawMessage(`{"messages":[]}`), nil)
	if e, ok := as[*client.UnprocessableEntityError](err); !ok || e.Message == "" || e.Code != "" {
		t.Errorf("chat without a model: %T %v, want a 422 with a text message", err, err)
	}
	_, err = c.RetrieveModel(background, "nobody/nothing")
	if e, ok := as[*client.InternalServerError](err); !ok || len(e.Body) != 0 || e.Message != "" {
		t.Errorf("unknown model: %T %v, want a 500 with an empty body", err, err)
	}
	err = c.Do(background, "GET", "no/such/route", nil, nil)
	if _, ok := as[*client.NotFoundError](err); !ok {
		t.Errorf("unknown path: %T %v, want *NotFoundError", err, err)
	}
	if !errors.As(err, new(*client.APIError)) {
		t.Error("a *NotFoundError is not an *APIError")
	}
}

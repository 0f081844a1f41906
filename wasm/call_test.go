//go:build js && wasm

package main

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// canned is an http.RoundTripper that answers every request with one
// response, so the raw calls can be tested without a network.
type canned struct {
	status int
	header http.Header
	body   string
}

func (c canned) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: c.status, Header: c.header, Body: io.NopCloser(strings.NewReader(c.body)), Request: req}, nil
}

// cannedClient registers a client answered by c and returns its id.
func cannedClient(t *testing.T, c canned) safejs.Value {
	t.Helper()
	id := clients.add(client.New(client.WithBaseURL("http://edgen.test/v1"), client.WithMaxRetries(0),
		client.WithHTTPClient(&http.Client{Transport: c})))
	t.Cleanup(func() { clients.remove(id) })
	return jsValue(t, id)
}

// jsValue is safejs.ValueOf(v), failing the test on an error.
func jsValue(t *testing.T, v any) safejs.Value {
	t.Helper()
	jv, err := safejs.ValueOf(v)
	if err != nil {
		t.Fatal(err)
	}
	return jv
}

// settle runs a raw call that settles a Promise (call, openStream) with
// args and resolve and reject functions after them, and returns the value
// it resolves with, or its rejection with rejected set.
func settle(t *testing.T, fn func([]safejs.Value) any, args ...safejs.Value) (v safejs.Value, rejected bool) {
	t.Helper()
	type outcome struct {
		v        safejs.Value
		rejected bool
	}
	ch := make(chan outcome, 1)
	on := func(rejected bool) safejs.Value {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			ch <- outcome{arg(args, 0), rejected}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(f.Release)
		return f.Value()
	}
	if r, ok := fn(append(args, on(false), on(true))).(safejs.Value); !ok || !r.IsUndefined() {
		t.Fatalf("the raw call returned %v, want undefined (it settles the Promise)", r)
	}
	select {
	case o := <-ch:
		return o.v, o.rejected
	case <-time.After(10 * time.Second):
		t.Fatal("the Promise did not settle")
	}
	return safejs.Undefined(), false
}

// opArg is how JS names the operation at path in a raw call: its index in
// operations; a path that names none is passed as the string, which a raw
// call must reject.
func opArg(t *testing.T, path string) safejs.Value {
	t.Helper()
	if i := slices.IndexFunc(operations, func(op operation) bool { return op.path == path }); i >= 0 {
		return jsValue(t, i)
	}
	return jsValue(t, path)
}

// text reads obj[key] as a string ("" when it is not one).
func text(obj safejs.Value, key string) string {
	s, _ := toString(field(obj, key), key)
	return s
}

// num reads obj[key] as a number (0 when it is not one).
func num(obj safejs.Value, key string) float64 {
	n, _ := toNumber(field(obj, key), key)
	return n
}

// TestCallAnswers: a successful call resolves to one string: the status,
// the URL, the headers as lower-case "name: value" lines, an empty line,
// the body as the server sent it.
func TestCallAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer canned
		want   []string // the lines before the body, in any order but the first
		body   string
	}{
		{"body and headers", canned{200, http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req-7"}}, `{"object":"list","data":[]}`},
			[]string{"200", "http://edgen.test/v1/models", "content-type: application/json", "x-request-id: req-7"}, `{"object":"list","data":[]}`},
		{"no headers, no body", canned{204, http.Header{}, ""}, []string{"204", "http://edgen.test/v1/models"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := cannedClient(t, tc.answer)
			v, rejected := settle(t, call, id, opArg(t, "models.list"), safejs.Undefined(), safejs.Undefined())
			if rejected {
				t.Fatalf("models.list rejected with %s: %s", text(v, "kind"), text(v, "message"))
			}
			got, _ := v.String()
			head, body, ok := strings.Cut(got, "\n\n")
			if !ok || body != tc.body {
				t.Fatalf("answer %q: body %q, want %q after an empty line", got, body, tc.body)
			}
			lines := strings.Split(head, "\n")
			if lines[0] != tc.want[0] || lines[1] != tc.want[1] || len(lines) != len(tc.want) {
				t.Fatalf("answer %q: lines %q, want %q", got, lines, tc.want)
			}
			for _, w := range tc.want[2:] {
				if !slices.Contains(lines[2:], w) {
					t.Errorf("answer %q lacks the header line %q", got, w)
				}
			}
		})
	}
}

// TestCallErrors: what each failure of a call rejects with, built in Go
// from the response: the class, the server's words first in the message,
// and the fields of the body and headers.
func TestCallErrors(t *testing.T) {
	jsonHeader := func(kv ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json"}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	for _, tc := range []struct {
		name   string
		op     string
		answer canned
		kind   string
		status int
		fields map[string]string // expected string fields of the error object
		prefix string            // the message's start
	}{
		{"edgen's flat body", "models.list", canned{404, jsonHeader("X-Request-Id", "req-1"), `{"error":"no_such_model","model_name":"x"}`},
			"NotFoundError", 404, map[string]string{"code": "no_such_model", "requestID": "req-1"}, "edgen: model_name=x (404 Not Found, no_such_model)"},
		{"OpenAI envelope", "misc.version", canned{400, jsonHeader(), `{"error":{"message":"bad n","type":"invalid_request_error","param":"n","code":"bad_n"}}`},
			"BadRequestError", 400, map[string]string{"code": "bad_n", "type": "invalid_request_error", "param": "n"}, "edgen: bad n (400 Bad Request, bad_n)"},
		{"problem+json", "embeddings.status", canned{422, http.Header{"Content-Type": {"application/problem+json"}},
			`{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"Your request is not valid","validation":[{"location":["body"],"severity":"Error","code":"required","message":"must have required property 'model'"}]}`},
			"UnprocessableEntityError", 422, map[string]string{"type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"},
			"edgen: Invalid request: Your request is not valid (body must have required property 'model') (422 Unprocessable Entity)"},
		{"text body", "chat.completions.status", canned{503, http.Header{"Content-Type": {"text/plain"}}, "overloaded"},
			"InternalServerError", 503, nil, "edgen: overloaded (503 Service Unavailable)"},
		{"other status", "models.list", canned{418, http.Header{}, ""}, "APIStatusError", 418, nil, "edgen: 418 I'm a teapot"},
		{"truncated 2xx body", "models.list", canned{200, jsonHeader("X-Request-Id", "req-2"), `{"object":"list","da`},
			"APIError", 200, map[string]string{"requestID": "req-2"}, "edgen: the server answered 200 with a body that is not valid JSON"},
		{"HTML 2xx body", "misc.version", canned{200, http.Header{"Content-Type": {"text/html"}}, `<html>proxy</html>`},
			"APIError", 200, nil, "edgen: the server answered 200"},
		{"bad argument", "models.retrieve", canned{200, jsonHeader(), `{}`}, "TypeError", 0, nil, "edgen: id must be a non-empty string"},
		{"unknown operation", "models.purge", canned{200, jsonHeader(), `{}`}, "TypeError", 0, nil, "edgen: operation must be the index of an operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := cannedClient(t, tc.answer)
			e, rejected := settle(t, call, id, opArg(t, tc.op), safejs.Undefined(), safejs.Undefined())
			if !rejected {
				t.Fatal("resolved, want a rejection")
			}
			if k := text(e, "kind"); k != tc.kind {
				t.Errorf("kind %q, want %q", k, tc.kind)
			}
			if m := text(e, "message"); !strings.HasPrefix(m, tc.prefix) {
				t.Errorf("message %q, want it to start %q", m, tc.prefix)
			}
			if s := int(num(e, "status")); s != tc.status {
				t.Errorf("status %d, want %d", s, tc.status)
			}
			for k, want := range tc.fields {
				if got := text(e, k); got != want {
					t.Errorf("%s %q, want %q", k, got, want)
				}
			}
			if tc.status >= 400 && tc.answer.body != "" && absent(field(e, "error")) {
				t.Error("no parsed body under error")
			}
			if tc.status > 0 && !isObject(field(e, "headers")) {
				t.Error("no headers object")
			}
		})
	}
}

// TestErrorBodyParsed: the error field is the body parsed in Go, an
// object for JSON and the text otherwise; JS parses nothing.
func TestErrorBodyParsed(t *testing.T) {
	id := cannedClient(t, canned{404, http.Header{"Content-Type": {"application/json"}}, `{"error":"no_such_model","model_name":"x","n":[1,2]}`})
	e, _ := settle(t, call, id, opArg(t, "models.list"), safejs.Undefined(), safejs.Undefined())
	body := field(e, "error")
	if text(body, "error") != "no_such_model" || text(body, "model_name") != "x" {
		t.Errorf("error is not the parsed body: %v", body)
	}
	if n, err := field(body, "n").Length(); err != nil || n != 2 {
		t.Errorf("error.n: length %d (%v), want the array [1,2]", n, err)
	}
	id = cannedClient(t, canned{500, http.Header{}, "it broke"})
	e, _ = settle(t, call, id, opArg(t, "models.list"), safejs.Undefined(), safejs.Undefined())
	if s := text(e, "error"); s != "it broke" {
		t.Errorf("error %q, want the text body", s)
	}
}

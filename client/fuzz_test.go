//go:build !js

package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edgen-browser/edgen/client"
)

// FuzzStreamDecode feeds arbitrary bytes to the stream decoding, raw and
// typed: it must not panic, every raw chunk must be valid JSON, and the raw
// and typed readings must agree on the number of chunks and on failing.
func FuzzStreamDecode(f *testing.F) {
	for _, seed := range []string{
		"data: " + ev("a") + "\n\ndata: " + ev("b") + "\n\n",
		"data:" + ev("a") + "\r\n\r\ndata: [DONE]\n\n",
		": comment\nevent: ping\ndata: {}\n\n",
		"data: {\"error\":\"no_such_model\",\"model_name\":\"m\"}\n\n",
		"event: error\ndata: {\"error\":{\"message\":\"m\",\"code\":1}}\n\n",
		"data: {\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"trunc\n\n",
		"data: [1,2]\n\ndata: \"s\"\n\ndata: null\n\n",
		"\xef\xbb\xbfdata: {}\n\n",
		"data: {\"error\":null}\n\n",
		"data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}\n\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		open := func() io.ReadCloser { return io.NopCloser(bytes.NewReader(body)) }
		c := bodyClient("text/event-stream", open)

		raw, err := client.OpenStream[json.RawMessage](background, c, "POST", "chat/completions", nil)
		if err != nil {
			t.Fatal(err)
		}
		nRaw := 0
		for raw.Next() {
			if !json.Valid(raw.Current()) {
				t.Fatalf("chunk %q is not JSON", raw.Current())
			}
			nRaw++
		}
		typed, err := client.OpenStream[client.ChatCompletionChunk](background, c, "POST", "chat/completions", nil)
		if err != nil {
			t.Fatal(err)
		}
		nTyped := 0
		for typed.Next() {
			nTyped++
		}
		rawAPI := errors.As(raw.Err(), new(*client.APIError))
		typedAPI := errors.As(typed.Err(), new(*client.APIError))
		switch {
		case typed.Err() == nil && (raw.Err() != nil || nRaw != nTyped):
			t.Fatalf("raw: %d chunks, %v; typed: %d chunks, no error", nRaw, raw.Err(), nTyped)
		case rawAPI != typedAPI && typed.Err() != nil && nRaw == nTyped:
			t.Fatalf("raw error %v, typed error %v: only one is an error event", raw.Err(), typed.Err())
		case raw.Err() == nil && nTyped > nRaw:
			t.Fatalf("typed reading found more chunks (%d) than raw (%d)", nTyped, nRaw)
		}
	})
}

// FuzzParseErrorBody: any error body gives a code and a message without
// panicking; text bodies are their own (trimmed, valid UTF-8) message.
func FuzzParseErrorBody(f *testing.F) {
	for _, seed := range []string{
		``, ` `, `{"error":"no_such_model","model_name":"x"}`,
		`{"error":"unknown_model_kind","model_name":"x","reason":"why"}`, `{"error":"ffi"}`,
		`{"error":{"message":"m","type":"t","code":"c"}}`, `{"error":{"message":"m","type":"t","code":42}}`,
		`{"error":{"message":"m","type":"t","code":null}}`, `{"message":"plain"}`,
		`Failed to parse the request body as JSON`, "\xff\xfe", `{"error":`, `[1]`, `{"error":[1],"n":1.5}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		code, msg := client.ParseErrorBody(body)
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) == 0 && (code != "" || msg != "") {
			t.Fatalf("empty body gave %q, %q", code, msg)
		}
		if !json.Valid(trimmed) || len(trimmed) > 0 && trimmed[0] != '{' {
			if code != "" {
				t.Fatalf("non-object body %q gave code %q", body, code)
			}
			if want := strings.ToValidUTF8(string(trimmed), "\uFFFD"); msg != want {
				t.Fatalf("text body %q gave message %q", body, msg)
			}
		}
		if !utf8.ValidString(msg) && utf8.Valid(body) {
			t.Fatalf("message %q is not UTF-8", msg)
		}
	})
}

// FuzzValidJSON checks the stream's JSON validity check against json.Valid.
func FuzzValidJSON(f *testing.F) {
	for _, seed := range []string{
		``, ` `, `{}`, `[]`, `{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]}`, ` {"a" : {"b":[]}} `,
		`{"a":1,}`, `[1,]`, `01`, `-`, `1.`, `1e`, `.5`, `"\x"`, `"\u12g4"`, "\"a\tb\"", `"`, `{"a"}`,
		`nul`, `truex`, `[1 2]`, `{"a":1 "b":2}`, "\xef\xbb\xbf{}", `"\ud800"`, "\"\xff\"",
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := client.ValidJSON(b), json.Valid(b); got != want {
			t.Fatalf("ValidJSON(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

// FuzzObjectMembers checks the JSON scanner's walk of an object against
// encoding/json: the same keys (decoded, the last of a repeated key
// winning) with the same value texts.
func FuzzObjectMembers(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"a":1,"b":[1,{"c":"}"}],"d":null}`, ` { "k\u00e9y" : "v\"" , "a":true } `, `{"a":1,"a":2}`,
		`{"a":}`, `{"a" 1}`, `[1,2]`, `"s"`, `{"a":1}x`, `{"\ud800":1}`, "{\"\xff\":1}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := client.Members(b)
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(b, &want)
		if wantErr != nil {
			var typeErr *json.UnmarshalTypeError
			if err == nil && !errors.As(wantErr, &typeErr) {
				t.Fatalf("members of %q: %v, json says %v", b, got, wantErr)
			}
			return
		}
		if err != nil || want == nil {
			if err == nil && want == nil && len(got) == 0 {
				return // null
			}
			t.Fatalf("members of %q: %v, %v; json says %v", b, got, err, want)
		}
		if len(got) != len(want) {
			t.Fatalf("members of %q: %v, json says %v", b, got, want)
		}
		for k, v := range want {
			if got[k] != string(v) {
				t.Fatalf("member %q of %q: %q, json says %q", k, b, got[k], v)
			}
		}
	})
}

//go:build !js

package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
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

// Mirrors of response types with encoding/json's decoding alone, for
// FuzzDecodeResponse.
type (
	mirrorChunk struct {
		ID                string         `json:"id"`
		Choices           []mirrorChoice `json:"choices"`
		Created           int64          `json:"created"`
		Model             string         `json:"model"`
		SystemFingerprint string         `json:"system_fingerprint"`
		Object            string         `json:"object"`
		Usage             struct {
			CompletionTokens int `json:"completion_tokens"`
			PromptTokens     int `json:"prompt_tokens"`
			TotalTokens      int `json:"total_tokens"`
		} `json:"usage"`
	}
	mirrorChoice struct {
		Delta struct {
			Content   string `json:"content"`
			Role      string `json:"role"`
			ToolCalls []struct {
				Index    int    `json:"index"`
				ID       string `json:"id"`
				Type     string `json:"type"`
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"delta"`
		FinishReason string `json:"finish_reason"`
		Index        int    `json:"index"`
	}
	mirrorEmbeddings struct {
		Object     string `json:"object"`
		Embeddings []struct {
			Object    string    `json:"object"`
			Embedding []float64 `json:"embedding"`
			Index     int       `json:"index"`
		} `json:"embeddings"`
		Model string `json:"model"`
	}
)

// FuzzDecodeResponse checks the one-pass decoding of the response types
// against encoding/json's decoding of mirror types: the same verdict and,
// when both decode, the same values.
func FuzzDecodeResponse(f *testing.F) {
	for _, seed := range []string{
		`{"id":"e","choices":[{"delta":{"content":"Hel\u006co","role":null},"finish_reason":null,"index":0}],"created":1706718034,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`,
		`{"choices":[{"index":1,"delta":{"tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}`,
		`{"ID":"case","Choices":null,"created":1.5,"model":5,"choices":[null,{"index":"x"}]}`,
		`{"created":99999999999999999999,"choices":[{"index":-1}],"usage":null,"usage":{"total_tokens":1}}`,
		`{"object":"list","embeddings":[{"embedding":[1e308,-0.5,3],"index":0},{"embedding":null}],"model":"m"}`,
		`{"embeddings":[{"embedding":[1e309]}]}`, `[]`, `null`, `"x"`, `{"content":"\xff"}`, `{"id":"a","id":"b"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, pair := range [][2]any{{new(client.ChatCompletionChunk), new(mirrorChunk)}, {new(client.Embeddings), new(mirrorEmbeddings)}} {
			got, want := pair[0], pair[1]
			gotErr, wantErr := json.Unmarshal(b, got), json.Unmarshal(b, want)
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("%T of %q: error %v, encoding/json says %v", got, b, gotErr, wantErr)
			}
			if gotErr == nil {
				if diff := sameFields(reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem(), ""); diff != "" {
					t.Fatalf("%T of %q: %s", got, b, diff)
				}
			}
			// The stream calls UnmarshalJSON itself, without json.Unmarshal's check first.
			direct := reflect.New(reflect.TypeOf(got).Elem()).Interface().(json.Unmarshaler)
			if err := direct.UnmarshalJSON(b); (err == nil) != (wantErr == nil) {
				t.Fatalf("%T.UnmarshalJSON(%q): error %v, encoding/json says %v", got, b, err, wantErr)
			} else if err == nil {
				if diff := sameFields(reflect.ValueOf(direct).Elem(), reflect.ValueOf(want).Elem(), ""); diff != "" {
					t.Fatalf("%T.UnmarshalJSON(%q): %s", got, b, diff)
				}
			}
		}
	})
}

// sameFields compares the fields of want (a mirror) with those of got of
// the same names, and describes the first difference.
func sameFields(got, want reflect.Value, path string) string {
	switch want.Kind() {
	case reflect.Struct:
		for i := range want.NumField() {
			name := want.Type().Field(i).Name
			if d := sameFields(got.FieldByName(name), want.Field(i), path+"."+name); d != "" {
				return d
			}
		}
	case reflect.Slice:
		if got.Len() != want.Len() || got.IsNil() != want.IsNil() {
			return fmt.Sprintf("%s: %d items (nil %v), want %d (nil %v)", path, got.Len(), got.IsNil(), want.Len(), want.IsNil())
		}
		for i := range want.Len() {
			if d := sameFields(got.Index(i), want.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			return fmt.Sprintf("%s = %#v, want %#v", path, got.Interface(), want.Interface())
		}
	}
	return ""
}

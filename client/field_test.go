package client_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// responseTypes are all the types decoded from responses.
var responseTypes = []any{
	&client.ChatCompletion{}, &client.ChatCompletionChoice{}, &client.ChatCompletionMessage{},
	&client.ToolCall{}, &client.ToolCallFunction{}, &client.CompletionUsage{},
	&client.ChatCompletionChunk{}, &client.ChatCompletionChunkChoice{}, &client.ChatCompletionChunkDelta{},
	&client.ChatCompletionChunkToolCall{}, &client.ChatCompletionChunkToolCallFunction{}, &client.Status{}, &client.Version{}, &client.Model{},
	&client.ModelList{}, &client.ModelDeleted{}, &client.Embeddings{}, &client.Embedding{},
	&client.EmbeddingsUsage{}, &client.ImageGeneration{}, &client.Transcription{},
}

// TestEveryResponseFieldDescribed: every field of every response type has
// its Field in the type's JSON struct, and decoding fills them.
func TestEveryResponseFieldDescribed(t *testing.T) {
	fieldType := reflect.TypeFor[client.Field]()
	for _, v := range responseTypes {
		typ := reflect.TypeOf(v).Elem()
		_, decodes := v.(json.Unmarshaler)
		_, encodes := reflect.ValueOf(v).Elem().Interface().(json.Marshaler)
		if !decodes || !encodes {
			t.Errorf("%v: UnmarshalJSON %v, MarshalJSON (on the value) %v", typ, decodes, encodes)
		}
		meta, ok := typ.FieldByName("JSON")
		if !ok {
			t.Errorf("%v has no JSON field", typ)
			continue
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.Name == "JSON" {
				continue
			}
			if mf, ok := meta.Type.FieldByName(f.Name); !ok || mf.Type != fieldType {
				t.Errorf("%v.JSON.%s is missing", typ, f.Name)
			}
		}
		if err := json.Unmarshal([]byte(`{"unknown":1}`), v); err != nil {
			t.Errorf("%v: %v", typ, err)
			continue
		}
		extra := reflect.ValueOf(v).Elem().FieldByName("JSON").FieldByName("ExtraFields")
		if got := extra.Interface().(map[string]client.Field)["unknown"]; got.Raw() != "1" {
			t.Errorf("%v: ExtraFields[unknown] = %q", typ, got.Raw())
		}
		if err := json.Unmarshal([]byte(`null`), v); err != nil {
			t.Errorf("%v: null: %v", typ, err)
		}
	}
}

// TestResponseNotObject: a response that is a JSON value but not an object
// fails with encoding/json's error, which names the response type, whether
// json.Unmarshal or the stream calls UnmarshalJSON.
func TestResponseNotObject(t *testing.T) {
	for _, body := range []string{`[1]`, `"x"`, `1`, `true`} {
		for _, v := range responseTypes {
			typ := reflect.TypeOf(v).Elem()
			for how, err := range map[string]error{
				"json.Unmarshal": json.Unmarshal([]byte(body), v),
				"UnmarshalJSON":  v.(json.Unmarshaler).UnmarshalJSON([]byte(body)),
			} {
				if te := (*json.UnmarshalTypeError)(nil); !errors.As(err, &te) || te.Type != typ {
					t.Errorf("%s of %s into %v: %v, want an UnmarshalTypeError naming %v", how, body, typ, err, typ)
				}
			}
		}
	}
}

func TestImageDataJSON(t *testing.T) {
	var d client.ImageData
	if err := json.Unmarshal([]byte(`[ 0, 255 ,1 ]`), &d); err != nil || string(d) != "\x00\xff\x01" {
		t.Errorf("got %v, %v", []byte(d), err)
	}
	for _, bad := range []string{`[256]`, `[-1]`, `[1.5]`, `"AAE="`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	if b, err := json.Marshal(client.ImageData{0, 255}); err != nil || string(b) != "[0,255]" {
		t.Errorf("marshalled as %s, %v", b, err)
	}
}

// TestResponseRoundTrip: a response marshals back to the JSON it was read
// from (key order aside): nulls stay null, missing fields stay missing,
// unknown keys are kept.
func TestResponseRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		v    any
		body string
	}{
		{&client.ChatCompletion{}, `{"id":"f403d6f4","choices":[{"message":{"role":"assistant","content":"Hello!","name":null,"tool_calls":null},"finish_reason":null,"index":0}],"created":1708958149,"model":"main","system_fingerprint":"edgen-0.1.3","object":"text_completion","usage":{"completion_tokens":0,"prompt_tokens":0,"total_tokens":0}}`},
		{&client.ChatCompletion{}, `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"tiny","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"x","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,"completion_tokens_details":{"reasoning_tokens":0}}}`},
		{&client.ChatCompletion{}, `{"id":"","choices":[],"created":0,"model":"","object":""}`},
		{&client.ChatCompletionChunk{}, `{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]},"finish_reason":null}],"usage":null}`},
		{&client.ChatCompletionChunk{}, `{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"now"}}]},"finish_reason":null}]}`},
		{&client.Embeddings{}, `{"object":"list","data":[{"object":"embedding","embedding":[0.5,1],"index":0}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}`},
		{&client.Embeddings{}, `{"object":"list","embeddings":[{"object":"embedding","embedding":[0.5],"index":0}],"model":"m","usage":{"prompt_tokens":0,"total_tokens":0}}`},
		{&client.ModelList{}, `{"object":"list","data":[{"id":"tiny:latest","object":"model","created":1,"owned_by":"library"}]}`},
		{&client.Transcription{}, `{"text":"hi"}`},
		{&client.ImageGeneration{}, `{"images":[[137,80],[1]]}`},
	} {
		if err := json.Unmarshal([]byte(tc.body), tc.v); err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		var want, have any
		if err := json.Unmarshal([]byte(tc.body), &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(got, &have); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want, have) {
			t.Errorf("%T\n read %s\nwrote %s", tc.v, tc.body, got)
		}
	}
}

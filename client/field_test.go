package client_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/edgen-browser/edgen/client"
)

// responseTypes are all the types decoded from responses.
var responseTypes = []any{
	&client.ChatCompletion{}, &client.ChatCompletionChoice{}, &client.ChatCompletionMessage{},
	&client.ToolCall{}, &client.ToolCallFunction{}, &client.CompletionUsage{},
	&client.ChatCompletionChunk{}, &client.ChatCompletionChunkChoice{}, &client.ChatCompletionChunkDelta{},
	&client.ChatCompletionChunkToolCall{}, &client.Status{}, &client.Version{}, &client.Model{},
	&client.ModelList{}, &client.ModelDeleted{}, &client.Embeddings{}, &client.Embedding{},
	&client.EmbeddingsUsage{}, &client.ImageGeneration{}, &client.Transcription{},
}

// TestEveryResponseFieldDescribed: every field of every response type has
// its Field in the type's JSON struct, and decoding fills them.
func TestEveryResponseFieldDescribed(t *testing.T) {
	fieldType := reflect.TypeFor[client.Field]()
	for _, v := range responseTypes {
		typ := reflect.TypeOf(v).Elem()
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

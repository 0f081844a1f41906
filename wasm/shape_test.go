//go:build js && wasm

package main

import (
	"strings"
	"testing"
)

func TestShapeCheck(t *testing.T) {
	big := `"` + strings.Repeat(`a\"b\\`, 1<<16) + `"`
	for _, tc := range []struct {
		name, json, err string // err "" means valid
	}{
		{"minimal", `{"model":"m","messages":[{"role":"user","content":"hi"}]}`, ""},
		{"extra fields pass", `{"x":[1,{"y":"}"}],"model":"m","messages":[],"tools":[{"a":null}],"stream":true}`, ""},
		{"spaces", " { \"model\" : \"m\" , \"messages\" : [ { \"role\" : \"user\" } ] } ", ""},
		{"parts", `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}]}`, ""},
		{"null optional", `{"model":"m","messages":[{"role":"system","content":null}],"stream":null}`, ""},
		{"escaped content", `{"model":"m","messages":[{"role":"user","content":` + big + `}]}`, ""},
		{"not an object", `5`, "params must be an object"},
		{"array", `[]`, "params must be an object"},
		{"missing model", `{"messages":[]}`, "model must be a string"},
		{"null model", `{"model":null,"messages":[]}`, "model must be a string"},
		{"messages not array", `{"model":"m","messages":{}}`, "messages must be an array"},
		{"message not object", `{"model":"m","messages":["hi"]}`, "messages[0] must be an object"},
		{"role missing", `{"model":"m","messages":[{"role":"user"},{"content":"b"}]}`, "messages[1].role must be a string"},
		{"role number", `{"model":"m","messages":[{"role":1}]}`, "messages[0].role must be a string"},
		{"content number", `{"model":"m","messages":[{"role":"user","content":5}]}`, "messages[0].content must be a string or an array of content parts"},
		{"part type", `{"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]}`, "messages[0].content[0].type must be a string"},
		{"stream string", `{"model":"m","messages":[],"stream":"yes"}`, "stream must be a boolean"},
		{"truncated", `{"model":"m","messages":[{"role":"user"`, "params must be valid JSON"},
		{"unterminated string", `{"model":"m`, "params must be valid JSON"},
		{"trailing", `{"model":"m","messages":[]} x`, "params must be valid JSON"},
		{"empty", ``, "params must be an object"},
		{"garbage", `{"model":"m","messages":[,]}`, "messages[0] must be an object"},
		{"bad separator", `{"model" "m"}`, "params must be valid JSON"},
		{"bad number in an unknown field", `{"model":"m","messages":[],"x":01}`, "params must be valid JSON"},
		{"escaped key", `{"model":"m","m\u0065ssages":[{"role":2}]}`, "messages[0].role must be a string"},
		{"OpenAI's nested image part", `{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}}]}],"stream":true,"stream_options":{"include_usage":true}}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := chatParams.check([]byte(tc.json))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.err {
				t.Errorf("check(%.80s) = %q, want %q", tc.json, got, tc.err)
			}
			if err != nil && errorKind(err) != "TypeError" {
				t.Errorf("kind %q, want TypeError", errorKind(err))
			}
		})
	}
}

func TestShapeEmbeddings(t *testing.T) {
	for json, want := range map[string]string{
		`{"model":"m","input":"a"}`:       "",
		`{"model":"m","input":["a","b"]}`: "",
		`{"model":"m","input":[1]}`:       "input[0] must be a string",
		`{"model":"m"}`:                   "input must be a string or an array of strings",
	} {
		got := ""
		if err := embeddingsParams.check([]byte(json)); err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("check(%s) = %q, want %q", json, got, want)
		}
	}
}

package structured_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/client/structured"
)

// weather is the answer asked for; the fake makes strings "example" and
// numbers up from its schema.
type weather struct {
	City string  `json:"city"`
	Temp float64 `json:"temp"`
}

// fakeClient is a client of the fake speaking dialect, in scenario sc.
func fakeClient(h *edgentest.Handle, sc *edgentest.Scenario, dialect string) *client.Client {
	opts := []client.Option{client.WithBaseURL(h.URL), client.WithAPIKey(""), client.WithLogger(nil), client.WithMaxRetries(0),
		client.WithHeader(edgentest.HeaderDialect, dialect)}
	for k, v := range sc.Header() {
		opts = append(opts, client.WithHeader(k, v[0]))
	}
	return client.New(opts...)
}

var ask = client.ChatCompletionRequest{Model: "fake", Messages: []client.ChatMessage{client.UserMessage("the weather as JSON")}}

// TestParse: a struct's schema goes on the wire, and the answer comes back
// decoded, also from a server that writes its reasoning in <think> tags.
func TestParse(t *testing.T) {
	h := edgentest.Start(t)
	for _, dialect := range []string{"openai", "llamacpp-old", "ollama"} {
		sc := h.Scenario("")
		p, err := structured.Parse[weather](context.Background(), fakeClient(h, sc, dialect), ask)
		if err != nil {
			t.Fatalf("%s: %v", dialect, err)
		}
		if p.Value != (weather{City: "example", Temp: 1}) || p.Completion == nil {
			t.Errorf("%s: %+v", dialect, p)
		}
		reqs, err := sc.Requests()
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			ResponseFormat struct {
				Type       string `json:"type"`
				JSONSchema struct {
					Name   string `json:"name"`
					Schema struct {
						Required []string `json:"required"`
					} `json:"schema"`
				} `json:"json_schema"`
			} `json:"response_format"`
		}
		if err := json.Unmarshal(reqs[0].Body, &body); err != nil || body.ResponseFormat.Type != "json_schema" || body.ResponseFormat.JSONSchema.Name != "response" || len(body.ResponseFormat.JSONSchema.Schema.Required) != 2 {
			t.Errorf("%s: the request's response_format %s (%v)", dialect, reqs[0].Body, err)
		}
	}
}

// TestParseOutcomes: an answer cut off, invalid against the schema, or
// refused is an *Error of its kind, with the completion as it came.
func TestParseOutcomes(t *testing.T) {
	h := edgentest.Start(t)
	schema := json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"},"temp":{"type":"number","minimum":10}},"required":["city","temp"]}`)
	p, err := structured.ParseSchema[map[string]any](context.Background(), fakeClient(h, h.Scenario(""), "openai"), ask, schema)
	if err != nil || p.Value["city"] != "example" || p.Value["temp"] != 10.0 {
		t.Errorf("a schema's valid answer: %+v, %v", p, err)
	}
	for _, tc := range []struct{ outcome, kind string }{
		{"cut", structured.KindLength},
		{"invalid", structured.KindInvalid},
		{"refused", structured.KindRefusal},
	} {
		_, err := structured.ParseSchema[weather](context.Background(), fakeClient(h, h.Scenario(""), "openai;structured="+tc.outcome), ask, schema)
		var e *structured.Error
		if !errors.As(err, &e) || e.Kind != tc.kind || e.Completion == nil {
			t.Errorf("structured=%s: %v, want an *Error of kind %s with the completion", tc.outcome, err, tc.kind)
			continue
		}
		if tc.kind == structured.KindRefusal && e.Refusal == "" {
			t.Error("a refusal without its text")
		}
		if tc.kind == structured.KindInvalid && (e.Err == nil || e.Text == "") {
			t.Errorf("invalid: Err %v, Text %q", e.Err, e.Text)
		}
	}
	if _, err := structured.ParseSchema[weather](context.Background(), fakeClient(h, h.Scenario(""), "openai"), ask, json.RawMessage(`{"type":`)); err == nil {
		t.Error("a schema that is not JSON was sent")
	}
}

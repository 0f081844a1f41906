// Package structured asks a model for an answer in a JSON schema and
// returns it decoded into a Go value and validated, as the OpenAI
// libraries' parse helpers do: Parse infers the schema from a struct,
// ParseSchema takes one. The schema goes on the wire as response_format
// json_schema (OpenAI, llama.cpp, ollama, vLLM and LM Studio read it).
//
// It is a package of its own so that the JSON Schema library it validates
// with (github.com/google/jsonschema-go) stays out of edgen.wasm, which
// never imports it: the JavaScript face validates with a JS library.
package structured

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/edgen-browser/edgen/client"
	"github.com/google/jsonschema-go/jsonschema"
)

// SchemaName is the name the schema is sent with.
const SchemaName = "response"

// Parsed is an answer in the schema: the completion as it came, and its
// first choice's content decoded.
type Parsed[T any] struct {
	Completion *client.ChatCompletion
	Value      T
}

// Kinds of Error.
const (
	KindLength        = "length"         // the answer was cut off (finish_reason "length"): its JSON is incomplete
	KindContentFilter = "content_filter" // the server's content filter stopped it
	KindRefusal       = "refusal"        // the model refused (the message's refusal)
	KindInvalid       = "invalid"        // the answer is not JSON, or not valid against the schema
)

// Error says why an answer is not the value asked for.
type Error struct {
	// Kind is KindLength, KindContentFilter, KindRefusal or KindInvalid.
	Kind string
	// Completion is the answer as it came.
	Completion *client.ChatCompletion
	// Refusal is the model's refusal, for KindRefusal.
	Refusal string
	// Text is the answer's content without its reasoning, for KindInvalid.
	Text string
	// Err is what the JSON decoder or the validator said, for KindInvalid.
	Err error
}

func (e *Error) Error() string {
	switch e.Kind {
	case KindLength:
		return "edgen: the answer was cut off (finish_reason \"length\"): its JSON is incomplete; allow more tokens"
	case KindContentFilter:
		return "edgen: the server's content filter stopped the answer"
	case KindRefusal:
		return "edgen: the model refused: " + e.Refusal
	}
	return fmt.Sprintf("edgen: the answer does not match the schema: %v", e.Err)
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Parse asks for an answer in the JSON schema of T, inferred from its
// fields and their json tags (a jsonschema tag describes a field), and
// returns it decoded and validated; an answer that is not the value asked
// for is an *Error.
func Parse[T any](ctx context.Context, c *client.Client, req client.ChatCompletionRequest, opts ...client.Option) (*Parsed[T], error) {
	s, err := jsonschema.For[T](nil)
	if err != nil {
		return nil, fmt.Errorf("edgen: the JSON schema of %T: %w", *new(T), err)
	}
	schema, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return ParseSchema[T](ctx, c, req, schema, opts...)
}

// ParseSchema asks for an answer in schema and returns it validated and
// decoded into a T (a struct, or map[string]any); an answer that is not
// the value asked for is an *Error.
func ParseSchema[T any](ctx context.Context, c *client.Client, req client.ChatCompletionRequest, schema json.RawMessage, opts ...client.Option) (*Parsed[T], error) {
	var s jsonschema.Schema
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, fmt.Errorf("edgen: the JSON schema: %w", err)
	}
	resolved, err := s.Resolve(nil)
	if err != nil {
		return nil, fmt.Errorf("edgen: the JSON schema: %w", err)
	}
	req.ResponseFormat = client.JSONSchemaResponse(SchemaName, schema)
	cc, err := c.CreateChatCompletion(ctx, req, opts...)
	if err != nil {
		return nil, err
	}
	return read[T](cc, resolved)
}

// read decodes and validates the first choice of cc.
func read[T any](cc *client.ChatCompletion, schema *jsonschema.Resolved) (*Parsed[T], error) {
	if len(cc.Choices) == 0 {
		return nil, &Error{Kind: KindInvalid, Completion: cc, Err: errors.New("the answer has no choice")}
	}
	choice := cc.Choices[0]
	switch {
	case choice.FinishReason == KindLength:
		return nil, &Error{Kind: KindLength, Completion: cc}
	case choice.FinishReason == KindContentFilter:
		return nil, &Error{Kind: KindContentFilter, Completion: cc}
	case choice.Message.Refusal != "":
		return nil, &Error{Kind: KindRefusal, Completion: cc, Refusal: choice.Message.Refusal}
	}
	text := choice.Message.SplitReasoning().Content
	invalid := func(err error) (*Parsed[T], error) {
		return nil, &Error{Kind: KindInvalid, Completion: cc, Text: text, Err: err}
	}
	var value any
	if err := json.Unmarshal([]byte(text), &value); err != nil {
		return invalid(err)
	}
	if err := schema.Validate(value); err != nil {
		return invalid(err)
	}
	p := &Parsed[T]{Completion: cc}
	if err := json.Unmarshal([]byte(text), &p.Value); err != nil {
		return invalid(err)
	}
	return p, nil
}

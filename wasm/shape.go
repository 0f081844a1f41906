//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A shape checks the JSON a caller passed (JSON.stringify of the params)
// just enough to answer a mistake with a TypeError that names the field,
// e.g. "messages[1].role must be a string". It never changes the JSON:
// the bytes are sent as they are, unknown fields included.
type shape struct {
	what  string                                       // "a string", for messages
	first string                                       // first bytes of the JSON values it accepts
	inner func(path string, raw json.RawMessage) error // checks inside arrays and objects
}

// member is a field of an object shape.
type member struct {
	name     string
	shape    shape
	required bool
}

var (
	str     = shape{what: "a string", first: `"`}
	boolean = shape{what: "a boolean", first: "tf"}
)

// validate checks raw against s; path is the field's name ("" at the top).
func (s shape) validate(path string, raw json.RawMessage) error {
	if !strings.Contains(s.first, string(firstByte(raw))) {
		if path == "" {
			path = "params"
		}
		return typeError("%s must be %s", path, s.what)
	}
	if s.inner == nil {
		return nil
	}
	return s.inner(path, raw)
}

// firstByte is the first non-space byte of raw, which tells its JSON kind.
func firstByte(raw json.RawMessage) byte {
	for _, b := range raw {
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			return b
		}
	}
	return 0
}

// arrayOf accepts an array whose every item is an elem.
func arrayOf(elem shape) shape {
	return shape{what: "an array", first: "[", inner: func(path string, raw json.RawMessage) error {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return typeError("%s must be an array: %v", path, err)
		}
		for i, item := range items {
			if err := elem.validate(fmt.Sprintf("%s[%d]", path, i), item); err != nil {
				return err
			}
		}
		return nil
	}}
}

// object accepts an object with the given members; optional members may be
// missing or null, other keys are not looked at.
func object(members ...member) shape {
	return shape{what: "an object", first: "{", inner: func(path string, raw json.RawMessage) error {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return typeError("%s must be an object: %v", path, err)
		}
		for _, m := range members {
			name := m.name
			if path != "" {
				name = path + "." + m.name
			}
			v, ok := fields[m.name]
			if !m.required && (!ok || firstByte(v) == 'n') {
				continue
			}
			if err := m.shape.validate(name, v); err != nil {
				return err
			}
		}
		return nil
	}}
}

// oneOf accepts any of the alternatives, told apart by their JSON kind.
func oneOf(what string, alts ...shape) shape {
	s := shape{what: what}
	for _, a := range alts {
		s.first += a.first
	}
	s.inner = func(path string, raw json.RawMessage) error {
		b := string(firstByte(raw))
		for _, a := range alts {
			if strings.Contains(a.first, b) {
				return a.validate(path, raw)
			}
		}
		return nil
	}
	return s
}

// The request shapes: only what the server cannot do without, so that an
// OpenAI-compatible server's extra fields pass through untouched.
var (
	contentPart = object(member{name: "type", shape: str, required: true})
	chatMessage = object(
		member{name: "role", shape: str, required: true},
		member{name: "content", shape: oneOf("a string or an array of content parts", str, arrayOf(contentPart))},
	)
	chatParams = object(
		member{name: "model", shape: str, required: true},
		member{name: "messages", shape: arrayOf(chatMessage), required: true},
		member{name: "stream", shape: boolean},
	)
	embeddingsParams = object(
		member{name: "model", shape: str, required: true},
		member{name: "input", shape: oneOf("a string or an array of strings", str, arrayOf(str)), required: true},
	)
	imageParams = object(
		member{name: "model", shape: str, required: true},
		member{name: "prompt", shape: str, required: true},
	)
)

//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/edgen-browser/edgen/internal/jsonscan"
)

// A shape checks the JSON a caller passed (JSON.stringify of the params)
// just enough to answer a mistake with a TypeError that names the field,
// e.g. "messages[1].role must be a string". It never changes the JSON: the
// bytes are sent as they are, unknown fields included.
//
// The check is one pass of the JSON scanner (internal/jsonscan) over the text, which
// looks only at the fields it knows and skips everything else: a 10 MB
// prompt costs one scan, where decoding with encoding/json took several
// passes (about 0.5 s for 10 MB in the browser).
type shape struct {
	what    string   // "a string", for messages
	first   string   // first bytes of the JSON values it accepts
	items   *shape   // for arrays: the shape of every item
	members []member // for objects: the members looked at
	alts    []shape  // for oneOf: the alternatives
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

// arrayOf accepts an array whose every item is an elem.
func arrayOf(elem shape) shape { return shape{what: "an array", first: "[", items: &elem} }

// object accepts an object with the given members; optional members may be
// missing or null, other keys are not looked at.
func object(members ...member) shape {
	return shape{what: "an object", first: "{", members: members}
}

// oneOf accepts any of the alternatives, told apart by their JSON kind.
func oneOf(what string, alts ...shape) shape {
	s := shape{what: what, alts: alts}
	for _, a := range alts {
		s.first += a.first
	}
	return s
}

// errNotJSON is the answer to text that is not JSON, which JSON.stringify
// never gives: only a direct call of the raw API can send it.
var errNotJSON = typeError("params must be valid JSON")

// check validates the JSON text against s, walking it with the JSON
// scanner.
func (s shape) check(text []byte) error {
	sc := jsonscan.New(text)
	err := s.validate(sc, "")
	if err == nil {
		err = sc.End()
	}
	if errors.Is(err, jsonscan.ErrInvalid) {
		return errNotJSON
	}
	return err
}

// validate checks the value at the scanner and moves past it; path names it
// ("" at the top).
func (s shape) validate(sc *jsonscan.Scanner, path string) error {
	b := sc.Peek()
	if b == 0 || !strings.Contains(s.first, string(b)) {
		if path == "" {
			path = "params"
		}
		return typeError("%s must be %s", path, s.what)
	}
	switch {
	case s.alts != nil:
		for _, a := range s.alts {
			if strings.Contains(a.first, string(b)) {
				return a.validate(sc, path)
			}
		}
	case s.items != nil:
		return sc.Array(func(i int) error {
			return s.items.validate(sc, fmt.Sprintf("%s[%d]", path, i))
		})
	case s.members != nil:
		return s.validateMembers(sc, path)
	}
	return sc.Skip()
}

// validateMembers checks an object's members and that the required ones
// are there.
func (s shape) validateMembers(sc *jsonscan.Scanner, path string) error {
	seen := make([]bool, len(s.members))
	err := sc.Object(func(key []byte) error {
		for i, m := range s.members {
			if m.name != string(key) {
				continue
			}
			seen[i] = true
			if !m.required && sc.Peek() == 'n' {
				return sc.Skip() // an optional member may be null
			}
			return m.shape.validate(sc, join(path, m.name))
		}
		return sc.Skip()
	})
	if err != nil {
		return err
	}
	for i, m := range s.members {
		if m.required && !seen[i] {
			return typeError("%s must be %s", join(path, m.name), m.shape.what)
		}
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
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
	// imageParams: Edgen's request needs a model, OpenAI's does not
	// (client.ImageRoute tells them apart).
	imageParams = object(
		member{name: "model", shape: str},
		member{name: "prompt", shape: str, required: true},
	)
)

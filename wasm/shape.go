//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"strings"
)

// A shape checks the JSON a caller passed (JSON.stringify of the params)
// just enough to answer a mistake with a TypeError that names the field,
// e.g. "messages[1].role must be a string". It never changes the JSON: the
// bytes are sent as they are, unknown fields included.
//
// The check is one pass over the text that looks only at the fields it
// knows and skips everything else: a 10 MB prompt costs one IndexByte run,
// where decoding with encoding/json took several passes (about 0.5 s for
// 10 MB in the browser).
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

// check validates the JSON text against s.
func (s shape) check(text []byte) error {
	c := &cursor{s: text}
	if err := s.validate(c, ""); err != nil {
		return err
	}
	if c.space(); c.i != len(c.s) {
		return errNotJSON
	}
	return nil
}

// validate checks the value at the cursor and moves past it; path names it
// ("" at the top).
func (s shape) validate(c *cursor, path string) error {
	c.space()
	b := c.peek()
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
				return a.validate(c, path)
			}
		}
	case s.items != nil:
		return c.each('[', ']', func(i int) error {
			return s.items.validate(c, fmt.Sprintf("%s[%d]", path, i))
		})
	case s.members != nil:
		return s.validateMembers(c, path)
	}
	return c.skip()
}

// validateMembers checks an object's members and that the required ones
// are there.
func (s shape) validateMembers(c *cursor, path string) error {
	seen := make([]bool, len(s.members))
	err := c.each('{', '}', func(int) error {
		key, err := c.key()
		if err != nil {
			return err
		}
		for i, m := range s.members {
			if m.name != key {
				continue
			}
			seen[i] = true
			if c.space(); !m.required && c.peek() == 'n' {
				return c.skip() // an optional member may be null
			}
			return m.shape.validate(c, join(path, m.name))
		}
		return c.skip()
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

// cursor walks JSON text. It trusts nothing: on text that is not JSON it
// returns errNotJSON, never panics and never loops.
type cursor struct {
	s []byte
	i int
}

func (c *cursor) space() {
	for c.i < len(c.s) && (c.s[c.i] == ' ' || c.s[c.i] == '\t' || c.s[c.i] == '\n' || c.s[c.i] == '\r') {
		c.i++
	}
}

// peek returns the byte at the cursor, 0 at the end.
func (c *cursor) peek() byte {
	if c.i < len(c.s) {
		return c.s[c.i]
	}
	return 0
}

// expect moves past b, after spaces.
func (c *cursor) expect(b byte) error {
	if c.space(); c.peek() != b {
		return errNotJSON
	}
	c.i++
	return nil
}

// each walks the items of an array (open '[') or the members of an object
// (open '{'), calling fn with the cursor on each, which fn moves past.
func (c *cursor) each(open, close byte, fn func(i int) error) error {
	if err := c.expect(open); err != nil {
		return err
	}
	if c.space(); c.peek() == close {
		c.i++
		return nil
	}
	for i := 0; ; i++ {
		if err := fn(i); err != nil {
			return err
		}
		c.space()
		switch c.peek() {
		case ',':
			c.i++
		case close:
			c.i++
			return nil
		default:
			return errNotJSON
		}
	}
}

// key reads an object key and the colon after it. Keys are compared as
// written: JSON.stringify escapes no letter.
func (c *cursor) key() (string, error) {
	c.space()
	start := c.i + 1
	if err := c.skipString(); err != nil {
		return "", err
	}
	key := string(c.s[start : c.i-1])
	return key, c.expect(':')
}

// skip moves past one value of any kind.
func (c *cursor) skip() error {
	c.space()
	switch b := c.peek(); b {
	case '"':
		return c.skipString()
	case '[', '{':
		depth := 0
		for c.i < len(c.s) {
			switch c.s[c.i] {
			case '"':
				if err := c.skipString(); err != nil {
					return err
				}
				continue
			case '[', '{':
				depth++
			case ']', '}':
				depth--
			}
			c.i++
			if depth == 0 {
				return nil
			}
		}
		return errNotJSON
	case 0, ',', ':', ']', '}':
		return errNotJSON
	default: // number, true, false, null
		for c.i < len(c.s) && !strings.ContainsRune(" \t\r\n,]}", rune(c.s[c.i])) {
			c.i++
		}
		return nil
	}
}

// skipString moves past a string, the cursor on its opening quote.
func (c *cursor) skipString() error {
	if c.peek() != '"' {
		return errNotJSON
	}
	for i := c.i + 1; ; {
		j := bytes.IndexByte(c.s[i:], '"')
		if j < 0 {
			return errNotJSON
		}
		i += j
		escapes := 0
		for k := i - 1; k > c.i && c.s[k] == '\\'; k-- {
			escapes++
		}
		i++
		if escapes%2 == 0 {
			c.i = i
			return nil
		}
	}
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

// Package jsonscan is the module's one reading of JSON syntax: a scanner
// that walks JSON text one value at a time without decoding it. The client
// checks every streamed chunk with it, spots error events, and decodes the
// field metadata of its response types; the wasm face checks the request
// shapes with it.
package jsonscan

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Scanner walks JSON text one value at a time without decoding it, and
// checks as it goes that the text is JSON, with the same verdict as
// json.Valid (a fuzz test holds it to that): like json.Valid it does not
// check that strings are UTF-8, and it allows 10000 levels of nesting.
//
// It reads strings eight bytes at a time, which matters most under
// WebAssembly, where there is no SIMD. Every method returns ErrInvalid (or
// what a callback returned) on text that is not JSON; none panics.
type Scanner struct {
	b     []byte
	i     int
	depth int // containers open around the cursor
}

// ErrInvalid is what a Scanner returns for text that is not JSON.
var ErrInvalid = errors.New("edgen: invalid JSON")

// maxNesting is encoding/json's limit on nested arrays and objects.
const maxNesting = 10000

// New returns a scanner at the start of b.
func New(b []byte) *Scanner { return &Scanner{b: b} }

// Offset returns the cursor's position in the text: after Value, the end
// of the value it returned.
func (s *Scanner) Offset() int { return s.i }

// Peek returns the first byte of the next value, after whitespace: '{',
// '[', '"', 't', 'f', 'n', or a number's first byte; 0 at the end.
func (s *Scanner) Peek() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// End checks that nothing but whitespace is left.
func (s *Scanner) End() error {
	if s.Peek() != 0 || s.i < len(s.b) {
		return ErrInvalid
	}
	return nil
}

// Value moves past the next value and returns its text.
func (s *Scanner) Value() ([]byte, error) {
	s.space()
	start := s.i
	err := s.Skip()
	return s.b[start:s.i], err
}

// Skip moves past the next value.
func (s *Scanner) Skip() error {
	switch s.Peek() {
	case '{':
		return s.walk('}', nil)
	case '[':
		return s.walk(']', nil)
	case '"':
		_, err := s.string()
		return err
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

// Object walks the members of the object at the cursor: fn gets each key,
// decoded, with the cursor on the member's value, which fn must move past
// (with Skip, Value, Object or Array). The key's bytes are valid only until
// fn returns.
func (s *Scanner) Object(fn func(key []byte) error) error {
	if s.Peek() != '{' {
		return ErrInvalid
	}
	return s.walk('}', func(int) error {
		if s.Peek() != '"' {
			return ErrInvalid
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if s.Peek() != ':' {
			return ErrInvalid
		}
		s.i++
		return fn(key)
	})
}

// Array walks the items of the array at the cursor: fn gets each item's
// index with the cursor on the item, which fn must move past.
func (s *Scanner) Array(fn func(i int) error) error {
	if s.Peek() != '[' {
		return ErrInvalid
	}
	return s.walk(']', fn)
}

// walk consumes a container whose opening byte is at the cursor, calling
// each for every member or item; a nil each skips them (the checking path
// of every chunk, without a callback).
func (s *Scanner) walk(closing byte, each func(i int) error) error {
	if s.depth >= maxNesting {
		return ErrInvalid
	}
	s.depth++
	s.i++
	if s.Peek() == closing {
		s.i++
		s.depth--
		return nil
	}
	for n := 0; ; n++ {
		var err error
		if each != nil {
			err = each(n)
		} else {
			err = s.skipItem(closing == '}')
		}
		if err != nil {
			return err
		}
		switch s.Peek() {
		case ',':
			s.i++
		case closing:
			s.i++
			s.depth--
			return nil
		default:
			return ErrInvalid
		}
	}
}

// skipItem moves past an array's item or, keyed, an object's member.
func (s *Scanner) skipItem(keyed bool) error {
	if keyed {
		if s.Peek() != '"' {
			return ErrInvalid
		}
		if _, err := s.string(); err != nil {
			return err
		}
		if s.Peek() != ':' {
			return ErrInvalid
		}
		s.i++
	}
	return s.Skip()
}

func (s *Scanner) space() {
	if s.i < len(s.b) && s.b[s.i] > ' ' {
		return // compact JSON: no space
	}
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *Scanner) literal(word string) error {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return nil
	}
	return ErrInvalid
}

// key consumes a string and returns it decoded: a slice of the text when it
// has no escapes and is UTF-8 (encoding/json replaces bad bytes in keys).
func (s *Scanner) key() ([]byte, error) {
	start := s.i
	escaped, err := s.string()
	if err != nil {
		return nil, err
	}
	tok := s.b[start:s.i]
	if inner := tok[1 : len(tok)-1]; !escaped && utf8.Valid(inner) {
		return inner, nil
	}
	var k string
	if err := json.Unmarshal(tok, &k); err != nil {
		return nil, ErrInvalid
	}
	return []byte(k), nil
}

// string consumes a string, its opening quote at the cursor, and reports
// whether it holds escapes.
func (s *Scanner) string() (escaped bool, err error) {
	b := s.b
	for i := s.i + 1; i < len(b); i++ {
		for len(b)-i >= 8 && !special8(binary.LittleEndian.Uint64(b[i:])) {
			i += 8 // eight plain bytes at once
		}
		for i < len(b) && plainByte[b[i]] {
			i++
		}
		if i == len(b) {
			break
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return escaped, nil
		case c < 0x20:
			return false, ErrInvalid
		default: // '\\'
			escaped = true
			i++
			if i >= len(b) {
				return false, ErrInvalid
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i <= 4 {
					return false, ErrInvalid
				}
				for _, h := range b[i+1 : i+5] {
					if !isHex(h) {
						return false, ErrInvalid
					}
				}
				i += 4
			default:
				return false, ErrInvalid
			}
		}
	}
	return false, ErrInvalid
}

// special8 reports whether one of the eight bytes of x (read little-endian)
// is one that a JSON string does not hold as it is: '"', '\' or a control
// byte.
func special8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return ((x-0x20*ones)|(x^'"'*ones-ones)|(x^'\\'*ones-ones))&^x&highs != 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number consumes -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *Scanner) number() error {
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case !s.digits():
		return ErrInvalid
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return ErrInvalid
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return ErrInvalid
		}
	}
	return nil
}

// digits consumes one or more digits.
func (s *Scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// plainByte marks the bytes a JSON string holds as they are: not '"', '\\' or a control byte.
var plainByte = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return t
}()

// Check reports whether b is one JSON value, surrounded by optional
// whitespace, as json.Valid does, and, in the same pass, whether it is an
// object with a member named key whose value is not null. It is the
// client's check of every streamed chunk (key "error" spots an error
// event), so it compares the keys as written, decoding only escaped ones.
func Check(b []byte, key string) (valid, hasKey bool) {
	s := Scanner{b: b}
	var err error
	if s.Peek() == '{' {
		err = s.walk('}', func(int) error {
			if s.Peek() != '"' {
				return ErrInvalid
			}
			start := s.i
			escaped, err := s.string()
			if err != nil {
				return err
			}
			tok := s.b[start:s.i]
			isKey := string(tok[1:len(tok)-1]) == key
			if escaped {
				var k string
				isKey = json.Unmarshal(tok, &k) == nil && k == key
			}
			if s.Peek() != ':' {
				return ErrInvalid
			}
			s.i++
			if isKey && s.Peek() != 'n' {
				hasKey = true
			}
			return s.Skip()
		})
	} else {
		err = s.Skip()
	}
	if err == nil {
		err = s.End()
	}
	return err == nil, err == nil && hasKey
}

// Valid reports whether b is one JSON value, as json.Valid does.
func Valid(b []byte) bool {
	valid, _ := Check(b, "")
	return valid
}

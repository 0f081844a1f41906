package client

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// JSONScanner walks JSON text one value at a time without decoding it, and
// checks as it goes that the text is JSON, with the same verdict as
// json.Valid (a fuzz test holds it to that): like json.Valid it does not
// check that strings are UTF-8, and it allows 10000 levels of nesting. It is
// the package's one reading of JSON syntax: the check of every streamed
// chunk, the spotting of error events, the field metadata of response types,
// and the wasm face's check of the request shapes all use it.
//
// It reads strings eight bytes at a time, which matters most under
// WebAssembly, where there is no SIMD. Every method returns ErrInvalidJSON
// (or what a callback returned) on text that is not JSON; none panics.
type JSONScanner struct {
	b     []byte
	i     int
	depth int // containers open around the cursor
}

// ErrInvalidJSON is what a JSONScanner returns for text that is not JSON.
var ErrInvalidJSON = errors.New("edgen: invalid JSON")

// maxNesting is encoding/json's limit on nested arrays and objects.
const maxNesting = 10000

// NewJSONScanner returns a scanner at the start of b.
func NewJSONScanner(b []byte) *JSONScanner { return &JSONScanner{b: b} }

// Peek returns the first byte of the next value, after whitespace: '{',
// '[', '"', 't', 'f', 'n', or a number's first byte; 0 at the end.
func (s *JSONScanner) Peek() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// End checks that nothing but whitespace is left.
func (s *JSONScanner) End() error {
	if s.Peek() != 0 || s.i < len(s.b) {
		return ErrInvalidJSON
	}
	return nil
}

// Value moves past the next value and returns its text.
func (s *JSONScanner) Value() ([]byte, error) {
	s.space()
	start := s.i
	err := s.Skip()
	return s.b[start:s.i], err
}

// Skip moves past the next value.
func (s *JSONScanner) Skip() error {
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
func (s *JSONScanner) Object(fn func(key []byte) error) error {
	if s.Peek() != '{' {
		return ErrInvalidJSON
	}
	return s.walk('}', func(int) error {
		if s.Peek() != '"' {
			return ErrInvalidJSON
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if s.Peek() != ':' {
			return ErrInvalidJSON
		}
		s.i++
		return fn(key)
	})
}

// Array walks the items of the array at the cursor: fn gets each item's
// index with the cursor on the item, which fn must move past.
func (s *JSONScanner) Array(fn func(i int) error) error {
	if s.Peek() != '[' {
		return ErrInvalidJSON
	}
	return s.walk(']', fn)
}

// walk consumes a container whose opening byte is at the cursor, calling
// each for every member or item; a nil each skips them (the checking path
// of every chunk, without a callback).
func (s *JSONScanner) walk(closing byte, each func(i int) error) error {
	if s.depth >= maxNesting {
		return ErrInvalidJSON
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
			return ErrInvalidJSON
		}
	}
}

// skipItem moves past an array's item or, keyed, an object's member.
func (s *JSONScanner) skipItem(keyed bool) error {
	if keyed {
		if s.Peek() != '"' {
			return ErrInvalidJSON
		}
		if _, err := s.string(); err != nil {
			return err
		}
		if s.Peek() != ':' {
			return ErrInvalidJSON
		}
		s.i++
	}
	return s.Skip()
}

func (s *JSONScanner) space() {
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

func (s *JSONScanner) literal(word string) error {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return nil
	}
	return ErrInvalidJSON
}

// key consumes a string and returns it decoded: a slice of the text when it
// has no escapes and is UTF-8 (encoding/json replaces bad bytes in keys).
func (s *JSONScanner) key() ([]byte, error) {
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
		return nil, ErrInvalidJSON
	}
	return []byte(k), nil
}

// string consumes a string, its opening quote at the cursor, and reports
// whether it holds escapes.
func (s *JSONScanner) string() (escaped bool, err error) {
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
			return false, ErrInvalidJSON
		default: // '\\'
			escaped = true
			i++
			if i >= len(b) {
				return false, ErrInvalidJSON
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i <= 4 {
					return false, ErrInvalidJSON
				}
				for _, h := range b[i+1 : i+5] {
					if !isHex(h) {
						return false, ErrInvalidJSON
					}
				}
				i += 4
			default:
				return false, ErrInvalidJSON
			}
		}
	}
	return false, ErrInvalidJSON
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
func (s *JSONScanner) number() error {
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case !s.digits():
		return ErrInvalidJSON
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return ErrInvalidJSON
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return ErrInvalidJSON
		}
	}
	return nil
}

// digits consumes one or more digits.
func (s *JSONScanner) digits() bool {
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

// checkJSON reports whether b is one JSON value, surrounded by optional
// whitespace, and, in the same pass, whether it is an error event: an
// object with a non-null "error" member. It is the check of every streamed
// chunk, so it compares the keys as written, decoding only escaped ones.
func checkJSON(b []byte) (valid, errorEvent bool) {
	s := JSONScanner{b: b}
	var err error
	if s.Peek() == '{' {
		err = s.walk('}', func(int) error {
			if s.Peek() != '"' {
				return ErrInvalidJSON
			}
			start := s.i
			escaped, err := s.string()
			if err != nil {
				return err
			}
			isError := string(s.b[start:s.i]) == `"error"`
			if escaped {
				var key string
				isError = json.Unmarshal(s.b[start:s.i], &key) == nil && key == "error"
			}
			if s.Peek() != ':' {
				return ErrInvalidJSON
			}
			s.i++
			if isError && s.Peek() != 'n' {
				errorEvent = true
			}
			return s.Skip()
		})
	} else {
		err = s.Skip()
	}
	if err == nil {
		err = s.End()
	}
	return err == nil, err == nil && errorEvent
}

// validJSON reports whether b is one JSON value, as json.Valid does.
func validJSON(b []byte) bool {
	valid, _ := checkJSON(b)
	return valid
}

// eachMember calls fn with the key and the raw value text of each member of
// the JSON object text, in order; anything but an object yields nothing.
// data and text hold the same bytes (text is its string, to slice the values
// from without copying).
func eachMember(data []byte, text string, fn func(key []byte, value string)) error {
	s := JSONScanner{b: data}
	if s.Peek() != '{' {
		return nil
	}
	return s.Object(func(key []byte) error {
		v, err := s.Value()
		if err == nil {
			fn(key, text[s.i-len(v):s.i])
		}
		return err
	})
}

package client

import "encoding/binary"

// checkJSON reports whether b is one JSON value, surrounded by optional
// whitespace: the same answer as json.Valid, faster, for the per-chunk check
// of raw streams. Like json.Valid it does not check that strings are UTF-8,
// and it allows 10000 levels of nesting.
//
// It also reports, in the same pass, whether b is an object with a non-null
// "error" member (an error event).
func checkJSON(b []byte) (valid, errorEvent bool) {
	v := validator{b: b}
	v.space()
	if !v.value(0) {
		return false, false
	}
	v.space()
	return v.i == len(b), v.errorEvent
}

// maxNesting is encoding/json's limit on nested arrays and objects.
const maxNesting = 10000

type validator struct {
	b          []byte
	i          int
	errorEvent bool // a top-level "error" member with a non-null value
}

func (v *validator) space() {
	for v.i < len(v.b) {
		switch v.b[v.i] {
		case ' ', '\t', '\n', '\r':
			v.i++
		default:
			return
		}
	}
}

// next consumes c (after whitespace) when it comes next.
func (v *validator) next(c byte) bool {
	v.space()
	if v.i < len(v.b) && v.b[v.i] == c {
		v.i++
		return true
	}
	return false
}

// value consumes one value; depth is the number of enclosing containers.
func (v *validator) value(depth int) bool {
	if v.i >= len(v.b) {
		return false
	}
	switch c := v.b[v.i]; c {
	case '{':
		return v.container(depth, '}', true)
	case '[':
		return v.container(depth, ']', false)
	case '"':
		return v.string()
	case 't':
		return v.literal("true")
	case 'f':
		return v.literal("false")
	case 'n':
		return v.literal("null")
	default:
		return v.number()
	}
}

// container consumes an object (keyed) or an array up to its closing byte.
func (v *validator) container(depth int, closing byte, keyed bool) bool {
	if depth >= maxNesting {
		return false
	}
	v.i++ // the opening byte
	if v.next(closing) {
		return true
	}
	for {
		isError := false
		if keyed {
			v.space()
			start := v.i
			if v.i >= len(v.b) || v.b[v.i] != '"' || !v.string() {
				return false
			}
			isError = depth == 0 && string(v.b[start:v.i]) == `"error"`
			if !v.next(':') {
				return false
			}
		}
		v.space()
		start := v.i
		if !v.value(depth + 1) {
			return false
		}
		if isError && string(v.b[start:v.i]) != "null" {
			v.errorEvent = true
		}
		if v.next(',') {
			continue
		}
		return v.next(closing)
	}
}

func (v *validator) literal(word string) bool {
	if len(v.b)-v.i >= len(word) && string(v.b[v.i:v.i+len(word)]) == word {
		v.i += len(word)
		return true
	}
	return false
}

// string consumes a string, its opening quote at v.i.
func (v *validator) string() bool {
	b := v.b
	for i := v.i + 1; i < len(b); i++ {
		for len(b)-i >= 8 && !special8(binary.LittleEndian.Uint64(b[i:])) {
			i += 8 // eight plain bytes at once
		}
		for i < len(b) && plainByte[b[i]] {
			i++
		}
		if i == len(b) {
			return false
		}
		switch c := b[i]; {
		case c == '"':
			v.i = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			i++
			if i >= len(b) {
				return false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i <= 4 {
					return false
				}
				for _, h := range b[i+1 : i+5] {
					if !isHex(h) {
						return false
					}
				}
				i += 4
			default:
				return false
			}
		}
	}
	return false
}

// special8 reports whether one of the eight bytes of x (read little-endian)
// is one that a JSON string does not hold as it is: '"', '\' or a control
// byte. Testing eight bytes at a time matters most under WebAssembly.
func special8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return ((x-0x20*ones)|(x^'"'*ones-ones)|(x^'\\'*ones-ones))&^x&highs != 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number consumes -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (v *validator) number() bool {
	if v.i < len(v.b) && v.b[v.i] == '-' {
		v.i++
	}
	switch {
	case v.i < len(v.b) && v.b[v.i] == '0':
		v.i++
	case !v.digits():
		return false
	}
	if v.i < len(v.b) && v.b[v.i] == '.' {
		v.i++
		if !v.digits() {
			return false
		}
	}
	if v.i < len(v.b) && (v.b[v.i] == 'e' || v.b[v.i] == 'E') {
		v.i++
		if v.i < len(v.b) && (v.b[v.i] == '+' || v.b[v.i] == '-') {
			v.i++
		}
		if !v.digits() {
			return false
		}
	}
	return true
}

// digits consumes one or more digits.
func (v *validator) digits() bool {
	start := v.i
	for v.i < len(v.b) && v.b[v.i] >= '0' && v.b[v.i] <= '9' {
		v.i++
	}
	return v.i > start
}

// plainByte marks the bytes a JSON string holds as they are: not '"', '\\' or a control byte.
var plainByte = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return t
}()

// validJSON reports whether b is one JSON value, as json.Valid does.
func validJSON(b []byte) bool {
	valid, _ := checkJSON(b)
	return valid
}

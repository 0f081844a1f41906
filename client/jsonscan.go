package client

import "encoding/json"

// eachMember calls fn with the key and the raw value text of each member of
// the JSON object s, in order. s must be valid JSON (it has already been
// decoded); anything but an object yields nothing.
func eachMember(s string, fn func(key, value string)) {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return
	}
	i++
	for {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] != '"' {
			return // '}' or malformed input
		}
		end := skipValue(s, i)
		key := unquoteKey(s[i:end])
		i = skipSpace(s, end)
		if i >= len(s) || s[i] != ':' {
			return
		}
		i = skipSpace(s, i+1)
		end = skipValue(s, i)
		if end <= i {
			return
		}
		fn(key, s[i:end])
		i = skipSpace(s, end)
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value starting at s[i].
func skipValue(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '"':
		return skipString(s, i)
	case '{', '[':
		depth := 0
		for i < len(s) {
			switch s[i] {
			case '"':
				i = skipString(s, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	default:
		for i < len(s) && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
			s[i] != '\t' && s[i] != '\n' && s[i] != '\r' {
			i++
		}
		return i
	}
}

// skipString returns the index just past the JSON string starting at s[i].
func skipString(s string, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// unquoteKey decodes a JSON string token; keys without escapes are sliced.
func unquoteKey(tok string) string {
	for j := 1; j < len(tok)-1; j++ {
		if tok[j] == '\\' {
			var k string
			if json.Unmarshal([]byte(tok), &k) == nil {
				return k
			}
			break
		}
	}
	if len(tok) >= 2 {
		return tok[1 : len(tok)-1]
	}
	return ""
}

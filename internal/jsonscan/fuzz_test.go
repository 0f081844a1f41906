//go:build !js

package jsonscan_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/internal/jsonscan"
)

// FuzzValidJSON checks the JSON validity check of every streamed chunk
// (Check) and of a raw response (Valid) against json.Valid.
func FuzzValidJSON(f *testing.F) {
	for _, seed := range []string{
		``, ` `, `{}`, `[]`, `{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]}`, ` {"a" : {"b":[]}} `,
		`{"a":1,}`, `[1,]`, `01`, `-`, `1.`, `1e`, `.5`, `"\x"`, `"\u12g4"`, "\"a\tb\"", `"`, `{"a"}`,
		`nul`, `truex`, `[1 2]`, `{"a":1 "b":2}`, "\xef\xbb\xbf{}", `"\ud800"`, "\"\xff\"",
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := json.Valid(b)
		if got, _ := jsonscan.Check(b, "error"); got != want {
			t.Fatalf("Check(%q) says valid %v, json.Valid says %v", b, got, want)
		}
		if got := jsonscan.Valid(b); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

// FuzzObjectMembers checks the JSON scanner's walk of an object against
// encoding/json: the same keys (decoded, the last of a repeated key
// winning) with the same value texts.
func FuzzObjectMembers(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"a":1,"b":[1,{"c":"}"}],"d":null}`, ` { "k\u00e9y" : "v\"" , "a":true } `, `{"a":1,"a":2}`,
		`{"a":}`, `{"a" 1}`, `[1,2]`, `"s"`, `{"a":1}x`, `{"\ud800":1}`, "{\"\xff\":1}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := members(b)
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(b, &want)
		if wantErr != nil {
			var typeErr *json.UnmarshalTypeError
			if err == nil && !errors.As(wantErr, &typeErr) {
				t.Fatalf("members of %q: %v, json says %v", b, got, wantErr)
			}
			return
		}
		if err != nil || want == nil {
			if err == nil && want == nil && len(got) == 0 {
				return // null
			}
			t.Fatalf("members of %q: %v, %v; json says %v", b, got, err, want)
		}
		if len(got) != len(want) {
			t.Fatalf("members of %q: %v, json says %v", b, got, want)
		}
		for k, v := range want {
			if got[k] != string(v) {
				t.Fatalf("member %q of %q: %q, json says %q", k, b, got[k], v)
			}
		}
	})
}

// members returns the members of the JSON object b as a Scanner walks them
// (Object, then Value and Offset for each value's text), the last of a
// repeated key winning, as encoding/json decodes them; anything but an
// object yields none. The error is the scanner's verdict on all of b.
func members(b []byte) (map[string]string, error) {
	m := map[string]string{}
	s := jsonscan.New(b)
	if s.Peek() == '{' {
		text := string(b)
		err := s.Object(func(key []byte) error {
			v, err := s.Value()
			if err == nil {
				m[string(key)] = text[s.Offset()-len(v) : s.Offset()]
			}
			return err
		})
		if err != nil {
			return m, err
		}
	} else if err := s.Skip(); err != nil {
		return m, err
	}
	return m, s.End()
}

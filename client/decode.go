package client

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/edgen-browser/edgen/internal/jsonscan"
)

// decodeObject is the UnmarshalJSON of every response type: v points to the
// response, whose JSON struct it fills. It decodes the object in
// one pass of the JSON scanner, with encoding/json's results (a fuzz test
// holds it to them): each member's value goes into the field its key names
// (matched as encoding/json does), and its JSON text into the field's Field;
// unknown keys go to ExtraFields. A nested response type is decoded by its
// own UnmarshalJSON on the member's text, so nothing is checked twice;
// values of other kinds that the fast paths do not cover go to
// json.Unmarshal. Like encoding/json it reports the first value of the wrong
// type after decoding the rest, and null leaves a field as it was. It never
// hands v itself to encoding/json, which would call v's UnmarshalJSON again.
func decodeObject(data []byte, v any) error {
	s := jsonscan.New(data)
	switch s.Peek() {
	case '{':
	case 'n':
		if err := s.Skip(); err != nil {
			return err
		}
		return s.End()
	default:
		return notObject(data, reflect.TypeOf(v).Elem())
	}
	rv := reflect.ValueOf(v).Elem()
	p := planFor(rv.Type())
	m := rv.Field(p.json)
	text := string(data) // the Fields' texts are slices of this one copy
	var extra map[string]Field
	var typeErr error
	err := s.Object(func(key []byte) error {
		raw, err := s.Value()
		if err != nil {
			return err
		}
		value := text[s.Offset()-len(raw) : s.Offset()]
		f, ok := p.field(key)
		if !ok {
			if extra == nil {
				extra = map[string]Field{}
			}
			extra[string(key)] = Field{raw: value}
			return nil
		}
		*m.Field(f.meta).Addr().Interface().(*Field) = Field{raw: value}
		return keepTypeError(&typeErr, setValue(raw, value, rv.Field(f.index)))
	})
	if err == nil {
		err = s.End()
	}
	if err != nil {
		return err
	}
	if extra != nil && p.extra >= 0 {
		m.Field(p.extra).Set(reflect.ValueOf(extra))
	}
	return typeErr
}

// notObject returns encoding/json's error for data, which is not a JSON
// object, decoded into the struct type t: its *json.SyntaxError, or the
// *json.UnmarshalTypeError naming t.
func notObject(data []byte, t reflect.Type) error {
	err := json.Unmarshal(data, &struct{}{})
	if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) {
		te.Type = t
	}
	return err
}

// keepTypeError stores the first *json.UnmarshalTypeError in *first and
// returns nil for it, so decoding goes on; any other error is returned.
func keepTypeError(first *error, err error) error {
	var te *json.UnmarshalTypeError
	if err == nil || !errors.As(err, &te) {
		return err
	}
	if *first == nil {
		*first = err
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// setValue decodes one valid JSON value, raw (and the same bytes as text),
// into fv as json.Unmarshal would.
func setValue(raw []byte, text string, fv reflect.Value) error {
	if fv.Addr().Type().Implements(unmarshalerType) {
		return fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw)
	}
	c := raw[0]
	switch k := fv.Kind(); {
	case c == 'n' && (k == reflect.Slice || k == reflect.Map || k == reflect.Pointer || k == reflect.Interface):
		fv.SetZero()
		return nil
	case c == 'n':
		return nil
	case k == reflect.String && c == '"':
		if s := text[1 : len(text)-1]; !strings.ContainsRune(s, '\\') && utf8.ValidString(s) {
			fv.SetString(s)
			return nil
		}
	case k == reflect.Bool && (c == 't' || c == 'f'):
		fv.SetBool(c == 't')
		return nil
	case k >= reflect.Int && k <= reflect.Int64:
		if n, err := strconv.ParseInt(text, 10, 64); err == nil && !fv.OverflowInt(n) {
			fv.SetInt(n)
			return nil
		}
	case k >= reflect.Uint && k <= reflect.Uint64:
		if n, err := strconv.ParseUint(text, 10, 64); err == nil && !fv.OverflowUint(n) {
			fv.SetUint(n)
			return nil
		}
	case k == reflect.Float32 || k == reflect.Float64:
		if c != '"' {
			if f, err := strconv.ParseFloat(text, fv.Type().Bits()); err == nil {
				fv.SetFloat(f)
				return nil
			}
		}
	case k == reflect.Slice && c == '[' && fv.Type().Elem().Kind() != reflect.Uint8:
		return setSlice(raw, text, fv)
	}
	return json.Unmarshal(raw, fv.Addr().Interface()) // other kinds, and its error for a wrong type
}

// setSlice decodes a JSON array into the slice fv, item by item.
func setSlice(raw []byte, text string, fv reflect.Value) error {
	s := jsonscan.New(raw)
	out := reflect.MakeSlice(fv.Type(), 0, 4)
	var typeErr error
	err := s.Array(func(int) error {
		item, err := s.Value()
		if err != nil {
			return err
		}
		out = reflect.Append(out, reflect.Zero(fv.Type().Elem()))
		return keepTypeError(&typeErr, setValue(item, text[s.Offset()-len(item):s.Offset()], out.Index(out.Len()-1)))
	})
	if err != nil {
		return err
	}
	fv.Set(out)
	return typeErr
}

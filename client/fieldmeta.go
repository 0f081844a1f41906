package client

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// decodeObject is the UnmarshalJSON of every response type. v points to the
// type's method-less twin (so json.Unmarshal does not recurse), meta to its
// JSON struct. After the ordinary decoding it records, for each field, the
// JSON text the body held under that field's key.
func decodeObject(data []byte, v, meta any) error {
	if string(data) == "null" {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	p := planFor(reflect.TypeOf(v).Elem(), reflect.TypeOf(meta).Elem())
	m := reflect.ValueOf(meta).Elem()
	var extra map[string]Field
	eachMember(string(data), func(key, value string) {
		i, ok := p.index(key)
		if !ok {
			if extra == nil {
				extra = map[string]Field{}
			}
			extra[key] = Field{raw: value}
			return
		}
		*m.Field(i).Addr().Interface().(*Field) = Field{raw: value}
	})
	if extra != nil && p.extra >= 0 {
		m.Field(p.extra).Set(reflect.ValueOf(extra))
	}
	return nil
}

// metaPlan maps JSON keys to the index of their Field in a JSON struct.
type metaPlan struct {
	byKey  map[string]int
	byFold map[string]int // lower-cased keys, for encoding/json's case-insensitive match
	extra  int            // index of ExtraFields, or -1
}

func (p *metaPlan) index(key string) (int, bool) {
	if i, ok := p.byKey[key]; ok {
		return i, true
	}
	i, ok := p.byFold[strings.ToLower(key)]
	return i, ok
}

var plans sync.Map // reflect.Type of the decoded struct -> *metaPlan

var (
	fieldType = reflect.TypeFor[Field]()
	extraType = reflect.TypeFor[map[string]Field]()
)

func planFor(obj, meta reflect.Type) *metaPlan {
	if p, ok := plans.Load(obj); ok {
		return p.(*metaPlan)
	}
	p := &metaPlan{byKey: map[string]int{}, byFold: map[string]int{}, extra: -1}
	for i := range meta.NumField() {
		mf := meta.Field(i)
		switch {
		case mf.Type == extraType && mf.Name == "ExtraFields":
			p.extra = i
		case mf.Type == fieldType:
			of, ok := obj.FieldByName(mf.Name)
			if !ok {
				panic(fmt.Sprintf("edgen: %v.JSON.%s has no field to describe", obj, mf.Name))
			}
			key := jsonKey(of)
			p.byKey[key] = i
			p.byFold[strings.ToLower(key)] = i
		}
	}
	plans.Store(obj, p)
	return p
}

// jsonKey is the key encoding/json uses for a struct field.
func jsonKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

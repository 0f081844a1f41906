package client

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// encodeObject is the MarshalJSON of every response type, the inverse of
// decodeObject: v is the response (a value), its JSON struct telling how
// the body held each field. It writes the fields in order, each marshalled
// on its own (never v itself, whose MarshalJSON this is): a zero
// field that arrived as null is written null, an optional one (tagged
// omitempty or omitzero) that did not arrive and is zero is left out, and
// ExtraFields are written back as received, in key order.
func encodeObject(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	p := planFor(rv.Type())
	mv := rv.Field(p.json)
	b := []byte{'{'}
	add := func(key string, value []byte) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(key) // a string always encodes
		b = append(b, k...)
		b = append(b, ':')
		b = append(b, value...)
	}
	for _, f := range p.fields {
		fv := rv.Field(f.index)
		m := mv.Field(f.meta).Interface().(Field)
		switch {
		case fv.IsZero() && m.IsNull():
			add(f.key, []byte("null"))
		case fv.IsZero() && f.optional && m.IsMissing():
		default:
			value, err := json.Marshal(fv.Interface())
			if err != nil {
				return nil, err
			}
			add(f.key, value)
		}
	}
	if p.extra >= 0 {
		extra := mv.Field(p.extra).Interface().(map[string]Field)
		for _, key := range slices.Sorted(maps.Keys(extra)) {
			add(key, []byte(extra[key].raw))
		}
	}
	return append(b, '}'), nil
}

// metaPlan maps JSON keys to the index of their Field in a response type's
// JSON struct, and lists the fields to encode.
type metaPlan struct {
	json   int            // index of the JSON struct in the type
	byKey  map[string]int // JSON key -> index in fields
	byFold map[string]int // lower-cased keys, for encoding/json's case-insensitive match
	extra  int            // index of ExtraFields, or -1
	fields []fieldPlan    // the encoded fields, in order
}

// fieldPlan is one encoded field of a response type.
type fieldPlan struct {
	index    int // in the type
	meta     int // index of its Field in the JSON struct
	key      string
	optional bool // tagged omitempty or omitzero: left out when missing and zero
}

// field returns the plan of the field the JSON key names: the exact key
// first, else one that differs only in case, as encoding/json matches them.
func (p *metaPlan) field(key []byte) (fieldPlan, bool) {
	i, ok := p.byKey[string(key)]
	if !ok {
		i, ok = p.byFold[strings.ToLower(string(key))]
	}
	if !ok {
		return fieldPlan{}, false
	}
	return p.fields[i], true
}

var plans sync.Map // reflect.Type of the response type -> *metaPlan

var (
	fieldType = reflect.TypeFor[Field]()
	extraType = reflect.TypeFor[map[string]Field]()
)

// planFor returns the plan of the response type obj, made on first use.
func planFor(obj reflect.Type) *metaPlan {
	if p, ok := plans.Load(obj); ok {
		return p.(*metaPlan)
	}
	jf, ok := obj.FieldByName("JSON")
	if !ok || jf.Type.Kind() != reflect.Struct {
		panic(fmt.Sprintf("edgen: %v has no JSON struct", obj))
	}
	meta := jf.Type
	p := &metaPlan{json: jf.Index[0], byKey: map[string]int{}, byFold: map[string]int{}, extra: -1}
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
			key, optional := jsonKey(of)
			p.fields = append(p.fields, fieldPlan{index: of.Index[0], meta: i, key: key, optional: optional})
		}
	}
	slices.SortFunc(p.fields, func(a, b fieldPlan) int { return a.index - b.index })
	for i, f := range p.fields {
		p.byKey[f.key] = i
		p.byFold[strings.ToLower(f.key)] = i
	}
	plans.Store(obj, p)
	return p
}

// jsonKey is the key encoding/json uses for a struct field, and whether the
// field is optional (omitempty or omitzero).
func jsonKey(f reflect.StructField) (key string, optional bool) {
	name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
	for opt := range strings.SplitSeq(opts, ",") {
		optional = optional || opt == "omitempty" || opt == "omitzero"
	}
	if name == "" {
		return f.Name, optional
	}
	return name, optional
}

//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// The JSON shape of a type, as js/dtsfields.mjs prints it for the d.ts and
// as the Go side makes it from a Go type by reflection (goShapes) or from
// the JSON a Go value marshals to (jsonShape), so that both compare
// (compareFields).
type (
	// wireField is a field of an object.
	wireField struct {
		Optional bool     `json:"optional"`
		Type     wireType `json:"type"`
	}
	// wireType is a union of alternatives; null is set apart.
	wireType struct {
		Nullable bool      `json:"nullable"`
		Alts     []wireAlt `json:"alts"`
	}
	// wireAlt is one alternative: a kind (string, number, boolean, any,
	// binary, array, record, ref, object, other), with the element of an
	// array or a record, the name of a ref, the fields of an object.
	wireAlt struct {
		Kind   string               `json:"kind"`
		Elem   *wireType            `json:"elem,omitempty"`
		Name   string               `json:"name,omitempty"`
		Fields map[string]wireField `json:"fields,omitempty"`
		Text   string               `json:"text,omitempty"`
		// goType is the Go struct an object comes from; nil for one read
		// from JSON, whose fields' optionality is unknown.
		goType reflect.Type
	}
)

// alt is a wireType of one alternative.
func alt(a wireAlt) wireType { return wireType{Alts: []wireAlt{a}} }

var readerType = reflect.TypeFor[io.Reader]()

// hasJSONTags reports whether a field of the struct t has a json tag: its
// JSON is its fields (a MarshalJSON of the client's response types keeps
// them), where a struct without tags is written by a MarshalJSON of its own.
func hasJSONTags(t reflect.Type) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if _, ok := f.Tag.Lookup("json"); ok {
			return true
		}
	}
	return false
}

// goShapes makes the shapes of Go types, by the rules of encoding/json and
// the pairing list: a type paired with a d.ts interface is a ref to it, a
// union (unionRefs, forms) the union of its forms, a struct of its own an
// object of its fields.
type goShapes struct {
	paired    map[reflect.Type]string   // Go type -> the d.ts interface it is paired with
	unionRefs map[reflect.Type][]string // Go union -> the d.ts interfaces of its forms
	forms     map[reflect.Type][]any    // Go union -> its forms: a reflect.Type, or a sample value
	compared  map[reflect.Type]bool     // the Go structs whose fields a comparison read
	errs      []string                  // the differences found, and the faults of the lists
}

// typeOf is the shape of values of t.
func (g *goShapes) typeOf(t reflect.Type) wireType {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if forms, ok := g.forms[t]; ok {
		var u wireType
		for _, f := range forms {
			var s wireType
			if ft, ok := f.(reflect.Type); ok {
				s = g.typeOf(ft)
			} else {
				s = g.sample(f)
			}
			u.Alts = append(u.Alts, s.Alts...)
		}
		return u
	}
	if names, ok := g.unionRefs[t]; ok {
		var u wireType
		for _, n := range names {
			u.Alts = append(u.Alts, wireAlt{Kind: "ref", Name: n})
		}
		return u
	}
	if name, ok := g.paired[t]; ok {
		return alt(wireAlt{Kind: "ref", Name: name})
	}
	switch t.Kind() {
	case reflect.String:
		return alt(wireAlt{Kind: "string"})
	case reflect.Bool:
		return alt(wireAlt{Kind: "boolean"})
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return alt(wireAlt{Kind: "number"})
	case reflect.Slice, reflect.Array:
		elem := g.typeOf(t.Elem())
		return alt(wireAlt{Kind: "array", Elem: &elem})
	case reflect.Map:
		elem := g.typeOf(t.Elem())
		return alt(wireAlt{Kind: "record", Elem: &elem})
	case reflect.Interface:
		if t == readerType {
			return alt(wireAlt{Kind: "binary"})
		}
		if t.NumMethod() == 0 {
			return alt(wireAlt{Kind: "any"})
		}
	case reflect.Struct:
		if hasJSONTags(t) {
			return alt(wireAlt{Kind: "object", Fields: g.fields(t), goType: t})
		}
	}
	return alt(wireAlt{Kind: "other", Text: t.String()})
}

// fields are the JSON fields of the struct t, as encoding/json writes them:
// the json tag's name (else the Go name), embedded structs promoted, "-"
// left out; a field tagged omitempty or omitzero is optional.
func (g *goShapes) fields(t reflect.Type) map[string]wireField {
	out := map[string]wireField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			maps.Copy(out, g.fields(f.Type))
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		out[name] = wireField{Optional: optional, Type: g.typeOf(f.Type)}
	}
	return out
}

// sample is the shape of the JSON v marshals to.
func (g *goShapes) sample(v any) wireType {
	b, err := json.Marshal(v)
	var decoded any
	if err == nil {
		err = json.Unmarshal(b, &decoded)
	}
	if err != nil {
		g.fail("the sample %#v does not marshal: %v", v, err)
		return wireType{}
	}
	return jsonShape(decoded)
}

// jsonShape is the shape of a decoded JSON value; every field of an
// object is required, for a sample cannot tell.
func jsonShape(v any) wireType {
	switch v := v.(type) {
	case nil:
		return wireType{Nullable: true}
	case string:
		return alt(wireAlt{Kind: "string"})
	case float64:
		return alt(wireAlt{Kind: "number"})
	case bool:
		return alt(wireAlt{Kind: "boolean"})
	case []any:
		elem := alt(wireAlt{Kind: "any"})
		if len(v) > 0 {
			elem = jsonShape(v[0])
		}
		return alt(wireAlt{Kind: "array", Elem: &elem})
	case map[string]any:
		fields := map[string]wireField{}
		for k, fv := range v {
			fields[k] = wireField{Type: jsonShape(fv)}
		}
		return alt(wireAlt{Kind: "object", Fields: fields})
	}
	return alt(wireAlt{Kind: "other", Text: fmt.Sprintf("%T", v)})
}

// compareFields lists where the fields of Go (goF) and of the d.ts (tsF)
// differ, both ways, at path: a field only one side has, a field optional
// on one side only (when optionality is known: Go fields from a struct),
// and the kinds of their values.
func (g *goShapes) compareFields(path string, goF, tsF map[string]wireField, optionality bool) {
	for _, name := range slices.Sorted(maps.Keys(mergeKeys(goF, tsF))) {
		gf, inGo := goF[name]
		tf, inTS := tsF[name]
		at := path + "." + name
		switch {
		case !inTS:
			g.fail("%s: in Go, missing from the d.ts", at)
		case !inGo:
			g.fail("%s: in the d.ts, missing from Go", at)
		default:
			if optionality && gf.Optional != tf.Optional {
				if gf.Optional {
					g.fail("%s: optional in Go (omitempty or omitzero), required in the d.ts (no ?)", at)
				} else {
					g.fail("%s: required in Go (no omitempty or omitzero), optional in the d.ts (?:)", at)
				}
			}
			g.compareTypes(at, gf.Type, tf.Type)
		}
	}
}

// compareTypes lists where the kinds of two values differ, and compares the
// elements of arrays and records and the fields of objects written inline.
func (g *goShapes) compareTypes(path string, goT, tsT wireType) {
	if gk, tk := kinds(goT), kinds(tsT); gk != tk {
		g.fail("%s: %s in Go, %s in the d.ts", path, gk, tk)
		return
	}
	for kind, suffix := range map[string]string{"array": "[]", "record": "{}"} {
		if ga, ta := find(goT, kind), find(tsT, kind); ga != nil && ta != nil {
			g.compareTypes(path+suffix, *ga.Elem, *ta.Elem)
		}
	}
	gRefs, tRefs := refs(goT), refs(tsT)
	gObj, tObj := find(goT, "object"), find(tsT, "object")
	switch {
	case gObj != nil && tObj != nil:
		if gObj.goType != nil {
			g.compared[gObj.goType] = true
		}
		g.compareFields(path, gObj.Fields, tObj.Fields, gObj.goType != nil)
	case gObj != nil && len(tRefs) > 0:
		g.fail("%s: the d.ts names %s, Go has %s that no pair names: pair them in wirePairs", path, strings.Join(tRefs, " | "), gObj.goType)
	case len(gRefs) > 0 && tObj != nil:
		g.fail("%s: Go has %s (paired in wirePairs), the d.ts writes the object inline: name the interface there", path, strings.Join(gRefs, " | "))
	case !slices.Equal(gRefs, tRefs):
		g.fail("%s: Go's type is paired with %s, the d.ts names %s", path, strings.Join(gRefs, " | "), strings.Join(tRefs, " | "))
	}
}

// fail records a difference (or a fault of the lists).
func (g *goShapes) fail(format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf(format, args...))
}

// kinds is the sorted kinds of a type's alternatives, a ref counted as an
// object: "array | string".
func kinds(t wireType) string {
	var ks []string
	for _, a := range t.Alts {
		k := a.Kind
		if k == "ref" {
			k = "object"
		}
		if k == "other" {
			k = "other (" + a.Text + ")"
		}
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	if len(ks) == 0 {
		return "null"
	}
	return strings.Join(ks, " | ")
}

// find is the first alternative of the kind, or nil.
func find(t wireType, kind string) *wireAlt {
	for i := range t.Alts {
		if t.Alts[i].Kind == kind {
			return &t.Alts[i]
		}
	}
	return nil
}

// refs is the sorted names of a type's ref alternatives.
func refs(t wireType) []string {
	var names []string
	for _, a := range t.Alts {
		if a.Kind == "ref" {
			names = append(names, a.Name)
		}
	}
	slices.Sort(names)
	return names
}

// mergeKeys is the set of the keys of a and b.
func mergeKeys(a, b map[string]wireField) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

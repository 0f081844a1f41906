package edgentest

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
)

// The fake model's structured answers: JSON made up from a JSON Schema, as
// a model under a grammar would write it. It knows the common keywords
// (type, properties, items, enum, const, anyOf, oneOf, allOf, $ref into
// $defs or definitions, minItems, minLength, maxLength, minimum, maximum,
// and a few string formats); what it does not know, it leaves alone. Every
// property of an object is filled in, in the order of its name.

// exampleJSON returns compact JSON of a value of schema.
func exampleJSON(schema json.RawMessage) []byte {
	root := decodeSchema(schema)
	b := marshalWire(exampleValue(root, root, 0))
	return b
}

// invalidJSON returns compact JSON that the schema refuses: the example
// with one typed property (a required one first) of the wrong type, or a
// value of the wrong type altogether.
func invalidJSON(schema json.RawMessage) []byte {
	root := decodeSchema(schema)
	v := exampleValue(root, root, 0)
	s := effective(root, root)
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		required, _ := s["required"].([]any)
		var names []string
		for _, r := range required {
			if name, ok := r.(string); ok {
				names = append(names, name)
			}
		}
		names = append(names, slices.Sorted(maps.Keys(props))...)
		for _, name := range names {
			if p, ok := props[name].(map[string]any); ok && schemaType(effective(p, root)) != "" {
				obj[name] = wrongValue(schemaType(effective(p, root)))
				b := marshalWire(obj)
				return b
			}
		}
	}
	b := marshalWire(wrongValue(schemaType(s)))
	return b
}

// decodeSchema decodes a schema; anything but an object is the empty schema.
func decodeSchema(raw json.RawMessage) map[string]any {
	var s map[string]any
	if json.Unmarshal(raw, &s) != nil || s == nil {
		return map[string]any{}
	}
	return s
}

// wrongValue is a value not of type typ (a string, for a schema without a
// type: wrong when it has an enum, right when it takes anything).
func wrongValue(typ string) any {
	switch typ {
	case "string":
		return 42
	case "":
		return "edgentest: not of the schema"
	}
	return "not of type " + typ
}

// maxSchemaDepth bounds the nesting of made-up values (recursive schemas).
const maxSchemaDepth = 8

// exampleValue makes up a value of schema s; root resolves its $refs.
func exampleValue(s, root map[string]any, depth int) any {
	s = effective(s, root)
	if depth > maxSchemaDepth {
		return nil
	}
	if c, ok := s["const"]; ok {
		return c
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	switch schemaType(s) {
	case "object":
		obj := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			if ps, ok := p.(map[string]any); ok {
				obj[name] = exampleValue(ps, root, depth+1)
			}
		}
		return obj
	case "array":
		n := max(1, int(number(s, "minItems", 1)))
		items, _ := s["items"].(map[string]any)
		list := make([]any, n)
		for i := range list {
			list[i] = exampleValue(items, root, depth+1)
		}
		return list
	case "string":
		return exampleString(s)
	case "integer":
		return math.Ceil(exampleNumber(s))
	case "number":
		return exampleNumber(s)
	case "boolean":
		return true
	case "null":
		return nil
	}
	return "example"
}

// effective is the schema a value of s is made from: its $ref followed,
// its allOf merged, the first branch of its anyOf or oneOf that is not
// null taken (unless const or enum say it all).
func effective(s, root map[string]any) map[string]any {
	for range maxSchemaDepth {
		s = resolve(s, root)
		_, hasConst := s["const"]
		_, hasEnum := s["enum"]
		if all, ok := s["allOf"].([]any); ok && len(all) > 0 {
			s = mergeAll(s, all, root)
			continue
		}
		if hasConst || hasEnum {
			return s
		}
		if branches := firstOf(s); branches != nil {
			s = firstNonNull(branches)
			continue
		}
		return s
	}
	return s
}

// firstOf is the anyOf or else the oneOf of s, nil when it has neither.
func firstOf(s map[string]any) []any {
	for _, key := range []string{"anyOf", "oneOf"} {
		if branches, ok := s[key].([]any); ok && len(branches) > 0 {
			return branches
		}
	}
	return nil
}

// resolve follows a local $ref ("#", "#/$defs/x", "#/definitions/x").
func resolve(s, root map[string]any) map[string]any {
	for range maxSchemaDepth {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		target := any(root)
		if path := strings.TrimPrefix(strings.TrimPrefix(ref, "#"), "/"); path != "" {
			for _, seg := range strings.Split(path, "/") {
				m, _ := target.(map[string]any)
				target = m[seg]
			}
		}
		next, ok := target.(map[string]any)
		if !ok {
			return map[string]any{}
		}
		s = next
	}
	return s
}

// schemaType is the schema's type: its "type" (the first that is not
// "null" of a list), else what its keywords imply, else "".
func schemaType(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if name, ok := x.(string); ok && name != "null" {
				return name
			}
		}
		return "null"
	}
	switch {
	case s["properties"] != nil:
		return "object"
	case s["items"] != nil:
		return "array"
	}
	return ""
}

// firstNonNull is the first branch that is not {"type":"null"}.
func firstNonNull(branches []any) map[string]any {
	for _, b := range branches {
		if m, ok := b.(map[string]any); ok && m["type"] != "null" {
			return m
		}
	}
	m, _ := branches[0].(map[string]any)
	return m
}

// mergeAll merges s with the branches of its allOf: their properties and
// required lists together, their other keywords where s has none.
func mergeAll(s map[string]any, branches []any, root map[string]any) map[string]any {
	merged := map[string]any{}
	props := map[string]any{}
	var required []any
	for _, b := range append([]any{s}, branches...) {
		m, _ := b.(map[string]any)
		m = resolve(m, root)
		for k, v := range m {
			if _, seen := merged[k]; !seen && k != "allOf" {
				merged[k] = v
			}
		}
		p, _ := m["properties"].(map[string]any)
		maps.Copy(props, p)
		r, _ := m["required"].([]any)
		required = append(required, r...)
	}
	merged["properties"], merged["required"] = props, required
	if merged["type"] == nil && len(props) > 0 {
		merged["type"] = "object"
	}
	return merged
}

// exampleString makes up a string of the schema's format and length.
func exampleString(s map[string]any) string {
	formats := map[string]string{
		"date-time": "2025-01-02T03:04:05Z", "date": "2025-01-02", "time": "03:04:05",
		"email": "ann@example.com", "uri": "https://example.com/", "url": "https://example.com/",
		"uuid": "123e4567-e89b-42d3-a456-426614174000",
	}
	str, ok := formats[stringField(s, "format")]
	if !ok {
		str = "example"
	}
	if n := int(number(s, "minLength", 0)); len(str) < n {
		str += strings.Repeat("x", n-len(str))
	}
	if n, ok := s["maxLength"].(float64); ok && len(str) > int(n) {
		str = str[:int(n)]
	}
	return str
}

// exampleNumber is 1, moved into the schema's bounds.
func exampleNumber(s map[string]any) float64 {
	v := 1.0
	if lo, ok := s["minimum"].(float64); ok && v < lo {
		v = lo
	}
	if lo, ok := s["exclusiveMinimum"].(float64); ok && v <= lo {
		v = lo + 1
	}
	if hi, ok := s["maximum"].(float64); ok && v > hi {
		v = hi
	}
	if hi, ok := s["exclusiveMaximum"].(float64); ok && v >= hi {
		v = hi - 1
	}
	return v
}

// number is the schema's numeric keyword, or def.
func number(s map[string]any, key string, def float64) float64 {
	if v, ok := s[key].(float64); ok {
		return v
	}
	return def
}

// stringField is the schema's string keyword, or "".
func stringField(s map[string]any, key string) string {
	v, _ := s[key].(string)
	return v
}

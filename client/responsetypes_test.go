//go:build !js

package client_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestResponseTypesListed: responseTypes, which the tests of the JSON
// metadata walk, names every type of the package's source that has a JSON
// struct, so that a new response type cannot miss them.
func TestResponseTypesListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			if st, ok := spec.Type.(*ast.StructType); ok && hasField(st, "JSON") {
				declared = append(declared, spec.Name.Name)
			}
			return false
		})
	}
	var listed []string
	for _, v := range responseTypes {
		listed = append(listed, reflect.TypeOf(v).Elem().Name())
	}
	slices.Sort(declared)
	slices.Sort(listed)
	if !slices.Equal(declared, listed) {
		t.Errorf("types with a JSON struct:\n%v\nresponseTypes:\n%v", declared, listed)
	}
}

// hasField reports whether st declares a field named name.
func hasField(st *ast.StructType, name string) bool {
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return true
			}
		}
	}
	return false
}

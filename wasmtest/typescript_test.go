//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTypeScript compiles the TypeScript usage file of wasmtest/types against
// web/edgen/edgen.d.ts: tsc --noEmit --strict -p types, with the typescript of
// package.json (npm ci here, which `make deps` runs).
func TestTypeScript(t *testing.T) {
	t.Parallel()
	tsc := tscPath(t)
	if _, err := os.Stat(filepath.Join("types", "tsconfig.json")); err != nil {
		t.Fatalf("wasmtest/types/tsconfig.json is missing (the TypeScript usage file of the wasm face): %v", err)
	}
	out, err := runNode(t, 2*time.Minute, ".", nil, tsc, "--noEmit", "--strict", "-p", "types")
	if err != nil {
		t.Fatalf("tsc --noEmit --strict -p wasmtest/types: %v\n%s", err, out)
	}
}

// tscPath is the TypeScript compiler of wasmtest/node_modules.
func tscPath(t *testing.T) string {
	t.Helper()
	tsc := filepath.Join("node_modules", "typescript", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("wasmtest/%s is missing: run `make deps` (npm ci in wasmtest/)", tsc)
	}
	abs, err := filepath.Abs(tsc)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestTypesMatchOperations fails when web/edgen/edgen.d.ts and the operation table
// of edgen.wasm (wasm/ops.go, read from the built wasm in Node) disagree: a
// method declared on Edgen that the table lacks, or a path or alias of the
// table that the d.ts does not declare. tsc checks it, on a file that lists
// the table's paths and compares them with every function path of Edgen.
func TestTypesMatchOperations(t *testing.T) {
	t.Parallel()
	tsc := tscPath(t)
	var paths []string
	for _, op := range operationTable(t) {
		for _, p := range append([]string{op.Path}, op.Aliases...) {
			paths = append(paths, fmt.Sprintf("%q", p))
		}
	}
	dir := t.TempDir()
	dts := filepath.Join(mustRoot(t), "web", "edgen", "edgen.js")
	check := fmt.Sprintf(surfaceCheck, dts, strings.Join(paths, " | "))
	for name, text := range map[string]string{"surface.ts": check, "tsconfig.json": surfaceConfig} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runNode(t, 2*time.Minute, dir, nil, tsc, "-p", ".")
	if err != nil {
		t.Errorf("web/edgen/edgen.d.ts and the operation table of wasm/ops.go disagree (the type named in each error is the path at fault): %v\n%s", err, out)
	}
}

// operation is a row of the operation table as JS receives it.
type operation struct {
	Path    string   `json:"path"`
	Aliases []string `json:"aliases"`
}

// operationTable reads the operation table out of a fresh edgen.wasm, in Node.
func operationTable(t *testing.T) []operation {
	t.Helper()
	site := mustDir(t, "the site (edgen.wasm, the loader of web/edgen/)", siteDir)
	out, err := runNode(t, time.Minute, filepath.Join(site, "wasmtest"), nil, filepath.Join(site, "wasmtest", "operations.mjs"), filepath.Join(site, "edgen.wasm"))
	if err != nil {
		t.Fatalf("reading the operation table: %v\n%s", err, out)
	}
	var ops []operation
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &ops); err != nil || len(ops) == 0 {
		t.Fatalf("the operation table %q: %v", out, err)
	}
	return ops
}

// surfaceConfig compiles surface.ts as wasmtest/types compiles usage.ts.
const surfaceConfig = `{
  "compilerOptions": {
    "target": "es2022", "module": "es2022", "moduleResolution": "bundler",
    "lib": ["es2022", "dom", "dom.asynciterable"], "types": [], "strict": true, "noEmit": true
  },
  "files": ["surface.ts"]
}
`

// surfaceCheck is the TypeScript of TestTypesMatchOperations: %s is the
// path of web/edgen/edgen.js (whose types are edgen.d.ts), %s the table's paths.
const surfaceCheck = `import type { Edgen } from %q;

type Fn = (...args: never[]) => unknown;
// Paths is every dotted path of T that leads to a function.
type Paths<T, P extends string = ""> = {
  [K in keyof T & string]:
    | (T[K] extends Fn ? ` + "`${P}${K}`" + ` : never)
    | (T[K] extends object ? Paths<T[K], ` + "`${P}${K}.`" + `> : never);
}[keyof T & string];

type Declared = Exclude<Paths<Edgen>, "configure" | "diagnose">; // the two methods of JS, not of the table
type Table = %s;

export const declaredButNotInTheTable: [Exclude<Declared, Table>] extends [never] ? "none" : Exclude<Declared, Table> = "none";
export const inTheTableButNotDeclared: [Exclude<Table, Declared>] extends [never] ? "none" : Exclude<Table, Declared> = "none";
`

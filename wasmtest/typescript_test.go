//go:build !js

package wasmtest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTypeScript compiles the TypeScript usage file of wasmtest/types against
// web/edgen.d.ts: tsc --noEmit --strict -p types, with the typescript of
// package.json (npm ci here, which `make deps` runs).
func TestTypeScript(t *testing.T) {
	t.Parallel()
	tsc := filepath.Join("node_modules", "typescript", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("wasmtest/%s is missing: run `make deps` (npm ci in wasmtest/)", tsc)
	}
	if _, err := os.Stat(filepath.Join("types", "tsconfig.json")); err != nil {
		t.Fatalf("wasmtest/types/tsconfig.json is missing (the TypeScript usage file of the wasm face): %v", err)
	}
	out, err := runNode(t, 2*time.Minute, ".", nil, tsc, "--noEmit", "--strict", "-p", "types")
	if err != nil {
		t.Fatalf("tsc --noEmit --strict -p wasmtest/types: %v\n%s", err, out)
	}
}

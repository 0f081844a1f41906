//go:build !js

package wasmtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestPackageNode installs the npm package into a fresh Node project
// (testdata/package/node) and uses it the ways Node developers do, over
// real fetch against the fake Edgen of this process: a script started by
// the plain name `node` (Go's net/http turns fetch off when process.argv0
// starts with "node", unless the loader prevents it), a vitest test run by
// `npm test`, and tsc --strict type checks of both entries of "exports"
// under moduleResolution bundler, node16 and nodenext.
func TestPackageNode(t *testing.T) {
	t.Parallel()
	fake := edgentest.Start(t)
	dir := npmProject(t, "node", nil)
	env := []string{edgentest.EnvURL + "=" + fake.URL}

	t.Run("contents", func(t *testing.T) {
		installed := filepath.Join(dir, "node_modules", packageName)
		var manifest struct {
			Type, License, Version string
			Exports                map[string]any
		}
		b, err := os.ReadFile(filepath.Join(installed, "package.json"))
		if err == nil {
			err = json.Unmarshal(b, &manifest)
		}
		if err != nil {
			t.Fatalf("the installed package.json: %v", err)
		}
		if manifest.Type != "module" || manifest.License == "" || manifest.Version == "" || manifest.Exports["./worker"] == nil {
			t.Errorf("package.json has type %q, license %q, version %q, exports %v; want an ES module package with a license, a version and a ./worker entry",
				manifest.Type, manifest.License, manifest.Version, manifest.Exports)
		}
		for file, want := range map[string]string{"LICENSE": "MIT License", "THIRD-PARTY-NOTICES": "== Go ", "README.md": "## Bundlers", "wasm_exec.js": "globalThis.Go", "edgen.wasm": "\x00asm"} {
			b, err := os.ReadFile(filepath.Join(installed, file))
			if err != nil || !strings.Contains(string(b), want) {
				t.Errorf("the package's %s (%v) does not hold %q", file, err, want)
			}
		}
	})

	t.Run("node_by_name", func(t *testing.T) {
		out, err := runTool(dir, env, time.Minute, "node", "chat.mjs")
		if err != nil {
			t.Fatalf("node chat.mjs: %v\n%s", err, out)
		}
		var got struct {
			Argv0, Text, Moved, OtherWasm string
			Same, Restored                bool
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
			t.Fatalf("chat.mjs printed %q: %v", out, err)
		}
		if got.Argv0 != "node" {
			t.Errorf("process.argv0 was %q, want node: the case under test", got.Argv0)
		}
		if !got.Restored {
			t.Error("after load(), globalThis.process is not Node's process object")
		}
		if want := canned("hello from node"); got.Text != want {
			t.Errorf("the streamed answer read %q, want %q", got.Text, want)
		}
		if !got.Same || got.Moved != "APIConnectionError" {
			t.Errorf("a second load() with another baseURL resolved to the same API %v, whose call then failed with %q; want the same API, its settings applied (a closed port: APIConnectionError)", got.Same, got.Moved)
		}
		wasm := "file://" + filepath.ToSlash(filepath.Join(dir, "node_modules", packageName, "edgen.wasm"))
		if !strings.HasPrefix(got.OtherWasm, "edgen: ") || !strings.Contains(got.OtherWasm, wasm) || !strings.Contains(got.OtherWasm, "other.wasm") {
			t.Errorf("a second load() with another wasmURL rejected with %q, want an edgen: error naming %s and other.wasm", got.OtherWasm, wasm)
		}
	})

	t.Run("vitest", func(t *testing.T) {
		out := runNpm(t, dir, env, "test")
		if !strings.Contains(out, "1 passed") {
			t.Errorf("npm test (vitest run) passed, but not the one test of chat.test.js:\n%s", out)
		}
	})

	t.Run("types", func(t *testing.T) {
		tsc, err := filepath.Abs(filepath.Join("node_modules", "typescript", "bin", "tsc"))
		if err != nil {
			t.Fatal(err)
		}
		for _, resolution := range []string{"bundler", "node16", "nodenext"} {
			out, err := runNode(t, 2*time.Minute, dir, nil, tsc, "--strict", "-p", filepath.Join("types", resolution))
			if err != nil {
				t.Errorf("tsc --strict under moduleResolution %s: %v (wasmtest/node_modules/typescript comes from make deps)\n%s", resolution, err, out)
			}
		}
	})
}

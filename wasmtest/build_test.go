//go:build !js

package wasmtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildTimeout bounds one go command (a cold build cache on two cores
// included).
const buildTimeout = 5 * time.Minute

// wasmEnv is the environment of a js/wasm build.
var wasmEnv = []string{"GOOS=js", "GOARCH=wasm"}

// harnessDir returns the web root of this test process, work/site, holding
// what every page needs:
//
//	wasm_exec.js   from $(go env GOROOT)/lib/wasm
//	wasmtest/      the harness: js/ of this package
//	package.json   {"type": "module"}: Node reads the site's .js files (the
//	               loader) as ES modules only with it
var harnessDir = sync.OnceValues(func() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	site := filepath.Join(work, "site")
	if err := os.MkdirAll(filepath.Join(site, "wasmtest"), 0o755); err != nil {
		return "", err
	}
	harness, err := filepath.Glob(filepath.Join(root, "wasmtest", "js", "*"))
	if err != nil {
		return "", err
	}
	if err := copyFiles(harness, filepath.Join(site, "wasmtest")); err != nil {
		return "", err
	}
	gr, err := goroot()
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(site, "package.json"), []byte(`{"type": "module"}`+"\n"), 0o644); err != nil {
		return "", err
	}
	return site, copyFiles([]string{filepath.Join(gr, "lib", "wasm", "wasm_exec.js")}, site)
})

// goroot returns $(go env GOROOT), whose lib/wasm holds wasm_exec.js and
// wasm_exec_node.js.
var goroot = sync.OnceValues(func() (string, error) {
	out, err := goOutput(".", nil, "env", "GOROOT")
	return strings.TrimSpace(out), err
})

// siteDir returns the harness's web root completed with the JS face:
//
//	edgen.wasm     a fresh GOOS=js build of ./wasm with the flags of `make build`
//	*.js           the loader of web/edgen/ (edgen.js, load.js...)
//	structured.js  parse()'s npm parts, bundled by the Makefile's own target
//
// The tests build it themselves and never depend on `make build`.
var siteDir = sync.OnceValues(func() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	scripts, err := filepath.Glob(filepath.Join(root, "web", "edgen", "*.js"))
	if err != nil {
		return "", err
	}
	if !slices.ContainsFunc(scripts, func(p string) bool { return filepath.Base(p) == "edgen.js" }) {
		return "", fmt.Errorf("the loader of the wasm face, web/edgen/edgen.js, is missing")
	}
	wasm, err := buildWasm("edgen.wasm", "build", "-trimpath", "-ldflags=-s -w", "./wasm")
	if err != nil {
		return "", err
	}
	site := filepath.Dir(wasm)
	if err := copyFiles(scripts, site); err != nil {
		return "", err
	}
	out := filepath.Join(work, "structured")
	lib := filepath.Join(out, "edgen", "structured.js")
	if err := makeTarget(root, out, lib); err != nil {
		return "", err
	}
	return site, copyFiles([]string{lib}, site)
})

// makeTarget runs `make OUT=out target` in the module root, as a make of
// its own (not one of a make above the tests).
func makeTarget(root, out, target string) error {
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", "--no-print-directory", "OUT="+out, target)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "MAKEFLAGS=", "MAKELEVEL=")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("make %s: %v\n%s", target, err, b)
	}
	return nil
}

// clientTestWasm returns the client package's test binary for GOOS=js, built
// once per test process into the harness's web root (Chromium fetches it
// from there) as client.test.wasm.
var clientTestWasm = sync.OnceValues(func() (string, error) {
	return buildWasm("client.test.wasm", "test", "-c", "./client/")
})

// wasmFaceTestWasm returns the wasm face's own test binary (package wasm/,
// which builds only for GOOS=js), built like clientTestWasm.
var wasmFaceTestWasm = sync.OnceValues(func() (string, error) {
	return buildWasm("wasm.test.wasm", "test", "-c", "./wasm/")
})

// wasmFlags returns the flags of every wasm build, the Makefile's WASMFLAGS
// (`make wasmflags` prints them), so that the tests run what `make build`
// ships: its build tags and compiler flags (the Makefile says why).
var wasmFlags = sync.OnceValues(func() ([]string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", "-s", "--no-print-directory", "wasmflags")
	cmd.Dir = root
	// Under a make (make test, make -C) this one would inherit its flags and
	// could print "Entering directory" lines among the build flags.
	cmd.Env = append(os.Environ(), "MAKEFLAGS=", "MAKELEVEL=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("make wasmflags: %v\n%s", err, stderr.String())
	}
	return strings.Fields(string(out)), nil
})

// buildWasm runs `GOOS=js GOARCH=wasm go <verb> -o <site>/<name> <args>` in
// the module root, site being the harness's web root, and returns the
// output's path.
func buildWasm(name, verb string, args ...string) (string, error) {
	site, err := harnessDir()
	if err != nil {
		return "", err
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	flags, err := wasmFlags()
	if err != nil {
		return "", err
	}
	out := filepath.Join(site, name)
	_, err = goOutput(root, wasmEnv, slices.Concat([]string{verb}, flags, []string{"-o", out}, args)...)
	return out, err
}

// builtDir returns what `make build` makes for web/ (the Makefile's OUT,
// which mirrors web/), made fresh in this test process's scratch directory
// and never taken from build/: edgen/edgen.wasm, edgen/wasm_exec.js and
// edgen/structured.js (siteDir's) and ui/lib/*.js, the page's npm parts
// bundled by the Makefile's own target (web-lib, which runs npm ci when web/package-lock.json
// changed). Tests serve web/ with it laid over (devserver.Options.BuildDir)
// and hand it to make as OUT.
var builtDir = sync.OnceValues(func() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	site, err := siteDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(work, "built")
	if err := os.MkdirAll(filepath.Join(dir, "edgen"), 0o755); err != nil {
		return "", err
	}
	built := []string{filepath.Join(site, "edgen.wasm"), filepath.Join(site, "wasm_exec.js"), filepath.Join(site, "structured.js")}
	if err := copyFiles(built, filepath.Join(dir, "edgen")); err != nil {
		return "", err
	}
	return dir, makeTarget(root, dir, "web-lib")
})

// mustDir calls one of the directory builders above for a test, failing it
// with the build's message.
func mustDir(t testing.TB, what string, build func() (string, error)) string {
	t.Helper()
	dir, err := build()
	if err != nil {
		t.Fatalf("building %s: %v", what, err)
	}
	return dir
}

// goOutput runs the go command in dir with extra environment variables and
// returns its standard output; the error carries what it printed on stderr.
func goOutput(dir string, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s go %s: %v\n%s", strings.Join(env, " "), strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// copyFiles copies the regular files srcs into the directory dir.
func copyFiles(srcs []string, dir string) error {
	for _, src := range srcs {
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

//go:build !js

package wasmtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// The npm package as web developers get it: `make package` writes the
// tarball, and each test of package_*_test.go installs it with real npm into
// a fresh throwaway project of testdata/package/ (bundler apps pinned by
// their package-lock.json, installed with npm ci), so what is tested is what
// npm would publish. npm's own cache (~/.npm) is shared between runs.

// packageName is the package's name on npm (package/package.json).
const packageName = "edgen-wasm"

// npmTimeout bounds one npm command: a cold npm cache included.
const npmTimeout = 5 * time.Minute

// packedTarball returns the path of the npm package built by `make package`
// from builtDir (a fresh build; `make -o build` keeps make from rebuilding it)
// into this test process's scratch directory. The target must leave exactly
// one tarball there.
var packedTarball = sync.OnceValues(func() (string, error) {
	built, err := builtDir()
	if err != nil {
		return "", err
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	out := filepath.Join(work, "package")
	ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", "-s", "-o", "build", "package", "OUT="+built, "PACKAGE_OUT="+out)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("make package: %v\n%s", err, b)
	}
	tarballs, err := filepath.Glob(filepath.Join(out, "*.tgz"))
	if err != nil {
		return "", err
	}
	if len(tarballs) != 1 {
		return "", fmt.Errorf("make package left %d tarballs in %s (%v), want exactly one", len(tarballs), out, tarballs)
	}
	return tarballs[0], nil
})

// npmProject copies testdata/package/<name> into a fresh directory, installs
// its pinned dependencies with npm ci when it has a lock file, then the
// package's tarball with npm install, and returns the directory. extra files
// are copied into it too (paths relative to testdata/package, destinations
// relative to the project). It logs how long each step took.
func npmProject(t *testing.T, name string, extra map[string]string) string {
	t.Helper()
	tarball, err := packedTarball()
	if err != nil {
		t.Fatalf("building the npm package: %v", err)
	}
	src := filepath.Join("testdata", "package", name)
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	for from, to := range extra {
		b, err := os.ReadFile(filepath.Join("testdata", "package", from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := os.Stat(filepath.Join(dir, "package-lock.json")); err == nil {
		runNpm(t, dir, nil, "ci", "--prefer-offline", "--no-audit", "--no-fund")
	} else {
		if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private": true, "type": "module"}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ci := time.Since(start)
	runNpm(t, dir, nil, "install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", tarball)
	t.Logf("%s: npm ci %v, npm install of the tarball %v", name, ci.Round(time.Millisecond), (time.Since(start) - ci).Round(time.Millisecond))
	return dir
}

// runNpm runs npm with args in dir with extra environment variables and
// returns its combined output, failing the test when it fails.
func runNpm(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := runTool(dir, env, npmTimeout, "npm", args...)
	if err != nil {
		t.Fatalf("npm %v in %s: %v\n%s", args, dir, err, tail(out, 40))
	}
	return out
}

// runTool runs the program name (looked up on PATH and started by that
// name, unless name is a path) with args in dir, with extra environment variables, killing it
// after timeout; it returns the combined output and the run's error.
func runTool(dir string, env []string, timeout time.Duration, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s killed after %v: %w", name, timeout, ctx.Err())
	}
	return out.String(), err
}

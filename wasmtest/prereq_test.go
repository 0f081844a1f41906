//go:build !js

package wasmtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// chromiumPath is Debian's Chromium, the browser the tests drive.
const chromiumPath = "/usr/bin/chromium"

// nodeBinary returns the absolute path of node. The client's Go tests run
// under Go's own wasm_exec_node.js, without load.js, so they must start node
// through it: Go's net/http under js/wasm falls back to a fake in-process
// network whenever process.argv0 starts with "node", and argv0 is the path
// as given. (Through load.js, any argv0 works.)
func nodeBinary(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not on PATH (%v): install Node.js 20 (Debian: apt-get install -y nodejs)", err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// chromiumBinary returns the path of Chromium, failing the test when it is
// missing.
func chromiumBinary(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s is missing (%v): run `make deps` (apt-get install -y chromium)", chromiumPath, err)
	}
	return chromiumPath
}

// moduleRoot returns the repository root, the directory of the module
// under test and the parent of wasmtest/ (go test runs in the package
// directory).
func moduleRoot() (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", fmt.Errorf("wasmtest: no go.mod above the package directory: %w", err)
	}
	return root, nil
}

// mustRoot is moduleRoot for a test.
func mustRoot(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// tail returns the last n lines of s, for failure messages.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

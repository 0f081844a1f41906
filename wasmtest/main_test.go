//go:build !js

package wasmtest

import (
	"fmt"
	"os"
	"testing"
)

// work is this test process's scratch directory (builds, the served site),
// made by TestMain and removed when the tests end.
var work string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wasmtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmtest:", err)
		os.Exit(1)
	}
	work = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

//go:build !js

package wasmtest

import (
	"testing"
	"time"
)

// runNode runs Node through its absolute path (see nodeBinary) in dir with
// extra environment variables, killing it after timeout, and returns its
// combined output and the error of the run.
func runNode(t testing.TB, timeout time.Duration, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	return runTool(dir, env, timeout, nodeBinary(t), args...)
}

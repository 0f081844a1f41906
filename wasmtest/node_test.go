//go:build !js

package wasmtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// runNode runs Node through its absolute path (see nodeBinary) in dir with
// extra environment variables, killing it after timeout, and returns its
// combined output and the error of the run.
func runNode(t testing.TB, timeout time.Duration, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, nodeBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("node killed after %v: %w", timeout, ctx.Err())
	}
	return out.String(), err
}

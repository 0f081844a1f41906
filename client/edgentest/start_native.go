//go:build !js

package edgentest

import "testing"

// Start starts an in-process fake Edgen (NewServer with a zero Config) that
// closes when the test ends, and returns a Handle on it. Under GOOS=js it
// connects to the external fake at $EDGEN_FAKE_URL instead.
func Start(t testing.TB) *Handle {
	t.Helper()
	srv := NewServer(Config{})
	t.Cleanup(srv.Close)
	return srv.Handle()
}

// Package peertest gives tests the base URLs of the real servers nobody on
// this project wrote, from ../shared/peers: ollama (an OpenAI-compatible LLM
// server with a tiny random-weight model served as "tiny" and "default") and
// Prism (a mock of the OpenAI spec that validates every request and answers
// 422 application/problem+json to one that does not match).
//
// `make peers` starts both (building ollama once) and `make test` passes
// their addresses in the environment; a test that needs one and runs
// without it fails, it is never skipped.
package peertest

import (
	"os"
	"strings"
	"testing"
)

// Environment variables that `make test` sets.
const (
	OllamaEnv = "EDGEN_TEST_OLLAMA_URL"
	PrismEnv  = "EDGEN_TEST_PRISM_URL"
)

// Ollama returns ollama's OpenAI base URL, e.g. "http://127.0.0.1:11434/v1/".
func Ollama(t testing.TB) string { return baseURL(t, OllamaEnv) }

// Prism returns Prism's base URL, e.g. "http://127.0.0.1:4010/v1/".
func Prism(t testing.TB) string { return baseURL(t, PrismEnv) }

// baseURL reads env, failing the test when it is unset.
func baseURL(t testing.TB, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		t.Fatalf("%s is not set: run the tests with `make test` (its `make peers` step starts the server)", env)
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// Package peertest gives tests the base URLs of the real servers nobody on
// this project wrote, from ../shared/peers: ollama (an OpenAI-compatible LLM
// server with a tiny random-weight model served as "tiny" and "default") and
// Prism (a mock of the OpenAI spec that validates every request and answers
// 422 application/problem+json to one that does not match).
//
// `make peers` starts both (building ollama once), and `make test` passes
// their addresses in the environment with EDGEN_REQUIRE_PEERS=1: there a
// test whose server is not set, or does not answer, fails. Anywhere else (a
// plain `go test ./...` on a fresh clone) such a test is skipped, and its
// skip message names the server and says how to run it.
package peertest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment variables that `make test` sets.
const (
	OllamaEnv = "EDGEN_TEST_OLLAMA_URL"
	PrismEnv  = "EDGEN_TEST_PRISM_URL"
	// RequireEnv set to "1" makes a missing or silent server a test failure
	// instead of a skip.
	RequireEnv = "EDGEN_REQUIRE_PEERS"
)

// probeLimit bounds the check that a server answers, so that a server that
// takes connections but never answers fails the test instead of hanging it.
// It is a hang guard, not a timing check (a var for this package's tests).
var probeLimit = 10 * time.Second

// peer is one of the real servers.
type peer struct {
	name string // as people call it
	env  string // the variable holding its base URL
	url  string // its base URL when `make peers` started it
}

var (
	ollama = peer{"ollama", OllamaEnv, "http://127.0.0.1:11434/v1/"}
	prism  = peer{"Prism", PrismEnv, "http://127.0.0.1:4010/v1/"}
)

// Ollama returns ollama's OpenAI base URL, e.g. "http://127.0.0.1:11434/v1/".
func Ollama(t testing.TB) string {
	t.Helper()
	return ollama.baseURL(t)
}

// Prism returns Prism's base URL, e.g. "http://127.0.0.1:4010/v1/".
func Prism(t testing.TB) string {
	t.Helper()
	return prism.baseURL(t)
}

// baseURL reads p's URL from the environment and checks that the server
// answers there; when it is unset or silent, the test is skipped, or fails
// under RequireEnv.
func (p peer) baseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(p.env)
	why := p.env + " is not set"
	if u != "" {
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		err := answers(u)
		if err == nil {
			return u
		}
		why = fmt.Sprintf("%s=%s does not answer: %v", p.env, u, err)
	}
	msg := fmt.Sprintf("this test needs %s, the real server (%s). To run it: `make peers` (starts ollama and Prism) then `make test`; "+
		"or start %s yourself and run `%s=%s go test ./...`", p.name, why, p.name, p.env, p.url)
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (%s=1: a missing server is a failure)", msg, RequireEnv)
	}
	t.Skipf("SKIPPED: %s", msg)
	return ""
}

// probes holds the result of one probe per base URL: func() error.
var probes sync.Map

// answers reports whether an HTTP server answers at the base URL u, asking
// once per test process: any HTTP response will do.
func answers(u string) error {
	probe, _ := probes.LoadOrStore(u, sync.OnceValue(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), probeLimit)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"models", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}))
	return probe.(func() error)()
}

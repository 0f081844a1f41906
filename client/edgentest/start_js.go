//go:build js

package edgentest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// Start returns a Handle on the external fake Edgen whose base URL is in
// $EDGEN_FAKE_URL (started by the wasmtest harness); it fails the test when
// the variable is unset. Natively it starts an in-process fake instead.
func Start(t testing.TB) *Handle {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Fatalf("edgentest: $%s is not set: under GOOS=js the fake Edgen runs outside the test (cmd/fakeedgen)", EnvURL)
	}
	base = strings.TrimSuffix(base, "/") + "/"
	return &Handle{URL: base, src: httpSource{base}}
}

// httpSource reads records from a fake's control route.
type httpSource struct{ base string }

func (s httpSource) requests(scenario string) ([]Request, error) {
	resp, err := http.Get(s.base + "_fake/requests?scenario=" + url.QueryEscape(scenario))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("edgentest: GET _fake/requests: %s: %s", resp.Status, body)
	}
	var reqs []Request
	if err := json.Unmarshal(body, &reqs); err != nil {
		return nil, fmt.Errorf("edgentest: GET _fake/requests: %w", err)
	}
	return reqs, nil
}

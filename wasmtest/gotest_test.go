//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goTestLimit bounds one run of the client's test binary; the binary's own
// -test.timeout is a little shorter, so a hang prints its goroutines.
const goTestLimit = 150 * time.Second

// goTestFlags are the flags of the client's test binary in both engines.
var goTestFlags = []string{"-test.v", "-test.timeout=" + (goTestLimit - 20*time.Second).String()}

// TestClientGoTests runs the client package's own tests, compiled with
// GOOS=js GOARCH=wasm, in Node (through the real fetch path) and in headless
// Chromium; in both, $EDGEN_FAKE_URL points at the fake Edgen of this
// process (edgentest.Start under js reads it). The result follows the test
// binary's exit code; its output is shown on failure.
func TestClientGoTests(t *testing.T) {
	t.Parallel()
	bin := mustDir(t, "the client's test binary (GOOS=js GOARCH=wasm go test -c ./client/)", clientTestWasm)
	r := newRig(t, mustDir(t, "the harness pages", harnessDir))

	t.Run("node", func(t *testing.T) {
		t.Parallel()
		goTestInNode(t, bin, "client", "EDGEN_FAKE_URL="+r.fake.URL)
	})

	t.Run("chromium", func(t *testing.T) {
		t.Parallel()
		b := newBrowser(t, goTestLimit+30*time.Second)
		flags, err := json.Marshal(goTestFlags)
		if err != nil {
			t.Fatal(err)
		}
		page := r.siteURL + "wasmtest/gotest.html?" + url.Values{"wasm": {"../" + filepath.Base(bin)}, "fake": {r.fake.URL}, "args": {string(flags)}}.Encode()
		lines, runErr := b.run(page, goTestLimit, isEvent("exit", "fatal"))
		tr := parseTranscript(lines)
		out := tr.output()
		exit := tr.find("exit")
		switch {
		case tr.find("fatal") != nil:
			t.Fatalf("the test binary could not run: %s\n%s", tr.find("fatal").Message, out)
		case exit == nil:
			t.Fatalf("the test binary did not finish (%v):\n%s", runErr, out)
		case exit.Code == nil:
			t.Fatalf("the test binary's Go program ended without exiting (a deadlock?):\n%s", out)
		case *exit.Code != 0:
			t.Fatalf("the client's tests failed in Chromium (exit code %d):\n%s", *exit.Code, out)
		}
		t.Log(summary(out))
	})
}

// TestWasmFaceGoTests runs the wasm face's own Go tests (package wasm/, which
// builds only for GOOS=js) in Node.
func TestWasmFaceGoTests(t *testing.T) {
	t.Parallel()
	goTestInNode(t, mustDir(t, "the wasm face's test binary (GOOS=js GOARCH=wasm go test -c ./wasm/)", wasmFaceTestWasm), "wasm")
}

// goTestInNode runs a GOOS=js test binary in Node, through Go's own loader
// wasm_exec_node.js (what go_js_wasm_exec runs) started by its absolute path,
// in the package folder pkg, with env added.
func goTestInNode(t *testing.T, bin, pkg string, env ...string) {
	t.Helper()
	gr := mustDir(t, "GOROOT", goroot)
	args := append([]string{"--stack-size=8192", filepath.Join(gr, "lib", "wasm", "wasm_exec_node.js"), bin}, goTestFlags...)
	out, err := runNode(t, goTestLimit, filepath.Join(mustRoot(t), pkg), env, args...)
	if err != nil {
		t.Fatalf("the %s package's tests failed in Node (%v):\n%s", pkg, err, out)
	}
	t.Log(summary(out))
}

// summary counts the passed, failed and skipped tests in -test.v output.
func summary(out string) string {
	count := func(s string) int { return strings.Count(out, "--- "+s+":") }
	return fmt.Sprintf("%d passed, %d failed, %d skipped", count("PASS"), count("FAIL"), count("SKIP"))
}

//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestWorker runs the client in workers in each browser engine: the page
// of testdata/worker/ drives web/worker/client.js (the client in a
// dedicated worker, chunks forwarded to the page) and the plain loader in a
// module worker, against the fake Edgen of this process.
func TestWorker(t *testing.T) {
	site := workerSite(t)
	static := httptest.NewServer(http.FileServer(http.Dir(site)))
	t.Cleanup(static.Close)
	fake := edgentest.Start(t)
	for _, name := range browserEngines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testWorker(t, startEngine(t, name), static.URL+"/worker-test/index.html", fake)
		})
	}
}

// testWorker runs TestWorker's subtests in one engine.
func testWorker(t *testing.T, b engine, page string, fake *edgentest.Handle) {
	if err := b.open(page); err != nil {
		t.Fatalf("opening %s: %v", page, err)
	}
	if _, err := pollOn[bool](b, embedWait, `typeof globalThis.workerTests === "object"`); err != nil {
		t.Fatalf("the test page did not load: %v", err)
	}
	if _, err := callPage[bool](b, "connect", fake.URL); err != nil {
		t.Fatalf("connectWorker: %v", err)
	}

	t.Run("connect_fails_clearly", func(t *testing.T) {
		got, err := callPage[string](b, "connectFails")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, "no-such.wasm") || !strings.Contains(got, "404") {
			t.Errorf("connectWorker with a missing wasm rejected with %q, want the failed GET of no-such.wasm", got)
		}
	})

	t.Run("stream_whole_and_in_order", func(t *testing.T) {
		// 303 chunks: several times the window of chunks the worker may
		// send ahead, so the page's credit must keep the stream flowing.
		words := make([]string, 300)
		for i := range words {
			words[i] = fmt.Sprintf("w%03d", i+1)
		}
		prompt := strings.Join(words, " ")
		sc := fake.Scenario("")
		parts, err := callPage[[]string](b, "stream", prompt, headersOf(sc))
		if err != nil {
			t.Fatal(err)
		}
		want := canned(prompt)
		if got := strings.Join(parts, ""); got != want {
			t.Errorf("the chunks read %q (%d chunks), want %q", got, len(parts), want)
		}
		if words := len(strings.Fields(want)); len(parts) != words {
			t.Errorf("got %d chunks %q, want the %d words of the answer one by one", len(parts), parts, words)
		}
	})

	t.Run("tool_runner_on_the_page", func(t *testing.T) {
		// The runner runs on the page over the worker's face: the tools are
		// the page's functions, the answers streamed parts read in the worker.
		sc := fake.Scenario("")
		h := headersOf(sc)
		h[edgentest.HeaderDialect] = "ollama"
		got, err := callPage[struct {
			Content string
			Ran     []string
			Refused []string
			Parts   []string
			Rounds  int
		}](b, "tools", h)
		if err != nil {
			t.Fatal(err)
		}
		if want := "The tools said: weather: weather done; time: The user refused this tool call."; got.Content != want {
			t.Errorf("the final answer %q, want %q", got.Content, want)
		}
		if !slices.Equal(got.Ran, []string{"weather"}) || !slices.Equal(got.Refused, []string{"time"}) || got.Rounds != 2 {
			t.Errorf("ran %q, refused %q in %d rounds; want weather run, time refused, 2 rounds", got.Ran, got.Refused, got.Rounds)
		}
		if want := []string{"content", "finish", "reasoning", "stats", "tool_call"}; !slices.Equal(got.Parts, want) {
			t.Errorf("the kinds of parts seen %q, want %q", got.Parts, want)
		}
	})

	t.Run("parts_read_in_the_worker", func(t *testing.T) {
		sc := fake.Scenario("")
		h := headersOf(sc)
		h[edgentest.HeaderDialect] = "openai;reasoning=think-split"
		got, err := callPage[struct{ Reasoning, Content, Last string }](b, "parts", "think in pieces", h)
		if err != nil {
			t.Fatal(err)
		}
		if want := canned("think in pieces"); got.Content != want || !strings.HasPrefix(got.Reasoning, "The user wrote") || got.Last != "stats" {
			t.Errorf("parts through the worker: %+v; want the reasoning, then %q, stats last", got, want)
		}
	})

	t.Run("abort_stops_the_server_stream", func(t *testing.T) {
		sc := fake.Scenario("stall-after=2")
		got, err := callPage[struct {
			Parts []string
			Ended string
			Error pageError
		}](b, "abort", "stop me", headersOf(sc), 2)
		if err != nil {
			t.Fatal(err)
		}
		if got.Error.Name != "APIUserAbortError" || !got.Error.UserAbort || !got.Error.APIError {
			t.Errorf("after the abort the loop ended %s%+v, want an edgen.APIUserAbortError", got.Ended, got.Error)
		}
		if len(got.Parts) != 2 {
			t.Errorf("the loop saw %q, want the 2 chunks before the abort", got.Parts)
		}
		checkStalledClosed(t, b, sc)
	})

	t.Run("break_closes_the_server_stream", func(t *testing.T) {
		sc := fake.Scenario("stall-after=2")
		parts, err := callPage[[]string](b, "break", "leave early", headersOf(sc), 2)
		if err != nil {
			t.Fatalf("break: %v", err)
		}
		if len(parts) != 2 {
			t.Errorf("the loop saw %q, want 2 chunks", parts)
		}
		checkStalledClosed(t, b, sc)
	})

	t.Run("abort_before_the_headers", func(t *testing.T) {
		sc := fake.Scenario("header-delay=20s")
		got, err := callPage[struct {
			Ended string
			Error pageError
		}](b, "abortEarly", "never mind", headersOf(sc))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Error.UserAbort {
			t.Errorf("the request ended %s%+v, want an edgen.APIUserAbortError", got.Ended, got.Error)
		}
		if err := sc.WaitDisconnected(embedWait); err != nil {
			t.Error(err)
		}
	})

	t.Run("final_chat_completion", func(t *testing.T) {
		sc := fake.Scenario("")
		got, err := callPage[struct{ Content, Again string }](b, "final", "sum it up", headersOf(sc))
		if err != nil {
			t.Fatal(err)
		}
		if want := canned("sum it up"); got.Content != want {
			t.Errorf("finalChatCompletion: %q, want %q", got.Content, want)
		}
		if !strings.Contains(got.Again, "already consumed") {
			t.Errorf("iterating the stream after finalChatCompletion: %q, want the already-consumed error", got.Again)
		}
	})

	t.Run("to_readable_stream", func(t *testing.T) {
		sc := fake.Scenario("")
		got, err := callPage[string](b, "readable", "as bytes", headersOf(sc))
		if err != nil {
			t.Fatal(err)
		}
		if want := canned("as bytes"); got != want {
			t.Errorf("toReadableStream: %q, want %q", got, want)
		}
	})

	t.Run("whole_answer_and_errors", func(t *testing.T) {
		type result struct {
			Content string
			Error   pageError
		}
		got, err := callPage[result](b, "whole", "not streamed", headersOf(fake.Scenario("")))
		if err != nil {
			t.Fatal(err)
		}
		if want := canned("not streamed"); got.Content != want {
			t.Errorf("chat: %q (%+v), want %q", got.Content, got.Error, want)
		}
		got, err = callPage[result](b, "whole", "missing", headersOf(fake.Scenario("status=404")))
		if err != nil {
			t.Fatal(err)
		}
		if e := got.Error; e.Name != "NotFoundError" || !e.NotFound || !e.APIError || e.Status != 404 {
			t.Errorf("a 404 through the worker gave %+v, want an edgen.NotFoundError with status 404", e)
		}
		got, err = callPage[result](b, "whole", "missing", headersOf(fake.Scenario("status=404;error-body=edgen")))
		if err != nil {
			t.Fatal(err)
		}
		if e := got.Error; e.Code != "no_such_model" || !strings.HasPrefix(e.Message, "edgen: ") {
			t.Errorf("a 404 with Edgen's error body through the worker gave %+v, want code no_such_model and a message starting \"edgen: \"", e)
		}
	})

	t.Run("other_endpoints", func(t *testing.T) {
		got, err := callPage[struct{ Version, Models, Status string }](b, "others", headersOf(fake.Scenario("")))
		if err != nil {
			t.Fatal(err)
		}
		if got.Version == "" || got.Models != "list" || got.Status != "string" {
			t.Errorf("misc.version, models.list, chat.status gave %+v, want a version, a list and a status", got)
		}
	})

	t.Run("every_operation", func(t *testing.T) {
		testEveryOperation(t, b, fake)
	})

	t.Run("configure", func(t *testing.T) {
		got, err := callPage[struct{ Refused, Answered string }](b, "reconfigure", fake.URL, "again", headersOf(fake.Scenario("")))
		if err != nil {
			t.Fatal(err)
		}
		if got.Refused != "APIConnectionError" || got.Answered != canned("again") {
			t.Errorf("after configure to a closed port: %s, and back: %q; want APIConnectionError, then %q", got.Refused, got.Answered, canned("again"))
		}
	})

	t.Run("loader_in_a_module_worker", func(t *testing.T) {
		sc := fake.Scenario("")
		got, err := callPage[struct{ Whole, Streamed, Error string }](b, "plainWorker", fake.URL, "from a worker", headersOf(sc))
		if err != nil {
			t.Fatal(err)
		}
		want := canned("from a worker")
		if got.Error != "" || got.Whole != want || got.Streamed != want {
			t.Errorf("the module worker got whole %q, streamed %q, error %q; want %q twice", got.Whole, got.Streamed, got.Error, want)
		}
	})
	if p := b.problems(); p != "" {
		t.Errorf("the page reported problems:\n%s", p)
	}
}

// pageError is how testdata/worker/tests.js describes an error.
type pageError struct {
	Name      string `json:"name"`
	Message   string `json:"message"`
	Status    int    `json:"status"`
	APIError  bool   `json:"apiError"`  // instanceof edgen.APIError
	UserAbort bool   `json:"userAbort"` // instanceof edgen.APIUserAbortError
	NotFound  bool   `json:"notFound"`  // instanceof edgen.NotFoundError
	Code      string `json:"code"`
}

// testEveryOperation calls every operation of the table through the worker
// (withResponse() included), with the sample call testdata/worker/tests.js
// has for it, and checks what reached the fake and what came back; each
// alias must be the same function as its operation.
func testEveryOperation(t *testing.T, b engine, fake *edgentest.Handle) {
	ops := operationTable(t)
	var paths []string
	var aliases [][2]string
	for _, op := range ops {
		paths = append(paths, op.Path)
		for _, a := range op.Aliases {
			aliases = append(aliases, [2]string{op.Path, a})
		}
	}
	sc := fake.Scenario("")
	got, err := callPage[struct {
		Results map[string]struct {
			Route       string
			Helper      bool // runTools, parse, splitReasoning: no withResponse()
			Status      int
			ContentType string
			Keys        []string
			Error       string
		}
		Same map[string]bool
	}](b, "everyOperation", paths, aliases, headersOf(sc))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range paths {
		r := got.Results[p]
		if r.Route != "" {
			want = append(want, r.Route)
		}
		switch {
		case r.Helper && (r.Error != "" || len(r.Keys) == 0):
			t.Errorf("%s through the worker: %+v, want data", p, r)
		case !r.Helper && (r.Error != "" || r.Status != 200 || !strings.HasPrefix(r.ContentType, "application/json") || len(r.Keys) == 0):
			t.Errorf("%s through the worker: %+v, want status 200, a JSON content-type and data", p, r)
		}
	}
	for _, a := range aliases {
		if !got.Same[a[1]] {
			t.Errorf("%s is not the same function as %s through the worker", a[1], a[0])
		}
	}
	reqs, err := sc.Requests()
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, q := range reqs {
		routes = append(routes, q.Method+" "+q.Path)
	}
	if strings.Join(routes, "\n") != strings.Join(want, "\n") {
		t.Errorf("the fake received\n%s\nwant\n%s", strings.Join(routes, "\n"), strings.Join(want, "\n"))
	}
}

// workerSite returns the harness's web root with the worker helper in
// worker/ and this test's page in worker-test/.
func workerSite(t *testing.T) string {
	t.Helper()
	site := mustDir(t, "edgen.wasm and the loader", siteDir)
	root := mustRoot(t)
	for src, dst := range map[string]string{
		filepath.Join(root, "web", "edgen", "worker"):         "worker",
		filepath.Join(root, "wasmtest", "testdata", "worker"): "worker-test",
	} {
		files, err := filepath.Glob(filepath.Join(src, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no files in %s (%v)", src, err)
		}
		dir := filepath.Join(site, dst)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := copyFiles(files, dir); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

// headersOf is the scenario's request headers as a JS object.
func headersOf(sc *edgentest.Scenario) map[string]string {
	h := map[string]string{}
	for k := range sc.Header() {
		h[k] = sc.Header().Get(k)
	}
	return h
}

// callPage awaits workerTests[fn](args...) in the tab, within embedWait.
func callPage[T any](b engine, fn string, args ...any) (T, error) {
	js, err := json.Marshal(append([]any{}, args...)) // [] for no arguments, not null
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := evalOn[T](b, fmt.Sprintf("workerTests[%q](...%s)", fn, js))
	if err != nil {
		shown := string(js)
		if len(shown) > 100 {
			shown = shown[:100] + "..."
		}
		return v, fmt.Errorf("workerTests.%s(%s): %w", fn, shown[1:len(shown)-1], err)
	}
	return v, nil
}

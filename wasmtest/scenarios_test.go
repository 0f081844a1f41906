//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// scenariosLimit bounds one engine's run of every JS scenario.
const scenariosLimit = 150 * time.Second

// cookieName is the cookie set on the fake's origin in Chromium before the
// scenarios run: the wasm client must never send it.
const cookieName = "wasmtest_cookie"

// TestScenarios runs the JS scenarios of js/scenarios.mjs against the real
// edgen.wasm in Node and in each browser engine (Chromium, Firefox,
// WebKit), cross-origin: one subtest per scenario per engine
// (TestScenarios/firefox/whole_answer). WASMTEST_SCENARIOS, a regular
// expression, limits the scenarios.
func TestScenarios(t *testing.T) {
	t.Parallel()
	site := mustDir(t, "the site (edgen.wasm, the loader of web/edgen/)", siteDir)
	r := newRig(t, site)
	only := os.Getenv("WASMTEST_SCENARIOS")

	t.Run("node", func(t *testing.T) {
		t.Parallel()
		limit := fmt.Sprintf("WASMTEST_LIMIT_MS=%d", (scenariosLimit + 10*time.Second).Milliseconds()) // outlives this test if it dies
		out, err := runNode(t, scenariosLimit, site, []string{limit}, filepath.Join(site, "wasmtest", "node.mjs"), r.fake.URL, r.siteURL)
		tr := reportScenarios(t, strings.Split(out, "\n"), err)
		t.Run("fetch_transport", func(t *testing.T) {
			// Go's own transport (the fake in-process network Node would get
			// with an argv0 of "node") never sends Sec-Fetch-Mode; fetch does.
			reqs := engineRequests(r.fake, "node")
			if len(reqs) == 0 {
				t.Fatalf("the fake received no request of the Node run (%d scenarios listed)", len(tr.find("list").Names))
			}
			for _, q := range reqs {
				if q.Header.Get("Sec-Fetch-Mode") == "" {
					t.Errorf("%s %s (scenario %s) came without Sec-Fetch-Mode: not through fetch; headers %v", q.Method, q.Path, q.Scenario, q.Header)
				}
			}
		})
	})

	for _, name := range browserEngines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := startEngine(t, name)
			if err := e.setCookie(r.fake.URL, cookieName, "must-not-be-sent"); err != nil {
				t.Fatalf("setting a cookie on the fake's origin: %v", err)
			}
			limits, err := json.Marshal(engineLimits[name])
			if err != nil {
				t.Fatal(err)
			}
			page := r.siteURL + "wasmtest/scenarios.html?" + url.Values{
				"engine": {name}, "fake": {r.fake.URL}, "only": {only}, "cookie": {cookieName}, "limits": {string(limits)},
			}.Encode()
			lines, err := runScenarios(e, page)
			tr := reportScenarios(t, lines, err)
			if list := tr.find("list"); list == nil || !slices.Contains(list.Names, "no_credentials") {
				return
			}
			t.Run("cookie_only_where_asked", func(t *testing.T) {
				// The probe of no_credentials asked for credentials and must carry
				// the cookie, or the scenario's check that the client sent none
				// proves nothing.
				probes := 0
				for _, q := range r.fake.Fake.Requests("") {
					if q.Query == "probe="+name {
						probes++
						if !strings.Contains(q.Header.Get("Cookie"), cookieName) {
							t.Errorf("the credentialed probe reached the fake without the cookie (Cookie: %q): the cookie check proves nothing", q.Header.Get("Cookie"))
						}
					}
				}
				if probes == 0 {
					t.Error("the credentialed probe of no_credentials never reached the fake")
				}
				for _, q := range engineRequests(r.fake, name) {
					if c := q.Header.Get("Cookie"); c != "" {
						t.Errorf("%s %s (scenario %s) carried Cookie %q", q.Method, q.Path, q.Scenario, c)
					}
				}
			})
		})
	}
}

// runScenarios opens the scenarios' page in e and returns its events as
// the harness's console lines, read from globalThis.wasmtestEvents until
// the run is done or failed, or scenariosLimit passed; then the problems
// the page reported, one line each.
func runScenarios(e engine, page string) ([]string, error) {
	if err := e.open(page); err != nil {
		return nil, err
	}
	var lines []string
	finished := isEvent("done", "fatal")
	for deadline := time.Now().Add(scenariosLimit); ; time.Sleep(250 * time.Millisecond) {
		var events []json.RawMessage
		if err := e.eval(`globalThis.wasmtestEvents?.splice(0) ?? []`, &events); err != nil {
			return lines, err
		}
		for _, ev := range events {
			lines = append(lines, reportPrefix+string(ev))
			if finished(lines[len(lines)-1]) {
				return append(lines, strings.Split(e.problems(), "\n")...), nil
			}
		}
		if time.Now().After(deadline) {
			return append(lines, strings.Split(e.problems(), "\n")...), fmt.Errorf("the scenarios did not finish within %v", scenariosLimit)
		}
	}
}

// engineRequests returns what the fake received in the scenarios of one
// engine (their ids start with the engine's name).
func engineRequests(fake *edgentest.Server, engine string) []edgentest.Request {
	var out []edgentest.Request
	for _, q := range fake.Fake.Requests("") {
		if strings.HasPrefix(q.Scenario, engine+"-") {
			out = append(out, q)
		}
	}
	return out
}

// reportScenarios turns an engine's transcript into one subtest per listed
// scenario, failing those that failed or never finished; on any failure it
// logs what the engine printed besides the events.
func reportScenarios(t *testing.T, lines []string, runErr error) transcript {
	t.Helper()
	tr := parseTranscript(lines)
	list := tr.find("list")
	if list == nil {
		t.Fatalf("the engine listed no scenarios (run: %v):\n%s", runErr, tail(tr.output(), 100))
	}
	results := map[string]event{}
	last := ""
	for _, ev := range tr.events {
		switch ev.Event {
		case "start":
			last = ev.Name
		case "result":
			results[ev.Name] = ev
		}
	}
	for _, name := range list.Names {
		t.Run(name, func(t *testing.T) {
			ev, ok := results[name]
			switch {
			case !ok && name == last:
				t.Errorf("started but never finished (run: %v)", runErr)
			case !ok:
				t.Errorf("never ran: the run ended first (run: %v)", runErr)
			case !ev.OK:
				t.Error(ev.Message)
			default:
				t.Logf("passed in %.0f ms", ev.MS)
			}
		})
	}
	if f := tr.find("fatal"); f != nil {
		t.Errorf("the harness failed: %s", f.Message)
	} else if tr.find("done") == nil {
		t.Errorf("the run did not finish (run: %v); last scenario started: %q", runErr, last)
	}
	if t.Failed() {
		t.Logf("engine output besides the events:\n%s", tail(tr.output(), 150))
	}
	return tr
}

// isEvent returns a predicate for Browser.run that stops at one of the kinds
// of events.
func isEvent(kinds ...string) func(line string) bool {
	return func(line string) bool {
		ev := parseTranscript([]string{line}).events
		return len(ev) == 1 && slices.Contains(kinds, ev[0].Event)
	}
}

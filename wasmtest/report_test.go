//go:build !js

package wasmtest

import (
	"encoding/json"
	"strings"
)

// reportPrefix starts every line that the harness pages print for the Go
// test (js/harness.mjs, js/gotest.html); the rest of the line is an event.
const reportPrefix = "wasmtest "

// event is one report of a harness page.
type event struct {
	Event   string   `json:"event"`   // list, start, result, done, fatal, exit
	Names   []string `json:"names"`   // list: the scenarios that will run, in order
	Name    string   `json:"name"`    // start, result: the scenario
	OK      bool     `json:"ok"`      // result: whether the scenario passed
	Message string   `json:"message"` // result, fatal: what went wrong
	MS      float64  `json:"ms"`      // result: how long the scenario took
	Code    *int     `json:"code"`    // exit: the Go program's exit code (null: it never exited)
}

// transcript is what an engine printed, split into the harness's events and
// the other lines (the output of the Go program, console messages).
type transcript struct {
	events []event
	other  []string
}

// parseTranscript sorts lines into events and other output; a line with the
// prefix that does not decode stays in other.
func parseTranscript(lines []string) transcript {
	var tr transcript
	for _, line := range lines {
		if rest, ok := strings.CutPrefix(line, reportPrefix); ok {
			var ev event
			if json.Unmarshal([]byte(rest), &ev) == nil && ev.Event != "" {
				tr.events = append(tr.events, ev)
				continue
			}
		}
		tr.other = append(tr.other, line)
	}
	return tr
}

// find returns the first event of the kind, or nil.
func (tr transcript) find(kind string) *event {
	for i := range tr.events {
		if tr.events[i].Event == kind {
			return &tr.events[i]
		}
	}
	return nil
}

// output is the non-event lines as one text.
func (tr transcript) output() string {
	return strings.Join(tr.other, "\n")
}

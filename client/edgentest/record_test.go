//go:build !js

package edgentest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRecording(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	before := time.Now()
	body := chatBody("recorded", false)
	call(t, "POST", srv.URL+"chat/completions?x=1", body, jsonCT, HeaderScenario+": rec-1", HeaderFaults+": answer=ok", "X-Extra: yes")
	call(t, "GET", srv.URL+"models/a%2Fb", "", HeaderScenario+": rec-2")
	call(t, "OPTIONS", srv.URL+"models", "", HeaderScenario+": rec-1") // preflights are not recorded

	reqs := srv.Fake.Requests("rec-1")
	if len(reqs) != 1 {
		t.Fatalf("%d records for rec-1, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Scenario != "rec-1" || r.Method != "POST" || r.Path != "/chat/completions" || r.Query != "x=1" ||
		string(r.Body) != body || r.BodyTruncated || r.Disconnected || r.Header.Get("X-Extra") != "yes" ||
		r.Header.Get(HeaderFaults) != "answer=ok" || r.Time.Before(before) || r.Time.After(time.Now()) {
		t.Errorf("record %+v", r)
	}
	// Over HTTP: the same records as JSON.
	resp, raw := call(t, "GET", srv.URL+"_fake/requests?scenario=rec-2", "")
	wantStatus(t, resp, raw, 200)
	var overHTTP []Request
	if err := json.Unmarshal(raw, &overHTTP); err != nil || len(overHTTP) != 1 || overHTTP[0].Path != "/models/a%2Fb" {
		t.Errorf("_fake/requests: %s (%v)", raw, err)
	}
	if all := srv.Fake.Requests(""); len(all) != 2 {
		t.Errorf("%d records in all, want 2", len(all))
	}
	// Copies: changing one does not change the record.
	reqs[0].Body[0] = 'X'
	reqs[0].Header.Set("X-Extra", "no")
	if again := srv.Fake.Requests("rec-1")[0]; again.Body[0] == 'X' || again.Header.Get("X-Extra") != "yes" {
		t.Error("Requests returns the records themselves, not copies")
	}

	if resp, _ := call(t, "GET", srv.URL+"_fake/reset", ""); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET _fake/reset: %d, want 405", resp.StatusCode)
	}
	if resp, _ := call(t, "POST", srv.URL+"_fake/reset", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("POST _fake/reset: %d, want 204", resp.StatusCode)
	}
	if _, raw := call(t, "GET", srv.URL+"_fake/requests", ""); string(raw) != "[]" {
		t.Errorf("after reset: %s, want []", raw)
	}
}

func TestRecordingIsBounded(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	big := `{"model":"m","messages":[{"role":"user","content":"` + strings.Repeat("a", MaxRecordedBody) + `"}]}`
	resp, _ := call(t, "POST", srv.URL+"chat/completions", big, jsonCT, HeaderScenario+": big")
	wantStatus(t, resp, nil, 200)
	r := srv.Fake.Requests("big")[0]
	if len(r.Body) != MaxRecordedBody || !r.BodyTruncated || !bytes.HasPrefix([]byte(big), r.Body) {
		t.Errorf("recorded %d bytes (truncated %v), want the first %d", len(r.Body), r.BodyTruncated, MaxRecordedBody)
	}

	s := newStore()
	for i := range MaxRecords + 10 {
		s.add(&Request{Path: string(rune('a' + i%26))})
	}
	if n := len(s.requests("")); n != MaxRecords {
		t.Errorf("%d records kept, want %d", n, MaxRecords)
	}
	for range 70 {
		s.add(&Request{Body: make([]byte, MaxRecordedBody)})
	}
	if s.bodyBytes > maxRecordedBytes {
		t.Errorf("%d body bytes kept, want at most %d", s.bodyBytes, maxRecordedBytes)
	}
	for i := range maxScenarios + 5 {
		s.nextAttempt(strings.Repeat("s", 1+i%7)+string(rune(i)), "GET /models")
	}
	if len(s.scenarios) > maxScenarios || len(s.order) != len(s.scenarios) {
		t.Errorf("%d scenario states (%d in order), want at most %d", len(s.scenarios), len(s.order), maxScenarios)
	}
}

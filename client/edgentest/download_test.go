//go:build !js

package edgentest

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDownloadProgressRises(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{ProgressInterval: 20 * time.Millisecond})
	h := srv.Handle()
	sc := h.Scenario("download=500ms")
	type status struct {
		Ongoing  bool `json:"download_ongoing"`
		Progress int  `json:"download_progress"`
	}
	poll := func(headers ...string) status {
		_, body := call(t, "GET", srv.URL+"chat/completions/status", "", headers...)
		var s status
		if err := json.Unmarshal(body, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	answered := make(chan string, 1)
	go func() {
		_, body := call(t, "POST", srv.URL+"chat/completions", chatBody("after download", false), jsonCT,
			HeaderScenario+": "+sc.ID, HeaderFaults+": "+sc.Faults)
		answered <- string(body)
	}()
	var seen []int
	var others, global []status
	for waiting := true; waiting; {
		select {
		case body := <-answered:
			if !json.Valid([]byte(body)) {
				t.Fatalf("chat answer after the download: %q", body)
			}
			waiting = false
		case <-time.After(5 * time.Millisecond):
			if s := poll(HeaderScenario + ": " + sc.ID); s.Ongoing {
				if len(seen) > 0 && s.Progress < seen[len(seen)-1] || s.Progress < 0 || s.Progress > 100 {
					t.Fatalf("progress went %v then %d", seen, s.Progress)
				}
				if len(seen) == 0 || s.Progress != seen[len(seen)-1] {
					seen = append(seen, s.Progress)
				}
				other, all := poll(HeaderScenario+": someone-else"), poll()
				// Kept only if the download still runs after both polls:
				// on a slow machine it may end between them.
				if poll(HeaderScenario + ": " + sc.ID).Ongoing {
					others, global = append(others, other), append(global, all)
				}
			}
		}
	}
	if len(seen) < 3 {
		t.Errorf("progress values while downloading %v, want several distinct ones", seen)
	}
	if len(global) == 0 {
		t.Error("no poll from another scenario fell inside the download")
	}
	for i := range others {
		if others[i].Ongoing || !global[i].Ongoing {
			t.Fatalf("during the download: another scenario saw %+v, no scenario saw %+v", others[i], global[i])
		}
	}
	if s := poll(HeaderScenario + ": " + sc.ID); s.Ongoing || s.Progress != 100 {
		t.Errorf("after the download: %+v, want done at 100", s)
	}
	if s := poll(HeaderScenario + ": someone-else"); s.Ongoing || s.Progress != 0 {
		t.Errorf("another scenario after the download: %+v, want nothing downloaded", s)
	}
}

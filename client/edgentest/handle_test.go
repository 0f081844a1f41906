package edgentest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestStartAndScenarios also runs under GOOS=js, against $EDGEN_FAKE_URL.
func TestStartAndScenarios(t *testing.T) {
	t.Parallel()
	h := Start(t)
	if !strings.HasPrefix(h.URL, "http://") || !strings.HasSuffix(h.URL, "/") {
		t.Fatalf("URL %q, want a base URL with a trailing slash", h.URL)
	}
	a, b := h.Scenario("status=503,200"), h.Scenario("")
	if a.ID == b.ID || len(a.ID) < 16 {
		t.Fatalf("scenario ids %q and %q: want distinct random ids", a.ID, b.ID)
	}
	if got := a.Header(); got.Get(HeaderScenario) != a.ID || got.Get(HeaderFaults) != "status=503,200" {
		t.Errorf("Header() = %v", got)
	}
	if _, ok := b.Header()[HeaderFaults]; ok {
		t.Error("Header() of a scenario without faults carries the faults header")
	}
	var statuses []int
	for range 3 {
		req, _ := http.NewRequest("GET", h.URL+"misc/version", nil)
		req.Header = a.Header()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	if statuses[0] != 503 || statuses[1] != 200 || statuses[2] != 200 {
		t.Errorf("statuses %v, want 503 200 200", statuses)
	}
	ra, err := a.Requests()
	if err != nil || len(ra) != 3 {
		t.Errorf("scenario a: %d requests (%v), want 3", len(ra), err)
	}
	if rb, err := b.Requests(); err != nil || len(rb) != 0 {
		t.Errorf("scenario b: %d requests (%v), want 0", len(rb), err)
	}
}

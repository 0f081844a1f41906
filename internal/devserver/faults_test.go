package devserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// chatBody is a streamed chat request to the fake.
const chatBody = `{"model":"default","stream":true,"messages":[{"role":"user","content":"one two three four five six"}]}`

// proxiedFake serves a proxy to a fresh fake upstream and returns the
// proxy's chat URL and the fake.
func proxiedFake(t *testing.T) (chatURL string, fake *edgentest.Fake) {
	t.Helper()
	up := edgentest.NewServer(edgentest.Config{})
	t.Cleanup(up.Close)
	srv, _ := start(t, Options{EdgenURL: up.URL})
	return srv.URL + "v1/chat/completions", up.Fake
}

func TestUpstreamDropIsAnErrorNotAShortAnswer(t *testing.T) {
	url, _ := proxiedFake(t)
	for _, faults := range []string{"drop-after=3", "drop-after=0"} {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(chatBody))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(edgentest.HeaderFaults, faults)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue // cut before the headers: an error too
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("%s: a clean answer %d %q, want an error (the answer cut)", faults, resp.StatusCode, got)
		}
	}
}

func TestClientGoneEndsTheUpstreamRequest(t *testing.T) {
	url, fake := proxiedFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(chatBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(edgentest.HeaderFaults, "stall-after=1")
	req.Header.Set(edgentest.HeaderScenario, "gone")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	cancel()
	for deadline := time.Now().Add(wait); ; time.Sleep(20 * time.Millisecond) {
		if r := fake.Requests("gone"); len(r) == 1 && r[0].Disconnected {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fake never saw the request go away: %+v", fake.Requests("gone"))
		}
	}
}

func TestStallIsCutByTheClientNotTheProxy(t *testing.T) {
	t.Parallel()
	url, _ := proxiedFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(chatBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(edgentest.HeaderFaults, "stall-after=2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("read %q and %v, want the client's own deadline", got, err)
	}
	if n := strings.Count(string(got), "data: "); n != 2 {
		t.Errorf("%d events before the stall, want 2: %q", n, got)
	}
}

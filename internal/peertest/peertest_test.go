package peertest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingTB is a testing.TB whose Skipf and Fatalf record the message
// and end the goroutine, as the real ones do.
type recordingTB struct {
	testing.TB
	skipped, failed string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestBaseURL: a server that is set and answers gives its URL; one that is
// unset, refuses connections or never answers skips the test, saying how to
// run it, or fails it under EDGEN_REQUIRE_PEERS=1.
func TestBaseURL(t *testing.T) {
	up := httptest.NewServer(http.NotFoundHandler()) // any answer will do
	t.Cleanup(up.Close)
	refused := closedPort(t)
	silent := silentServer(t)
	old := probeLimit
	probeLimit = time.Second // for the silent server: a hang guard
	t.Cleanup(func() { probeLimit = old })
	for _, tc := range []struct {
		name, url, require string
		want               string // the URL returned, else "" and a message containing wantMsg
		wantMsg            string
	}{
		{"answers", up.URL + "/v1", "", up.URL + "/v1/", ""},
		{"answers, required", up.URL + "/v2/", "1", up.URL + "/v2/", ""},
		{"unset", "", "", "", "EDGEN_TEST_OLLAMA_URL is not set"},
		{"unset, required", "", "1", "", "EDGEN_TEST_OLLAMA_URL is not set"},
		{"refused", refused, "", "", "does not answer"},
		{"refused, required", refused, "1", "", "does not answer"},
		{"silent", silent, "", "", "does not answer"},
		{"silent, required", silent, "1", "", "does not answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(OllamaEnv, tc.url)
			t.Setenv(RequireEnv, tc.require)
			r := &recordingTB{TB: t}
			got := make(chan string, 1)
			done := make(chan struct{})
			go func() {
				defer close(done)
				got <- ollama.baseURL(r)
			}()
			<-done
			switch {
			case tc.want != "":
				if len(got) == 0 || r.skipped != "" || r.failed != "" {
					t.Fatalf("no URL: skipped %q, failed %q", r.skipped, r.failed)
				}
				if u := <-got; u != tc.want {
					t.Errorf("URL %q, want %q", u, tc.want)
				}
			case tc.require == "1" && r.failed == "":
				t.Errorf("did not fail (skipped %q)", r.skipped)
			case tc.require == "" && r.skipped == "":
				t.Errorf("was not skipped (failed %q)", r.failed)
			default:
				msg := r.skipped + r.failed
				for _, want := range []string{tc.wantMsg, "ollama", "`make peers`", "`make test`", OllamaEnv + "=http://127.0.0.1:11434/v1/"} {
					if !strings.Contains(msg, want) {
						t.Errorf("message %q does not say %q", msg, want)
					}
				}
			}
		})
	}
}

// closedPort returns the base URL of a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String() + "/v1/"
	l.Close()
	return u
}

// silentServer returns the base URL of a listener that takes connections
// and never answers, until the test ends.
func silentServer(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	return "http://" + l.Addr().String() + "/v1/"
}

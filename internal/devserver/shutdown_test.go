package devserver

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// heldStream is an Edgen whose chat answers one event, then waits for
// release (or the request to go away), then answers a last event.
func heldStream(t *testing.T, release <-chan struct{}) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/misc/version" {
			io.WriteString(w, `{"major":0,"minor":1,"patch":5,"build":""}`)
			return
		}
		io.WriteString(w, "data: one\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
			io.WriteString(w, "data: two\n\n")
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// openHeld starts a chat through srv and reads its first event.
func openHeld(t *testing.T, srv *Server) *bufio.Reader {
	t.Helper()
	resp := post(t, http.DefaultClient, srv.URL+"v1/chat/completions", "application/json", strings.NewReader(chatBody))
	br := bufio.NewReader(resp.Body)
	if ev, err := br.ReadString('\n'); ev != "data: one\n" {
		t.Fatalf("first event %q, %v", ev, err)
	}
	return br
}

func TestShutdownLetsAnswersInFlightFinish(t *testing.T) {
	release := make(chan struct{})
	srv, stop := start(t, Options{EdgenURL: heldStream(t, release).URL + "/v1", ShutdownGrace: wait})
	br := openHeld(t, srv)
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	// New connections are refused once the shutdown began.
	for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
		if _, err := http.Get(srv.URL + "serve-info"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server still takes new connections")
		}
	}
	close(release)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "\ndata: two\n\n" {
		t.Errorf("the answer in flight ended with %q, %v; want it whole", rest, err)
	}
	<-stopped
}

func TestShutdownEndsAnswersLeftAfterTheGrace(t *testing.T) {
	srv, stop := start(t, Options{EdgenURL: heldStream(t, nil).URL + "/v1", ShutdownGrace: 100 * time.Millisecond})
	br := openHeld(t, srv)
	stop()
	if rest, err := io.ReadAll(br); err == nil {
		t.Errorf("the answer left ended cleanly with %q; want an error", rest)
	}
}

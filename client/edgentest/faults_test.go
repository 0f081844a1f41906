//go:build !js

package edgentest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFaultParsing(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	bad := map[string]string{
		"stauts=500":             `"stauts": unknown key`,
		"status=500,abc":         `"status"`,
		"status=700":             `"status"`,
		"retry-after=soon":       `"retry-after"`,
		"should-retry=maybe":     `"should-retry"`,
		"error-body=xml":         `"error-body"`,
		"gap=10":                 `"gap"`,
		"header-delay=-1s":       `"header-delay"`,
		"drop-after=x":           `"drop-after"`,
		"done=yes":               `"done"`,
		"chunks=0":               `"chunks"`,
		"chunk-bytes=5":          `"chunk-bytes" needs "chunks"`,
		"gap=1ms;gap=2ms":        `"gap" is given twice`,
		"download":               `"download": needs a value`,
		"status=500;stall-after": `"stall-after": needs a value`,
	}
	for faults, want := range bad {
		resp, body := call(t, "GET", srv.URL+"misc/version", "", HeaderFaults+": "+faults)
		if resp.StatusCode != 400 || !strings.Contains(string(body), want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("faults %q: %d %q, want 400 text/plain naming %s", faults, resp.StatusCode, body, want)
		}
	}
	good := []string{"", " ; ", "status=200", "retry-after=1.5", "retry-after=Wed, 21 Oct 2015 07:28:00 GMT",
		"should-retry=false;error-body=openai", "gap=0s; header-delay=1ms ;done", "answer=a=b c", "chunks=2"}
	for _, faults := range good {
		if resp, body := call(t, "GET", srv.URL+"misc/version", "", HeaderFaults+": "+faults); resp.StatusCode != 200 {
			t.Errorf("faults %q: %d %q, want 200", faults, resp.StatusCode, body)
		}
	}
}

func TestStatusSequencePerScenario(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	h := srv.Handle()
	a := h.Scenario("status=500,503,200;retry-after=2;should-retry=true")
	b := h.Scenario("status=500,503,200")
	get := func(sc *Scenario, path string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header = sc.Header()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	var got []string
	for _, sc := range []*Scenario{a, a, b, a, a, b} {
		got = append(got, fmt.Sprint(get(sc, "misc/version").StatusCode))
	}
	// A status route polled in the same scenario has its own sequence.
	got = append(got, fmt.Sprint(get(a, "chat/completions/status").StatusCode))
	if want := "500 503 500 200 200 503 500"; strings.Join(got, " ") != want {
		t.Errorf("statuses %s, want %s", strings.Join(got, " "), want)
	}
	resp := get(a, "misc/version") // 200: no retry headers on success
	if resp.Header.Get("Retry-After") != "" {
		t.Errorf("Retry-After %q on a 200", resp.Header.Get("Retry-After"))
	}
	c := h.Scenario("status=429;retry-after=2;should-retry=false")
	if resp := get(c, "models"); resp.Header.Get("Retry-After") != "2" || resp.Header.Get("X-Should-Retry") != "false" {
		t.Errorf("headers %v, want Retry-After 2 and X-Should-Retry false", resp.Header)
	}
	reqs, err := a.Requests()
	if err != nil || len(reqs) != 6 {
		t.Fatalf("scenario a recorded %d requests (%v), want 6", len(reqs), err)
	}
}

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct {
		path, faults, ct, body string
	}{
		{"chat/completions", "status=500", "application/json", `{"error":"no_such_model","model_name":"edgentest fault: status 500"}`},
		{"chat/completions", "status=503;error-body=edgen", "application/json", `{"error":"no_such_model","model_name":"edgentest fault: status 503"}`},
		{"chat/completions", "status=429;error-body=openai", "application/json",
			`{"error":{"message":"edgentest fault: status 429","type":"server_error","param":null,"code":"edgentest_fault"}}`},
		{"chat/completions", "status=400;error-body=text", "text/plain; charset=utf-8", "edgentest fault: status 400"},
		{"chat/completions", "status=500;error-body=empty", "", ""},
		{"models", "status=500", "", ""},
		{"misc/version", "status=500", "", ""},
		{"misc/version", "status=500;error-body=edgen", "application/json", `{"error":"no_such_model","model_name":"edgentest fault: status 500"}`},
	}
	for _, tt := range tests {
		method := "GET"
		if tt.path == "chat/completions" {
			method = "POST"
		}
		resp, body := call(t, method, srv.URL+tt.path, chatBody("x", false), jsonCT, HeaderFaults+": "+tt.faults)
		if resp.Header.Get("Content-Type") != tt.ct || string(body) != tt.body {
			t.Errorf("%s %s: %d %q %q, want %q %q", tt.path, tt.faults, resp.StatusCode, resp.Header.Get("Content-Type"), body, tt.ct, tt.body)
		}
	}
}

// rawStream sends a streamed chat request over a bare connection and returns
// everything the server sent until it closed the connection.
func rawStream(t *testing.T, srv *Server, faults string) string {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := chatBody("a b", true)
	fmt.Fprintf(conn, "POST %schat/completions HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%s: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		u.Path, u.Host, HeaderFaults, faults, len(body), body)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDropAfterEndsWithoutTerminator(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	full := rawStream(t, srv, "answer=one two three")
	if !strings.HasSuffix(full, "\r\n0\r\n\r\n") {
		t.Fatalf("a complete stream lacks the chunked terminator: %q", full)
	}
	dropped := rawStream(t, srv, "answer=one two three;drop-after=2")
	if strings.HasSuffix(dropped, "0\r\n\r\n") || strings.Count(dropped, "data: ") != 2 || !strings.Contains(dropped, "200 OK") {
		t.Fatalf("drop-after=2: want a 200 with 2 events and no terminator, got %q", dropped)
	}
	// Through net/http: the body read fails, it does not end cleanly.
	_, err := readStream(t, srv.URL, chatBody("x", true), "drop-after=0")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("drop-after=0: read error %v, want unexpected EOF", err)
	}
	// A whole answer drops after n bytes.
	_, err = readStream(t, srv.URL, chatBody("x", false), "drop-after=10")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("drop-after=10 on a whole answer: read error %v, want unexpected EOF", err)
	}
}

// readStream posts a chat request and reads its whole body.
func readStream(t *testing.T, base, body, faults string) (string, error) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"chat/completions", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderFaults, faults)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestMalformedAndErrorEvents(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct{ faults, last string }{
		{"malformed-after=1", `data: {"id":"`},
		{"error-after=2", `data: {"error":"no_such_model","model_name":"edgentest fault: error event"}`},
		{"error-after=0;error-body=openai", `data: {"error":{"message":"edgentest fault: error event","type":"server_error","param":null,"code":"edgentest_fault"}}`},
	}
	for _, tt := range tests {
		body, err := readStream(t, srv.URL, chatBody("a b c", true), tt.faults)
		if err != nil {
			t.Fatalf("%s: %v", tt.faults, err)
		}
		events := strings.Split(strings.TrimSuffix(body, "\n\n"), "\n\n")
		last := events[len(events)-1]
		if !strings.HasPrefix(last, tt.last) || !strings.HasSuffix(body, "\n\n") {
			t.Errorf("%s: last event %q, want it to start with %q", tt.faults, last, tt.last)
		}
		if strings.HasPrefix(tt.faults, "malformed") && strings.HasSuffix(last, "}") {
			t.Errorf("%s: last event %q is not malformed", tt.faults, last)
		}
	}
}

func TestDisconnectDetection(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	h := srv.Handle()
	tests := []struct {
		faults string
		read   int // lines to read before leaving
	}{
		{"stall-after=2", 4},          // two events, then nothing
		{"gap=1h", 2},                 // the first event, then a long gap
		{"header-delay=1h", 0},        // no headers yet
		{"download=1h", 0},            // waiting for the model
		{"stall-after=5;chunks=9", 0}, // whole answer stalled after 5 bytes
	}
	for _, tt := range tests {
		t.Run(tt.faults, func(t *testing.T) {
			t.Parallel()
			sc := h.Scenario(tt.faults)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stream := !strings.Contains(tt.faults, "chunks")
			req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"chat/completions", strings.NewReader(chatBody("a b c", stream)))
			req.Header = sc.Header()
			req.Header.Set("Content-Type", "application/json")
			done := make(chan error, 1)
			go func() {
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					r := bufio.NewReader(resp.Body)
					for range tt.read {
						if _, err = r.ReadString('\n'); err != nil {
							break
						}
					}
					resp.Body.Close() // leave mid-answer
				}
				done <- err
			}()
			if tt.read == 0 { // nothing to read: leave once the request arrived
				waitRecorded(t, sc)
				cancel()
			}
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				t.Fatal(err)
			}
			if err := sc.WaitDisconnected(5 * time.Second); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A client that reads the whole answer did not disconnect.
	sc := h.Scenario("")
	req, _ := http.NewRequest("POST", srv.URL+"chat/completions", strings.NewReader(chatBody("x", true)))
	req.Header = sc.Header()
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	if reqs, _ := sc.Requests(); len(reqs) != 1 || reqs[0].Disconnected {
		t.Errorf("complete read: records %+v, want one, not disconnected", reqs)
	}
	if err := sc.WaitDisconnected(10 * time.Millisecond); err == nil {
		t.Error("WaitDisconnected succeeded for a client that read everything")
	}
}

// waitRecorded waits until the fake recorded a request of sc.
func waitRecorded(t *testing.T, sc *Scenario) {
	t.Helper()
	for range 1000 {
		if reqs, _ := sc.Requests(); len(reqs) > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the request never arrived")
}

func TestCloseEndsStalledAnswers(t *testing.T) {
	t.Parallel()
	srv := NewServer(Config{})
	sc := srv.Handle().Scenario("stall-after=1")
	read := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("POST", srv.URL+"chat/completions", strings.NewReader(chatBody("x", true)))
		req.Header = sc.Header()
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		read <- err
	}()
	waitRecorded(t, sc)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close is held up by a stalled answer")
	}
	if err := <-read; err == nil {
		t.Error("the stalled stream ended cleanly at Close; want a connection error")
	}
}

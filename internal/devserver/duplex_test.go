package devserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestStreamStartingBeforeTheBodyEnds is the truncation of streamed answers
// made certain: the upstream starts its answer before the request body has
// all been forwarded (the proxy's last read of the body is still to come).
// The answer must go on to its end, and the upstream must get the whole
// body. Without full duplex the proxy's server drains the body when the
// answer's headers go out, which here waits for the rest of the body, which
// the client sends only once the answer started: the test then ends with
// its deadline instead of hanging.
func TestStreamStartingBeforeTheBodyEnds(t *testing.T) {
	const first, rest = "first half of the request body;", "second half of the request body"
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/misc/version" {
			io.WriteString(w, `{"major":0,"minor":1,"patch":5,"build":""}`)
			return
		}
		// A server that answers while it reads (as the proxy must be).
		http.NewResponseController(w).EnableFullDuplex()
		start := make([]byte, len(first))
		if _, err := io.ReadFull(r.Body, start); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: started\n\n")
		w.(http.Flusher).Flush()
		end, err := io.ReadAll(r.Body)
		fmt.Fprintf(w, "data: body %q, %v\n\n", string(start)+string(end), err)
	}))
	defer up.Close()
	srv, _ := start(t, Options{EdgenURL: up.URL + "/v1"})

	pr, pw := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"v1/chat/completions", pr)
	req.ContentLength = int64(len(first) + len(rest))
	go io.WriteString(pw, first)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if ev, err := br.ReadString('\n'); ev != "data: started\n" {
		t.Fatalf("first event %q, %v", ev, err)
	}
	go func() { io.WriteString(pw, rest); pw.Close() }()
	tail, err := io.ReadAll(br)
	want := fmt.Sprintf("\ndata: body %q, <nil>\n\n", first+rest)
	if err != nil || string(tail) != want {
		t.Errorf("rest of the answer %q (%v), want %q", tail, err, want)
	}
}

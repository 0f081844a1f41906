//go:build !js

package wasmtest

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// engineLimit is how one browser engine's own fetch() behaves where
// engines differ, measured by TestEngineLimits with a bare fetch() on a Go
// server of the test: what the library can and cannot do there follows.
// The scenarios get it as env.limits (its JSON).
type engineLimit struct {
	// FetchAtBody: fetch() resolves only when the first bytes of the body
	// arrive, not at the response headers (Gecko).
	FetchAtBody bool `json:"fetchAtBody"`
	// ChunkedCutIsEnd: a chunked body whose connection closes without the
	// last (empty) chunk reads as a clean end, not as an error (WebKitGTK).
	ChunkedCutIsEnd bool `json:"chunkedCutIsEnd"`
	// ShortBodyIsEnd: a body whose connection closes before the bytes its
	// Content-Length announced reads as a clean end (WebKitGTK).
	ShortBodyIsEnd bool `json:"shortBodyIsEnd"`
	// CancelWaitsForData: the reader's cancel() of a body closes the
	// connection only when more of the body arrives, not at once (Gecko);
	// aborting the fetch's signal closes it at once.
	CancelWaitsForData bool `json:"cancelWaitsForData"`
}

// engineLimits are the measured behaviours of each engine (the README's
// compatibility table says the same).
var engineLimits = map[string]engineLimit{
	"chromium": {},
	"firefox":  {FetchAtBody: true, CancelWaitsForData: true},
	"webkit":   {ChunkedCutIsEnd: true, ShortBodyIsEnd: true},
}

// heldPause is how long TestEngineLimits holds a body back after the
// headers went, in an engine that resolves fetch() only at the body, to see
// it still pending (an engine that resolves at the headers is given
// embedWait to do so).
const heldPause = 2 * time.Second

// TestEngineLimits measures, in each browser engine, the behaviours of its
// own fetch() that engineLimits lists, with no library in the page: a bare
// fetch() against a Go server of this test. So where the client behaves
// differently in an engine, this test shows the difference is the
// engine's. Each subtest asserts what engineLimits says of the engine.
func TestEngineLimits(t *testing.T) {
	t.Parallel()
	srv := newLimitServer(t)
	for _, name := range browserEngines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := engineLimits[name]
			e := startEngine(t, name)
			if err := e.open(srv.URL + "/"); err != nil {
				t.Fatal(err)
			}
			t.Run("fetch_resolves_at_headers", func(t *testing.T) {
				got := srv.fetchAtBody(t, e, want.FetchAtBody)
				if got != want.FetchAtBody {
					t.Errorf("fetch() resolves only at the body: %v, want %v", got, want.FetchAtBody)
				}
			})
			for _, c := range []struct {
				name, path string
				isEnd      bool
			}{
				{"chunked_body_cut", "/cut-chunked", want.ChunkedCutIsEnd},
				{"short_body_cut", "/cut-short", want.ShortBodyIsEnd},
			} {
				t.Run(c.name, func(t *testing.T) {
					id := fmt.Sprint(time.Now().UnixNano())
					got, err := evalOn[struct{ End, Text, Error string }](e, fmt.Sprintf(`(async () => {
						const r = await fetch(%q);
						const reader = r.body.getReader();
						const decoder = new TextDecoder();
						let text = "";
						try {
							for (;;) {
								const { done, value } = await reader.read();
								if (done) return { end: "clean", text };
								if (text === "") await fetch("/release?id=%s");
								text += decoder.decode(value, { stream: true });
							}
						} catch (e) {
							return { end: "error", text, error: String(e) };
						}
					})()`, c.path+"?id="+id, id))
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("%s: read %q, then %s %s", c.path, got.Text, got.End, got.Error)
					if !strings.HasPrefix(cutBody, got.Text) {
						t.Errorf("read %q before the cut, want a prefix of %q", got.Text, cutBody)
					}
					if isEnd := got.End == "clean"; isEnd != c.isEnd {
						t.Errorf("the cut body reads as a clean end: %v, want %v (%s)", isEnd, c.isEnd, got.Error)
					}
				})
			}
			t.Run("cancel_closes_connection", func(t *testing.T) {
				if got := srv.cancelWaitsForData(t, e, want.CancelWaitsForData); got != want.CancelWaitsForData {
					t.Errorf("cancel() closes the connection only when more data arrives: %v, want %v", got, want.CancelWaitsForData)
				}
			})
			// The library on the same server: a cut in OpenAI's dialect is an
			// error in every engine; an Edgen stream cut where the engine reads
			// a clean end cannot be told from its end.
			for _, dialect := range []string{"openai", "edgen"} {
				t.Run("client_"+dialect+"_stream_cut", func(t *testing.T) {
					id := fmt.Sprint(time.Now().UnixNano())
					got, err := evalOn[struct{ End, Name, Message string }](e, fmt.Sprintf(`(async () => {
						const { load } = await import("/site/edgen.js");
						const edgen = await load();
						const client = new edgen.Edgen({ baseURL: location.origin + "/%s/v1/", maxRetries: 0, headers: { "X-Cut-Id": %q } });
						let released = 0;
						try {
							for await (const c of client.chat({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true })) {
								await fetch("/release?id=%[2]s&n=" + ++released);
							}
							return { end: "clean" };
						} catch (e) {
							return { end: "error", name: e.name, message: e.message };
						}
					})()`, dialect, id))
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("the client's stream ended %s %s %s", got.End, got.Name, got.Message)
					wantEnd := dialect == "edgen" && want.ChunkedCutIsEnd
					if (got.End == "clean") != wantEnd || !wantEnd && got.Name != "APIConnectionError" {
						t.Errorf("the client read the cut %s stream as %+v, want a clean end: %v (else an APIConnectionError)", dialect, got, wantEnd)
					}
				})
			}
			if p := e.problems(); p != "" {
				t.Logf("the page reported (expected: the cut bodies):\n%s", p)
			}
		})
	}
}

// cutBody is what the cut responses send before the connection closes.
const cutBody = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"

// One chunk of each stream dialect (docs/edgen-api.md): Edgen's never
// says the stream ends; OpenAI's object says its stream ends with a
// finish_reason and [DONE].
const (
	edgenChunkJSON  = `{"id":"1","choices":[{"delta":{"content":"Hi","role":null},"finish_reason":null,"index":0}],"created":1,"model":"main","system_fingerprint":"edgen-0.1.5","object":"text_completion"}`
	openAIChunkJSON = `{"id":"1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}`
)

// limitServer is the Go server of TestEngineLimits.
type limitServer struct {
	*httptest.Server
	mu    sync.Mutex
	holds map[string]*hold
}

// hold is one /held response's progress: each channel closes at its step.
type hold struct {
	sent  chan struct{} // the server sent the headers
	first chan struct{} // the test lets the first byte of the body go
	rest  chan struct{} // the test lets the rest go
}

// newLimitServer serves:
//
//	/               an empty page (the origin every fetch is made from)
//	/held?id=ID     headers at once, the body "held" in two steps the test sets
//	/cut-chunked?id=ID  a chunked body cut before its last chunk
//	/cut-short?id=ID    cutBody under a Content-Length one byte longer
//	/release?id=ID&n=N  lets the cut of ID go on: a cut response sends its
//	                headers and first bytes, then (n=1) the rest, and cuts only
//	                once the page has read them (n=2) (an engine may fail a load cut before it
//	                handed the response over, where a later cut reads as an
//	                end: the race is not what is measured)
//	/stalled?id=ID  one chunk, then the next one once the test lets it go
//	/site/          the JS face (siteDir)
//	/openai/v1/chat/completions, /edgen/v1/chat/completions
//	                a chunk of the dialect, then (released by the X-Cut-Id
//	                header's id) another, and the connection closes without
//	                the body's last chunk
func newLimitServer(t *testing.T) *limitServer {
	site := mustDir(t, "the site (edgen.wasm, the loader of web/)", siteDir)
	s := &limitServer{holds: map[string]*hold{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>limits</title>")
	})
	mux.HandleFunc("GET /held", func(w http.ResponseWriter, r *http.Request) {
		h := s.held(r.URL.Query().Get("id"))
		w.Header().Set("Content-Type", "text/event-stream")
		flush := http.NewResponseController(w).Flush
		w.WriteHeader(http.StatusOK)
		flush()
		close(h.sent)
		for _, step := range []struct {
			release chan struct{}
			body    string
		}{{h.first, "h"}, {h.rest, "eld"}} {
			select {
			case <-step.release:
				fmt.Fprint(w, step.body)
				flush()
			case <-r.Context().Done():
				return
			}
		}
	})
	mux.HandleFunc("GET /release", func(w http.ResponseWriter, r *http.Request) {
		h := s.held(r.URL.Query().Get("id"))
		if r.URL.Query().Get("n") == "2" {
			close(h.rest)
		} else {
			close(h.first)
		}
	})
	mux.HandleFunc("GET /cut-chunked", func(w http.ResponseWriter, r *http.Request) {
		s.cut(w, r.URL.Query().Get("id"), fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(cutBody), cutBody), "")
	})
	mux.HandleFunc("GET /cut-short", func(w http.ResponseWriter, r *http.Request) {
		s.cut(w, r.URL.Query().Get("id"), fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(cutBody)+1, cutBody), "")
	})
	mux.HandleFunc("GET /stalled", func(w http.ResponseWriter, r *http.Request) {
		h := s.held(r.URL.Query().Get("id"))
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, cutBody)
		http.NewResponseController(w).Flush()
		close(h.sent)
		select {
		case <-h.first:
			fmt.Fprint(w, cutBody)
			http.NewResponseController(w).Flush()
		case <-r.Context().Done():
		}
		<-r.Context().Done()
		close(h.rest)
	})
	mux.Handle("GET /site/", http.StripPrefix("/site/", http.FileServer(http.Dir(site))))
	mux.HandleFunc("POST /{dialect}/v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		// The whole request first: a connection closed with bytes of it
		// unread is reset (RST), which every engine reads as an error, not
		// as the cut measured here.
		io.Copy(io.Discard, r.Body)
		chunk := map[string]string{"openai": openAIChunkJSON, "edgen": edgenChunkJSON}[r.PathValue("dialect")]
		event := fmt.Sprintf("%x\r\ndata: %s\n\n\r\n", len(chunk)+8, chunk)
		s.cut(w, r.Header.Get("X-Cut-Id"), "Transfer-Encoding: chunked\r\n\r\n"+event, event)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.CloseClientConnections()
		s.Close()
	})
	return s
}

// held returns the progress of the /held response of an id.
func (s *limitServer) held(id string) *hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holds[id] == nil {
		s.holds[id] = &hold{sent: make(chan struct{}), first: make(chan struct{}), rest: make(chan struct{})}
	}
	return s.holds[id]
}

// cut writes a 200 text/event-stream response with the rest of the header
// block and the first body bytes raw, waits until the page released id (at
// most embedWait), writes more raw bytes, and, when there were more, waits
// until the page released them too (?n=2); then it closes the connection.
// So the cut never races the page's reading: what is measured is a close
// after bytes the page has read, not how an engine times a close against
// bytes still in flight.
func (s *limitServer) cut(w http.ResponseWriter, id, first, more string) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n"+first)
	select {
	case <-s.held(id).first:
	case <-time.After(embedWait):
	}
	if more == "" {
		return
	}
	writeRaw(buf, more)
	select {
	case <-s.held(id).rest:
	case <-time.After(embedWait):
	}
}

// writeRaw writes s to the hijacked connection's buffer and flushes it.
func writeRaw(buf *bufio.ReadWriter, s string) {
	buf.WriteString(s)
	buf.Flush()
}

// fetchAtBody reports whether e's fetch() resolves only with the first
// bytes of the body: the page fetches /held, whose headers go at once; an
// engine that resolves at the headers must do so within embedWait, one
// that waits for the body must still be pending heldPause later (wait
// says which to expect). Then the first byte of the body goes, and fetch()
// must resolve before the rest, then the rest.
func (s *limitServer) fetchAtBody(t *testing.T, e engine, wait bool) bool {
	t.Helper()
	id := fmt.Sprint(time.Now().UnixNano())
	h := s.held(id)
	start := fmt.Sprintf(`(() => {
		const held = globalThis.held = { fetch: "pending" };
		fetch("/held?id=%s").then(async (r) => { held.fetch = "resolved"; held.body = await r.text(); },
			(e) => { held.fetch = "rejected: " + e; });
		return true;
	})()`, id)
	if err := e.eval(start, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-h.sent:
	case <-time.After(embedWait):
		t.Fatal("the page's fetch never reached the server")
	}
	limit := embedWait
	if wait {
		limit = heldPause
	}
	_, err := pollOn[bool](e, limit, `held.fetch !== "pending"`)
	atBody := err != nil
	state, err := evalOn[string](e, `held.fetch`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("headers sent, no byte of the body: fetch() %s", state)
	close(h.first)
	got, err := pollOn[struct{ Fetch, Body *string }](e, embedWait, `held.fetch !== "pending" && held`)
	if err != nil || *got.Fetch != "resolved" || got.Body != nil {
		t.Errorf("with the first byte of the body: fetch() %+v (%v), want resolved before the body's end", got, err)
	}
	close(h.rest)
	if body, err := pollOn[string](e, embedWait, `held.body`); err != nil || body != "held" {
		t.Errorf("the body read %q (%v), want %q", body, err, "held")
	}
	return atBody
}

// cancelWaitsForData reports whether e's reader.cancel() leaves the
// connection open until more of the body arrives: the page reads the first
// chunk of /stalled and cancels its reader; an engine that closes at once
// must do so within embedWait, one that waits (wait) must still hold the
// connection heldPause later, and close it once the next chunk goes.
func (s *limitServer) cancelWaitsForData(t *testing.T, e engine, wait bool) bool {
	t.Helper()
	id := fmt.Sprint(time.Now().UnixNano())
	h := s.held(id)
	if err := e.eval(fmt.Sprintf(`(async () => {
		const reader = (await fetch("/stalled?id=%s")).body.getReader();
		await reader.read();
		await reader.cancel();
	})()`, id), nil); err != nil {
		t.Fatal(err)
	}
	limit := embedWait
	if wait {
		limit = heldPause
	}
	select {
	case <-h.rest:
		return false
	case <-time.After(limit):
	}
	close(h.first)
	select {
	case <-h.rest:
	case <-time.After(embedWait):
		t.Errorf("the connection of the cancelled body stayed open after more of it arrived")
	}
	return true
}

// checkStalledClosed checks what the fake saw of a stalled stream (one
// whose server sends nothing more) that the page in e ended: its
// connection closed, or, in an engine whose cancel() waits for more data
// (Gecko), still open, since none comes.
func checkStalledClosed(t *testing.T, e engine, sc *edgentest.Scenario) {
	t.Helper()
	if !engineLimits[e.name()].CancelWaitsForData {
		if err := sc.WaitDisconnected(embedWait); err != nil {
			t.Error(err)
		}
		return
	}
	reqs, err := sc.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 1 || reqs[0].Disconnected {
		t.Errorf("the fake saw %+v, want the one stalled request still connected (%s closes a cancelled body's connection only when more data arrives)", reqs, e.name())
	}
}

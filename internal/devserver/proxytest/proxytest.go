// Package proxytest records what the upstream sends through the demo
// server's proxy, for the load tests of internal/devserver and of wasmtest
// (the same load from headless Chromium): a transport, given as
// devserver.Options.Transport, that keeps a copy of every answer to a
// request carrying LoadID and how the proxy's reading of it ended.
package proxytest

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// LoadID is the request header by which a Recorder matches an answer seen
// by the client with the one the upstream sent.
const LoadID = "X-Load-Id"

// Recorder is a transport that keeps a copy of every upstream answer to a
// request carrying LoadID, and how reading it ended.
type Recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	sent map[string]*recording
}

// NewRecorder returns a Recorder that carries requests over next.
func NewRecorder(next http.RoundTripper) *Recorder {
	return &Recorder{next: next, sent: map[string]*recording{}}
}

// recording is one answer as the upstream sent it.
type recording struct {
	body bytes.Buffer
	end  error // how the proxy's reading of it ended: io.EOF when whole
}

// teeBody copies what is read into a recording.
type teeBody struct {
	io.ReadCloser
	rec *recording
	mu  *sync.Mutex
}

func (b teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.mu.Lock()
	b.rec.body.Write(p[:n])
	if err != nil && b.rec.end == nil {
		b.rec.end = err
	}
	b.mu.Unlock()
	return n, err
}

// RoundTrip carries req over the next transport, recording the answer's
// body as it is read when req carries LoadID.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	id := req.Header.Get(LoadID)
	if err != nil || id == "" {
		return resp, err
	}
	rec := &recording{}
	r.mu.Lock()
	r.sent[id] = rec
	r.mu.Unlock()
	resp.Body = teeBody{ReadCloser: resp.Body, rec: rec, mu: &r.mu}
	return resp, nil
}

// Take returns and forgets the recording of the request whose LoadID was
// id: the bytes read so far and how reading ended (io.EOF when whole).
func (r *Recorder) Take(id string) (body []byte, end error, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec, ok := r.sent[id]
	if !ok {
		return nil, nil, false
	}
	delete(r.sent, id)
	return rec.body.Bytes(), rec.end, true
}

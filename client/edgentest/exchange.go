package edgentest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// exchange is one request being answered.
type exchange struct {
	f        *Fake
	w        http.ResponseWriter
	r        *http.Request
	body     []byte
	rec      *Request // the request's record
	flt      faults
	param    string // the route's decoded {id}
	scenario string
}

// sleep pauses for d. When the client leaves meanwhile (or the fake is
// closed) it records the disconnection and aborts the handler.
func (x *exchange) sleep(d time.Duration) {
	if !x.f.wait(x.r.Context(), d) {
		x.gone()
	}
}

// stall keeps the connection open without sending until the client leaves
// (or the fake is closed), then aborts the handler.
func (x *exchange) stall() {
	x.f.waitGone(x.r.Context())
	x.gone()
}

// gone records that the client went away when it did, then aborts the
// handler: net/http closes the connection without ending the body properly.
func (x *exchange) gone() {
	if x.r.Context().Err() != nil {
		x.f.store.update(x.rec, func(r *Request) { r.Disconnected = true })
	}
	panic(http.ErrAbortHandler)
}

// write sends b and flushes it to the client at once; a failed write means
// the client is gone.
func (x *exchange) write(b []byte) {
	if _, err := x.w.Write(b); err != nil {
		x.gone()
	}
	if err := http.NewResponseController(x.w).Flush(); err != nil {
		x.gone()
	}
}

// useModel resolves the model name of a request to the endpoint of kind.
// When the scenario does not have that model yet, the request waits for
// its download (Config.DownloadTime), during which the status route of kind
// reports the progress; the download= fault forces one of its own length.
// It reports false when it answered with the real server's error instead.
func (x *exchange) useModel(kind, name string) (modelFile, bool) {
	m, errBody := resolveModel(kind, name)
	if errBody != nil {
		writeJSON(x.w, http.StatusInternalServerError, errBody)
		return m, false
	}
	dur := x.flt.download
	if dur == 0 && !x.f.store.hasModel(x.scenario, kind, m) {
		dur = x.f.cfg.downloadTime()
	}
	x.download(kind, m, dur)
	return m, true
}

// download makes the request wait for a download of m lasting dur (none
// when dur is 0).
func (x *exchange) download(kind string, m modelFile, dur time.Duration) {
	if dur > 0 && !x.f.runDownload(x.r.Context(), x.scenario, kind, m, dur) {
		x.gone()
	}
}

// sendJSON sends a successful JSON answer, honouring drop-after and
// stall-after as byte counts of the body.
func (x *exchange) sendJSON(v any) {
	body := marshalWire(v)
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	cut := len(body)
	if n := x.flt.dropAfter; n != off {
		cut = min(cut, n)
	}
	if n := x.flt.stallAfter; n != off {
		cut = min(cut, n)
	}
	x.w.WriteHeader(http.StatusOK)
	x.write(body[:cut])
	switch {
	case cut == len(body):
	case x.flt.dropAfter != off && x.flt.dropAfter <= cut:
		panic(http.ErrAbortHandler)
	default:
		x.stall()
	}
}

// writeJSON sends v as JSON with status, as axum's Json does.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body := marshalWire(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// writeText sends a text/plain body, as axum's rejections do.
func writeText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(msg))
}

// marshalWire encodes v as compact JSON the way the servers do: serde, Go's
// ollama and llama.cpp's nlohmann leave <, > and & as they are, where
// json.Marshal would escape them ("<think>", not "\u003cthink\u003e").
func marshalWire(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // the wire types always marshal
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

package edgentest

import (
	"bytes"
	"net/http"
	"time"
)

// streamChat streams contents as Edgen's chunks, exactly as the real server
// does ("data: <compact JSON>\n\n", a new id per chunk, no [DONE]).
func (x *exchange) streamChat(contents []string) {
	var enc chunkEncoder
	x.streamEvents(len(contents), func(i int) []byte { return enc.event(contents[i]) }, servers["edgen"])
}

// streamEvents streams n events, event(i) giving each, with the stream
// faults applied: gap, drop-after, stall-after, malformed-after,
// error-after, done. Dialects other than Edgen's always end with
// data: [DONE], and their error events are in the OpenAI envelope unless
// error-body says edgen.
func (x *exchange) streamEvents(n int, event func(i int) []byte, d dialect) {
	h := x.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	x.w.WriteHeader(http.StatusOK)
	x.write(nil) // flush the headers: the client learns the status now
	gap := x.f.cfg.Gap
	if x.flt.gap != nil {
		gap = *x.flt.gap
	}
	errorForm := "edgen"
	if x.flt.errorBody == "openai" || !d.isEdgen() && x.flt.errorBody != "edgen" {
		errorForm = "openai"
	}
	for i := 0; ; i++ {
		if x.streamFault(i, errorForm) {
			return
		}
		if i == n {
			break
		}
		if i > 0 {
			x.sleep(gap)
		}
		x.write(event(i))
	}
	if x.flt.done || !d.isEdgen() {
		x.write([]byte("data: [DONE]\n\n"))
	}
}

// streamFault applies the stream faults due after n chunks, an error event
// in errorForm. It reports true when the stream ended properly (malformed or
// error event sent); drop and stall end the handler by aborting it.
func (x *exchange) streamFault(n int, errorForm string) bool {
	switch n {
	case x.flt.dropAfter:
		panic(http.ErrAbortHandler)
	case x.flt.stallAfter:
		x.stall()
	case x.flt.malformedAfter:
		x.write([]byte(`data: {"id":"` + newUUID() + `","choices":[{"delta":{"content":"trunc` + "\n\n"))
		return true
	case x.flt.errorAfter:
		ev := marshalWire(errorValue(errorForm, "edgentest fault: error event"))
		x.write(append(append([]byte("data: "), ev...), "\n\n"...))
		return true
	}
	return false
}

// idSlot stands for the chunk id in an encoded chunk.
const idSlot = "@edgentest-id@"

// chunkEncoder encodes chunk events. Consecutive chunks with the same
// content and second (the synthetic answer) reuse one encoding with a fresh
// id spliced in, so that benchmarks measure the client, not the fake.
type chunkEncoder struct {
	created    int64
	content    string
	head, tail []byte // the encoding around the id
	buf        []byte
}

// event returns the event of a chunk carrying content, valid until the next call.
func (e *chunkEncoder) event(content string) []byte {
	now := time.Now().Unix()
	if e.head == nil || content != e.content || now != e.created {
		b := marshalWire(wireChunk{
			ID:                idSlot,
			Choices:           []wireChunkChoice{{Delta: wireDelta{Content: &content}}},
			Created:           now,
			Model:             "main",
			SystemFingerprint: systemFingerprint,
			Object:            "text_completion",
		})
		i := bytes.Index(b, []byte(idSlot))
		e.content, e.created, e.head, e.tail = content, now, b[:i], b[i+len(idSlot):]
	}
	e.buf = append(e.buf[:0], "data: "...)
	e.buf = append(e.buf, e.head...)
	e.buf = append(e.buf, newUUID()...)
	e.buf = append(e.buf, e.tail...)
	e.buf = append(e.buf, "\n\n"...)
	return e.buf
}

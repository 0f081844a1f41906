//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"unsafe"

	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// readAhead is how many chunks a stream reads ahead of JS. When JS does not
// pull, the reader stops and so does the body, which is backpressure.
const readAhead = 64

// maxKeptBatch is the largest batch buffer a stream keeps for its next pull;
// a bigger one (huge chunks) is left to the garbage collector.
const maxKeptBatch = 1 << 20

// errClosed is the cancel cause of a stream that JS closed (break, return(),
// stream.abort()): it ends quietly, not with an error.
var errClosed = errors.New("edgen: stream closed")

// streams holds the open streams by id.
var streams handles[*stream]

// stream is one streamed chat completion between Go and JS: a goroutine
// reads chunks into a channel, and JS takes whatever is ready in one call.
type stream struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	chunks chan json.RawMessage // closed after the last chunk
	err    error                // why the stream ended; set before chunks is closed
	busy   atomic.Bool          // a pull is in progress
	batch  []byte               // the text of the last batch, reused by the next pull
}

// openStream(clientID, path, paramsJSON, options) returns a Promise of
// [stream id, status, headers] (see call), resolved once the response
// headers arrived (an error status rejects). path names an operation that
// streams.
func openStream(args []safejs.Value) any {
	op, err := operationArg(arg(args, 1))
	if err != nil {
		return rejected(err)
	}
	if op.stream == nil {
		return rejected(typeError("%s does not stream", op.path))
	}
	to := op.stream
	body, err := jsonText(arg(args, 2))
	if err != nil {
		return rejected(err)
	}
	r, err := newRequest(arg(args, 0), arg(args, 3))
	if err != nil {
		return rejected(err)
	}
	return async(func() (any, error) {
		if err := to.params.check(body); err != nil {
			r.end()
			return nil, err
		}
		var resp client.Response
		s, err := client.OpenStream[json.RawMessage](r.ctx, r.client, http.MethodPost, to.path, body, append(r.opts, client.WithResponseInto(&resp))...)
		if err != nil {
			r.end()
			return nil, err
		}
		st := &stream{ctx: r.ctx, cancel: r.cancel, chunks: make(chan json.RawMessage, readAhead)}
		go st.read(s, r.release, len(body))
		return []any{streams.add(st), resp.StatusCode, headerText(resp.Header)}, nil
	})
}

// read moves chunks from the HTTP stream to the channel until the stream
// ends or JS closes or aborts it; sent is the size of the request body.
func (st *stream) read(s *client.Stream[json.RawMessage], release func(), sent int) {
	defer collectAfter(sent)
	defer func() {
		if p := recover(); p != nil {
			st.err = fmt.Errorf("edgen: internal error reading the stream: %v", p)
		}
		s.Close()
		release()
		st.cancel(errClosed) // the request is over: release its context
		close(st.chunks)
	}()
	for s.Next() {
		select {
		case st.chunks <- s.Current(): // room in the channel: the common case, no select over two
			continue
		default:
		}
		select {
		case st.chunks <- s.Current():
		case <-st.ctx.Done():
			st.err = st.endCause(nil)
			return
		}
	}
	st.err = st.endCause(s.Err())
}

// endCause is the error the stream ends with, given the reader's: none after
// JS closed it, the AbortSignal's when that fired.
func (st *stream) endCause(err error) error {
	switch cause := context.Cause(st.ctx); {
	case errors.Is(cause, errClosed):
		return nil
	case errors.Is(cause, errUserAbort):
		return cause
	}
	return err
}

// pull(streamID) returns the chunks ready now as the text of a JSON array,
// or a Promise of that when none is ready yet; null (or a Promise of null)
// at the clean end, a rejection when the stream failed.
func pull(args []safejs.Value) any {
	id, err := toNumber(arg(args, 0), "stream id")
	if err != nil {
		return rejected(err)
	}
	st, ok := streams.get(int(id))
	if !ok {
		return safejs.Null() // ended or closed: nothing more to read
	}
	if !st.busy.CompareAndSwap(false, true) {
		return rejected(usageError("next() called while another next() is pending"))
	}
	if batch, ended := st.take(false); batch != nil || ended {
		v, err := st.settle(int(id), batch, ended)
		if err != nil {
			return rejected(err)
		}
		return v
	}
	return async(func() (any, error) {
		batch, ended := st.take(true)
		return st.settle(int(id), batch, ended)
	})
}

// take collects the chunks that are ready into the text of one JSON array,
// in st.batch, waiting for the first when wait is set. It returns nil, false
// when none is ready and nil, true at the end. A signal abort ends the stream
// at once, chunks still buffered or not: the caller asked to stop.
func (st *stream) take(wait bool) (batch []byte, ended bool) {
	if st.aborted() {
		return nil, true
	}
	batch = st.batch[:0]
	n := 0
	for {
		c, open, got := st.receive(wait && n == 0)
		if !got {
			break
		}
		if !open {
			ended = n == 0
			break
		}
		sep := byte(',')
		if n == 0 {
			sep = '['
		}
		batch = append(append(batch, sep), c...)
		n++
	}
	if n == 0 {
		return nil, ended
	}
	st.batch = append(batch, ']')
	return st.batch, false
}

// receive takes one chunk; got is false when none is ready and wait is not
// set, open is false once the reader has ended.
func (st *stream) receive(wait bool) (c json.RawMessage, open, got bool) {
	if wait {
		c, open = <-st.chunks
		return c, open, true
	}
	select {
	case c, open = <-st.chunks:
		return c, open, true
	default:
		return nil, true, false
	}
}

// aborted reports whether the request's AbortSignal fired.
func (st *stream) aborted() bool {
	return errors.Is(context.Cause(st.ctx), errUserAbort)
}

// settle turns a take into pull's answer, forgetting the stream at its end.
// st.err is read only once the reader has closed the channel (or not at
// all after an abort, which does not wait for the reader). The batch becomes
// a JS string here, copied straight from the bytes that the next pull
// reuses, before busy lets that pull in.
func (st *stream) settle(id int, batch []byte, ended bool) (any, error) {
	defer st.busy.Store(false)
	if !ended {
		v, err := safejs.ValueOf(unsafe.String(unsafe.SliceData(batch), len(batch)))
		if cap(batch) > maxKeptBatch {
			st.batch = nil
		}
		return v, err
	}
	streams.remove(id)
	switch {
	case st.aborted():
		return nil, errUserAbort
	case st.err != nil:
		return nil, st.err
	}
	return safejs.Null(), nil
}

// closeStream(streamID) stops a stream quietly: the request is cancelled, so
// the server sees the connection close, and a pending pull resolves null.
func closeStream(args []safejs.Value) any {
	if id, err := toNumber(arg(args, 0), "stream id"); err == nil {
		if st, ok := streams.remove(int(id)); ok {
			st.cancel(errClosed)
		}
	}
	return nil
}

// accumulate(batches) returns the ChatCompletion, as JSON text, that the Go
// client's ChatCompletionAccumulator makes of the chunks of the batches (the
// JSON array texts pull returned), or an error object. It is called only by
// finalChatCompletion(): nothing is accumulated unless asked for.
func accumulate(args []safejs.Value) any {
	batches := arg(args, 0)
	n, err := batches.Length()
	if err != nil {
		return errorValue(typeError("batches must be an array of strings"))
	}
	var acc client.ChatCompletionAccumulator
	for i := range n {
		b, err := batches.Index(i)
		if err != nil {
			return errorValue(err)
		}
		text, err := toString(b, "batches[i]")
		if err != nil {
			return errorValue(err)
		}
		var chunks []client.ChatCompletionChunk
		if err := json.Unmarshal([]byte(text), &chunks); err != nil {
			return errorValue(fmt.Errorf("edgen: accumulating the stream: %w", err))
		}
		for _, c := range chunks {
			acc.AddChunk(c)
		}
	}
	out, err := json.Marshal(acc.ChatCompletion())
	if err != nil {
		return errorValue(err)
	}
	return string(out)
}

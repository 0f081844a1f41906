//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
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
// reads chunks straight into the text of the next batch, a JSON array, and
// JS takes the whole batch in one call. Reader and puller meet once per
// batch, not once per chunk: the reader appends under mu and signals wake,
// the puller swaps the batch for the buffer it handed JS last time and
// signals room.
type stream struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	busy   atomic.Bool   // a pull is in progress
	wake   chan struct{} // the batch got a chunk, or the reader ended
	room   chan struct{} // the puller took the batch

	mu    sync.Mutex
	batch []byte // "[c1,c2" so far; the reader's
	n     int    // chunks in batch
	spare []byte // the batch JS got last, reused once it was copied into JS
	ended bool   // the reader is done; err says why
	err   error
}

// openStream(clientID, operation, paramsJSON, options, resolve, reject)
// settles the Promise of resolve and reject with [stream id, status,
// headers, url] (see call) once the response headers arrived (an error status
// rejects). operation (see operationArg) must be one that streams.
func openStream(args []safejs.Value) any {
	p := settlerOf(args)
	to, body, r, err := streamArgs(args)
	if err != nil {
		return p.fail(err)
	}
	return p.async(func() (any, error) {
		if err := to.params.check(body); err != nil {
			r.end()
			return nil, err
		}
		var resp client.Response
		s, err := to.open(r, body, &resp)
		if err != nil {
			r.end()
			return nil, err
		}
		st := &stream{ctx: r.ctx, cancel: r.cancel, wake: make(chan struct{}, 1), room: make(chan struct{}, 1)}
		go st.read(s, r.release, len(body))
		return []any{streams.add(st), resp.StatusCode, headerText(resp.Header), resp.URL}, nil
	})
}

// open opens the endpoint's stream with the caller's JSON body as is; a
// chat completion through client.OpenChatStream, which asks again without
// stream_options when a server refuses include_usage.
func (e *jsonEndpoint) open(r *request, body json.RawMessage, resp *client.Response) (*client.Stream[json.RawMessage], error) {
	opts := append(r.opts, client.WithResponseInto(resp))
	if e.path == client.PathChatCompletions {
		return client.OpenChatStream[json.RawMessage](r.ctx, r.client, body, opts...)
	}
	return client.OpenStream[json.RawMessage](r.ctx, r.client, http.MethodPost, e.path, body, opts...)
}

// streamArgs reads the arguments of openStream.
func streamArgs(args []safejs.Value) (*jsonEndpoint, json.RawMessage, *request, error) {
	op, err := operationArg(arg(args, 1))
	if err != nil {
		return nil, nil, nil, err
	}
	if op.stream == nil {
		return nil, nil, nil, typeError("%s does not stream", op.path)
	}
	body, err := jsonText(arg(args, 2))
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := newRequest(arg(args, 0), arg(args, 3))
	return op.stream, body, r, err
}

// read moves chunks from the HTTP stream into the batch until the stream
// ends or JS closes or aborts it; sent is the size of the request body.
func (st *stream) read(s *client.Stream[json.RawMessage], release func(), sent int) {
	defer collectAfter(sent)
	var err error
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("edgen: internal error reading the stream: %v", p)
		}
		s.Close()
		release()
		st.cancel(errClosed) // the request is over: release its context
		st.mu.Lock()
		st.ended, st.err = true, err
		st.mu.Unlock()
		signal(st.wake)
	}()
	for s.Next() {
		if !st.add(s.Current()) {
			err = st.endCause(nil)
			return
		}
	}
	err = st.endCause(s.Err())
}

// add appends one chunk to the batch, first waiting for room while the
// batch holds readAhead chunks; false when the stream's context ended
// meanwhile.
func (st *stream) add(c json.RawMessage) bool {
	st.mu.Lock()
	for st.n >= readAhead {
		st.mu.Unlock()
		select {
		case <-st.room:
		case <-st.ctx.Done():
			return false
		}
		st.mu.Lock()
	}
	sep := byte(',')
	if st.n == 0 {
		sep = '['
	}
	st.batch = append(append(st.batch, sep), c...)
	st.n++
	st.mu.Unlock()
	signal(st.wake)
	return true
}

// signal wakes the other side of c without ever blocking.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
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

// pull(streamID, resolve, reject) returns the chunks ready now as the text
// of a JSON array, or null at the clean end. When none is ready yet it
// returns undefined and settles the Promise of resolve and reject with
// either once there is; a failed stream rejects.
func pull(args []safejs.Value) any {
	p := settlerOf(args)
	id, err := toNumber(arg(args, 0), "stream id")
	if err != nil {
		return p.fail(err)
	}
	st, ok := streams.get(int(id))
	if !ok {
		return safejs.Null() // ended or closed: nothing more to read
	}
	if !st.busy.CompareAndSwap(false, true) {
		return p.fail(usageError("next() called while another next() is pending"))
	}
	if batch, ended := st.take(false); batch != nil || ended {
		v, err := st.settle(int(id), batch, ended)
		if err != nil {
			return p.fail(err)
		}
		return v
	}
	return p.async(func() (any, error) {
		batch, ended := st.take(true)
		return st.settle(int(id), batch, ended)
	})
}

// take returns the batch of the chunks that are ready, closed with ']',
// waiting for the first when wait is set. It returns nil, false when none is
// ready and nil, true at the end. A signal abort ends the stream at once,
// chunks still buffered or not: the caller asked to stop.
func (st *stream) take(wait bool) (batch []byte, ended bool) {
	done := st.ctx.Done()
	for {
		if st.aborted() {
			return nil, true
		}
		st.mu.Lock()
		if st.n > 0 {
			batch = append(st.batch, ']')
			st.batch, st.spare, st.n = st.spare[:0], batch, 0
			st.mu.Unlock()
			signal(st.room)
			return batch, false
		}
		ended = st.ended
		st.mu.Unlock()
		if ended || !wait {
			return nil, ended
		}
		select {
		case <-st.wake:
		case <-done: // an abort is seen above; after a close, the reader's end signals wake
			done = nil
		}
	}
}

// aborted reports whether the request's AbortSignal fired.
func (st *stream) aborted() bool {
	return errors.Is(context.Cause(st.ctx), errUserAbort)
}

// settle turns a take into pull's answer, forgetting the stream at its end.
// st.err is read only once the reader has ended (or not at all after an
// abort, which does not wait for the reader). The batch becomes a JS string
// here, copied straight from the bytes that the next pull reuses, before
// busy lets that pull in.
func (st *stream) settle(id int, batch []byte, ended bool) (any, error) {
	defer st.busy.Store(false)
	if !ended {
		v, err := safejs.ValueOf(unsafe.String(unsafe.SliceData(batch), len(batch)))
		if cap(batch) > maxKeptBatch {
			st.mu.Lock()
			st.spare = nil
			st.mu.Unlock()
		}
		return v, err
	}
	streams.remove(id)
	if st.aborted() {
		return nil, errUserAbort
	}
	st.mu.Lock()
	err := st.err
	st.mu.Unlock()
	if err != nil {
		return nil, err
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

package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"mime"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/edgen-browser/edgen/internal/jsonscan"
	"github.com/tmaxmax/go-sse"
)

// maxEventSize bounds one server-sent event (go-sse's default is 64 KiB).
const maxEventSize = 16 << 20

// Stream is a stream of server-sent events, each decoded into a T:
//
//	for s.Next() {
//		use(s.Current())
//	}
//	if err := s.Err(); err != nil { ... }
//
// A clean end of the body or a "[DONE]" event ends it with Err() == nil,
// unless the chunks are in OpenAI's dialect and the body ended without
// [DONE] or a finish_reason: that is a cut (ErrStreamCut). An
// {"error":...} event ends it with an *APIError, a malformed event with a
// decoding error, a connection lost mid-stream with a *APIConnectionError, no
// data within the timeout with a *APITimeoutError, and the end of the request's
// context with the context's error, at once. A Stream is never retried once
// open. Next, Current and Err belong to one goroutine; Close may be called
// from any goroutine, and more than once.
type Stream[T any] struct {
	mu     sync.Mutex // held by Next
	body   *watchedBody
	next   func() (sse.Event, error, bool)
	stop   func()
	cur    T
	err    error
	done   bool
	closed atomic.Bool
	status int
	header http.Header
	end    streamEnd
}

// OpenStream sends a request whose answer is an event stream and returns the
// stream once the response headers arrived: an error status is the returned
// error (after the retries). With T = json.RawMessage each event's data is
// handed over undecoded, but still checked to be JSON and not an error event.
// path and body are as for Client.Do.
func OpenStream[T any](ctx context.Context, c *Client, method, path string, body any, opts ...Option) (*Stream[T], error) {
	cfg := c.requestConfig(opts)
	r, err := newRequest(method, path, body)
	if err != nil {
		return nil, err
	}
	r.accept = "text/event-stream"
	resp, err := c.send(ctx, &cfg, r)
	if err != nil {
		return nil, err
	}
	record(&cfg, resp, nil)
	if err := checkEventStream(resp); err != nil {
		return nil, err
	}
	s := &Stream[T]{body: resp.Body.(*watchedBody), status: resp.StatusCode, header: resp.Header}
	s.next, s.stop = iter.Pull2(sse.Read(s.body, &sse.ReadConfig{MaxEventSize: maxEventSize}))
	return s, nil
}

// checkEventStream rejects a successful response that is not an event
// stream (a server ignoring "stream": true answers with JSON), so it is not
// taken for an empty stream. A JSON error body gives an *APIError.
func checkEventStream(resp *http.Response) error {
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if ct == "" || mt == "text/event-stream" {
		return nil
	}
	body, err := readAll(resp.Body)
	if err != nil {
		return err
	}
	if e := newAPIError(resp.StatusCode, resp.Header, body); e.Code != "" {
		return e
	}
	return fmt.Errorf("edgen: expected an event stream, got %q", ct)
}

// Next advances to the next event and reports whether there is one.
func (s *Stream[T]) Next() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.done {
		ev, err, ok := s.next()
		switch {
		case !ok:
			s.finish(s.endOfBody())
		case err != nil:
			s.finish(s.readError(err))
		case ev.Type != "" && ev.Type != "message" && ev.Type != "error":
			// a named event of another kind: skipped
		case ev.Data == "" && ev.Type != "error":
			// an event without data: skipped
		case ev.Data == "[DONE]":
			s.finish(nil)
		default:
			s.end.add(ev.Data)
			if err := s.decode(ev); err != nil {
				s.finish(err)
				return false
			}
			return true
		}
	}
	return false
}

// decode sets cur from an event's data, or returns the error it carries.
func (s *Stream[T]) decode(ev sse.Event) error {
	var zero T
	s.cur = zero
	data := ev.Data
	if ev.Type == "error" {
		return s.eventError(data)
	}
	isError, err := decodeData(data, &s.cur)
	if isError {
		return s.eventError(data)
	}
	switch {
	case errors.Is(err, ErrInvalidJSON):
		return fmt.Errorf("%w: malformed stream event %.200q", err, data)
	case err != nil:
		s.cur = zero
		return fmt.Errorf("edgen: malformed stream event %.200q: %w", data, err)
	}
	return nil
}

// decodeData decodes one event's data into out and reports whether it is an
// error event (a JSON object with a non-null "error" member). One pass of
// the JSON scanner checks the data and spots an error event; a
// json.RawMessage then gets the data as is, with no decoding the wasm face
// would redo.
func decodeData[T any](data string, out *T) (isError bool, err error) {
	b := []byte(data)
	valid, isError := jsonscan.Check(b, "error")
	switch {
	case !valid:
		return false, ErrInvalidJSON
	case isError:
		return true, nil
	}
	switch o := any(out).(type) {
	case *json.RawMessage:
		*o = b
		return false, nil
	case json.Unmarshaler: // the response types: checked already, so not by json.Unmarshal again
		return false, o.UnmarshalJSON(b)
	}
	return false, json.Unmarshal(b, out)
}

// eventError is the *APIError for an error event.
func (s *Stream[T]) eventError(data string) error {
	return newAPIError(s.status, s.header, []byte(data))
}

// readError names the reason reading the stream failed. The body already
// reports cancellation, timeouts and lost connections by their types.
func (s *Stream[T]) readError(err error) error {
	if s.closed.Load() {
		return nil // Close was called while Next waited: a quiet end
	}
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("edgen: stream event larger than %d bytes: %w", maxEventSize, err)
	}
	return err
}

// endOfBody is the error of a body that ended without [DONE]: none after
// Close (a closed body can read as a clean end), else streamEnd's verdict.
func (s *Stream[T]) endOfBody() error {
	if s.closed.Load() {
		return nil
	}
	return s.end.endError()
}

// finish ends the stream with err (nil for a normal end).
func (s *Stream[T]) finish(err error) {
	s.done = true
	s.err = err
	s.stop()
	s.body.Close()
}

// Current returns the event Next moved to.
func (s *Stream[T]) Current() T { return s.cur }

// Err returns the error that ended the stream, or nil after a normal end.
func (s *Stream[T]) Err() error { return s.err }

// Close ends the stream and closes the connection; the server sees the
// client go away. A Next blocked in another goroutine returns false at once.
func (s *Stream[T]) Close() error {
	s.closed.Store(true)
	s.body.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.done = true
		s.stop()
	}
	return nil
}

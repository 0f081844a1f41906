package client

import (
	"context"
	"errors"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// watchedBody is a response body that ends promptly when its request's
// context ends or no data arrives within the idle timeout. It closes the
// underlying body from a context.AfterFunc, because under GOOS=js the fetch
// transport ignores the context once the headers arrived, and it turns read
// errors into the package's errors: the context's error, *APITimeoutError, or
// *APIConnectionError for a body cut short (io.ErrUnexpectedEOF included).
type watchedBody struct {
	rc         io.ReadCloser
	ctx        context.Context         // the caller's context
	attempt    context.Context         // this attempt's context, a child of ctx
	cancel     context.CancelCauseFunc // cancels attempt
	timeout    time.Duration
	errTimeout error // the cause attempt is cancelled with when the timeout passes
	idle       *time.Timer
	stopAfter  func() bool
	closeOnce  sync.Once
	closeErr   error
	broken     atomic.Bool // a read failed: the body is dead, see closeBody
}

func newWatchedBody(rc io.ReadCloser, ctx, attempt context.Context, cancel context.CancelCauseFunc,
	timeout time.Duration, errTimeout error) *watchedBody {
	b := &watchedBody{rc: rc, ctx: ctx, attempt: attempt, cancel: cancel, timeout: timeout, errTimeout: errTimeout}
	b.stopAfter = context.AfterFunc(attempt, b.closeBody)
	if timeout > 0 {
		// Armed by each Read; created stopped so Close never races a lazy creation.
		b.idle = time.AfterFunc(math.MaxInt64, func() { cancel(errTimeout) })
		b.idle.Stop()
	}
	return b
}

// Read reads from the body, bounding the wait by the idle timeout.
func (b *watchedBody) Read(p []byte) (int, error) {
	if b.idle != nil {
		b.idle.Reset(b.timeout)
	}
	n, err := b.rc.Read(p)
	if b.idle != nil {
		b.idle.Stop()
	}
	if err != nil {
		if err != io.EOF {
			b.broken.Store(true)
		}
		err = b.readError(err)
	}
	return n, err
}

// readError names the reason a read failed. A closed body can also read as a
// clean end (the fetch transport), so the contexts are asked first.
func (b *watchedBody) readError(err error) error {
	if cerr := b.ctx.Err(); cerr != nil {
		return cerr
	}
	if cause := context.Cause(b.attempt); cause != nil && errors.Is(cause, b.errTimeout) {
		return &APITimeoutError{&APIConnectionError{Err: cause}}
	}
	if err == io.EOF {
		return io.EOF
	}
	return &APIConnectionError{Err: err}
}

// closeBody closes the underlying body once. A body whose read failed is
// left alone: it holds nothing any more, and under GOOS=js closing it would
// cancel an errored ReadableStream, whose rejected promise nobody handles
// (Node ends the process on an unhandled rejection).
func (b *watchedBody) closeBody() {
	b.closeOnce.Do(func() {
		if !b.broken.Load() {
			b.closeErr = b.rc.Close()
		}
	})
}

// Close closes the body and releases the attempt's resources. It is safe to
// call from another goroutine while a Read is blocked: that Read then ends.
func (b *watchedBody) Close() error {
	b.stopAfter()
	b.closeBody()
	if b.idle != nil {
		b.idle.Stop()
	}
	b.cancel(context.Canceled)
	return b.closeErr
}

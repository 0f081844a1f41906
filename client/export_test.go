package client

import (
	"context"
	"sync"
	"time"
)

// RetryRecorder records the delays a client's retries chose.
type RetryRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

// Delays returns the delays chosen so far, in order.
func (r *RetryRecorder) Delays() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.delays...)
}

// NoWait makes c's retries record their delays instead of waiting them out.
// The retry clock reads now and the jitter's random number is random.
func NoWait(c *Client, now time.Time, random float64) *RetryRecorder {
	r := &RetryRecorder{}
	c.hook = testHooks{
		now: func() time.Time { return now },
		sleep: func(ctx context.Context, d time.Duration) error {
			r.mu.Lock()
			r.delays = append(r.delays, d)
			r.mu.Unlock()
			return ctx.Err()
		},
		random: func() float64 { return random },
	}
	return r
}

// ParseErrorBody exposes the code and message parseErrorBody finds to the fuzz target.
func ParseErrorBody(b []byte) (code, message string) {
	f := parseErrorBody(b)
	return f.code, f.message
}

// HasLogger reports whether c logs.
func HasLogger(c *Client) bool { return c.cfg.logger != nil }

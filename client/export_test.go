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

// ValidJSON exposes checkJSON's verdict to its differential fuzz target.
var ValidJSON = validJSON

// HasLogger reports whether c logs.
func HasLogger(c *Client) bool { return c.cfg.logger != nil }

// Members returns the members eachMember walks, the last of a repeated key
// winning, as encoding/json decodes them.
func Members(b []byte) (map[string]string, error) {
	m := map[string]string{}
	err := eachMember(b, string(b), func(key []byte, value string) { m[string(key)] = value })
	if err == nil {
		s := NewJSONScanner(b)
		if err = s.Skip(); err == nil {
			err = s.End()
		}
	}
	return m, err
}

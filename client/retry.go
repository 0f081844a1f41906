package client

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy of the official Edgen clients.
const (
	initialRetryDelay = 0.5 // seconds
	maxRetryDelay     = 8.0 // seconds
	maxRetryAfter     = 60 * time.Second
)

// shouldRetry reports whether a response with an error status is retried:
// x-should-retry: true|false decides when present, else 408, 409, 429 and
// 5xx are.
func shouldRetry(resp *http.Response) bool {
	switch strings.ToLower(resp.Header.Get("X-Should-Retry")) {
	case "true":
		return true
	case "false":
		return false
	}
	switch code := resp.StatusCode; {
	case code == http.StatusRequestTimeout, code == http.StatusConflict,
		code == http.StatusTooManyRequests, code >= http.StatusInternalServerError:
		return true
	}
	return false
}

// retryDelay is the wait before retry number retry (0 for the first). A
// Retry-After header (seconds or an HTTP date) of more than 0 and at most 60 s
// is obeyed; otherwise min(0.5 * 2^retry, 8) seconds times a jitter in [0.75, 1].
func (h testHooks) retryDelay(retry int, header http.Header) time.Duration {
	if d, ok := retryAfter(header.Get("Retry-After"), h.now()); ok {
		return d
	}
	secs := min(initialRetryDelay*math.Pow(2, float64(retry)), maxRetryDelay)
	jitter := 1 - 0.25*h.random()
	return time.Duration(secs * jitter * float64(time.Second))
}

// retryAfter parses a Retry-After value, seconds (fractions allowed) or an
// HTTP date relative to now, and reports whether it is usable: more than 0
// and at most 60 s.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if !(secs > 0 && secs <= maxRetryAfter.Seconds()) { // also rejects NaN
			return 0, false
		}
		d = time.Duration(secs * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return d, d > 0 && d <= maxRetryAfter
}

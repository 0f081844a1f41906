package edgentest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// off marks an "-after" fault that is not set.
const off = -1

// faults are the switches of one request, parsed from HeaderFaults.
type faults struct {
	status         []int          // per attempt; the last one repeats
	retryAfter     string         // Retry-After value on fault statuses
	shouldRetry    string         // x-should-retry value on fault statuses
	errorBody      string         // edgen, openai, text, empty; "" = the route's own form
	headerDelay    time.Duration  // pause before the response headers
	gap            *time.Duration // pause between chunks; nil = Config.Gap
	dropAfter      int            // abort the connection after n chunks (n bytes when not streamed)
	malformedAfter int            // send a malformed chunk after n chunks, then end
	errorAfter     int            // send an error event after n chunks, then end
	stallAfter     int            // stop sending after n chunks (n bytes when not streamed)
	done           bool           // end the stream with data: [DONE]
	download       time.Duration  // model download before answering
	chunks         int            // synthetic answer of n chunks (0 = canned answer)
	chunkBytes     int            // content bytes of each synthetic chunk
	answer         *string        // answer text replacing the canned one
}

// defaultChunkBytes is the content size of a synthetic chunk when
// chunk-bytes is not given.
const defaultChunkBytes = 16

// parseFaults parses a fault string "k=v;k=v". It fails on unknown or
// repeated keys and on bad values, naming the key, so typos in tests show.
func parseFaults(s string) (faults, error) {
	f := faults{dropAfter: off, malformedAfter: off, errorAfter: off, stallAfter: off}
	err := eachSetting(s, "fault ", func(key, val string, hasVal bool) error {
		if !hasVal && key != "done" {
			return fmt.Errorf("needs a value (%s=...)", key)
		}
		return f.set(key, val)
	})
	if err != nil {
		return f, err
	}
	if f.chunkBytes > 0 && f.chunks == 0 {
		return f, fmt.Errorf("fault \"chunk-bytes\" needs \"chunks\"")
	}
	if f.chunks > 0 && f.chunkBytes == 0 {
		f.chunkBytes = defaultChunkBytes
	}
	return f, nil
}

// set sets the fault key from its text value.
func (f *faults) set(key, val string) error {
	var err error
	switch key {
	case "status":
		f.status, err = parseStatuses(val)
	case "retry-after":
		f.retryAfter, err = val, checkRetryAfter(val)
	case "should-retry":
		f.shouldRetry, err = val, oneOf(val, "true", "false")
	case "error-body":
		f.errorBody, err = val, oneOf(val, "edgen", "openai", "text", "empty")
	case "header-delay":
		f.headerDelay, err = parseDuration(val)
	case "gap":
		var d time.Duration
		d, err = parseDuration(val)
		f.gap = &d
	case "drop-after":
		f.dropAfter, err = parseCount(val)
	case "malformed-after":
		f.malformedAfter, err = parseCount(val)
	case "error-after":
		f.errorAfter, err = parseCount(val)
	case "stall-after":
		f.stallAfter, err = parseCount(val)
	case "done":
		f.done = true
		if val != "" {
			err = fmt.Errorf("takes no value, got %q", val)
		}
	case "download":
		f.download, err = parseDuration(val)
	case "chunks":
		f.chunks, err = parseCount(val)
		if err == nil && f.chunks == 0 {
			err = fmt.Errorf("must be at least 1")
		}
	case "chunk-bytes":
		f.chunkBytes, err = parseCount(val)
		if err == nil && f.chunkBytes == 0 {
			err = fmt.Errorf("must be at least 1")
		}
	case "answer":
		f.answer = &val
	default:
		return fmt.Errorf("unknown key (known: status, retry-after, should-retry, error-body, " +
			"header-delay, gap, drop-after, malformed-after, error-after, stall-after, done, " +
			"download, chunks, chunk-bytes, answer)")
	}
	return err
}

// statusFor returns the status of the given attempt (0-based): the sequence
// entry, the last one once the sequence is used up, 200 without a sequence.
func (f *faults) statusFor(attempt int) int {
	if len(f.status) == 0 {
		return http.StatusOK
	}
	return f.status[min(attempt, len(f.status)-1)]
}

func parseStatuses(val string) ([]int, error) {
	var codes []int
	for s := range strings.SplitSeq(val, ",") {
		code, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || code < 200 || code > 599 {
			return nil, fmt.Errorf("%q is not an HTTP status between 200 and 599", s)
		}
		codes = append(codes, code)
	}
	return codes, nil
}

func checkRetryAfter(val string) error {
	if secs, err := strconv.ParseFloat(val, 64); err == nil && secs >= 0 {
		return nil
	}
	if _, err := http.ParseTime(val); err == nil {
		return nil
	}
	return fmt.Errorf("%q is neither seconds nor an HTTP date", val)
}

func oneOf(val string, allowed ...string) error {
	for _, a := range allowed {
		if val == a {
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %s", val, strings.Join(allowed, ", "))
}

func parseDuration(val string) (time.Duration, error) {
	d, err := time.ParseDuration(val)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration like 250ms", val)
	}
	return d, nil
}

func parseCount(val string) (int, error) {
	n, err := strconv.Atoi(val)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a count (0, 1, 2, ...)", val)
	}
	return n, nil
}

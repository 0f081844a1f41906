package client_test

import (
	"bytes"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// ms is a shorthand for delays.
func ms(v ...float64) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = time.Duration(x * float64(time.Millisecond))
	}
	return out
}

// TestRetries checks each retry rule of docs/edgen-api.md: which failures are
// retried, how often, and the delay chosen each time.
func TestRetries(t *testing.T) {
	date := retryNow.Add(3 * time.Second).Format(http.TimeFormat)
	for _, tc := range []struct {
		name     string
		faults   string
		opts     []client.Option
		random   float64
		attempts int
		delays   []time.Duration
		ok       bool
	}{
		{"success after two 500s", "status=500,500,200", nil, 0, 3, ms(500, 1000), true},
		{"jitter shortens the delay", "status=500,500,200", nil, 0.5, 3, ms(437.5, 875), true},
		{"max retries then the error", "status=503", nil, 0, 3, ms(500, 1000), false},
		{"backoff doubles up to 8 s", "status=500", []client.Option{client.WithMaxRetries(6)}, 0, 7, ms(500, 1000, 2000, 4000, 8000, 8000), false},
		{"no retries", "status=500", []client.Option{client.WithMaxRetries(0)}, 0, 1, nil, false},
		{"408 retried", "status=408,200", nil, 0, 2, ms(500), true},
		{"409 retried", "status=409,200", nil, 0, 2, ms(500), true},
		{"429 retried", "status=429,200", nil, 0, 2, ms(500), true},
		{"502 retried", "status=502,200", nil, 0, 2, ms(500), true},
		{"400 not retried", "status=400,200", nil, 0, 1, nil, false},
		{"401 not retried", "status=401,200", nil, 0, 1, nil, false},
		{"403 not retried", "status=403,200", nil, 0, 1, nil, false},
		{"404 not retried", "status=404,200", nil, 0, 1, nil, false},
		{"422 not retried", "status=422,200", nil, 0, 1, nil, false},
		{"x-should-retry false wins over 500", "status=500,200;should-retry=false", nil, 0, 1, nil, false},
		{"x-should-retry true wins over 400", "status=400,400,200;should-retry=true", nil, 0, 3, ms(500, 1000), true},
		{"retry-after seconds", "status=429,429,200;retry-after=2", nil, 0.5, 3, ms(2000, 2000), true},
		{"retry-after fraction", "status=503,200;retry-after=0.25", nil, 0, 2, ms(250), true},
		{"retry-after 60 s is obeyed", "status=503,200;retry-after=60", nil, 0, 2, ms(60000), true},
		{"retry-after over 60 s is ignored", "status=503,200;retry-after=61", nil, 0, 2, ms(500), true},
		{"retry-after 0 is ignored", "status=503,200;retry-after=0", nil, 0, 2, ms(500), true},
		{"retry-after HTTP date", "status=503,200;retry-after=" + date, nil, 0, 2, ms(3000), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := edgentest.Start(t)
			c, _ := fakeClient(h, tc.opts...)
			rec := client.NoWait(c, retryNow, tc.random)
			sc := h.Scenario(tc.faults)
			_, err := c.CreateChatCompletion(background, chatRequest("hi"), with(sc)...)
			if (err == nil) != tc.ok {
				t.Errorf("err = %v, want success %v", err, tc.ok)
			}
			if n := len(requests(t, sc)); n != tc.attempts {
				t.Errorf("%d attempts, want %d", n, tc.attempts)
			}
			got := rec.Delays()
			// Chromium's network stack retries a 408 itself, before the
			// client sees it: then the client had nothing to retry.
			browserRetried := runtime.GOOS == "js" && strings.HasPrefix(tc.faults, "status=408") && len(got) == 0
			if !slices.Equal(got, tc.delays) && !browserRetried {
				t.Errorf("delays %v, want %v", got, tc.delays)
			}
		})
	}
}

// TestRetryPerRequestOption: a request option overrides the client's setting
// for that request only.
func TestRetryPerRequestOption(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h, client.WithMaxRetries(0))
	sc := h.Scenario("status=500,200")
	if _, err := c.Version(background, with(sc, client.WithMaxRetries(1))...); err != nil {
		t.Errorf("with a request's retry: %v", err)
	}
	sc = h.Scenario("status=500,200")
	if _, err := c.Version(background, with(sc)...); err == nil {
		t.Error("the client's own setting (no retries) was lost")
	}
}

// TestRetryReplaysBody: every attempt sends the same body, byte for byte,
// JSON and multipart alike.
func TestRetryReplaysBody(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)

	sc := h.Scenario("status=500,500,200")
	if _, err := c.CreateChatCompletion(background, chatRequest("replay me"), with(sc)...); err != nil {
		t.Fatal(err)
	}
	sameBodies(t, requests(t, sc), 3)

	sc = h.Scenario("status=500,200")
	audio := bytes.Repeat([]byte("RIFF"), 4096)
	_, err := c.CreateTranscription(background, client.TranscriptionRequest{File: bytes.NewReader(audio), FileName: "a.wav", Model: "m"}, with(sc)...)
	if err != nil {
		t.Fatal(err)
	}
	reqs := sameBodies(t, requests(t, sc), 2)
	// The fake parses the parts of the attempt it answers (the last).
	if p, ok := reqs[1].Part("file"); !ok || p.Size != int64(len(audio)) {
		t.Errorf("file part %+v, want %d bytes", p, len(audio))
	}
}

func sameBodies(t *testing.T, reqs []edgentest.Request, n int) []edgentest.Request {
	t.Helper()
	if len(reqs) != n {
		t.Fatalf("%d attempts, want %d", len(reqs), n)
	}
	for i, r := range reqs {
		if len(r.Body) == 0 || !bytes.Equal(r.Body, reqs[0].Body) {
			t.Errorf("attempt %d sent %d bytes, unlike the first attempt's %d", i+1, len(r.Body), len(reqs[0].Body))
		}
	}
	return reqs
}

// TestRetryTimeout: a request whose headers do not come within the timeout
// fails with a *APITimeoutError and is retried.
func TestRetryTimeout(t *testing.T) {
	h := edgentest.Start(t)
	c, rec := fakeClient(h, client.WithTimeout(100*time.Millisecond), client.WithMaxRetries(1))
	sc := h.Scenario("header-delay=1h")
	_, err := c.ChatCompletionsStatus(background, with(sc)...)
	if _, ok := as[*client.APITimeoutError](err); !ok {
		t.Fatalf("err = %T %v, want *APITimeoutError", err, err)
	}
	if _, ok := as[*client.APIConnectionError](err); !ok {
		t.Error("a *APITimeoutError is not a *APIConnectionError")
	}
	if n := len(requests(t, sc)); n != 2 || len(rec.Delays()) != 1 {
		t.Errorf("%d attempts, %d delays; want a timeout retried once", n, len(rec.Delays()))
	}
}

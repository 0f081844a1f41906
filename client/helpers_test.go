package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// retryNow is the retry clock of the tests.
var retryNow = time.Date(2024, 2, 26, 14, 0, 0, 0, time.UTC)

// waitLimit bounds every wait of the tests; passing it is a failure, never a
// timing measurement.
const waitLimit = 10 * time.Second

// fakeClient returns a client of the fake Edgen h, not logging, without an
// API key, whose retries record their delays (jitter factor 1) instead of
// waiting. The environment cannot change it.
func fakeClient(h *edgentest.Handle, opts ...client.Option) (*client.Client, *client.RetryRecorder) {
	base := []client.Option{client.WithBaseURL(h.URL), client.WithAPIKey(""), client.WithLogger(nil)}
	c := client.New(append(base, opts...)...)
	return c, client.NoWait(c, retryNow, 0)
}

// with returns the options sending the scenario's headers.
func with(sc *edgentest.Scenario, opts ...client.Option) []client.Option {
	for k, v := range sc.Header() {
		opts = append(opts, client.WithHeader(k, v[0]))
	}
	return opts
}

// requests returns what the fake received for sc.
func requests(t *testing.T, sc *edgentest.Scenario) []edgentest.Request {
	t.Helper()
	reqs, err := sc.Requests()
	if err != nil {
		t.Fatal(err)
	}
	return reqs
}

// chatRequest is a chat request saying text.
func chatRequest(text string) client.ChatCompletionRequest {
	return client.ChatCompletionRequest{Model: "fake", Messages: []client.ChatMessage{client.UserMessage(text)}}
}

// collect reads a stream to its end in another goroutine and returns the
// chunks' contents and the stream's error; it fails the test when that takes
// longer than waitLimit.
func collect(t *testing.T, s *client.Stream[client.ChatCompletionChunk]) ([]string, error) {
	t.Helper()
	type result struct {
		words []string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		for s.Next() {
			for _, ch := range s.Current().Choices {
				r.words = append(r.words, ch.Delta.Content)
			}
		}
		r.err = s.Err()
		done <- r
	}()
	select {
	case r := <-done:
		return r.words, r.err
	case <-time.After(waitLimit):
		s.Close()
		t.Fatalf("stream did not end within %v", waitLimit)
		return nil, nil
	}
}

// within runs f in another goroutine and fails the test when it does not
// return within waitLimit.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(waitLimit):
		t.Fatalf("%s did not return within %v", what, waitLimit)
	}
}

// as is errors.As returning the target.
func as[E error](err error) (E, bool) {
	var e E
	ok := errors.As(err, &e)
	return e, ok
}

// background is the context of requests that are not cancelled.
var background = context.Background()

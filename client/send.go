package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// send performs r with retries and returns the first successful (2xx)
// response; its Body ends promptly on cancellation or an idle timeout (see
// watchedBody). Connection errors, timeouts and the retryable statuses are
// retried up to cfg.maxRetries times; the caller's context ending stops
// everything with its error.
func (c *Client) send(ctx context.Context, cfg *config, r *request) (*http.Response, error) {
	base, err := r.httpRequest(cfg)
	if err != nil {
		return nil, err
	}
	for retry := 0; ; retry++ {
		resp, err := c.attempt(ctx, cfg, base, retry)
		if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var header http.Header
		retryable := true
		if err == nil {
			retryable, err = statusFailure(cfg, resp)
			header = resp.Header
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
		}
		if !retryable || retry >= cfg.maxRetries {
			return nil, err
		}
		delay := c.hook.retryDelay(retry, header)
		if logs(cfg, slog.LevelInfo) {
			cfg.logger.Info("edgen: retrying", "method", r.method, "path", r.path,
				"retry", retry+1, "delay", delay, "error", err)
		}
		if err := c.hook.sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attempt sends the request once. The wait for the headers is bounded by the
// timeout; a successful response's body is wrapped in a watchedBody.
func (c *Client) attempt(ctx context.Context, cfg *config, base *http.Request, retry int) (*http.Response, error) {
	actx, cancel := context.WithCancelCause(ctx)
	errTimeout := &timeoutError{cfg.timeout}
	req := base.Clone(actx)
	if base.GetBody != nil {
		req.Body, _ = base.GetBody() // a fresh reader over the same bytes: never fails
	}
	if logs(cfg, slog.LevelDebug) {
		cfg.logger.Debug("edgen: request", "method", req.Method, "url", req.URL.Redacted(), "attempt", retry+1)
	}
	var headerTimer *time.Timer
	if cfg.timeout > 0 {
		headerTimer = time.AfterFunc(cfg.timeout, func() { cancel(errTimeout) })
	}
	resp, err := cfg.httpClient.Do(req)
	if headerTimer != nil && !headerTimer.Stop() && err == nil {
		resp.Body.Close() // the timeout passed just as the headers came
		err = errTimeout
	}
	if err != nil {
		cause := context.Cause(actx)
		cancel(nil)
		if cause == errTimeout {
			return nil, &APITimeoutError{&APIConnectionError{Err: errTimeout}}
		}
		return nil, &APIConnectionError{Err: err}
	}
	if logs(cfg, slog.LevelDebug) {
		cfg.logger.Debug("edgen: response", "method", req.Method, "url", req.URL.Redacted(), "status", resp.StatusCode)
	}
	resp.Body = newWatchedBody(resp.Body, ctx, actx, cancel, cfg.timeout, errTimeout)
	return resp, nil
}

// statusFailure reads a response with an error status, and returns whether
// the request may be retried and the response's typed error.
func statusFailure(cfg *config, resp *http.Response) (bool, error) {
	body, _ := readAll(resp.Body) // a partial error body still describes the error
	record(cfg, resp, body)
	return shouldRetry(resp), statusError(newAPIError(resp.StatusCode, resp.Header, body))
}

// timeoutError is the cause an attempt's context is cancelled with when its
// timeout passes. Its message is made only when shown: every attempt makes
// one, and almost none time out.
type timeoutError struct{ timeout time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("no response within %v: %v", e.timeout, context.DeadlineExceeded)
}

func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }

// logs reports whether a logger is configured and takes records of level.
// Callers build a record's values only then, so that a request pays nothing
// for logging that is off; they never pass headers or the API key.
func logs(cfg *config, level slog.Level) bool {
	return cfg.logger != nil && cfg.logger.Enabled(context.Background(), level)
}

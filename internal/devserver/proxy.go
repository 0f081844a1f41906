package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// newProxy returns a reverse proxy to the Edgen API at target, for requests
// whose path is relative to the API root ("/chat/completions"). Responses
// are flushed as they arrive (server-sent events reach the browser chunk by
// chunk), and the outgoing request carries the incoming request's context,
// so a browser that goes away closes the connection to Edgen too.
func newProxy(target *url.URL, logger *log.Logger) http.Handler {
	return &httputil.ReverseProxy{
		Rewrite:       func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		FlushInterval: -1,
		ErrorLog:      logger,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if r.Context().Err() != nil {
				return // the client went away: nobody to answer
			}
			logger.Printf("proxy %s %s: %v", r.Method, r.URL.Path, err)
			http.Error(w, "Edgen at "+target.String()+" did not answer", http.StatusBadGateway)
		},
	}
}

// Probe asks the Edgen API at base for its version (GET misc/version),
// waiting at most timeout, and returns it as "major.minor.patch".
func Probe(ctx context.Context, base *url.URL, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base.JoinPath("misc/version").String(), nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", req.URL, resp.Status)
	}
	var v struct{ Major, Minor, Patch *int }
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return "", fmt.Errorf("%s: not an Edgen version: %w", req.URL, err)
	}
	if v.Major == nil || v.Minor == nil || v.Patch == nil {
		return "", errors.New(req.URL.String() + ": not an Edgen version")
	}
	return fmt.Sprintf("%d.%d.%d", *v.Major, *v.Minor, *v.Patch), nil
}

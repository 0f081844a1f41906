package devserver

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// MaxRequestBody is the largest request body the proxy forwards, as large
// as Edgen's own limit (about 100 MB): a longer one is answered 413.
const MaxRequestBody = 100 << 20

// NewTransport returns the transport of proxied requests (New's when
// Options.Transport is nil; a test wraps it to record): no proxy from the
// environment (the upstream is local), a bounded dial, bytes passed as sent
// (no transparent gzip) and enough idle connections for dozens of answers
// at a time. It has no response header or body timeout: Edgen may take
// minutes before the first byte (a model downloading) or between two
// chunks, and a stall is for the client's own timeout to cut.
func NewTransport() *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		DisableCompression:  true,
		MaxIdleConns:        128,
		MaxIdleConnsPerHost: 128,
		IdleConnTimeout:     90 * time.Second,
	}
}

// proxy forwards requests whose path is relative to the API root
// ("/chat/completions") to the API at a base URL.
type proxy struct {
	rp *httputil.ReverseProxy
}

// newProxy returns a proxy to the API at target over transport. Responses
// are flushed as they arrive (server-sent events reach the browser chunk by
// chunk), and the outgoing request carries the incoming request's context,
// so a browser that goes away ends the request to the upstream too. An
// upstream that cannot be reached is a 502 and calls unreachable (which
// asks for a new probe); an answer cut by the upstream stays cut: the
// browser's connection is aborted, never ended cleanly.
func newProxy(target *url.URL, transport http.RoundTripper, logger *log.Logger, unreachable func()) *proxy {
	return &proxy{rp: &httputil.ReverseProxy{
		Rewrite:       func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport:     transport,
		FlushInterval: -1,
		ErrorLog:      logger,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if r.Context().Err() != nil {
				return // the client went away: nobody to answer
			}
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				writeAPIError(w, http.StatusRequestEntityTooLarge, tooLarge)
				return
			}
			logger.Printf("proxy %s %s: %v", r.Method, r.URL.Path, err)
			unreachable()
			writeAPIError(w, http.StatusBadGateway, fmt.Sprintf("edgen: the server at %s did not answer: %v", target, err))
		},
	}}
}

// tooLarge is the message of a 413.
var tooLarge = fmt.Sprintf("edgen: the request body is larger than %d MB, the limit", MaxRequestBody>>20)

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > MaxRequestBody {
		writeAPIError(w, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	// Full duplex is what keeps answers whole. Without it, net/http's
	// HTTP/1.1 server, when the proxy writes the response headers (the
	// first flush of a stream), drains and closes the request body unless
	// the handler closed it already. The transport may still be reading
	// that body then: the upstream can answer as soon as it has every byte,
	// before the transport's final read that sees the end of the body. That
	// read then fails ("http: invalid Read on closed Body"), the transport
	// treats it as a failed request write and closes the connection to the
	// upstream, and the answer streaming back on it is cut mid-way. With
	// full duplex the server leaves the body to the handler.
	if err := http.NewResponseController(w).EnableFullDuplex(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		writeAPIError(w, http.StatusInternalServerError, "edgen: "+err.Error())
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBody)
	p.rp.ServeHTTP(w, r)
}

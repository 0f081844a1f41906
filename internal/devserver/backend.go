package devserver

import (
	"context"
	"log"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"
)

// watchInterval is the pause between two probes of the upstream, so that
// /v1/ and /serve-info follow it within a few seconds of it starting or
// stopping.
const watchInterval = 2 * time.Second

// failuresToLeave is how many probes in a row must fail before a server
// that answered is given up: one slow answer under load is no reason to
// switch to the fake.
const failuresToLeave = 2

// backend chooses what answers under /v1/: the upstream while it answers
// the probe, else the fake, or nothing when a real server is required.
// Each request is served whole by the choice made when it arrived.
type backend struct {
	upstream *url.URL
	probe    *http.Client
	proxy    http.Handler
	fake     http.Handler
	required bool
	local    []LocalServer // told to the page in Info
	logger   *log.Logger
	nudge    chan struct{} // asks for a probe now
	cur      atomic.Pointer[Info]
	failures int // probes failed in a row; only watch touches it
}

// ServeHTTP serves r by the current choice.
func (b *backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch info := b.cur.Load(); {
	case info.proxied():
		b.proxy.ServeHTTP(w, r)
	case info.Backend == BackendFake:
		b.fake.ServeHTTP(w, r)
	default:
		writeAPIError(w, http.StatusServiceUnavailable, "edgen: "+info.String())
	}
}

// info returns the current choice.
func (b *backend) info() Info { return *b.cur.Load() }

// fixed makes the fake the choice for good (no probing).
func (b *backend) fixed(reason string) {
	b.cur.Store(&Info{Backend: BackendFake, UpstreamURL: b.upstream.String(), Reason: reason, LocalServers: b.local})
}

// check probes the upstream once and updates the choice, logging a change.
func (b *backend) check(ctx context.Context) {
	info, err := probe(ctx, b.probe, b.upstream)
	old := b.cur.Load()
	if err != nil {
		if ctx.Err() != nil && old != nil {
			return // stopping: keep the choice
		}
		b.failures++
		if old != nil && old.proxied() && b.failures < failuresToLeave {
			return
		}
		info.Backend, info.Reason = BackendFake, err.Error()
		if b.required {
			info.Backend = BackendNone
		}
	} else {
		b.failures = 0
	}
	info.Required = b.required
	info.LocalServers = b.local
	b.cur.Store(&info)
	if old != nil && (old.Backend != info.Backend || old.Server != info.Server || old.Version != info.Version) {
		b.logger.Print(info.String())
	}
}

// unreachable asks for a probe now (the proxy could not reach the upstream).
func (b *backend) unreachable() {
	select {
	case b.nudge <- struct{}{}:
	default:
	}
}

// watch probes the upstream every watchInterval, or when nudged, until ctx
// is done.
func (b *backend) watch(ctx context.Context) {
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-b.nudge:
		}
		b.check(ctx)
	}
}

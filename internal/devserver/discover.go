package devserver

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Found is what answered at one of the usual ports when serve.go looked for
// a server on this computer.
type Found struct {
	// LocalServer is the server usually at that port.
	LocalServer
	// Info is what the probe found there: Backend, UpstreamURL and, when
	// known, Server and Version.
	Info
}

// String says what answers there in a few words, for the log.
func (f Found) String() string {
	name := f.Info.Server
	if name == "" {
		name = "an OpenAI-compatible server (" + f.LocalServer.Name + "'s port)"
	}
	return fmt.Sprintf("%s at %s", name, f.UpstreamURL)
}

// lookedFor is what discovery looked for, because nothing answered at
// missing, and what it found.
type lookedFor struct {
	missing string
	servers []LocalServer
	found   []Found
}

// String says it in a sentence, for serve.go's output.
func (l *lookedFor) String() string {
	var ports []string
	for _, s := range l.servers {
		ports = append(ports, fmt.Sprintf("%s %d", s.Name, s.Port))
	}
	looked := fmt.Sprintf("Nothing answers at %s; looked on this computer (%s): ", l.missing, strings.Join(ports, ", "))
	if len(l.found) == 0 {
		return looked + "no server answers."
	}
	var found []string
	for _, f := range l.found {
		found = append(found, f.String())
	}
	return looked + "found " + strings.Join(found, ", ") + "."
}

// discover probes servers on 127.0.0.1, all at once, and returns those
// that answer as Edgen or as an OpenAI-compatible server, in the order of
// servers. It leaves out skip (the address already probed) and any other
// serve.go, which answers /serve-info: its /v1/ is a proxy or a fake, not
// a server of its own.
func discover(ctx context.Context, client *http.Client, servers []LocalServer, skip *url.URL) []Found {
	answers := make([]*Found, len(servers))
	var wg sync.WaitGroup
	for i, s := range servers {
		base := &url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", s.Port), Path: "/v1"}
		if sameServer(base, skip) {
			continue
		}
		wg.Go(func() {
			info, err := probe(ctx, client, base)
			if err != nil || isDemoServer(ctx, client, base) {
				return
			}
			answers[i] = &Found{LocalServer: s, Info: info}
		})
	}
	wg.Wait()
	var found []Found
	for _, f := range answers {
		if f != nil {
			found = append(found, *f)
		}
	}
	return found
}

// isDemoServer reports whether a serve.go answers at base's origin.
func isDemoServer(ctx context.Context, client *http.Client, base *url.URL) bool {
	var info struct{ Backend *string }
	_, err := getJSON(ctx, client, base.ResolveReference(&url.URL{Path: "/serve-info"}), &info)
	return err == nil && info.Backend != nil
}

// sameServer reports whether a and b are the same loopback port (localhost
// and 127.0.0.1 alike), or the same host and port.
func sameServer(a, b *url.URL) bool {
	if b == nil {
		return false
	}
	loopback := func(h string) bool { return h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1" }
	if a.Port() != b.Port() {
		return false
	}
	return a.Hostname() == b.Hostname() || (loopback(a.Hostname()) && loopback(b.Hostname()))
}

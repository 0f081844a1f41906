package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Info says what a Server serves under /v1/ at the moment; it changes when
// the upstream starts or stops. It is served as JSON at /serve-info (see
// the package documentation for the contract).
type Info struct {
	// Backend is BackendEdgen, BackendCompatible, BackendFake or BackendNone.
	Backend string `json:"backend"`
	// UpstreamURL is the base URL proxied to, or probed for a server.
	UpstreamURL string `json:"upstream_url"`
	// Version is the version Edgen reported ("major.minor.patch"), only
	// when Backend is BackendEdgen.
	Version string `json:"version,omitempty"`
	// Server names the upstream when it is known ("Edgen", "ollama").
	Server string `json:"server,omitempty"`
	// Reason says why the fake or nothing is served.
	Reason string `json:"reason,omitempty"`
	// Required reports that a real server is required (no fake).
	Required bool `json:"required"`
	// LocalServers are the servers the page may look for on this
	// computer, at their usual ports.
	LocalServers []LocalServer `json:"local_servers,omitempty"`
}

// Backend names of Info.Backend.
const (
	// BackendEdgen is an Edgen, proxied.
	BackendEdgen = "edgen"
	// BackendCompatible is an OpenAI-compatible server that is not Edgen
	// (ollama, llama.cpp, vLLM, ...), proxied.
	BackendCompatible = "compatible"
	// BackendFake is the built-in fake Edgen.
	BackendFake = "fake"
	// BackendNone is nothing: no server answers and the fake is not
	// allowed, so /v1/ answers 503.
	BackendNone = "none"
)

// proxied reports that the upstream answers /v1/.
func (i Info) proxied() bool { return i.Backend == BackendEdgen || i.Backend == BackendCompatible }

// String says in a sentence what answers under /v1/, for the banner and
// the log.
func (i Info) String() string {
	switch i.Backend {
	case BackendEdgen:
		return fmt.Sprintf("Edgen %s answers at %s: /v1/ is proxied to it.", i.Version, i.UpstreamURL)
	case BackendCompatible:
		name := "An OpenAI-compatible server"
		if i.Server != "" {
			name = i.Server + ", an OpenAI-compatible server,"
		}
		return fmt.Sprintf("%s answers at %s, not Edgen (no model status or download progress): /v1/ is proxied to it.", name, i.UpstreamURL)
	case BackendNone:
		return fmt.Sprintf("Nothing answers at %s (%s), and -require allows no fake: /v1/ answers 503 until a server answers there.", i.UpstreamURL, i.Reason)
	}
	return fmt.Sprintf("No server used (%s): /v1/ is served by the built-in fake Edgen, which gives canned answers.", i.Reason)
}

// serveInfo answers /serve-info with the current Info as JSON.
func serveInfo(current func() Info) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := json.Marshal(current()) // strings and a bool cannot fail
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	}
}

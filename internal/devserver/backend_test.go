package devserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// getInfo reads /serve-info of srv, asserting its headers.
func getInfo(t *testing.T, srv *Server) Info {
	t.Helper()
	resp, err := http.Get(srv.URL + "serve-info")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var info Info
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("serve-info headers %v", resp.Header)
	}
	return info
}

// waitBackend waits (bounded) until /serve-info reports backend.
func waitBackend(t *testing.T, srv *Server, backend string) Info {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		info := getInfo(t, srv)
		if info.Backend == backend {
			return info
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve-info stayed %+v, want backend %q", info, backend)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// compatibleServer is an OpenAI-compatible server that is not Edgen: no
// misc/version, a models list, and, when ollamaVersion is set, ollama's
// /api/version.
func compatibleServer(t *testing.T, ownedBy, ollamaVersion string) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/models":
			fmt.Fprintf(w, `{"object":"list","data":[{"id":"tiny","object":"model","owned_by":%q}]}`, ownedBy)
		case r.URL.Path == "/api/version" && ollamaVersion != "":
			fmt.Fprintf(w, `{"version":%q}`, ollamaVersion)
		case r.URL.Path == "/v1/chat/completions":
			io.WriteString(w, `{"choices":[]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func TestProbeTellsServersApart(t *testing.T) {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	nothing := httptest.NewServer(http.NotFoundHandler())
	defer nothing.Close()
	for _, c := range []struct {
		name, url, backend, server, version string
	}{
		{"edgen", fake.URL, BackendEdgen, "Edgen", "0.1.5"},
		{"ollama-like", compatibleServer(t, "library", "0.17.4").URL + "/v1", BackendCompatible, "ollama", ""},
		{"llama.cpp-like", compatibleServer(t, "llamacpp", "").URL + "/v1", BackendCompatible, "llama.cpp", ""},
		{"unnamed", compatibleServer(t, "someone", "").URL + "/v1", BackendCompatible, "", ""},
	} {
		srv, _ := start(t, Options{EdgenURL: c.url})
		info := getInfo(t, srv)
		want := Info{Backend: c.backend, UpstreamURL: strings.TrimSuffix(c.url, "/"), Server: c.server, Version: c.version, LocalServers: UsualServers}
		if !reflect.DeepEqual(info, want) {
			t.Errorf("%s: serve-info %+v, want %+v", c.name, info, want)
		}
		if !strings.Contains(info.String(), "proxied") {
			t.Errorf("%s: %q", c.name, info.String())
		}
	}
	srv, _ := start(t, Options{EdgenURL: nothing.URL + "/v1"})
	if info := getInfo(t, srv); info.Backend != BackendFake || !strings.Contains(info.Reason, "answers, but neither") {
		t.Errorf("a server without the API: %+v", info)
	}
}

func TestProbeFindsOllama(t *testing.T) {
	ollama := peertest.Ollama(t)
	srv, _ := start(t, Options{EdgenURL: ollama})
	info := getInfo(t, srv)
	if info.Backend != BackendCompatible || info.Server != "ollama" || info.UpstreamURL != strings.TrimSuffix(ollama, "/") {
		t.Fatalf("serve-info %+v, want ollama as a compatible server", info)
	}
	if s := info.String(); !strings.Contains(s, "ollama, an OpenAI-compatible server, answers at "+info.UpstreamURL+", not Edgen (no model status or download progress)") {
		t.Errorf("banner %q", s)
	}
	resp, err := http.Get(srv.URL + "v1/models")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"id":"tiny`) {
		t.Errorf("ollama's models through the proxy: %d %s", resp.StatusCode, body)
	}
}

// switchable is an upstream on a fixed loopback port that can stop and
// start again.
type switchable struct {
	t    *testing.T
	addr string
	hs   *httptest.Server
}

func newSwitchable(t *testing.T) *switchable {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &switchable{t: t, addr: ln.Addr().String()}
	ln.Close()
	t.Cleanup(s.stop)
	return s
}

func (s *switchable) url() string { return "http://" + s.addr + "/edgen/v1" }

// start serves a fake Edgen on the address again.
func (s *switchable) start() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("the upstream's port is taken meanwhile: %v", err)
	}
	fake := edgentest.New(edgentest.Config{})
	mux := http.NewServeMux()
	mux.Handle(edgentest.BasePath, http.StripPrefix("/edgen/v1", fake))
	s.hs = &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux}}
	s.hs.Start()
}

func (s *switchable) stop() {
	if s.hs != nil {
		s.hs.Close()
		s.hs = nil
	}
}

func TestFollowsTheUpstreamComingAndGoing(t *testing.T) {
	t.Parallel()
	up := newSwitchable(t)
	srv, _ := start(t, Options{EdgenURL: up.url()})
	if info := getInfo(t, srv); info.Backend != BackendFake || info.Required || !strings.Contains(info.Reason, "nothing answers") {
		t.Fatalf("at start: %+v", info)
	}
	up.start()
	if info := waitBackend(t, srv, BackendEdgen); info.Version != "0.1.5" || info.Reason != "" {
		t.Errorf("once it started: %+v", info)
	}
	up.stop()
	waitBackend(t, srv, BackendFake)
	up.start()
	waitBackend(t, srv, BackendEdgen)
}

func TestRequireServesNoFake(t *testing.T) {
	t.Parallel()
	up := newSwitchable(t)
	srv, _ := start(t, Options{EdgenURL: up.url(), Require: true})
	info := getInfo(t, srv)
	if info.Backend != BackendNone || !info.Required || info.Reason == "" {
		t.Fatalf("serve-info %+v", info)
	}
	if s := info.String(); !strings.HasPrefix(s, "Nothing answers at "+up.url()) || !strings.Contains(s, "-require") {
		t.Errorf("banner %q", s)
	}
	resp, err := http.Post(srv.URL+"v1/chat/completions", "application/json", strings.NewReader(chatBody))
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ Error struct{ Message string } }
	err = json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || err != nil || !strings.HasPrefix(e.Error.Message, "edgen: Nothing answers at") {
		t.Errorf("chat without a server: %d %+v %v", resp.StatusCode, e, err)
	}
	up.start()
	if info := waitBackend(t, srv, BackendEdgen); !info.Required {
		t.Errorf("serve-info %+v", info)
	}
	up.stop()
	waitBackend(t, srv, BackendNone)
}

func TestForceFakeAndRequireExcludeEachOther(t *testing.T) {
	if _, err := New(t.Context(), Options{Addr: "127.0.0.1:0", WebDir: t.TempDir(), EdgenURL: "http://127.0.0.1:1/v1", ForceFake: true, Require: true}); err == nil {
		t.Error("New accepted ForceFake with Require")
	}
}

func TestNewWithAnEndedContextStillChooses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	srv, err := New(ctx, Options{Addr: "127.0.0.1:0", WebDir: t.TempDir(), EdgenURL: "http://127.0.0.1:1/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if info := srv.Info(); info.Backend != BackendFake || info.Reason == "" {
		t.Errorf("serve-info %+v", info)
	}
	if err := srv.Serve(ctx); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

package devserver

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// portOf is the port of a server's URL.
func portOf(t *testing.T, rawURL string) int {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	p, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// closedPort is a loopback port nothing listens on: one that was just free.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// fakeAtV1 is the fake Edgen under /v1/, where Edgen has its API.
func fakeAtV1(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/v1/", http.StripPrefix("/v1", edgentest.New(edgentest.Config{})))
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// foundNames lists each Found as "name: server at url".
func foundNames(found []Found) []string {
	var names []string
	for _, f := range found {
		names = append(names, f.LocalServer.Name+": "+f.String())
	}
	return names
}

func TestDiscoverFollowsTheFirstServerThatAnswers(t *testing.T) {
	missing := closedPort(t)
	ollama := compatibleServer(t, "library", "")
	otherDemo, _ := start(t, Options{EdgenURL: "http://127.0.0.1:1/v1", ForceFake: true})
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><p>a router"))
	}))
	defer html.Close()
	servers := []LocalServer{
		{Name: "Edgen", Port: missing},
		{Name: "llama.cpp", Port: portOf(t, otherDemo.URL)}, // another serve.go: its fake is no server of its own
		{Name: "vLLM", Port: portOf(t, html.URL)},           // answers, but not the API
		{Name: "ollama", Port: portOf(t, ollama.URL), OwnedBy: "library"},
	}
	edgen := "http://127.0.0.1:" + strconv.Itoa(missing) + "/v1"
	srv, _ := start(t, Options{EdgenURL: edgen, Discover: true, LocalServers: servers})
	want := "http://127.0.0.1:" + strconv.Itoa(portOf(t, ollama.URL)) + "/v1"
	info := getInfo(t, srv)
	if info.Backend != BackendCompatible || info.Server != "ollama" || info.UpstreamURL != want {
		t.Errorf("serve-info %+v, want ollama at %s", info, want)
	}
	if !reflect.DeepEqual(info.LocalServers, servers) {
		t.Errorf("serve-info's local servers %+v, want %+v", info.LocalServers, servers)
	}
	if got := foundNames(srv.Found()); !reflect.DeepEqual(got, []string{"ollama: ollama at " + want}) {
		t.Errorf("found %q", got)
	}
	d := srv.Discovery()
	for _, w := range []string{"Nothing answers at " + edgen, "looked on this computer (Edgen " + strconv.Itoa(missing), "found ollama at " + want + "."} {
		if !strings.Contains(d, w) {
			t.Errorf("discovery %q lacks %q", d, w)
		}
	}
	resp, err := http.Get(srv.URL + "v1/models")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/v1/models through the server found: %s", resp.Status)
	}
}

func TestDiscoverFindingNothingFallsBackToTheFake(t *testing.T) {
	missing := closedPort(t)
	srv, _ := start(t, Options{EdgenURL: "http://127.0.0.1:" + strconv.Itoa(missing) + "/v1", Discover: true,
		LocalServers: []LocalServer{{Name: "Edgen", Port: missing}, {Name: "Jan", Port: closedPort(t)}}})
	if info := getInfo(t, srv); info.Backend != BackendFake {
		t.Errorf("serve-info %+v, want the fake", info)
	}
	if d := srv.Discovery(); !strings.HasSuffix(d, ": no server answers.") || !strings.Contains(d, "Jan ") {
		t.Errorf("discovery %q", d)
	}
}

func TestDiscoverLooksOnlyWhenEdgenIsMissing(t *testing.T) {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	ollama := compatibleServer(t, "library", "")
	srv, _ := start(t, Options{EdgenURL: fake.URL, Discover: true, LocalServers: []LocalServer{{Name: "ollama", Port: portOf(t, ollama.URL)}}})
	if info := getInfo(t, srv); info.Backend != BackendEdgen || srv.Discovery() != "" || srv.Found() != nil {
		t.Errorf("serve-info %+v, discovery %q: want Edgen, without looking", info, srv.Discovery())
	}
}

// TestDiscoverRealServers looks at the ports of real ollama and Prism (the
// peers, at their own ports) and of the fake on the port given as Edgen's:
// each is found and named as far as it tells, in the list's order, and
// the first is followed.
func TestDiscoverRealServers(t *testing.T) {
	ollama, prism := peertest.Ollama(t), peertest.Prism(t)
	fake := fakeAtV1(t)
	servers := []LocalServer{
		{Name: "Edgen", Port: portOf(t, fake.URL)},
		{Name: "ollama", Port: portOf(t, ollama), OwnedBy: "library"},
		{Name: "LM Studio", Port: portOf(t, prism), OwnedBy: "organization_owner"},
	}
	missing := "http://127.0.0.1:" + strconv.Itoa(closedPort(t)) + "/v1"
	srv, _ := start(t, Options{EdgenURL: missing, Discover: true, LocalServers: servers})
	want := []string{
		"Edgen: Edgen at http://127.0.0.1:" + strconv.Itoa(portOf(t, fake.URL)) + "/v1",
		"ollama: ollama at " + strings.TrimSuffix(ollama, "/"),
		"LM Studio: an OpenAI-compatible server (LM Studio's port) at " + strings.TrimSuffix(prism, "/"),
	}
	if got := foundNames(srv.Found()); !reflect.DeepEqual(got, want) {
		t.Errorf("found\n%q\nwant\n%q", got, want)
	}
	if info := getInfo(t, srv); info.Backend != BackendEdgen {
		t.Errorf("serve-info %+v, want the fake Edgen found first", info)
	}
	srv, _ = start(t, Options{EdgenURL: missing, Discover: true, LocalServers: servers[1:]})
	if info := getInfo(t, srv); info.Backend != BackendCompatible || info.Server != "ollama" {
		t.Errorf("serve-info %+v, want ollama, found first without Edgen", info)
	}
}

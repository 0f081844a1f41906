package devserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// rawStatus sends a request line, a Host header, more header lines and a
// JSON body (when not empty) byte for byte and returns the answer's status.
func rawStatus(t *testing.T, srv *Server, method, target, host, body string, header ...string) int {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	conn, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, target, host)
	for _, h := range header {
		fmt.Fprintf(conn, "%s\r\n", h)
	}
	if body != "" {
		fmt.Fprintf(conn, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	fmt.Fprint(conn, "\r\n"+body)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s (Host %s): %v", method, target, host, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestHostMustBeThisServer(t *testing.T) {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	srv, _ := start(t, Options{EdgenURL: fake.URL})
	_, port, _ := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/"))
	for host, want := range map[string]int{
		"127.0.0.1:" + port:        200,
		"localhost:" + port:        200,
		"LOCALHOST:" + port:        200,
		"[::1]:" + port:            200,
		"127.0.0.2:" + port:        200,
		"evil.example:" + port:     403,
		"evil.example":             403,
		"127.0.0.1.nip.io:" + port: 403,
		"localhost.evil:" + port:   403,
		"127.0.0.1:1" + port:       403,
		"192.0.2.1:" + port:        403,
	} {
		for _, target := range []string{"/v1/models", "/serve-info", "/"} {
			got := rawStatus(t, srv, "GET", target, host, "")
			if want == 200 && target == "/" {
				want = 404 // the web directory is empty
			}
			if got != want {
				t.Errorf("GET %s with Host %s: %d, want %d", target, host, got, want)
			}
		}
	}
}

func TestCrossOriginAPIRequestsAreRefused(t *testing.T) {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	srv, _ := start(t, Options{EdgenURL: fake.URL})
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	for _, c := range []struct {
		method, origin string
		want           int
	}{
		{"GET", "", 200},
		{"GET", "http://" + host, 200},
		{"POST", "http://" + host, 200},
		{"GET", "http://evil.example", 403},
		{"POST", "http://evil.example", 403},
		{"OPTIONS", "http://evil.example", 204}, // a preflight goes through, so the request itself meets the 403
		{"POST", "null", 403},
		{"POST", "http://localhost:1", 403},
		{"POST", "https://" + host, 403},
	} {
		target, body, header := "/v1/models", "", []string{"Access-Control-Request-Method: POST"}
		if c.origin != "" {
			header = append(header, "Origin: "+c.origin)
		}
		if c.method == "POST" {
			target, body = "/v1/chat/completions", chatBody
		}
		got := rawStatus(t, srv, c.method, target, host, body, header...)
		if got != c.want {
			t.Errorf("%s %s from %q: %d, want %d", c.method, target, c.origin, got, c.want)
		}
	}
}

// TestRefusalsAreReadable: a refused request's 403 carries
// Access-Control-Allow-Origin: *, and its preflight passes, so that a page
// elsewhere (the connection doctor) reads why, whatever its origin.
func TestRefusalsAreReadable(t *testing.T) {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	srv, _ := start(t, Options{EdgenURL: fake.URL})
	for _, c := range []struct{ name, url, host, origin string }{
		{"foreign Host", srv.URL + "v1/models", "edgen.example", ""},
		{"foreign Origin", srv.URL + "v1/models", "", "http://evil.example"},
	} {
		for _, method := range []string{http.MethodOptions, http.MethodGet} {
			req, err := http.NewRequest(method, c.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.host != "" {
				req.Host = c.host
			}
			if c.origin != "" {
				req.Header.Set("Origin", c.origin)
			}
			want := http.StatusForbidden
			if method == http.MethodOptions {
				req.Header.Set("Access-Control-Request-Method", "GET")
				req.Header.Set("Access-Control-Request-Headers", "content-type")
				want = http.StatusNoContent
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			h := resp.Header
			if resp.StatusCode != want || h.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s, %s: %s %v", c.name, method, resp.Status, h)
			}
			if method == http.MethodOptions && h.Get("Access-Control-Allow-Headers") != "content-type" {
				t.Errorf("%s: the preflight allows the headers %q", c.name, h.Get("Access-Control-Allow-Headers"))
			}
			if method == http.MethodGet && !strings.Contains(string(body), "edgen: ") {
				t.Errorf("%s: the refusal says %s", c.name, body)
			}
		}
	}
}

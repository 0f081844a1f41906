package client_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// TestAuthorization: the header is sent only when a key is set (a browser
// fails the preflight of any cross-origin request carrying it).
func TestAuthorization(t *testing.T) {
	h := edgentest.Start(t)
	for _, tc := range []struct {
		name   string
		client []client.Option
		req    []client.Option
		want   string
	}{
		{"no key", nil, nil, ""},
		{"client key", []client.Option{client.WithAPIKey("sk-1")}, nil, "Bearer sk-1"},
		{"request key", nil, []client.Option{client.WithAPIKey("sk-2")}, "Bearer sk-2"},
		{"request clears the key", []client.Option{client.WithAPIKey("sk-1")}, []client.Option{client.WithAPIKey("")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := fakeClient(h, tc.client...)
			sc := h.Scenario("")
			if _, err := c.Version(background, with(sc, tc.req...)...); err != nil {
				t.Fatal(err)
			}
			hdr := requests(t, sc)[0].Header
			if got := hdr.Get("Authorization"); got != tc.want {
				t.Errorf("Authorization = %q, want %q", got, tc.want)
			}
			if _, sent := hdr["Authorization"]; sent != (tc.want != "") {
				t.Errorf("Authorization sent: %v", sent)
			}
		})
	}
}

func TestEnvironment(t *testing.T) {
	h := edgentest.Start(t)
	t.Setenv("EDGEN_BASE_URL", strings.TrimSuffix(h.URL, "/"))
	t.Setenv("EDGEN_API_KEY", "sk-env")
	t.Setenv("EDGEN_LOG", "debug")
	c := client.New()
	if c.BaseURL() != h.URL {
		t.Errorf("BaseURL = %q, want %q (trailing slash added)", c.BaseURL(), h.URL)
	}
	if !client.HasLogger(c) {
		t.Error("EDGEN_LOG=debug gives no logger")
	}
	sc := h.Scenario("")
	if _, err := c.Version(background, with(sc, client.WithLogger(nil))...); err != nil {
		t.Fatal(err)
	}
	if got := requests(t, sc)[0].Header.Get("Authorization"); got != "Bearer sk-env" {
		t.Errorf("Authorization = %q, want the key of EDGEN_API_KEY", got)
	}

	t.Setenv("EDGEN_BASE_URL", "")
	t.Setenv("EDGEN_LOG", "")
	c = client.New()
	if c.BaseURL() != client.DefaultBaseURL || client.HasLogger(c) {
		t.Errorf("defaults: BaseURL %q, logging %v", c.BaseURL(), client.HasLogger(c))
	}
	for _, u := range []string{"http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1/", "http://127.0.0.1:1/v1//"} {
		if got := client.New(client.WithBaseURL(u)).BaseURL(); got != "http://127.0.0.1:1/v1/" {
			t.Errorf("WithBaseURL(%q) gives %q", u, got)
		}
	}
}

// TestHeaders: request options apply after the client's, for that request only.
func TestHeaders(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h, client.WithHeader("X-App", "client"), client.WithHeader("X-Keep", "yes"))
	sc := h.Scenario("")
	if _, err := c.Version(background, with(sc, client.WithHeader("X-App", "request"), client.WithHeader("X-Keep", ""))...); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Version(background, with(sc)...); err != nil {
		t.Fatal(err)
	}
	reqs := requests(t, sc)
	if got := reqs[0].Header; got.Get("X-App") != "request" || got.Get("X-Keep") != "" {
		t.Errorf("request headers %v: the request options did not win", got)
	}
	if got := reqs[1].Header; got.Get("X-App") != "client" || got.Get("X-Keep") != "yes" {
		t.Errorf("request headers %v: a request option leaked into the client", got)
	}
	if got := reqs[1].Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
}

func TestResponseInto(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	var raw client.Response
	v, err := c.Version(background, client.WithResponseInto(&raw))
	if err != nil {
		t.Fatal(err)
	}
	var again client.Version
	if err := json.Unmarshal(raw.Body, &again); err != nil || again.Patch != v.Patch {
		t.Errorf("raw body %q does not hold the version", raw.Body)
	}
	if raw.StatusCode != 200 || raw.Header.Get("Content-Type") != "application/json" {
		t.Errorf("raw = %d %v", raw.StatusCode, raw.Header)
	}
}

// TestLogging: the logger sees requests and retries, never the API key.
func TestLogging(t *testing.T) {
	h := edgentest.Start(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := fakeClient(h, client.WithLogger(logger), client.WithAPIKey("sk-secret-key"))
	sc := h.Scenario("status=500,200")
	if _, err := c.Version(background, with(sc)...); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"edgen: request", "edgen: retrying", "status=500", "status=200", "misc/version"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "sk-secret") {
		t.Errorf("the API key was logged:\n%s", out)
	}
}

// TestDo covers the body and out forms of the low-level call.
func TestDo(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h)
	chat := `{"model":"fake","messages":[{"role":"user","content":"raw"}]}`

	for _, tc := range []struct {
		name string
		body any
		opts []client.Option
	}{
		{"RawMessage", json.RawMessage(chat), nil},
		{"bytes", []byte(chat), nil},
		{"reader", strings.NewReader(chat), []client.Option{client.WithHeader("Content-Type", "application/json")}},
		{"value", chatRequest("raw"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := h.Scenario("")
			var out json.RawMessage
			if err := c.Do(background, "POST", "/chat/completions", tc.body, &out, with(sc, tc.opts...)...); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "You said: raw") {
				t.Errorf("out = %s", out)
			}
			r := requests(t, sc)[0]
			if r.Header.Get("Content-Type") != "application/json" || !json.Valid(r.Body) {
				t.Errorf("sent %q as %q", r.Body, r.Header.Get("Content-Type"))
			}
		})
	}
	var b []byte
	if err := c.Do(background, "GET", "misc/version", nil, &b); err != nil || !json.Valid(b) {
		t.Errorf("out *[]byte = %q, %v", b, err)
	}
	var v struct{ Patch int }
	if err := c.Do(background, "GET", "misc/version", nil, &v); err != nil || v.Patch != 5 {
		t.Errorf("typed out = %+v, %v", v, err)
	}
	if err := c.Do(background, "GET", "misc/version", nil, nil); err != nil {
		t.Errorf("nil out: %v", err)
	}
	if err := c.Do(background, "GET", "misc/version", nil, new(int)); err == nil {
		t.Error("decoding into the wrong type did not fail")
	}
	if err := c.Do(background, "POST", "embeddings", func() {}, nil); err == nil {
		t.Error("an unencodable body was sent")
	}
}

// TestNonStreamTimeout: the timeout also bounds the wait for the rest of a
// whole answer's body.
func TestNonStreamTimeout(t *testing.T) {
	h := edgentest.Start(t)
	c, _ := fakeClient(h, client.WithTimeout(200*time.Millisecond))
	sc := h.Scenario("stall-after=5")
	_, err := c.Version(background, with(sc)...)
	if _, ok := as[*client.APITimeoutError](err); !ok {
		t.Errorf("err = %T %v, want *APITimeoutError", err, err)
	}
	sc = h.Scenario("drop-after=5")
	_, err = c.Version(background, with(sc)...)
	if _, ok := as[*client.APIConnectionError](err); !ok {
		t.Errorf("err = %T %v, want *APIConnectionError", err, err)
	}
}

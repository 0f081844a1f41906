//go:build !js

package wasmtest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPageErrors checks the words of each failure: an error event inside a
// stream, a 405, a 502 from the proxy in front of Edgen, a server that dies
// mid-answer (next to the half answer it sent), an unknown model (404 with
// the server's own message, not "wrong address"); and that Settings accept
// exactly the server URLs the page can reach.
func TestPageErrors(t *testing.T) {
	s := startPage(t)
	for _, c := range []struct {
		name   string
		faults string
		reply  http.HandlerFunc
		kind   string   // the error box's kind line
		title  string   // its title
		words  []string // in its text
		not    []string // never in its title and text
		half   bool     // part of the answer shows above the error
	}{
		{
			name: "ErrorEventInStream", faults: "error-after=3", kind: "APIError",
			title: "The server stopped the answer with an error.", half: true,
			not: []string{"status 200", "did not succeed", "can't be reached"},
		},
		{
			name: "MethodNotAllowed", kind: "APIStatusError · 405",
			reply: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Allow", "GET")
				w.WriteHeader(http.StatusMethodNotAllowed)
			},
			title: "The server does not take this request at this address.", words: []string{"(405)"},
			not: []string{"can't be reached", "Nothing answer"},
		},
		{
			name: "UpstreamBadGateway", kind: "InternalServerError · 502",
			reply: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "Edgen at http://127.0.0.1:33322/v1 did not answer", http.StatusBadGateway)
			},
			title: "The server behind this page did not answer.",
			words: []string{"Edgen at http://127.0.0.1:33322/v1 did not answer"},
			not:   []string{"can't be reached", "Nothing answer"},
		},
		{
			name: "ServerDiesMidAnswer", faults: "drop-after=3", kind: "APIConnectionError",
			title: "The connection broke in the middle of the answer.", words: []string{"kept above"}, half: true,
			not: []string{"Nothing answered"},
		},
		{
			name: "UnknownModel", kind: "NotFoundError · 404",
			reply: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				w.Write([]byte(`{"error":{"message":"model \"nope\" not found, try pulling it first","type":"api_error","param":null,"code":null}}`))
			},
			title: "The server does not know this model.", words: []string{`model "nope" not found, try pulling it first`},
			not: []string{"no such address", "/v1"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.faults.set(c.faults + ";should-retry=false")
			if c.reply != nil {
				s.faults.answerWith(c.reply)
			}
			s.send(t, "Please answer "+c.name)
			s.waitFor(t, "the error", `document.querySelector("#messages .msg-assistant:last-child .msg-error")`)
			box := eval[[]string](t, s, `(() => {
				const m = document.querySelector("#messages .msg-assistant:last-child");
				return [m.querySelector(".error-kind").textContent, m.querySelector(".error-title").textContent,
					m.querySelector(".error-text").textContent, m.querySelector(".msg-body").textContent.trim()];
			})()`)
			kind, title, text, body := box[0], box[1], box[2], box[3]
			if kind != c.kind || title != c.title {
				t.Errorf("error %q: %q, want %q: %q (text %q)", kind, title, c.kind, c.title, text)
			}
			for _, w := range c.words {
				if !strings.Contains(text, w) {
					t.Errorf("error text %q lacks %q", text, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(title+text, w) {
					t.Errorf("error %q %q says %q", title, text, w)
				}
			}
			if half := body != ""; half != c.half {
				t.Errorf("answer text above the error %q, want some: %v", body, c.half)
			}
		})
	}
	s.faults.set("")
	t.Run("SettingsRefuseUnreachableURLs", func(t *testing.T) { s.settingsRefuse(t) })
	t.Run("ThreeServerStates", func(t *testing.T) { s.threeStates(t) })
}

func (s *pageSession) settingsRefuse(t *testing.T) {
	for _, c := range []struct {
		url    string
		reason string // "" = accepted
	}{
		{"http://example.com/v1", "security policy blocks example.com"},
		{"ftp://127.0.0.1/v1", "over http, not ftp"},
		{"https://127.0.0.1:33322/v1", "Use http://"},
		{"not a url", "not an address"},
		{"localhost:33322/v1", "Start the address with http://"},
		{"http://localhost:33322/v1", ""},
		{"http://[::1]:11434/v1", "use http://127.0.0.1:11434/v1"},
		{"/v1", ""},
	} {
		s.do(t, chromedp.Click(chromedp.ID("open-settings")))
		s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
		s.do(t, fill("set-base-url", c.url), chromedp.Click(chromedp.ID("settings-save")))
		if c.reason == "" {
			s.waitFor(t, "the dialog to close on "+c.url, `!document.getElementById("settings").open`)
			continue
		}
		s.waitFor(t, "the refusal of "+c.url, `!document.getElementById("set-base-url-error").hidden`)
		got := eval[string](t, s, `document.getElementById("set-base-url-error").textContent`)
		if !strings.Contains(got, c.reason) {
			t.Errorf("%s refused with %q, want it to say %q", c.url, got, c.reason)
		}
		if focused := eval[string](t, s, `document.activeElement.id`); focused != "set-base-url" {
			t.Errorf("focus on %q after a refused URL", focused)
		}
		s.do(t, chromedp.Click(chromedp.CSS(`#settings-form button[value=cancel]`)))
		s.waitFor(t, "the dialog to close", `!document.getElementById("settings").open`)
	}
	if got := eval[string](t, s, `JSON.parse(localStorage.getItem("edgen-chat.settings.v1")).baseURL`); got != strings.TrimSuffix(s.url, "/")+"/v1" {
		t.Errorf("saved server URL %q, want the page's own /v1", got)
	}
}

// threeStates points the page at nothing, at an OpenAI-compatible server
// that is not Edgen (it answers models, not misc/version or the status
// routes) and back at the fake Edgen, and reads the status line.
func (s *pageSession) threeStates(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nothing := "http://" + ln.Addr().String() + "/v1"
	ln.Close()
	compatible := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		if r.Method == http.MethodGet && r.URL.Path == "/v1/models" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"object":"list","data":[{"id":"tiny","object":"model","created":1,"owned_by":"library"}]}`))
			return
		}
		http.NotFound(w, r)
	}))
	defer compatible.Close()
	for _, c := range []struct{ url, state, text string }{
		{nothing, "down", "Not connected: nothing answers at " + nothing},
		{compatible.URL + "/v1", "compatible", "Connected to an OpenAI-compatible server, not Edgen · 1 model"},
		{"/v1", "ok", "Connected to Edgen"},
	} {
		s.do(t, chromedp.Click(chromedp.ID("open-settings")))
		s.waitFor(t, "the dialog", `document.getElementById("settings").open`)
		s.do(t, fill("set-base-url", c.url), chromedp.Click(chromedp.ID("settings-save")))
		s.waitFor(t, "the status of "+c.url, `document.getElementById("server-status").dataset.state === "`+c.state+`"`)
		if got := eval[string](t, s, `document.getElementById("status-text").textContent`); !strings.HasPrefix(got, c.text) {
			t.Errorf("status for %s: %q, want %q", c.url, got, c.text)
		}
		if c.state == "compatible" {
			models := eval[[]string](t, s, `[...document.getElementById("model-pick").options].map((o) => o.value)`)
			if len(models) != 2 || models[1] != "tiny" {
				t.Errorf("models of the compatible server %q, want default and tiny", models)
			}
		}
	}
}

//go:build !js

package wasmtest

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// firefoxPath is Debian's Firefox ESR (apt-get install -y firefox-esr).
const firefoxPath = "/usr/bin/firefox-esr"

// firefoxPrefs go into the fresh profile's user.js: no first-run pages, no
// update or telemetry traffic while the tests run. The remote agent adds
// its own recommended preferences for automation on top.
const firefoxPrefs = `user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("app.update.disabledForTesting", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.region.network.url", "");
user_pref("messaging-system.rsexperimentloader.enabled", false);
`

// firefoxListening is the line Firefox prints once WebDriver BiDi listens.
var firefoxListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// firefoxEngine is a tab of headless Firefox driven over WebDriver BiDi.
type firefoxEngine struct {
	conn    *bidiConn
	context string // the tab's browsing context id
	window  string // the browsing context of Firefox's own window (its toolbar, its sidebar, its settings)
	product string
	seen    *syncBuffer // the tab's errors, from log.entryAdded
}

// startFirefox starts Firefox ESR headless with a fresh profile and
// WebDriver BiDi on a free port of 127.0.0.1, opens a session and returns
// its first tab; Firefox stops when the test ends. BiDi also reaches
// Firefox's own window (--remote-allow-system-access, moz:scope "chrome"),
// where the tests set preferences and find the extension's button.
func startFirefox(t *testing.T) *firefoxEngine {
	t.Helper()
	if _, err := os.Stat(firefoxPath); err != nil {
		t.Fatalf("%s is missing (%v): run `make deps` (apt-get install -y firefox-esr)", firefoxPath, err)
	}
	profile := t.TempDir()
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, firefoxPath, "--headless", "--no-remote", "--profile", profile,
		"--remote-debugging-port=0", "--remote-allow-system-access", "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.WaitDelay = 5 * time.Second
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // gone with a test binary that dies
	output := new(syncBuffer)
	cmd.Stdout = output
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting %s: %v", firefoxPath, err)
	}
	t.Cleanup(func() { // before t.TempDir's removal of the profile
		cancel()
		_ = cmd.Wait() // killed: its error says so
	})
	listening := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			fmt.Fprintln(output, s.Text())
			if m := firefoxListening.FindStringSubmatch(s.Text()); m != nil {
				listening <- m[1]
			}
		}
		close(listening)
	}()
	var ws string
	select {
	case ws = <-listening:
	case <-time.After(engineStart):
	}
	if ws == "" {
		t.Fatalf("Firefox did not start WebDriver BiDi within %v:\n%s", engineStart, tail(output.String(), 30))
	}
	f := &firefoxEngine{seen: new(syncBuffer)}
	f.conn, err = dialBiDi(ws+"/session", f.event)
	if err != nil {
		t.Fatalf("connecting to Firefox's WebDriver BiDi at %s: %v", ws, err)
	}
	t.Cleanup(f.conn.close) // first of the cleanups: before Firefox is killed
	var session struct {
		Capabilities struct{ BrowserName, BrowserVersion string }
	}
	if err := f.conn.call("session.new", map[string]any{"capabilities": map[string]any{
		"alwaysMatch": map[string]any{"unhandledPromptBehavior": map[string]string{"default": "dismiss"}},
	}}, &session); err != nil {
		t.Fatalf("session.new: %v", err)
	}
	f.product = session.Capabilities.BrowserName + " " + session.Capabilities.BrowserVersion
	var tree struct{ Contexts []struct{ Context string } }
	if err := f.conn.call("browsingContext.getTree", map[string]any{}, &tree); err != nil || len(tree.Contexts) == 0 {
		t.Fatalf("browsingContext.getTree: %v (%d tabs)", err, len(tree.Contexts))
	}
	f.context = tree.Contexts[0].Context
	if err := f.conn.call("browsingContext.getTree", map[string]any{"moz:scope": "chrome"}, &tree); err != nil || len(tree.Contexts) == 0 {
		t.Fatalf("Firefox's own window (moz:scope chrome): %v (%d windows)", err, len(tree.Contexts))
	}
	f.window = tree.Contexts[0].Context
	if err := f.conn.call("session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil); err != nil {
		t.Fatalf("session.subscribe: %v", err)
	}
	return f
}

func (f *firefoxEngine) name() string    { return "firefox" }
func (f *firefoxEngine) version() string { return f.product }

func (f *firefoxEngine) open(u string) error {
	return f.conn.call("browsingContext.navigate", map[string]any{"context": f.context, "url": u, "wait": "complete"}, nil)
}

// remoteValue is the part of a BiDi script result the engine reads.
type remoteValue struct {
	Type     string          `json:"type"` // string, node, ...
	Value    json.RawMessage `json:"value"`
	SharedID string          `json:"sharedId"` // of a node
}

// evaluate runs script.evaluate in the tab and returns the value, or the
// exception it threw as an error.
func (f *firefoxEngine) evaluate(expr string, await bool) (remoteValue, error) {
	return f.evaluateIn(f.context, expr, await)
}

// evaluateIn runs script.evaluate in the browsing context (a tab, or with
// --remote-allow-system-access a window of the browser itself) and returns
// the value, or the exception it threw as an error.
func (f *firefoxEngine) evaluateIn(context, expr string, await bool) (remoteValue, error) {
	var res struct {
		Type             string      `json:"type"` // success, exception
		Result           remoteValue `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := f.conn.call("script.evaluate", map[string]any{
		"expression": expr, "target": map[string]string{"context": context},
		"awaitPromise": await, "resultOwnership": "none",
	}, &res)
	if err == nil && res.Type == "exception" {
		err = fmt.Errorf("%s threw %s", short(expr), res.ExceptionDetails.Text)
	}
	return res.Result, err
}

func (f *firefoxEngine) eval(expr string, out any) error {
	return f.evalIn(f.context, expr, out)
}

// evalIn is eval in the browsing context.
func (f *firefoxEngine) evalIn(context, expr string, out any) error {
	v, err := f.evaluateIn(context, jsonOf(expr), true)
	if err != nil {
		return err
	}
	var text string
	if err := json.Unmarshal(v.Value, &text); err != nil {
		return fmt.Errorf("%s gave a %s, not its JSON text: %w", short(expr), v.Type, err)
	}
	return decodeJSON(text, expr, out)
}

// element scrolls the element the selector matches into view and returns
// its shared reference, for input actions.
func (f *firefoxEngine) element(selector string) (map[string]string, error) {
	v, err := f.evaluate(fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el) throw new Error("no element matches " + %[1]s);
		el.scrollIntoView({ block: "center", inline: "center" });
		return el;
	})()`, jsString(selector)), false)
	if err != nil {
		return nil, err
	}
	if v.SharedID == "" {
		return nil, fmt.Errorf("%s gave a %s, not a node", selector, v.Type)
	}
	return map[string]string{"sharedId": v.SharedID}, nil
}

func (f *firefoxEngine) click(selector string) error {
	el, err := f.element(selector)
	if err != nil {
		return err
	}
	return f.perform(map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]string{"pointerType": "mouse"},
		"actions": []map[string]any{
			{"type": "pointerMove", "x": 0, "y": 0, "origin": map[string]any{"type": "element", "element": el}},
			{"type": "pointerDown", "button": 0},
			{"type": "pointerUp", "button": 0},
		},
	})
}

func (f *firefoxEngine) typeInto(selector, text string) error {
	if err := f.click(selector); err != nil {
		return err
	}
	var keys []map[string]any
	for _, part := range typedKeys(text) {
		chars := []string{part}
		if part != keyEnter && part != keyEscape {
			chars = strings.Split(part, "")
		}
		for _, c := range chars {
			keys = append(keys, map[string]any{"type": "keyDown", "value": c}, map[string]any{"type": "keyUp", "value": c})
		}
	}
	return f.perform(map[string]any{"type": "key", "id": "keyboard", "actions": keys})
}

// perform runs one source of input actions in the tab.
func (f *firefoxEngine) perform(source map[string]any) error {
	return f.conn.call("input.performActions", map[string]any{"context": f.context, "actions": []any{source}}, nil)
}

func (f *firefoxEngine) resize(width, height int) error {
	return f.conn.call("browsingContext.setViewport", map[string]any{
		"context": f.context, "viewport": map[string]int{"width": width, "height": height},
	}, nil)
}

func (f *firefoxEngine) screenshot() ([]byte, error) {
	var shot struct{ Data string }
	if err := f.conn.call("browsingContext.captureScreenshot", map[string]any{"context": f.context}, &shot); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(shot.Data)
}

// colorScheme sets Firefox's preference for the colour scheme of pages
// (layout.css.prefers-color-scheme.content-override: 0 dark, 1 light).
func (f *firefoxEngine) colorScheme(dark bool) error {
	scheme := 1
	if dark {
		scheme = 0
	}
	return f.evalIn(f.window, fmt.Sprintf(`Services.prefs.setIntPref("layout.css.prefers-color-scheme.content-override", %d)`, scheme), nil)
}

func (f *firefoxEngine) setCookie(u, name, value string) error {
	parsed, err := url.Parse(u)
	if err != nil {
		return err
	}
	return f.conn.call("storage.setCookie", map[string]any{"cookie": map[string]any{
		"name": name, "value": map[string]string{"type": "string", "value": value},
		"domain": parsed.Hostname(), "path": "/",
	}}, nil)
}

func (f *firefoxEngine) problems() string { return f.seen.String() }

// event records the tab's errors: uncaught exceptions (type javascript)
// and console.error.
func (f *firefoxEngine) event(method string, params json.RawMessage) {
	if method != "log.entryAdded" {
		return
	}
	var entry struct {
		Type, Level, Text string
		Source            struct{ Context string }
	}
	if json.Unmarshal(params, &entry) == nil && entry.Level == "error" {
		fmt.Fprintf(f.seen, "%s: %s\n", entry.Type, entry.Text)
	}
}

// bidiConn is a WebDriver BiDi session over a websocket: commands with
// their replies, and events handed to one function.
type bidiConn struct {
	ws     *websocket.Conn
	events func(method string, params json.RawMessage) // called on the reading goroutine
	done   chan struct{}                               // closed when reading ends
	mu     sync.Mutex
	next   int
	calls  map[int]chan bidiMessage
	err    error // why reading ended
}

// bidiMessage is a message from the browser: a command's reply or an event.
type bidiMessage struct {
	Type    string          `json:"type"` // success, error, event
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// dialBiDi connects to a BiDi session URL and starts reading.
func dialBiDi(u string, events func(string, json.RawMessage)) (*bidiConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), engineStart)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(-1) // screenshots are megabytes
	c := &bidiConn{ws: ws, events: events, done: make(chan struct{}), calls: map[int]chan bidiMessage{}}
	go c.read()
	return c, nil
}

// read hands each reply to its caller and each event to c.events, until
// the connection ends.
func (c *bidiConn) read() {
	defer close(c.done)
	for {
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			return
		}
		var m bidiMessage
		if err := json.Unmarshal(data, &m); err != nil {
			continue // not a message of the protocol: nobody waits for it
		}
		if m.Type == "event" {
			c.events(m.Method, m.Params)
			continue
		}
		c.mu.Lock()
		reply := c.calls[m.ID]
		delete(c.calls, m.ID)
		c.mu.Unlock()
		if reply != nil {
			reply <- m
		}
	}
}

// call sends a command and decodes its result into out (nil: dropped),
// within embedWait.
func (c *bidiConn) call(method string, params any, out any) error {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return fmt.Errorf("%s: the connection to the browser ended: %w", method, c.err)
	}
	c.next++
	id := c.next
	reply := make(chan bidiMessage, 1)
	c.calls[id] = reply
	c.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), embedWait)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-reply:
		if m.Type == "error" {
			return fmt.Errorf("%s: %s: %s", method, m.Error, m.Message)
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(m.Result, out)
	case <-c.done:
		return fmt.Errorf("%s: the connection to the browser ended: %w", method, c.err)
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.calls, id)
		c.mu.Unlock()
		return fmt.Errorf("%s: no reply within %v", method, embedWait)
	}
}

// close ends the session and the connection.
func (c *bidiConn) close() {
	_ = c.call("session.end", map[string]any{}, nil)
	c.ws.Close(websocket.StatusNormalClosure, "")
	<-c.done
}

//go:build !js

package wasmtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// webkitDriverPath is WebKitGTK's WebDriver (apt-get install -y
// webkit2gtk-driver), which starts MiniBrowser, the browser of
// libwebkit2gtk-4.1's package, in automation mode.
const webkitDriverPath = "/usr/bin/WebKitWebDriver"

// miniBrowserGlob finds MiniBrowser under the multiarch directory.
const miniBrowserGlob = "/usr/lib/*/webkit2gtk-4.1/MiniBrowser"

// webElement is the key of an element reference in W3C WebDriver.
const webElement = "element-6066-11e4-a52e-4f735466cecf"

// webkitEngine is MiniBrowser's one window, driven over W3C WebDriver
// (classic: WebKitWebDriver speaks no BiDi) on a virtual X display, since
// WebKitGTK has no headless mode.
type webkitEngine struct {
	session string // the session's URL: http://127.0.0.1:PORT/session/ID
	product string
	dark    bool // MiniBrowser runs in dark mode
	client  *http.Client
}

// startWebKit starts Xvfb, WebKitWebDriver on a free port of 127.0.0.1 and
// a session, which opens MiniBrowser, in dark mode (--dark-mode: pages see
// prefers-color-scheme dark) or not; all stop when the test ends.
func startWebKit(t *testing.T, dark bool) *webkitEngine {
	t.Helper()
	browsers, _ := filepath.Glob(miniBrowserGlob) // the pattern is well-formed
	if _, err := os.Stat(webkitDriverPath); err != nil || len(browsers) == 0 {
		t.Fatalf("WebKitWebDriver or MiniBrowser (%s) is missing (%v): run `make deps` (apt-get install -y webkit2gtk-driver)", miniBrowserGlob, err)
	}
	display := startXvfb(t)
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	output := new(syncBuffer)
	cmd := exec.Command(webkitDriverPath, "--port="+strconv.Itoa(port))
	cmd.Env = append(os.Environ(), "DISPLAY="+display.name)
	cmd.Stdout, cmd.Stderr = output, output
	// MiniBrowser joins the driver's process group; the driver dies with a
	// test binary that dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", webkitDriverPath, err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the driver and the browser it started
		_ = cmd.Wait()
	})
	w := &webkitEngine{client: &http.Client{Timeout: embedWait + 5*time.Second}, dark: dark}
	driver := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(engineStart); ; time.Sleep(50 * time.Millisecond) {
		var status struct{ Ready bool }
		if w.send(http.MethodGet, driver+"/status", nil, &status) == nil && status.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WebKitWebDriver was not ready within %v:\n%s", engineStart, tail(output.String(), 30))
		}
	}
	args := []string{"--automation"}
	if dark {
		args = append(args, "--dark-mode")
	}
	var session struct {
		SessionID    string
		Capabilities struct{ BrowserName, BrowserVersion string }
	}
	if err := w.send(http.MethodPost, driver+"/session", map[string]any{"capabilities": map[string]any{
		"alwaysMatch": map[string]any{"webkitgtk:browserOptions": map[string]any{
			"binary": browsers[0], "args": args,
		}},
	}}, &session); err != nil {
		t.Fatalf("starting a WebKit session: %v\n%s", err, tail(output.String(), 30))
	}
	w.session = driver + "/session/" + session.SessionID
	w.product = session.Capabilities.BrowserName + " (WebKitGTK) " + session.Capabilities.BrowserVersion
	t.Cleanup(func() { _ = w.cmd(http.MethodDelete, "", nil, nil) }) // before the kill above
	ms := embedWait.Milliseconds()
	if err := w.cmd(http.MethodPost, "/timeouts", map[string]int64{"script": ms, "pageLoad": ms}, nil); err != nil {
		t.Fatal(err)
	}
	return w
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago, for
// a program that cannot pick its own.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (w *webkitEngine) name() string    { return "webkit" }
func (w *webkitEngine) version() string { return w.product }

func (w *webkitEngine) open(u string) error {
	return w.cmd(http.MethodPost, "/url", map[string]string{"url": u}, nil)
}

func (w *webkitEngine) eval(expr string, out any) error {
	var text string
	if err := w.cmd(http.MethodPost, "/execute/sync", map[string]any{"script": "return " + jsonOf(expr), "args": []any{}}, &text); err != nil {
		return fmt.Errorf("%s: %w", short(expr), err)
	}
	return decodeJSON(text, expr, out)
}

// element returns the id of the element the selector matches.
func (w *webkitEngine) element(selector string) (string, error) {
	var ref map[string]string
	if err := w.cmd(http.MethodPost, "/element", map[string]string{"using": "css selector", "value": selector}, &ref); err != nil {
		return "", err
	}
	return ref[webElement], nil
}

func (w *webkitEngine) click(selector string) error {
	id, err := w.element(selector)
	if err != nil {
		return err
	}
	return w.cmd(http.MethodPost, "/element/"+id+"/click", map[string]any{}, nil)
}

func (w *webkitEngine) typeInto(selector, text string) error {
	id, err := w.element(selector)
	if err != nil {
		return err
	}
	if err := w.cmd(http.MethodPost, "/element/"+id+"/click", map[string]any{}, nil); err != nil {
		return err
	}
	return w.cmd(http.MethodPost, "/element/"+id+"/value", map[string]string{"text": text}, nil)
}

// resize sizes the window so that its viewport is width × height: the
// window's frame (MiniBrowser's toolbar) comes on top. MiniBrowser's
// toolbar keeps the window at least 447 px wide: a narrower width is a
// *viewportError with the size it has. The window takes its new size a
// moment after WebDriver answers: resize waits until the viewport has the
// size asked for, or another that holds.
func (w *webkitEngine) resize(width, height int) error {
	var before [2]int
	if err := w.eval(`[innerWidth, innerHeight]`, &before); err != nil {
		return err
	}
	var frame [2]int
	if err := w.eval(`[outerWidth - innerWidth, outerHeight - innerHeight]`, &frame); err != nil {
		return err
	}
	if err := w.cmd(http.MethodPost, "/window/rect", map[string]int{"width": width + frame[0], "height": height + frame[1]}, nil); err != nil {
		return err
	}
	want, last := [2]int{width, height}, before
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var got [2]int
		if err := w.eval(`[innerWidth, innerHeight]`, &got); err != nil {
			return err
		}
		if got == want || (got != before && got == last) || time.Now().After(deadline) {
			if got == want {
				return nil
			}
			return &viewportError{width: got[0], height: got[1], wantWidth: width, wantHeight: height}
		}
		last = got
	}
}

// viewportError is a viewport that could not be given the size asked for:
// it has another.
type viewportError struct {
	width, height, wantWidth, wantHeight int
}

// Error says both sizes.
func (e *viewportError) Error() string {
	return fmt.Sprintf("the viewport is %d×%d, not the %d×%d asked for", e.width, e.height, e.wantWidth, e.wantHeight)
}

// errSchemeAtStart is the error of a colour scheme an engine cannot switch
// to at run time.
var errSchemeAtStart = errors.New("MiniBrowser takes its colour scheme when it starts (startWebKit)")

func (w *webkitEngine) colorScheme(dark bool) error {
	if dark != w.dark {
		return errSchemeAtStart
	}
	return nil
}

func (w *webkitEngine) screenshot() ([]byte, error) {
	var data string
	if err := w.cmd(http.MethodGet, "/screenshot", nil, &data); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(data)
}

// setCookie opens url (WebDriver sets cookies on the current document's
// host only), then sets the cookie.
func (w *webkitEngine) setCookie(u, name, value string) error {
	if err := w.open(u); err != nil {
		return err
	}
	return w.cmd(http.MethodPost, "/cookie", map[string]any{"cookie": map[string]string{"name": name, "value": value, "path": "/"}}, nil)
}

func (w *webkitEngine) problems() string { return "" }

// cmd sends a command of the session: path is relative to its URL.
func (w *webkitEngine) cmd(method, path string, body, out any) error {
	return w.send(method, w.session+path, body, out)
}

// send sends a WebDriver request and decodes the "value" of its answer
// into out (nil: dropped); an error answer is the returned error.
func (w *webkitEngine) send(method, u string, body, out any) error {
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, in)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var answer struct{ Value json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return fmt.Errorf("%s %s answered %s: %w", method, u, resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error, Message string }
		_ = json.Unmarshal(answer.Value, &e) // what is readable of it
		return fmt.Errorf("%s %s: %s: %s", method, u, e.Error, e.Message)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(answer.Value, out)
}

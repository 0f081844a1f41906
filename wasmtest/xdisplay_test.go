//go:build !js

package wasmtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// xDisplay is a virtual X display (Xvfb) for headed Chromium, with
// xdotool to type and move the pointer on it. What xdotool sends is the X
// server's own input, so it reaches Chrome's shortcuts and menus as a
// person's keyboard does, which CDP's input events, delivered to the page
// and marked to skip the browser's shortcuts, never do.
type xDisplay struct {
	name string // as DISPLAY wants it: ":99"
}

// Size of the display's screen and of Chromium's window on it: the window
// at the top left, so that the screen's bottom right corner is outside it.
const (
	xScreenW, xScreenH = 1280, 900
	xWindowW, xWindowH = 1200, 850
)

// startXvfb starts Xvfb on a free display number, which it picks itself,
// and stops it when the test ends. It fails the test when Xvfb or xdotool
// is missing.
func startXvfb(t *testing.T) *xDisplay {
	t.Helper()
	for _, bin := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is missing (%v): run `make deps` (apt-get install -y xvfb xdotool)", bin, err)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	output := new(syncBuffer)
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", xScreen())
	cmd.ExtraFiles = []*os.File{w} // fd 3: Xvfb writes the display number there once it accepts clients
	// Gone with a test binary that dies (a test's time limit ends it before its cleanups).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.Stdout, cmd.Stderr = output, output
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("starting Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			t.Fatalf("Xvfb gave no display number:\n%s", output)
		}
		return &xDisplay{name: ":" + n}
	case <-time.After(embedWait):
		t.Fatalf("Xvfb did not start within %v:\n%s", embedWait, output)
		return nil
	}
}

// xScreen is the screen argument of Xvfb: WxHxDepth.
func xScreen() string {
	return strconv.Itoa(xScreenW) + "x" + strconv.Itoa(xScreenH) + "x24"
}

// xdotool runs xdotool with args on the display and returns what it printed.
func (d *xDisplay) xdotool(t *testing.T, args ...string) string {
	t.Helper()
	out, err := d.try(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// try runs xdotool with args on the display and returns what it printed or
// an error with what it said.
func (d *xDisplay) try(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+d.name)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("xdotool %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String(), nil
}

// windows returns the ids of the windows shown on the display, or an error
// when one went away while xdotool looked at it (X's BadWindow).
func (d *xDisplay) windows() ([]string, error) {
	out, err := d.try("search", "--onlyvisible", "--name", "")
	return strings.Fields(out), err
}

// shownWindows returns the ids of the windows shown on the display, asking
// again while windows come and go.
func (d *xDisplay) shownWindows(t *testing.T) []string {
	t.Helper()
	for deadline := time.Now().Add(embedWait); ; time.Sleep(20 * time.Millisecond) {
		ids, err := d.windows()
		if err == nil {
			return ids
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
	}
}

// waitNewWindow waits, at most embedWait, until a window shows that is not
// one of before (a menu, once it opens).
func (d *xDisplay) waitNewWindow(t *testing.T, before []string) {
	t.Helper()
	for deadline := time.Now().Add(embedWait); ; time.Sleep(20 * time.Millisecond) {
		ids, _ := d.windows() // an error: a window went away meanwhile, look again
		if slices.ContainsFunc(ids, func(w string) bool { return !slices.Contains(before, w) }) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new window showed within %v (before %q, now %q)", embedWait, before, d.shownWindows(t))
		}
	}
}

// pointAtWindow moves the pointer into Chromium's window, whose page then
// has the keyboard: with no window manager, X gives the keys to the window
// under the pointer.
func (d *xDisplay) pointAtWindow(t *testing.T) {
	t.Helper()
	d.xdotool(t, "mousemove", strconv.Itoa(xWindowW/3), strconv.Itoa(xWindowH/2))
}

// pointOutside moves the pointer off Chromium's window, so that a menu
// opening there has no item under it.
func (d *xDisplay) pointOutside(t *testing.T) {
	t.Helper()
	d.xdotool(t, "mousemove", strconv.Itoa(xScreenW-5), strconv.Itoa(xScreenH-5))
}

// press presses keys as xdotool names them: "alt+shift+e", "a".
func (d *xDisplay) press(t *testing.T, keys string) {
	t.Helper()
	d.xdotool(t, "key", "--clearmodifiers", keys)
}

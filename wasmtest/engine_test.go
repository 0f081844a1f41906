//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// engine is one browser tab that a test drives the same way whichever
// browser holds it: headless Chromium over CDP (chromedp), headless Firefox
// ESR over WebDriver BiDi, or WebKitGTK's MiniBrowser over W3C WebDriver
// (classic) on a virtual display. Every browser is Debian's own
// (startEngine says which binary). Each call ends within embedWait.
type engine interface {
	// name is the engine's name in test names: chromium, firefox or webkit.
	name() string
	// version is the browser's name and version, for the logs.
	version() string
	// open navigates to url and returns once the page has loaded.
	open(url string) error
	// eval evaluates a JavaScript expression in the page, awaits it if it
	// is a Promise, and decodes the JSON of its value into out (nil: the
	// value is dropped). A thrown error is the returned error.
	eval(expr string, out any) error
	// click clicks the element the CSS selector matches, with the pointer.
	click(selector string) error
	// typeInto clicks the element the CSS selector matches and types text
	// with the keyboard; keyEnter and keyEscape in text press those keys.
	typeInto(selector, text string) error
	// resize makes the page's viewport width × height CSS pixels.
	resize(width, height int) error
	// colorScheme makes pages see prefers-color-scheme dark or light.
	// MiniBrowser takes its scheme when it starts (startWebKit): there the
	// other one is an errSchemeAtStart.
	colorScheme(dark bool) error
	// screenshot returns the viewport as a PNG.
	screenshot() ([]byte, error)
	// setCookie sets a cookie on the host of url, for every path.
	setCookie(url, name, value string) error
	// problems returns what the page reported as going wrong so far:
	// uncaught exceptions and console errors. WebKit's classic WebDriver
	// has no way to the console: there it is always "".
	problems() string
}

// Keys of typeInto, as WebDriver codes them (BiDi and classic alike).
const (
	keyEnter  = "\uE007"
	keyEscape = "\uE00C"
)

// engineStart bounds the start of a browser with its driver.
const engineStart = 60 * time.Second

// browserEngines are the browsers every cross-engine test runs in, in the
// order of their subtests.
var browserEngines = []string{"chromium", "firefox", "webkit"}

// startEngine starts the browser named (one of browserEngines) for this
// test with one tab; it stops when the test ends. A missing browser fails
// the test with the command that installs it.
func startEngine(t *testing.T, name string) engine {
	t.Helper()
	var e engine
	switch name {
	case "chromium":
		e = newChromiumEngine(t)
	case "firefox":
		e = startFirefox(t)
	case "webkit":
		e = startWebKit(t, false)
	default:
		t.Fatalf("no engine %q (want one of %v)", name, browserEngines)
	}
	t.Logf("%s: %s", name, e.version())
	return e
}

// jsonOf wraps a JavaScript expression so that its awaited value comes
// back as JSON text (undefined as null): each protocol returns a string
// alike, whatever their own encodings of values.
func jsonOf(expr string) string {
	return fmt.Sprintf(`(async () => JSON.stringify(await (%s)) ?? "null")()`, expr)
}

// decodeJSON decodes the JSON text a wrapped expression returned into out
// (nil: nothing to decode).
func decodeJSON(text, expr string, out any) error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal([]byte(text), out); err != nil {
		return fmt.Errorf("the value of %s, %s: %w", short(expr), short(text), err)
	}
	return nil
}

// evalOn evaluates expr (awaited) in e and returns its value as a T.
func evalOn[T any](e engine, expr string) (T, error) {
	var v T
	err := e.eval(expr, &v)
	return v, err
}

// pollOn evaluates expr in e every 50 ms, up to limit, until its awaited
// value is truthy (a thrown error counts as false), and returns that value.
func pollOn[T any](e engine, limit time.Duration, expr string) (T, error) {
	wrapped := fmt.Sprintf(`(async () => { try { const v = await (%s); return v ? {v} : null; } catch { return null; } })()`, expr)
	var last error
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var got *struct{ V T }
		if last = e.eval(wrapped, &got); last == nil && got != nil {
			return got.V, nil
		}
	}
	var zero T
	if last != nil {
		return zero, fmt.Errorf("%s did not hold within %v: %w", short(expr), limit, last)
	}
	return zero, fmt.Errorf("%s did not hold within %v", short(expr), limit)
}

// short cuts s to its first 200 bytes, for error messages.
func short(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// typedKeys splits text as typeInto takes it into runs of plain text and
// the keys keyEnter and keyEscape, in order.
func typedKeys(text string) []string {
	var out []string
	for text != "" {
		i := strings.IndexAny(text, keyEnter+keyEscape)
		switch {
		case i < 0:
			return append(out, text)
		case i > 0:
			out = append(out, text[:i])
		}
		r := text[i : i+len(keyEnter)] // both keys are three bytes of UTF-8
		out = append(out, r)
		text = text[i+len(r):]
	}
	return out
}

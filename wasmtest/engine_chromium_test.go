//go:build !js

package wasmtest

import (
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumEngine is the engine of a headless Chromium's tab (newBrowser).
type chromiumEngine struct {
	b       *browser
	product string
	seen    *syncBuffer // watchProblems of the tab
}

// newChromiumEngine starts headless Chromium for the test as newBrowser does.
func newChromiumEngine(t *testing.T) *chromiumEngine {
	t.Helper()
	b := newBrowser(t, pageLimit)
	v, err := chromedp.CallBrowser(b.ctx, cdpbrowser.GetVersion, cdp.Empty{})
	if err != nil {
		t.Fatalf("asking Chromium its version: %v", err)
	}
	return &chromiumEngine{b: b, product: v.Product, seen: watchProblems(b.ctx)}
}

func (c *chromiumEngine) name() string    { return "chromium" }
func (c *chromiumEngine) version() string { return c.product }

func (c *chromiumEngine) open(url string) error {
	return c.do(chromedp.Navigate(url))
}

func (c *chromiumEngine) eval(expr string, out any) error {
	text, err := evalAction(c.b, chromedp.Evaluate[string](jsonOf(expr), chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	return decodeJSON(text, expr, out)
}

func (c *chromiumEngine) click(selector string) error {
	return c.do(chromedp.Click(chromedp.CSS(selector)))
}

func (c *chromiumEngine) typeInto(selector, text string) error {
	actions := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(selector))}
	for _, part := range typedKeys(text) {
		switch part {
		case keyEnter:
			actions = append(actions, pressEnter(chromedp.ModifierNone))
		case keyEscape:
			actions = append(actions, chromedp.KeyEvent("\u001b"))
		default:
			actions = append(actions, chromedp.SendKeys(chromedp.CSS(selector), part))
		}
	}
	return c.do(actions...)
}

func (c *chromiumEngine) resize(width, height int) error {
	return c.do(chromedp.EmulateViewport(int64(width), int64(height)))
}

func (c *chromiumEngine) colorScheme(dark bool) error {
	return c.do(colorScheme(dark))
}

func (c *chromiumEngine) screenshot() ([]byte, error) {
	return evalAction(c.b, chromedp.CaptureScreenshot())
}

func (c *chromiumEngine) setCookie(url, name, value string) error {
	_, err := chromedp.Call(c.b.ctx, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: url})
	return err
}

func (c *chromiumEngine) problems() string { return c.seen.String() }

// do runs actions in the tab within embedWait (doPage).
func (c *chromiumEngine) do(actions ...chromedp.Action[chromedp.Void]) error {
	return doPage(c.b, actions...)
}

//go:build !js

package wasmtest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is a headless Chromium started for one test.
type browser struct {
	ctx    context.Context // chromedp context of its one tab
	output *syncBuffer     // what the browser process printed
}

// newBrowser starts /usr/bin/chromium with the headless flags every test here uses
// and a fresh profile (chromedp adds only its debugging pipe and
// about:blank), then the options extra: a flag set again there keeps its
// place with the new value, as chromedp.Flag does. Everything it does ends
// within limit; the browser is stopped when the test ends, failed or not.
func newBrowser(t *testing.T, limit time.Duration, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	bin := chromiumBinary(t)
	profile := t.TempDir()
	output := new(syncBuffer)
	bounded, cancelLimit := context.WithTimeout(context.Background(), limit)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(output),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(bounded, append(opts, extra...)...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { // before t.TempDir's removal of the profile: cleanups run last-in first-out
		cancelTab()
		cancelAlloc()
		cancelLimit()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser under ctx, not under a shorter one
		t.Fatalf("starting %s: %v\n%s", bin, err, output)
	}
	return &browser{ctx: ctx, output: output}
}

// run navigates the tab to url and returns the text of every console message
// of the page (exceptions as "exception: ..."), until done accepts one or
// timeout passes; the error tells which.
func (b *browser) run(url string, timeout time.Duration, done func(line string) bool) ([]string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	messages := chromedp.Console(ctx) // subscribed now: nothing the page prints is lost
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("navigating to %s: %w", url, err)
	}
	var lines []string
	for m, err := range messages {
		if err != nil {
			return lines, fmt.Errorf("page did not finish within %v: %w", timeout, err)
		}
		line := m.Text
		if m.Type != chromedp.ConsoleLog {
			line = m.String()
		}
		lines = append(lines, line)
		if done(line) {
			return lines, nil
		}
	}
	return lines, fmt.Errorf("console of %s ended early", url)
}

// syncBuffer is a strings.Builder safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

// Write appends p.
func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

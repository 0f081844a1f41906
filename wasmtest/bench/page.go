//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// callTimeout bounds one call into the page: the longest is 1,000 streams in a row.
const callTimeout = 5 * time.Minute

// streamResult is what bench.stream reports for one answer.
type streamResult struct {
	MS     float64 `json:"ms"`
	First  float64 `json:"first"`
	Chunks int     `json:"chunks"`
	Chars  int     `json:"chars"`
}

// callsResult is what bench.calls reports: the mean time of one call and the characters read.
type callsResult struct {
	MS    float64 `json:"ms"`
	Chars int     `json:"chars"`
}

// startupResult is what bench.startup reports: the whole start-up and, for edgen.wasm,
// the part until WebAssembly instantiation ended.
type startupResult struct {
	MS          float64 `json:"ms"`
	Instantiate float64 `json:"instantiate"`
}

// memoryResult is what bench.memory reports, in bytes.
type memoryResult struct {
	EarlyWasm float64 `json:"earlyWasm"`
	TotalWasm float64 `json:"totalWasm"`
	EarlyHeap float64 `json:"earlyHeap"`
	TotalHeap float64 `json:"totalHeap"`
}

// benchCall calls window.bench.<fn>(args...) in the tab of ctx, awaits it and decodes the result.
func benchCall[T any](ctx context.Context, fn string, args ...any) (T, error) {
	parts := make([]string, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			var zero T
			return zero, err
		}
		parts[i] = string(b)
	}
	expr := fmt.Sprintf("bench.%s(%s)", fn, strings.Join(parts, ","))
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	v, err := chromedp.Run(cctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return v, fmt.Errorf("%s: %w", expr, err)
	}
	return v, nil
}

// openPage navigates the tab of ctx to the benchmark page. cold turns the HTTP cache off
// first; it enables the Network domain, whose per-chunk events would slow a stream, so only
// the start-up tabs use it.
func openPage(ctx context.Context, url string, cold bool) error {
	if cold {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
	}
	return chromedp.Do(ctx, chromedp.Navigate(url))
}

// inNewTab runs f in a fresh tab of the browser of ctx, closed afterwards.
func inNewTab(ctx context.Context, f func(tab context.Context) error) error {
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	return f(tab)
}

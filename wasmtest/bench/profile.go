//go:build !js

package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileCase is the stream that the profile looks at.
var profileCase = streamCases[0]

// buildUnstripped builds ./wasm like `make build` but keeps the name section (no -s), so
// the profiler can name Go functions. It returns the file's path under outDir.
func buildUnstripped(root, outDir string) (string, error) {
	out := filepath.Join(outDir, "edgen-prof.wasm")
	cmd := exec.Command("go", "build", "-tags=nethttpomithttp2", "-trimpath", "-o", out, "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build unstripped wasm: %w\n%s", err, b)
	}
	return out, nil
}

// profileStream prints, for edgen.wasm served at /prof/edgen.wasm under pageURL's origin:
// the calls Go makes into wasm_exec.js per chunk and per non-streamed call (a tab with
// count=1), then the CPU profiles of streaming profileCase three times and of 300
// non-streamed calls (a tab without the counting wrappers).
func profileStream(ctx context.Context, pageURL string, w io.Writer) error {
	err := inNewTab(ctx, func(tab context.Context) error {
		if err := openPage(tab, pageURL+"?count=1&wasm=/prof/edgen.wasm", false); err != nil {
			return err
		}
		if _, err := benchCall[streamResult](tab, "stream", "edgen", profileCase.faults); err != nil {
			return err
		}
		for _, sc := range streamCases {
			if _, err := benchCall[map[string]float64](tab, "counts"); err != nil {
				return err
			}
			if _, err := benchCall[streamResult](tab, "stream", "edgen", sc.faults); err != nil {
				return err
			}
			counts, err := benchCall[map[string]float64](tab, "counts")
			if err != nil {
				return err
			}
			printCounts(w, "calls from Go into wasm_exec.js per chunk, "+sc.label, counts, float64(sc.chunks))
		}
		if _, err := benchCall[map[string]float64](tab, "callers"); err != nil {
			return err
		}
		const calls = 100
		if _, err := benchCall[callsResult](tab, "calls", "edgen", calls); err != nil {
			return err
		}
		counts, err := benchCall[map[string]float64](tab, "counts")
		if err != nil {
			return err
		}
		printCounts(w, "calls from Go into wasm_exec.js per non-streamed call", counts, calls)
		callers, err := benchCall[map[string]float64](tab, "callers")
		if err != nil {
			return err
		}
		printCounts(w, "the same calls by the Go function that made them", callers, calls)
		if _, err := benchCall[float64](tab, "first", "edgen", firstFaults, calls); err != nil {
			return err
		}
		if _, err := benchCall[map[string]float64](tab, "counts"); err != nil {
			return err
		}
		callers, err = benchCall[map[string]float64](tab, "callers")
		if err != nil {
			return err
		}
		printCounts(w, "calls from Go into wasm_exec.js per stream read to its first chunk, by the Go function that made them", callers, calls)
		return nil
	})
	if err != nil {
		return err
	}
	return inNewTab(ctx, func(tab context.Context) error {
		if err := openPage(tab, pageURL+"?wasm=/prof/edgen.wasm", false); err != nil {
			return err
		}
		for range 2 { // warm-up
			if _, err := benchCall[streamResult](tab, "stream", "edgen", profileCase.faults); err != nil {
				return err
			}
		}
		if _, err := chromedp.Call(tab, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(tab, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100}); err != nil {
			return err
		}
		const streams, calls = 3, 300
		err := cpuProfile(tab, w, fmt.Sprintf("%s x%d", profileCase.label, streams), "chunk", streams*profileCase.chunks, func() error {
			for range streams {
				if _, err := benchCall[streamResult](tab, "stream", "edgen", profileCase.faults); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return cpuProfile(tab, w, fmt.Sprintf("%d sequential chat calls", calls), "call", calls, func() error {
			_, err := benchCall[callsResult](tab, "calls", "edgen", calls)
			return err
		})
	})
}

// cpuProfile samples the CPU while run runs and prints the profile per unit (n of them).
func cpuProfile(tab context.Context, w io.Writer, title, unit string, n int, run func() error) error {
	if _, err := chromedp.Call(tab, profiler.Start, cdp.Empty{}); err != nil {
		return err
	}
	if err := run(); err != nil {
		return err
	}
	res, err := chromedp.Call(tab, profiler.Stop, cdp.Empty{})
	if err != nil {
		return err
	}
	printProfile(w, title, unit, res.Profile, n)
	return nil
}

// printCounts prints the import calls of wasm_exec.js, most frequent first, divided by per.
func printCounts(w io.Writer, title string, counts map[string]float64, per float64) {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	total := 0.0
	for _, name := range slices.SortedFunc(maps.Keys(counts), func(a, b string) int { return cmp.Compare(counts[b], counts[a]) }) {
		fmt.Fprintf(tw, "%.2f\t  %s\n", counts[name]/per, name)
		total += counts[name]
	}
	fmt.Fprintf(tw, "%.2f\t  total\n", total/per)
	tw.Flush()
}

// printProfile prints self time by group (Go package, JavaScript file, V8 builtin), the
// top functions by self time and by total time (the samples with the function anywhere on
// the stack), in microseconds per unit and in percent of the samples.
func printProfile(w io.Writer, title, unit string, p *profiler.Profile, n int) {
	parent := map[int64]int64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, node := range p.Nodes {
		byID[node.ID] = node
		for _, c := range node.Children {
			parent[c] = node.ID
		}
	}
	total := 0.0
	groups, self, incl := map[string]float64{}, map[string]float64{}, map[string]float64{}
	for i, id := range p.Samples {
		if i+1 >= len(p.TimeDeltas) {
			break
		}
		us := float64(p.TimeDeltas[i+1])
		total += us
		g, f := profileGroup(byID[id].CallFrame.FunctionName, byID[id].CallFrame.URL)
		groups[g] += us
		self[f] += us
		seen := map[string]bool{}
		for at, ok := id, true; ok; at, ok = parent[at] {
			if _, f := profileGroup(byID[at].CallFrame.FunctionName, byID[at].CallFrame.URL); !seen[f] {
				seen[f] = true
				incl[f] += us
			}
		}
	}
	delete(incl, "v8 (root)")
	fmt.Fprintf(w, "\nCPU profile of %s, %.0f ms sampled: self time by group\n", title, total/1000)
	printShares(w, unit, groups, total, n, 0)
	fmt.Fprintf(w, "\ntop functions by self time\n")
	printShares(w, unit, self, total, n, 30)
	fmt.Fprintf(w, "\ntop functions by total time (self + callees)\n")
	printShares(w, unit, incl, total, n, 40)
}

// printShares prints m's entries, largest first (at most limit, 0: all), as µs per unit and %.
func printShares(w io.Writer, unit string, m map[string]float64, total float64, n, limit int) {
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int { return cmp.Compare(m[b], m[a]) })
	if limit > 0 && len(keys) > limit {
		keys = keys[:limit]
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "µs/%s\t%%\t\n", unit)
	for _, k := range keys {
		fmt.Fprintf(tw, "%.2f\t%.1f\t  %s\n", m[k]/float64(n), 100*m[k]/total, k)
	}
	tw.Flush()
}

// profileGroup names the group and the function of a profile node: Go functions (the
// frames of a .wasm file) by package, JavaScript by file, V8's builtins and
// pseudo-functions such as (garbage collector) as they are.
func profileGroup(fn, url string) (group, name string) {
	file := path.Base(url)
	if i := strings.IndexByte(file, '?'); i >= 0 {
		file = file[:i]
	}
	switch {
	case strings.HasPrefix(url, "wasm://") || strings.HasSuffix(file, ".wasm"):
		fn = strings.TrimPrefix(fn, "$")
		return "go " + goPackage(fn), "go " + fn
	case url == "":
		return "v8 " + fn, "v8 " + fn
	default:
		if fn == "" {
			fn = "(anonymous)"
		}
		return "js " + file, "js " + file + " " + fn
	}
}

// goPackage returns the package of a Go function as V8 names it: the symbol up to its
// first dot after the host of the import path, if any ("encoding_json.checkValid",
// "github.com_tmaxmax_go_sse_internal_parser.__FieldParser_.Next").
func goPackage(sym string) string {
	from := 0
	if m := hostPrefix.FindStringIndex(sym); m != nil {
		from = m[1]
	}
	if i := strings.IndexByte(sym[from:], '.'); i > 0 {
		return sym[:from+i]
	}
	return sym
}

// hostPrefix matches the host that starts a mangled import path, like "github.com_".
var hostPrefix = regexp.MustCompile(`^[a-z0-9-]+\.(com|org|net|io|in|dev)_`)

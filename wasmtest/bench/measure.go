//go:build !js

package main

import (
	"context"
	"fmt"
	"log"
	"slices"
	"strings"
)

// plan says how many repetitions each measurement makes, after a warm-up that is not counted.
type plan struct {
	reps       int    // repetitions of the stream, first-chunk, calls and start-up rows
	warmup     int    // warm-up rounds before them
	firstBatch int    // streams per first-chunk repetition (the repetition is their median)
	calls      int    // sequential non-streamed calls per repetition
	memReps    int    // repetitions of the 1,000-stream memory run
	memStreams int    // streams in one memory run
	only       string // comma-separated steps to run (streams, first, calls, startup, memory, proxy); "" runs all
}

// runs reports whether the plan runs the step name.
func (p plan) runs(name string) bool {
	return p.only == "" || slices.Contains(strings.Split(p.only, ","), name)
}

// streamCase is one streaming row: faults for the fake and the chunks it must yield.
type streamCase struct {
	label  string
	faults string
	chunks int
}

var streamCases = []streamCase{
	{"stream 10,000 small chunks", "chunks=10000;gap=0", 10000},
	{"stream 1,000 chunks of 1 KB", "chunks=1000;chunk-bytes=1024;gap=0", 1000},
}

// firstFaults is the canned answer with no gap: a server that answers at once.
const firstFaults = "gap=0"

// memFaults is the answer each stream of the memory run reads.
const memFaults = "chunks=20;gap=0"

// bench runs every measurement of the table against the page at pageURL.
type bench struct {
	plan    plan
	pageURL string
	srv     *server
	t       table
	chars   map[string]int // content characters per stream case, to check the clients agree
}

// run fills b.t. A client that reads a wrong answer is an error; slowness never is.
func (b *bench) run(ctx context.Context) error {
	b.chars = map[string]int{}
	if err := openPage(ctx, b.pageURL, false); err != nil {
		return err
	}
	for _, c := range clients {
		if _, err := benchCall[bool](ctx, "open", c); err != nil {
			return err
		}
	}
	steps := []struct {
		name string
		f    func(context.Context) error
	}{
		{"streams", b.streams},
		{"first", b.first},
		{"calls", b.calls},
		{"startup", b.startup},
		{"memory", b.memory},
	}
	for _, s := range steps {
		if !b.plan.runs(s.name) {
			continue
		}
		log.Printf("measuring %s", s.name)
		if err := s.f(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		b.srv.fake.Reset()
	}
	return nil
}

// stream reads one answer with client and checks its size.
func (b *bench) stream(ctx context.Context, client string, sc streamCase) (streamResult, error) {
	r, err := benchCall[streamResult](ctx, "stream", client, sc.faults)
	if err != nil {
		return r, err
	}
	if r.Chunks != sc.chunks {
		return r, fmt.Errorf("%s: %s read %d chunks, want %d", sc.label, client, r.Chunks, sc.chunks)
	}
	if want, ok := b.chars[sc.label]; ok && r.Chars != want {
		return r, fmt.Errorf("%s: %s read %d characters, another client %d", sc.label, client, r.Chars, want)
	}
	b.chars[sc.label] = r.Chars
	return r, nil
}

// streams measures the streaming rows; the clients take turns within each repetition.
func (b *bench) streams(ctx context.Context) error {
	for _, sc := range streamCases {
		for i := range b.plan.warmup + b.plan.reps {
			for _, c := range clients {
				r, err := b.stream(ctx, c, sc)
				if err != nil {
					return err
				}
				if i >= b.plan.warmup {
					b.t.add(sc.label, "ms", c, r.MS)
				}
			}
		}
	}
	return nil
}

// first measures the time to the first chunk of an answer that comes at once.
func (b *bench) first(ctx context.Context) error {
	for i := range b.plan.warmup + b.plan.reps {
		for _, c := range clients {
			ms, err := benchCall[float64](ctx, "first", c, firstFaults, b.plan.firstBatch)
			if err != nil {
				return err
			}
			if i >= b.plan.warmup {
				b.t.add("time to first chunk", "ms", c, ms)
			}
		}
	}
	return nil
}

// calls measures sequential non-streamed chat calls, per call.
func (b *bench) calls(ctx context.Context) error {
	label := fmt.Sprintf("%d sequential chat calls", b.plan.calls)
	want := -1
	for i := range b.plan.warmup + b.plan.reps {
		for _, c := range clients {
			r, err := benchCall[callsResult](ctx, "calls", c, b.plan.calls)
			if err != nil {
				return err
			}
			if want >= 0 && r.Chars != want {
				return fmt.Errorf("%s read %d characters in %d calls, another client %d", c, r.Chars, b.plan.calls, want)
			}
			want = r.Chars
			if i >= b.plan.warmup {
				b.t.add(label, "ms/call", c, r.MS)
			}
		}
	}
	return nil
}

// startup times "page asks -> API callable" in fresh pages: cold (a new tab with the HTTP
// cache off) and warm (a reload of one tab, the HTTP cache primed). The floor has nothing to load. For
// edgen.wasm a second row gives the fetch + compile + instantiate part.
func (b *bench) startup(ctx context.Context) error {
	record := func(kind, client string, r startupResult) {
		b.t.add("start-up, "+kind, "ms", client, r.MS)
		if client == clients[0] {
			b.t.add("  "+kind+": fetch+compile+instantiate", "ms", client, r.Instantiate)
		}
	}
	for _, c := range clients[:2] {
		for i := range b.plan.warmup + b.plan.reps {
			err := inNewTab(ctx, func(tab context.Context) error {
				if err := openPage(tab, b.pageURL, true); err != nil {
					return err
				}
				r, err := benchCall[startupResult](tab, "startup", c)
				if err == nil && i >= b.plan.warmup {
					record("cold", c, r)
				}
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	for _, c := range clients[:2] {
		err := inNewTab(ctx, func(tab context.Context) error {
			for i := range 1 + b.plan.warmup + b.plan.reps {
				if err := openPage(tab, b.pageURL, false); err != nil {
					return err
				}
				r, err := benchCall[startupResult](tab, "startup", c)
				if err != nil {
					return err
				}
				if i >= 1+b.plan.warmup {
					record("warm", c, r)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// memory runs memStreams streams in a row in a fresh tab per client and repetition, and
// records the wasm memory after 10 and after all of them, and the growth of the JS heap.
func (b *bench) memory(ctx context.Context) error {
	const early = 10
	for range b.plan.memReps {
		for _, c := range clients {
			err := inNewTab(ctx, func(tab context.Context) error {
				if err := openPage(tab, b.pageURL, false); err != nil {
					return err
				}
				m, err := benchCall[memoryResult](tab, "memory", c, memFaults, early, b.plan.memStreams)
				if err != nil {
					return err
				}
				const mb = 1 << 20
				if c == clients[0] {
					b.t.add(fmt.Sprintf("wasm memory after %d streams", early), "MB", c, m.EarlyWasm/mb)
					b.t.add(fmt.Sprintf("wasm memory after %d streams", b.plan.memStreams), "MB", c, m.TotalWasm/mb)
				}
				b.t.add(fmt.Sprintf("JS heap growth, streams %d to %d", early, b.plan.memStreams), "MB", c, (m.TotalHeap-m.EarlyHeap)/mb)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

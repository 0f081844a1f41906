//go:build !js

// Command bench is the browser benchmark of edgen.wasm (`make bench`, or
// `go run ./bench` in wasmtest/ after `make build` and
// `cd wasmtest/bench && npm ci`).
//
// In one headless Chromium, against the fake Edgen answering at once on the page's own
// origin, it measures (a) edgen.chat from web/edgen.wasm, (b) the openai npm package bundled
// for the browser by esbuild and (c) a hand-written fetch + TextDecoder + line split +
// JSON.parse loop, and prints one table: the median and [min-max] over the repetitions that
// follow a warm-up, then the ratios ours/OpenAI and ours/floor. A second table gives the cost
// of serve.go's proxy: a Go client straight to the fake vs through the proxy, as ratios. It
// never fails on speed, only when a client reads a wrong answer.
//
// With -profile it then builds an unstripped edgen.wasm, counts the calls Go makes into
// JavaScript per chunk and per call, and prints where the CPU time of a 10,000-chunk stream
// goes (Chromium's sampling profiler, grouped by Go package and by JavaScript file).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	var (
		p        plan
		root     = flag.String("root", "..", "repository root (holds web/ and wasmtest/bench/)")
		chromium = flag.String("chromium", "/usr/bin/chromium", "Chromium executable")
		profile  = flag.Bool("profile", false, "also profile edgen.wasm: a 10,000-chunk stream and non-streamed calls")
		noTable  = flag.Bool("no-table", false, "skip the table (with -profile: only the profile)")
	)
	flag.IntVar(&p.reps, "reps", 7, "repetitions per measurement, after the warm-up")
	flag.IntVar(&p.warmup, "warmup", 2, "warm-up rounds per measurement")
	flag.IntVar(&p.firstBatch, "first-batch", 20, "streams per time-to-first-chunk repetition (their median)")
	flag.IntVar(&p.calls, "calls", 500, "sequential non-streamed calls per repetition")
	flag.IntVar(&p.memReps, "mem-reps", 3, "repetitions of the memory run")
	flag.IntVar(&p.memStreams, "mem-streams", 1000, "streams in one memory run")
	flag.StringVar(&p.only, "only", "", "run only these steps of the table, comma-separated: streams,first,calls,startup,memory,proxy")
	flag.Parse()
	if err := run(*root, *chromium, *profile, !*noTable, p); err != nil {
		log.Fatal(err)
	}
}

func run(root, chromium string, profile, table bool, p plan) error {
	dirs := webDirs{src: filepath.Join(root, "web"), built: filepath.Join(root, "build", "web")}
	if _, err := os.Stat(filepath.Join(dirs.built, "edgen", "edgen.wasm")); err != nil {
		return fmt.Errorf("no build/web/edgen/edgen.wasm (run make build first): %w", err)
	}
	tmp, err := os.MkdirTemp("", "edgen-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bundle, err := bundleOpenAI(filepath.Join(root, "wasmtest", "bench"), tmp)
	if err != nil {
		return err
	}
	profWasm := ""
	if profile {
		if profWasm, err = buildUnstripped(root, tmp); err != nil {
			return err
		}
	}
	srv, err := newServer(dirs, bundle, profWasm)
	if err != nil {
		return err
	}
	defer srv.Close()

	ctx, cancel, err := startBrowser(context.Background(), chromium, filepath.Join(tmp, "chromium"))
	if err != nil {
		return fmt.Errorf("start %s: %w", chromium, err)
	}
	defer cancel()

	b := &bench{plan: p, pageURL: srv.url + "/bench/bench.html", srv: srv}
	if table {
		if err := b.run(ctx); err != nil {
			return err
		}
		fmt.Printf("edgen.wasm vs openai JS vs fetch floor, headless Chromium, fake Edgen on the page's origin (no gap)\n")
		fmt.Printf("median [min-max] of %d repetitions after %d warm-up rounds; memory: %d runs\n\n", p.reps, p.warmup, p.memReps)
		b.t.print(os.Stdout)
	}
	if table && p.runs("proxy") {
		log.Printf("measuring proxy")
		if err := proxyCost(p, dirs); err != nil {
			return fmt.Errorf("proxy: %w", err)
		}
	}
	if profile {
		return profileStream(ctx, b.pageURL, os.Stdout)
	}
	return nil
}

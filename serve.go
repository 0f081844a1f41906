// Command serve serves the demo chat page and the Edgen API on one origin.
//
//	go run serve.go [-addr 127.0.0.1:8080] [-edgen http://127.0.0.1:33322/v1] [-fake | -require] [-grace 5s] [-web web] [-build build/web]
//
// The page and its files come from -web (the sources), with -build (what
// `make build` makes for them: edgen.wasm, the bundled npm parts) laid over
// it; /v1/... is proxied to the server at
// -edgen: an Edgen, or any OpenAI-compatible server (ollama, llama.cpp,
// vLLM, ...). Without -edgen, when Edgen does not answer at its address,
// the usual ports of this computer are tried (ollama 11434, LM Studio 1234,
// llama.cpp 8080, vLLM 8000, Jan 1337) and the first server that answers is
// used. While nothing answers there, the built-in fake Edgen answers
// instead (always with -fake), or, with -require, /v1/ answers 503. The
// server is probed every few seconds, so starting or stopping it switches
// without a restart; GET /serve-info says what answers now. Ctrl-C (SIGINT)
// or SIGTERM lets answers in flight finish for -grace, then ends them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/edgen-browser/edgen/internal/devserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx is done and shuts down cleanly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	edgen := flags.String("edgen", "http://127.0.0.1:33322/v1", "base URL of the Edgen or OpenAI-compatible API to proxy /v1/ to")
	fake := flags.Bool("fake", false, "serve the built-in fake Edgen even when a server answers")
	require := flags.Bool("require", false, "never serve the fake: while nothing answers at -edgen, /v1/ answers 503")
	grace := flags.Duration("grace", devserver.DefaultShutdownGrace, "how long Ctrl-C lets answers in flight finish")
	web := flags.String("web", "web", "directory of the page's sources")
	build := flags.String("build", "build/web", "directory of the build's outputs for -web (make build), laid over it")
	if err := flags.Parse(args); err != nil {
		return err
	}
	edgenGiven := false
	flags.Visit(func(f *flag.Flag) { edgenGiven = edgenGiven || f.Name == "edgen" })
	if flags.NArg() > 0 {
		return fmt.Errorf("edgen: unexpected arguments %q", flags.Args())
	}
	if *grace <= 0 {
		return fmt.Errorf("edgen: -grace %v: want a positive duration", *grace)
	}
	srv, err := devserver.New(ctx, devserver.Options{
		Addr: *addr, WebDir: *web, BuildDir: *build, EdgenURL: *edgen, ForceFake: *fake, Require: *require,
		Discover: !edgenGiven, ShutdownGrace: *grace, Log: stderr,
	})
	if err != nil {
		return err
	}
	if looked := srv.Discovery(); looked != "" {
		fmt.Fprintln(stdout, looked)
	}
	info := srv.Info()
	fmt.Fprintln(stdout, info)
	if !*fake {
		fmt.Fprintf(stdout, "%s is probed every few seconds: when it starts or stops, /v1/ follows.\n", info.UpstreamURL)
	}
	fmt.Fprintf(stdout, "Open %s in your browser. Ctrl-C stops.\n", srv.URL)
	if err := srv.Serve(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

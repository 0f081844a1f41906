// Command serve serves the demo chat page and the Edgen API on one origin.
//
//	go run serve.go [-addr 127.0.0.1:8080] [-edgen http://127.0.0.1:33322/v1] [-fake] [-web web]
//
// The page and its files come from -web; /v1/... is proxied to the Edgen at
// -edgen when it answers at start, or served by the built-in fake Edgen when
// it does not (or with -fake). Ctrl-C (SIGINT) or SIGTERM shuts it down.
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
	edgen := flags.String("edgen", "http://127.0.0.1:33322/v1", "base URL of the Edgen API to proxy /v1/ to")
	fake := flags.Bool("fake", false, "serve the built-in fake Edgen even when Edgen answers")
	web := flags.String("web", "web", "directory of the page's files")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	srv, err := devserver.New(ctx, devserver.Options{
		Addr: *addr, WebDir: *web, EdgenURL: *edgen, ForceFake: *fake, Log: stderr,
	})
	if err != nil {
		return err
	}
	if srv.Info.Backend == devserver.BackendEdgen {
		fmt.Fprintf(stdout, "Edgen %s answers at %s: /v1/ is proxied to it.\n", srv.Info.Version, srv.Info.EdgenURL)
	} else {
		fmt.Fprintf(stdout, "No Edgen used (%s): /v1/ is served by the built-in fake Edgen, which gives canned answers.\n", srv.Info.Reason)
	}
	fmt.Fprintf(stdout, "Open %s in your browser. Ctrl-C stops.\n", srv.URL)
	if err := srv.Serve(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// Command fakeedgen runs the fake Edgen of package edgentest, so that a
// process that is not a Go test (Node, a browser harness, a shell) can use it.
//
// It prints the API's base URL, with a trailing slash, on the first line of
// its standard output, then serves until SIGINT or SIGTERM, or until its
// standard input closes (so it dies with the process that started it;
// -watch-stdin=false turns that off).
//
//	fakeedgen [-addr 127.0.0.1:0] [-gap 20ms] [-base /edgen/v1/] [-watch-stdin=true]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout); err != nil {
		log.Fatalf("fakeedgen: %v", err)
	}
}

// run parses the flags in args and serves the fake until ctx ends or, with
// -watch-stdin, stdin closes. The base URL goes to stdout's first line.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakeedgen", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	gap := fs.Duration("gap", 0, "pause between two chunks of a streamed answer")
	base := fs.String("base", edgentest.BasePath, "base path of the API")
	watchStdin := fs.Bool("watch-stdin", true, "exit when standard input closes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	prefix := strings.TrimSuffix("/"+strings.Trim(*base, "/"), "/")

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fake := edgentest.New(edgentest.Config{Gap: *gap})
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", http.StripPrefix(prefix, fake))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if _, err := fmt.Fprintf(stdout, "http://%s%s/\n", ln.Addr(), prefix); err != nil {
		ln.Close()
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if *watchStdin {
		go func() {
			io.Copy(io.Discard, stdin)
			cancel()
		}()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fake.Close()
	shutdownCtx, cancelShutdown := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelShutdown()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

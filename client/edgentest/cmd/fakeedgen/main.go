// Command fakeedgen runs the fake Edgen of package edgentest where Edgen
// itself runs, http://127.0.0.1:33322/v1/, so that a page, a shell or any
// program can try every endpoint without Edgen: chat, transcriptions,
// embeddings, images, models and their downloads (name a model
// "owner/repo/file" that the fake does not have and watch the status route
// of its endpoint).
//
// It prints the API's base URL, with a trailing slash, on the first line of
// its standard output, then serves until SIGINT or SIGTERM. It never reads
// its standard input, so it keeps running detached (nohup, &, a service).
//
//	fakeedgen [-addr 127.0.0.1:33322] [-base /v1/] [-gap 30ms] [-download 4s]
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
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		log.Fatalf("fakeedgen: %v", err)
	}
}

// settings are what the command line asks for.
type settings struct {
	addr   string // address to listen on
	prefix string // the API's base path, without the trailing slash
	cfg    edgentest.Config
}

// parseFlags reads the command line; its defaults are Edgen's own address
// and base path and a pace a person can watch.
func parseFlags(args []string) (settings, error) {
	fs := flag.NewFlagSet("fakeedgen", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:33322", "address to listen on (Edgen's own by default)")
	base := fs.String("base", "/v1/", "base path of the API")
	gap := fs.Duration("gap", 30*time.Millisecond, "pause between two chunks of a streamed answer")
	download := fs.Duration("download", 4*time.Second, "how long downloading a model the fake does not have takes")
	if err := fs.Parse(args); err != nil {
		return settings{}, err
	}
	if fs.NArg() > 0 {
		return settings{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return settings{
		addr:   *addr,
		prefix: strings.TrimSuffix("/"+strings.Trim(*base, "/"), "/"),
		cfg:    edgentest.Config{Gap: *gap, DownloadTime: *download},
	}, nil
}

// run parses the flags in args and serves the fake until ctx ends. The base
// URL goes to stdout's first line.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	s, err := parseFlags(args)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", s.addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w (is Edgen running? choose another address with -addr)", err)
	}
	if err != nil {
		return err
	}
	fake := edgentest.New(s.cfg)
	mux := http.NewServeMux()
	mux.Handle(s.prefix+"/", http.StripPrefix(s.prefix, fake))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if _, err := fmt.Fprintf(stdout, "http://%s%s/\n", ln.Addr(), s.prefix); err != nil {
		ln.Close()
		return err
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fake.Close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/devserver"
)

// proxyCases are the rows of the proxy's cost: one request each, by a Go
// client, straight to the fake Edgen and through serve.go's proxy to it.
var proxyCases = []struct {
	label, faults, body string
	repeat              int // requests per repetition
}{
	{"stream 10,000 small chunks", "chunks=10000;gap=0", `{"model":"default","stream":true,"messages":[{"role":"user","content":"hi"}]}`, 1},
	{"stream 1,000 chunks of 1 KB", "chunks=1000;chunk-bytes=1024;gap=0", `{"model":"default","stream":true,"messages":[{"role":"user","content":"hi"}]}`, 1},
	{"500 whole calls, one by one", "", `{"model":"default","messages":[{"role":"user","content":"hi"}]}`, 500},
}

// proxyCost measures what serve.go's proxy adds, and prints the table:
// median [min-max] of reps repetitions after warmup ones, and the ratio
// proxied/direct.
func proxyCost(p plan, dirs webDirs) error {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := devserver.New(ctx, devserver.Options{Addr: "127.0.0.1:0", WebDir: dirs.src, BuildDir: dirs.built, EdgenURL: fake.URL})
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	defer func() { cancel(); <-served }()
	if b := srv.Info().Backend; b != devserver.BackendEdgen {
		return fmt.Errorf("the proxy serves %q, not the fake upstream", b)
	}
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer c.CloseIdleConnections()
	targets := []string{fake.URL, srv.URL + "v1/"}
	var t table
	for _, pc := range proxyCases {
		for i := range p.warmup + p.reps {
			for j, base := range targets {
				start := time.Now()
				for range pc.repeat {
					if err := proxyRequest(c, base+"chat/completions", pc.faults, pc.body); err != nil {
						return fmt.Errorf("%s: %w", pc.label, err)
					}
				}
				if i >= p.warmup {
					t.add(pc.label, "ms", []string{"direct", "proxied"}[j], float64(time.Since(start).Microseconds())/1000)
				}
			}
		}
	}
	fmt.Printf("\nserve.go's proxy: a Go client straight to the fake Edgen vs through the proxy (median [min-max] of %d repetitions)\n\n", p.reps)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measurement\tunit\tdirect\tproxied\tproxied/direct")
	fmt.Fprintln(tw, strings.Repeat("-", 30)+"\t----\t------\t-------\t--------------")
	for _, r := range t.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.label, r.unit, cell(r.samples["direct"]), cell(r.samples["proxied"]), ratio(r.samples["proxied"], r.samples["direct"]))
	}
	return tw.Flush()
}

// proxyRequest posts body with the faults and reads the whole answer,
// which must end cleanly with status 200.
func proxyRequest(c *http.Client, url, faults, body string) error {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if faults != "" {
		req.Header.Set(edgentest.HeaderFaults, faults)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && (resp.StatusCode != http.StatusOK || n == 0) {
		err = fmt.Errorf("status %d, %d bytes", resp.StatusCode, n)
	}
	return err
}

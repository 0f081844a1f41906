//go:build !js

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startRun runs the command with args and returns its base URL, the writer
// end of its stdin and the channel of run's result.
func startRun(t *testing.T, ctx context.Context, args ...string) (string, io.Closer, chan error) {
	t.Helper()
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, stdinR, stdoutW) }()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stdoutR)
	return strings.TrimSpace(line), stdinW, done
}

// waitDone waits for run to return, at most a few seconds.
func waitDone(t *testing.T, done chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("fakeedgen did not exit")
	}
}

func TestServesUntilStdinCloses(t *testing.T) {
	url, stdin, done := startRun(t, context.Background(), "-base", "v1", "-gap", "1ms")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/v1/") {
		t.Fatalf("first line %q, want the base URL", url)
	}
	resp, err := http.Get(url + "misc/version")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"major":0,"minor":1,"patch":5,"build":""}` {
		t.Errorf("misc/version: %s", body)
	}
	stdin.Close()
	waitDone(t, done)
	if _, err := http.Get(url + "misc/version"); err == nil {
		t.Error("still serving after stdin closed")
	}
}

func TestStopsOnSignalContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	url, stdin, done := startRun(t, ctx, "-watch-stdin=false")
	defer stdin.Close()
	if !strings.HasSuffix(url, "/edgen/v1/") {
		t.Fatalf("base URL %q", url)
	}
	// A stalled stream must not hold the shutdown up.
	req, _ := http.NewRequest("POST", url+"chat/completions", strings.NewReader(`{"model":"m","stream":true}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Fake-Faults", "stall-after=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	cancel()
	waitDone(t, done)
}

//go:build !js

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// runMainEnv makes the test binary run the command itself (see TestMain),
// so that a test can start it as a real process.
const runMainEnv = "FAKEEDGEN_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args []string
		want settings
	}{
		// Edgen's own address and base path; the port is never bound here.
		{nil, settings{"127.0.0.1:33322", "/v1", edgentest.Config{Gap: 30 * time.Millisecond, DownloadTime: 4 * time.Second}}},
		{[]string{"-addr", "127.0.0.1:0", "-base", "edgen/v1/", "-gap", "0", "-download", "250ms"},
			settings{"127.0.0.1:0", "/edgen/v1", edgentest.Config{DownloadTime: 250 * time.Millisecond}}},
		{[]string{"-base", "/"}, settings{"127.0.0.1:33322", "", edgentest.Config{Gap: 30 * time.Millisecond, DownloadTime: 4 * time.Second}}},
	}
	for _, tt := range tests {
		got, err := parseFlags(tt.args)
		if err != nil || got != tt.want {
			t.Errorf("%q: %+v (%v), want %+v", tt.args, got, err, tt.want)
		}
	}
	for _, bad := range [][]string{{"-gap", "soon"}, {"-port", "1"}, {"serve"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// get fetches url and returns its body.
func get(t *testing.T, url string, header ...string) (string, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if len(header) == 2 {
		req.Header.Set(header[0], header[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

const version = `{"major":0,"minor":1,"patch":5,"build":""}`

func TestStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, stdoutW) }()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/v1/") {
		t.Fatalf("first line %q, want the base URL under /v1/", url)
	}
	if body, err := get(t, url+"misc/version"); err != nil || body != version {
		t.Errorf("misc/version: %q (%v)", body, err)
	}
	// A stalled stream must not hold the shutdown up.
	req, _ := http.NewRequest("POST", url+"chat/completions", strings.NewReader(`{"model":"m","stream":true}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(edgentest.HeaderFaults, "stall-after=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("fakeedgen did not stop")
	}
	if _, err := get(t, url+"misc/version"); err == nil {
		t.Error("still serving after the context ended")
	}
}

// TestRunsDetached starts the command as a process whose standard input is
// at its end, as under nohup: it keeps serving until SIGTERM.
func TestRunsDetached(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	cmd.Stdin = strings.NewReader("") // at its end at once
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	go func() { exited <- cmd.Wait() }()
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(line)
	// The delayed answer spans the time a process watching its input
	// would take to exit.
	if body, err := get(t, url+"misc/version", edgentest.HeaderFaults, "header-delay=300ms"); err != nil || body != version {
		t.Fatalf("misc/version after stdin closed: %q (%v)", body, err)
	}
	if body, err := get(t, url+"models"); err != nil || !strings.Contains(body, `"object":"list"`) {
		t.Fatalf("models: %q (%v)", body, err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		exited <- err // for the cleanup
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("fakeedgen did not stop on SIGTERM")
	}
}

package devserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client/edgentest"
	"github.com/edgen-browser/edgen/internal/devserver/proxytest"
	"github.com/edgen-browser/edgen/internal/peertest"
)

// resources is what the process holds: goroutines, open file descriptors
// (connections among them) and live heap.
type resources struct {
	goroutines, fds int
	heap            uint64
}

func measure(t *testing.T) resources {
	t.Helper()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return resources{goroutines: runtime.NumGoroutine(), fds: len(fds), heap: m.HeapAlloc}
}

// Slack of the resource check: a few goroutines and descriptors of the
// runtime and the test framework come and go by themselves, and the heap
// may keep some pooled buffers.
const (
	goroutineSlack = 3
	fdSlack        = 2
	heapSlack      = 16 << 20
)

// assertBack waits (bounded) until the resources are back at before.
func assertBack(t *testing.T, before resources) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		now := measure(t)
		back := now.goroutines <= before.goroutines+goroutineSlack && now.fds <= before.fds+fdSlack && now.heap <= before.heap+heapSlack
		if back {
			t.Logf("resources before %+v, after %+v", before, now)
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("resources not back: before %+v, after %+v\n%s", before, now, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// loadRun is one load test: n chats through the proxy, conc at a time.
type loadRun struct {
	n, conc int
	// body returns the JSON request of chat i.
	body func(i int) string
	// check checks a whole answer received through the proxy.
	check func(i int, answer []byte) error
}

// loadClient is the browser side: as many connections as chats at a time,
// bytes as sent.
func loadClient(conc int) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc, DisableCompression: true}}
}

// runLoad sends the chats of run through the proxy at base (its /v1/) and
// asserts that each answer arrived whole: read to its clean end, equal
// byte for byte to what the upstream sent, and passing run.check.
func runLoad(t *testing.T, base string, rec *proxytest.Recorder, run loadRun) {
	t.Helper()
	c := loadClient(run.conc)
	defer c.CloseIdleConnections()
	started := time.Now()
	var mu sync.Mutex
	var failures []string
	fail := func(i int, format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, fmt.Sprintf("chat %d: ", i)+fmt.Sprintf(format, args...))
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range run.conc {
		wg.Go(func() {
			for i := range work {
				id := fmt.Sprint(i)
				req, err := http.NewRequest(http.MethodPost, base+"v1/chat/completions", strings.NewReader(run.body(i)))
				if err != nil {
					fail(i, "%v", err)
					continue
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(proxytest.LoadID, id)
				resp, err := c.Do(req)
				if err != nil {
					fail(i, "%v", err)
					continue
				}
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				sent, end, ok := rec.Take(id)
				switch {
				case err != nil:
					fail(i, "reading the answer after %d bytes: %v (upstream's end: %v)", len(got), err, end)
				case resp.StatusCode != http.StatusOK:
					fail(i, "status %d: %s", resp.StatusCode, got)
				case !ok:
					fail(i, "the upstream never answered")
				case !errors.Is(end, io.EOF):
					fail(i, "the proxy read the upstream's answer to %v", end)
				case !bytes.Equal(got, sent):
					fail(i, "%d bytes through the proxy, %d from the upstream", len(got), len(sent))
				default:
					if err := run.check(i, got); err != nil {
						fail(i, "%v", err)
					}
				}
			}
		})
	}
	for i := range run.n {
		work <- i
	}
	close(work)
	wg.Wait()
	t.Logf("%d chats, %d at a time, %d failed, in %v", run.n, run.conc, len(failures), time.Since(started).Round(time.Millisecond))
	if len(failures) > 0 {
		t.Errorf("%d of %d answers not whole; the first ones:\n%s", len(failures), run.n, strings.Join(failures[:min(len(failures), 10)], "\n"))
	}
}

// sseContent returns the concatenated delta contents of a streamed answer
// and whether it ended with data: [DONE].
func sseContent(answer []byte) (content string, done bool, err error) {
	sc := bufio.NewScanner(bytes.NewReader(answer))
	sc.Buffer(nil, 32<<20)
	var b strings.Builder
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		if data == "[DONE]" {
			done = true
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta struct{ Content string }
			}
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			return "", false, fmt.Errorf("chunk %q: %v", data, err)
		}
		for _, c := range chunk.Choices {
			b.WriteString(c.Delta.Content)
		}
	}
	return b.String(), done, sc.Err()
}

// fakePrompt is the user message of chat i to the fake; its answer is
// "Hello! You said: " and the message.
func fakePrompt(i int) string { return fmt.Sprintf("load test chat number %d of many", i) }

// history is the earlier conversation of chat i, from a few bytes to
// 4 KB, as a page sends it with every question.
func history(i int) string { return strings.Repeat("earlier words ", i*37%300) }

func TestLoadThroughProxyToFake(t *testing.T) {
	before := measure(t)
	fake := edgentest.NewServer(edgentest.Config{})
	tr := NewTransport()
	rec := proxytest.NewRecorder(tr)
	srv, stop := start(t, Options{EdgenURL: fake.URL, Transport: rec})
	if got := srv.Info().Backend; got != BackendEdgen {
		t.Fatalf("backend %q, want the fake upstream as Edgen", got)
	}
	runLoad(t, srv.URL, rec, loadRun{
		n: 2500, conc: 32, // 2,000 streamed, 500 whole
		body: func(i int) string {
			return fmt.Sprintf(`{"model":"default","stream":%t,"messages":[{"role":"user","content":%q},{"role":"assistant","content":"Hello!"},{"role":"user","content":%q}]}`,
				i%5 != 0, history(i), fakePrompt(i))
		},
		check: func(i int, answer []byte) error {
			want := "Hello! You said: " + fakePrompt(i)
			if i%5 == 0 {
				var whole struct {
					Choices []struct{ Message struct{ Content string } }
				}
				if err := json.Unmarshal(answer, &whole); err != nil || len(whole.Choices) != 1 || whole.Choices[0].Message.Content != want {
					return fmt.Errorf("whole answer %q (%v), want content %q", answer, err, want)
				}
				return nil
			}
			got, _, err := sseContent(answer)
			if err != nil || got != want {
				return fmt.Errorf("streamed %q (%v), want %q", got, err, want)
			}
			return nil
		},
	})
	stop()
	fake.Close()
	tr.CloseIdleConnections()
	assertBack(t, before)
}

func TestLoadThroughProxyToOllama(t *testing.T) {
	ollama := peertest.Ollama(t)
	before := measure(t)
	tr := NewTransport()
	rec := proxytest.NewRecorder(tr)
	srv, stop := start(t, Options{EdgenURL: ollama, Transport: rec})
	if info := srv.Info(); info.Backend != BackendCompatible || info.Server != "ollama" {
		t.Fatalf("serving %+v, want ollama as a compatible server", info)
	}
	runLoad(t, srv.URL, rec, loadRun{
		n: 48, conc: 12,
		body: func(i int) string {
			return fmt.Sprintf(`{"model":"tiny","stream":true,"max_tokens":2,"seed":%d,"messages":[{"role":"user","content":"say %d"}]}`, i, i)
		},
		check: func(i int, answer []byte) error {
			if _, done, err := sseContent(answer); err != nil || !done {
				return fmt.Errorf("stream without its data: [DONE] (%v): %q", err, answer)
			}
			return nil
		},
	})
	stop()
	tr.CloseIdleConnections()
	assertBack(t, before)
}

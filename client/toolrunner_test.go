package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

// emptyParams is the JSON Schema of a tool without arguments.
var emptyParams = json.RawMessage(`{"type":"object","properties":{}}`)

// TestToolRunner is a real round trip with the fake speaking OpenAI's
// dialect, whole and streamed, and in each tool-call shape: the model calls
// weather, time and launch at once (each named in the prompt); weather and
// time must run at the same time (each waits for the other to start),
// launch is refused by Approve; the model answers with what the tools said.
func TestToolRunner(t *testing.T) {
	h := edgentest.Start(t)
	for _, dialect := range []string{"openai", "openai;tools=whole-index0", "openai;tools=no-index", "llamacpp-old", "lmstudio"} {
		for _, stream := range []bool{false, true} {
			t.Run(dialect+map[bool]string{false: "/whole", true: "/streamed"}[stream], func(t *testing.T) {
				sc := h.Scenario("")
				c, _ := fakeClient(h, append(with(sc), client.WithHeader(edgentest.HeaderDialect, dialect))...)
				started := make(chan string, 2)
				parallel := func(ctx context.Context, name string) error {
					started <- name
					deadline := time.After(waitLimit)
					for len(started) < 2 { // both in the channel: both started
						select {
						case <-deadline:
							return errors.New("the other tool never started: the calls ran one after the other")
						case <-ctx.Done():
							return ctx.Err()
						case <-time.After(time.Millisecond):
						}
					}
					return nil
				}
				type city struct {
					City string `json:"city"`
				}
				var mu sync.Mutex
				var events []string
				note := func(e string) {
					mu.Lock()
					events = append(events, e)
					mu.Unlock()
				}
				r := client.ToolRunner{
					Client: c,
					Stream: stream,
					Tools: []client.RunnableTool{
						client.NewTool("weather", "the weather", json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}}}`),
							func(ctx context.Context, a city) (any, error) {
								return map[string]string{"city": a.City, "sky": "clear"}, parallel(ctx, "weather")
							}),
						client.NewTool("time", "the time", emptyParams, func(ctx context.Context, _ struct{}) (any, error) {
							return "noon", parallel(ctx, "time")
						}),
						client.NewTool("launch", "launch it", emptyParams, func(context.Context, struct{}) (any, error) {
							note("launch ran")
							return "launched", nil
						}),
					},
					Approve: func(_ context.Context, call client.ToolCall) (bool, error) {
						return call.Function.Name != "launch", nil
					},
					OnCall:    func(call client.ToolCall) { note("call " + call.Function.Name) },
					OnRefused: func(call client.ToolCall) { note("refused " + call.Function.Name) },
					OnResult:  func(call client.ToolCall, result string) { note("result " + call.Function.Name + " " + result) },
				}
				var parts []string
				r.OnPart = func(p client.StreamPart) { parts = append(parts, p.Type) }
				ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
				defer cancel()
				run, err := r.Run(ctx, chatRequest("weather, time and launch please"))
				if err != nil {
					t.Fatal(err)
				}
				want := `The tools said: weather: {"city":"example","sky":"clear"}; time: noon; launch: The user refused this tool call.`
				if got := run.Final().Choices[0].Message.SplitReasoning().Content; got != want {
					t.Errorf("final answer %q, want %q", got, want)
				}
				slices.Sort(events)
				wantEvents := []string{"call time", "call weather", "refused launch", `result time noon`, `result weather {"city":"example","sky":"clear"}`}
				if !slices.Equal(events, wantEvents) {
					t.Errorf("events %q, want %q", events, wantEvents)
				}
				var roles []string
				for _, m := range run.Messages {
					roles = append(roles, m.Role())
				}
				if want := []string{"user", "assistant", "tool", "tool", "tool", "assistant"}; !slices.Equal(roles, want) {
					t.Errorf("the dialogue's roles %q, want %q", roles, want)
				}
				if len(run.Completions) != 2 || run.Usage.CompletionTokens == 0 {
					t.Errorf("%d answers, usage %+v: want 2, and their tokens", len(run.Completions), run.Usage)
				}
				if stream != slices.Contains(parts, client.StreamPartToolCall) {
					t.Errorf("streamed %v, but the parts seen were %q", stream, parts)
				}
				reqs := requests(t, sc)
				if len(reqs) != 2 {
					t.Fatalf("%d requests, want 2", len(reqs))
				}
				var second struct {
					Messages []struct {
						Role       string `json:"role"`
						ToolCallID string `json:"tool_call_id"`
					} `json:"messages"`
				}
				if err := json.Unmarshal(reqs[1].Body, &second); err != nil || len(second.Messages) != 5 || second.Messages[2].ToolCallID == "" {
					t.Errorf("the second request %s (%v): want the dialogue with the tool results", reqs[1].Body, err)
				}
				if body := string(reqs[1].Body); strings.Contains(body, "think>") || strings.Contains(body, "reasoning") || strings.Contains(body, "The user wrote") {
					t.Errorf("the model's reasoning went back as history: %s", body)
				}
			})
		}
	}
}

// TestToolRunnerAbort: ending the context stops the run at once, with a
// tool still running (it sees its ctx end), and asks nothing more.
func TestToolRunnerAbort(t *testing.T) {
	h := edgentest.Start(t)
	sc := h.Scenario("")
	c, _ := fakeClient(h, append(with(sc), client.WithHeader(edgentest.HeaderDialect, "openai"))...)
	ctx, cancel := context.WithCancel(context.Background())
	toolDone := make(chan error, 1)
	r := client.ToolRunner{
		Client: c,
		Tools: []client.RunnableTool{{Tool: client.FunctionTool("wait", "waits", emptyParams), Run: func(ctx context.Context, _ string) (string, error) {
			cancel()
			<-ctx.Done()
			toolDone <- ctx.Err()
			return "", ctx.Err()
		}}},
	}
	done := make(chan error, 1)
	go func() {
		_, err := r.Run(ctx, chatRequest("wait please"))
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run ended with %v, want context.Canceled", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Run went on after its context ended")
	}
	if err := <-toolDone; !errors.Is(err, context.Canceled) {
		t.Errorf("the tool's ctx ended with %v", err)
	}
	if n := len(requests(t, sc)); n != 1 {
		t.Errorf("%d requests, want 1: nothing asked after the abort", n)
	}
}

// TestToolRunnerRounds: MaxRounds bounds the answers asked for, a tool the
// model names but the runner lacks is answered with the list of tools, and
// a tool's error is sent back as its result.
func TestToolRunnerRounds(t *testing.T) {
	h := edgentest.Start(t)
	sc := h.Scenario("")
	c, _ := fakeClient(h, append(with(sc), client.WithHeader(edgentest.HeaderDialect, "openai;tool-rounds=5"))...)
	calls := 0
	r := client.ToolRunner{Client: c, MaxRounds: 3, Tools: []client.RunnableTool{{
		Tool: client.FunctionTool("flaky", "fails", emptyParams),
		Run: func(context.Context, string) (string, error) {
			calls++
			return "", errors.New("out of order")
		},
	}}}
	var results []string
	r.OnResult = func(_ client.ToolCall, result string) { results = append(results, result) }
	run, err := r.Run(context.Background(), chatRequest("flaky please"))
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Completions) != 3 || calls != 3 {
		t.Errorf("%d answers and %d calls, want 3 of each (MaxRounds 3)", len(run.Completions), calls)
	}
	if len(results) == 0 || results[0] != "Error: out of order" {
		t.Errorf("results %q, want the tool's error sent back", results)
	}
	if !strings.Contains(string(requests(t, sc)[1].Body), "Error: out of order") {
		t.Error("the error was not sent back to the model")
	}
}

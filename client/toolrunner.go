package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A ToolFunc runs one call of a tool: it gets the call's arguments (the
// JSON text the model wrote) and returns the result sent back to the model.
// ctx ends when the run is aborted. An error is sent back as
// "Error: <message>", so that the model can go on.
type ToolFunc func(ctx context.Context, arguments string) (string, error)

// RunnableTool is a tool a ToolRunner can call: what the model sees of it,
// and the function that runs it.
type RunnableTool struct {
	Tool Tool
	Run  ToolFunc
}

// NewTool returns a runnable tool named name whose arguments are decoded
// into Args; the result is sent as is when it is a string, else as JSON.
// parameters is the JSON Schema of Args (the model sees it).
func NewTool[Args any](name, description string, parameters json.RawMessage, fn func(ctx context.Context, args Args) (any, error)) RunnableTool {
	return RunnableTool{
		Tool: FunctionTool(name, description, parameters),
		Run: func(ctx context.Context, arguments string) (string, error) {
			var args Args
			if strings.TrimSpace(arguments) == "" {
				arguments = "{}"
			}
			if err := json.Unmarshal([]byte(arguments), &args); err != nil {
				return "", fmt.Errorf("the arguments are not valid: %w", err)
			}
			out, err := fn(ctx, args)
			if err != nil {
				return "", err
			}
			if s, ok := out.(string); ok {
				return s, nil
			}
			b, err := json.Marshal(out)
			return string(b), err
		},
	}
}

// DefaultMaxRounds is how many answers a ToolRunner asks for at most, unless
// its MaxRounds says otherwise.
const DefaultMaxRounds = 10

// RefusedResult is what the model is told of a call that Approve refused.
const RefusedResult = "The user refused this tool call."

// ToolRunner runs a dialogue with tools, as the OpenAI JS library's
// runTools: it asks the model, runs the tools it calls (all at once when it
// calls several), sends the results back and asks again, until the model
// answers without calling a tool or MaxRounds answers were asked for. The
// callbacks, all optional, see each step as it happens; they are called
// from the goroutine of Run, except Approve, OnCall, OnResult and
// OnRefused, which run on the goroutine of their call (several at once
// when the model called several tools).
type ToolRunner struct {
	Client *Client
	Tools  []RunnableTool
	// MaxRounds is the most answers to ask for; 0 means DefaultMaxRounds.
	MaxRounds int
	// Stream streams each answer (OnPart then sees it as it comes).
	Stream bool
	// Approve runs before each call; false refuses it: the model is told
	// RefusedResult and OnRefused is called. An error ends the run.
	Approve func(ctx context.Context, call ToolCall) (bool, error)
	// OnCompletion is called with each answer, whole.
	OnCompletion func(*ChatCompletion)
	// OnPart is called with each part of a streamed answer (see
	// ChatCompletionAccumulator.ReadChunk and End).
	OnPart func(StreamPart)
	// OnCall is called as a call starts to run, after Approve.
	OnCall func(ToolCall)
	// OnResult is called with each call's result as sent back.
	OnResult func(call ToolCall, result string)
	// OnRefused is called for each call Approve refused.
	OnRefused func(ToolCall)
}

// ToolRun is what a run did.
type ToolRun struct {
	// Messages is the dialogue: the request's messages, then every answer's
	// message (without its reasoning) and every tool result.
	Messages []ChatMessage
	// Completions are the answers, in order; the last is the final one.
	Completions []*ChatCompletion
	// Usage adds up the answers' usage (counted, where a stream sent none).
	Usage CompletionUsage
}

// Final is the last answer.
func (r *ToolRun) Final() *ChatCompletion { return r.Completions[len(r.Completions)-1] }

// Run runs the dialogue of req (its Tools are set from the runner's). The
// end of ctx stops it at once, with ctx's error: the request in flight is
// cancelled and the tools see their ctx end. What ran until then is in the
// returned run, which is never nil.
func (r *ToolRunner) Run(ctx context.Context, req ChatCompletionRequest, opts ...Option) (*ToolRun, error) {
	run := &ToolRun{Messages: append([]ChatMessage(nil), req.Messages...)}
	byName := map[string]ToolFunc{}
	req.Tools = nil
	for _, t := range r.Tools {
		if _, ok := byName[t.Tool.Function.Name]; ok || t.Run == nil {
			return run, fmt.Errorf("edgen: tool %q is given twice, or without its function", t.Tool.Function.Name)
		}
		byName[t.Tool.Function.Name] = t.Run
		req.Tools = append(req.Tools, t.Tool)
	}
	rounds := r.MaxRounds
	if rounds <= 0 {
		rounds = DefaultMaxRounds
	}
	for range rounds {
		req.Messages = run.Messages
		cc, err := r.ask(ctx, req, run, opts)
		if err != nil {
			return run, err
		}
		run.Completions = append(run.Completions, cc)
		if r.OnCompletion != nil {
			r.OnCompletion(cc)
		}
		if len(cc.Choices) == 0 {
			return run, fmt.Errorf("edgen: the answer has no choice")
		}
		msg := cc.Choices[0].Message
		run.Messages = append(run.Messages, historyMessage(msg))
		if len(msg.ToolCalls) == 0 {
			return run, nil
		}
		if !req.ToolChoice.IsZero() && req.ToolChoice.Mode != ToolChoiceNone && req.ToolChoice.Mode != ToolChoiceAuto {
			req.ToolChoice = ToolChoice{} // a choice that forced a call forces only the first
		}
		results, err := r.callAll(ctx, msg.ToolCalls, byName)
		if err != nil {
			return run, err
		}
		for i, call := range msg.ToolCalls {
			run.Messages = append(run.Messages, ToolMessage(call.ID, results[i]))
		}
	}
	return run, nil
}

// historyMessage is the answer's message as the dialogue sends it back:
// its content and tool calls, never its reasoning (in whatever form).
func historyMessage(m ChatCompletionMessage) ChatMessage {
	a := &ChatAssistantMessage{ToolCalls: m.ToolCalls}
	if content := m.SplitReasoning().Content; content != "" || len(m.ToolCalls) == 0 {
		a.Content = &content
	}
	return ChatMessage{OfAssistant: a}
}

// ask gets one answer, whole or streamed, and adds its usage to the run's.
func (r *ToolRunner) ask(ctx context.Context, req ChatCompletionRequest, run *ToolRun, opts []Option) (*ChatCompletion, error) {
	if !r.Stream {
		cc, err := r.Client.CreateChatCompletion(ctx, req, opts...)
		if err == nil {
			addUsage(&run.Usage, cc.Usage)
		}
		return cc, err
	}
	s, err := r.Client.CreateChatCompletionStream(ctx, req, opts...)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var acc ChatCompletionAccumulator
	acc.Start(time.Now())
	part := func(parts []StreamPart) {
		for _, p := range parts {
			if r.OnPart != nil {
				r.OnPart(p)
			}
		}
	}
	for s.Next() {
		part(acc.ReadChunk(s.Current(), time.Now()))
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	part(acc.End())
	addUsage(&run.Usage, acc.Stats().Usage)
	cc := acc.ChatCompletion()
	return &cc, nil
}

func addUsage(total *CompletionUsage, u CompletionUsage) {
	total.PromptTokens += u.PromptTokens
	total.CompletionTokens += u.CompletionTokens
	total.TotalTokens += u.TotalTokens
}

// callAll runs the calls at once and returns their results in order; the
// end of ctx returns at once with its error.
func (r *ToolRunner) callAll(ctx context.Context, calls []ToolCall, byName map[string]ToolFunc) ([]string, error) {
	results := make([]string, len(calls))
	errs := make(chan error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			results[i], err = r.call(ctx, call, byName)
			errs <- err
		}()
	}
	for range calls {
		select {
		case err := <-errs:
			if err != nil {
				return nil, err
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	wg.Wait()
	return results, nil
}

// call runs one call, after Approve, and returns its result; an error
// ends the run.
func (r *ToolRunner) call(ctx context.Context, call ToolCall, byName map[string]ToolFunc) (string, error) {
	run, ok := byName[call.Function.Name]
	if !ok {
		names := make([]string, 0, len(byName))
		for _, t := range r.Tools {
			names = append(names, fmt.Sprintf("%q", t.Tool.Function.Name))
		}
		result := fmt.Sprintf("Error: there is no tool %q; the tools are %s.", call.Function.Name, strings.Join(names, ", "))
		r.result(call, result)
		return result, nil
	}
	if r.Approve != nil {
		yes, err := r.Approve(ctx, call)
		if err != nil {
			return "", err
		}
		if !yes {
			if r.OnRefused != nil {
				r.OnRefused(call)
			}
			return RefusedResult, nil
		}
	}
	if r.OnCall != nil {
		r.OnCall(call)
	}
	result, err := run(ctx, call.Function.Arguments)
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		result = "Error: " + err.Error()
	}
	r.result(call, result)
	return result, nil
}

func (r *ToolRunner) result(call ToolCall, result string) {
	if r.OnResult != nil {
		r.OnResult(call, result)
	}
}

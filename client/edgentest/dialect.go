package edgentest

import (
	"cmp"
	"fmt"
	"strings"
)

// HeaderDialect is the request header that picks the dialect the fake's chat
// completions speak: a server's name, then settings that change one trait
// of it, "ollama" or "openai;tools=no-index;usage=refused" (the package
// documentation lists them). A model name "fake:<dialect>" does the same for
// a client that cannot set headers, such as a person on the demo page.
const HeaderDialect = "X-Fake-Dialect"

// dialectModelPrefix starts a model name that carries a dialect.
const dialectModelPrefix = "fake:"

// dialect is how one server speaks: its wire and how it sends each trait of
// today's models.
type dialect struct {
	server      string // a key of servers
	fingerprint string // system_fingerprint
	roleEvery   bool   // role (and content) in every delta, as ollama's
	reasoning   string // where reasoning goes: one of reasoningForms
	tools       string // the shape of streamed tool calls: one of toolShapes
	usage       string // when usage is sent: one of usagePolicies
	structured  string // what a json_schema answer is: one of structuredOutcomes
	timings     bool   // llama.cpp's timings object
	toolRounds  int    // rounds of tool calls before the model answers
}

// The values of each trait.
var (
	reasoningForms     = []string{"none", "reasoning", "reasoning_content", "think", "think-split", "think-open"}
	toolShapes         = []string{"index", "whole", "whole-index0", "name-repeated", "name-first", "no-index"}
	usagePolicies      = []string{"include", "always", "never", "refused"}
	structuredOutcomes = []string{"valid", "cut", "invalid", "refused"}
)

// servers are the dialects by server name: what each server sends when asked
// nothing special.
var servers = map[string]dialect{
	// edgen_server 0.1.5: its own wire, no reasoning field, and it ignores
	// tools, response_format and stream_options.
	"edgen": {server: "edgen", reasoning: "none"},
	// OpenAI's own API, whose chat completions never carry reasoning.
	"openai": {server: "openai", fingerprint: "fp_edgentest", reasoning: "none", tools: "index"},
	// ollama 0.17's /v1: role in every delta, reasoning in "reasoning", each
	// tool call whole in one chunk.
	"ollama": {server: "ollama", fingerprint: "fp_ollama", roleEvery: true, reasoning: "reasoning", tools: "whole"},
	// llama.cpp's llama-server today: reasoning_content, OpenAI's tool-call
	// deltas, and its timings.
	"llamacpp": {server: "llamacpp", fingerprint: "b6000-edgentest", reasoning: "reasoning_content", tools: "index", timings: true},
	// llama-server before reasoning_format: <think> in the content, the
	// name in every tool-call delta, usage always in the last chunk.
	"llamacpp-old": {server: "llamacpp-old", fingerprint: "b4000-edgentest", reasoning: "think", tools: "name-repeated", usage: "always", timings: true},
	// LM Studio: reasoning_content, the name only in the first delta.
	"lmstudio": {server: "lmstudio", fingerprint: "lmstudio", reasoning: "reasoning_content", tools: "name-first"},
	// DeepSeek's API: reasoning_content.
	"deepseek": {server: "deepseek", fingerprint: "fp_deepseek", reasoning: "reasoning_content", tools: "index"},
	// vLLM with a reasoning parser: "reasoning" (its older releases said
	// reasoning_content).
	"vllm": {server: "vllm", fingerprint: "", reasoning: "reasoning", tools: "index"},
}

// serverNames lists servers' keys in the order the documentation gives them.
var serverNames = []string{"edgen", "openai", "ollama", "llamacpp", "llamacpp-old", "lmstudio", "deepseek", "vllm"}

// isEdgen reports whether d speaks Edgen's own wire.
func (d dialect) isEdgen() bool { return d.server == "edgen" }

// dialectFor picks the dialect of a chat request: the HeaderDialect header,
// else a model name "fake:<dialect>", else Edgen.
func dialectFor(header, model string) (dialect, error) {
	if header != "" {
		d, err := parseDialect(header)
		if err != nil {
			return d, fmt.Errorf("bad %s header: %w", HeaderDialect, err)
		}
		return d, nil
	}
	if spec, ok := strings.CutPrefix(model, dialectModelPrefix); ok {
		d, err := parseDialect(spec)
		if err != nil {
			return d, fmt.Errorf("bad dialect in model name %q: %w", model, err)
		}
		return d, nil
	}
	return servers["edgen"], nil
}

// parseDialect parses "<server>[;key=value...]". Unknown servers, keys and
// values, and repeated keys, are errors naming them, as faults are.
func parseDialect(s string) (dialect, error) {
	name, _, _ := strings.Cut(s, ";")
	name = strings.TrimSpace(name)
	d, ok := servers[name]
	if !ok {
		return d, fmt.Errorf("unknown server %q (known: %s)", name, strings.Join(serverNames, ", "))
	}
	d.toolRounds = 1
	if !d.isEdgen() {
		d.usage = cmp.Or(d.usage, "include")
		d.structured = "valid"
	}
	_, rest, _ := strings.Cut(s, ";")
	err := eachSetting(rest, "", func(key, val string, _ bool) error {
		return d.set(key, strings.TrimSpace(val))
	})
	if err != nil {
		return d, err
	}
	return d, nil
}

// set changes one trait of d.
func (d *dialect) set(key, val string) error {
	if d.isEdgen() && key != "reasoning" {
		return fmt.Errorf("the edgen dialect has only reasoning (think, think-split, think-open): Edgen 0.1.5 ignores tools, response_format and stream_options")
	}
	var err error
	switch key {
	case "reasoning":
		d.reasoning, err = val, oneOf(val, reasoningForms...)
		if err == nil && d.isEdgen() && (val == "reasoning" || val == "reasoning_content") {
			err = fmt.Errorf("the edgen dialect's deltas have no %s field: its reasoning models think in the content", val)
		}
	case "tools":
		d.tools, err = val, oneOf(val, toolShapes...)
	case "usage":
		d.usage, err = val, oneOf(val, usagePolicies...)
	case "structured":
		d.structured, err = val, oneOf(val, structuredOutcomes...)
	case "timings":
		d.timings, err = val == "true", oneOf(val, "true", "false")
	case "tool-rounds":
		d.toolRounds, err = parseCount(val)
		if err == nil && d.toolRounds == 0 {
			err = fmt.Errorf("must be at least 1")
		}
	default:
		return fmt.Errorf("unknown key (known: reasoning, tools, usage, structured, timings, tool-rounds)")
	}
	return err
}

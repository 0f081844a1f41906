//go:build !js

package wasmtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestPromptAPIAnswers holds what a site gets of an answer to the
// extension's Prompt API against the fake's dialects, on a site allowed for
// this visit. A thinking model's reasoning (ollama's reasoning field,
// <think> in the content split across chunks, and a <think> the model's
// template opened, which only its closing tag reveals) is never part of
// what prompt() returns, what promptStreaming() streams (the first answer
// of a model whose habit is not known yet comes whole, unless it closes a
// <think> it never opened; later ones stream), or the history sent again.
// A responseConstraint is checked against its schema in the offscreen
// document, under the extension's CSP: a valid answer comes back as its
// JSON (without the reasoning before it), and an answer not in the schema,
// cut off, or refused is the explainer's SyntaxError, for prompt() and
// promptStreaming() alike; a schema JSON cannot hold (a cycle) is Chrome's
// NotSupportedError.
func TestPromptAPIAnswers(t *testing.T) {
	site := newPromptSite(t)
	rig := startLendRig(t, site, false)
	b, panel, fake := rig.page, rig.panel, rig.fake
	rig.allowVisit(t, site)
	defer useModel(t, panel, "fake:ollama")

	t.Run("reasoning", func(t *testing.T) {
		// firstWhole: the model's first answer, not known to open <think>
		// itself nor not to, comes whole; after a </think> it never opened,
		// the rest streams at once.
		for _, c := range []struct {
			model      string
			firstWhole bool
		}{{"fake:ollama", true}, {"fake:edgen;reasoning=think-split", true}, {"fake:edgen;reasoning=think-open", false}} {
			t.Run(c.model, func(t *testing.T) {
				useModel(t, panel, c.model)
				scenario := fake.faults.set("")
				got, err := evalPage[struct {
					First  []string `json:"first"`
					Whole  string   `json:"whole"`
					Second []string `json:"second"`
				}](b, `(async () => {
					const s = await LanguageModel.create();
					const stream = async (p) => {
						const pieces = [];
						try {
							for await (const piece of s.promptStreaming(p)) pieces.push(piece);
						} catch (e) {
							pieces.push("threw " + e.name + ": " + e.message);
						}
						return pieces;
					};
					const first = await stream("one");
					const whole = await s.prompt("two").catch((e) => "threw " + e.name + ": " + e.message);
					const second = await stream("three");
					s.destroy();
					return { first, whole, second };
				})()`)
				if err != nil {
					t.Fatal(err)
				}
				canned := func(s string) string { return "Hello! You said: " + s }
				if strings.Join(got.First, "") != canned("one") || (len(got.First) == 1) != c.firstWhole {
					t.Errorf("the first streamed answer of a model not known yet came as %q, want %q (whole: %v)", got.First, canned("one"), c.firstWhole)
				}
				if got.Whole != canned("two") {
					t.Errorf("prompt() returned %q, want %q", got.Whole, canned("two"))
				}
				if strings.Join(got.Second, "") != canned("three") || len(got.Second) < 2 {
					t.Errorf("a later streamed answer came as %q, want %q in pieces", got.Second, canned("three"))
				}
				checkNoReasoningResent(t, fake, scenario)
			})
		}
	})

	t.Run("constraint", func(t *testing.T) {
		for _, c := range []struct{ model, want string }{
			{"fake:openai;structured=valid", `{"rating":1}`},
			{"fake:llamacpp-old", `{"rating":1}`}, // its <think> in the content, before the JSON
			{"fake:openai;structured=invalid", "SyntaxError: The model's answer does not satisfy the responseConstraint's schema."},
			{"fake:openai;structured=cut", "SyntaxError: The model's answer was cut off before its JSON was complete."},
			{"fake:openai;structured=refused", "SyntaxError: The model's answer is a refusal."},
		} {
			t.Run(c.model, func(t *testing.T) {
				useModel(t, panel, c.model)
				fake.faults.set("")
				got, err := evalPage[[]string](b, `(async () => {
					const s = await LanguageModel.create();
					const responseConstraint = { type: "object", required: ["rating"], additionalProperties: false,
						properties: { rating: { type: "number", minimum: 0, maximum: 5 } } };
					const failed = (e) => e.name + ": " + e.message;
					const whole = await s.prompt("Rate this.", { responseConstraint }).then((r) => JSON.stringify(JSON.parse(r)), failed);
					const pieces = [];
					try {
						for await (const piece of s.promptStreaming("Rate this again.", { responseConstraint })) pieces.push(piece);
					} catch (e) {
						pieces.push(failed(e));
					}
					s.destroy();
					return [whole, pieces.length === 1 && pieces[0].startsWith("{") ? JSON.stringify(JSON.parse(pieces[0])) : pieces.join("|")];
				})()`)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 2 || got[0] != c.want || got[1] != c.want {
					t.Errorf("prompt() and promptStreaming() with a responseConstraint gave %q, want %q for both", got, c.want)
				}
			})
		}
		t.Run("cycle", func(t *testing.T) {
			scenario := fake.faults.set("")
			got, err := evalPage[string](b, `(async () => {
				const s = await LanguageModel.create();
				const responseConstraint = {};
				responseConstraint.self = responseConstraint;
				const r = await s.prompt("Rate this.", { responseConstraint }).then(() => "answered", (e) => e.name);
				s.destroy();
				return r;
			})()`)
			if err != nil || got != "NotSupportedError" {
				t.Errorf("a responseConstraint JSON cannot hold ended %q (%v), want NotSupportedError, as Chrome's", got, err)
			}
			if n := chatRequests(fake, scenario); n != 0 {
				t.Errorf("%d requests reached the server", n)
			}
		})
	})
}

// useModel sets the model the extension asks (as the panel's settings
// do) and waits until the offscreen document has the policy that names it.
func useModel(t *testing.T, panel *browser, model string) {
	t.Helper()
	ok, err := evalPage[bool](panel, fmt.Sprintf(`chrome.storage.local.set({model: %q}).then(() => chrome.runtime.sendMessage({lend: "edgen-lend/sync"}))`, model))
	if err != nil || !ok {
		t.Fatalf("asking the extension to use the model %s: %v %v", model, ok, err)
	}
}

// checkNoReasoningResent checks that the history each request of scenario
// sent again holds the answers without their reasoning.
func checkNoReasoningResent(t *testing.T, fake *extensionFake, scenario string) {
	t.Helper()
	reqs := fake.fake.Requests(scenario)
	if len(reqs) != 3 {
		t.Fatalf("the session made %d requests, want 3", len(reqs))
	}
	for _, r := range reqs {
		var body struct {
			Messages []struct {
				Role    string `json:"role"`
				Content string `json:"content"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		for _, m := range body.Messages {
			if m.Role == "assistant" && !strings.HasPrefix(m.Content, "Hello! You said: ") {
				t.Errorf("the history sent again holds the answer %q, want it without the reasoning", m.Content)
			}
		}
	}
}

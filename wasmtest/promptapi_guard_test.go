//go:build !js

package wasmtest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// TestPromptAPIGuards holds the extension's lending channel to its limits
// and its checks, against the fake, on a site allowed for this visit: too
// many sessions, a prompt larger than the context window, an input larger
// than the extension takes, a message larger than the relay passes on, and
// a burst of calls are each refused with the Prompt API's error, and none
// of them reaches the server; a page that holds the channel's port and
// sends messages of its own (another operation, another origin, another
// server, a session not its own, wrong shapes) is refused each time and
// never sees the server's address or model; another extension reaches
// nothing of the channel.
func TestPromptAPIGuards(t *testing.T) {
	site := newPromptSite(t)
	other := filepath.Join(mustRoot(t), "wasmtest", "testdata", "promptapi", "otherext")
	rig := startLendRig(t, site, false, other)
	b, fake := rig.page, rig.fake
	rig.allowVisit(t, site)
	window := lendLimit(t, "CONTEXT_WINDOW")

	t.Run("sessions", func(t *testing.T) {
		max := lendLimit(t, "MAX_SESSIONS")
		got, err := evalPage[[]string](b, fmt.Sprintf(`(async () => {
			const sessions = [];
			for (let i = 0; i < %d; i++) sessions.push(await LanguageModel.create());
			const refused = await LanguageModel.create().then(() => "created", (e) => e.name + " " + e.requested + "/" + e.quota);
			sessions.pop().destroy();
			const again = await LanguageModel.create().then((s) => (s.destroy(), "created"), (e) => e.name);
			for (const s of sessions) s.destroy();
			return [refused, again];
		})()`, max))
		if want := []string{fmt.Sprintf("QuotaExceededError %d/%d", max+1, max), "created"}; err != nil || !slices.Equal(got, want) {
			t.Errorf("session %d, then one after a destroy(): %q (%v), want %q", max+1, got, err, want)
		}
	})

	t.Run("too-large", func(t *testing.T) {
		scenario := fake.faults.set("")
		inputMax, messageMax := lendLimit(t, "MAX_INPUT_CHARS"), lendLimit(t, "MAX_MESSAGE_CHARS")
		got, err := evalPage[[]string](b, fmt.Sprintf(`(async () => {
			const s = await LanguageModel.create();
			const tries = ["word ".repeat(%d), "x".repeat(%d), "x".repeat(%d)];
			const out = [];
			for (const p of tries) out.push(await s.prompt(p).then(() => "answered", (e) => e.name + " " + (e.requested > e.quota)));
			s.destroy();
			return out;
		})()`, window, inputMax+1, messageMax+1))
		want := []string{"QuotaExceededError true", "QuotaExceededError true", "QuotaExceededError true"}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("a prompt larger than the window, the input limit and the relay's: %q (%v), want %q", got, err, want)
		}
		if n := chatRequests(fake, scenario); n != 0 {
			t.Errorf("%d of the prompts too large reached the server", n)
		}
	})

	t.Run("forged", func(t *testing.T) {
		scenario := fake.faults.set("")
		if err := doPage(b, chromedp.Navigate(site.URL+"/?capture")); err != nil {
			t.Fatal(err)
		}
		waitLanguageModel(t, b, true)
		got, err := evalPage[struct {
			Out  map[string]string `json:"out"`
			Seen string            `json:"seen"`
		}](b, fmt.Sprintf(forgedCalls, lendLimit(t, "MAX_MESSAGE_CHARS")+1))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"policy": "TypeError", "origin": "TypeError", "server": "TypeError", "foreign": "InvalidStateError",
			"shape": "TypeError", "role": "TypeError", "schema": "TypeError", "prefix": "TypeError",
			"huge": "QuotaExceededError", "legit": "available",
		}
		for k, w := range want {
			if got.Out[k] != w {
				t.Errorf("the forged call %s: %q, want %q", k, got.Out[k], w)
			}
		}
		if n := chatRequests(fake, scenario); n != 0 {
			t.Errorf("%d forged calls reached the server", n)
		}
		for _, secret := range []string{fake.origin, strings.TrimPrefix(fake.origin, "http://"), "/v1", "fake:ollama"} {
			if strings.Contains(got.Seen, secret) {
				t.Errorf("the page saw %q through the channel:\n%s", secret, got.Seen)
			}
		}
	})

	t.Run("burst", func(t *testing.T) {
		scenario := fake.faults.set("gap=0ms")
		got, err := evalPage[[]string](b, `(async () => {
			const s = await LanguageModel.create();
			const results = await Promise.allSettled(Array.from({length: 100}, () => s.prompt("hi")));
			s.destroy();
			return results.map((r) => r.status === "fulfilled" ? "answered" : r.reason.name);
		})()`)
		if err != nil {
			t.Fatal(err)
		}
		answered := 0
		for _, r := range got {
			switch r {
			case "answered":
				answered++
			case "NotAllowedError":
			default:
				t.Errorf("a call of the burst ended with %q, want an answer or NotAllowedError", r)
			}
		}
		if answered == 0 || answered == len(got) {
			t.Errorf("%d of %d calls of a burst were answered: want some, not all", answered, len(got))
		}
		if n := chatRequests(fake, scenario); n != answered {
			t.Errorf("%d requests of the burst reached the server, want the %d answered", n, answered)
		}
	})

	t.Run("other-extension", func(t *testing.T) {
		scenario := fake.faults.set("")
		isOther := func(tg *target.Info) bool {
			return tg.Type == "service_worker" && strings.HasPrefix(tg.URL, "chrome-extension://") && !strings.Contains(tg.URL, rig.id)
		}
		got, err := evalTarget[[]string](b, "the other extension", isOther, fmt.Sprintf(otherExtensionTries, rig.id, site.origin))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if !strings.Contains(r, "Receiving end does not exist") && !strings.Contains(r, "Could not establish connection") {
				t.Errorf("another extension got %q from the lending channel, want no answer", r)
			}
		}
		if len(got) != 4 {
			t.Errorf("another extension's tries gave %q", got)
		}
		if n := chatRequests(fake, scenario); n != 0 {
			t.Errorf("%d requests of another extension reached the server", n)
		}
		if allowed, err := evalWorker[bool](b, rig.id, `chrome.storage.local.get("lendOrigins").then((s) => "http://evil.example" in (s.lendOrigins ?? {}))`); err != nil || allowed {
			t.Errorf("another extension's policy was taken (%v)", err)
		}
	})
}

// forgedCalls is what a page that holds the channel's port (captured by
// ?capture) sends: each a message the extension's LanguageModel never
// sends. It returns each answer's error name (or result) and every message
// the page saw.
const forgedCalls = `(async () => {
	const port = captured[0];
	const seen = [];
	const replies = new Map();
	port.addEventListener("message", (e) => {
		seen.push(JSON.stringify(e.data));
		replies.get(e.data?.id)?.(e.data);
	});
	const ask = (msg) => new Promise((resolve) => { replies.set(msg.id, resolve); port.postMessage(msg); });
	const own = await LanguageModel.create();
	await new Promise((resolve) => setTimeout(resolve)); // this listener runs after the LanguageModel's own
	const sid = JSON.parse(seen.find((s) => s.includes('"session"'))).result.session;
	const user = [{role: "user", content: "hi"}];
	const out = {};
	const name = (r) => r.error ? r.error.name : String(r.result);
	out.policy = name(await ask({id: 9001, op: "policy", policy: {on: true, always: ["http://evil.example"]}}));
	out.origin = name(await ask({id: 9002, op: "availability", origin: "http://evil.example"}));
	out.server = name(await ask({id: 9003, op: "create", options: {baseURL: "http://127.0.0.1:1/v1", model: "x"}}));
	out.foreign = name(await ask({id: 9004, op: "prompt", session: "s999", input: user}));
	out.shape = name(await ask({id: 9005, op: "prompt", session: sid, input: "hi"}));
	out.role = name(await ask({id: 9006, op: "prompt", session: sid, input: [{role: "tool", content: "hi"}]}));
	out.schema = name(await ask({id: 9007, op: "measure", session: sid, input: user, schema: "x"}));
	out.prefix = name(await ask({id: 9008, op: "prompt", session: sid, input: [{role: "user", content: "hi", prefix: true}]}));
	out.huge = name(await ask({id: 9009, op: "prompt", session: sid, input: [{role: "user", content: "x".repeat(%d)}]}));
	out.legit = name(await ask({id: 9010, op: "availability"}));
	own.destroy();
	return {out, seen: seen.join("\n")};
})()`

// otherExtensionTries is what another extension tries, in its service
// worker, against the Edgen extension of id %[1]s: the relay's wake, the
// panel's sync, a policy, and a Port of the channel's name with a call. It
// returns what each got.
const otherExtensionTries = `(async () => {
	const id = %[1]q;
	const out = [];
	for (const msg of [{lend: "edgen-lend/wake"}, {lend: "edgen-lend/sync"}, {lend: "edgen-lend/policy", policy: {on: true, always: ["http://evil.example", %[2]q], visits: [], server: {baseURL: "http://evil.example/v1", model: "x"}}}]) {
		try {
			out.push("answered " + JSON.stringify(await chrome.runtime.sendMessage(id, msg)));
		} catch (e) {
			out.push(e.message);
		}
	}
	out.push(await new Promise((resolve) => {
		const port = chrome.runtime.connect(id, {name: "edgen-lend"});
		port.onMessage.addListener((m) => resolve("answered " + JSON.stringify(m)));
		port.onDisconnect.addListener(() => resolve(chrome.runtime.lastError?.message ?? "disconnected"));
		port.postMessage({id: 1, op: "availability"});
	}));
	return out;
})()`

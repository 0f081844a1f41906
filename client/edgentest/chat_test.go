//go:build !js

package edgentest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestChatCompletionWire(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	resp, body := call(t, "POST", srv.URL+"chat/completions", chatBody("hi there", false), jsonCT)
	wantStatus(t, resp, body, 200)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	want := regexp.MustCompile(`^\{"id":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",` +
		`"choices":\[\{"message":\{"role":"assistant","content":"Hello! You said: hi there","name":null,"tool_calls":null\},"finish_reason":null,"index":0\}\],` +
		`"created":\d+,"model":"main","system_fingerprint":"edgen-0\.1\.5","object":"text_completion",` +
		`"usage":\{"completion_tokens":0,"prompt_tokens":0,"total_tokens":0\}\}$`)
	if !want.Match(body) {
		t.Errorf("body\n%s\ndoes not match\n%s", body, want)
	}
}

// chunkRE matches one streamed chunk event and captures its id and content.
var chunkRE = regexp.MustCompile(`^data: \{"id":"([0-9a-f-]{36})","choices":\[\{"delta":\{"content":("(?:[^"\\]|\\.)*"),"role":null\},"finish_reason":null,"index":0\}\],` +
	`"created":\d+,"model":"main","system_fingerprint":"edgen-0\.1\.5","object":"text_completion"\}$`)

// parseStream checks that body is a sequence of "data: <chunk>\n\n" events
// and returns the chunks' contents and ids.
func parseStream(t *testing.T, body []byte) (contents, ids []string) {
	t.Helper()
	s := string(body)
	if !strings.HasSuffix(s, "\n\n") {
		t.Fatalf("stream does not end with a blank line: %q", s)
	}
	for ev := range strings.SplitSeq(strings.TrimSuffix(s, "\n\n"), "\n\n") {
		m := chunkRE.FindStringSubmatch(ev)
		if m == nil {
			t.Fatalf("event %q is not a chunk of the real server's form", ev)
		}
		var c string
		if err := json.Unmarshal([]byte(m[2]), &c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m[1])
		contents = append(contents, c)
	}
	return contents, ids
}

func TestChatStreamWire(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	resp, body := call(t, "POST", srv.URL+"chat/completions", chatBody("hi  there", true), jsonCT)
	wantStatus(t, resp, body, 200)
	if ct, cc := resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"); ct != "text/event-stream" || cc != "no-cache" {
		t.Errorf("Content-Type %q, Cache-Control %q", ct, cc)
	}
	contents, ids := parseStream(t, body)
	want := []string{"Hello!", " You", " said:", " hi", "  there"}
	if strings.Join(contents, "|") != strings.Join(want, "|") {
		t.Errorf("chunks %q, want %q", contents, want)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("chunk id %s repeats", id)
		}
		seen[id] = true
	}
	if strings.Contains(string(body), "[DONE]") {
		t.Error("stream carries [DONE] without the done fault")
	}
}

func TestChatAnswers(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct {
		name, body, faults string
		want               []string
	}{
		{"last user message", `{"model":"","messages":[{"role":"user","content":"one"},{"role":"assistant","content":"x"},{"role":"user","content":"two"}],"stream":true}`,
			"", []string{"Hello!", " You", " said:", " two"}},
		{"content parts", `{"model":"","messages":[{"role":"user","content":[{"type":"text","text":"a "},{"type":"image_url","url":"http://x/i.png"},{"type":"text","text":"b"}]}],"stream":true}`,
			"", []string{"Hello!", " You", " said:", " a", " <IMAGE", " http://x/i.png>b"}}, // Edgen pastes the url into the prompt
		{"answer fault", chatBody("x", true), "answer=Fine, thanks.", []string{"Fine,", " thanks."}},
		{"done fault", chatBody("x", true), "answer=ok;done", []string{"ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := call(t, "POST", srv.URL+"chat/completions", tt.body, jsonCT, HeaderFaults+": "+tt.faults)
			wantStatus(t, resp, body, 200)
			done := strings.HasSuffix(string(body), "data: [DONE]\n\n")
			if done != strings.Contains(tt.faults, "done") {
				t.Errorf("[DONE] at the end: %v, faults %q", done, tt.faults)
			}
			got, _ := parseStream(t, []byte(strings.TrimSuffix(string(body), "data: [DONE]\n\n")))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("chunks %q, want %q", got, tt.want)
			}
		})
	}
}

func TestChatSyntheticChunks(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	resp, body := call(t, "POST", srv.URL+"chat/completions", chatBody("x", true), jsonCT, HeaderFaults+": chunks=500;chunk-bytes=40")
	wantStatus(t, resp, body, 200)
	contents, ids := parseStream(t, body)
	if len(contents) != 500 {
		t.Fatalf("%d chunks, want 500", len(contents))
	}
	seen := map[string]bool{}
	for i, c := range contents {
		if len(c) != 40 {
			t.Fatalf("chunk %d has %d bytes of content, want 40", i, len(c))
		}
		if seen[ids[i]] {
			t.Fatalf("chunk id %s repeats", ids[i])
		}
		seen[ids[i]] = true
	}
	// Not streamed: the same text in one answer.
	resp, body = call(t, "POST", srv.URL+"chat/completions", chatBody("x", false), jsonCT, HeaderFaults+": chunks=3;chunk-bytes=5")
	wantStatus(t, resp, body, 200)
	var c struct {
		Choices []struct{ Message struct{ Content string } }
	}
	if err := json.Unmarshal(body, &c); err != nil || c.Choices[0].Message.Content != "loremloremlorem" {
		t.Errorf("content of chunks=3;chunk-bytes=5: %s (%v)", body, err)
	}
}

func TestChatRejections(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct {
		name, ct, body string
		status         int
		bodyHas        string
	}{
		{"no content type", "", chatBody("x", false), 415, "Content-Type: application/json"},
		{"form content type", "application/x-www-form-urlencoded", chatBody("x", false), 415, "application/json"},
		{"json with charset", "application/json; charset=utf-8", chatBody("x", false), 200, "Hello!"},
		{"vendor json", "application/vnd.api+json", chatBody("x", false), 200, "Hello!"},
		{"unparsable", "application/json", `{"model":`, 400, "Failed to parse the request body as JSON"},
		{"two values", "application/json", `{"model":"a"} {}`, 400, "Failed to parse"},
		{"missing model", "application/json", `{"messages":[]}`, 422, "missing field `model`"},
		{"null model", "application/json", `{"model":null}`, 422, "model"},
		{"model case matters", "application/json", `{"Model":"a"}`, 422, "missing field `model`"},
		{"not an object", "application/json", `[1]`, 422, "sequence"},
		{"wrong type", "application/json", `{"model":"a","max_tokens":"ten"}`, 422, "max_tokens"},
		{"negative u32", "application/json", `{"model":"a","seed":-1}`, 422, "seed"},
		{"unknown role", "application/json", `{"model":"a","messages":[{"role":"robot","content":"x"}]}`, 422, "robot"},
		{"user without content", "application/json", `{"model":"a","messages":[{"role":"user"}]}`, 422, "content"},
		{"tool without id", "application/json", `{"model":"a","messages":[{"role":"tool","content":"x"}]}`, 422, "tool_call_id"},
		{"bad part", "application/json", `{"model":"a","messages":[{"role":"user","content":[{"type":"video"}]}]}`, 422, "messages[0]: data did not match any variant of untagged enum Either"},
		{"nested image_url", "application/json", `{"model":"a","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}`, 422, "messages[0]: data did not match any variant of untagged enum Either"},
		{"bad stop", "application/json", `{"model":"a","stop":[1]}`, 422, "stop"},
		{"bad logit_bias", "application/json", `{"model":"a","logit_bias":{"x":1}}`, 422, "logit_bias"},
		{"unknown fields ignored", "application/json", `{"model":"a","whatever":[1,2],"one_shot":true,"context_hint":3}`, 200, "Hello!"},
		{"no messages", "application/json", `{"model":"a"}`, 200, "Hello! You said: "},
		{"tools", "application/json", `{"model":"a","tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"tool_choice":"auto"}`, 200, "Hello!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.ct != "" {
				hdr = append(hdr, "Content-Type: "+tt.ct)
			}
			resp, body := call(t, "POST", srv.URL+"chat/completions", tt.body, hdr...)
			wantStatus(t, resp, body, tt.status)
			if !strings.Contains(string(body), tt.bodyHas) {
				t.Errorf("body %q lacks %q", body, tt.bodyHas)
			}
			if tt.status != 200 && resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("rejection Content-Type %q, want text/plain", resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "nowhere", 404, ""},
		{"POST", "chat/completions/", 404, ""},
		{"POST", "chat%2Fcompletions", 404, ""},
		{"GET", "chat/completions", 405, "POST"},
		{"POST", "misc/version", 405, "GET,HEAD"},
		{"PUT", "models/x", 405, "DELETE,GET,HEAD"},
		{"HEAD", "misc/version", 200, ""},
	}
	for _, tt := range tests {
		resp, body := call(t, tt.method, srv.URL+tt.path, "")
		if resp.StatusCode != tt.status || len(body) != 0 || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: status %d, Allow %q, body %q; want %d, %q, empty",
				tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), body, tt.status, tt.allow)
		}
	}
	if resp, _ := call(t, "GET", srv.Server.URL+"/v1/misc/version", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("outside the base path: status %d, want 404", resp.StatusCode)
	}
}

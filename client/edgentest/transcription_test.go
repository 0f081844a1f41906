//go:build !js

package edgentest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"
)

// form builds a multipart body from parts "name=value" and "name@file:content".
func form(t *testing.T, parts ...string) (contentType, body string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		if name, rest, ok := strings.Cut(p, "@"); ok {
			file, content, _ := strings.Cut(rest, ":")
			w, _ := mw.CreateFormFile(name, file)
			w.Write([]byte(content))
			continue
		}
		name, value, _ := strings.Cut(p, "=")
		mw.WriteField(name, value)
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

func TestTranscriptionMultipart(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	const textCT, jsonType = "text/plain; charset=utf-8", "application/json"
	tests := []struct {
		name   string
		parts  []string
		status int
		ctype  string
		body   string // the whole JSON body, or a part of the text one
	}{
		{"required only", []string{"file@a.wav:RIFF1234", "model=whisper"}, 200, jsonType,
			`{"text":" The woods are lovely, dark and deep, But I have promises to keep, And miles to go before I sleep, And miles to go before I sleep. [a.wav, 8 bytes]"}`},
		{"every part", []string{"model=w", "file@b.wav:xy", "language=en", "prompt=p", "response_format=json",
			"temperature=0.2", "create_session=false"},
			200, jsonType, `{"text":" The only other sound's the sweep Of easy wind and downy flake. The woods are lovely, dark and deep, But I have promises to keep, [b.wav, 2 bytes]"}`},
		{"unknown session", []string{"file@a.wav:x", "model=w", "session=0b9f2a6e-8d3c-4c1e-9f7a-2b5d6e8f0a1c"},
			500, jsonType, `{"error":"endpoint","SessionNotFound":null}`},
		{"unknown part", []string{"file@a.wav:x", "model=w", "stream=true"}, 400, textCT, "field 'stream' is not expected"},
		{"repeated part", []string{"file@a.wav:x", "model=w", "model=v"}, 400, textCT, "field 'model' is not expected"},
		{"no file", []string{"model=w"}, 400, textCT, "field 'file' is required"},
		{"no model", []string{"file@a.wav:x"}, 400, textCT, "field 'model' is required"},
		{"bad temperature", []string{"file@a.wav:x", "model=w", "temperature=hot"}, 400, textCT, "field 'temperature' must be of type 'f32'"},
		{"bad create_session", []string{"file@a.wav:x", "model=w", "create_session=yes"}, 400, textCT, "field 'create_session' must be of type 'bool'"},
		{"bad session", []string{"file@a.wav:x", "model=w", "session=42"}, 400, textCT, "field 'session' must be of type 'Uuid'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := form(t, tt.parts...)
			resp, got := call(t, "POST", srv.URL+"audio/transcriptions", body, "Content-Type: "+ct)
			wantStatus(t, resp, got, tt.status)
			if ctype := resp.Header.Get("Content-Type"); ctype != tt.ctype {
				t.Errorf("Content-Type %q, want %q", ctype, tt.ctype)
			}
			if tt.ctype == jsonType && string(got) != tt.body {
				t.Errorf("body %s, want %s", got, tt.body)
			}
			if tt.ctype == textCT && !strings.Contains(string(got), tt.body) {
				t.Errorf("body %q, want %q in it", got, tt.body)
			}
		})
	}
	ct, body := form(t, "file@a.wav:x", "model=w", "create_session=true")
	_, got := call(t, "POST", srv.URL+"audio/transcriptions", body, "Content-Type: "+ct)
	var tr struct{ Session string }
	if err := json.Unmarshal(got, &tr); err != nil || !isUUID(tr.Session) {
		t.Errorf("create_session=true: %s, want a new session uuid", got)
	}
	if resp, got := call(t, "POST", srv.URL+"audio/transcriptions", `{"model":"w"}`, jsonCT); resp.StatusCode != 400 {
		t.Errorf("JSON body: %d %q, want 400", resp.StatusCode, got)
	}
}

func TestTranscriptionRecordsParts(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	sc := srv.Handle().Scenario("")
	ct, body := form(t, "model=whisper-1", "file@voice.webm:"+strings.Repeat("z", 1000), "bogus=1")
	call(t, "POST", srv.URL+"audio/transcriptions", body, "Content-Type: "+ct, HeaderScenario+": "+sc.ID)
	reqs, err := sc.Requests()
	if err != nil || len(reqs) != 1 {
		t.Fatalf("%d records (%v)", len(reqs), err)
	}
	got := fmt.Sprintf("%+v", reqs[0].Parts)
	want := "[{Name:model Value:whisper-1 FileName: Size:9} {Name:file Value: FileName:voice.webm Size:1000} {Name:bogus Value:1 FileName: Size:1}]"
	if got != want {
		t.Errorf("parts %s\nwant  %s", got, want)
	}
	if p, ok := reqs[0].Part("file"); !ok || p.FileName != "voice.webm" {
		t.Errorf("Part(file) = %+v, %v", p, ok)
	}
}

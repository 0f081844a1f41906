//go:build !js

package edgentest

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// transcribe posts a transcription form and decodes its JSON answer.
func transcribe(t *testing.T, srv *Server, parts ...string) (status int, text, session string, raw string) {
	t.Helper()
	ct, body := form(t, parts...)
	resp, got := call(t, "POST", srv.URL+"audio/transcriptions", body, "Content-Type: "+ct)
	var tr struct{ Text, Session string }
	if err := json.Unmarshal(got, &tr); err != nil {
		t.Fatalf("answer %q is not JSON: %v", got, err)
	}
	return resp.StatusCode, tr.Text, tr.Session, string(got)
}

// TestTranscriptionSessions follows a session across recordings, as the
// real server keeps them.
func TestTranscriptionSessions(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: 1})
	status, _, id, raw := transcribe(t, srv, "file@one.wav:first", "model=whisper", "create_session=true")
	if status != 200 || !isUUID(id) {
		t.Fatalf("create_session=true: %d %s, want a new session", status, raw)
	}
	tests := []struct {
		name        string
		parts       []string
		status      int
		wantSession string // "" = no session field
	}{
		{"reused, create_session=true names it again", []string{"file@two.wav:second", "model=whisper", "session=" + id, "create_session=true"}, 200, id},
		{"reused without create_session leaves it out", []string{"file@three.wav:third", "model=whisper", "session=" + id}, 200, ""},
		{"reused in upper case", []string{"file@four.wav:fourth", "model=whisper", "session=" + strings.ToUpper(id), "create_session=true"}, 200, id},
		{"an unknown session", []string{"file@a.wav:x", "model=whisper", "session=0b9f2a6e-8d3c-4c1e-9f7a-2b5d6e8f0a1c", "create_session=true"}, 500, ""},
		{"the session of another model", []string{"file@a.wav:x", "model=other/whisper-repo/ggml-base.bin", "session=" + id}, 500, ""},
		{"no session asked for", []string{"file@a.wav:x", "model=whisper", "create_session=false"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, text, session, raw := transcribe(t, srv, tt.parts...)
			if status != tt.status || session != tt.wantSession {
				t.Fatalf("%d %s, want %d with session %q", status, raw, tt.status, tt.wantSession)
			}
			if status == 200 && (strings.Contains(raw, `"session"`) != (tt.wantSession != "") || text == "") {
				t.Errorf("answer %s", raw)
			}
			if status == 500 && raw != `{"error":"endpoint","SessionNotFound":null}` {
				t.Errorf("error body %s", raw)
			}
		})
	}
	status, _, other, _ := transcribe(t, srv, "file@a.wav:x", "model=whisper", "create_session=true")
	if status != 200 || other == id {
		t.Errorf("a second create_session=true gave %q, want a new session", other)
	}
}

// TestTranscripts checks that the text depends on the audio only, reads
// like whisper's, and that Opus is refused as the real server refuses it.
func TestTranscripts(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	texts := map[string]bool{}
	for _, audio := range []string{"RIFF-one", "RIFF-two", "RIFF-three", "RIFF-four", "RIFF-five"} {
		_, a, _, _ := transcribe(t, srv, "file@clip.wav:"+audio, "model=whisper")
		_, b, _, _ := transcribe(t, srv, "model=distil-whisper", "file@clip.wav:"+audio, "language=en")
		if a != b {
			t.Errorf("the same audio gave %q and %q", a, b)
		}
		if !strings.HasPrefix(a, " ") || !strings.HasSuffix(a, "[clip.wav, "+strconv.Itoa(len(audio))+" bytes]") {
			t.Errorf("transcript %q, want whisper's leading space and the file noted at the end", a)
		}
		texts[a] = true
	}
	if len(texts) < 3 {
		t.Errorf("5 recordings gave %d texts, want them to differ", len(texts))
	}
	webm := "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm....\x86\x86A_OPUS...."
	ogg := "OggS\x00\x02....OpusHead\x01\x01"
	for name, audio := range map[string]string{"webm": webm, "ogg": ogg} {
		status, _, _, raw := transcribe(t, srv, "file@rec."+name+":"+audio, "model=whisper")
		if want := `{"error":"endpoint","Audio":{"Parse":"` + opusError + `"}}`; status != 500 || raw != want {
			t.Errorf("Opus in %s: %d %s, want 500 %s", name, status, raw, want)
		}
	}
}

// TestResetForgetsModelsAndSessions checks that POST _fake/reset brings
// back the fake's first models and forgets the sessions.
func TestResetForgetsModelsAndSessions(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{DownloadTime: 1})
	_, _, id, _ := transcribe(t, srv, "file@a.wav:x", "model=whisper", "create_session=true")
	transcribe(t, srv, "file@a.wav:x", "model=ggerganov/whisper.cpp/ggml-tiny.en.bin")
	call(t, "DELETE", srv.URL+"models/TheBloke%2Fneural-chat-7B-v3-3-GGUF", "")
	_, before := call(t, "GET", srv.URL+"models", "")
	if !strings.Contains(string(before), "ggerganov/whisper.cpp") || strings.Contains(string(before), "neural-chat") {
		t.Fatalf("models before the reset: %s", before)
	}
	call(t, "POST", srv.URL+"_fake/reset", "")
	_, after := call(t, "GET", srv.URL+"models", "")
	if !strings.Contains(string(after), `"per_page":2`) || !strings.Contains(string(after), "neural-chat") {
		t.Errorf("models after the reset: %s, want the first two", after)
	}
	if status, _, _, raw := transcribe(t, srv, "file@a.wav:x", "model=whisper", "session="+id); status != 500 {
		t.Errorf("a session from before the reset: %d %s, want 500", status, raw)
	}
}

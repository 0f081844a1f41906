package devserver

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edgen-browser/edgen/client/edgentest"
)

// hashingEdgen is an Edgen (it answers misc/version) that answers every
// other request with the length and SHA-256 of the body it received.
func hashingEdgen(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/misc/version" {
			io.WriteString(w, `{"major":0,"minor":1,"patch":5,"build":""}`)
			return
		}
		h := sha256.New()
		n, err := io.Copy(h, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
	}))
	t.Cleanup(s.Close)
	return s
}

// digest is what hashingEdgen answers for body.
func digest(body []byte) string {
	sum := sha256.Sum256(body)
	return fmt.Sprintf("%d %s", len(body), hex.EncodeToString(sum[:]))
}

// bigPrompt is a chat request whose user message is about size bytes.
func bigPrompt(size int, stream bool) (body []byte, prompt string) {
	prompt = strings.Repeat("0123456789abcdef", size/16)
	body, _ = json.Marshal(map[string]any{
		"model": "default", "stream": stream,
		"messages": []map[string]string{{"role": "user", "content": prompt}},
	})
	return body, prompt
}

// transcriptionUpload is a multipart transcription request with a file of
// size random bytes, and its Content-Type.
func transcriptionUpload(t *testing.T, size int) (body []byte, contentType string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "speech.wav")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(fw, rand.Reader, int64(size)); err != nil {
		t.Fatal(err)
	}
	mw.WriteField("model", "default")
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func TestBodiesGoThroughIntact(t *testing.T) {
	srv, _ := start(t, Options{EdgenURL: hashingEdgen(t).URL + "/v1"})
	prompt, _ := bigPrompt(10<<20, false)
	upload, uploadType := transcriptionUpload(t, 8<<20)
	for _, c := range []struct {
		path, contentType string
		body              []byte
	}{
		{"chat/completions", "application/json", prompt},
		{"audio/transcriptions", uploadType, upload},
	} {
		resp := post(t, http.DefaultClient, srv.URL+"v1/"+c.path, c.contentType, bytes.NewReader(c.body))
		got, err := io.ReadAll(resp.Body)
		if err != nil || string(got) != digest(c.body) {
			t.Errorf("%s: the upstream got %q (%v), want %q", c.path, got, err, digest(c.body))
		}
	}
}

// TestBigPromptAndUploadThroughTheFake sends 1 MB ones (the fake echoes
// the prompt; TestBodiesGoThroughIntact sends the 10 MB one).
func TestBigPromptAndUploadThroughTheFake(t *testing.T) {
	fake := edgentest.NewServer(edgentest.Config{})
	defer fake.Close()
	srv, _ := start(t, Options{EdgenURL: fake.URL})
	for _, stream := range []bool{false, true} {
		body, prompt := bigPrompt(1<<20, stream)
		resp := post(t, http.DefaultClient, srv.URL+"v1/chat/completions", "application/json", bytes.NewReader(body))
		answer, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("stream %v: %d, %v", stream, resp.StatusCode, err)
		}
		var content string
		if stream {
			content, _, err = sseContent(answer)
		} else {
			var whole struct {
				Choices []struct{ Message struct{ Content string } }
			}
			err = json.Unmarshal(answer, &whole)
			if len(whole.Choices) == 1 {
				content = whole.Choices[0].Message.Content
			}
		}
		if err != nil || content != "Hello! You said: "+prompt {
			t.Errorf("stream %v: an answer of %d bytes (%v), not the 1 MB prompt echoed whole", stream, len(content), err)
		}
	}
	upload, uploadType := transcriptionUpload(t, 1<<20)
	resp := post(t, http.DefaultClient, srv.URL+"v1/audio/transcriptions", uploadType, bytes.NewReader(upload))
	var tr struct{ Text string }
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil || !strings.HasSuffix(tr.Text, fmt.Sprintf("[speech.wav, %d bytes]", 1<<20)) {
		t.Errorf("transcription %d %+v %v", resp.StatusCode, tr, err)
	}
}

// zeros is a body of n zero bytes that hides its length, so that it is
// sent chunked.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

func TestBodyLimit(t *testing.T) {
	up := hashingEdgen(t)
	srv, _ := start(t, Options{EdgenURL: up.URL + "/v1"})
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if got := rawStatus(t, srv, "POST", "/v1/chat/completions", host, "", fmt.Sprintf("Content-Length: %d", MaxRequestBody+1)); got != http.StatusRequestEntityTooLarge {
		t.Errorf("Content-Length over the limit: %d, want 413", got)
	}
	resp := post(t, http.DefaultClient, srv.URL+"v1/chat/completions", "application/json", &zeros{n: MaxRequestBody + 1})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		body, _ := io.ReadAll(resp.Body)
		t.Errorf("a chunked body over the limit: %d %q, want 413", resp.StatusCode, body)
	}
}

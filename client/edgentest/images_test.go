//go:build !js

package edgentest

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net/http"
	"strings"
	"testing"
)

// generate asks the fake for images and returns their PNG files.
func generate(t *testing.T, srv *Server, body string) [][]byte {
	t.Helper()
	resp, got := call(t, "POST", srv.URL+"image/generations", body, jsonCT)
	wantStatus(t, resp, got, 200)
	var r struct{ Images [][]int }
	if err := json.Unmarshal(got, &r); err != nil {
		t.Fatal(err)
	}
	files := make([][]byte, len(r.Images))
	for i, img := range r.Images {
		files[i] = make([]byte, len(img))
		for j, n := range img {
			if n < 0 || n > 255 {
				t.Fatalf("image %d holds %d, not a byte", i, n)
			}
			files[i][j] = byte(n)
		}
	}
	return files
}

// TestImagesArePNG decodes every image with image/png and checks its size.
func TestImagesArePNG(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	tests := []struct {
		body    string
		n, w, h int
		differ  bool // the images of one answer differ
	}{
		{`{"prompt":"a red fox in the snow","model":"stable-diffusion-2-1"}`, 1, 768, 768, false},
		{`{"prompt":"sunset over the sea","model":"sd","width":64,"height":128,"images":3,"seed":7}`, 3, 64, 128, true},
		{`{"prompt":"a cat","model":"sd","width":512,"height":8,"steps":2}`, 1, 512, 8, false},
		{`{"prompt":"nothing","model":"sd","images":0,"width":8,"height":8}`, 0, 8, 8, false},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			files := generate(t, srv, tt.body)
			if len(files) != tt.n {
				t.Fatalf("%d images, want %d", len(files), tt.n)
			}
			for i, f := range files {
				img, err := png.Decode(bytes.NewReader(f))
				if err != nil {
					t.Fatalf("image %d does not decode: %v", i, err)
				}
				if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
					t.Errorf("image %d is %dx%d, want %dx%d", i, b.Dx(), b.Dy(), tt.w, tt.h)
				}
				if i > 0 && tt.differ && bytes.Equal(f, files[0]) {
					t.Errorf("image %d is image 0 again", i)
				}
			}
		})
	}
}

// TestImagesFollowPromptAndSeed checks that a seed gives the same picture
// again, while a new seed (or none, which is random) or prompt gives another.
func TestImagesFollowPromptAndSeed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	one := func(prompt, seed string) []byte {
		body := `{"prompt":"` + prompt + `","model":"sd","width":32,"height":32` + seed + `}`
		return generate(t, srv, body)[0]
	}
	a := one("green forest", `,"seed":1`)
	if !bytes.Equal(a, one("green forest", `,"seed":1`)) {
		t.Error("the same prompt and seed drew another picture")
	}
	for name, other := range map[string][]byte{
		"another seed":   one("green forest", `,"seed":2`),
		"another prompt": one("blue ocean", `,"seed":1`),
		"no seed":        one("green forest", ""),
	} {
		if bytes.Equal(a, other) {
			t.Errorf("%s drew the same picture", name)
		}
	}
}

// TestImageLimits checks the answers to sizes the real server or the fake
// cannot draw.
func TestImageLimits(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Config{})
	// Sides that are not multiples of 8 make the real server's backend
	// panic, which drops the connection.
	req, _ := http.NewRequest("POST", srv.URL+"image/generations", strings.NewReader(`{"prompt":"p","model":"sd","width":100}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("width 100: status %d, want the connection dropped", resp.StatusCode)
	}
	for _, body := range []string{
		`{"prompt":"p","model":"sd","width":4096}`,
		`{"prompt":"p","model":"sd","images":17,"width":8,"height":8}`,
		`{"prompt":"p","model":"sd","images":16,"width":1024,"height":1024}`,
	} {
		resp, got := call(t, "POST", srv.URL+"image/generations", body, jsonCT)
		if resp.StatusCode != 500 || !strings.HasPrefix(string(got), `{"error":"endpoint","Generation":"edgentest: `) {
			t.Errorf("%s: %d %s, want 500 with a generation error", body, resp.StatusCode, got)
		}
	}
}

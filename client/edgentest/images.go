package edgentest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
)

// Image generation sizes: the real server's default (Stable Diffusion 2.1's
// 768 px square) and the fake's limits, which keep one answer small enough
// for a demo.
const (
	defaultImageSide = 768
	maxImageSide     = 2048
	maxImages        = 16
	maxImagePixels   = 8 << 20 // of all images of one request together
)

// serveImages answers POST image/generations: {"images": [[byte, ...], ...]},
// PNG images drawn from the prompt and the seed (a random seed when none is
// given, as in the real server).
func (x *exchange) serveImages() {
	o, ok := x.jsonBody()
	if !ok {
		return
	}
	var (
		prompt, model        string
		uncond               *string
		width, height, steps *uint32
		count                *uint32
		seed                 *uint64
		guidance, vaeScale   *float64
	)
	err := o.getAll(req("prompt", &prompt), req("model", &model),
		opt("width", &width), opt("height", &height), opt("uncond_prompt", &uncond),
		opt("steps", &steps), opt("images", &count), opt("seed", &seed),
		opt("guidance_scale", &guidance), opt("vae_scale", &vaeScale))
	if err != nil {
		x.reject(err)
		return
	}
	x.download(kindImage, modelFile{}, x.flt.download)
	w, h, n := side(width), side(height), 1
	if count != nil {
		n = int(*count)
	}
	if w == 0 || h == 0 || w%8 != 0 || h%8 != 0 {
		// The real server's Stable Diffusion backend asserts that both sides
		// are multiples of 8: the handler panics and the connection drops.
		panic(http.ErrAbortHandler)
	}
	if w > maxImageSide || h > maxImageSide || n > maxImages || n*w*h > maxImagePixels {
		writeJSON(x.w, http.StatusInternalServerError, wireGenerationError{
			Error: "endpoint",
			Generation: fmt.Sprintf("edgentest: %d images of %dx%d are more than the fake draws "+
				"(at most %d images, %d px a side, %d pixels in all)", n, w, h, maxImages, maxImageSide, maxImagePixels),
		})
		return
	}
	s := rand.Uint64()
	if seed != nil {
		s = *seed
	}
	out := wireImages{Images: [][]int{}}
	for i := range n {
		out.Images = append(out.Images, pngNumbers(drawImage(prompt, s, i, w, h)))
	}
	x.sendJSON(out)
}

// side is a requested image side, or the default.
func side(v *uint32) int {
	if v == nil {
		return defaultImageSide
	}
	return int(*v)
}

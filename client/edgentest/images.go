package edgentest

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
)

// Image generation answers with tiny PNG images, imageSide pixels square, at
// most maxImages of them.
const (
	imageSide = 8
	maxImages = 16
)

// serveImages answers POST image/generations: {"images": [[byte, ...], ...]},
// deterministic PNG images colored after the prompt.
func (x *exchange) serveImages() {
	o, ok := x.jsonBody()
	if !ok {
		return
	}
	var (
		prompt, model     string
		uncond            *string
		u32, count        *uint32
		seed              *uint64
		guidance, vaeScal *float64
	)
	err := o.getAll(req("prompt", &prompt), req("model", &model),
		opt("width", &u32), opt("height", &u32), opt("uncond_prompt", &uncond),
		opt("steps", &u32), opt("images", &count), opt("seed", &seed),
		opt("guidance_scale", &guidance), opt("vae_scale", &vaeScal))
	if err != nil {
		x.reject(err)
		return
	}
	x.loadModel("image")
	n := 1
	if count != nil {
		n = min(int(*count), maxImages)
	}
	out := wireImages{Images: [][]int{}}
	for i := range n {
		out.Images = append(out.Images, imageBytes(prompt, i))
	}
	x.sendJSON(out)
}

// imageBytes returns the PNG file of the i-th image for prompt, as numbers.
func imageBytes(prompt string, i int) []int {
	h := fnv.New32a()
	h.Write([]byte(prompt))
	h.Write([]byte{byte(i)})
	s := h.Sum32()
	img := image.NewRGBA(image.Rect(0, 0, imageSide, imageSide))
	c := color.RGBA{R: uint8(s), G: uint8(s >> 8), B: uint8(s >> 16), A: 255}
	for y := range imageSide {
		for x := range imageSide {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding to memory does not fail
	}
	out := make([]int, buf.Len())
	for j, b := range buf.Bytes() {
		out[j] = int(b)
	}
	return out
}

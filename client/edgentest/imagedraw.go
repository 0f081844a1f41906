package edgentest

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
)

// colourWords give a prompt's picture its colours when the prompt names
// them; other prompts get colours from their hash.
var colourWords = map[string]color.RGBA{
	"red": {220, 40, 50, 255}, "orange": {245, 140, 30, 255}, "yellow": {245, 215, 60, 255},
	"green": {60, 170, 80, 255}, "blue": {40, 90, 210, 255}, "purple": {130, 60, 170, 255},
	"pink": {240, 130, 180, 255}, "white": {245, 245, 245, 255}, "black": {20, 20, 25, 255},
	"gray": {130, 130, 135, 255}, "grey": {130, 130, 135, 255}, "brown": {120, 80, 45, 255},
	"gold": {212, 175, 55, 255}, "sunset": {250, 110, 70, 255}, "sea": {20, 110, 160, 255},
	"ocean": {15, 80, 140, 255}, "sky": {120, 180, 240, 255}, "forest": {30, 100, 50, 255},
	"night": {15, 20, 60, 255}, "fire": {250, 90, 20, 255}, "snow": {235, 240, 250, 255},
	"cat": {200, 150, 90, 255}, "sand": {220, 195, 140, 255}, "grass": {90, 180, 70, 255},
}

// drawImage draws the i-th picture for prompt and seed: a vertical
// gradient between two colours with soft discs of a third, all chosen from
// the prompt; the seed and i place the discs.
func drawImage(prompt string, seed uint64, i, w, h int) *image.RGBA {
	top, bottom, accent := palette(prompt)
	rng := rand.New(rand.NewPCG(hashString(prompt), seed+uint64(i)*0x9e3779b97f4a7c15))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		c := mix(top, bottom, float64(y)/float64(max(1, h-1)))
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	for range 3 + rng.IntN(4) {
		cx, cy := rng.Float64()*float64(w), rng.Float64()*float64(h)
		r := (0.08 + 0.22*rng.Float64()) * float64(min(w, h))
		disc(img, cx, cy, r, mix(accent, top, 0.4*rng.Float64()), 0.55+0.35*rng.Float64())
	}
	return img
}

// palette picks the gradient's and the discs' colours: the colour words of
// the prompt in order, then colours from its hash.
func palette(prompt string) (top, bottom, accent color.RGBA) {
	var named []color.RGBA
	for _, w := range strings.FieldsFunc(strings.ToLower(prompt), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if c, ok := colourWords[w]; ok {
			named = append(named, c)
		}
	}
	h := hashString(prompt)
	for len(named) < 3 {
		named = append(named, color.RGBA{uint8(h), uint8(h >> 8), uint8(h >> 16), 255})
		h = h*6364136223846793005 + 1442695040888963407
	}
	return named[0], mix(named[1], color.RGBA{0, 0, 0, 255}, 0.25), named[2]
}

// disc blends a disc of colour c into img with the given opacity, its edge
// softened over a few pixels.
func disc(img *image.RGBA, cx, cy, r float64, c color.RGBA, opacity float64) {
	b := img.Bounds()
	x0, x1 := max(b.Min.X, int(cx-r)-1), min(b.Max.X, int(cx+r)+2)
	y0, y1 := max(b.Min.Y, int(cy-r)-1), min(b.Max.Y, int(cy+r)+2)
	const soft = 3.0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			d2 := dx*dx + dy*dy
			if d2 > r*r {
				continue
			}
			a := opacity
			if edge := r - soft; edge > 0 && d2 > edge*edge {
				a *= (r*r - d2) / (r*r - edge*edge)
			}
			img.SetRGBA(x, y, mix(img.RGBAAt(x, y), c, a))
		}
	}
}

// mix is the colour t of the way from a to b.
func mix(a, b color.RGBA, t float64) color.RGBA {
	ch := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{ch(a.R, b.R), ch(a.G, b.G), ch(a.B, b.B), 255}
}

// hashString is the 64-bit FNV-1a hash of s.
func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// pngNumbers encodes img as a PNG file (opaque, so 8-bit RGB as the real
// server's), as the numbers the wire carries.
func pngNumbers(img image.Image) []int {
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

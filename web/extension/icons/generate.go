//go:build ignore

// generate draws the extension's icons, icon16.png to icon128.png: a
// rounded blue square with a white "E". Run it from this folder with
// `go run generate.go`; the PNGs it writes are committed.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

// sizes are the icon sizes Chrome asks for (toolbar 16/32, extensions page 48, install and Web Store 128).
var sizes = []int{16, 32, 48, 128}

var (
	blue  = color.NRGBA{0x25, 0x63, 0xeb, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

func main() {
	for _, n := range sizes {
		if err := write(fmt.Sprintf("icon%d.png", n), draw(n)); err != nil {
			log.Fatal(err)
		}
	}
}

// draw renders the icon at n x n pixels, 4 x 4 samples per pixel.
func draw(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	const ss = 4
	for y := range n {
		for x := range n {
			var bg, fg float64
			for sy := range ss {
				for sx := range ss {
					u := (float64(x) + (float64(sx)+0.5)/ss) / float64(n) // 0..1
					v := (float64(y) + (float64(sy)+0.5)/ss) / float64(n)
					if inRoundedSquare(u, v) {
						bg++
						if inE(u, v) {
							fg++
						}
					}
				}
			}
			bg /= ss * ss
			fg /= ss * ss
			img.SetNRGBA(x, y, mix(bg, fg))
		}
	}
	return img
}

// inRoundedSquare reports whether (u, v) lies in the background: a square
// with corners of radius 0.22 (all in units of the icon's side).
func inRoundedSquare(u, v float64) bool {
	const r = 0.22
	dx := math.Max(math.Abs(u-0.5)-(0.5-r), 0)
	dy := math.Max(math.Abs(v-0.5)-(0.5-r), 0)
	return dx*dx+dy*dy <= r*r
}

// inE reports whether (u, v) lies in the letter: a stem and three bars.
func inE(u, v float64) bool {
	const left, right, top, bottom, stroke = 0.28, 0.74, 0.22, 0.78, 0.15
	if u < left || u > right || v < top || v > bottom {
		return false
	}
	mid := (top + bottom) / 2
	switch {
	case u < left+stroke: // the stem
		return true
	case v < top+stroke, v > bottom-stroke: // top and bottom bars
		return true
	case math.Abs(v-mid) < stroke/2: // the middle bar, a little shorter
		return u < right-0.06
	}
	return false
}

// mix is the pixel with background coverage bg and letter coverage fg.
func mix(bg, fg float64) color.NRGBA {
	if bg == 0 {
		return color.NRGBA{}
	}
	t := fg / bg // the letter's share of what is covered
	c := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
	return color.NRGBA{c(blue.R, white.R), c(blue.G, white.G), c(blue.B, white.B), uint8(math.Round(255 * bg))}
}

func write(name string, img image.Image) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

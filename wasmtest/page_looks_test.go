//go:build !js

package wasmtest

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"testing"
)

// looks is the last step of TestPageEngines: every view of the page as a
// person sees it, light and dark, at 1280 px and at 360 px (or as narrow as
// the engine's window goes), screenshot by screenshot
// (<scheme>-<width>-<view>.png): the empty chat, an answer streaming in, the
// conversation with Markdown and code, Images with a picture, Search with
// results, Models with a model's details, and the Settings dialog. No view
// scrolls sideways, and at 1280 px axe-core finds nothing in any of them.
//
// MiniBrowser takes its colour scheme when it starts: WebKit's dark views
// come from a second MiniBrowser, started in dark mode.
func (p *enginePage) looks(t *testing.T) {
	axe := axeSource(t)
	for _, dark := range []bool{false, true} {
		scheme := map[bool]string{false: "light", true: "dark"}[dark]
		page := p
		if err := p.e.colorScheme(dark); errors.Is(err, errSchemeAtStart) {
			page = &enginePage{pageSession: p.pageSession, e: startWebKit(t, true)}
			act(t, page.e.resize(1280, 800))
			act(t, page.e.open(p.url))
			page.wait(t, "the client to load", `!document.getElementById("send").disabled`)
		} else {
			act(t, err)
		}
		page.wait(t, "the "+scheme+" scheme", fmt.Sprintf(`matchMedia("(prefers-color-scheme: dark)").matches === %v`, dark))
		for _, width := range []int{1280, 360} {
			if err := page.e.resize(width, 800); err != nil {
				var narrowest *viewportError
				if !errors.As(err, &narrowest) {
					t.Fatal(err)
				}
				width = narrowest.width
			}
			page.lookAtViews(t, fmt.Sprintf("%s-%d", scheme, width), width == 1280, axe)
		}
		act(t, page.e.resize(1280, 800))
	}
	act(t, p.e.colorScheme(false))
}

// lookAtViews takes the screenshot of each view, named prefix-<view>, checks
// that none scrolls sideways and, with checkAxe, runs axe-core in each.
func (p *enginePage) lookAtViews(t *testing.T, prefix string, checkAxe bool, axe string) {
	look := func(view string) []byte {
		t.Helper()
		if js[bool](t, p, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
			t.Errorf("%s-%s: the page scrolls sideways", prefix, view)
		}
		shot := p.snap(t, prefix+"-"+view)
		if !checkAxe || view == "chat-streaming" {
			return shot
		}
		v, err := axeOn(p.e, axe)
		if err != nil {
			t.Fatalf("axe-core: %v", err)
		}
		if len(v) > 0 {
			t.Errorf("%s-%s: axe-core finds:\n%s", prefix, view, strings.Join(v, "\n"))
		}
		return shot
	}
	p.openTab(t, "chat")
	// New chat is in the list of chats, which a narrow screen folds away.
	act(t, p.e.eval(`document.getElementById("new-chat").click()`, nil))
	p.wait(t, "an empty chat", `!document.getElementById("empty").hidden && !document.querySelector("#messages .msg")`)
	look("chat-empty")

	p.faults.set("gap=120ms;answer=" + markdownAnswer)
	act(t, p.e.typeInto("#prompt", "Show me Markdown"+keyEnter))
	p.wait(t, "the first words", `(() => {
		const m = document.querySelector("#messages .msg-assistant:last-child");
		return m && m.dataset.state === "streaming" && !m.querySelector(".typing");
	})()`)
	look("chat-streaming")
	p.wait(t, "the whole answer", `document.querySelector("#messages .msg-assistant:last-child").dataset.state === "done"`)
	look("chat")

	p.openTab(t, "images")
	if !js[bool](t, p, `!!document.querySelector("#image-grid img")`) {
		act(t, p.e.typeInto("#image-prompt", "A red kite over the dunes"))
		act(t, p.e.click("#image-go"))
		p.wait(t, "an image", `!!document.querySelector("#image-grid img")`)
	}
	p.checkPictureShows(t, prefix, look("images"))

	p.openTab(t, "search")
	if !js[bool](t, p, `!!document.querySelector("#search-results li")`) {
		act(t, p.e.typeInto("#search-query", "Markdown"+keyEnter))
		p.wait(t, "results", `!!document.querySelector("#search-results li")`)
	}
	look("search")

	p.openTab(t, "models")
	p.wait(t, "the models", `document.querySelectorAll("#models-body tr").length > 0`)
	if !js[bool](t, p, `!!document.querySelector("#model-details-list dd")`) {
		act(t, p.e.click(`#models-body tr .btn`))
		p.wait(t, "the details", `!!document.querySelector("#model-details-list dd")`)
	}
	look("models")

	p.openTab(t, "chat")
	act(t, p.e.click("#open-settings"))
	p.wait(t, "the settings dialog", `document.getElementById("settings").open`)
	look("settings")
	act(t, p.e.click(`#settings button[value=cancel]`))
	p.wait(t, "the dialog to close", `!document.getElementById("settings").open`)
}

// openTab clicks the tab of the view and waits until the view shows.
func (p *enginePage) openTab(t *testing.T, view string) {
	t.Helper()
	act(t, p.e.click(fmt.Sprintf(`a.tab[data-view=%q]`, view)))
	p.wait(t, "the "+view+" view", fmt.Sprintf(`!document.getElementById("view-%s").hidden`, view))
}

// checkPictureShows checks that the screenshot shot shows the first
// generated picture where the page lays it out: its middle is not the
// empty frame's background. (WebKit showed a picture drawn on a canvas blank
// once the view had been hidden and shown again.)
func (p *enginePage) checkPictureShows(t *testing.T, prefix string, shot []byte) {
	t.Helper()
	at := js[struct {
		X, Y       float64
		Background string
	}](t, p, `(() => {
		const img = document.querySelector("#image-grid img"), r = img.getBoundingClientRect();
		return { x: (r.left + r.width / 2) * devicePixelRatio, y: (r.top + Math.min(r.height / 2, innerHeight - r.top - 2)) * devicePixelRatio,
			background: getComputedStyle(img).backgroundColor };
	})()`)
	var bg [3]uint8
	if _, err := fmt.Sscanf(at.Background, "rgb(%d, %d, %d)", &bg[0], &bg[1], &bg[2]); err != nil {
		t.Fatalf("the picture's background %q: %v", at.Background, err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := img.At(int(at.X), int(at.Y)).RGBA()
	seen := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
	far := 0
	for i := range seen {
		far = max(far, abs(int(seen[i])-int(bg[i])))
	}
	if far < 24 {
		t.Errorf("%s-images: the picture shows its empty background %v at its middle (%v), not the image", prefix, seen, bg)
	}
}

// abs is the absolute value of n.
func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

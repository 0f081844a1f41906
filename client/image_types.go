package client

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/edgen-browser/edgen/internal/jsonscan"
)

// ImageGenerateRequest is the body of POST image/generations.
type ImageGenerateRequest struct {
	Prompt string `json:"prompt"`
	Model  string `json:"model"`
	Width  *int   `json:"width,omitempty"`
	Height *int   `json:"height,omitempty"`
	// UncondPrompt is the negative prompt: what the image should not show.
	UncondPrompt *string `json:"uncond_prompt,omitempty"`
	Steps        *int    `json:"steps,omitempty"`
	// Images is how many images to generate.
	Images        *int     `json:"images,omitempty"`
	Seed          *uint64  `json:"seed,omitempty"`
	GuidanceScale *float64 `json:"guidance_scale,omitempty"`
	VAEScale      *float64 `json:"vae_scale,omitempty"`
}

// ImageGeneration is the answer of POST image/generations.
type ImageGeneration struct {
	Images []ImageData `json:"images"`
	// JSON tells how each field appeared in the body.
	JSON struct {
		Images      Field
		ExtraFields map[string]Field
	} `json:"-"`
}

// UnmarshalJSON decodes the fields and fills JSON (see decodeObject).
func (r *ImageGeneration) UnmarshalJSON(data []byte) error { return decodeObject(data, r) }

// MarshalJSON writes the fields as the body held them (see encodeObject).
func (r ImageGeneration) MarshalJSON() ([]byte, error) { return encodeObject(r) }

// ImageData is the encoded bytes of one image. On the wire Edgen sends them
// as an array of numbers (not base64), which is what its JSON methods read
// and write.
type ImageData []byte

// MarshalJSON writes the bytes as an array of numbers.
func (d ImageData) MarshalJSON() ([]byte, error) {
	if d == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+4*len(d))
	b = append(b, '[')
	for i, v := range d {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(v), 10)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads an array of numbers 0-255.
func (d *ImageData) UnmarshalJSON(data []byte) error {
	s := jsonscan.New(data)
	if s.Peek() == 'n' {
		*d = nil
		return s.Skip()
	}
	if s.Peek() != '[' {
		return errors.New("edgen: image data is not an array of bytes")
	}
	out := make([]byte, 0, len(data)/4)
	err := s.Array(func(int) error {
		tok, err := s.Value()
		if err != nil {
			return err
		}
		v, err := strconv.ParseUint(string(tok), 10, 8)
		if err != nil {
			return fmt.Errorf("edgen: image data: %w", err)
		}
		out = append(out, byte(v))
		return nil
	})
	if err != nil {
		return err
	}
	*d = out
	return nil
}

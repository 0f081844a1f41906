package edgentest

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// describeImage checks the url of an image part sent to an OpenAI-compatible
// server and says what the model saw: "[image: image/png, 68 bytes]" for a
// data URL, "[image: <url>]" for a web address. A data URL that is not
// base64 of an image is refused, as ollama refuses it.
func describeImage(url string) (string, error) {
	rest, ok := strings.CutPrefix(url, "data:")
	if !ok {
		if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
			return "", fmt.Errorf("image_url.url: %.40q is neither a data URL nor an http(s) URL", url)
		}
		return "[image: " + url + "]", nil
	}
	meta, data, ok := strings.Cut(rest, ",")
	mime, isBase64 := strings.CutSuffix(meta, ";base64")
	if !ok || !isBase64 || !strings.HasPrefix(mime, "image/") {
		return "", fmt.Errorf("image_url.url: a data URL must be data:image/<type>;base64,<data>")
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil || len(b) == 0 {
		return "", fmt.Errorf("image_url.url: invalid image input: the data is not base64")
	}
	return fmt.Sprintf("[image: %s, %d bytes]", mime, len(b)), nil
}

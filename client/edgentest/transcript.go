package edgentest

import (
	"bytes"
	"fmt"
	"strings"
)

// poem is what the fake hears in every recording: Robert Frost's "Stopping
// by Woods on a Snowy Evening", which the real server's own transcription
// test recites.
var poem = []string{
	"Whose woods these are I think I know.", "His house is in the village though;",
	"He will not see me stopping here", "To watch his woods fill up with snow.",
	"My little horse must think it queer", "To stop without a farmhouse near",
	"Between the woods and frozen lake", "The darkest evening of the year.",
	"He gives his harness bells a shake", "To ask if there is some mistake.",
	"The only other sound's the sweep", "Of easy wind and downy flake.",
	"The woods are lovely, dark and deep,", "But I have promises to keep,",
	"And miles to go before I sleep,", "And miles to go before I sleep.",
}

// transcript is the fake's transcription of a recording: two to four lines
// of the poem chosen by the hash of the audio, so the same audio always
// gives the same text, then the file's name and size in brackets, the way
// whisper notes what is not speech. Like whisper's, the text starts with a
// space.
func transcript(audio []byte, fileName string) string {
	h := hashString(string(audio))
	start, n := int(h%uint64(len(poem))), 2+int(h>>32%3)
	lines := make([]string, n)
	for i := range lines {
		lines[i] = poem[(start+i)%len(poem)]
	}
	return fmt.Sprintf(" %s [%s, %d bytes]", strings.Join(lines, " "), fileName, len(audio))
}

// opusError is what the real server's audio decoder (symphonia, which has
// no Opus codec) says about Opus audio.
const opusError = "failed to initialize decoder: unsupported feature: core (codec):unsupported codec"

// isOpus reports whether audio is Opus in WebM (what Chromium's
// MediaRecorder records) or in Ogg (Firefox's), which the real server
// cannot decode: it reads WAV, MP3, FLAC, AAC, Vorbis and PCM.
func isOpus(audio []byte) bool {
	head := audio[:min(len(audio), 4096)]
	switch {
	case bytes.HasPrefix(head, []byte{0x1a, 0x45, 0xdf, 0xa3}): // EBML: Matroska or WebM
		return bytes.Contains(head, []byte("A_OPUS"))
	case bytes.HasPrefix(head, []byte("OggS")):
		return bytes.Contains(head, []byte("OpusHead"))
	}
	return false
}

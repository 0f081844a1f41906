package edgentest

import (
	"net/http"
	"strings"
	"time"
)

// serveChat answers POST chat/completions in the dialect the request picks
// (Edgen's unless HeaderDialect or a "fake:" model name says otherwise): the
// canned answer (or the one the faults ask for), whole or streamed, with
// the reasoning, tool calls and structured answers of the dialect.
func (x *exchange) serveChat() {
	o, ok := x.jsonBody()
	if !ok {
		return
	}
	var model string
	_ = o.get("model", false, &model) // a bad one is parseChatRequest's to report
	d, err := dialectFor(x.r.Header.Get(HeaderDialect), model)
	if err != nil {
		writeText(x.w, http.StatusBadRequest, "edgentest: "+err.Error())
		return
	}
	req, err := parseChatRequest(o, d)
	switch {
	case err != nil && d.isEdgen():
		x.reject(err)
		return
	case err != nil:
		x.refuseCompat(err.Error(), "")
		return
	case !d.isEdgen():
		x.serveCompatChat(req, d)
		return
	}
	if _, ok := x.useModel(kindChat, req.model); !ok {
		return
	}
	contents := planTurn(req, d, x.flt).content
	if req.stream {
		x.streamChat(contents)
		return
	}
	x.sendJSON(completion(strings.Join(contents, "")))
}

// completion is the whole answer carrying content.
func completion(content string) wireChatCompletion {
	return wireChatCompletion{
		ID: newUUID(),
		Choices: []wireChoice{{
			Message: wireAssistantMessage{Role: "assistant", Content: &content},
		}},
		Created:           time.Now().Unix(),
		Model:             "main",
		SystemFingerprint: systemFingerprint,
		Object:            "text_completion",
	}
}

// answerChunks returns the contents of the answer's chunks: the words of
// "Hello! You said: <user text>" (or of the answer= fault) with their
// leading spaces, or the chunks= synthetic answer.
func answerChunks(userText string, flt faults) []string {
	if flt.chunks > 0 {
		return syntheticChunks(flt.chunks, flt.chunkBytes)
	}
	text := "Hello! You said: " + userText
	if flt.answer != nil {
		text = *flt.answer
	}
	return splitWords(text)
}

// splitWords cuts text before every space that follows a non-space, so that
// "Hello! You said:" gives "Hello!", " You", " said:". The pieces join back
// to text.
func splitWords(text string) []string {
	var words []string
	start := 0
	for i := 1; i < len(text); i++ {
		if text[i] == ' ' && text[i-1] != ' ' {
			words = append(words, text[start:i])
			start = i
		}
	}
	if start < len(text) {
		words = append(words, text[start:])
	}
	return words
}

// loremWords fill the synthetic chunks.
const loremWords = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "

// syntheticChunks returns n chunks of size bytes of text each, all sharing
// one string.
func syntheticChunks(n, size int) []string {
	content := strings.Repeat(loremWords, size/len(loremWords)+1)[:size]
	chunks := make([]string, n)
	for i := range chunks {
		chunks[i] = content
	}
	return chunks
}

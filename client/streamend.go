package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrStreamCut is the cause of the *APIConnectionError of a stream in
// OpenAI's dialect whose body ended cleanly without its end: some browsers
// (WebKitGTK) read a connection closed in the middle of a chunked body as
// a clean end, so the end has to be judged from what the stream said.
var ErrStreamCut = errors.New("the stream ended without [DONE] or a finish_reason: it was cut short")

// openAIChunk is the "object" of the chunks of OpenAI's stream dialect
// (OpenAI, ollama, llama.cpp, vLLM, LM Studio), whose streams end with a
// finish_reason on the last choice (then, when asked for, a chunk of usage
// without choices) and "data: [DONE]". Edgen's chunks say "text_completion"
// and carry no finish_reason: its streams end with the body, and nothing
// tells a cut from an end.
const openAIChunk = "chat.completion.chunk"

// streamEnd keeps what the end of a stream is judged by, its first and last
// data (references to the events' strings: nothing is decoded per chunk).
type streamEnd struct {
	first, last string
}

// add notes the data of one event.
func (e *streamEnd) add(data string) {
	if e.first == "" {
		e.first = data
	}
	e.last = data
}

// cut reports whether a body that ended without [DONE] was cut short: its
// chunks are in OpenAI's dialect and the last one neither carries a
// finish_reason nor is the usage that comes after it.
func (e *streamEnd) cut() bool {
	var first struct {
		Object string `json:"object"`
	}
	if json.Unmarshal([]byte(e.first), &first) != nil || first.Object != openAIChunk {
		return false
	}
	var last struct {
		Choices []struct {
			FinishReason *string `json:"finish_reason"`
		} `json:"choices"`
		Usage json.RawMessage `json:"usage"`
	}
	if json.Unmarshal([]byte(e.last), &last) != nil {
		return true
	}
	if len(last.Choices) == 0 {
		return len(last.Usage) == 0 || string(last.Usage) == "null"
	}
	for _, c := range last.Choices {
		if c.FinishReason != nil && *c.FinishReason != "" {
			return false
		}
	}
	return true
}

// endError is the error of a body that ended without [DONE]: nil, unless
// the stream was cut (see cut).
func (e *streamEnd) endError() error {
	if e.cut() {
		return &APIConnectionError{Err: fmt.Errorf("%w (%w)", ErrStreamCut, io.ErrUnexpectedEOF)}
	}
	return nil
}

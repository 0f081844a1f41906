package client

import "strings"

// A model's reasoning comes in one of three forms, and the client reads all
// of them the same way (ReasoningSplitter, Reasoning, the accumulator's
// parts):
//   - reasoning_content: DeepSeek's API, llama.cpp's server, LM Studio;
//   - reasoning: ollama's /v1, newer vLLM;
//   - <think>...</think> inside content, from servers that leave the
//     model's text alone.
//
// The rule for <think> tags:
//   - an opening <think> counts only at the start of the content (after
//     whitespace): a tag later on is text of the answer;
//   - a content that does not start with <think> but holds a </think>,
//     with no <think> before it, comes from a model whose chat template
//     opened the tag itself (DeepSeek-R1, QwQ): everything before that
//     </think> was reasoning;
//   - after the closing tag, the whitespace that follows is dropped and the
//     rest is the answer, tags and all;
//   - a content cut off before </think> is all reasoning.
//
// Tags may be split across chunks ("<thi" + "nk>"): the splitter holds back
// text that may begin a tag until the next chunk says more.

const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
	// asciiSpace is the whitespace around the tags that the rule drops
	// (models write newlines and spaces there; the unicode tables would
	// cost the wasm a kilobyte for nothing).
	asciiSpace = " \t\r\n"
)

// Reasoning is a message's reasoning and its answer, read the one way.
type Reasoning struct {
	// Reasoning is the reasoning_content, reasoning and <think> text, in
	// that order when a server sent more than one.
	Reasoning string `json:"reasoning"`
	// Content is the answer without the reasoning and its tags.
	Content string `json:"content"`
}

// SplitReasoning reads the message's reasoning and answer (see Reasoning);
// the message's own fields are left as the server sent them.
func (m ChatCompletionMessage) SplitReasoning() Reasoning {
	var s ReasoningSplitter
	pieces := append(s.Write(m.Content), s.Flush()...)
	r := Reasoning{Reasoning: m.ReasoningContent + m.Reasoning}
	var content strings.Builder
	for _, p := range pieces {
		switch p.Kind {
		case PieceReasoning:
			r.Reasoning += p.Text
		case PieceContent:
			content.WriteString(p.Text)
		case PieceContentToReasoning:
			r.Reasoning += p.Text
			content.Reset()
		}
	}
	r.Content = content.String()
	return r
}

// Kinds of Piece.
const (
	// PieceReasoning is text the model thought.
	PieceReasoning = "reasoning"
	// PieceContent is text of the answer.
	PieceContent = "content"
	// PieceContentToReasoning says that the content handed out so far (its
	// Text) was reasoning: the model closed a <think> it never opened.
	PieceContentToReasoning = "content_to_reasoning"
)

// Piece is a run of text that a ReasoningSplitter has read.
type Piece struct {
	Kind string // PieceReasoning, PieceContent or PieceContentToReasoning
	Text string
}

// splitterState is where a ReasoningSplitter is in the content.
type splitterState int

const (
	atStart    splitterState = iota // only whitespace so far
	inThink                         // after <think>
	unopened                        // answer text, until a </think> makes it reasoning
	afterThink                      // after </think>: whitespace dropped, then all answer
	answer                          // the rest is answer text
)

// ReasoningSplitter reads the <think> tags out of the content of one choice
// as it streams, by the rule above. The zero value is ready to use; Write
// each delta's content in order, then Flush.
type ReasoningSplitter struct {
	state   splitterState
	held    string          // text that may begin a tag, or leading whitespace
	given   strings.Builder // content handed out while unopened
	results []Piece
}

// Write reads the next piece of content and returns what it settles.
func (s *ReasoningSplitter) Write(text string) []Piece {
	s.results = nil
	text = s.held + text
	s.held = ""
	for text != "" {
		text = s.step(text)
	}
	return s.results
}

// Flush returns what the splitter still holds, at the end of the content.
func (s *ReasoningSplitter) Flush() []Piece {
	s.results = nil
	held := s.held
	s.held = ""
	switch s.state {
	case inThink:
		s.emit(PieceReasoning, held)
	case afterThink:
		// only whitespace after </think>: dropped
	default:
		s.emit(PieceContent, held)
	}
	return s.results
}

// step reads from the start of text and returns what is left to read; what
// cannot be settled yet is held.
func (s *ReasoningSplitter) step(text string) string {
	switch s.state {
	case atStart:
		rest := strings.TrimLeft(text, asciiSpace)
		switch {
		case strings.HasPrefix(rest, thinkOpen):
			s.state = inThink
			return rest[len(thinkOpen):]
		case rest == "" || strings.HasPrefix(thinkOpen, rest):
			s.held = text // whitespace, or the start of <think>
			return ""
		}
		s.state = unopened
		return text
	case inThink:
		before, after, tag := s.cut(text, thinkClose)
		s.emit(PieceReasoning, before)
		if tag != "" {
			s.state = afterThink
		}
		return after
	case unopened:
		before, after, tag := s.cut(text, thinkClose, thinkOpen)
		switch tag {
		case "":
			s.given.WriteString(before)
			s.emit(PieceContent, before)
			return ""
		case thinkOpen: // an opening tag first: no reasoning, all answer
			s.given.Reset()
			s.state = answer
			s.emit(PieceContent, before+thinkOpen)
			return after
		}
		if s.given.Len() > 0 {
			s.results = append(s.results, Piece{Kind: PieceContentToReasoning, Text: s.given.String()})
			s.given.Reset()
		}
		s.emit(PieceReasoning, before)
		s.state = afterThink
		return after
	case afterThink:
		rest := strings.TrimLeft(text, asciiSpace)
		if rest != "" {
			s.state = answer
		}
		return rest
	}
	s.emit(PieceContent, text)
	return ""
}

// cut splits text at the first of the tags: the text before it, the text
// after it, and the tag ("" when none is there). Without one, a tail that
// may begin a tag is held and left out of before.
func (s *ReasoningSplitter) cut(text string, tags ...string) (before, after, tag string) {
	at := -1
	for _, t := range tags {
		if i := strings.Index(text, t); i >= 0 && (at < 0 || i < at) {
			at, tag = i, t
		}
	}
	if at >= 0 {
		return text[:at], text[at+len(tag):], tag
	}
	for n := min(len(thinkClose)-1, len(text)); n > 0; n-- {
		for _, t := range tags {
			if strings.HasPrefix(t, text[len(text)-n:]) {
				s.held = text[len(text)-n:]
				return text[:len(text)-n], "", ""
			}
		}
	}
	return text, "", ""
}

// emit adds a piece of reasoning or content, joined to the last one when
// that is of the same kind; empty text is left out.
func (s *ReasoningSplitter) emit(kind, text string) {
	if text == "" {
		return
	}
	if n := len(s.results); n > 0 && s.results[n-1].Kind == kind {
		s.results[n-1].Text += text
		return
	}
	s.results = append(s.results, Piece{Kind: kind, Text: text})
}

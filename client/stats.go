package client

import (
	"encoding/json"
	"time"
)

// AnswerStats tells how much and how fast an answer came.
type AnswerStats struct {
	// Usage is the server's when a chunk carried one (ask with
	// StreamOptions.IncludeUsage); otherwise counted from the chunks, a
	// chunk with text or a tool call counting as one completion token.
	Usage CompletionUsage
	// Approximate is set when Usage was counted.
	Approximate bool
	// TimeToFirstToken is from Start to the first chunk with a token; 0
	// when unknown.
	TimeToFirstToken time.Duration
	// TokensPerSecond is the completion tokens after the first, per second
	// from the first chunk with a token to the last; 0 when it cannot be
	// measured (one token, or all in one read).
	TokensPerSecond float64
	// Duration is from Start to the last chunk; 0 when unknown.
	Duration time.Duration
	// Timings is llama.cpp's own timings object, as sent.
	Timings json.RawMessage
}

// Stats returns the usage and speed of the answer so far. The times need
// Start and ReadChunk; AddChunk alone gives the counts.
func (a *ChatCompletionAccumulator) Stats() AnswerStats {
	s := AnswerStats{Usage: a.usage, Timings: a.timings}
	if !a.usageJSON.Valid() {
		s.Usage = CompletionUsage{CompletionTokens: a.tokenChunks, TotalTokens: a.tokenChunks}
		s.Approximate = true
	}
	if !a.startAt.IsZero() && !a.firstAt.IsZero() {
		s.TimeToFirstToken = a.firstAt.Sub(a.startAt)
	}
	if !a.startAt.IsZero() && !a.lastAt.IsZero() {
		s.Duration = a.lastAt.Sub(a.startAt)
	}
	if n, d := s.Usage.CompletionTokens, a.lastTokenAt.Sub(a.firstAt); n > 1 && d > 0 {
		s.TokensPerSecond = float64(n-1) / d.Seconds()
	}
	return s
}

// MarshalJSON writes the stats as the JavaScript face hands them out:
// {usage, approximate, timeToFirstToken?, tokensPerSecond?, duration?,
// timings?}, times in milliseconds, the unknown ones left out.
func (s AnswerStats) MarshalJSON() ([]byte, error) {
	ms := func(d time.Duration) float64 { return max(float64(d)/float64(time.Millisecond), 0) }
	return json.Marshal(struct {
		Usage            CompletionUsage `json:"usage"`
		Approximate      bool            `json:"approximate"`
		TimeToFirstToken float64         `json:"timeToFirstToken,omitempty"`
		TokensPerSecond  float64         `json:"tokensPerSecond,omitempty"`
		Duration         float64         `json:"duration,omitempty"`
		Timings          json.RawMessage `json:"timings,omitempty"`
	}{s.Usage, s.Approximate, ms(s.TimeToFirstToken), max(s.TokensPerSecond, 0), ms(s.Duration), s.Timings})
}

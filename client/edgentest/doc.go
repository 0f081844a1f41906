// Package edgentest is a fake Edgen server for tests and demos, in the spirit
// of net/http/httptest.
//
// It speaks the wire format of the real Edgen server (edgen_server 0.1.5),
// quirks included, from its own literal definitions: it never imports the
// client package, so a wrong type cannot hide in both. Every endpoint is
// there: chat/completions (whole and streamed), the three status routes,
// audio/transcriptions (strict multipart parser), embeddings,
// image/generations, models (list, retrieve, delete; the id is one
// percent-encoded path segment) and misc/version. Unknown paths are 404 with
// an empty body, wrong methods 405, bodies the JSON extractor refuses 415,
// 400 or 422 in text/plain, and CORS headers are those of the real server's
// CorsLayer::permissive().
//
// A Fake is an http.Handler for the API at its root:
//
//	f := edgentest.New(edgentest.Config{Gap: 20 * time.Millisecond})
//	http.Handle("/v1/", http.StripPrefix("/v1", f))
//
// NewServer starts one on a loopback address under BasePath. Tests that must
// also run under GOOS=js use Start, which gives a Handle on an in-process
// server natively and on the external fake named by $EDGEN_FAKE_URL under js
// (see command fakeedgen).
//
// # Answers
//
// The chat answer is "Hello! You said: <text of the last user message>",
// streamed word by word ("Hello!", " You", " said:", ...) with Config.Gap
// between chunks, each chunk flushed at once as "data: <compact JSON>\n\n"
// with a new id, and no "data: [DONE]" at the end, like the real server.
//
// A transcription is two to four lines of Frost's "Stopping by Woods on a
// Snowy Evening" chosen by the hash of the audio, with whisper's leading
// space, then the file's name and size in brackets. Sessions behave as the
// real server's: create_session=true starts one (or names the given one
// again); a given session must exist for the same model, or the answer is a
// 500 {"error":"endpoint","SessionNotFound":null}; the reply carries
// "session" only when create_session is true; an idle session ends after
// two minutes. Opus audio (MediaRecorder's WebM or Ogg) is refused with the
// real server's decoder error, since it cannot decode Opus.
//
// Embeddings are unit vectors of 768 dimensions: a hashed bag of the words
// and character trigrams of the text, so texts sharing words and word
// stems have a high cosine similarity. Images are PNG files (8-bit RGB, as
// the real server's), 768 px square unless width and height say otherwise,
// drawn from the prompt (its colour words pick the colours) and the seed (a
// random one when none is given); sides that are not multiples of 8 drop
// the connection as the real server's panicking backend does.
//
// # Models and downloads
//
// The fake starts with each endpoint's default model (the status routes'
// active_model). The models routes list, retrieve and delete what the real
// server keeps in its chat and audio directories, never its embeddings
// directory: ids are "owner/repo". A request naming "owner/repo/file" that
// the fake does not have (or naming "default" after its model was deleted)
// waits for a download of Config.DownloadTime, during which the status
// route of its endpoint reports download_ongoing and a download_progress
// rising from 0 to 100 every Config.ProgressInterval; then it answers and
// the model is there. A download goes on when its request leaves. Model names the real server cannot use get its 500
// bodies (unknown_model_kind, no_such_model, preload); a name without a
// slash ("fake", "m") means the default model. Deletions and downloads of
// a scenario are seen by that scenario only; requests without one share
// one set of models.
//
// # Faults
//
// A request asks for faults in the X-Fake-Faults header, "k=v;k=v". An
// unknown or repeated key, or a bad value, is answered 400 text/plain naming
// the key. The keys:
//
//	status=500,500,200       status of each attempt; the last one repeats. Attempts are
//	                         counted per X-Fake-Scenario and route (method and path), so
//	                         polling a status route does not use up a chat sequence;
//	                         without a scenario every request is a first attempt
//	retry-after=<s|date>     Retry-After header on fault statuses
//	should-retry=true|false  x-should-retry header on fault statuses
//	error-body=edgen|openai|text|empty
//	                         form of a fault status's body (default: edgen, empty on
//	                         models and misc/version, as the real server) and of error-after
//	header-delay=<dur>       wait before sending the response headers
//	gap=<dur>                pause between chunks, instead of Config.Gap
//	drop-after=<n>           abort the connection after n chunks (after n body bytes for an
//	                         answer that is not streamed): the body ends without its end
//	stall-after=<n>          after n chunks (bytes) send nothing more, until the client leaves
//	malformed-after=<n>      after n chunks send a truncated chunk and end the stream
//	error-after=<n>          after n chunks send an error event ({"error":...}) and end
//	done                     end the stream with data: [DONE]
//	download=<dur>           the model downloads first, for dur, even if the fake has it:
//	                         the request waits while the status route of its endpoint
//	                         reports download_ongoing and a progress rising from 0 to 100
//	chunks=<n>               synthetic answer of n chunks (benchmarks), of
//	chunk-bytes=<n>          n bytes of content each (default 16)
//	answer=<text>            the answer text instead of the canned one
//
// # Recording
//
// Every request to the API (not preflights, not control routes) is recorded:
// method, escaped path, headers, body (the first MaxRecordedBody bytes),
// multipart parts, scenario, time, and whether the client went away before a
// streamed or delayed answer ended. Fake.Requests reads them in Go; over
// HTTP, GET _fake/requests?scenario=<id> returns them as a JSON array (Body
// in base64) and POST _fake/reset forgets everything. At most MaxRecords
// requests are kept.
package edgentest

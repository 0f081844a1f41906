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
// # Dialects
//
// Chat completions speak Edgen's wire unless a request picks another
// dialect: the X-Fake-Dialect header, or else a model name "fake:<dialect>"
// (for a client that cannot set headers, such as a person on the demo
// page). A dialect is a server's name, then settings that change one trait
// of it: "ollama", "openai;tools=no-index;usage=refused". An unknown server,
// key or value, or a repeated key, is answered 400 text/plain naming it.
//
//	server        reasoning          tools          usage    other
//	edgen         none               (ignored)      -        the default: Edgen's wire
//	openai        none               index          include
//	ollama        reasoning          whole          include  role in every delta
//	llamacpp      reasoning_content  index          include  timings
//	llamacpp-old  think              name-repeated  always   timings
//	lmstudio      reasoning_content  name-first     include
//	deepseek      reasoning_content  index          include
//	vllm          reasoning          index          include
//
// The settings:
//
//	reasoning=none|reasoning|reasoning_content|think|think-split|think-open
//	              where the thinking goes: a delta field of that name, or the
//	              content: "<think>" ... "</think>" "\n\n" as chunks of their own
//	              (think), in chunks of 5 bytes so both tags straddle chunks
//	              (think-split), or without the opening tag (think-open)
//	tools=index|whole|whole-index0|name-repeated|name-first|no-index
//	              the shape of streamed tool-call deltas:
//	              index: OpenAI's; the first delta has index, id, type, name and
//	                "" arguments, the next ones index and 8-byte pieces of the arguments
//	              whole: each call whole in one chunk, with its index (ollama 0.17)
//	              whole-index0: each call whole in one chunk, index 0 for all (older ollama)
//	              name-repeated: index, id, type and name in every delta (older llama.cpp)
//	              name-first: the first delta has the name and no arguments key,
//	                the next ones index and pieces (LM Studio)
//	              no-index: no index; the id in every delta tells the calls apart
//	usage=include|always|never|refused
//	              include: whole answers carry usage; a stream ends with a chunk
//	                without choices carrying it when stream_options.include_usage
//	              always: the stream's finish chunk carries it, asked or not
//	              never: no usage anywhere
//	              refused: a request with stream_options is refused 400
//	                ("Unrecognized request argument supplied: stream_options",
//	                OpenAI's envelope), as some servers do; otherwise never
//	structured=valid|cut|invalid|refused
//	              the answer to response_format json_schema: JSON of the schema;
//	              its first half with finish_reason "length"; JSON with a property
//	              of the wrong type (or a value of the wrong type); a refusal
//	              ("refusal" deltas, content null)
//	timings=true|false    llama.cpp's timings object (made up from the counts)
//	tool-rounds=<n>       rounds of tool calls before the model answers (default 1)
//
// The edgen dialect takes only reasoning=none|think|think-split|think-open,
// as a reasoning model served by Edgen writes its thinking into the content;
// Edgen 0.1.5 reads no tools, response_format, stream_options or thinking
// switch, so neither does the fake's Edgen. Its user messages take image
// parts in Edgen's flat form ({"type":"image_url","url":...}) and see them
// as Edgen's prompt does, as text ("<IMAGE url>"); OpenAI's nested form is
// refused 422 as Edgen refuses it ("data did not match any variant of
// untagged enum Either").
//
// The other dialects speak the wire of OpenAI-compatible servers: any model
// name answers (and is echoed in "model"), the id is the same in every chunk,
// the first delta carries the role (every delta, with "content":"", in
// ollama's), a last chunk carries the finish_reason with an empty delta, the
// stream ends with data: [DONE], and a request they cannot read is a 400 in
// OpenAI's error envelope. Image parts must be nested ({"type":"image_url",
// "image_url":{"url":...}}); the model sees a data URL as "[image: image/png,
// 68 bytes]" and a web address as "[image: <url>]" in the text it answers;
// a flat part or a data URL that is not base64 of an image/* type is a 400.
//
// What the fake model answers, in every dialect but Edgen's:
//   - With tools offered (and tool_choice not "none"), and fewer rounds of
//     tool calls in the dialogue than tool-rounds: tool calls, finish_reason
//     "tool_calls", no content. It calls the tool tool_choice names; else
//     every offered tool whose name the last user message contains (in the
//     order offered, so naming two makes parallel calls); else the first
//     tool. Arguments are made up from each tool's parameters schema
//     ("{}" without one); ids are "call_" and 8 letters or digits.
//   - After tool results (role "tool" messages since the last assistant
//     message): "The tools said: <name>: <content>; ...", each name found
//     from its tool_call_id.
//   - With response_format json_schema: JSON made up from the schema
//     (every property, strings "example" or of their format, numbers 1 moved
//     into their bounds, the first of an enum or anyOf), in 8-byte pieces,
//     or what structured= asks for. With json_object: {"answer":"Hello! You
//     said: ..."}.
//   - Otherwise the canned answer, as Edgen's.
//   - With reasoning, it thinks first, "The user wrote "<text>", so I will
//     <what it does next>.", unless the request switches thinking off:
//     reasoning_effort "none", reasoning {"effort":"none"}, think false or
//     chat_template_kwargs {"enable_thinking":false}. As ollama's /v1
//     (0.17), the ollama dialect reads only the first two, and refuses a
//     reasoning_effort other than high, medium, low or none with a 400.
//   - Usage counts the words of all messages (plus one a message) as the
//     prompt's tokens and the answer's pieces as its completion tokens.
//
// The faults apply to every dialect, counting chunks (the finish and usage
// chunks too). A fault status keeps its route's body form unless error-body
// says otherwise; error-after sends OpenAI's envelope in the other dialects.
// The other dialects do not model downloads: download= and model names do
// not matter there.
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

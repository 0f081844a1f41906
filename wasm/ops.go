//go:build js && wasm

package main

import (
	"net/http"

	"github.com/edgen-browser/edgen/client"
)

// input says what a method takes before its options, and so how JS prepares
// it before the call crosses into Go.
type input string

const (
	noInput     input = "none"   // method(options)
	jsonInput   input = "json"   // method(params, options): JSON.stringify(params)
	idInput     input = "id"     // method(id, options): a string
	uploadInput input = "upload" // method(params, options): params.file read into a Uint8Array
	localInput  input = "local"  // method(arg): answered without a request, by JS over Go's raw functions (splitReasoning: the parts reader)
	// Helpers that JS runs over the public face (so that the worker client
	// runs them on the page, beside the caller's functions); listed here
	// because this table is the one list of the face's methods.
	toolsInput input = "tools" // runTools(params, options): web/edgen/runner.js
	parseInput input = "parse" // parse(params, options): web/edgen/parse.js
)

// operation is one method of the JavaScript API.
type operation struct {
	// path is the public JS path, e.g. "models.retrieve".
	path string
	// aliases are other paths of the same method ("models.del").
	aliases []string
	input   input
	// stream, when set, is where params with stream === true open a
	// stream instead (chat.completions.create).
	stream *jsonEndpoint
	// prepare reads the argument of a call (see preparer); nil for the
	// operations that make no request of their own.
	prepare preparer
}

// operations is the JavaScript API: the one list that drives raw.call and
// raw.openStream and, handed to JS at load (raw.operations), the methods
// that web/edgen/edgen.js and web/edgen/worker/client.js build.
// web/edgen/edgen.d.ts declares the same paths (wasmtest's
// TestTypesMatchOperations fails when they differ).
var operations = []operation{
	{path: "chat.completions.create", aliases: []string{"chat"}, input: jsonInput,
		prepare: chatCompletions.prepare, stream: chatCompletions},
	{path: "chat.completions.status", aliases: []string{"chat.status"}, input: noInput,
		prepare: get(client.PathChatCompletionsStatus)},
	{path: "chat.completions.runTools", input: toolsInput},
	{path: "chat.completions.parse", input: parseInput},
	{path: "chat.completions.splitReasoning", input: localInput},
	{path: "audio.transcriptions.create", input: uploadInput, prepare: transcribe},
	{path: "audio.transcriptions.status", input: noInput, prepare: get(client.PathTranscriptionsStatus)},
	{path: "embeddings.create", input: jsonInput, prepare: (&jsonEndpoint{client.PathEmbeddings, embeddingsParams}).prepare},
	{path: "embeddings.status", input: noInput, prepare: get(client.PathEmbeddingsStatus)},
	{path: "images.generate", input: jsonInput, prepare: generateImages},
	{path: "models.list", input: noInput, prepare: get(client.PathModels)},
	{path: "models.retrieve", input: idInput, prepare: modelCall(http.MethodGet)},
	{path: "models.delete", aliases: []string{"models.del"}, input: idInput, prepare: modelCall(http.MethodDelete)},
	{path: "misc.version", input: noInput, prepare: get(client.PathVersion)},
}

// chatCompletions is POST chat/completions, whole or streamed.
var chatCompletions = &jsonEndpoint{client.PathChatCompletions, chatParams}

// operationsValue is the table as JS sees it: [{path, aliases, input,
// streams, optionsAt}], in the order above, so that a raw call names its
// operation by index; optionsAt is the index of the method's options
// argument.
func operationsValue() []any {
	out := make([]any, len(operations))
	for i, op := range operations {
		aliases := make([]any, len(op.aliases))
		for j, a := range op.aliases {
			aliases[j] = a
		}
		optionsAt := 1
		switch op.input {
		case noInput:
			optionsAt = 0
		case localInput:
			optionsAt = -1 // no options
		}
		out[i] = map[string]any{"path": op.path, "aliases": aliases, "input": string(op.input),
			"streams": op.stream != nil, "optionsAt": optionsAt}
	}
	return out
}

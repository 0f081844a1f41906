//go:build js && wasm

// Command wasm is the JavaScript face of the Edgen client: compiled with
// GOOS=js GOARCH=wasm it defines globalThis.edgen before main first blocks.
//
// Go supplies a small raw API, kept under the registered symbol
// Symbol.for("edgen.go") on that object; web/edgen/edgen.js wraps it into the
// public API (classes, async iterators, error classes) and sets
// edgen.ready. Requests and answers cross as JSON text (a transcription's
// file as a Uint8Array), clients and streams as numeric ids, errors as
// plain objects naming their JS class; all protocol work is done by the
// client package.
//
//	operations: [{path, aliases, input, streams, optionsAt}]   the methods (ops.go)
//	newClient(settings) -> id | error object     freeClient(id)
//	call(id, operation, argument, options, resolve, reject) -> resolves "status\nurl\nheaders\nbody"
//	openStream(id, operation, paramsJSON, options, resolve, reject) -> resolves [stream id, status, headers, url]
//	pull(streamID, resolve, reject) -> JSON array text of ready chunks | null at the end | undefined: resolves either later
//	closeStream(streamID)
//	accumulate(batches) -> ChatCompletion JSON text | error object
//	newReader(startMs) -> reader id | error object   freeReader(readerID)
//	readBatch(readerID, batch, atMs) -> parts JSON text | error object
//	endReader(readerID) -> the last parts' JSON text | error object
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/hack-pad/safejs"
)

// gcPercent replaces Go's default GOGC of 100 (unless $GOGC is set). The
// live heap of this program is small (well under 1 MB between calls), so
// with the default the garbage of a few hundred calls, and the finalizer
// records of the js.Values they touched, piles up before each collection;
// WebAssembly memory never shrinks, so the page keeps that high-water mark.
// Collecting at 25% growth levels the memory off within a few dozen calls
// and keeps it about a quarter lower, at no cost measurable on a 5000-chunk
// stream or on 100 calls in a row (each collection of a small heap takes
// about a millisecond).
const gcPercent = 25

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if err := install(); err != nil {
		fmt.Fprintln(os.Stderr, "edgen: cannot install globalThis.edgen:", err)
		os.Exit(1)
	}
	select {} // serve JS calls for as long as the page lives
}

// install defines globalThis.edgen = {ready: false, [Symbol.for("edgen.go")]: raw}.
func install() error {
	edgen, err := jsObject.New()
	if err != nil {
		return err
	}
	raw, err := jsObject.New()
	if err != nil {
		return err
	}
	// Synchronous functions report an internal error as an error object,
	// the asynchronous ones (their last two arguments resolve and reject
	// the Promise JS made) by rejecting.
	syncPanic := func(_ []safejs.Value, err error) any { return errorValue(err) }
	asyncPanic := func(args []safejs.Value, err error) any { return settlerOf(args).fail(err) }
	for _, f := range []struct {
		name    string
		onPanic func([]safejs.Value, error) any
		fn      func([]safejs.Value) any
	}{
		{"newClient", syncPanic, newClient},
		{"freeClient", syncPanic, freeClient},
		{"call", asyncPanic, call},
		{"openStream", asyncPanic, openStream},
		{"pull", asyncPanic, pull},
		{"closeStream", syncPanic, closeStream},
		{"accumulate", syncPanic, accumulate},
		{"newReader", syncPanic, newReader},
		{"readBatch", syncPanic, readBatch},
		{"endReader", syncPanic, endReader},
		{"freeReader", syncPanic, freeReader},
	} {
		if err := export(raw, f.name, f.onPanic, f.fn); err != nil {
			return err
		}
	}
	ops, err := safejs.ValueOf(operationsValue())
	if err != nil {
		return err
	}
	if err := raw.Set("operations", ops); err != nil {
		return err
	}
	key, err := global("Symbol").Call("for", "edgen.go")
	if err != nil {
		return err
	}
	desc, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return err
	}
	if err := desc.Set("value", raw); err != nil {
		return err
	}
	if _, err := jsObject.Call("defineProperty", edgen, key, desc); err != nil {
		return err
	}
	if err := edgen.Set("ready", false); err != nil {
		return err
	}
	return safejs.Global().Set("edgen", edgen)
}

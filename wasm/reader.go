//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// readers holds the accumulators of the streams JS reads as parts
// (Stream.parts()), by id. Nothing is read this way unless JS asks.
var readers handles[*client.ChatCompletionAccumulator]

// jsTime is a time JS measured: milliseconds since the Unix epoch
// (performance.timeOrigin + performance.now()).
func jsTime(v safejs.Value, name string) (time.Time, error) {
	ms, err := toNumber(v, name)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMicro(int64(ms * 1000)), nil
}

// newReader(startMs) -> reader id | error object: an accumulator for the
// parts of a stream whose request was sent at startMs.
func newReader(args []safejs.Value) any {
	start, err := jsTime(arg(args, 0), "start")
	if err != nil {
		return errorValue(err)
	}
	acc := new(client.ChatCompletionAccumulator)
	acc.Start(start)
	return readers.add(acc)
}

// readBatch(readerID, batch, atMs) -> JSON array text of the parts the
// batch (the JSON array text pull returned) adds, read at atMs | error
// object.
func readBatch(args []safejs.Value) any {
	acc, err := readerArg(arg(args, 0))
	if err != nil {
		return errorValue(err)
	}
	text, err := toString(arg(args, 1), "batch")
	if err != nil {
		return errorValue(err)
	}
	at, err := jsTime(arg(args, 2), "at")
	if err != nil {
		return errorValue(err)
	}
	var chunks []client.ChatCompletionChunk
	if err := json.Unmarshal([]byte(text), &chunks); err != nil {
		return errorValue(fmt.Errorf("edgen: reading the stream: %w", err))
	}
	var parts []client.StreamPart
	for _, c := range chunks {
		parts = append(parts, acc.ReadChunk(c, at)...)
	}
	return partsText(parts)
}

// endReader(readerID) -> JSON array text of the last parts (see
// ChatCompletionAccumulator.End) | error object; the reader is freed.
func endReader(args []safejs.Value) any {
	id, err := toNumber(arg(args, 0), "reader id")
	if err != nil {
		return errorValue(err)
	}
	acc, ok := readers.remove(int(id))
	if !ok {
		return errorValue(usageError("edgen: this stream's parts were already read to their end"))
	}
	return partsText(acc.End())
}

// freeReader(readerID) forgets a reader that will not be read to its end.
func freeReader(args []safejs.Value) any {
	if id, err := toNumber(arg(args, 0), "reader id"); err == nil {
		readers.remove(int(id))
	}
	return nil
}

// readerArg looks a reader up by the id JS passed.
func readerArg(v safejs.Value) (*client.ChatCompletionAccumulator, error) {
	id, err := toNumber(v, "reader id")
	if err != nil {
		return nil, err
	}
	acc, ok := readers.get(int(id))
	if !ok {
		return nil, usageError("edgen: no such reader: the stream's parts were read to their end")
	}
	return acc, nil
}

// partsText is the parts as a JSON array text, or an error object.
func partsText(parts []client.StreamPart) any {
	if parts == nil {
		return "[]"
	}
	out, err := json.Marshal(parts)
	if err != nil {
		return errorValue(err)
	}
	return string(out)
}

//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"runtime"

	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// request is what every raw call starts from: the client, the request
// options, and a context that the AbortSignal of the options cancels.
type request struct {
	client  *client.Client
	opts    []client.Option
	ctx     context.Context
	cancel  context.CancelCauseFunc
	release func() // detaches the AbortSignal listener
}

// newRequest reads the client id and the options object of a raw call.
func newRequest(id, options safejs.Value) (*request, error) {
	c, err := clientOf(id)
	if err != nil {
		return nil, err
	}
	opts, signal, err := requestOptions(options)
	if err != nil {
		return nil, err
	}
	ctx, cancel, release, err := withSignal(signal)
	if err != nil {
		return nil, err
	}
	return &request{client: c, opts: opts, ctx: ctx, cancel: cancel, release: release}, nil
}

// end releases what the request holds once it is over.
func (r *request) end() {
	r.release()
	r.cancel(nil)
}

// sender sends one prepared request and returns the raw response body.
type sender func(ctx context.Context, c *client.Client, opts []client.Option) ([]byte, error)

// An operation reads the caller's argument inside the js.FuncOf callback,
// copying it into Go memory so the caller may change its object afterwards,
// and returns the sender that runs on a goroutine.
type operation func(arg safejs.Value) (sender, error)

// operations are the endpoints behind raw.call, by name.
var operations = map[string]operation{
	"chat":                  postJSON(client.PathChatCompletions, chatParams),
	"chat.status":           get(client.PathChatCompletionsStatus),
	"embeddings":            postJSON(client.PathEmbeddings, embeddingsParams),
	"embeddings.status":     get(client.PathEmbeddingsStatus),
	"images.generate":       postJSON(client.PathImageGenerations, imageParams),
	"transcriptions":        transcribe,
	"transcriptions.status": get(client.PathTranscriptionsStatus),
	"models.list":           get(client.PathModels),
	"models.retrieve":       modelCall((*client.Client).RetrieveModel),
	"models.del":            modelCall((*client.Client).DeleteModel),
	"version":               get(client.PathVersion),
}

// call(clientID, operation, argument, options) returns a Promise of the
// response body as JSON text (undefined when the body is empty).
func call(args []safejs.Value) any {
	name, err := toString(arg(args, 1), "operation")
	if err != nil {
		return rejected(err)
	}
	op, ok := operations[name]
	if !ok {
		return rejected(typeError("unknown operation %q", name))
	}
	send, err := op(arg(args, 2))
	if err != nil {
		return rejected(err)
	}
	r, err := newRequest(arg(args, 0), arg(args, 3))
	if err != nil {
		return rejected(err)
	}
	return async(func() (any, error) {
		defer r.end()
		body, err := send(r.ctx, r.client, r.opts)
		if err != nil {
			return nil, err
		}
		if len(body) == 0 {
			return safejs.Undefined(), nil
		}
		return string(body), nil
	})
}

// jsonText reads the JSON.stringify output the shim passes for params
// (undefined when the params were not an object at all).
func jsonText(v safejs.Value) (json.RawMessage, error) {
	if typeOf(v) != safejs.TypeString {
		return nil, typeError("params must be an object")
	}
	s, err := v.String()
	return json.RawMessage(s), err
}

// postJSON sends the caller's JSON as is, after checking its shape on the
// goroutine (a 10 MB prompt must not hold up the page).
func postJSON(path string, params shape) operation {
	return func(arg safejs.Value) (sender, error) {
		body, err := jsonText(arg)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, c *client.Client, opts []client.Option) (out []byte, err error) {
			defer func() { collectAfter(len(body) + len(out)) }()
			if err := params.check(body); err != nil {
				return nil, err
			}
			err = c.Do(ctx, http.MethodPost, path, body, &out, opts...)
			return out, err
		}, nil
	}
}

// get sends a GET without a body.
func get(path string) operation {
	return func(safejs.Value) (sender, error) {
		return func(ctx context.Context, c *client.Client, opts []client.Option) ([]byte, error) {
			var out []byte
			err := c.Do(ctx, http.MethodGet, path, nil, &out, opts...)
			return out, err
		}, nil
	}
}

// modelCall uses the client's typed method for models/{id}, which encodes
// the id as one path segment, and hands JS the raw body.
func modelCall[T any](method func(*client.Client, context.Context, string, ...client.Option) (T, error)) operation {
	return func(arg safejs.Value) (sender, error) {
		id, err := toString(arg, "id")
		if err != nil || id == "" {
			return nil, typeError("id must be a non-empty string")
		}
		return func(ctx context.Context, c *client.Client, opts []client.Option) ([]byte, error) {
			var resp client.Response
			_, err := method(c, ctx, id, append(opts, client.WithResponseInto(&resp))...)
			return resp.Body, err
		}, nil
	}
}

// transcribe reads {file: Uint8Array, fileName?, model, language?, prompt?,
// response_format?, temperature?, create_session?, session?}; the shim has
// already turned a Blob, File or ArrayBuffer into a Uint8Array.
func transcribe(arg safejs.Value) (sender, error) {
	if !isObject(arg) {
		return nil, typeError("params must be an object")
	}
	file, err := toBytes(field(arg, "file"), "file")
	if err != nil {
		return nil, err
	}
	req := client.TranscriptionRequest{File: bytes.NewReader(file)}
	if req.Model, err = toString(field(arg, "model"), "model"); err != nil {
		return nil, err
	}
	req.FileName = deref(optional(&err, arg, "fileName", toString))
	req.Language = optional(&err, arg, "language", toString)
	req.Prompt = optional(&err, arg, "prompt", toString)
	req.ResponseFormat = optional(&err, arg, "response_format", toString)
	req.Temperature = optional(&err, arg, "temperature", toNumber)
	req.CreateSession = optional(&err, arg, "create_session", toBool)
	req.Session = optional(&err, arg, "session", toString)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, c *client.Client, opts []client.Option) ([]byte, error) {
		defer collectAfter(len(file))
		var resp client.Response
		_, err := c.CreateTranscription(ctx, req, append(opts, client.WithResponseInto(&resp))...)
		return resp.Body, err
	}, nil
}

// optional reads obj[key] with conv: nil when it is missing or null. The
// first failure of a series of reads is kept in *errp.
func optional[T any](errp *error, obj safejs.Value, key string, conv func(safejs.Value, string) (T, error)) *T {
	v := field(obj, key)
	if absent(v) || *errp != nil {
		return nil
	}
	t, err := conv(v, key)
	if err != nil {
		*errp = err
		return nil
	}
	return &t
}

// deref is *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// bigCall is the number of bytes a call must move (request and response
// together) for its end to start a garbage collection.
const bigCall = 1 << 20

// collectAfter starts a garbage collection after a call that moved at least
// bigCall bytes, on its own goroutine so that it runs once the call's
// goroutine, which still holds the bytes, has ended. The megabytes a big
// prompt leaves behind are then freed at once, instead of raising the GC's
// heap goal and with it the high-water mark of the wasm memory, which never
// shrinks. One collection of the small live heap takes about a millisecond,
// next to the tens of milliseconds of moving a megabyte.
func collectAfter(moved int) {
	if moved >= bigCall {
		go runtime.GC()
	}
}

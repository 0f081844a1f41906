//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

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

// sender sends one prepared request and returns the raw response body; opts
// end with client.WithResponseInto(resp).
type sender func(ctx context.Context, c *client.Client, opts []client.Option, resp *client.Response) ([]byte, error)

// A preparer reads the caller's argument inside the js.FuncOf callback,
// copying it into Go memory so the caller may change its object afterwards,
// and returns the sender that runs on a goroutine.
type preparer func(arg safejs.Value) (sender, error)

// call(clientID, operation, argument, options, resolve, reject) settles the
// Promise of resolve and reject with the answer as one string, so that it
// crosses into JS at once: the status, a newline, the URL, a newline, the
// headers as "name: value\n" lines (see headerText), a newline, then the
// body, JSON text or nothing. JS reads the URL and the headers only for
// withResponse() and asResponse().
func call(args []safejs.Value) any {
	p := settlerOf(args)
	op, err := operationArg(arg(args, 1))
	if err != nil {
		return p.fail(err)
	}
	if op.prepare == nil {
		return p.fail(typeError("%s makes no request of its own", op.path))
	}
	send, err := op.prepare(arg(args, 2))
	if err != nil {
		return p.fail(err)
	}
	r, err := newRequest(arg(args, 0), arg(args, 3))
	if err != nil {
		return p.fail(err)
	}
	return p.async(func() (any, error) {
		defer r.end()
		var resp client.Response
		body, err := send(r.ctx, r.client, append(r.opts, client.WithResponseInto(&resp)), &resp)
		if err != nil {
			return nil, malformedOr(err, &resp)
		}
		if len(body) > 0 && !json.Valid(body) {
			return nil, &malformedError{resp: resp}
		}
		status, headers := strconv.Itoa(resp.StatusCode), headerText(resp.Header)
		var b strings.Builder
		b.Grow(len(status) + len(resp.URL) + len(headers) + len(body) + 3)
		b.WriteString(status)
		b.WriteByte('\n')
		b.WriteString(resp.URL)
		b.WriteByte('\n')
		b.WriteString(headers)
		b.WriteByte('\n')
		b.Write(body)
		return b.String(), nil
	})
}

// operationArg reads which operation a raw call runs: its index in
// operations (raw.operations in JS), a number, which crosses from JS without
// a call into it, where a path would take three.
func operationArg(v safejs.Value) (*operation, error) {
	i, err := toNumber(v, "operation")
	if err != nil || i < 0 || i >= float64(len(operations)) || i != float64(int(i)) {
		return nil, typeError("operation must be the index of an operation")
	}
	return &operations[int(i)], nil
}

// headerText is h as "name: value" lines joined by "\n", names in lower
// case, repeated values joined with ", " as the Fetch API's Headers does:
// one string crosses into JS however many headers there are.
func headerText(h http.Header) string {
	var b strings.Builder
	for k, vs := range h {
		b.WriteString(strings.ToLower(k))
		b.WriteString(": ")
		b.WriteString(strings.Join(vs, ", "))
		b.WriteByte('\n')
	}
	return b.String()
}

// jsonText reads the JSON.stringify output the shim passes for params
// (undefined when the params were not an object at all). The bytes are the
// string's own, never changed (they are only checked and sent), so a big
// prompt is copied once, out of JS.
func jsonText(v safejs.Value) (json.RawMessage, error) {
	if typeOf(v) != safejs.TypeString {
		return nil, typeError("params must be an object")
	}
	s, err := v.String()
	return json.RawMessage(unsafe.Slice(unsafe.StringData(s), len(s))), err
}

// jsonEndpoint is an endpoint that takes the caller's params as JSON.
type jsonEndpoint struct {
	path   string
	params shape
}

// prepare sends the caller's JSON as is, after checking its shape on the
// goroutine (a 10 MB prompt must not hold up the page).
func (e *jsonEndpoint) prepare(arg safejs.Value) (sender, error) {
	body, err := jsonText(arg)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, c *client.Client, opts []client.Option, _ *client.Response) (out []byte, err error) {
		defer func() { collectAfter(len(body) + len(out)) }()
		if err := e.params.check(body); err != nil {
			return nil, err
		}
		err = c.Do(ctx, http.MethodPost, e.path, body, &out, opts...)
		return out, err
	}, nil
}

// generateImages sends Edgen's or OpenAI's image request where the
// client's ImageRoute says.
func generateImages(arg safejs.Value) (sender, error) {
	body, err := jsonText(arg)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, c *client.Client, opts []client.Option, _ *client.Response) ([]byte, error) {
		if err := imageParams.check(body); err != nil {
			return nil, err
		}
		return c.GenerateImagesJSON(ctx, body, opts...)
	}, nil
}

// get sends a GET without a body.
func get(path string) preparer {
	return func(safejs.Value) (sender, error) {
		return rawCall(http.MethodGet, path), nil
	}
}

// rawCall sends a request without a body and returns the raw answer.
func rawCall(method, path string) sender {
	return func(ctx context.Context, c *client.Client, opts []client.Option, _ *client.Response) ([]byte, error) {
		var out []byte
		err := c.Do(ctx, method, path, nil, &out, opts...)
		return out, err
	}
}

// modelCall sends method to models/{id}, the id as one percent-encoded path
// segment ("owner/repo" included), as the client's typed methods do.
func modelCall(method string) preparer {
	return func(arg safejs.Value) (sender, error) {
		id, err := toString(arg, "id")
		if err != nil || id == "" {
			return nil, typeError("id must be a non-empty string")
		}
		return rawCall(method, client.PathModels+"/"+url.PathEscape(id)), nil
	}
}

// transcriptionParts are the keys of the params of
// audio.transcriptions.create besides file: the multipart parts Edgen takes.
// Any other key is a TypeError (Edgen refuses unknown parts).
var transcriptionParts = []string{"file", "model", "language", "prompt", "response_format", "temperature", "create_session", "session"}

// transcribe reads {file: Uint8Array, model, language?, prompt?,
// response_format?, temperature?, create_session?, session?} and the file
// name the shim found (the shim has already turned a Blob, File or
// ArrayBuffer into a Uint8Array), as [params, fileName].
func transcribe(arg safejs.Value) (sender, error) {
	params, name := field(arg, "0"), field(arg, "1")
	if !isObject(params) {
		return nil, typeError("params must be an object")
	}
	if err := onlyKeys(params, "params", transcriptionParts); err != nil {
		return nil, err
	}
	file, err := toBytes(field(params, "file"), "file")
	if err != nil {
		return nil, err
	}
	req := client.TranscriptionRequest{File: bytes.NewReader(file)}
	if req.Model, err = toString(field(params, "model"), "model"); err != nil {
		return nil, err
	}
	if !absent(name) {
		req.FileName, _ = name.String()
	}
	req.Language = optional(&err, params, "language", toString)
	req.Prompt = optional(&err, params, "prompt", toString)
	req.ResponseFormat = optional(&err, params, "response_format", toString)
	req.Temperature = optional(&err, params, "temperature", toNumber)
	req.CreateSession = optional(&err, params, "create_session", toBool)
	req.Session = optional(&err, params, "session", toString)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, c *client.Client, opts []client.Option, resp *client.Response) ([]byte, error) {
		defer collectAfter(len(file))
		_, err := c.CreateTranscription(ctx, req, opts...)
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

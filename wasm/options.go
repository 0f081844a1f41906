//go:build js && wasm

package main

import (
	"math"
	"strings"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// clientOptions reads the settings of edgen.configure and new edgen.Edgen:
// {baseURL, apiKey, timeout, maxRetries, headers}, each optional.
func clientOptions(v safejs.Value) ([]client.Option, error) {
	opts, err := commonOptions(v, "options")
	if err != nil {
		return nil, err
	}
	if u := field(v, "baseURL"); !absent(u) {
		s, err := toString(u, "options.baseURL")
		if err != nil {
			return nil, err
		}
		opts = append(opts, client.WithBaseURL(s))
	}
	if k := field(v, "apiKey"); !absent(k) {
		s, err := toString(k, "options.apiKey")
		if err != nil {
			return nil, err
		}
		if !validHeaderValue(s) {
			return nil, typeError("options.apiKey must hold printable ASCII only")
		}
		opts = append(opts, client.WithAPIKey(s))
	}
	return opts, nil
}

// requestOptions reads the per-request options {signal, timeout,
// maxRetries, headers}; the signal is returned for withSignal.
func requestOptions(v safejs.Value) (opts []client.Option, signal safejs.Value, err error) {
	opts, err = commonOptions(v, "options")
	if err != nil {
		return nil, signal, err
	}
	if absent(v) {
		return opts, safejs.Undefined(), nil
	}
	return opts, field(v, "signal"), nil
}

// commonOptions reads timeout (milliseconds), maxRetries and headers, which
// a client and a request share. v may be undefined or null.
func commonOptions(v safejs.Value, name string) ([]client.Option, error) {
	if absent(v) {
		return nil, nil
	}
	if !isObject(v) {
		return nil, typeError("%s must be an object", name)
	}
	var opts []client.Option
	if t := field(v, "timeout"); !absent(t) {
		ms, err := toNumber(t, name+".timeout")
		if err != nil || ms < 0 || math.IsInf(ms, 0) {
			return nil, typeError("%s.timeout must be a non-negative number of milliseconds", name)
		}
		opts = append(opts, client.WithTimeout(time.Duration(ms*float64(time.Millisecond))))
	}
	if r := field(v, "maxRetries"); !absent(r) {
		n, err := toNumber(r, name+".maxRetries")
		if err != nil || n < 0 || n != math.Trunc(n) || n > math.MaxInt32 {
			return nil, typeError("%s.maxRetries must be a non-negative integer", name)
		}
		opts = append(opts, client.WithMaxRetries(int(n)))
	}
	if h := field(v, "headers"); !absent(h) {
		hopts, err := headerOptions(h, name+".headers")
		if err != nil {
			return nil, err
		}
		opts = append(opts, hopts...)
	}
	return opts, nil
}

// headerOptions reads a plain object of header values; a null or undefined
// value removes that header.
func headerOptions(h safejs.Value, name string) ([]client.Option, error) {
	if !isObject(h) {
		return nil, typeError("%s must be an object of strings", name)
	}
	keys, err := global("Object").Call("keys", h)
	if err != nil {
		return nil, typeError("%s must be an object of strings", name)
	}
	n, err := keys.Length()
	if err != nil {
		return nil, err
	}
	opts := make([]client.Option, 0, n)
	for i := range n {
		kv, err := keys.Index(i)
		if err != nil {
			return nil, err
		}
		k, err := kv.String()
		if err != nil {
			return nil, err
		}
		val := field(h, k)
		if absent(val) {
			opts = append(opts, client.WithHeader(k, ""))
			continue
		}
		s, err := toString(val, name+"."+k)
		if err != nil {
			return nil, err
		}
		if !validHeaderName(k) || !validHeaderValue(s) {
			return nil, typeError("%s.%s is not a valid HTTP header", name, k)
		}
		opts = append(opts, client.WithHeader(k, s))
	}
	return opts, nil
}

// validHeaderName reports whether k is an HTTP token. Go's fetch transport
// hands headers to the JS Headers class, which throws on anything else, and
// a JS exception there would end the Go program: so check before.
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range []byte(k) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validHeaderValue reports whether v is printable ASCII (spaces and tabs
// allowed), which every Headers implementation accepts.
func validHeaderValue(v string) bool {
	for _, c := range []byte(v) {
		if (c < ' ' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

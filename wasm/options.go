//go:build js && wasm

package main

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// setting is one key of the options objects JS passes: the client settings
// of edgen.configure, new edgen.Edgen and load, which are also the
// per-request options (as in Go, where one Option type serves both), each
// read into the client.Option it stands for.
type setting struct {
	key  string
	read func(v safejs.Value, name string, o *optionSet) error
}

// settings is the one list of the keys an options object may hold; any
// other key is a TypeError naming it. A request's options add signal.
var settings = []setting{
	{"baseURL", func(v safejs.Value, name string, o *optionSet) error {
		s, err := toString(v, name)
		if err != nil {
			return err
		}
		o.add(client.WithBaseURL(s))
		return nil
	}},
	{"apiKey", func(v safejs.Value, name string, o *optionSet) error {
		s, err := toString(v, name)
		if err != nil || !validHeaderValue(s) {
			return typeError("%s must be a string of printable ASCII", name)
		}
		o.add(client.WithAPIKey(s))
		return nil
	}},
	{"timeout", func(v safejs.Value, name string, o *optionSet) error {
		ms, err := toNumber(v, name)
		if err != nil || ms < 0 || math.IsInf(ms, 0) {
			return typeError("%s must be a non-negative number of milliseconds", name)
		}
		o.add(client.WithTimeout(time.Duration(ms * float64(time.Millisecond))))
		return nil
	}},
	{"maxRetries", func(v safejs.Value, name string, o *optionSet) error {
		n, err := toNumber(v, name)
		if err != nil || n < 0 || n != math.Trunc(n) || n > math.MaxInt32 {
			return typeError("%s must be a non-negative integer", name)
		}
		o.add(client.WithMaxRetries(int(n)))
		return nil
	}},
	{"headers", headerOptions},
	{"logLevel", func(v safejs.Value, name string, o *optionSet) error {
		s, err := toString(v, name)
		if _, ok := logLevels[s]; err != nil || !ok {
			return typeError(`%s must be one of "debug", "info", "warn", "error", "off"`, name)
		}
		o.logLevel = s
		return nil
	}},
	{"logger", func(v safejs.Value, name string, o *optionSet) error {
		for _, m := range []string{"debug", "info", "warn", "error"} {
			if typeOf(field(v, m)) != safejs.TypeFunction {
				return typeError("%s must be an object with the methods debug, info, warn and error", name)
			}
		}
		o.logger = v
		return nil
	}},
}

// signalKey is the key of a request's options that is not a setting.
const signalKey = "signal"

// optionSet collects what an options object asks for.
type optionSet struct {
	opts     []client.Option
	logLevel string       // "" when not given
	logger   safejs.Value // undefined when not given
}

func (o *optionSet) add(opt client.Option) { o.opts = append(o.opts, opt) }

// options returns the client options, the logger's last.
func (o *optionSet) options() []client.Option {
	if o.logLevel == "" && o.logger.IsUndefined() {
		return o.opts
	}
	return append(o.opts, client.WithLogger(jsLogger(o.logLevel, o.logger)))
}

// readOptions reads an options object (undefined or null: none) named name
// in messages; extra lists the keys it may hold besides the settings.
func readOptions(v safejs.Value, name string, extra ...string) (*optionSet, error) {
	o := &optionSet{logger: safejs.Undefined()}
	if absent(v) {
		return o, nil
	}
	if !isObject(v) {
		return nil, typeError("%s must be an object", name)
	}
	keys, err := ownKeys(v, name)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		i := slices.IndexFunc(settings, func(s setting) bool { return s.key == k })
		if i < 0 && !slices.Contains(extra, k) {
			return nil, typeError("%s.%s is not an option (the options are %s)", name, k, settingKeys(extra))
		}
		if val := field(v, k); i >= 0 && !absent(val) {
			if err := settings[i].read(val, name+"."+k, o); err != nil {
				return nil, err
			}
		}
	}
	return o, nil
}

// settingKeys lists the keys for a message.
func settingKeys(extra []string) string {
	keys := make([]string, 0, len(settings)+len(extra))
	for _, s := range settings {
		keys = append(keys, s.key)
	}
	return strings.Join(append(keys, extra...), ", ")
}

// ownKeys is Object.keys(v), or a TypeError naming v.
func ownKeys(v safejs.Value, name string) ([]string, error) {
	bad := typeError("%s must be a plain object", name)
	keys, err := jsObject.Call("keys", v)
	if err != nil {
		return nil, bad
	}
	n, err := keys.Length()
	if err != nil {
		return nil, bad
	}
	out := make([]string, n)
	for i := range n {
		kv, err := keys.Index(i)
		if err != nil {
			return nil, bad
		}
		if out[i], err = kv.String(); err != nil {
			return nil, bad
		}
	}
	return out, nil
}

// onlyKeys is a TypeError naming the first key of obj not in allowed.
func onlyKeys(obj safejs.Value, name string, allowed []string) error {
	keys, err := ownKeys(obj, name)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return typeError("%s.%s is not a field of this request (the fields are %s)", name, k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// clientOptions reads the settings of edgen.configure and new edgen.Edgen.
func clientOptions(v safejs.Value) ([]client.Option, error) {
	o, err := readOptions(v, "options")
	if err != nil {
		return nil, err
	}
	return o.options(), nil
}

// requestOptions reads the per-request options: the settings and signal,
// which is returned for withSignal.
func requestOptions(v safejs.Value) (opts []client.Option, signal safejs.Value, err error) {
	o, err := readOptions(v, "options", signalKey)
	if err != nil {
		return nil, signal, err
	}
	if absent(v) {
		return o.options(), safejs.Undefined(), nil
	}
	return o.options(), field(v, signalKey), nil
}

// headerOptions reads a plain object of header values; a null or undefined
// value removes that header.
func headerOptions(h safejs.Value, name string, o *optionSet) error {
	if !isObject(h) {
		return typeError("%s must be an object of strings", name)
	}
	keys, err := ownKeys(h, name)
	if err != nil {
		return typeError("%s must be an object of strings", name)
	}
	for _, k := range keys {
		val := field(h, k)
		if absent(val) {
			o.add(client.WithHeader(k, ""))
			continue
		}
		s, err := toString(val, name+"."+k)
		if err != nil {
			return err
		}
		if !validHeaderName(k) || !validHeaderValue(s) {
			return typeError("%s.%s is not a valid HTTP header", name, k)
		}
		o.add(client.WithHeader(k, s))
	}
	return nil
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

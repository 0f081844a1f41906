//go:build js && wasm

package main

import (
	"context"
	"log/slog"
	"math"

	"github.com/hack-pad/safejs"
)

// logLevels are the values of the logLevel option (those of the OpenAI JS
// library) and the least slog level each lets through.
var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug,
	"info":  slog.LevelInfo,
	"warn":  slog.LevelWarn,
	"error": slog.LevelError,
	"off":   math.MaxInt32,
}

// defaultLogLevel is the level of a logger given without logLevel. The
// client logs each request and response at debug and each retry at info.
const defaultLogLevel = "info"

// jsLogger is the Go client's logger for the logLevel and logger options:
// each record calls logger.debug/info/warn/error(message, attributes), the
// attributes as a plain object; logger undefined means globalThis.console.
// The client never logs an API key or a header value.
func jsLogger(level string, logger safejs.Value) *slog.Logger {
	if level == "" {
		level = defaultLogLevel
	}
	if logger.IsUndefined() {
		logger = global("console")
	}
	return slog.New(&jsHandler{min: logLevels[level], logger: logger})
}

// jsHandler is a slog.Handler writing to a JS logger object.
type jsHandler struct {
	min    slog.Level
	logger safejs.Value
	attrs  []slog.Attr
	group  string
}

// Enabled reports whether records of level are logged.
func (h *jsHandler) Enabled(_ context.Context, level slog.Level) bool { return level >= h.min }

// Handle calls the logger's method for the record's level. A logger that
// throws is ignored: logging never fails a request.
func (h *jsHandler) Handle(_ context.Context, r slog.Record) error {
	attrs := make(map[string]any, r.NumAttrs()+len(h.attrs))
	for _, a := range h.attrs {
		attrs[a.Key] = attrValue(a.Value)
	}
	r.Attrs(func(a slog.Attr) bool {
		key := a.Key
		if h.group != "" {
			key = h.group + "." + key
		}
		attrs[key] = attrValue(a.Value)
		return true
	})
	method := "debug"
	switch {
	case r.Level >= slog.LevelError:
		method = "error"
	case r.Level >= slog.LevelWarn:
		method = "warn"
	case r.Level >= slog.LevelInfo:
		method = "info"
	}
	_, _ = h.logger.Call(method, r.Message, attrs)
	return nil
}

// attrValue is an attribute's value as a JS primitive: numbers and booleans
// as such, everything else as its text.
func attrValue(v slog.Value) any {
	switch v = v.Resolve(); v.Kind() {
	case slog.KindInt64:
		return float64(v.Int64())
	case slog.KindUint64:
		return float64(v.Uint64())
	case slog.KindFloat64:
		return v.Float64()
	case slog.KindBool:
		return v.Bool()
	}
	return v.String()
}

// WithAttrs returns a handler adding attrs to every record.
func (h *jsHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

// WithGroup returns a handler qualifying later attribute keys with name.
func (h *jsHandler) WithGroup(name string) slog.Handler {
	c := *h
	if c.group != "" {
		name = c.group + "." + name
	}
	c.group = name
	return &c
}

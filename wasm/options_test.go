//go:build js && wasm

package main

import (
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
)

// TestOptionsRefuseWhatGoDoesNotTake: every key and value error of an
// options object is a TypeError naming the key.
func TestOptionsRefuseWhatGoDoesNotTake(t *testing.T) {
	logger := jsValue(t, map[string]any{}) // a logger without error()
	for _, m := range []string{"debug", "info", "warn"} {
		if err := logger.Set(m, global("String")); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name     string
		options  map[string]any
		client   string // the TypeError of clientOptions, "" for none
		requests string // the TypeError of requestOptions, "" for none
	}{
		{"all good", map[string]any{"baseURL": "http://h/v1", "apiKey": "k", "timeout": 5.0, "maxRetries": 1.0,
			"headers": map[string]any{"X-A": "b", "X-Gone": nil}, "logLevel": "debug"}, "", ""},
		{"unknown key", map[string]any{"baseUrl": "http://h"}, "options.baseUrl is not an option", "options.baseUrl is not an option"},
		{"signal on a client", map[string]any{"signal": nil}, "options.signal is not an option", ""},
		{"undefined value", map[string]any{"timeout": nil}, "", ""},
		{"timeout a string", map[string]any{"timeout": "soon"}, "options.timeout must be", "options.timeout must be"},
		{"negative retries", map[string]any{"maxRetries": -1.0}, "options.maxRetries must be", "options.maxRetries must be"},
		{"fractional retries", map[string]any{"maxRetries": 1.5}, "options.maxRetries must be", "options.maxRetries must be"},
		{"apiKey not ASCII", map[string]any{"apiKey": "clé"}, "options.apiKey must be", "options.apiKey must be"},
		{"header name", map[string]any{"headers": map[string]any{"a b": "c"}}, "options.headers.a b is not a valid HTTP header", "options.headers.a b"},
		{"header value", map[string]any{"headers": map[string]any{"X-A": 5.0}}, "options.headers.X-A must be a string", "options.headers.X-A"},
		{"logLevel", map[string]any{"logLevel": "verbose"}, "options.logLevel must be one of", "options.logLevel must be one of"},
		{"logger without error()", map[string]any{"logger": "set below"}, "options.logger must be an object with", "options.logger must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := jsValue(t, tc.options)
			if _, ok := tc.options["logger"]; ok {
				if err := v.Set("logger", logger); err != nil {
					t.Fatal(err)
				}
			}
			_, err := clientOptions(v)
			checkTypeError(t, "clientOptions", err, tc.client)
			_, _, err = requestOptions(v)
			checkTypeError(t, "requestOptions", err, tc.requests)
		})
	}
	if _, err := clientOptions(jsValue(t, 5)); err == nil || errorKind(err) != "TypeError" {
		t.Errorf("options 5: %v, want a TypeError", err)
	}
	for _, v := range []safejs.Value{safejs.Undefined(), safejs.Null()} {
		if opts, err := clientOptions(v); err != nil || len(opts) != 0 {
			t.Errorf("options %v: %d options, %v; want none", v, len(opts), err)
		}
	}
}

func checkTypeError(t *testing.T, what string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: %v, want no error", what, err)
	case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want) || errorKind(err) != "TypeError"):
		t.Errorf("%s: %v, want a TypeError starting %q", what, err, want)
	}
}

// TestSettingsOneList: the unknown-key message lists exactly the settings.
func TestSettingsOneList(t *testing.T) {
	_, err := clientOptions(jsValue(t, map[string]any{"nope": 1.0}))
	want := "(the options are baseURL, apiKey, timeout, maxRetries, headers, logLevel, logger)"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("%v, want it to end %q", err, want)
	}
}

// TestLoggerGetsRecords: logLevel and logger feed the Go client's logger,
// which calls logger[level](message, attributes) and honours the level.
func TestLoggerGetsRecords(t *testing.T) {
	var got []string
	logger, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"debug", "info", "warn", "error"} {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			msg, _ := arg(args, 0).String()
			got = append(got, m+" "+msg+" "+text(arg(args, 1), "path"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(f.Release)
		if err := logger.Set(m, f); err != nil {
			t.Fatal(err)
		}
	}
	l := jsLogger("info", logger)
	l.Debug("hidden")
	l.Info("edgen: retrying", "path", "models")
	l.Error("bad")
	if want := "info edgen: retrying models|error bad "; strings.Join(got, "|") != want {
		t.Errorf("logged %q, want %q", strings.Join(got, "|"), want)
	}
}

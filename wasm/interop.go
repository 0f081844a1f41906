//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/hack-pad/safejs"
)

// This file is the one place that converts between JavaScript and Go:
// reading arguments, building Promises, turning Go errors into the plain
// objects the JS shim (web/edgen/edgen.js) makes Error instances of, and tying an
// AbortSignal to a context. Every JS access goes through safejs, so a value
// of the wrong type is an error here, never a panic.

// global returns the JavaScript global named name, or undefined.
func global(name string) safejs.Value {
	v, err := safejs.Global().Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

var (
	jsObject      = global("Object")
	jsReflect     = global("Reflect")
	jsArrayBuffer = global("ArrayBuffer")
)

// export defines fn as the method name of obj. The JS function never lets a
// Go panic escape (a panic would end the Go program and every later call
// would fail): it returns what onPanic makes of it and the arguments instead.
func export(obj safejs.Value, name string, onPanic func(args []safejs.Value, err error) any, fn func(args []safejs.Value) any) error {
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if p := recover(); p != nil {
				result = onPanic(args, fmt.Errorf("edgen: internal error in %s: %v", name, p))
			}
		}()
		return fn(args)
	})
	if err != nil {
		return err
	}
	return obj.Set(name, f) // exported functions live as long as the program: never released
}

// arg returns args[i], or undefined when JS passed fewer arguments.
func arg(args []safejs.Value, i int) safejs.Value {
	if i < len(args) {
		return args[i]
	}
	return safejs.Undefined()
}

// absent reports whether v is undefined or null: an option left out.
func absent(v safejs.Value) bool {
	return v.IsUndefined() || v.IsNull()
}

// field returns obj[key] of an object the caller passed; a getter or Proxy
// trap that throws reads as undefined. It goes through Reflect.get because
// syscall/js reads properties without catching: a JS exception there would
// unwind through the Go stack.
func field(obj safejs.Value, key string) safejs.Value {
	v, err := jsReflect.Call("get", obj, key)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

// typeBigInt is what typeOf says of a BigInt.
const typeBigInt safejs.Type = -1

// typeOf is v.Type(), except for a BigInt: syscall/js has no type for it and
// panics, so every type check of this package goes through here.
func typeOf(v safejs.Value) (t safejs.Type) {
	defer func() {
		if recover() != nil {
			t = typeBigInt
		}
	}()
	return v.Type()
}

// isObject reports whether v is a non-null object (functions excluded).
func isObject(v safejs.Value) bool {
	return typeOf(v) == safejs.TypeObject
}

// toString returns v as a Go string, or a TypeError naming it.
func toString(v safejs.Value, name string) (string, error) {
	if typeOf(v) != safejs.TypeString {
		return "", typeError("%s must be a string", name)
	}
	return v.String()
}

// toNumber returns v as a float64, or a TypeError naming it.
func toNumber(v safejs.Value, name string) (float64, error) {
	if typeOf(v) != safejs.TypeNumber || v.IsNaN() {
		return 0, typeError("%s must be a number", name)
	}
	return v.Float()
}

// toBool returns v as a bool, or a TypeError naming it.
func toBool(v safejs.Value, name string) (bool, error) {
	if typeOf(v) != safejs.TypeBoolean {
		return false, typeError("%s must be a boolean", name)
	}
	return v.Bool()
}

// toBytes copies a Uint8Array into Go memory, or returns a TypeError. (It
// asks ArrayBuffer.isView, not instanceof, which a Proxy could make throw.)
func toBytes(v safejs.Value, name string) ([]byte, error) {
	bad := typeError("%s must be a Blob, File, ArrayBuffer or Uint8Array", name)
	if isView, err := jsArrayBuffer.Call("isView", v); err != nil || typeOf(isView) != safejs.TypeBoolean {
		return nil, bad
	} else if yes, _ := isView.Bool(); !yes {
		return nil, bad
	}
	n, err := toNumber(field(v, "byteLength"), name)
	if err != nil {
		return nil, bad
	}
	b := make([]byte, int(n))
	if _, err := safejs.CopyBytesToGo(b, v); err != nil {
		return nil, bad // a typed array other than Uint8Array
	}
	return b, nil
}

// settler is the resolve and reject functions of the Promise that JS makes
// around an asynchronous raw call and passes as the call's last two
// arguments. Go settles it with one call into JS. (Building the Promise in
// Go cost about 15 crossings a call: a js.FuncOf executor that `new
// Promise` calls back into Go, the two functions it gets, its release.)
type settler struct{ resolve, reject safejs.Value }

// settlerOf reads the resolve and reject functions that end args.
func settlerOf(args []safejs.Value) settler {
	n := len(args)
	return settler{resolve: arg(args, n-2), reject: arg(args, n-1)}
}

// fail rejects the Promise with err's JS form. It returns what the raw
// function returns once the Promise is left to resolve and reject:
// undefined (a nil result would reach JS as null).
func (s settler) fail(err error) any {
	_, _ = s.reject.Invoke(errorValue(err))
	return safejs.Undefined()
}

// async runs fn on a new goroutine and settles the Promise with its result,
// so the calling js.FuncOf callback returns at once (with undefined, as
// fail). A panic in fn rejects the Promise instead of ending the program.
func (s settler) async(fn func() (any, error)) any {
	go func() {
		defer func() {
			if p := recover(); p != nil {
				s.fail(fmt.Errorf("edgen: internal error: %v", p))
			}
		}()
		v, err := fn()
		if err != nil {
			s.fail(err)
			return
		}
		_, _ = s.resolve.Invoke(v)
	}()
	return safejs.Undefined()
}

// errUserAbort is the cancel cause of a context whose AbortSignal fired.
var errUserAbort = errors.New("edgen: request aborted")

// withSignal returns a context cancelled when signal (an AbortSignal, or
// undefined) aborts, its cancel function, and release, which detaches the
// listener and frees its js.Func; the caller calls release once the request
// is over. An already-aborted signal is an error at once.
func withSignal(signal safejs.Value) (ctx context.Context, cancel context.CancelCauseFunc, release func(), err error) {
	ctx, cancel = context.WithCancelCause(context.Background())
	if absent(signal) {
		return ctx, cancel, func() {}, nil
	}
	aborted := field(signal, "aborted")
	if typeOf(aborted) != safejs.TypeBoolean || typeOf(field(signal, "addEventListener")) != safejs.TypeFunction {
		cancel(nil)
		return nil, nil, nil, typeError("options.signal must be an AbortSignal")
	}
	if yes, _ := aborted.Bool(); yes {
		cancel(errUserAbort)
		return nil, nil, nil, errUserAbort
	}
	onAbort, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		cancel(errUserAbort) // never blocks
		return nil
	})
	if err != nil {
		cancel(nil)
		return nil, nil, nil, err
	}
	if _, err := signal.Call("addEventListener", "abort", onAbort); err != nil {
		onAbort.Release()
		cancel(nil)
		return nil, nil, nil, err
	}
	release = func() {
		// Abort events are dispatched synchronously, so once the listener
		// is removed JS can no longer call the released function.
		_, _ = signal.Call("removeEventListener", "abort", onAbort)
		onAbort.Release()
	}
	return ctx, cancel, release, nil
}

// Package wasmtest holds the tests that need a JavaScript engine: the real
// edgen.wasm driven by one ES module of scenarios (js/scenarios.mjs) in Node
// and in three browser engines (headless Chromium over CDP, headless Firefox
// ESR over WebDriver BiDi, WebKitGTK's MiniBrowser over WebDriver on Xvfb:
// the engine interface), the client package's own Go tests compiled to
// GOOS=js GOARCH=wasm and run in Node and Chromium (the wasm face's in
// Node), the TypeScript check of web/edgen/edgen.d.ts, the end-to-end tests of the
// demo page, the extension and the worker helper in Chromium, the worker,
// the page's essential path, every view looked at and the npm package in
// Firefox and WebKit too, the extension's Firefox build in Firefox, and the
// engines' own fetch() where they differ (TestEngineLimits).
//
// wasmtest is a Go module of its own, so that its dependencies (chromedp)
// stay out of the library's module; it tests the repository's root module
// as it is (a replace directive points at ../), internal packages included.
// Run it with `go test .` in wasmtest/ (`make test` does). The tests build
// what they need (edgen.wasm, the client's test binary) into a temporary
// directory, and start the fake Edgen of client/edgentest in the test process
// on 127.0.0.1. They need Node (found on PATH and run through its absolute
// path, so that Go's net/http uses fetch), /usr/bin/chromium,
// /usr/bin/firefox-esr, WebKitWebDriver and MiniBrowser (webkit2gtk-driver),
// Xvfb, make (the
// extension tests assemble the extension with `make extension`) and the npm
// packages of package.json and web/package.json (`make deps`, `make build`);
// a missing one fails the tests.
//
// WASMTEST_SCENARIOS, a regular expression, limits which JS scenarios run.
package wasmtest

module github.com/edgen-browser/edgen/wasmtest

// As low as the module it tests (see ../go.mod).
go 1.26.0

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/coder/websocket v1.8.14
	github.com/edgen-browser/edgen v0.0.0
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/tmaxmax/go-sse v0.12.0 // indirect
)

// The tests of this module test the module of the repository root, as it is.
replace github.com/edgen-browser/edgen => ../

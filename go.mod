module github.com/edgen-browser/edgen

go 1.26.8

require (
	github.com/hack-pad/safejs v0.1.0
	github.com/tmaxmax/go-sse v0.12.0
)

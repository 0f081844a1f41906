module github.com/edgen-browser/edgen

// The lowest Go this module builds with: go-sse v0.12.0, whose handling of
// a stream's end the client relies on (v0.11.0 fails TestStreamCutShort),
// declares go 1.26. The module's own code needs go 1.25 (sync.WaitGroup.Go),
// the client package go 1.24 (strings.SplitSeq, omitzero tags).
go 1.26.0

require (
	github.com/hack-pad/safejs v0.1.0
	github.com/tmaxmax/go-sse v0.12.0
)

require github.com/google/jsonschema-go v0.4.3

// web/ is the browser side: npm installs packages into web/node_modules,
// some of which ship Go code (flatted does) that is no part of this module.
ignore ./web/node_modules

// Package devserver is the logic behind serve.go: one origin serving the demo
// chat page from a directory of static files and the Edgen API under /v1/,
// either proxied to a running Edgen or answered by the built-in fake
// (client/edgentest) when no Edgen answers.
//
// Static files are served read-only from inside the directory (an os.Root:
// nothing outside it is reachable, symlinks included), with explicit
// content types, precompressed .br/.gz variants when the client accepts
// them, cache validators, and no directory listings. Every response carries
// a Content-Security-Policy that allows WebAssembly without 'unsafe-eval'.
package devserver

//go:build !js

package main

import (
	"embed"
	"net"
	"net/http"
	"path/filepath"

	"github.com/edgen-browser/edgen/client/edgentest"
)

//go:embed bench.html bench.js
var pageFiles embed.FS

// server serves everything the benchmark page needs on ONE origin, so that no client pays
// for a CORS preflight (the openai package always sends Authorization, which
// Access-Control-Allow-Headers: * does not cover cross-origin):
//
//	/bench/           bench.html, bench.js and openai.js (the esbuild bundle)
//	/edgen/           the library: web/edgen/ (edgen.js, load.js) with build/web/edgen/
//	                  (edgen.wasm, wasm_exec.js) laid over it
//	/prof/edgen.wasm  the unstripped build of the profile, when there is one
//	/v1/              the fake Edgen, answering at once (no gap between chunks)
type server struct {
	fake *edgentest.Fake
	url  string // http://127.0.0.1:PORT
	srv  *http.Server
}

// webDirs are the browser side's sources (web/) and the build's outputs for
// them (build/web/), which mirror it.
type webDirs struct{ src, built string }

// overlayFS opens a name from the first of its file systems that has it.
type overlayFS []http.FileSystem

// Open implements http.FileSystem.
func (o overlayFS) Open(name string) (http.File, error) {
	var err error
	for _, fs := range o {
		var f http.File
		if f, err = fs.Open(name); err == nil {
			return f, nil
		}
	}
	return nil, err
}

// newServer starts the server on a loopback port.
func newServer(dirs webDirs, bundleFile, profWasm string) (*server, error) {
	fake := edgentest.New(edgentest.Config{})
	mux := http.NewServeMux()
	mux.Handle("/v1/", http.StripPrefix("/v1", fake))
	lib := overlayFS{http.Dir(filepath.Join(dirs.built, "edgen")), http.Dir(filepath.Join(dirs.src, "edgen"))}
	mux.Handle("/edgen/", http.StripPrefix("/edgen/", http.FileServer(lib)))
	mux.Handle("/bench/", http.StripPrefix("/bench/", http.FileServerFS(pageFiles)))
	mux.HandleFunc("/bench/openai.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, bundleFile)
	})
	if profWasm != "" {
		mux.HandleFunc("/prof/edgen.wasm", func(w http.ResponseWriter, r *http.Request) {
			http.ServeFile(w, r, profWasm)
		})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{fake: fake, url: "http://" + ln.Addr().String(), srv: &http.Server{Handler: mux}}
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server.
func (s *server) Close() error { return s.srv.Close() }

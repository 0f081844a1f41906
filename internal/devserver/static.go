package devserver

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"time"
)

// contentTypes maps the extensions of the page's files to their types, so
// that no system MIME table can change them (.ts is video/mp2t in some).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".ts":          "text/plain; charset=utf-8",
}

// contentType returns the Content-Type of the file name.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// servedDirs are the folders of web/ that the page loads, each served at
// its own path: the library (edgen/), the chat components the page and the
// extension share (ui/) and the page (page/). The rest of web/ (the
// extension, the npm tooling) is not served.
var servedDirs = []string{"edgen", "page", "ui"}

// pageIndex is the page served at "/".
const pageIndex = "page/index.html"

// staticHandler serves the page: "/" is pageIndex, and the files of
// servedDirs come from the first of roots that has them (the build outputs
// laid over the sources). GET and HEAD only.
type staticHandler struct {
	roots []*os.Root
}

// openRoots opens the directories as roots, in order, skipping empty names.
func openRoots(dirs ...string) ([]*os.Root, error) {
	var roots []*os.Root
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			closeRoots(roots)
			return nil, err
		}
		roots = append(roots, root)
	}
	return roots, nil
}

// closeRoots closes every root.
func closeRoots(roots []*os.Root) {
	for _, r := range roots {
		r.Close()
	}
}

// served maps a name under the web root to the file that answers it, or
// reports false for a name outside servedDirs.
func served(name string) (string, bool) {
	if name == "." {
		return pageIndex, true
	}
	top, _, _ := strings.Cut(name, "/")
	return name, slices.Contains(servedDirs, top)
}

func (s staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL)
	if ok {
		name, ok = served(name)
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, info, err := s.open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	if info.IsDir() {
		// A directory is served by its index.html, never listed.
		f.Close()
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if f, info, err = s.open(name); err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-cache")
	body, bodyInfo := f, info
	if v := s.variant(name, info, r.Header.Values("Accept-Encoding"), h); v.file != nil {
		defer v.file.Close()
		body, bodyInfo = v.file, v.info
		h.Set("Content-Encoding", v.coding)
	}
	h.Set("ETag", etag(bodyInfo, h.Get("Content-Encoding")))
	http.ServeContent(w, r, name, bodyInfo.ModTime(), body)
}

// open opens name under the first root that has it and stats it; only
// regular files and directories count.
func (s staticHandler) open(name string) (*os.File, fs.FileInfo, error) {
	err := error(fs.ErrNotExist)
	for _, root := range s.roots {
		var f *os.File
		if f, err = root.Open(name); err != nil {
			continue
		}
		var info fs.FileInfo
		info, err = f.Stat()
		if err == nil && !info.Mode().IsRegular() && !info.IsDir() {
			err = fs.ErrNotExist
		}
		if err == nil {
			return f, info, nil
		}
		f.Close()
	}
	return nil, nil, err
}

// encodedVariant is a precompressed copy of a file.
type encodedVariant struct {
	file   *os.File
	info   fs.FileInfo
	coding string
}

// variant opens the precompressed copy of name (name.br or name.gz) that the
// Accept-Encoding values allow, preferring the higher q and then brotli.
// A copy older than the file is stale, and an empty one is still being
// written (no valid .br or .gz is empty): both are ignored. Times compare
// to the second, as brotli -k copies the file's time without its fraction. When any copy exists it
// sets Vary: Accept-Encoding on h, as the answer then depends on it.
func (s staticHandler) variant(name string, orig fs.FileInfo, accept []string, h http.Header) encodedVariant {
	var best encodedVariant
	bestQ := 0.0
	for _, c := range precompressed {
		f, info, err := s.open(name + c.suffix)
		if err != nil || info.IsDir() {
			continue
		}
		h.Set("Vary", "Accept-Encoding")
		q := acceptQ(accept, c.coding)
		stale := info.ModTime().Before(orig.ModTime().Truncate(time.Second))
		if q <= bestQ || stale || info.Size() == 0 {
			f.Close()
			continue
		}
		if best.file != nil {
			best.file.Close()
		}
		best, bestQ = encodedVariant{file: f, info: info, coding: c.coding}, q
	}
	return best
}

// etag is a validator for one representation: it changes with the file's
// size and modification time, and differs between encodings.
func etag(info fs.FileInfo, coding string) string {
	tag := fmt.Sprintf("%x-%x", info.ModTime().UnixNano(), info.Size())
	if coding != "" {
		tag += "-" + coding
	}
	return `"` + tag + `"`
}

// fileName turns a request URL into a name relative to the root, or
// reports false for anything that could point elsewhere: ".." or dot-file
// segments, empty segments, backslashes, NUL, and encoded slashes or
// backslashes. The root "/" is ".".
func fileName(u *url.URL) (string, bool) {
	p := u.Path
	escaped := strings.ToLower(u.EscapedPath())
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") ||
		strings.Contains(escaped, "%2f") || strings.Contains(escaped, "%5c") {
		return "", false
	}
	rel := strings.TrimSuffix(p[1:], "/")
	if rel == "" {
		return ".", true
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return rel, true
}

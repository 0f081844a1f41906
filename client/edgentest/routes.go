package edgentest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// route is one endpoint of the API.
type route struct {
	method  string
	pattern string // path below the root; "{id}" matches one non-empty segment
	serve   func(*exchange)
	// errorForm is the body form of a fault status when error-body is not
	// given: "edgen" for the model endpoints, "empty" for models and misc,
	// whose failures the real server answers with an empty body.
	errorForm string
}

// routes lists the endpoints of edgen_server 0.1.5.
var routes = []route{
	{http.MethodPost, "/chat/completions", (*exchange).serveChat, "edgen"},
	{http.MethodGet, "/chat/completions/status", statusHandler(kindChat), "edgen"},
	{http.MethodPost, "/audio/transcriptions", (*exchange).serveTranscription, "edgen"},
	{http.MethodGet, "/audio/transcriptions/status", statusHandler(kindAudio), "edgen"},
	{http.MethodPost, "/embeddings", (*exchange).serveEmbeddings, "edgen"},
	{http.MethodGet, "/embeddings/status", statusHandler(kindEmbeddings), "edgen"},
	{http.MethodPost, "/image/generations", (*exchange).serveImages, "edgen"},
	{http.MethodGet, "/models", (*exchange).serveModelList, "empty"},
	{http.MethodGet, "/models/{id}", (*exchange).serveModel, "empty"},
	{http.MethodDelete, "/models/{id}", (*exchange).serveModelDelete, "empty"},
	{http.MethodGet, "/misc/version", (*exchange).serveVersion, "empty"},
}

// match finds the route for method and the escaped path. It returns the
// route and its decoded {id} parameter; when the path exists with other
// methods only, route is nil and allow lists them (for a 405).
func match(method, escapedPath string) (rt *route, param, allow string) {
	var methods []string
	for i := range routes {
		p, ok := matchPattern(routes[i].pattern, escapedPath)
		if !ok {
			continue
		}
		m := routes[i].method
		if m == method || (m == http.MethodGet && method == http.MethodHead) {
			return &routes[i], p, ""
		}
		methods = append(methods, m)
		if m == http.MethodGet {
			methods = append(methods, http.MethodHead)
		}
	}
	slices.Sort(methods)
	return nil, "", strings.Join(methods, ",")
}

// matchPattern matches an escaped path against a pattern segment by segment,
// so an id with an encoded slash (TheBloke%2Fmodel) is one segment.
func matchPattern(pattern, escapedPath string) (param string, ok bool) {
	ps := strings.Split(pattern, "/")
	segs := strings.Split(escapedPath, "/")
	if len(ps) != len(segs) {
		return "", false
	}
	for i, p := range ps {
		if p != "{id}" {
			if p != segs[i] {
				return "", false
			}
			continue
		}
		v, err := url.PathUnescape(segs[i])
		if err != nil || v == "" {
			return "", false
		}
		param = v
	}
	return param, true
}

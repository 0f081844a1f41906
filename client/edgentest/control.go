package edgentest

import "net/http"

// controlPrefix starts the paths of the control routes, which tests use to
// read what the fake received.
const controlPrefix = "/_fake/"

// serveControl answers the control routes: GET _fake/requests?scenario=<id>
// (a JSON array of Request; every request without scenario) and POST
// _fake/reset. Unknown control paths are 404, wrong methods 405.
func (f *Fake) serveControl(w http.ResponseWriter, r *http.Request, path string) {
	var method string
	switch path {
	case controlPrefix + "requests":
		method = http.MethodGet
	case controlPrefix + "reset":
		method = http.MethodPost
	default:
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if r.Method != method {
		w.Header().Set("Allow", method)
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if method == http.MethodPost {
		f.Reset()
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, f.Requests(r.URL.Query().Get("scenario")))
}

package edgentest

import "net/http"

// serveModelList answers GET models: the models of the chat and audio
// directories, all on one page.
func (x *exchange) serveModelList() {
	data := x.f.store.listModels(x.scenario)
	x.sendJSON(wireModelList{Object: "list", Data: data, Page: 1, PerPage: len(data)})
}

// serveModel answers GET models/{id}; an unknown id is a 500 with an empty
// body, as in the real server.
func (x *exchange) serveModel() {
	m, ok := x.f.store.findModel(x.scenario, x.param)
	if !ok {
		x.w.WriteHeader(http.StatusInternalServerError)
		return
	}
	x.sendJSON(m)
}

// serveModelDelete answers DELETE models/{id}, removing the model's
// repository with all its files. The deletion is seen by later requests of
// the same scenario only, so tests sharing a fake stay apart; requests
// without a scenario share one set of models.
func (x *exchange) serveModelDelete() {
	if !x.f.store.deleteModel(x.scenario, x.param) {
		x.w.WriteHeader(http.StatusInternalServerError)
		return
	}
	x.sendJSON(wireModelDeleted{ID: x.param, Object: "model", Deleted: true})
}

// serveVersion answers GET misc/version.
func (x *exchange) serveVersion() {
	x.sendJSON(wireVersion{Major: 0, Minor: 1, Patch: 5, Build: ""})
}

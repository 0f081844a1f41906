package edgentest

import (
	"net/http"
	"strings"
)

// modelsCreated is the fixed creation time of the fake's models.
const modelsCreated = 1708958149

// models are the models the fake has, as the real server lists them.
var models = []string{
	"TheBloke/neural-chat-7B-v3-3-GGUF",
	"distil-whisper/distil-small.en",
	"nomic-ai/nomic-embed-text-v1.5-GGUF",
}

// model returns the model id, if the fake has it and the scenario did not
// delete it.
func (x *exchange) model(id string) (wireModel, bool) {
	for _, m := range models {
		if m == id && !x.f.store.isDeleted(x.scenario, id) {
			owner, _, _ := strings.Cut(id, "/")
			return wireModel{ID: id, Created: modelsCreated, Object: "model", OwnedBy: owner}, true
		}
	}
	return wireModel{}, false
}

// serveModelList answers GET models.
func (x *exchange) serveModelList() {
	list := wireModelList{Object: "list", Data: []wireModel{}, Page: 1}
	for _, id := range models {
		if m, ok := x.model(id); ok {
			list.Data = append(list.Data, m)
		}
	}
	list.PerPage = len(list.Data)
	x.sendJSON(list)
}

// serveModel answers GET models/{id}; an unknown id is a 500 with an empty
// body, as in the real server.
func (x *exchange) serveModel() {
	m, ok := x.model(x.param)
	if !ok {
		x.w.WriteHeader(http.StatusInternalServerError)
		return
	}
	x.sendJSON(m)
}

// serveModelDelete answers DELETE models/{id}. The deletion is seen by later
// requests of the same scenario only, so tests sharing a fake stay apart.
func (x *exchange) serveModelDelete() {
	if _, ok := x.model(x.param); !ok {
		x.w.WriteHeader(http.StatusInternalServerError)
		return
	}
	x.f.store.deleteModel(x.scenario, x.param)
	x.sendJSON(wireModelDeleted{ID: x.param, Object: "model", Deleted: true})
}

// serveVersion answers GET misc/version.
func (x *exchange) serveVersion() {
	x.sendJSON(wireVersion{Major: 0, Minor: 1, Patch: 5, Build: ""})
}

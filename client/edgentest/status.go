package edgentest

import "time"

// activeModels are the model file names the status routes report, by kind
// (the defaults of edgen_server 0.1.5).
var activeModels = map[string]string{
	"chat":       "neural-chat-7b-v3-3.Q4_K_M.gguf",
	"audio":      "ggml-distil-small.en.bin",
	"embeddings": "nomic-embed-text-v1.5.f16.gguf",
}

// statusHandler answers GET <endpoint>/status for the model of kind. While
// a download= fault makes a request wait, download_ongoing is true and
// download_progress rises from 0 to 100. A status request with a scenario
// sees only that scenario's downloads.
func statusHandler(kind string) func(*exchange) {
	return func(x *exchange) {
		ongoing, progress := x.f.store.downloadState(x.scenario, kind, time.Now())
		x.sendJSON(wireStatus{
			ActiveModel:      activeModels[kind],
			DownloadOngoing:  ongoing,
			DownloadProgress: progress,
			LastErrors:       []string{},
		})
	}
}

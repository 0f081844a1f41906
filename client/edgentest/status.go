package edgentest

import "time"

// statusHandler answers GET <endpoint>/status for the model of kind. While
// a request waits for a model download, download_ongoing is true and
// download_progress rises from 0 to 100. A status request with a scenario
// sees only that scenario's downloads. active_model is always the
// configured default model's file, as in the real server.
func statusHandler(kind string) func(*exchange) {
	return func(x *exchange) {
		ongoing, progress := x.f.store.downloadState(x.scenario, kind, time.Now())
		x.sendJSON(wireStatus{
			ActiveModel:      defaultModels[kind].file,
			DownloadOngoing:  ongoing,
			DownloadProgress: progress,
			LastErrors:       []string{},
		})
	}
}

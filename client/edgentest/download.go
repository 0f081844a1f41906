package edgentest

import (
	"context"
	"time"
)

// download is a model download in progress: the request that needs the
// model waits for it while the status route of the model's kind reports
// rising progress.
type download struct {
	scenario string
	kind     string
	start    time.Time
	dur      time.Duration // how long the whole download takes
	tick     time.Duration // how often the progress is updated
	done     chan struct{} // closed when the download ended
	ok       bool          // the download finished (false: the fake closed); set before done
}

// progress returns the download's progress, 0-100, at now, as last updated:
// the real server updates it every 500 ms.
func (d *download) progress(now time.Time) int {
	if d.dur <= 0 {
		return 100
	}
	elapsed := now.Sub(d.start)
	if d.tick > 0 {
		elapsed = elapsed / d.tick * d.tick
	}
	return int(min(100, 100*elapsed/d.dur))
}

// runDownload makes the request wait for a download of m lasting dur; then
// scenario has m (m is the zero modelFile for kinds without a model
// directory). It reports false when the wait was cut short: the fake
// closed, or the client left, in which case the download goes on without
// it, as the real server's does.
func (f *Fake) runDownload(ctx context.Context, scenario, kind string, m modelFile, dur time.Duration) bool {
	d := &download{scenario: scenario, kind: kind, start: time.Now(), dur: dur,
		tick: f.cfg.progressInterval(), done: make(chan struct{})}
	s := f.store
	s.mu.Lock()
	s.downloads = append(s.downloads, d)
	s.mu.Unlock()
	go f.finishDownload(d, m)
	select {
	case <-d.done:
		return d.ok
	case <-ctx.Done():
		return false
	}
}

// finishDownload waits out the download d of m, then, unless the fake
// closed meanwhile, gives its scenario the model. The model is there the
// moment the status stops showing the download, as in the real server.
func (f *Fake) finishDownload(d *download, m modelFile) {
	defer close(d.done)
	d.ok = f.wait(context.Background(), d.dur)
	s := f.store
	s.mu.Lock()
	for i, x := range s.downloads {
		if x == d {
			s.downloads = append(s.downloads[:i], s.downloads[i+1:]...)
			break
		}
	}
	if d.ok {
		s.finished[d.kind] = true
		s.scenario(d.scenario).finished[d.kind] = true
		if m.repo != "" {
			s.addModel(d.scenario, d.kind, m, time.Now().Unix())
		}
	}
	s.mu.Unlock()
}

// downloadState reports the download of the model of kind as seen by a
// status request of scenario ("" sees every scenario's downloads): whether
// one is ongoing and its progress. Without one, progress is 100 once a
// download finished and 0 before, as the real server keeps the last value.
func (s *store) downloadState(scenario, kind string, now time.Time) (ongoing bool, progress int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.downloads {
		if d.kind == kind && (scenario == "" || d.scenario == scenario) {
			return true, d.progress(now)
		}
	}
	finished := s.finished[kind]
	if scenario != "" {
		st := s.existingScenario(scenario)
		finished = st != nil && st.finished[kind]
	}
	if finished {
		return false, 100
	}
	return false, 0
}

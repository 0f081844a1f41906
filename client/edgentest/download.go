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
// directory). It reports false when the wait was cut short (client gone or
// fake closed).
func (f *Fake) runDownload(ctx context.Context, scenario, kind string, m modelFile, dur time.Duration) bool {
	d := &download{scenario: scenario, kind: kind, start: time.Now(), dur: dur, tick: f.cfg.progressInterval()}
	s := f.store
	s.mu.Lock()
	s.downloads = append(s.downloads, d)
	s.mu.Unlock()

	ok := f.wait(ctx, dur)

	s.mu.Lock()
	for i, x := range s.downloads {
		if x == d {
			s.downloads = append(s.downloads[:i], s.downloads[i+1:]...)
			break
		}
	}
	if ok {
		s.finished[kind] = true
		s.scenario(scenario).finished[kind] = true
	}
	s.mu.Unlock()
	if ok && m.repo != "" {
		s.addModel(scenario, kind, m, time.Now().Unix())
	}
	return ok
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

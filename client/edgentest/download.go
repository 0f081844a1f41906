package edgentest

import (
	"context"
	"time"
)

// download is a model download in progress, made up by the download= fault:
// the request that needs the model waits for it while the status route of
// the model's kind reports rising progress.
type download struct {
	scenario string
	kind     string
	start    time.Time
	dur      time.Duration
}

// progress returns the download's progress, 0-100, at now.
func (d *download) progress(now time.Time) int {
	if d.dur <= 0 {
		return 100
	}
	return int(min(100, 100*now.Sub(d.start)/d.dur))
}

// runDownload makes the request wait for a download of dur. It reports
// false when the wait was cut short (client gone or fake closed).
func (f *Fake) runDownload(ctx context.Context, scenario, kind string, dur time.Duration) bool {
	d := &download{scenario: scenario, kind: kind, start: time.Now(), dur: dur}
	s := f.store
	s.mu.Lock()
	s.downloads = append(s.downloads, d)
	s.mu.Unlock()

	ok := f.wait(ctx, dur)

	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.downloads {
		if x == d {
			s.downloads = append(s.downloads[:i], s.downloads[i+1:]...)
			break
		}
	}
	if ok {
		s.finished[kind] = true
		if scenario != "" {
			s.scenario(scenario).finished[kind] = true
		}
	}
	return ok
}

// downloadState reports the download of the model of kind as seen by a
// status request of scenario ("" sees every scenario's downloads): whether
// one is ongoing and its progress. Without one, progress is 100 once a
// download finished and 0 before.
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
		st, ok := s.scenarios[scenario]
		finished = ok && st.finished[kind]
	}
	if finished {
		return false, 100
	}
	return false, 0
}

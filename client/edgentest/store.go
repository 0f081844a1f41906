package edgentest

import (
	"bytes"
	"slices"
	"sync"
)

// Memory bounds of the recording: a fake shared by many tests, or left
// running for a long demo, must not grow without end.
const (
	// MaxRecordedBody is how many bytes of each request body are recorded.
	MaxRecordedBody = 1 << 20
	// MaxRecords is how many requests are kept; the oldest go first.
	MaxRecords = 4096
	// maxRecordedBytes bounds the recorded body bytes of all requests together.
	maxRecordedBytes = 64 << 20
	// maxScenarios bounds the per-scenario state (attempt counts, deletions).
	maxScenarios = 4096
)

// store holds what the fake remembers: recorded requests, per-scenario state
// and ongoing model downloads.
type store struct {
	mu        sync.Mutex
	records   []*Request // oldest first
	bodyBytes int
	scenarios map[string]*scenarioState
	order     []string // scenario ids, oldest first, for eviction
	downloads []*download
	finished  map[string]bool // model kinds with a finished download, any scenario
}

// scenarioState is what one scenario changed in the fake.
type scenarioState struct {
	attempts map[string]int  // per "METHOD path": the status sequence position
	deleted  map[string]bool // model ids deleted in this scenario
	finished map[string]bool // model kinds whose download finished in this scenario
}

func newStore() *store {
	return &store{scenarios: map[string]*scenarioState{}, finished: map[string]bool{}}
}

// add records a request and returns the stored record, to be updated later
// through the store's methods.
func (s *store) add(r *Request) *Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
	s.bodyBytes += len(r.Body)
	for len(s.records) > MaxRecords || s.bodyBytes > maxRecordedBytes {
		s.bodyBytes -= len(s.records[0].Body)
		s.records[0] = nil
		s.records = s.records[1:]
	}
	return r
}

// update changes a stored record under the store's lock.
func (s *store) update(r *Request, change func(*Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(r)
}

// requests returns copies of the records of scenario ("" for all).
func (s *store) requests(scenario string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Request{}
	for _, r := range s.records {
		if scenario != "" && r.Scenario != scenario {
			continue
		}
		c := *r
		c.Header = r.Header.Clone()
		c.Body = bytes.Clone(r.Body)
		c.Parts = slices.Clone(r.Parts)
		out = append(out, c)
	}
	return out
}

// reset forgets everything but ongoing downloads, which end with their requests.
func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records, s.bodyBytes = nil, 0
	s.scenarios, s.order = map[string]*scenarioState{}, nil
	s.finished = map[string]bool{}
}

// nextAttempt returns the 0-based attempt number of a request of scenario to
// route, and counts it. Without a scenario every request is a first attempt.
func (s *store) nextAttempt(scenario, route string) int {
	if scenario == "" {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.scenario(scenario)
	n := st.attempts[route]
	st.attempts[route] = n + 1
	return n
}

// deleteModel marks id deleted for scenario.
func (s *store) deleteModel(scenario, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scenario(scenario).deleted[id] = true
}

// isDeleted reports whether scenario deleted the model id.
func (s *store) isDeleted(scenario, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.scenarios[scenario]
	return ok && st.deleted[id]
}

// scenario returns the state of id, creating it (and evicting the oldest
// state when full). The caller holds s.mu.
func (s *store) scenario(id string) *scenarioState {
	if st, ok := s.scenarios[id]; ok {
		return st
	}
	if len(s.order) >= maxScenarios {
		delete(s.scenarios, s.order[0])
		s.order = s.order[1:]
	}
	st := &scenarioState{attempts: map[string]int{}, deleted: map[string]bool{}, finished: map[string]bool{}}
	s.scenarios[id] = st
	s.order = append(s.order, id)
	return st
}

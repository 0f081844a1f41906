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
	initial   modelDirs      // the models every scenario starts with; never changed
	global    *scenarioState // the state of requests without a scenario
	scenarios map[string]*scenarioState
	order     []string // scenario ids, oldest first, for eviction
	downloads []*download
	finished  map[string]bool // model kinds with a finished download, any scenario
}

// scenarioState is what one scenario changed in the fake.
type scenarioState struct {
	attempts map[string]int  // per "METHOD path": the status sequence position
	models   modelDirs       // the scenario's models once it changed them; nil = initial
	finished map[string]bool // model kinds whose download finished in this scenario
}

func newStore() *store {
	s := &store{initial: initialModels()}
	s.clear()
	return s
}

// clear forgets all state. The caller holds s.mu (or owns s).
func (s *store) clear() {
	s.records, s.bodyBytes = nil, 0
	s.global = newScenarioState()
	s.scenarios, s.order = map[string]*scenarioState{}, nil
	s.finished = map[string]bool{}
}

func newScenarioState() *scenarioState {
	return &scenarioState{attempts: map[string]int{}, finished: map[string]bool{}}
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
	s.clear()
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

// existingScenario returns the state of id, or nil when it has none. The
// caller holds s.mu.
func (s *store) existingScenario(id string) *scenarioState {
	if id == "" {
		return s.global
	}
	return s.scenarios[id]
}

// scenario returns the state of id, creating it (and evicting the oldest
// scenario's state when full; requests without a scenario share one state
// that is never evicted). The caller holds s.mu.
func (s *store) scenario(id string) *scenarioState {
	if st := s.existingScenario(id); st != nil {
		return st
	}
	if len(s.order) >= maxScenarios {
		delete(s.scenarios, s.order[0])
		s.order = s.order[1:]
	}
	st := newScenarioState()
	s.scenarios[id] = st
	s.order = append(s.order, id)
	return st
}

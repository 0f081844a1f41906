package edgentest

import (
	"strings"
	"sync"
	"time"
)

// Transcription sessions, as the real server keeps them: a session belongs
// to the model it was created with and ends after sessionTTL without use.
const (
	sessionTTL  = 2 * time.Minute
	maxSessions = 4096 // the oldest go first, so a long demo stays small
)

// sessions are the transcription sessions the fake created.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session // by lower-case uuid
}

type session struct {
	model modelFile
	used  time.Time
}

// create starts a session for model m and returns its uuid.
func (s *sessions) create(m modelFile, now time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]*session{}
	}
	for len(s.byID) >= maxSessions {
		s.dropOldest()
	}
	id := newUUID()
	s.byID[id] = &session{model: m, used: now}
	return id
}

// use reports whether the session id exists for model m, and marks it used.
func (s *sessions) use(id string, m modelFile, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	id = strings.ToLower(id)
	se := s.byID[id]
	if se != nil && now.Sub(se.used) > sessionTTL {
		delete(s.byID, id)
		se = nil
	}
	if se == nil || se.model != m {
		return false
	}
	se.used = now
	return true
}

// reset forgets every session.
func (s *sessions) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID = nil
}

// dropOldest forgets the least recently used session. The caller holds s.mu.
func (s *sessions) dropOldest() {
	var oldest string
	for id, se := range s.byID {
		if oldest == "" || se.used.Before(s.byID[oldest].used) {
			oldest = id
		}
	}
	delete(s.byID, oldest)
}

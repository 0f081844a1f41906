package edgentest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"time"
)

// EnvURL names the environment variable holding the base URL of the
// external fake that Start uses under GOOS=js.
const EnvURL = "EDGEN_FAKE_URL"

// Handle is a test's handle on a running fake Edgen, as returned by Start.
type Handle struct {
	// URL is the API's base URL with a trailing slash.
	URL string
	src recordSource
}

// recordSource is where a Handle reads recorded requests: the Fake itself
// natively, its control route over HTTP under js.
type recordSource interface {
	requests(scenario string) ([]Request, error)
}

// Scenario returns a new scenario with a fresh random id and the given
// faults ("" for none), so that parallel tests can share one fake.
func (h *Handle) Scenario(faults string) *Scenario {
	return &Scenario{ID: rand.Text(), Faults: faults, src: h.src}
}

// Scenario is one test's group of requests to the fake: send its Header with
// every request, then read back what the fake received.
type Scenario struct {
	// ID is the scenario id sent in HeaderScenario.
	ID string
	// Faults is the fault string sent in HeaderFaults ("" sends none).
	Faults string
	src    recordSource
}

// Header returns the request headers that select this scenario and its faults.
func (s *Scenario) Header() http.Header {
	h := http.Header{}
	h.Set(HeaderScenario, s.ID)
	if s.Faults != "" {
		h.Set(HeaderFaults, s.Faults)
	}
	return h
}

// Requests returns what the fake received for this scenario, oldest first.
func (s *Scenario) Requests() ([]Request, error) {
	return s.src.requests(s.ID)
}

// WaitDisconnected waits, at most timeout, until a request of this scenario
// saw its client go away before the end of its answer.
// It polls the recorded requests, which works the same over HTTP under js.
func (s *Scenario) WaitDisconnected(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		reqs, err := s.Requests()
		if err != nil {
			return err
		}
		for _, r := range reqs {
			if r.Disconnected {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("edgentest: no client of scenario %s disconnected within %v (%d requests received)", s.ID, timeout, len(reqs))
		}
		time.Sleep(pollInterval)
	}
}

// pollInterval is how often WaitDisconnected looks at the recorded requests.
const pollInterval = 5 * time.Millisecond

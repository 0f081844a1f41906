package client

import (
	"context"
	"math/rand/v2"
	"time"
)

// testHooks are the clock, sleeper and randomness of retries; tests replace
// them (export_test.go) so that retry delays are observed, not waited for.
type testHooks struct {
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	random func() float64 // in [0, 1)
}

func realHooks() testHooks {
	return testHooks{now: time.Now, sleep: sleepCtx, random: rand.Float64}
}

// sleepCtx waits for d, or until ctx ends (returning its error).
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

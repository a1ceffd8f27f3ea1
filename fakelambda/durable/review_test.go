package durable

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A long exponential backoff stays capped at MaxDelay: the uncapped delay
// overflowed time.Duration from the 32nd attempt (5 s * 2^31 ns), the
// conversion gave a negative delay, and the step failed instead of
// retrying.
func TestReviewRetryDelayOverflow(t *testing.T) {
	s := MustNewRetryStrategy(RetryConfig{MaxAttempts: 100, MaxDelay: time.Minute})
	for a := 1; a < 100; a++ {
		d := s(RetryAttempt{Err: errors.New("x"), Attempt: a})
		require.True(t, d.Retry, "attempt %d", a)
		require.True(t, d.Delay > 0 && d.Delay <= time.Minute, "attempt %d: delay %v", a, d.Delay)
	}
}

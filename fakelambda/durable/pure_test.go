package durable

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestHashID(t *testing.T) {
	for _, pos := range []string{"1", "2", "2-1", "10-3-7"} {
		sum := md5.Sum([]byte(pos))
		require.Equal(t, hex.EncodeToString(sum[:])[:16], hashID(pos))
	}
	require.Equal(t, "c4ca4238a0b92382", hashID("1"), "md5(\"1\") = c4ca4238a0b923820dcc509a6f75849b")
}

func TestPositionalIDs(t *testing.T) {
	root := &execContext{inv: &invocation{}}
	p, id := root.next()
	require.Equal(t, "1", p)
	require.Equal(t, hashID("1"), id)
	p, id = root.next()
	require.Equal(t, "2", p)
	c := root.child(p, id)
	p, _ = c.next()
	require.Equal(t, "2-1", p)
	require.Equal(t, id, c.parentID)
	g := c.child(p, hashID(p))
	p, _ = g.next()
	require.Equal(t, "2-1-1", p)
}

func delays(s RetryStrategy, n int) []any {
	var out []any
	for a := 1; a <= n; a++ {
		d := s(RetryAttempt{Err: errors.New("x"), Attempt: a})
		if !d.Retry {
			out = append(out, "stop")
			break
		}
		out = append(out, d.Delay)
	}
	return out
}

func TestRetryConfigDelays(t *testing.T) {
	s := MustNewRetryStrategy(RetryConfig{MaxAttempts: 8, InitialDelay: 5 * time.Second, MaxDelay: 30 * time.Second})
	require.Equal(t, []any{5 * time.Second, 10 * time.Second, 20 * time.Second, 30 * time.Second, 30 * time.Second,
		30 * time.Second, 30 * time.Second, "stop"}, delays(s, 10))

	// Zero values take the defaults: 3 attempts, 5 s, x2, 5 min.
	require.Equal(t, []any{5 * time.Second, 10 * time.Second, "stop"}, delays(MustNewRetryStrategy(RetryConfig{}), 10))
	big := MustNewRetryStrategy(RetryConfig{MaxAttempts: 20, InitialDelay: time.Minute})
	require.Equal(t, 5*time.Minute, big(RetryAttempt{Attempt: 10}).Delay, "MaxDelay defaults to 5 min")
	lin := MustNewRetryStrategy(RetryConfig{MaxAttempts: 4, InitialDelay: 2 * time.Second, BackoffRate: 1})
	require.Equal(t, []any{2 * time.Second, 2 * time.Second, 2 * time.Second, "stop"}, delays(lin, 10))

	require.Equal(t, []any{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 60 * time.Second, "stop"},
		delays(ExponentialBackoff(), 10), "the default: 6 attempts, 5..60 s")
	require.Equal(t, []any{"stop"}, delays(NoRetry(), 10))

	only := MustNewRetryStrategy(RetryConfig{MaxAttempts: 5, RetryableErrors: []func(error) bool{
		func(err error) bool { return err.Error() == "transient" }}})
	require.True(t, only(RetryAttempt{Err: errors.New("transient"), Attempt: 1}).Retry)
	require.False(t, only(RetryAttempt{Err: errors.New("fatal"), Attempt: 1}).Retry)

	for _, c := range []RetryConfig{{MaxAttempts: -1}, {InitialDelay: -time.Second}, {MaxDelay: -1}, {BackoffRate: -2}} {
		_, err := NewRetryStrategy(c)
		require.Error(t, err, "%+v", c)
	}
	require.Panics(t, func() { MustNewRetryStrategy(RetryConfig{MaxAttempts: -1}) })
}

type MyErr struct{ code int }

func (e *MyErr) Error() string { return fmt.Sprintf("my error %d", e.code) }

type valErr struct{}

func (valErr) Error() string { return "val" }

func TestErrorObject(t *testing.T) {
	for _, c := range []struct {
		err      error
		typ, msg string
	}{
		{errors.New("boom"), "Error", "boom"},
		{fmt.Errorf("wrapped: %w", errors.New("boom")), "Error", "wrapped: boom"},
		{fmt.Errorf("plain %d", 1), "Error", "plain 1"},
		{errors.Join(errors.New("a"), errors.New("b")), "Error", "a\nb"},
		{&MyErr{7}, "MyErr", "my error 7"},
		{valErr{}, "valErr", "val"},
		{&stand{"Custom.Type", "m"}, "Custom.Type", "m"},
		{&OperationError{ErrorType: "T", Message: "M"}, "T", "M"},
		{&CallbackError{ErrorType: "Callback.Timeout", Message: "late"}, "Callback.Timeout", "late"},
	} {
		typ, msg, _ := errorObject(c.err)
		require.Equal(t, c.typ, typ, "%#v", c.err)
		require.Equal(t, c.msg, msg, "%#v", c.err)
	}
	se := &StepError{Name: "s", Attempts: 2, ErrorType: "MyErr", Message: "m", ErrorData: "d"}
	typ, msg, data := errorObject(se)
	require.Equal(t, []string{"StepError", se.Error(), "d"}, []string{typ, msg, data})
	for err, want := range map[error]string{
		&InvokeError{}:                 "InvokeError",
		&ChildContextError{}:           "ChildContextError",
		&BatchError{}:                  "BatchError",
		&NonDeterministicReplayError{}: "NonDeterministicReplayError",
	} {
		typ, _, _ := errorObject(err)
		require.Equal(t, want, typ)
	}
}

func TestSeconds(t *testing.T) {
	for d, want := range map[time.Duration]int64{
		time.Nanosecond:                 1,
		0:                               1,
		999 * time.Millisecond:          1,
		time.Second:                     1,
		time.Second + time.Nanosecond:   2,
		1500 * time.Millisecond:         2,
		72 * time.Hour:                  72 * 3600,
		24*time.Hour - time.Millisecond: 24 * 3600,
	} {
		require.Equal(t, want, seconds(d), "%v", d)
	}
}

func TestStepErrorMatchesOperationError(t *testing.T) {
	var err error = fmt.Errorf("ctx: %w", &StepError{Name: "s", Attempts: 3, ErrorType: "MyErr", Message: "m", Err: &stand{"MyErr", "m"}})
	var oe *OperationError
	require.ErrorAs(t, err, &oe)
	require.Equal(t, "MyErr", oe.ErrorType)
	var se *StepError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 3, se.Attempts)
}

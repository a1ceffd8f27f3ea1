package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/fakeaws/lambda/fakelambda"
)

// binary is the command built once for every test.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fakelambda-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "fakelambda")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building fakelambda:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		return m.Run()
	}()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// server is a running fakelambda process.
type server struct {
	cmd    *exec.Cmd
	URL    string
	stderr *syncBuffer
	hc     *http.Client
	exited chan error
}

// start runs the binary on a free port and waits for its banner.
func start(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	s := &server{cmd: cmd, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	cmd.Stderr = s.stderr
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	require.True(t, sc.Scan(), "no banner; stderr: %s", s.stderr)
	m := regexp.MustCompile(`^fakelambda: serving the AWS Lambda API on (http://127\.0\.0\.1:\d+)$`).FindStringSubmatch(sc.Text())
	require.NotNil(t, m, "banner %q", sc.Text())
	s.URL = m[1]
	go func() {
		_, _ = io.Copy(io.Discard, stdout) // the rest of the banner
		s.exited <- cmd.Wait()
	}()
	s.hc = &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
	t.Cleanup(func() {
		s.hc.CloseIdleConnections()
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-s.exited
		}
	})
	return s
}

// do sends one request and returns the status and body.
func (s *server) do(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := s.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// stop sends SIGTERM and returns how long the process took to exit.
func (s *server) stop(t *testing.T) time.Duration {
	t.Helper()
	began := time.Now()
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-s.exited:
		require.NoError(t, err, "stderr: %s", s.stderr)
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after SIGTERM; stderr: %s", s.stderr)
	}
	s.hc.CloseIdleConnections()
	return time.Since(began)
}

func TestServesTheFakeAndStopsOnSIGTERM(t *testing.T) {
	s := start(t, "-region", "eu-west-1", "-account-id", "111122223333", "-allocation-delay", "30s")
	code, body := s.do(t, "GET", "/_fakelambda/health", "")
	require.Equal(t, 200, code)
	require.Equal(t, `{"AccountId":"111122223333","Region":"eu-west-1","Status":"ok"}`+"\n", body)

	code, body = s.do(t, "POST", "/2015-03-31/functions", `{"FunctionName":"my-function","Runtime":"python3.12",
		"Role":"arn:aws:iam::111122223333:role/r","Handler":"index.handler","Code":{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}}`)
	require.Equal(t, 201, code, body)
	require.Contains(t, body, `"FunctionArn":"arn:aws:lambda:eu-west-1:111122223333:function:my-function"`)
	// Pending, as on Lambda, until a read has shown it: wait, as a client must.
	code, _ = s.do(t, "POST", "/2015-03-31/functions/my-function/versions", `{}`)
	require.Equal(t, 409, code)
	code, body = s.do(t, "GET", "/2015-03-31/functions/my-function", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"State":"Pending"`)
	code, _ = s.do(t, "POST", "/2015-03-31/functions/my-function/versions", `{}`)
	require.Equal(t, 201, code)
	code, _ = s.do(t, "PUT", "/2019-09-30/functions/my-function/provisioned-concurrency?Qualifier=1", `{"ProvisionedConcurrentExecutions":5}`)
	require.Equal(t, 202, code)

	// The manual clock: IN_PROGRESS until the control API moves it 30s.
	pcStatus := func() string {
		code, body := s.do(t, "GET", "/2019-09-30/functions/my-function/provisioned-concurrency?Qualifier=1", "")
		require.Equal(t, 200, code, body)
		var out struct{ Status string }
		require.NoError(t, json.Unmarshal([]byte(body), &out))
		return out.Status
	}
	require.Equal(t, "IN_PROGRESS", pcStatus())
	code, _ = s.do(t, "POST", "/_fakelambda/clock", `{"Advance":"29s"}`)
	require.Equal(t, 200, code)
	require.Equal(t, "IN_PROGRESS", pcStatus())
	s.do(t, "POST", "/_fakelambda/clock", `{"Advance":"1s"}`)
	require.Equal(t, "READY", pcStatus())

	code, body = s.do(t, "GET", "/2015-03-31/nothing", "")
	require.Equal(t, 400, code, body)

	took := s.stop(t)
	require.Less(t, took, 5*time.Second)
	log := s.stderr.String()
	for _, want := range []string{
		" CreateFunction function=my-function status=201\n",
		" PublishVersion function=my-function status=409 error=ResourceConflictException\n",
		" GetFunction function=my-function status=200\n",
		" PublishVersion function=my-function status=201\n",
		" PutProvisionedConcurrencyConfig function=my-function qualifier=1 status=202\n",
		" GetProvisionedConcurrencyConfig function=my-function qualifier=1 status=200\n",
		" control POST /_fakelambda/clock status=200\n",
		" GET /2015-03-31/nothing status=400 error=UnknownOperationException\n",
		"fakelambda: shutting down\nfakelambda: stopped\n",
	} {
		require.Contains(t, log, want)
	}
	require.Equal(t, 3, strings.Count(log, " GetProvisionedConcurrencyConfig "))
	require.NotContains(t, log, "panic")
}

func TestSIGTERMWithACallInFlight(t *testing.T) {
	s := start(t)
	code, _ := s.do(t, "POST", "/_fakelambda/faults", `{"Operation":"GetAccountSettings","Delay":"1h"}`)
	require.Equal(t, 200, code)

	callErr := make(chan error, 1)
	go func() {
		resp, err := s.hc.Get(s.URL + "/2016-08-19/account-settings/")
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("answered %s", resp.Status)
		}
		callErr <- err
	}()
	for { // until the call is held by the Delay on the manual clock
		_, body := s.do(t, "GET", "/_fakelambda/clock", "")
		if strings.Contains(body, `"Waiting":1`) {
			break
		}
		runtime.Gosched()
	}

	took := s.stop(t)
	require.Less(t, took, 5*time.Second)
	err := <-callErr
	require.Error(t, err)
	require.False(t, errors.Is(err, context.DeadlineExceeded), "the client timed out instead of being cut off: %v", err)
	log := s.stderr.String()
	require.NotContains(t, log, "panic")
	require.Contains(t, log, "fakelambda: stopped\n")
}

func TestRefusesABusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	addr := ln.Addr().String()

	out, err := exec.Command(binary, "-addr", addr).CombinedOutput()
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "want a non-zero exit, got %v", err)
	require.Equal(t, 1, ee.ExitCode())
	require.Equal(t, "fakelambda: cannot listen on "+addr+": bind: address already in use\n"+
		"Is another fakelambda (or something else) already using it? Stop it, or pick another address with -addr, e.g. -addr 127.0.0.1:9002.\n",
		string(out))
}

func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-clock", "fast"}, "fakelambda: -clock=fast: want manual or real\n"},
		{[]string{"extra"}, "fakelambda: unexpected argument \"extra\" (flags only; see -h)\n"},
		{[]string{"-allocation-delay", "-1s"}, "fakelambda: -concurrency-limit and -allocation-delay must not be negative\n"},
	} {
		out, err := exec.Command(binary, tc.args...).CombinedOutput()
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "%v: want a non-zero exit, got %v", tc.args, err)
		require.Equal(t, 2, ee.ExitCode())
		require.Equal(t, tc.want, string(out))
	}
}

func TestHelpExitsZero(t *testing.T) {
	out, err := exec.Command(binary, "-h").CombinedOutput()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(out), "usage: fakelambda [flags]\n"), "%s", out)
	require.Contains(t, string(out), "-allocation-delay duration")
}

func TestRealClockAndQuiet(t *testing.T) {
	s := start(t, "-clock", "real", "-quiet", "-concurrency-limit", "50")
	code, body := s.do(t, "POST", "/_fakelambda/clock", `{"Advance":"2m"}`)
	require.Equal(t, 409, code)
	require.Contains(t, body, "the clock cannot be moved: this fake reads the real clock (time.Now)")
	code, body = s.do(t, "GET", "/2016-08-19/account-settings/", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"ConcurrentExecutions":50`)
	s.stop(t)
	require.Equal(t, "fakelambda: shutting down\nfakelambda: stopped\n", s.stderr.String())
}

func TestFormatCall(t *testing.T) {
	require.Equal(t, "GetProvisionedConcurrencyConfig function=my-function qualifier=BLUE status=429 error=TooManyRequestsException fault",
		formatCall(fakelambda.Call{Operation: "GetProvisionedConcurrencyConfig", Function: "my-function", Qualifier: "BLUE",
			StatusCode: 429, ErrorCode: "TooManyRequestsException", Faulted: true}))
	require.Equal(t, "ListFunctions status=none error=ConnectionReset fault",
		formatCall(fakelambda.Call{Operation: "ListFunctions", ErrorCode: "ConnectionReset", Faulted: true}))
	require.Equal(t, "GetAccountSettings status=200", formatCall(fakelambda.Call{Operation: "GetAccountSettings", StatusCode: 200}))
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestCredentialsFlag(t *testing.T) {
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"-credentials", "nocolon"}, &out, &errOut); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "-credentials wants KEY:SECRET") {
		t.Fatalf("stderr: %s", errOut.String())
	}
}

func TestCredentialsFlagVerifiesSignatures(t *testing.T) {
	s := start(t, "-credentials", "AKIDTEST:topsecret")
	// Unsigned: refused as Lambda refuses it, and in the request log.
	status, body := s.do(t, "GET", "/2016-08-19/account-settings", "")
	require.Equal(t, 403, status, body)
	require.Contains(t, body, "Missing Authentication Token")
	// An operation the fake does not serve yet is logged once, by name.
	status, _ = s.do(t, "GET", "/2018-10-31/layers", "")
	require.Equal(t, 403, status)
	status, _ = s.do(t, "GET", "/2099-01-01/nothing", "")
	require.Equal(t, 403, status)
	// The log line is written after the answer: wait for it (another process).
	logged := func(line string) func() bool {
		return func() bool { return strings.Contains(s.stderr.String(), line) }
	}
	require.Eventually(t, logged("GetAccountSettings status=403 error=MissingAuthenticationTokenException"), 10*time.Second, time.Millisecond)
	require.Eventually(t, logged("ListLayers status=403 error=MissingAuthenticationTokenException"), 10*time.Second, time.Millisecond)
	require.Eventually(t, logged("GET /2099-01-01/nothing status=403 error=MissingAuthenticationTokenException"), 10*time.Second, time.Millisecond)
	// The control API still answers on loopback.
	status, _ = s.do(t, "GET", "/_fakelambda/health", "")
	require.Equal(t, 200, status)
	s.stop(t)
}

// -transitions=false: a function is Active at once, so publishing right after
// creating it succeeds.
func TestWithoutTransitionsFlag(t *testing.T) {
	s := start(t, "-transitions=false")
	code, body := s.do(t, "POST", "/2015-03-31/functions", `{"FunctionName":"f","Runtime":"python3.12",
		"Role":"arn:aws:iam::123456789012:role/r","Handler":"index.handler","Code":{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}}`)
	require.Equal(t, 201, code, body)
	require.Contains(t, body, `"State":"Pending"`)
	code, body = s.do(t, "POST", "/2015-03-31/functions/f/versions", `{}`)
	require.Equal(t, 201, code, body)
	code, body = s.do(t, "GET", "/2015-03-31/functions/f", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, `"State":"Active"`)
	s.stop(t)
}

// Command fakelambda serves an in-memory fake of the AWS Lambda API over
// HTTP, for tests in any language: boto3, the AWS CLI, the AWS SDK for
// JavaScript, Terraform, or Go over the network.
//
//	go run github.com/fakeaws/lambda/cmd/fakelambda              # 127.0.0.1:9001
//	go install github.com/fakeaws/lambda/cmd/fakelambda@latest
//
// Point a client at it with AWS_ENDPOINT_URL_LAMBDA=http://127.0.0.1:9001 or
// --endpoint-url, with any credentials: the fake does not check signatures
// unless -credentials gives it an access key and secret to verify.
//
// By default the fake's clock is manual: it starts at the wall time and moves
// only through the control API, so provisioned concurrency stays
// IN_PROGRESS until a test says
//
//	curl -X POST http://127.0.0.1:9001/_fakelambda/clock -d '{"Advance":"2m"}'
//
// With -clock=real it follows the wall clock. The control API under
// /_fakelambda/ also injects faults, plans allocations and transitions
// (PUT /_fakelambda/allocation, /transition, /capacity-provider-transition),
// resets the fake, lists the calls it answered, runs queued async events
// (POST /_fakelambda/queue/run) and shows destination records
// (GET /_fakelambda/destinations?Arn=...); see the README.
//
// Event source mapping delivery (fakelambda/esm_control.go): PUT
// /_fakelambda/sqs/queues configures a queue, POST /_fakelambda/sqs/messages
// puts messages on it, POST /_fakelambda/kinesis/records and
// /_fakelambda/dynamodb/records put stream records, POST
// /_fakelambda/event-sources/run runs the pollers, GET
// /_fakelambda/sqs/messages?QueueArn=..., /_fakelambda/streams/records and
// /_fakelambda/streams/deliveries show what is left and what was delivered.
// PUT /_fakelambda/durable-function scripts a durable function's code (steps,
// waits, callbacks, chained invokes) for clients in other languages, and
// POST /_fakelambda/durable/run fires the durable deadlines due.
//
// Function URLs are served on the same port: send the request with the
// URL's host in the Host header (curl -H 'Host: <id>.lambda-url.<region>.on.aws').
//
// Flags:
//
//	-addr               address to listen on (default 127.0.0.1:9001; port 0 picks a free one)
//	-region             region in ARNs (default us-east-1)
//	-account-id         account in ARNs (default 123456789012)
//	-concurrency-limit  account ConcurrentExecutions (default 1000)
//	-allocation-delay   how long provisioned concurrency stays IN_PROGRESS (default 1m30s)
//	-clock              manual (default) or real
//	-transitions        functions go Pending/InProgress as on Lambda (default true); false: Active at once, no 409s
//	-credentials        KEY:SECRET: verify SigV4 signatures made with this key (default: accept any)
//	-call-log-limit     calls kept for GET /_fakelambda/calls (default 100000; 0 keeps all)
//	-quiet              no request log on stderr
//
// It stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/fakeaws/lambda/fakelambda"
)

// shutdownGrace is how long calls in flight get to finish after a signal.
// Calls held by a Fault.Delay on the manual clock never finish by
// themselves: they are cut off when it ends.
const shutdownGrace = time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run serves until ctx ends and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fakelambda", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fakelambda [flags]\n\nServes a fake AWS Lambda API over HTTP. Flags:")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:9001", "`address` to listen on; port 0 picks a free port")
	region := fs.String("region", "us-east-1", "`region` in ARNs and messages")
	accountID := fs.String("account-id", "123456789012", "`account` ID in ARNs")
	limit := fs.Int("concurrency-limit", 1000, "account concurrency limit (ConcurrentExecutions)")
	allocDelay := fs.Duration("allocation-delay", fakelambda.DefaultAllocationDelay, "how long provisioned concurrency stays IN_PROGRESS before READY")
	clockMode := fs.String("clock", "manual", "`manual`: starts at the wall time and moves only through POST /_fakelambda/clock; real: the wall clock")
	quiet := fs.Bool("quiet", false, "do not log each call on stderr")
	transitions := fs.Bool("transitions", true, "functions are Pending after CreateFunction and InProgress after an update until a GetFunction or GetFunctionConfiguration has shown it, "+
		"refusing changes and invocations meanwhile with 409 as Lambda does; false: Active at once, no 409s")
	callLogLimit := fs.Int("call-log-limit", 100000, "keep the newest `n` calls for GET /_fakelambda/calls (0 keeps every call), so a long-running server does not grow without bound")
	creds := fs.String("credentials", "", "`KEY:SECRET`: verify every call's SigV4 signature against this access key and secret (default: accept any credentials)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fakelambda: unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return 2
	}
	if *limit < 0 || *allocDelay < 0 {
		fmt.Fprintln(stderr, "fakelambda: -concurrency-limit and -allocation-delay must not be negative")
		return 2
	}

	opts := []fakelambda.Option{
		fakelambda.WithRegion(*region),
		fakelambda.WithAccountID(*accountID),
		fakelambda.WithConcurrencyLimit(*limit),
		fakelambda.WithAllocation(fakelambda.ReadyAfter(*allocDelay)),
		fakelambda.WithCallLogLimit(*callLogLimit),
	}
	if !*transitions {
		opts = append(opts, fakelambda.WithoutTransitions())
	}
	if *creds != "" {
		key, secret, ok := strings.Cut(*creds, ":")
		if !ok || key == "" || secret == "" {
			fmt.Fprintln(stderr, "fakelambda: -credentials wants KEY:SECRET, e.g. -credentials test:test")
			return 2
		}
		opts = append(opts, fakelambda.WithCredentials(key, secret))
	}
	switch *clockMode {
	case "manual":
		opts = append(opts, fakelambda.WithClock(fakelambda.NewManualClock(time.Now().UTC().Truncate(time.Millisecond))))
	case "real":
	default:
		fmt.Fprintf(stderr, "fakelambda: -clock=%s: want manual or real\n", *clockMode)
		return 2
	}
	fake := fakelambda.New(opts...)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "fakelambda: cannot listen on %s: %v\n"+
			"Is another fakelambda (or something else) already using it? Stop it, or pick another address with -addr, e.g. -addr 127.0.0.1:9002.\n",
			*addr, unwrapListenError(err))
		return 1
	}
	url := "http://" + ln.Addr().String()
	printBanner(stdout, url, *region, *accountID, *clockMode, *creds)

	var h http.Handler = fake
	if !*quiet {
		h = newRequestLog(fake, log.New(stderr, "fakelambda: ", log.Ltime|log.Lmicroseconds))
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          log.New(stderr, "fakelambda: http: ", 0),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		fmt.Fprintf(stderr, "fakelambda: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "fakelambda: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close() // cut off calls still in flight, e.g. ones held by a Delay fault
	}
	<-served
	fake.Close()
	fmt.Fprintln(stderr, "fakelambda: stopped")
	return 0
}

// unwrapListenError drops net.OpError's "listen tcp ADDR:" prefix, which the
// message already says.
func unwrapListenError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}

// printBanner tells the user where the fake is and how to point clients at it.
func printBanner(w io.Writer, url, region, account, clockMode, creds string) {
	clockNote := "the wall clock"
	if clockMode == "manual" {
		clockNote = "manual: it moves only through POST /_fakelambda/clock"
	}
	credNote, key, secret := "any credentials work; the fake does not check signatures", "test", "test"
	if creds != "" {
		key, secret, _ = strings.Cut(creds, ":")
		credNote = "signatures are checked: sign with the access key and secret below"
	}
	fmt.Fprintf(w, `fakelambda: serving the AWS Lambda API on %[1]s
  region %[2]s, account %[3]s, clock %[4]s

Point clients at it (%[5]s):
  export AWS_ENDPOINT_URL_LAMBDA=%[1]s
  export AWS_ACCESS_KEY_ID=%[6]s AWS_SECRET_ACCESS_KEY=%[7]s AWS_REGION=%[2]s AWS_DEFAULT_REGION=%[2]s
  aws lambda list-functions --endpoint-url %[1]s

Control API:
  curl -s -X POST %[1]s/_fakelambda/clock -d '{"Advance":"2m"}'
  curl -s %[1]s/_fakelambda/calls

Stop with Ctrl-C.
`, url, region, account, clockNote, credNote, key, secret)

}

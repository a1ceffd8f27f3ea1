// Package middleware wires an aws-sdk-go-v2 Lambda client to a
// fakelambda.Fake (or any http.Handler) in-process: no sockets, no
// goroutines (Config); or to a fakelambda.Server over loopback HTTP
// (ServerConfig). The SDK still validates, serializes, signs, retries and
// decodes errors exactly as it does against AWS.
//
//	fake := fakelambda.New()
//	client := lambda.NewFromConfig(middleware.Config(fake))
//
// or, over HTTP through a loopback server (fakelambda.NewServer):
//
//	srv := fakelambda.NewServer(t)
//	client := lambda.NewFromConfig(middleware.ServerConfig(srv))
//
// or, with a configuration of your own:
//
//	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
//		o.APIOptions = append(o.APIOptions, middleware.Intercept(fake))
//	})
package middleware

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/fakeaws/lambda/fakelambda"
)

// ID is the middleware's ID in the Deserialize step.
const ID = "fakelambda.Intercept"

// Intercept returns an aws-sdk-go-v2 APIOption that serves every Lambda call
// with h in-process. It sits innermost in the Deserialize step, so
// validation, signing, retries and error decoding all still run, once per
// attempt. A call for another service fails with a clear error: it never
// reaches the network. Adding it twice to a stack adds it once.
//
// An answer is recorded whole before the SDK reads it: an
// InvokeWithResponseStream event stream arrives complete when the
// function's handler returns (over HTTP it arrives chunk by chunk).
func Intercept(h http.Handler) func(*smithymiddleware.Stack) error {
	return func(s *smithymiddleware.Stack) error {
		if _, ok := s.Deserialize.Get(ID); ok {
			return nil
		}
		return s.Deserialize.Add(&intercept{h: h}, smithymiddleware.After)
	}
}

type intercept struct{ h http.Handler }

func (*intercept) ID() string { return ID }

func (m *intercept) HandleDeserialize(ctx context.Context, in smithymiddleware.DeserializeInput, _ smithymiddleware.DeserializeHandler) (
	smithymiddleware.DeserializeOutput, smithymiddleware.Metadata, error) {
	var out smithymiddleware.DeserializeOutput
	var md smithymiddleware.Metadata
	if svc := awsmiddleware.GetServiceID(ctx); svc != "Lambda" {
		return out, md, fmt.Errorf("fakelambda middleware: %s %s is not a Lambda call; it was not sent",
			svc, awsmiddleware.GetOperationName(ctx))
	}
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return out, md, fmt.Errorf("fakelambda middleware: unexpected request type %T", in.Request)
	}
	hreq := req.Build(ctx)
	rec := httptest.NewRecorder()
	if aborted := serve(m.h, rec, hreq); aborted {
		if err := ctx.Err(); err != nil {
			return out, md, err
		}
		// An injected connection drop: a transport error the retryer retries.
		return out, md, &smithyhttp.RequestSendError{Err: fakelambda.ErrConnectionReset}
	}
	if err := ctx.Err(); err != nil {
		return out, md, err
	}
	out.RawResponse = &smithyhttp.Response{Response: rec.Result()}
	return out, md, nil
}

// serve runs h, turning the net/http convention for dropping a connection
// (panic(http.ErrAbortHandler)) into aborted.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if p := recover(); p != nil {
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				aborted = true
				return
			}
			panic(p)
		}
	}()
	h.ServeHTTP(w, r)
	return false
}

// Config returns a hand-built aws.Config wired to h: h's region when it has a
// Region method (else "us-east-1"), static credentials, Intercept(h), and a
// standard retryer (3 attempts) with zero backoff and no retry quota, so
// retried throttles cost no wall time. It never reads the environment,
// ~/.aws or instance metadata. Set RetryMaxAttempts on the client options to
// change the attempts.
func Config(h http.Handler) aws.Config {
	region := "us-east-1"
	if r, ok := h.(interface{ Region() string }); ok && r.Region() != "" {
		region = r.Region()
	}
	return aws.Config{
		Region:      region,
		Credentials: staticCredentials(),
		APIOptions:  []func(*smithymiddleware.Stack) error{Intercept(h)},
		Retryer:     NoWaitRetryer,
	}
}

// ServerConfig returns a hand-built aws.Config whose clients reach s over
// HTTP: BaseEndpoint is s.URL, HTTPClient is the server's own client
// (s.Client(), whose connections close with the server), and the rest is as
// Config: the fake's region, static credentials, NoWaitRetryer; but no
// Intercept, so every call goes through the network stack:
//
//	srv := fakelambda.NewServer(t)
//	client := lambda.NewFromConfig(middleware.ServerConfig(srv))
//
// It never reads the environment, ~/.aws or instance metadata. For a server
// built by hand, fill in a fakelambda.Server{Server: ts, Fake: fake}.
func ServerConfig(s *fakelambda.Server) aws.Config {
	region := "us-east-1"
	if s.Fake != nil && s.Fake.Region() != "" {
		region = s.Fake.Region()
	}
	return aws.Config{
		Region:       region,
		Credentials:  staticCredentials(),
		BaseEndpoint: aws.String(s.URL),
		HTTPClient:   s.Client(),
		Retryer:      NoWaitRetryer,
	}
}

// staticCredentials are the credentials Config and ServerConfig sign with.
func staticCredentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider("AKIDFAKELAMBDA", "fakelambda-secret", "")
}

// NoWaitRetryer returns the SDK's standard retryer (3 attempts, the same
// retryable errors) with zero backoff and no retry quota. Config uses it;
// use it as aws.Config.Retryer in a configuration of your own.
func NoWaitRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		o.RateLimiter = ratelimit.None
	})
}

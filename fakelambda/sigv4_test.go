package fakelambda_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// middleware.Config signs with these.
const (
	sdkKey    = "AKIDFAKELAMBDA"
	sdkSecret = "fakelambda-secret"
)

// withCreds returns a new client on e's transport with other credentials.
// (lambda.New(e.client.Options(), ...) would share the first client's
// resolved identity.)
func withCreds(e *env, p aws.CredentialsProvider) *lambda.Client {
	return clientWith(e, func(cfg *aws.Config) { cfg.Credentials = p })
}

func clientWith(e *env, edit func(*aws.Config)) *lambda.Client {
	old := e.client.Options()
	cfg := middleware.Config(e.fake)
	if old.BaseEndpoint != nil {
		cfg.APIOptions = nil
	}
	edit(&cfg)
	return lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		o.BaseEndpoint, o.HTTPClient = old.BaseEndpoint, old.HTTPClient
	})
}

func TestSigV4RightCredentials(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "my-function")
		v := e.publish(t, "my-function")
		e.alias(t, "my-function", "BLUE", v)
		e.putPC(t, "my-function", "BLUE", 5)
		arn := "arn:aws:lambda:us-east-1:123456789012:function:my-function"
		_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String(arn), Qualifier: aws.String("$LATEST")})
		require.NoError(t, err)
		_, err = e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{
			FunctionName: aws.String(arn), MaxItems: aws.Int32(3), Marker: aws.String("QkxVRQ")})
		require.NoError(t, err)
		_, err = e.client.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		// Reserved characters in the query are signed as the SDK encodes them:
		// the signature holds, and the marker itself is refused.
		_, err = e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{
			FunctionName: aws.String(arn), Marker: aws.String("a b+c/=~*")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", "Invalid Marker: a b+c/=~*")
		e.fake.SetHandler("my-function", func(_ context.Context, p []byte) ([]byte, error) { return p, nil })
		out, err := e.client.Invoke(e.ctx, &lambda.InvokeInput{FunctionName: aws.String("my-function:BLUE"),
			Payload: []byte(`{"spaces":  "and \u00e9"}`), ClientContext: aws.String("eyJhIjoxfQ==")})
		require.NoError(t, err)
		require.Nil(t, out.FunctionError)
		// A session token is signed like any header and not checked.
		c := withCreds(e, credentials.NewStaticCredentialsProvider(sdkKey, sdkSecret, "session-token"))
		_, err = c.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
	}, fakelambda.WithCredentials(sdkKey, sdkSecret))
}

func TestSigV4WrongCredentials(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		ctx := e.ctx
		in := &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("BLUE")}

		_, err := withCreds(e, credentials.NewStaticCredentialsProvider(sdkKey, "wrong-secret", "")).GetProvisionedConcurrencyConfig(ctx, in)
		requireAPIError[*smithy.GenericAPIError](t, err, 403, "InvalidSignatureException",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")

		_, err = withCreds(e, credentials.NewStaticCredentialsProvider("AKIDUNKNOWN", sdkSecret, "")).GetProvisionedConcurrencyConfig(ctx, in)
		requireAPIError[*smithy.GenericAPIError](t, err, 403, "UnrecognizedClientException",
			"The security token included in the request is invalid.")

		_, err = withCreds(e, aws.AnonymousCredentials{}).GetProvisionedConcurrencyConfig(ctx, in)
		requireAPIError[*smithy.GenericAPIError](t, err, 403, "MissingAuthenticationTokenException", "Missing Authentication Token")

		// A request signed for a scope that names no region.
		c := clientWith(e, func(cfg *aws.Config) { cfg.Region = "moon" })
		_, err = c.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
		requireAPIError[*smithy.GenericAPIError](t, err, 403, "InvalidSignatureException", "Credential should be scoped to a valid region. ")
		// Another region is fine: the request belongs to it.
		c = clientWith(e, func(cfg *aws.Config) { cfg.Region = "eu-west-1" })
		_, err = c.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)

		// The rejected calls changed nothing: no function was created.
		_, err = withCreds(e, credentials.NewStaticCredentialsProvider(sdkKey, "wrong-secret", "")).CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String("f"), Role: aws.String("arn:aws:iam::123456789012:role/r"), Runtime: types.RuntimeProvidedal2023,
			Handler: aws.String("bootstrap"), Code: &types.FunctionCode{ZipFile: []byte("zip")}})
		require.Error(t, err)
		list, err := e.client.ListFunctions(ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		require.Empty(t, list.Functions)
	}, fakelambda.WithCredentials(sdkKey, sdkSecret))
}

// TestSigV4BodyIsSigned changes a correctly signed request's body: the
// signature no longer matches.
func TestSigV4BodyIsSigned(t *testing.T) {
	f := fakelambda.New(fakelambda.WithCredentials(sdkKey, sdkSecret))
	signed := func(body string) *http.Request {
		r := httptest.NewRequest("PUT", "https://lambda.us-east-1.amazonaws.com/2017-10-31/functions/f/concurrency", strings.NewReader(body))
		sum := sha256.Sum256([]byte(body))
		err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: sdkKey, SecretAccessKey: sdkSecret},
			r, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now())
		require.NoError(t, err)
		return r
	}
	w := httptest.NewRecorder()
	f.ServeHTTP(w, signed(`{"ReservedConcurrentExecutions":1}`))
	require.Equal(t, 404, w.Code, w.Body.String()) // signed right: the function does not exist
	r := signed(`{"ReservedConcurrentExecutions":1}`)
	r.Body = httptest.NewRequest("PUT", "/", bytes.NewReader([]byte(`{"ReservedConcurrentExecutions":2}`))).Body
	w = httptest.NewRecorder()
	f.ServeHTTP(w, r)
	require.Equal(t, 403, w.Code)
	require.Equal(t, "InvalidSignatureException", w.Header().Get("X-Amzn-Errortype"))
	require.NotEmpty(t, w.Header().Get("X-Amzn-Requestid"))
}

// TestSigV4ControlLoopbackOnly: with credentials, the control API answers
// loopback and in-process callers only.
func TestSigV4ControlLoopbackOnly(t *testing.T) {
	srv := fakelambda.NewServer(t, fakelambda.WithCredentials(sdkKey, sdkSecret))
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	resp, err := hc.Get(srv.URL + "/_fakelambda/health")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	r := httptest.NewRequest("GET", "/_fakelambda/health", nil)
	r.RemoteAddr = "192.0.2.1:1234"
	w := httptest.NewRecorder()
	srv.Fake.ServeHTTP(w, r)
	require.Equal(t, 403, w.Code)

	r.RemoteAddr = "[::1]:1234"
	w = httptest.NewRecorder()
	srv.Fake.ServeHTTP(w, r)
	require.Equal(t, 200, w.Code)

	// Without credentials the control API answers anyone, as before.
	r.RemoteAddr = "192.0.2.1:1234"
	w = httptest.NewRecorder()
	fakelambda.New().ServeHTTP(w, r)
	require.Equal(t, 200, w.Code)
}

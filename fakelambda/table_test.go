package fakelambda_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// sdkOperations lists the operations of the SDK's Lambda client: the
// methods of *lambda.Client taking (context, *XInput, ...optFns).
func sdkOperations() map[string]reflect.Method {
	ops := map[string]reflect.Method{}
	ct := reflect.TypeOf(&lambda.Client{})
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if m.Type.NumIn() == 4 && m.Type.In(2).Kind() == reflect.Pointer &&
			m.Type.In(2).Elem().Name() == m.Name+"Input" {
			ops[m.Name] = m
		}
	}
	return ops
}

// fill sets every member of the input v points to, so that the SDK's
// client-side validation passes and every path label is non-empty.
func fill(v reflect.Value, depth int) {
	if depth > 3 {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		fv, ft := v.Field(i), v.Type().Field(i)
		if !ft.IsExported() {
			continue
		}
		switch ft.Type.Kind() {
		case reflect.Pointer:
			switch el := ft.Type.Elem(); el.Kind() {
			case reflect.String:
				fv.Set(reflect.ValueOf(aws.String("f")))
			case reflect.Int32:
				fv.Set(reflect.ValueOf(aws.Int32(1)))
			case reflect.Int64:
				fv.Set(reflect.ValueOf(aws.Int64(1)))
			case reflect.Bool:
				fv.Set(reflect.ValueOf(aws.Bool(false)))
			case reflect.Struct:
				if el.PkgPath() == "time" {
					fv.Set(reflect.ValueOf(aws.Time(time.Unix(0, 0))))
					continue
				}
				p := reflect.New(el)
				fill(p.Elem(), depth+1)
				fv.Set(p)
			}
		case reflect.String:
			fv.SetString("f") // an enum member; the SDK does not check its values
		case reflect.Int64, reflect.Int32:
			fv.SetInt(1)
		case reflect.Slice:
			if ft.Type.Elem().Kind() == reflect.Uint8 {
				fv.SetBytes([]byte("{}"))
			} else if ft.Type.Elem().Kind() == reflect.String {
				s := reflect.MakeSlice(ft.Type, 1, 1)
				s.Index(0).SetString("f")
				fv.Set(s)
			}
		case reflect.Interface:
			if r := reflect.ValueOf(strings.NewReader("{}")); r.Type().AssignableTo(ft.Type) {
				fv.Set(r) // InvokeAsync's InvokeArgs
			}
		case reflect.Map:
			if ft.Type.Key().Kind() == reflect.String && ft.Type.Elem().Kind() == reflect.String {
				m := reflect.MakeMap(ft.Type)
				m.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf("v"))
				fv.Set(m)
			}
		}
	}
}

// Every operation of the SDK's client reaches the fake, is named in the call
// log by its SDK name, and is answered by the fake: served operations by
// their adapter (never UnknownOperationException), the others with
// UnknownOperationException. The Op constants name them all.
func TestEveryOperationIsRoutedAndNamed(t *testing.T) {
	ops := sdkOperations()
	require.GreaterOrEqual(t, len(ops), 88)
	served := map[string]bool{}
	for _, op := range fakelambda.SupportedOperations() {
		served[op] = true
	}
	transports(t, func(t *testing.T, e *env) {
		for name, m := range ops {
			if name == "InvokeWithResponseStream" {
				continue // an event stream: the SDK needs a streaming answer (checked over raw HTTP below)
			}
			in := reflect.New(m.Type.In(2).Elem())
			fill(in.Elem(), 0)
			noRetry := reflect.ValueOf(func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
			n := len(e.fake.Calls())
			res := m.Func.Call([]reflect.Value{reflect.ValueOf(e.client), reflect.ValueOf(context.Background()), in, noRetry})
			calls := e.fake.Calls()
			if len(calls) != n+1 {
				t.Fatalf("%s: %d calls logged, want 1 (SDK error: %v)", name, len(calls)-n, res[1].Interface())
			}
			c := calls[n]
			require.Equal(t, name, c.Operation, "the call log names %s", name)
			if served[name] {
				require.NotEqual(t, "UnknownOperationException", c.ErrorCode, "%s is served", name)
			} else {
				require.Equal(t, "UnknownOperationException", c.ErrorCode, "%s is not served", name)
			}
		}
	})
	f := fakelambda.New()
	w := httptest.NewRecorder()
	f.ServeHTTP(w, httptest.NewRequest("POST", "/2021-11-15/functions/f/response-streaming-invocations", strings.NewReader("{}")))
	require.Equal(t, "InvokeWithResponseStream", f.Calls()[0].Operation)
}

// Every operation can be counted and faulted. (The fake now serves every
// operation of the table; one it did not serve would answer
// UnknownOperationException after the fault, and be counted the same.)
func TestOperationCanBeFaulted(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		op := fakelambda.OpCheckpointDurableExecution
		h := e.fake.AddFault(fakelambda.Fault{Operation: op, Count: 1, Err: &fakelambda.APIError{
			Code: "InvalidParameterValueException", StatusCode: 400, Type: "User", Message: "faulted"}})
		in := &lambda.CheckpointDurableExecutionInput{DurableExecutionArn: aws.String("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/n/i"), CheckpointToken: aws.String("dG9rZW4=")}
		_, err := e.client.CheckpointDurableExecution(e.ctx, in)
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", "faulted")
		require.Equal(t, 1, h.Fired())
		_, err = e.client.CheckpointDurableExecution(e.ctx, in)
		var ae smithy.APIError
		require.True(t, errors.As(err, &ae))
		require.Equal(t, "InvalidParameterValueException", ae.ErrorCode()) // no such execution: the token is not its
		calls := e.fake.Calls()
		require.Len(t, calls, 2)
		for _, c := range calls {
			require.Equal(t, op, c.Operation)
		}
		require.True(t, calls[0].Faulted)
		require.Equal(t, 400, calls[1].StatusCode)
	})
}

// AddFault and WithRateLimit refuse an operation name Lambda does not have,
// instead of adding a fault that never fires.
func TestUnknownOperationNamesPanic(t *testing.T) {
	f := fakelambda.New()
	require.PanicsWithValue(t,
		`fakelambda: AddFault: "GetProvisionedConcurrency" is not an operation of Lambda's API; use an Op constant, e.g. OpInvoke, or "" for any`,
		func() {
			f.AddFault(fakelambda.Fault{Operation: "GetProvisionedConcurrency", Err: fakelambda.ErrConnectionReset})
		})
	require.Panics(t, func() { f.AddFault(fakelambda.Fault{Skip: -1, Err: fakelambda.ErrConnectionReset}) })
	require.PanicsWithValue(t,
		`fakelambda: WithRateLimit: "invoke" is not an operation of Lambda's API; use an Op constant, e.g. OpInvoke`,
		func() { fakelambda.WithRateLimit("invoke", 1, 1) })
	f.AddFault(fakelambda.Fault{Operation: fakelambda.OpListLayers, Err: fakelambda.ErrConnectionReset}) // known, not served: fine
}

// Calls carries each call's request id (the one the SDK saw), input and scope.
func TestCallsCarryRequestIDAndInput(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		_, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("nope")})
		var re interface{ ServiceRequestID() string }
		require.True(t, errors.As(err, &re))
		calls := e.fake.Calls()
		require.Len(t, calls, 2)
		require.Contains(t, string(calls[0].Input), `"FunctionName":"f"`)
		require.Nil(t, calls[1].Input)
		require.Equal(t, re.ServiceRequestID(), calls[1].RequestID)
		require.NotEqual(t, calls[0].RequestID, calls[1].RequestID)
		require.Equal(t, "us-east-1", calls[1].Region)
		require.Equal(t, "123456789012", calls[1].AccountID)
	})
}

// errAfter reads some bytes, then fails, as a body cut by a dropped client does.
type errAfter struct{ r io.Reader }

func (e *errAfter) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset by peer")
	}
	return n, err
}

// A body that fails to read is an error and changes nothing (it was taken
// as empty: a broken PUT .../configuration answered 200 and changed RevisionId).
func TestBrokenBodyChangesNothing(t *testing.T) {
	f, _ := fidFake(t)
	rawFunction(t, f, "f", 0)
	before := mustSend(t, f, "GET", "/2015-03-31/functions/f/configuration", "", 200)
	r := httptest.NewRequest("PUT", "/2015-03-31/functions/f/configuration", &errAfter{strings.NewReader(`{"MemorySize":256`)})
	w := httptest.NewRecorder()
	f.ServeHTTP(w, r)
	requireRawError(t, w, 400, "InvalidRequestContentException",
		`{"Type":"User","message":"Could not read the request body: connection reset by peer"}`)
	require.Equal(t, before, mustSend(t, f, "GET", "/2015-03-31/functions/f/configuration", "", 200))
	calls := f.Calls()
	require.Equal(t, fakelambda.OpUpdateFunctionConfiguration, calls[len(calls)-2].Operation)
	require.Equal(t, "InvalidRequestContentException", calls[len(calls)-2].ErrorCode)
}

// A closed fake's 500 answers and refused signatures are in the call log
// (and so in cmd/fakelambda's request log).
func TestRefusedCallsAreLogged(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.fake.Close()
		_, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.Error(t, err)
		calls := e.fake.Calls()
		require.NotEmpty(t, calls)
		for _, c := range calls {
			require.Equal(t, fakelambda.Call{Operation: "GetAccountSettings", StatusCode: 500, ErrorCode: "ServiceException", At: epoch}, bare(c))
		}
	})
	transports(t, func(t *testing.T, e *env) {
		c := clientWith(e, func(cfg *aws.Config) {
			cfg.Credentials = credentials.NewStaticCredentialsProvider("AKIDFAKELAMBDA", "wrong", "")
		})
		_, err := c.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.Error(t, err)
		calls := e.fake.Calls()
		require.Len(t, calls, 1)
		require.Equal(t, fakelambda.Call{Operation: "GetFunction", Function: "f", StatusCode: 403, ErrorCode: "InvalidSignatureException", At: epoch}, bare(calls[0]))
	}, fakelambda.WithCredentials("AKIDFAKELAMBDA", "fakelambda-secret"))
}

// inRegion returns e's client configured for region, signing with key.
func inRegion(e *env, region, key string) *lambda.Client {
	return clientWith(e, func(cfg *aws.Config) {
		cfg.Region = region
		cfg.Credentials = credentials.NewStaticCredentialsProvider(key, "fakelambda-secret", "")
	})
}

// One fake serves several regions and accounts: each request belongs to its
// credential scope's region and, with a twelve-digit access key, that account.
func TestRegionsAndAccounts(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		east := e.client
		west := inRegion(e, "eu-west-1", "AKIDFAKELAMBDA")
		other := inRegion(e, "eu-west-1", "210987654321")
		e.createFunction(t, "f")
		_, err := west.CreateFunction(e.ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("f"), MemorySize: aws.Int32(512),
			Role: aws.String("arn:aws:iam::123456789012:role/r"), Runtime: types.RuntimeProvidedal2023,
			Handler: aws.String("bootstrap"), Code: &types.FunctionCode{ZipFile: []byte("west")}})
		require.NoError(t, err)

		got, err := west.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, "arn:aws:lambda:eu-west-1:123456789012:function:f", aws.ToString(got.Configuration.FunctionArn))
		require.Equal(t, int32(512), aws.ToInt32(got.Configuration.MemorySize))
		got, err = east.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Equal(t, arnPrefix+"f", aws.ToString(got.Configuration.FunctionArn))
		require.Equal(t, int32(128), aws.ToInt32(got.Configuration.MemorySize))

		// The other account in eu-west-1 has no function.
		list, err := other.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		require.Empty(t, list.Functions)
		_, err = other.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Function not found: arn:aws:lambda:eu-west-1:210987654321:function:f")

		// An ARN of another region is not reachable from this one.
		_, err = west.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String(arnPrefix + "f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Functions from 'us-east-1' are not reachable in this region ('eu-west-1')")

		// Deleting in one region leaves the other alone.
		_, err = west.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		list, err = east.ListFunctions(e.ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, err)
		require.Len(t, list.Functions, 1)

		calls := e.fake.Calls()
		require.Equal(t, "eu-west-1", calls[1].Region)
		require.Equal(t, "210987654321", calls[4].AccountID)
	})
}

// Unsigned requests belong to the fake's region.
func TestUnsignedRequestsUseTheDefaultRegion(t *testing.T) {
	f, _ := fidFake(t, fakelambda.WithRegion("ap-southeast-2"))
	rawFunction(t, f, "f", 0)
	require.Contains(t, mustSend(t, f, "GET", "/2015-03-31/functions/f/configuration", "", 200),
		`"FunctionArn":"arn:aws:lambda:ap-southeast-2:123456789012:function:f"`)
	require.Equal(t, "ap-southeast-2", f.Calls()[0].Region)
	_ = middleware.Config // the transports' config signs with the fake's region
	_ = http.MethodGet
}

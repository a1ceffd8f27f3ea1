package fakelambda_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// Give a function a URL and call it with net/http: the Go handler gets
// Lambda's payload format 2.0 event and its answer becomes the HTTP
// response. URLClient reaches the URL in-process; over HTTP (NewServer,
// cmd/fakelambda) send the request to the fake's address with the URL's
// host in the Host header.
func ExampleFake_URLClient() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithoutTransitions()) // Active at once: no waiter needed
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("hello"),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("fake zip")},
	})
	exampleMust(err)

	fake.SetHandler("hello", func(ctx context.Context, event []byte) ([]byte, error) {
		var req struct {
			RawPath               string
			QueryStringParameters map[string]string
			RequestContext        struct{ HTTP struct{ Method string } }
		}
		exampleMust(json.Unmarshal(event, &req))
		body := fmt.Sprintf("%s %s, hello %s", req.RequestContext.HTTP.Method, req.RawPath, req.QueryStringParameters["name"])
		return json.Marshal(map[string]any{"statusCode": 200, "headers": map[string]string{"Content-Type": "text/plain"},
			"cookies": []string{"seen=1"}, "body": body})
	})
	out, err := client.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{
		FunctionName: aws.String("hello"),
		AuthType:     types.FunctionUrlAuthTypeNone,
	})
	exampleMust(err)
	url := aws.ToString(out.FunctionUrl) // https://<32 characters>.lambda-url.us-east-1.on.aws/
	fmt.Println(strings.HasSuffix(url, ".lambda-url.us-east-1.on.aws/"), len(strings.TrimPrefix(url, "https://"))-len(".lambda-url.us-east-1.on.aws/"))

	resp, err := fake.URLClient().Get(url + "greet?name=gopher")
	exampleMust(err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	exampleMust(err)
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Set-Cookie"))
	fmt.Println(string(b))

	// An AWS_IAM URL wants a SigV4-signed request.
	_, err = client.UpdateFunctionUrlConfig(ctx, &lambda.UpdateFunctionUrlConfigInput{
		FunctionName: aws.String("hello"),
		AuthType:     types.FunctionUrlAuthTypeAwsIam,
	})
	exampleMust(err)
	resp, err = fake.URLClient().Get(url)
	exampleMust(err)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"))

	calls := fake.Calls()
	fmt.Println(calls[len(calls)-1].Operation, fake.Metrics("hello", "").Invocations)
	// Output:
	// true 32
	// 200 text/plain seen=1
	// GET /greet, hello gopher
	// 403 AccessDeniedException
	// InvokeFunctionUrl 1
}

package fakelambda_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// What a provisioning tool does with a new function: create it and wait for
// it, allow S3 to invoke it, give it a URL, send its async failures to a
// queue, tag it. Then the URL answers with the function's Go handler.
func ExampleFake_provisioning() {
	ctx := context.Background()
	fake := fakelambda.New()
	client := lambda.NewFromConfig(middleware.Config(fake))
	must := func(_ any, err error) {
		if err != nil {
			panic(err)
		}
	}

	must(client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("thumbnails"),
		Role:         aws.String("arn:aws:iam::123456789012:role/thumbnails"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	}))
	must(nil, lambda.NewFunctionActiveV2Waiter(client, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay = time.Millisecond // the fake needs one poll
	}).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("thumbnails")}, time.Minute))

	perm, err := client.AddPermission(ctx, &lambda.AddPermissionInput{
		FunctionName: aws.String("thumbnails"), StatementId: aws.String("s3"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"),
		SourceArn: aws.String("arn:aws:s3:::uploads")})
	must(nil, err)
	fmt.Println(aws.ToString(perm.Statement))

	url, err := client.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{
		FunctionName: aws.String("thumbnails"), AuthType: types.FunctionUrlAuthTypeNone})
	must(nil, err)
	fmt.Println(strings.HasSuffix(aws.ToString(url.FunctionUrl), ".lambda-url.us-east-1.on.aws/"))

	must(client.PutFunctionEventInvokeConfig(ctx, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: aws.String("thumbnails"), MaximumRetryAttempts: aws.Int32(0),
		DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{
			Destination: aws.String("arn:aws:sqs:us-east-1:123456789012:thumbnail-failures")}}}))
	must(client.TagResource(ctx, &lambda.TagResourceInput{
		Resource: aws.String("arn:aws:lambda:us-east-1:123456789012:function:thumbnails"),
		Tags:     map[string]string{"team": "media"}}))

	fake.SetHandler("thumbnails", func(ctx context.Context, event []byte) ([]byte, error) {
		return []byte(`{"statusCode":201,"body":"resized"}`), nil
	})
	resp, err := fake.URLClient().Post(aws.ToString(url.FunctionUrl)+"resize", "image/png", strings.NewReader("png"))
	must(nil, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
	// Output:
	// {"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:thumbnails","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"}}}
	// true
	// 201 resized
}

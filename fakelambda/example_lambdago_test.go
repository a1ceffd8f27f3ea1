package fakelambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	golambda "github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// A handler written for the Go runtime (github.com/aws/aws-lambda-go) runs
// as the function's code: typed events and answers, lambdacontext, errors
// answered as the runtime answers them.
func ExampleFake_SetHandler_lambdaGo() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("orders"),
		Role:         aws.String("arn:aws:iam::123456789012:role/orders"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})

	type Order struct {
		ID    string  `json:"id"`
		Total float64 `json:"total"`
	}
	type Receipt struct {
		OrderID string `json:"orderId"`
		ARN     string `json:"invokedArn"`
	}
	handleOrder := func(ctx context.Context, o Order) (Receipt, error) {
		if o.Total <= 0 {
			return Receipt{}, errors.New("empty order")
		}
		lc, _ := lambdacontext.FromContext(ctx)
		return Receipt{OrderID: o.ID, ARN: lc.InvokedFunctionArn}, nil
	}
	fake.SetHandler("orders", golambda.NewHandler(handleOrder).Invoke)

	out, _ := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("orders"), Payload: []byte(`{"id":"o-1","total":9.5}`)})
	fmt.Println(out.StatusCode, string(out.Payload))
	out, _ = client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("orders"), Payload: []byte(`{"id":"o-2"}`)})
	fmt.Println(out.StatusCode, aws.ToString(out.FunctionError), string(out.Payload))
	// Output:
	// 200 {"orderId":"o-1","invokedArn":"arn:aws:lambda:us-east-1:123456789012:function:orders"}
	// 200 Unhandled {"errorMessage":"empty order","errorType":"errorString"}
}

// The handler's context has the deadline start + the function's Timeout on
// the fake's clock: advancing a mock clock past it cancels the context, and
// the caller gets Lambda's timeout answer.
func ExampleFake_SetHandler_timeout() {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("report"),
		Role:         aws.String("arn:aws:iam::123456789012:role/report"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
		Timeout:      aws.Int32(3),
	})

	started := make(chan struct{})
	fake.SetHandler("report", golambda.NewHandler(func(ctx context.Context) (string, error) {
		close(started)
		<-ctx.Done() // a slow dependency that honours the context
		return "", ctx.Err()
	}).Invoke)

	done := make(chan *lambda.InvokeOutput)
	go func() {
		out, _ := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("report")})
		done <- out
	}()
	<-started
	clk.Add(3 * time.Second)
	out := <-done

	var doc struct{ ErrorType, ErrorMessage string }
	_ = json.Unmarshal(out.Payload, &doc)
	_, msg, _ := strings.Cut(doc.ErrorMessage, " Error: ")
	fmt.Println(out.StatusCode, aws.ToString(out.FunctionError), doc.ErrorType, msg)
	fmt.Println("Errors:", fake.Metrics("report", "").Errors)
	// Output:
	// 200 Unhandled Sandbox.Timedout Task timed out after 3.00 seconds
	// Errors: 1
}

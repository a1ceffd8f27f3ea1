package fakelambda_test

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// A response-streaming function: the handler writes its answer in chunks,
// and the SDK's InvokeWithResponseStream reads them as PayloadChunk events,
// then an InvokeComplete event that carries a function error, if any.
func ExampleFake_SetStreamHandler() {
	ctx := context.Background()
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, _ = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("report"),
		Role:         aws.String("arn:aws:iam::123456789012:role/report"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	})

	fake.SetStreamHandler("report", func(ctx context.Context, payload []byte, w io.Writer) error {
		for i := 1; i <= 3; i++ {
			if _, err := fmt.Fprintf(w, "line %d\n", i); err != nil {
				return err // the caller has gone
			}
		}
		return errors.New("disk full")
	})

	out, err := client.InvokeWithResponseStream(ctx, &lambda.InvokeWithResponseStreamInput{
		FunctionName: aws.String("report"),
		Payload:      []byte(`{"month":"2026-01"}`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	stream := out.GetStream()
	defer stream.Close()
	fmt.Println("version:", aws.ToString(out.ExecutedVersion))
	for event := range stream.Events() {
		switch e := event.(type) {
		case *types.InvokeWithResponseStreamResponseEventMemberPayloadChunk:
			fmt.Printf("chunk: %q\n", e.Value.Payload)
		case *types.InvokeWithResponseStreamResponseEventMemberInvokeComplete:
			fmt.Println("complete:", aws.ToString(e.Value.ErrorCode), aws.ToString(e.Value.ErrorDetails))
		}
	}
	if err := stream.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// version: $LATEST
	// chunk: "line 1\n"
	// chunk: "line 2\n"
	// chunk: "line 3\n"
	// complete: Unhandled {"errorMessage":"disk full","errorType":"errorString"}
}
